"""The rent debt of a case and payments on a debt (a kept rent instalment lowers the
rent debt: issue 12). Part of the debts service, read by rent mediation through
:func:`rent_debt_of`, :func:`record_payment` and :func:`undo_payment`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import Debt, DebtStatusChange
from schoonschip.cases.debts.rules import (
    PAYMENT_ORDER,
    CreditorCategory,
    DebtStatus,
    split_payment,
    total,
)
from schoonschip.cases.debts.service import AMOUNT_FIELDS, debt_facts, debts_of, get_debt
from schoonschip.db import utcnow
from schoonschip.money import ZERO, Money

SEED_FILE = Path(__file__).resolve().parent / "data" / "creditors.json"

# ------------------------------------------------------------- the rent debt and payments
@dataclass(frozen=True)
class RentDebt:
    """The case's rent arrears as the debt ledger knows them (for rent mediation)."""

    debt_id: int
    creditor_name: str  # the register's name, or the private landlord's (sealed on the debt)
    private: bool  # a private landlord (not in the creditor register)
    hoofdsom: Money | None
    costs: Money | None  # incassokosten + rente + boetes
    court_costs: Money | None  # gerechtelijke kosten
    open_amount: Money
    peildatum: date | None


def rent_debt_of(db: Session, case: Case) -> RentDebt | None:
    """The open rent debt of the case (category woningcorporatie/verhuurder): the largest
    when there are more. None when the ledger has none."""
    rows = [
        (d, debt_facts(d))
        for d in debts_of(db, case)
        if d.category == CreditorCategory.WONINGCORPORATIE_VERHUURDER.value
    ]
    rows = [(d, f) for d, f in rows if f.is_open]
    if not rows:
        return None
    debt, facts = max(rows, key=lambda df: (total(df[1]).cents, -df[0].id))
    other = [m for m in (facts.rente, facts.incassokosten, facts.boetes) if m is not None]
    return RentDebt(
        debt_id=debt.id,
        creditor_name=debt.creditor.name if debt.creditor is not None else (debt.private_creditor_name or ""),
        private=debt.creditor is None,
        hoofdsom=facts.hoofdsom,
        costs=sum(other, ZERO) if other else None,
        court_costs=facts.gerechtelijke_kosten,
        open_amount=total(facts),
        peildatum=debt.peildatum,
    )


def open_amount_of(db: Session, case: Case, debt_id: int) -> Money | None:
    """What is still owed on one debt of the case (None when it is not a debt of this case)."""
    debt = get_debt(db, case, debt_id)
    return total(debt_facts(debt)) if debt is not None else None


def _encode_split(split: dict[str, Money]) -> str:
    return ";".join(f"{name}={m.cents}" for name, m in split.items())


def _decode_split(text: str | None) -> dict[str, Money]:
    out: dict[str, Money] = {}
    for part in filter(None, (text or "").split(";")):
        name, _sep, cents = part.partition("=")
        if name in AMOUNT_FIELDS and cents.lstrip("-").isdecimal():
            out[name] = Money(int(cents))
    return out


def record_payment(
    db: Session, case: Case, debt_id: int, amount: Money, *, on: date, reference: str, by_user_id: int | None
) -> DebtStatusChange | None:
    """Book a payment on a debt of the case: it lowers the open amount (costs first, then
    interest, then the principal: art. 6:44 BW) and is written in the debt's history
    (``event`` "betaling"). When nothing is left the debt becomes "afgelost" in the same
    row. None when the debt is not (or no longer) a debt of this case."""
    debt = get_debt(db, case, debt_id)
    if debt is None:
        return None
    split = split_payment({name: getattr(debt, name) for name in PAYMENT_ORDER}, amount)
    for name, part in split.items():
        setattr(debt, name, (getattr(debt, name) or ZERO) - part)
    before = debt.status
    if total(debt_facts(debt)).cents <= 0:
        debt.status = DebtStatus.AFGELOST.value
    return _book(db, case, debt, before, split, "betaling", on=on, reference=reference, by_user_id=by_user_id)


def undo_payment(db: Session, case: Case, reference: str, *, on: date, by_user_id: int | None) -> DebtStatusChange | None:
    """Undo the last payment booked with ``reference`` (an instalment set back to open or
    missed): the amounts go back to the parts they came from, and the status back to what
    it was when the payment made the debt "afgelost". None when there is nothing to undo."""
    rows = list(db.scalars(
        select(DebtStatusChange)
        .where(DebtStatusChange.case_id == case.id, DebtStatusChange.reference == reference[:40])
        .order_by(DebtStatusChange.id)
    ))  # fmt: skip
    if not rows or rows[-1].event != "betaling":
        return None
    paid = rows[-1]
    debt = get_debt(db, case, paid.debt_id)
    if debt is None:
        return None
    split = _decode_split(paid.paid)
    for name, part in split.items():
        setattr(debt, name, (getattr(debt, name) or ZERO) + part)
    before = debt.status
    if before == DebtStatus.AFGELOST.value and paid.to_status == DebtStatus.AFGELOST.value:
        debt.status = paid.from_status
    return _book(db, case, debt, before, split, "betaling_terug", on=on, reference=reference, by_user_id=by_user_id)


# The audit action of each history event written here.
_AUDIT_ACTION = {"betaling": "debt_payment", "betaling_terug": "debt_payment_undo"}


def _book(
    db: Session, case: Case, debt: Debt, before: str, split: dict[str, Money], event: str, *,
    on: date, reference: str, by_user_id: int | None,
) -> DebtStatusChange:
    """Write a payment (or its undoing) in the debt's history, with the parts it was split
    over, and in the audit log."""
    change = DebtStatusChange(case_id=case.id, from_status=before, to_status=debt.status, on=on, by_user_id=by_user_id,
                              event=event, reference=reference[:40])  # fmt: skip
    change.paid = _encode_split(split)
    debt.status_history.append(change)
    debt.updated_at = utcnow()
    db.flush()
    audit.record(_AUDIT_ACTION[event], object_type="debt", object_id=debt.id, location_id=case.location_id, session=db)
    return change


def payment_of(change: DebtStatusChange) -> Money | None:
    """The amount of a payment row of a debt's history (None for a status change)."""
    if change.event is None:
        return None
    return sum(_decode_split(change.paid).values(), ZERO)
