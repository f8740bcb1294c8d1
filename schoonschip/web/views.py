"""Start page per role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from schoonschip.auth.core import login_required

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> object:
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    return redirect(url_for("auth.login"))


@bp.route("/start")
@login_required
def start() -> str:
    return render_template("main/start.html")


@bp.route("/health")
def health() -> tuple[str, int, dict[str, str]]:
    return "ok", 200, {"Content-Type": "text/plain"}
