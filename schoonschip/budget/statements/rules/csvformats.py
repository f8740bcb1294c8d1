"""The Dutch banks' own CSV (and ABN AMRO's TXT) exports, as data, and the reader (pure).

:data:`LAYOUTS` is the one table of formats: for each bank the separator, the header (or, for
the exports without a header line, the number of columns and what the first column looks
like), the date format and which column holds what. The layouts are written from the banks'
published format descriptions as we know them; ``verified`` says whether the column order was
cross-checked against independent sources while writing (see docs/statements.md: which ones
could not be, and that none could be checked against a live download).

A CSV whose header matches no layout is not refused: :func:`read_csv` returns an
:class:`UnknownCsv` and the coach maps the columns (:class:`ColumnMapping`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from schoonschip.budget.statements.rules.model import StatementError, Transaction, normalise_iban
from schoonschip.budget.statements.rules.swift import split_details
from schoonschip.money import Money

__all__ = [
    "BankLayout",
    "LAYOUTS",
    "UnknownCsv",
    "ColumnMapping",
    "decode_text",
    "read_csv",
    "apply_mapping",
    "flexible_amount",
]

MAX_ROWS = 20_000


@dataclass(frozen=True)
class BankLayout:
    """One bank's export. Column references are header names (or 0-based indexes when
    ``header`` is empty). ``description`` columns are joined with a space."""

    code: str
    bank: str
    delimiter: str
    header: tuple[str, ...]
    date: str | int
    date_formats: tuple[str, ...]
    amount: str | int
    sign: str | int | None = None  # a debit/credit column; None: the amount carries its sign
    debit_values: tuple[str, ...] = ()
    counterparty: str | int | None = None
    counterparty_iban: str | int | None = None
    description: tuple[str | int, ...] = ()
    reference: str | int | None = None
    account: str | int | None = None
    balance: str | int | None = None
    returned_column: str | int | None = None  # non-empty: a returned direct debit
    columns: int = 0  # headerless: the exact number of columns
    first_column: str = ""  # headerless: a regex the first column of a row matches
    structured_description: bool = False  # ABN AMRO: /TRTP/.../NAME/.../REMI/... in the text
    verified: bool = False
    source: str = ""


_ING_HEADER = (
    "Datum", "Naam / Omschrijving", "Rekening", "Tegenrekening", "Code", "Af Bij", "Bedrag (EUR)",
    "Mutatiesoort", "Mededelingen",
)  # fmt: skip
_RABO_HEADER = (
    "IBAN/BBAN", "Munt", "BIC", "Volgnr", "Datum", "Rentedatum", "Bedrag", "Saldo na trn",
    "Tegenrekening IBAN/BBAN", "Naam tegenpartij", "Naam uiteindelijke partij", "Naam initiërende partij",
    "BIC tegenpartij", "Code", "Batch ID", "Transactiereferentie", "Machtigingskenmerk", "Incassant ID",
    "Betalingskenmerk", "Omschrijving-1", "Omschrijving-2", "Omschrijving-3", "Reden retour",
    "Oorspr bedrag", "Oorspr munt", "Koers",
)  # fmt: skip
_KNAB_HEADER = (
    "Rekeningnummer", "Transactiedatum", "Valutacode", "CreditDebet", "Bedrag", "Tegenrekeningnummer",
    "Tegenrekeninghouder", "Valutadatum", "Betaalwijze", "Omschrijving", "Type betaling",
    "Machtigingsnummer", "Incassant ID", "Adres", "Referentie", "Boekdatum",
)  # fmt: skip
_BUNQ_HEADER = ("Date", "Interest Date", "Amount", "Account", "Counterparty", "Name", "Description")

_DMY = ("%d-%m-%Y",)
_IBAN_OR_NUMBER = r"^(?:[A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d{7,10})$"

#: The formats, one row per bank export (the data the reader works from).
LAYOUTS: tuple[BankLayout, ...] = (
    BankLayout(
        code="ing", bank="ING", delimiter=";", header=_ING_HEADER + ("Saldo na mutatie", "Tag"),
        date="Datum", date_formats=("%Y%m%d",), amount="Bedrag (EUR)", sign="Af Bij", debit_values=("af",),
        counterparty="Naam / Omschrijving", counterparty_iban="Tegenrekening", description=("Mededelingen",),
        account="Rekening", balance="Saldo na mutatie", verified=True,
        source="ING, 'Kolommen in een CSV-bestand' (puntkomma-gescheiden export, 2019 en later)",
    ),
    BankLayout(
        code="ing_komma", bank="ING (oude export)", delimiter=",", header=_ING_HEADER,
        date="Datum", date_formats=("%Y%m%d",), amount="Bedrag (EUR)", sign="Af Bij", debit_values=("af",),
        counterparty="Naam / Omschrijving", counterparty_iban="Tegenrekening", description=("Mededelingen",),
        account="Rekening", verified=False, source="ING, kommagescheiden export (tot 2019)",
    ),
    BankLayout(
        code="rabobank", bank="Rabobank", delimiter=",", header=_RABO_HEADER,
        date="Datum", date_formats=("%Y-%m-%d",), amount="Bedrag",
        counterparty="Naam tegenpartij", counterparty_iban="Tegenrekening IBAN/BBAN",
        description=("Omschrijving-1", "Omschrijving-2", "Omschrijving-3"), reference="Betalingskenmerk",
        account="IBAN/BBAN", balance="Saldo na trn", returned_column="Reden retour", verified=True,
        source="Rabobank, 'Omschrijving CSV-formaat' (2018 en later)",
    ),
    BankLayout(
        code="abnamro", bank="ABN AMRO (TXT)", delimiter="\t", header=(),
        date=2, date_formats=("%Y%m%d",), amount=6, description=(7,), account=0, balance=4,
        columns=8, first_column=r"^\d{9,10}$|^NL\d{2}ABNA\d{10}$", structured_description=True, verified=True,
        source="ABN AMRO, 'Toelichting TXT-formaat' (tab-gescheiden, zonder kopregel)",
    ),
    BankLayout(
        code="volksbank", bank="ASN Bank, SNS, RegioBank", delimiter=",", header=(),
        date=0, date_formats=_DMY, amount=10, counterparty=3, counterparty_iban=2, description=(17,),
        reference=16, account=1, columns=19, first_column=r"^\d{2}-\d{2}-\d{4}$", verified=False,
        source="de Volksbank, 'Uitleg CSV-bestand' (ASN, SNS en RegioBank, 19 kolommen zonder kopregel)",
    ),
    BankLayout(
        code="triodos", bank="Triodos Bank", delimiter=",", header=(),
        date=0, date_formats=_DMY, amount=2, sign=3, debit_values=("debet", "d"), counterparty=4,
        counterparty_iban=5, description=(7,), account=1, balance=8, columns=9,
        first_column=r"^\d{2}-\d{2}-\d{4}$", verified=False,
        source="Triodos Bank, 'Exportformaat CSV' (zonder kopregel)",
    ),
    BankLayout(
        code="bunq", bank="bunq", delimiter=";", header=_BUNQ_HEADER,
        date="Date", date_formats=("%Y-%m-%d",), amount="Amount", counterparty="Name",
        counterparty_iban="Counterparty", description=("Description",), account="Account", verified=False,
        source="bunq, CSV-export van de app (kolommen Date ... Description)",
    ),
    BankLayout(
        code="knab", bank="Knab", delimiter=";", header=_KNAB_HEADER,
        date="Transactiedatum", date_formats=_DMY, amount="Bedrag", sign="CreditDebet", debit_values=("d",),
        counterparty="Tegenrekeninghouder", counterparty_iban="Tegenrekeningnummer", description=("Omschrijving",),
        reference="Referentie", account="Rekeningnummer", verified=False,
        source="Knab, CSV-export (regel 'KNAB EXPORT' en daarna de kopregel)",
    ),
)


@dataclass(frozen=True)
class UnknownCsv:
    """A CSV no layout recognises: the coach maps its columns."""

    delimiter: str
    header: tuple[str, ...]  # the first row (maybe a header, maybe data)
    rows: tuple[tuple[str, ...], ...]  # every row after the first


@dataclass(frozen=True)
class ColumnMapping:
    """What the coach chose on the mapping screen: 0-based column numbers."""

    date: int
    amount: int
    counterparty: int | None = None
    description: int | None = None
    sign: int | None = None  # a debit/credit column; None: the amount carries its sign
    debit_values: tuple[str, ...] = ("af", "d", "debet", "debit")
    first_row_is_header: bool = True
    date_formats: tuple[str, ...] = field(
        default=("%d-%m-%Y", "%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%Y")
    )


def decode_text(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252 (older exports). A file
    with NUL bytes or control characters (binary, UTF-16 without BOM) is refused."""
    if not data.strip():
        raise StatementError()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise StatementError() from exc
    elif b"\x00" in data:
        raise StatementError()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls or "\ufffd" in text[:20000] and text[:20000].count("\ufffd") > 5:
        raise StatementError()
    return text


def flexible_amount(text: str) -> Decimal:
    """``-1.234,56``, ``+12,50``, ``1234.56``, ``-12.5``: the last separator followed by one or
    two digits is the decimal point; other separators group thousands."""
    t = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
    m = re.fullmatch(r"([+-]?)([\d.,]*?)(?:[.,](\d{1,2}))?", t)
    if not m or not (m.group(2) or m.group(3)):
        raise StatementError()
    whole = m.group(2).replace(".", "").replace(",", "")
    if not whole.isdigit() and whole != "":
        raise StatementError()
    value = Decimal(f"{whole or '0'}.{m.group(3) or '0'}")
    return -value if m.group(1) == "-" else value


def _parse_date(text: str, formats: Sequence[str]) -> date:
    t = (text or "").strip()
    for fmt in formats:
        try:
            return datetime.strptime(t, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise StatementError()


def _norm_cell(text: str) -> str:
    """A header cell to compare: lower case, single spaces, and only ASCII letters, digits and
    ``/()-`` kept, so "Naam initiërende partij" read in the wrong encoding still matches."""
    t = re.sub(r"\s+", " ", (text or "").strip().strip('"').strip()).casefold()
    return re.sub(r"[^a-z0-9/() -]", "", t)


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if max(counts.values()) else ","


def _rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise StatementError() from exc
    if len(rows) > MAX_ROWS:
        raise StatementError()
    return rows


def _index(layout: BankLayout, header: Sequence[str], ref: str | int | None) -> int | None:
    if ref is None:
        return None
    if isinstance(ref, int):
        return ref
    wanted = _norm_cell(ref)
    for i, name in enumerate(header):
        if _norm_cell(name) == wanted:
            return i
    return None


def _matches_header(layout: BankLayout, row: Sequence[str]) -> bool:
    if not layout.header:
        return False
    cells = [_norm_cell(c) for c in row]
    return cells[: len(layout.header)] == [_norm_cell(h) for h in layout.header]


def _matches_shape(layout: BankLayout, row: Sequence[str]) -> bool:
    return (
        not layout.header
        and len(row) == layout.columns
        and re.match(layout.first_column, row[0].strip()) is not None
    )


def _cell(row: Sequence[str], i: int | None) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


_RETURNED = re.compile(r"\b(storno|stornering|terugboeking incasso)\b", re.IGNORECASE)
_ING_TEXT = re.compile(r"Omschrijving:\s*(.*?)\s*(?:IBAN:|Kenmerk:|Machtiging ID:|Valutadatum:|$)")


def _transactions(
    rows: Sequence[Sequence[str]],
    *,
    idx: dict[str, int | None],
    descriptions: Sequence[int | None],
    formats: Sequence[str],
    debit_values: Sequence[str],
    structured: bool = False,
) -> list[Transaction]:
    out: list[Transaction] = []
    debit = {d.casefold() for d in debit_values}
    for row in rows:
        value = flexible_amount(_cell(row, idx["amount"]))
        if idx.get("sign") is not None:
            value = abs(value)
            if _cell(row, idx["sign"]).casefold() in debit:
                value = -value
        description = " ".join(t for t in (_cell(row, i) for i in descriptions) if t)
        name = _cell(row, idx.get("counterparty"))
        iban = _cell(row, idx.get("counterparty_iban"))
        reference = _cell(row, idx.get("reference"))
        returned = bool(_cell(row, idx.get("returned")))
        if structured and "/" in description:
            s_name, s_iban, s_text, s_ref, s_ret = split_details(description)
            name, iban, reference = name or s_name, iban or s_iban, reference or s_ref
            description = s_text or description
            returned = returned or s_ret
        if not reference:
            found = re.search(r"Kenmerk:\s*(\S+)", description)
            reference = found.group(1) if found else ""
        if _RETURNED.search(description):
            returned = True
        ing_text = _ING_TEXT.search(description)  # ING: "Naam: .. Omschrijving: .. IBAN: .. Kenmerk: .."
        if ing_text:
            description = ing_text.group(1).strip()
        balance_text = _cell(row, idx.get("balance"))
        out.append(
            Transaction(
                account=normalise_iban(_cell(row, idx.get("account"))),
                booked=_parse_date(_cell(row, idx["date"]), formats),
                amount=Money.from_decimal(value),
                counterparty=name,
                counterparty_iban=normalise_iban(iban),
                description=description,
                reference=reference,
                returned=returned,
                balance_after=Money.from_decimal(flexible_amount(balance_text)) if balance_text else None,
            )
        )
    return out


def read_csv(data: bytes) -> tuple[BankLayout, list[Transaction]] | UnknownCsv:
    """A known bank's CSV to (layout, transactions); an unknown one to :class:`UnknownCsv`."""
    text = decode_text(data)
    head_text = "\n".join(text.splitlines()[:4])
    for layout in LAYOUTS:
        try:
            head = _rows(head_text, layout.delimiter)
        except StatementError:
            continue
        if not head or not (
            any(_matches_header(layout, r) for r in head[:3]) or _matches_shape(layout, head[0])
        ):
            continue
        rows = _rows(text, layout.delimiter)
        # a preamble line ("KNAB EXPORT") may come before the header
        for start in range(min(3, len(rows))):
            if _matches_header(layout, rows[start]):
                header, body = rows[start], rows[start + 1 :]
                break
        else:
            if _matches_shape(layout, rows[0]):
                header, body = [], rows
            else:
                continue
        idx = {
            name: _index(layout, header, getattr(layout, name))
            for name in ("date", "amount", "sign", "counterparty", "counterparty_iban", "reference", "account",
                         "balance")
        }  # fmt: skip
        idx["returned"] = _index(layout, header, layout.returned_column)
        txs = _transactions(
            body,
            idx=idx,
            descriptions=[_index(layout, header, d) for d in layout.description],
            formats=layout.date_formats,
            debit_values=layout.debit_values,
            structured=layout.structured_description,
        )
        return layout, txs
    delimiter = _sniff_delimiter(text)
    rows = _rows(text, delimiter)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        raise StatementError()
    return UnknownCsv(delimiter, tuple(rows[0]), tuple(tuple(r) for r in rows[1:]))


def apply_mapping(unknown: UnknownCsv, m: ColumnMapping) -> list[Transaction]:
    """Transactions from an unknown CSV with the coach's column mapping."""
    rows: list[Sequence[str]] = list(unknown.rows)
    if not m.first_row_is_header:
        rows.insert(0, unknown.header)
    return _transactions(
        rows,
        idx={"date": m.date, "amount": m.amount, "sign": m.sign, "counterparty": m.counterparty},
        descriptions=[m.description],
        formats=m.date_formats,
        debit_values=m.debit_values,
    )
