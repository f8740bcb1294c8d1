"""Retention: closed cases are erased a set time after closing (``purge-expired``).

Policy: ``RETENTION_DAYS_AFTER_CLOSE`` (default 730 days, two years) after the closing
date a case is erased through the one erasure path (``erase_case``, reason
``bewaartermijn``): the data key is destroyed, content rows go, the skeleton (location,
dates, stages, contact minutes, coded categories) stays, and the audit log keeps the fact.
Coordinators see what will go ``RETENTION_NOTICE_DAYS`` (default 30) days ahead.

Funder counts: the skeleton keeps almost every count. What erasure deletes and a report
still needs for past periods are the **debts** (category, creditor, amounts). Just before
a purge, they are kept as *report facts* in ``purged_case_facts``: one row per purged
case, the debts as a sealed JSON list (sealed with the ``reports`` system data key, so no
amount is in plaintext), no name, no reference, no free text, no creditor's own
reference. The report loader calls :func:`purged_case_facts` and uses those debts for an
erased case instead of the (now empty) debt list. Manual erasures (a resident's request)
keep nothing of the debts.

The table's column is ``purged_case_id``, not ``case_id``, on purpose: ``erase_case``
deletes every row with a ``case_id`` column of the case it erases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, LargeBinary, Select, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from schoonschip import audit
from schoonschip.db import BIGINT, Base, utcnow
from schoonschip.money import Money
from schoonschip.sealing import Sealed, SealedField

REPORTS_SUBJECT = "reports"


class PurgedCaseFacts(Sealed, Base):
    """The debts of a case erased by the retention policy, for funder reports of past periods."""

    __tablename__ = "purged_case_facts"

    purged_case_id: Mapped[int] = mapped_column(BIGINT, ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    location_id: Mapped[int] = mapped_column(BIGINT, index=True)
    purged_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    debts_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    debts = SealedField("json")  # [{"category", "creditor_key", "total", "costs_and_fines"}] in cents

    def sealed_binding(self) -> tuple[str, int | str]:
        return REPORTS_SUBJECT, self.purged_case_id


# --- the policy (pure date arithmetic) ------------------------------------------------------
def purge_date(closed_on: date, retention_days: int) -> date:
    return closed_on + timedelta(days=retention_days)


def latest_closing_to_purge(today: date, retention_days: int, notice_days: int = 0) -> date:
    """Cases closed on or before this date are purged by ``today + notice_days``."""
    return today + timedelta(days=notice_days) - timedelta(days=retention_days)


def expiring_cases(today: date, retention_days: int, notice_days: int = 0, location_ids: Collection[int] | None = None) -> Select[Any]:
    """Closed, not yet erased cases whose purge date is on or before ``today + notice_days``."""
    from schoonschip.cases.casefile.models import Case, Stage

    stmt = select(Case).where(
        Case.stage == Stage.AFGESLOTEN.value,
        Case.closed_on.is_not(None),
        Case.erased_at.is_(None),
        Case.closed_on <= latest_closing_to_purge(today, retention_days, notice_days),
    )
    if location_ids is not None:
        stmt = stmt.where(Case.location_id.in_(list(location_ids)))
    return stmt.order_by(Case.closed_on, Case.reference)


# --- keeping the report facts -----------------------------------------------------------------
def _debt_facts_of(db: Session, case_id: int) -> list[dict[str, Any]]:
    """The debts as the report loader counts them (afgelost left out), amounts in cents."""
    from schoonschip.cases.debts.models import Debt

    out: list[dict[str, Any]] = []
    for debt in db.scalars(select(Debt).where(Debt.case_id == case_id).order_by(Debt.id)):
        if debt.status == "afgelost":
            continue
        parts = [debt.hoofdsom, debt.rente, debt.incassokosten, debt.gerechtelijke_kosten, debt.boetes]
        cents = [p.cents if p is not None else 0 for p in parts]
        category = debt.category or (debt.creditor.category if debt.creditor is not None else None) or "anders"
        out.append({"category": category, "creditor_key": debt.creditor_id, "total": sum(cents), "costs_and_fines": sum(cents[1:])})
    return out


def keep_report_facts(db: Session, case_id: int, location_id: int, today: date) -> None:
    row = PurgedCaseFacts(purged_case_id=case_id, location_id=location_id, purged_on=today)
    row.debts = _debt_facts_of(db, case_id)
    db.add(row)
    db.flush()


def purged_case_facts(session: Session, location_ids: Collection[int]) -> dict[int, tuple[Any, ...]]:
    """For the report loader: case id -> the debts (``DebtFact``) of each case at these
    locations that the retention policy erased. ``category`` is the raw creditor category
    code, as in ``debts.category`` (map it like the live debts)."""
    from schoonschip.reports.rules.indicators import DebtFact

    out: dict[int, tuple[Any, ...]] = {}
    rows = session.scalars(select(PurgedCaseFacts).where(PurgedCaseFacts.location_id.in_(list(location_ids))))
    for row in rows:
        out[row.purged_case_id] = tuple(
            DebtFact(
                category=str(d["category"]),
                total=Money(int(d["total"])),
                costs_and_fines=Money(int(d["costs_and_fines"])),
                creditor_key=d["creditor_key"],
            )
            for d in (row.debts or [])
        )
    return out


# --- the purge ----------------------------------------------------------------------------------------
def purge_expired(db: Session, *, today: date, retention_days: int, dry_run: bool = False) -> Counter[int]:
    """Erase every case past its retention; returns how many per location id.

    ``dry_run`` only counts. Each erasure is audited by ``erase_case`` (reason
    ``bewaartermijn``); the run itself as ``retention_purge`` with the total."""
    from schoonschip.cases.casefile.service import erase_case

    per_location: Counter[int] = Counter()
    for case in list(db.scalars(expiring_cases(today, retention_days))):
        per_location[case.location_id] += 1
        if dry_run:
            continue
        keep_report_facts(db, case.id, case.location_id, today)
        erase_case(db, case, reason="bewaartermijn", by_user_id=None)
    if not dry_run:
        audit.record("retention_purge", object_type="retention", detail=f"erased:{sum(per_location.values())}", session=db)
    return per_location
