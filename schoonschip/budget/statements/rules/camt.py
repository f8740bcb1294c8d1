"""CAMT.053 (ISO 20022 bank-to-customer statement, XML) to transactions (pure).

Parsed with the standard library's ElementTree behind ``defusedxml``: a DTD, an entity
declaration (the "billion laughs" bomb) or an external entity is refused before anything is
expanded, with the one plain message of :data:`~.model.BAD_FILE`. Namespaces differ per
version (camt.053.001.02 up to .08); elements are matched by their local name.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from xml.etree.ElementTree import Element  # noqa: S405 - only the type; parsing goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from schoonschip.budget.statements.rules.model import (
    StatementError,
    Transaction,
    normalise_iban,
    parse_decimal,
)
from schoonschip.money import Money

__all__ = ["looks_like_camt", "parse_camt"]

_REVERSAL_CODES = {"RDDT", "UPDD", "RRTN", "RPCR"}


def looks_like_camt(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and (b"camt.053" in data[:4096] or b"BkToCstmrStmt" in data[:8192])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: Element | None, *path: str) -> Element | None:
    """The first descendant along ``path`` (local names: the namespaces are stripped first)."""
    return None if el is None else el.find("/".join(path))


def _children(el: Element, name: str) -> Iterator[Element]:
    return iter(el.findall(name))


def _text(el: Element | None, *path: str) -> str:
    found = _child(el, *path) if path else el
    return (found.text or "").strip() if found is not None and found.text else ""


def _date(el: Element | None) -> date | None:
    raw = _text(el, "Dt") or _text(el, "DtTm")[:10]
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _party(tx: Element | None, role: str) -> tuple[str, str]:
    """(name, IBAN) of the Cdtr or Dbtr in the transaction details (with or without <Pty>)."""
    parties = _child(tx, "RltdPties")
    party = _child(parties, role)
    name = _text(party, "Nm") or _text(party, "Pty", "Nm")
    iban = _text(parties, role + "Acct", "Id", "IBAN")
    return name, normalise_iban(iban)


def _signed(amount_el: Element | None, indicator: str) -> Money:
    if amount_el is None or not amount_el.text:
        raise StatementError()
    value = parse_decimal(amount_el.text, decimal_comma=False)
    if value < 0:
        raise StatementError()
    cents = Money.from_decimal(value)
    if indicator == "DBIT":
        return -cents
    if indicator == "CRDT":
        return cents
    raise StatementError()


def parse_camt(data: bytes) -> list[Transaction]:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, SafeET.ParseError, ValueError, UnicodeError) as exc:
        raise StatementError() from exc
    for el in root.iter():  # one pass: every tag to its local name, so find() paths stay short
        el.tag = _local(el.tag) if isinstance(el.tag, str) else el.tag
    if root.tag != "Document":
        raise StatementError()
    report = _child(root, "BkToCstmrStmt")
    if report is None:
        raise StatementError()
    out: list[Transaction] = []
    for stmt in _children(report, "Stmt"):
        account = normalise_iban(_text(stmt, "Acct", "Id", "IBAN") or _text(stmt, "Acct", "Id", "Othr", "Id"))
        balance: Money | None = None
        for bal in _children(stmt, "Bal"):
            if _text(bal, "Tp", "CdOrPrtry", "Cd") in ("OPBD", "PRCD"):
                balance = _signed(_child(bal, "Amt"), _text(bal, "CdtDbtInd"))
        for entry in _children(stmt, "Ntry"):
            amount = _signed(_child(entry, "Amt"), _text(entry, "CdtDbtInd"))
            booked = _date(_child(entry, "BookgDt")) or _date(_child(entry, "ValDt"))
            if booked is None:
                raise StatementError()
            tx = _child(entry, "NtryDtls", "TxDtls")
            name, iban = _party(tx, "Cdtr" if amount.cents < 0 else "Dbtr")
            reference = _text(tx, "Refs", "EndToEndId")
            if reference.upper() == "NOTPROVIDED":
                reference = ""
            reference = reference or _text(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref")
            description = " ".join(
                t for t in (_text(c) for c in _children(_child(tx, "RmtInf") or Element("x"), "Ustrd")) if t
            ) or _text(entry, "AddtlNtryInf")
            sub = _text(entry, "BkTxCd", "Domn", "Fmly", "SubFmlyCd")
            returned = _text(entry, "RvslInd").lower() == "true" or sub in _REVERSAL_CODES
            if balance is not None:
                balance = balance + amount
            out.append(
                Transaction(
                    account=account,
                    booked=booked,
                    amount=amount,
                    counterparty=name,
                    counterparty_iban=iban,
                    description=description,
                    reference=reference,
                    returned=returned,
                    balance_after=balance,
                )
            )
    if not out and not list(_children(report, "Stmt")):
        raise StatementError()
    return out
