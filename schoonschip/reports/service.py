"""Funder reports, the database side: who may see which counts, and the targets.

The figures themselves come from ``report_contributions`` (kept at write time, see
``contributions``) through ``publish``: a report never opens a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from schoonschip.auth.models import Location, Role
from schoonschip.db import Base, utcnow
from schoonschip.reports.rules.indicators import (
    INDICATORS,
    Target,
)

__all__ = [
    "ReportTarget",
    "ReportScope",
    "scope_for",
    "targets_for",
    "target_sheet",
    "save_target_sheet",
    "TARGET_INDICATORS",
]


# ---------------------------------------------------------------------- targets
class ReportTarget(Base):
    """A streefcijfer: per location, year and indicator (a row of the core table).

    The set of indicators with a target differs per year (the organisation merges and
    splits its targets): a missing row simply means "no target this year"."""

    __tablename__ = "report_targets"
    __table_args__ = (UniqueConstraint("location_id", "year", "indicator_code", name="uq_report_targets_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    indicator_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# Targets exist for the rows of the core table (one number per location).
TARGET_INDICATORS: tuple[str, ...] = tuple(code for code, ind in INDICATORS.items() if ind.kind == "row")
MAX_TARGET = 1_000_000


def targets_for(db: Session, year: int, location_names: dict[int, str]) -> list[Target]:
    rows = db.scalars(
        select(ReportTarget).where(ReportTarget.year == year, ReportTarget.location_id.in_(list(location_names)))
    )
    return [
        Target(location=location_names[t.location_id], year=t.year, indicator_code=t.indicator_code, value=t.value)
        for t in rows
        if t.indicator_code in INDICATORS
    ]


def target_sheet(db: Session, year: int) -> dict[tuple[str, int], int]:
    """``{(indicator code, location id): value}`` for one year."""
    return {(t.indicator_code, t.location_id): t.value for t in db.scalars(select(ReportTarget).where(ReportTarget.year == year))}


def field_name(code: str, location_id: int) -> str:
    return f"t_{code}_{location_id}"


def save_target_sheet(db: Session, year: int, values: dict[tuple[str, int], int | None], *, by_user_id: int | None) -> int:
    """Write one year's sheet: add, change and remove targets. Returns how many changed."""
    existing = {(t.indicator_code, t.location_id): t for t in db.scalars(select(ReportTarget).where(ReportTarget.year == year))}
    changed = 0
    for (code, loc), value in values.items():
        row = existing.get((code, loc))
        if value is None:
            if row is not None:
                db.delete(row)
                changed += 1
        elif row is None:
            db.add(ReportTarget(location_id=loc, year=year, indicator_code=code, value=value, updated_by=by_user_id))
            changed += 1
        elif row.value != value:
            row.value = value
            row.updated_by = by_user_id
            changed += 1
    db.flush()
    return changed


# ------------------------------------------------------------------------ scope
@dataclass(frozen=True)
class ReportScope:
    """What one user may count.

    ``location_ids``: the locations they may choose from. ``coach_id``: when set, only
    cases assigned to this coach count (a coach sees their own numbers); the quick
    tally, which belongs to a location and not to a coach, is then left out."""

    location_ids: frozenset[int]
    coach_id: int | None = None

    @property
    def own_only(self) -> bool:
        return self.coach_id is not None


def scope_for(db: Session, user: object) -> ReportScope | None:
    """The widest scope among the user's roles; None when reports are not for them.

    beheerder, or rapportage without a location: every location. rapportage or
    coordinator at a location: all counts at those locations. A coach (only): the cases
    assigned to them, at their locations."""
    roles: set[tuple[Role, int | None]] = getattr(user, "roles", set())
    all_ids = frozenset(db.scalars(select(Location.id)))
    if any(r is Role.BEHEERDER or (r is Role.RAPPORTAGE and loc is None) for r, loc in roles):
        return ReportScope(all_ids)
    full = frozenset(loc for r, loc in roles if r in (Role.RAPPORTAGE, Role.COORDINATOR) and loc is not None)
    if full:
        return ReportScope(full & all_ids)
    coach = frozenset(loc for r, loc in roles if r is Role.COACH and loc is not None)
    if coach:
        return ReportScope(coach & all_ids, coach_id=int(getattr(user, "user_id")))  # noqa: B009
    return None
