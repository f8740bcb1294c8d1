"""Login, second factor, logout, language switch."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from .. import audit
from ..db import get_session
from .core import revoke_session, start_session, verify_password
from .models import User

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> object:
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    username = ""
    error = None
    if request.method == "POST":
        db = get_session()
        username = (request.form.get("username") or "").strip()[:60]
        password = request.form.get("password") or ""
        user = db.scalar(select(User).where(User.username == username.lower())) if username else None
        if user is not None and user.active and verify_password(user, password):
            token = start_session(db, user, second_factor_done=True)
            audit.record("login", object_type="user", object_id=user.id, actor_id=user.id)
            db.commit()
            session.clear()
            login_user(_loaded(token), remember=False)
            return redirect(url_for("main.start"))
        verify_password(None, password) if user is None else None
        audit.record("login_failed", object_type="user", object_id=user.id if user else None, outcome="failed")
        db.commit()
        error = _("Gebruikersnaam of wachtwoord klopt niet.")
    return render_template("auth/login.html", username=username, error=error), (401 if error else 200)


def _loaded(token: str) -> object:
    from .core import _load_user

    return _load_user(token)


@bp.route("/logout", methods=["POST"])
def logout() -> object:
    if current_user.is_authenticated:
        db = get_session()
        revoke_session(db, current_user.session_id, "logout")
        audit.record("logout", object_type="user", object_id=current_user.user_id)
        db.commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/taal", methods=["POST"])
def set_language() -> object:
    lang = request.form.get("lang")
    if lang in ("nl", "en"):
        session["lang"] = lang
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("main.start")
    return redirect(target)
