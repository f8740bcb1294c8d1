"""The coordinator's list of closed cases the retention policy will erase soon.

Shows reference, closing date and purge date only (no name), for one location the
coordinator coordinates; "not allowed" is a 404 like everywhere else.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from schoonschip import audit, clock
from schoonschip.auth.core import login_required
from schoonschip.auth.models import Role
from schoonschip.cases.casefile.access import load_coordinated_location
from schoonschip.db import get_session
from schoonschip.privacy.retention import expiring_cases, purge_date

bp = Blueprint("retention", __name__, url_prefix="/dossiers")


@bp.route("/locatie/<int:location_id>/bewaartermijn")
@login_required
def upcoming(location_id: int) -> object:
    location = load_coordinated_location(location_id)
    db = get_session()
    days = int(current_app.config["RETENTION_DAYS_AFTER_CLOSE"])
    notice = int(current_app.config["RETENTION_NOTICE_DAYS"])
    today = clock.today()
    cases = list(db.scalars(expiring_cases(today, days, notice, location_ids=[location_id])))
    rows = [(c.id, c.reference, c.closed_on, max(purge_date(c.closed_on, days), today)) for c in cases if c.closed_on]
    audit.record("retention_list", object_type="location", object_id=location_id, location_id=location_id, detail=f"cases:{len(rows)}")
    my_locations = sorted(current_user.locations(Role.COORDINATOR))
    return render_template(
        "retention/upcoming.html",
        location=location,
        rows=rows,
        years=days // 365 if days % 365 == 0 else None,
        days=days,
        notice=notice,
        several_locations=len(my_locations) > 1,
    )
