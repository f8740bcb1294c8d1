"""Case services: open a case, change its stage. Views stay thin and call these."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from .models import Case, Stage, StageChange


def next_reference(db: Session, year: int) -> str:
    """SS-<year>-<nnnn>: sequential per year (the write lock serialises this)."""
    prefix = f"SS-{year}-"
    last = db.scalar(select(func.max(Case.reference)).where(Case.reference.like(prefix + "%")))
    n = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{n:04d}"


def open_case(db: Session, *, alias: str, location_id: int, coach_id: int | None, by_user_id: int | None, today: date) -> Case:
    case = Case(
        reference=next_reference(db, today.year),
        location_id=location_id,
        coach_id=coach_id,
        stage=Stage.AANMELDING.value,
        opened_on=today,
    )
    case.alias = alias
    case.stage_history.append(StageChange(from_stage=None, to_stage=Stage.AANMELDING.value, on=today, by_user_id=by_user_id))
    db.add(case)
    db.flush()
    audit.record("case_open", object_type="case", object_id=case.id, location_id=location_id, session=db)
    return case
