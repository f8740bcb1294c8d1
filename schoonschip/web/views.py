"""Start page per role: the coach's worklist, the coordinator's location list, the rest."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from schoonschip import clock
from schoonschip.auth.core import login_required
from schoonschip.auth.models import Location, Role
from schoonschip.cases.worklist.rules import KIND_LABELS_NL, urgency
from schoonschip.cases.worklist.service import coach_worklist, coordinator_worklist
from schoonschip.db import get_session

bp = Blueprint("main", __name__)

LIST_LIMIT = 50


@bp.route("/")
def index() -> object:
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    return redirect(url_for("auth.login"))


@bp.route("/start")
@login_required
def start() -> str:
    db = get_session()
    today = clock.today()
    # the first LIST_LIMIT lines of each list (the earliest deadlines); all of them on request
    limit = None if request.args.get("alles") == "1" else LIST_LIMIT
    worklist = coach_worklist(db, current_user, today, shown=limit) if current_user.works_with_cases() else None
    coordinated = sorted(current_user.locations(Role.COORDINATOR))
    locations = {loc.id: loc for loc in db.scalars(select(Location).where(Location.id.in_(coordinated)))} if coordinated else {}
    location_lists = [
        coordinator_worklist(
            db, current_user, loc_id, today,
            retention_days=int(current_app.config["RETENTION_DAYS_AFTER_CLOSE"]),
            notice_days=int(current_app.config["RETENTION_NOTICE_DAYS"]), shown=limit,
        )
        for loc_id in coordinated
    ]  # fmt: skip
    return render_template(
        "main/start.html",
        worklist=worklist,
        location_lists=location_lists,
        locations=locations,
        limit=limit,
        kind_labels={kind: gettext(label) for kind, label in KIND_LABELS_NL.items()},
        urgency=urgency,
        today=today,
    )


@bp.route("/health")
def health() -> tuple[str, int, dict[str, str]]:
    return "ok", 200, {"Content-Type": "text/plain"}
