"""AVG inzage page (GDPR art. 15): a coordinator of the case's location prints everything
the file holds about the resident, with the case's access log; optionally as a PDF.

Only a coordinator of the case's location: a coach (even the case's own), a beheerder and
rapportage get a 404, like every refusal in this app. Opening, printing and downloading
are written to the audit log (no personal data in the event).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_login import current_user

from schoonschip import audit, clock
from schoonschip.auth.core import login_required
from schoonschip.cases.casefile.access import can_coordinate, load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.db import get_session, new_session
from schoonschip.privacy import inzage
from schoonschip.web.pdf import print_or_pdf

bp = Blueprint("inzage", __name__)

def _coordinated(case_id: int, action: str) -> Case:
    case = load_case(case_id)
    if not can_coordinate(case):
        audit.record("case_refused", object_type="case", object_id=case.id, outcome="refused", detail=action, commit=True)
        abort(404)
    return case


def _page(case_id: int, *, pdf: bool) -> Any:
    action = "case_inzage_pdf" if pdf else "case_inzage"
    case = _coordinated(case_id, action)
    db = get_session()
    # Committed before the log is read (in a fresh session): the inzage lists its own opening.
    audit.record(action, object_type="case", object_id=case.id, location_id=case.location_id)
    log_db = new_session()
    try:
        data = inzage.build(db, case, clock.today(), log_db=log_db)
    finally:
        log_db.close()
    return print_or_pdf(
        "print/inzage.html", f"inzage-{case.reference}.pdf", pdf=pdf, d=data, case=case, made_by=current_user.display_name
    )


@bp.route("/dossiers/<int:case_id>/inzage")
@login_required
def page(case_id: int) -> Any:
    return _page(case_id, pdf=False)


@bp.route("/dossiers/<int:case_id>/inzage.pdf")
@login_required
def pdf(case_id: int) -> Any:
    return _page(case_id, pdf=True)
