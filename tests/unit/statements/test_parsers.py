"""The statement parsers on synthetic files in every supported format (written by
tests/statements_support.py from the published format descriptions), and on malformed and
hostile ones: every bad file is one plain StatementError, never another exception."""

from __future__ import annotations

import pytest

from schoonschip.budget.statements.rules.csvformats import LAYOUTS, ColumnMapping, UnknownCsv, apply_mapping
from schoonschip.budget.statements.rules.detect import MAX_FILE_BYTES, ParsedFile, parse_statement
from schoonschip.budget.statements.rules.model import BAD_FILE, StatementError, merge
from tests.statements_support import (
    ACCOUNT,
    household,
    to_abnamro_txt,
    to_bunq_csv,
    to_camt,
    to_ing_csv,
    to_knab_csv,
    to_mt940,
    to_rabobank_csv,
    to_triodos_csv,
    to_volksbank_csv,
)

TXS = household(5, signals=True).transactions


def _key(t, *, reference=True, slash=False):  # type: ignore[no-untyped-def]
    name = t.counterparty.replace("/", " ") if slash else t.counterparty
    return (t.booked, t.amount.cents, name, t.description, t.reference if reference else "")


# (writer, format name, has a reference column, own account in the file)
FORMATS = [
    (to_camt, "CAMT.053", True, True),
    (to_mt940, "MT940", True, True),
    (to_ing_csv, "ING", True, True),
    (to_rabobank_csv, "Rabobank", True, True),
    (to_abnamro_txt, "ABN AMRO (TXT)", True, False),
    (to_volksbank_csv, "ASN Bank, SNS, RegioBank", True, True),
    (to_triodos_csv, "Triodos Bank", False, True),
    (to_bunq_csv, "bunq", False, True),
    (to_knab_csv, "Knab", True, True),
]


@pytest.mark.parametrize(("writer", "name", "has_ref", "has_account"), FORMATS, ids=[f[1] for f in FORMATS])
def test_every_format_reads_back_every_transaction(writer, name, has_ref, has_account):  # type: ignore[no-untyped-def]
    parsed = parse_statement(writer(TXS))
    assert isinstance(parsed, ParsedFile)
    assert parsed.format == name
    slash = name == "MT940"  # a "/" in a name cannot survive MT940's sub-field separator
    got = sorted(_key(t, reference=has_ref, slash=slash) for t in parsed.transactions)
    want = sorted(_key(t, reference=has_ref, slash=slash) for t in TXS)
    assert got == want
    if has_account:
        assert {t.account for t in parsed.transactions} == {ACCOUNT}


def test_camt_other_namespace_version_and_balances():
    data = to_camt(TXS[:5], opening=-1000, namespace="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08")
    parsed = parse_statement(data)
    assert isinstance(parsed, ParsedFile) and len(parsed.transactions) == 5
    running = -1000
    for t in parsed.transactions:
        running += t.amount.cents
        assert t.balance_after is not None and t.balance_after.cents == running


def test_returned_direct_debits_are_marked_in_camt_mt940_and_ing():
    from dataclasses import replace

    txs = [replace(TXS[0], returned=True), *TXS[1:4]]
    for writer in (to_camt, to_mt940, to_ing_csv):
        parsed = parse_statement(writer(txs))
        assert isinstance(parsed, ParsedFile)
        flags = {t.reference: t.returned for t in parsed.transactions}
        assert flags[txs[0].reference] is True
        assert not any(flags[t.reference] for t in txs[1:])


def test_ing_in_windows_1252_with_an_accent():
    from dataclasses import replace

    txs = [replace(TXS[0], counterparty="Café Zuidoost")]
    parsed = parse_statement(to_ing_csv(txs, encoding="cp1252"))
    assert isinstance(parsed, ParsedFile) and parsed.transactions[0].counterparty == "Café Zuidoost"


def test_layout_table_is_data_with_a_source_for_each_bank():
    banks = {layout.code for layout in LAYOUTS}
    assert {"ing", "rabobank", "abnamro", "volksbank", "triodos", "bunq", "knab"} <= banks
    assert all(layout.source for layout in LAYOUTS)


def test_overlapping_files_count_once_but_equal_payments_in_one_file_stay():
    first, second = TXS[: len(TXS) * 2 // 3], TXS[len(TXS) // 3 :]
    a = parse_statement(to_camt(first)).transactions  # type: ignore[union-attr]
    b = parse_statement(to_ing_csv(second)).transactions  # type: ignore[union-attr]
    merged, skipped = merge(a, b)
    assert len(merged) == len(TXS)
    assert skipped == len(first) + len(second) - len(TXS)
    twice = [TXS[0], TXS[0]]
    merged, skipped = merge([], parse_statement(to_camt(twice)).transactions)  # type: ignore[union-attr]
    assert len(merged) == 2 and skipped == 0
    merged, skipped = merge(merged, parse_statement(to_ing_csv(twice)).transactions)  # type: ignore[union-attr]
    assert len(merged) == 2 and skipped == 2


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&lol2;</BkToCstmrStmt></Document>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>&x;</Stmt></BkToCstmrStmt></Document>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE Document SYSTEM "http://example.invalid/camt.dtd">
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>"""

HOSTILE = {
    "xml bomb": BOMB,
    "external entity": XXE,
    "dtd": DTD_ONLY,
    "binary junk": bytes(range(256)) * 20,
    "empty": b"",
    "only whitespace": b"  \r\n ",
    "utf-16 without bom": "Datum;Bedrag\n01-01-2025;12,00\n".encode("utf-16-le"),
    "truncated camt": to_camt(TXS[:3])[:700],
    "camt without entries element": b"<Document><Other/></Document>",
    "camt with a bad amount": to_camt(TXS[:1]).replace(b'<Amt Ccy="EUR">', b'<Amt Ccy="EUR">1e9', 1),
    "ing with a bad date": to_ing_csv(TXS[:2]).replace(TXS[0].booked.strftime("%Y%m%d").encode(), b"20251399"),
    "ing with a bad amount": to_ing_csv(TXS[:1]).replace(b'"Af";"', b'"Af";"abc').replace(b'"Bij";"', b'"Bij";"abc'),
    "mt940 without bookings": b":20:X\r\n:25:NL00ZZZZ0123456789\r\n:28C:1\r\n:60F:C250101EUR0,00\r\n:62F:C250101EUR0,00\r\n",
    "mt940 garbage": b":20:X\r\n:25:NL00\r\n:60F:garbage\r\n:61:nonsense\r\n",
    "one line of text": b"hello",
    "too large": b"a;b\n" + b"1;2\n" * (MAX_FILE_BYTES // 4 + 1),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_and_malformed_files_get_one_plain_message(name):  # type: ignore[no-untyped-def]
    with pytest.raises(StatementError) as caught:
        parse_statement(HOSTILE[name])
    message = str(caught.value.message)
    assert message in (str(BAD_FILE),)
    assert "passwd" not in message and "lol" not in message


def test_an_unknown_csv_is_mapped_by_the_coach():
    data = "Wanneer|Hoeveel|Af/Bij|Wie|Wat\n05-06-2025|812,00|Af|Ymere|Huur juni\n06-06-2025|1.200,50|Bij|Werkgever BV|Salaris\n"
    unknown = parse_statement(data.encode())
    assert isinstance(unknown, UnknownCsv) and unknown.header[0] == "Wanneer" and len(unknown.rows) == 2
    txs = apply_mapping(unknown, ColumnMapping(date=0, amount=1, sign=2, counterparty=3, description=4))
    assert [t.amount.cents for t in txs] == [-81200, 120050]
    assert txs[0].counterparty == "Ymere" and txs[1].description == "Salaris"
    with pytest.raises(StatementError):
        apply_mapping(unknown, ColumnMapping(date=3, amount=1))  # a name is no date
