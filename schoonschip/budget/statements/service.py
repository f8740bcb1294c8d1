"""Bank statement import, the proposed budget and the signals: use cases (issue 17).

The review state (the transactions of every file read so far, the signals) is sealed with
the case key in one :class:`StatementReview` row per case, so a review survives a pause and
works with several gunicorn workers; it expires 24 hours after its last change. Accepting
lines adds them to the budget through the budget's own ``add_entry`` with the source
"bankafschrift"; the transactions are then dropped. Signals stay (sealed) until the coach has
dealt with each one, or the row expires.

Privacy: nothing from a statement is logged or audited: the audit text is only
"bankafschrift geïmporteerd, N transacties" / "N regels overgenomen".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.budget import service as budget_service
from schoonschip.budget.forms import ItemData
from schoonschip.budget.models import SOURCE_STATEMENT, BudgetVersion
from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.budget.statements.models import StatementReview
from schoonschip.budget.statements.rules.csvformats import ColumnMapping, UnknownCsv, apply_mapping
from schoonschip.budget.statements.rules.detect import ParsedFile, parse_statement
from schoonschip.budget.statements.rules.model import StatementError, Transaction, merge
from schoonschip.budget.statements.rules.recognise import (
    EXPENSE,
    INCOME,
    SIGNAL_LABELS,
    ProposedLine,
    propose,
    signals,
)
from schoonschip.db import utcnow
from schoonschip.i18n import N_
from schoonschip.money import Money

__all__ = [
    "TTL",
    "ImportResult",
    "ReviewView",
    "SignalView",
    "StatementError",
    "accept_lines",
    "apply_csv_mapping",
    "discard_review",
    "dismiss_signal",
    "import_files",
    "pending_csv",
    "purge_expired",
    "review_of",
    "review_view",
    "signal_creditor",
    "signals_for_case",
]

TTL = timedelta(hours=24)
DEBT_SIGNALS = ("incasso", "cjib", "flitskrediet", "achteraf")


@dataclass(frozen=True)
class ImportResult:
    added: int
    duplicates: int
    formats: tuple[str, ...]
    needs_mapping: bool = False


@dataclass(frozen=True)
class SignalView:
    number: int
    code: str
    label: str
    creditor: str
    count: int
    total: Money
    last: date
    lowest: Money | None
    can_start_debt: bool


@dataclass(frozen=True)
class ReviewView:
    transactions: list[Transaction]
    lines: list[ProposedLine]
    signals: list[SignalView]
    formats: list[str]
    first: date | None
    last: date | None
    finished: bool


def purge_expired(db: Session) -> int:
    """Delete every review older than its 24 hours (any case): run on each statement write and
    by ``flask purge-expired``. Returns how many went."""
    result = db.execute(delete(StatementReview).where(StatementReview.expires_at < utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def review_of(db: Session, case_id: int) -> StatementReview | None:
    """The case's review, when it has not expired."""
    row = db.scalar(select(StatementReview).where(StatementReview.case_id == case_id))
    if row is not None and row.expires_at < utcnow():
        return None
    return row


def _state(row: StatementReview | None) -> dict[str, Any]:
    if row is None or not isinstance(row.state, dict):
        return {"transactions": [], "formats": [], "signals": [], "finished": False}
    return dict(row.state)


def _transactions(state: dict[str, Any]) -> list[Transaction]:
    return [Transaction.from_dict(d) for d in state.get("transactions", [])]


def _signal_dicts(transactions: Sequence[Transaction], old: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    dismissed = {(s["code"], s["creditor"]) for s in old if s.get("dismissed")}
    return [
        {
            "code": s.code,
            "creditor": s.creditor,
            "count": s.count,
            "total": s.total.cents,
            "last": s.last.isoformat(),
            "lowest": None if s.lowest is None else s.lowest.cents,
            "dismissed": (s.code, s.creditor) in dismissed,
        }
        for s in signals(transactions)
    ]


def _save(db: Session, case: Any, row: StatementReview | None, state: dict[str, Any], user_id: int | None) -> StatementReview:
    if row is None:
        stale = db.scalar(select(StatementReview).where(StatementReview.case_id == case.id))
        if stale is not None:  # an expired row of this case: replace it
            db.delete(stale)
            db.flush()
        row = StatementReview(case_id=case.id, created_by_id=user_id)
        db.add(row)
    row.expires_at = utcnow() + TTL
    row.state = state
    db.flush()
    return row


def import_files(db: Session, case: Any, files: Sequence[bytes], *, user_id: int | None) -> ImportResult:
    """Read the files and add their transactions to the case's review (duplicates skipped).

    Raises StatementError (one plain message) when a file cannot be read; then nothing of any
    of the files is kept. An unknown CSV is kept (sealed) for the column-mapping screen.
    """
    purge_expired(db)
    row = review_of(db, case.id)
    state = _state(row)
    if state.get("finished"):
        state = {"transactions": [], "formats": [], "signals": state.get("signals", []), "finished": False}
    parsed: list[ParsedFile] = []
    unknown: UnknownCsv | None = None
    for data in files:
        result = parse_statement(data)
        if isinstance(result, UnknownCsv):
            if unknown is not None:
                raise StatementError(N_("Lees één onbekend CSV-bestand tegelijk in; dan kunt u de kolommen kiezen."))
            unknown = result
        else:
            parsed.append(result)
    transactions = _transactions(state)
    before = len(transactions)
    duplicates = 0
    for p in parsed:
        transactions, skipped = merge(transactions, p.transactions)
        duplicates += skipped
    added = len(transactions) - before
    state["transactions"] = [t.to_dict() for t in transactions]
    state["formats"] = sorted(set(state.get("formats", [])) | {p.format for p in parsed})
    state["signals"] = _signal_dicts(transactions, state.get("signals", []))
    if unknown is not None:
        state["pending_csv"] = {"delimiter": unknown.delimiter, "header": list(unknown.header),
                                "rows": [list(r) for r in unknown.rows]}  # fmt: skip
    _save(db, case, row, state, user_id)
    if added:
        audit.record_case("statement_import", case, detail=f"bankafschrift geïmporteerd, {added} transacties")
    return ImportResult(added, duplicates, tuple(p.format for p in parsed), needs_mapping=unknown is not None)


def pending_csv(db: Session, case_id: int) -> UnknownCsv | None:
    state = _state(review_of(db, case_id))
    raw = state.get("pending_csv")
    if not raw:
        return None
    return UnknownCsv(raw["delimiter"], tuple(raw["header"]), tuple(tuple(r) for r in raw["rows"]))


def apply_csv_mapping(db: Session, case: Any, mapping: ColumnMapping, *, user_id: int | None) -> ImportResult:
    """Read the pending unknown CSV with the coach's columns. StatementError when a row does
    not fit (a date or amount that is none); the CSV then stays pending."""
    row = review_of(db, case.id)
    unknown = pending_csv(db, case.id)
    if row is None or unknown is None:
        raise StatementError(N_("Er wacht geen CSV-bestand meer. Lees het bestand opnieuw in."))
    new = apply_mapping(unknown, mapping)
    state = _state(row)
    transactions = _transactions(state)
    before = len(transactions)
    transactions, skipped = merge(transactions, new)
    state["transactions"] = [t.to_dict() for t in transactions]
    state["formats"] = sorted(set(state.get("formats", [])) | {"CSV"})
    state["signals"] = _signal_dicts(transactions, state.get("signals", []))
    state.pop("pending_csv", None)
    _save(db, case, row, state, user_id)
    added = len(transactions) - before
    if added:
        audit.record_case("statement_import", case, detail=f"bankafschrift geïmporteerd, {added} transacties")
    return ImportResult(added, skipped, ("CSV",))


def _signal_views(state: dict[str, Any]) -> list[SignalView]:
    out = []
    for n, s in enumerate(state.get("signals", [])):
        if s.get("dismissed"):
            continue
        out.append(
            SignalView(
                number=n,
                code=s["code"],
                label=SIGNAL_LABELS[s["code"]],
                creditor=s["creditor"],
                count=int(s["count"]),
                total=Money(int(s["total"])),
                last=date.fromisoformat(s["last"]),
                lowest=None if s.get("lowest") is None else Money(int(s["lowest"])),
                can_start_debt=s["code"] in DEBT_SIGNALS and bool(s["creditor"]),
            )
        )
    return out


def review_view(db: Session, case_id: int) -> ReviewView | None:
    row = review_of(db, case_id)
    if row is None:
        return None
    state = _state(row)
    transactions = _transactions(state)
    return ReviewView(
        transactions=transactions,
        lines=propose(transactions),
        signals=_signal_views(state),
        formats=list(state.get("formats", [])),
        first=transactions[0].booked if transactions else None,
        last=transactions[-1].booked if transactions else None,
        finished=bool(state.get("finished")),
    )


def accept_lines(
    db: Session, case: Any, version: BudgetVersion, choices: Sequence[ItemData], *, user_id: int | None
) -> int:
    """Add the accepted lines to the budget version (source "bankafschrift", whatever the
    caller set) and end the
    review: the transactions are dropped; the signals stay until the coach has seen them."""
    purge_expired(db)
    for c in choices:
        if c.direction == INCOME:
            IncomeKind(c.kind)
        elif c.direction == EXPENSE:
            ExpenseKind(c.kind)
        else:
            raise ValueError("direction")
        Person(c.person)
        Frequency(c.frequency)
        budget_service.add_entry(db, case, version, replace(c, source=SOURCE_STATEMENT))
    _finish(db, case, user_id)
    audit.record_case("statement_accept", case, detail=f"bankafschrift: {len(choices)} regels overgenomen")
    return len(choices)


def _finish(db: Session, case: Any, user_id: int | None) -> None:
    row = review_of(db, case.id)
    if row is None:
        return
    state = _state(row)
    open_signals = [s for s in state.get("signals", []) if not s.get("dismissed")]
    if not open_signals:
        db.delete(row)
        db.flush()
        return
    _save(db, case, row, {"transactions": [], "formats": [], "signals": state["signals"], "finished": True}, user_id)


def discard_review(db: Session, case: Any) -> None:
    """Stop the review: everything from the statements is deleted (signals too)."""
    row = db.scalar(select(StatementReview).where(StatementReview.case_id == case.id))
    if row is not None:
        db.delete(row)
        db.flush()


def signals_for_case(db: Session, case_id: int) -> list[SignalView]:
    """Open signals for the debts page (suggestions, never facts)."""
    return _signal_views(_state(review_of(db, case_id)))


def signal_creditor(db: Session, case_id: int, number: int) -> str | None:
    """The creditor a debt signal proposes (for a new debt, prefilled), or None."""
    for s in signals_for_case(db, case_id):
        if s.number == number and s.can_start_debt:
            return s.creditor
    return None


def dismiss_signal(db: Session, case: Any, number: int, *, user_id: int | None) -> bool:
    purge_expired(db)
    row = review_of(db, case.id)
    if row is None:
        return False
    state = _state(row)
    sigs = [dict(s) for s in state.get("signals", [])]
    if not 0 <= number < len(sigs):
        return False
    sigs[number]["dismissed"] = True
    state["signals"] = sigs
    if state.get("finished") and all(s.get("dismissed") for s in sigs):
        db.delete(row)
        db.flush()
        return True
    _save(db, case, row, state, user_id)
    return True
