"""Which format a file is in, and its transactions (pure): CAMT.053, MT940 or a bank CSV."""

from __future__ import annotations

from dataclasses import dataclass

from schoonschip.budget.statements.rules.camt import looks_like_camt, parse_camt
from schoonschip.budget.statements.rules.csvformats import UnknownCsv, decode_text, read_csv
from schoonschip.budget.statements.rules.model import StatementError, Transaction
from schoonschip.budget.statements.rules.swift import looks_like_mt940, parse_mt940

__all__ = ["ParsedFile", "parse_statement", "MAX_FILE_BYTES"]

#: the largest statement file we read (a year of CAMT.053 for a household is well under this)
MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ParsedFile:
    format: str  # "CAMT.053", "MT940" or the bank of a CSV layout
    transactions: list[Transaction]


def parse_statement(data: bytes) -> ParsedFile | UnknownCsv:
    """A statement file's transactions; an unknown CSV for the mapping screen; or
    StatementError with one plain message (hostile, binary, empty, too large, malformed)."""
    if not data or not data.strip() or len(data) > MAX_FILE_BYTES:
        raise StatementError()
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if not looks_like_camt(data):
            raise StatementError()
        return ParsedFile("CAMT.053", parse_camt(data))
    text = decode_text(data)
    if looks_like_mt940(text):
        return ParsedFile("MT940", parse_mt940(text))
    found = read_csv(data)
    if isinstance(found, UnknownCsv):
        return found
    layout, transactions = found
    return ParsedFile(layout.bank, transactions)
