"""MT940 (SWIFT customer statement) to transactions, through the maintained ``mt-940`` package.

The package reads the tags (:25: account, :60F: opening balance, :61: the booking, :86: the
details); the Dutch banks put structured details in :86: (``/CNTP/iban/bic/name/``,
``/REMI/USTD//text/``, ``/EREF/...``, ING's older ``/NAME/`` and ``/IBAN/``), read here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import mt940

from schoonschip.budget.statements.rules.model import StatementError, Transaction, normalise_iban
from schoonschip.money import Money

__all__ = ["looks_like_mt940", "parse_mt940"]

_FIELD = re.compile(r"/(CNTP|REMI|EREF|NAME|IBAN|MARF|RTRN|ORDP|BENM|CSID|PREF|KREF)/")


def looks_like_mt940(text: str) -> bool:
    head = text.lstrip()[:4096]
    return (":20:" in head or "{1:" in head) and ":25:" in head and (":60F:" in text or ":60M:" in text)


def split_details(raw: str) -> tuple[str, str, str, str, bool]:
    """(name, iban, description, reference, returned) from a :86: text."""
    flat = raw.replace("\r", "").replace("\n", "")
    parts = _FIELD.split(flat)
    if len(parts) < 3:
        return "", "", flat.strip(), "", False
    fields: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=False):
        fields.setdefault(code, value)
    name = iban = ""
    if "CNTP" in fields:  # /CNTP/iban/bic/name/city
        bits = fields["CNTP"].split("/")
        iban = bits[0] if bits else ""
        name = bits[2] if len(bits) > 2 else ""
    name = name or fields.get("NAME", "") or fields.get("BENM", "").strip("/") or fields.get("ORDP", "").strip("/")
    iban = iban or fields.get("IBAN", "")
    remi = fields.get("REMI", "")
    if remi.startswith("USTD//"):
        remi = remi[6:]
    elif remi.startswith("STRD/CUR/"):
        remi = remi[9:]
    reference = fields.get("EREF", "")
    if reference.upper() == "NOTPROVIDED":
        reference = ""
    return name.strip(), normalise_iban(iban), remi.strip("/ ").strip(), reference.strip("/ "), "RTRN" in fields


def parse_mt940(text: str) -> list[Transaction]:
    try:
        statements = mt940.parse(text)
        account = normalise_iban(str(statements.data.get("account_identification", "") or ""))
        opening = statements.data.get("final_opening_balance")
        balance: Money | None = None
        if opening is not None:
            balance = Money.from_decimal(Decimal(str(opening.amount.amount)))
        out: list[Transaction] = []
        for t in statements:
            d = t.data
            amount = Money.from_decimal(Decimal(str(d["amount"].amount)))
            booked = d.get("entry_date") or d.get("date")
            name, iban, description, reference, rtrn = split_details(str(d.get("transaction_details") or ""))
            if balance is not None:
                balance = balance + amount
            out.append(
                Transaction(
                    account=account,
                    booked=date(booked.year, booked.month, booked.day),
                    amount=amount,
                    counterparty=name,
                    counterparty_iban=iban,
                    description=description,
                    reference=reference,
                    returned=rtrn or str(d.get("status", "")).startswith("R"),
                    balance_after=balance,
                )
            )
    except StatementError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is one plain message, never a 500
        raise StatementError() from exc
    if not out:
        raise StatementError()
    return out
