"""Debts that need attention, over many cases at once (the worklist of coach and
coordinator). Part of the debts service; plain columns, nothing sealed opened but a private
creditor's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import Creditor, Debt, DebtStatusChange
from schoonschip.cases.debts.rules import (
    CreditorCategory,
    DebtStatus,
)
from schoonschip.cases.debts.service import creditor_label

SEED_FILE = Path(__file__).resolve().parent / "data" / "creditors.json"

# ------------------------------------------------------------ for the worklist (many cases)
# The fixed-cost creditors of rules.md §3.3 (rent, energy, water, health insurance) and the
# collection stages at which they can evict, cut off or end the insurance soon.
URGENT_PRIORITY_STATUSES = (
    DebtStatus.VEERTIENDAGENBRIEF,
    DebtStatus.DEURWAARDER_SOMMATIE,
    DebtStatus.DAGVAARDING,
    DebtStatus.VONNIS,
)


@dataclass(frozen=True)
class PriorityDebtAlert:
    case_id: int
    debt_id: int
    creditor: str  # the register's name, or the sealed private name (opened with the case key)
    status: str  # DebtStatus value
    since: date  # the day it reached that status


def priority_debts_in_collection(db: Session, cases: Any) -> list[PriorityDebtAlert]:
    """Debts of rent, energy, water or health insurance (the vaste-lasten categories) of the
    cases the condition ``cases`` (on ``Case``) selects, at a 14-dagenbrief, deurwaarder, dagvaarding or vonnis, with the day they got there
    (the latest status change to it; else the peildatum; else the day it was entered)."""
    categories = [c.value for c in CreditorCategory if c.is_vaste_lasten]
    statuses = [s.value for s in URGENT_PRIORITY_STATUSES]
    # Plain columns, not whole debts: a coach's list has dozens of these and nothing sealed
    # is needed except a private creditor's name (read below for those few debts only).
    # Filtered on the case ids only, the rest here: with a status or category condition in SQL,
    # SQLite walks the status index over every debt of the database instead of the few cases.
    rows = [
        r
        for r in db.execute(
            select(Debt.id, Debt.case_id, Debt.status, Debt.peildatum, Debt.created_at, Creditor.short_name, Creditor.name, Debt.category)
            .join(Case, Case.id == Debt.case_id)
            .outerjoin(Creditor, Creditor.id == Debt.creditor_id)
            .where(cases)
            .order_by(Debt.id)
        ).all()
        if r[2] in statuses and r[7] in categories
    ]
    if not rows:
        return []
    ids = [r[0] for r in rows]
    reached: dict[tuple[int, str | None], date] = {}
    for debt_id, to_status, on in db.execute(
        select(DebtStatusChange.debt_id, DebtStatusChange.to_status, func.max(DebtStatusChange.on))
        .where(DebtStatusChange.debt_id.in_(ids))
        .group_by(DebtStatusChange.debt_id, DebtStatusChange.to_status)
    ):
        reached[(debt_id, to_status)] = on
    private = [r[0] for r in rows if r[6] is None]
    private_names = {d.id: creditor_label(d) for d in db.scalars(select(Debt).where(Debt.id.in_(private)))} if private else {}
    out = []
    for debt_id, case_id, status, peildatum, created_at, short_name, name, _category in rows:
        since = reached.get((debt_id, status)) or peildatum or created_at.date()
        label = short_name or name or private_names.get(debt_id, "")
        out.append(PriorityDebtAlert(case_id, debt_id, label, str(status), since))
    return out
