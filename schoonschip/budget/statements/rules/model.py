"""One transaction from a bank statement, the plain parse error, and de-duplication (pure).

Every parser turns a file into a list of :class:`Transaction`; nothing else leaves the
parsers. A transaction is personal data (the resident's whole life, and third parties'
names): it is never logged, never put in an exception message and never audited.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from schoonschip.i18n import N_
from schoonschip.money import Money

__all__ = [
    "Transaction",
    "StatementError",
    "BAD_FILE",
    "normalise_iban",
    "parse_decimal",
    "dedupe_key",
    "merge",
]

#: the one plain message for a file that is not a statement we can read (never a 500)
BAD_FILE = N_(
    "Dit bestand kunnen we niet lezen als bankafschrift. Download het afschrift opnieuw bij de bank "
    "als CAMT.053 (XML), MT940 of CSV, en probeer het nog eens."
)


class StatementError(ValueError):
    """A file that cannot be read. ``message`` is a plain Dutch text without any file content."""

    def __init__(self, message: str = BAD_FILE) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Transaction:
    """One booked transaction. ``amount`` is signed: negative is money going out."""

    account: str  # the resident's own IBAN (normalised), "" when the file does not say
    booked: date
    amount: Money
    counterparty: str = ""
    counterparty_iban: str = ""
    description: str = ""
    reference: str = ""
    returned: bool = False  # a stornering: a direct debit sent back
    balance_after: Money | None = None

    @property
    def is_income(self) -> bool:
        return self.amount.cents > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "booked": self.booked.isoformat(),
            "amount": self.amount.cents,
            "counterparty": self.counterparty,
            "counterparty_iban": self.counterparty_iban,
            "description": self.description,
            "reference": self.reference,
            "returned": self.returned,
            "balance_after": None if self.balance_after is None else self.balance_after.cents,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Transaction:
        return cls(
            account=str(d.get("account", "")),
            booked=date.fromisoformat(d["booked"]),
            amount=Money(int(d["amount"])),
            counterparty=str(d.get("counterparty", "")),
            counterparty_iban=str(d.get("counterparty_iban", "")),
            description=str(d.get("description", "")),
            reference=str(d.get("reference", "")),
            returned=bool(d.get("returned", False)),
            balance_after=None if d.get("balance_after") is None else Money(int(d["balance_after"])),
        )


_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_iban(text: str | None) -> str:
    """An IBAN without spaces in capitals; the IBAN inside ``INGBNL2A/NL..`` too; else the bare text."""
    raw = re.sub(r"\s+", "", text or "").upper()
    found = _IBAN.search(raw)
    return found.group(0) if found else raw


def parse_decimal(text: str, *, decimal_comma: bool = True) -> Decimal:
    """A bank amount to Decimal: ``1.234,56``, ``-12,50``, ``+7,00`` or ``1234.56``. Raises
    StatementError (without the text) on anything else."""
    t = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        t = t.replace(".", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", t):
        raise StatementError()
    try:
        return Decimal(t)
    except InvalidOperation as exc:  # pragma: no cover - the regex already refused it
        raise StatementError() from exc


def _norm(text: str) -> str:
    return _NOT_ALNUM.sub("", (text or "").casefold())


def dedupe_key(t: Transaction) -> tuple[str, str, int, str, str]:
    """Same account, date, amount, counterparty and reference: the same transaction."""
    return (t.account, t.booked.isoformat(), t.amount.cents, _norm(t.counterparty)[:40], _norm(t.reference))


def merge(existing: Sequence[Transaction], new: Iterable[Transaction]) -> tuple[list[Transaction], int]:
    """Add the transactions of another file, skipping those already there.

    A multiset union: a transaction that is twice in one file (two equal payments on one day)
    stays twice, but a period two files share counts once. Returns the merged list (sorted by
    date) and how many of ``new`` were duplicates.
    """
    have = Counter(dedupe_key(t) for t in existing)
    seen: Counter[tuple[str, str, int, str, str]] = Counter()
    merged = list(existing)
    skipped = 0
    for t in new:
        k = dedupe_key(t)
        seen[k] += 1
        if seen[k] <= have[k]:
            skipped += 1
            continue
        merged.append(t)
    merged.sort(key=lambda t: t.booked)
    return merged, skipped
