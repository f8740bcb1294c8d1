"""Demo cases for the retention list (``DEMO_STEPS``): two long-closed cases at cjm."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

DEMO_RETENTION_ALIASES = ("Demo Bewaartermijn Een", "Demo Bewaartermijn Twee")


def demo_retention(db: Session, locs: dict[str, Any], users: dict[str, Any], today: date) -> None:
    """Two long-closed cases at cjm, so the coordinator's list "Binnenkort gewist" shows
    something: one due in about two weeks, one in about three weeks (default policy)."""
    from schoonschip.cases.casefile.models import Case, Stage
    from schoonschip.cases.casefile.service import change_stage, open_case

    loc = locs.get("cjm")
    coach = users.get("coach.cjm")
    if loc is None or coach is None:
        return
    long_ago = today - timedelta(days=700)
    if db.scalar(select(Case.id).where(Case.location_id == loc.id, Case.closed_on <= long_ago).limit(1)) is not None:
        return  # loaded before
    for alias, days_closed in zip(DEMO_RETENTION_ALIASES, (716, 709), strict=True):
        closed = today - timedelta(days=days_closed)
        case = open_case(db, alias=alias, location_id=loc.id, coach_id=coach.id, by_user_id=coach.id, today=closed - timedelta(days=200))
        change_stage(db, case, Stage.A_VERHAAL, coach.id, closed - timedelta(days=150))
        change_stage(db, case, Stage.AFGESLOTEN, coach.id, closed, reason="doel_bereikt")
