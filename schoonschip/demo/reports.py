"""Demo report targets (``DEMO_STEPS``) for the three demo locations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip.auth.models import Location
from schoonschip.reports.service import ReportTarget

# Year targets per demo location (by location code), sized so the demo year report shows
# several colours of the legend next to suppressed cells. Invented numbers.
DEMO_TARGETS: dict[str, dict[str, int]] = {
    "cjm": {"unique_residents": 12, "new_cases": 10, "step_a": 8, "step_b": 20, "handovers": 4, "contact_moments": 15,
            "contact_hours": 10, "tally_total": 30},
    "multibron": {"unique_residents": 8, "new_cases": 8, "step_a": 10, "step_b": 6, "handovers": 2, "contact_moments": 40,
                  "contact_hours": 4, "tally_total": 12},
    "handreiking": {"unique_residents": 20, "new_cases": 25, "step_a": 6, "step_b": 5, "handovers": 1,
                    "contact_moments": 12, "contact_hours": 30, "tally_total": 100},
}  # fmt: skip


def demo_targets(db: Session, locs: dict[str, Location], users: dict[str, object], today: date) -> None:
    """DEMO_STEPS: targets for the current year at the three demo locations. Runs once."""
    if db.scalar(select(ReportTarget.id).where(ReportTarget.year == today.year).limit(1)) is not None:
        return
    by = getattr(users.get("beheerder"), "id", None)
    for code, values in DEMO_TARGETS.items():
        loc = locs.get(code)
        if loc is None:
            continue
        for indicator, value in values.items():
            db.add(ReportTarget(location_id=loc.id, year=today.year, indicator_code=indicator, value=value, updated_by=by))
    db.flush()
