"""Case pages. Thin: parse input, call a service, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..auth.core import login_required
from ..auth.models import Location, Role
from ..db import get_session
from .access import load_case, visible_cases_clause
from .models import STAGE_LABELS_NL, Case
from .service import open_case

bp = Blueprint("cases", __name__, url_prefix="/dossiers")


def _require_case_worker() -> None:
    if not current_user.works_with_cases():
        abort(404)


@bp.route("/")
@login_required
def my_cases() -> str:
    _require_case_worker()
    db = get_session()
    cases = db.scalars(select(Case).where(visible_cases_clause()).order_by(Case.opened_on.desc())).all()
    return render_template("cases/list.html", cases=cases, stage_labels=STAGE_LABELS_NL)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new_case() -> object:
    _require_case_worker()
    db = get_session()
    loc_ids = current_user.locations(Role.COACH, Role.COORDINATOR)
    locations = db.scalars(select(Location).where(Location.id.in_(loc_ids)).order_by(Location.name)).all()
    form = {"alias": "", "location_id": str(locations[0].id) if len(locations) == 1 else ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {"alias": (request.form.get("alias") or "").strip(), "location_id": request.form.get("location_id", "")}
        if not form["alias"]:
            errors["alias"] = _("Vul een voornaam of een bijnaam in.")
        elif len(form["alias"]) > 80:
            errors["alias"] = _("Gebruik hooguit 80 tekens.")
        try:
            location_id = int(form["location_id"])
        except ValueError:
            location_id = -1
        if location_id not in loc_ids:
            errors["location_id"] = _("Kies een locatie.")
        if not errors:
            case = open_case(
                db,
                alias=form["alias"],
                location_id=location_id,
                coach_id=current_user.user_id,
                by_user_id=current_user.user_id,
                today=clock.today(),
            )
            db.commit()
            flash(_("Dossier %(ref)s is aangemaakt.", ref=case.reference), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    status = 422 if errors else 200
    return render_template("cases/new.html", form=form, errors=errors, locations=locations), status


@bp.route("/<int:case_id>")
@login_required
def show(case_id: int) -> str:
    case = load_case(case_id)
    return render_template("cases/show.html", case=case, stage_labels=STAGE_LABELS_NL)
