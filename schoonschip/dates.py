"""Dates as a coach types them: Dutch input, Dutch errors.

Pure module: no Flask, no SQLAlchemy.

    >>> parse_date_nl("3-4-2025")
    datetime.date(2025, 4, 3)
    >>> parse_date_nl("2025-04-03")
    datetime.date(2025, 4, 3)
    >>> format_date_input(date(2025, 4, 3))
    '03-04-2025'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from schoonschip.i18n import N_

__all__ = [
    "DateError", "parse_date_nl", "format_date_input", "MIN_YEAR", "MAX_YEAR", "MONTHS_NL",
    "FactKind", "FactContext", "check_fact_date", "backdated_note", "IN_FUTURE", "BEFORE_BIRTH", "BACKDATED",
]  # fmt: skip

# Nobody we help was born before 1900, and no letter is dated after 2100.
MIN_YEAR = 1900
MAX_YEAR = 2100

# dd-mm-jjjj and d-m-jjjj; a slash or a dot is what people also type, so they pass too.
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
# jjjj-mm-dd: what a browser date field or a copied ISO date gives.
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")

# The Dutch month names, the one list (January first). Marked for the catalogue: a page in
# the user's language shows ``_(MONTHS_NL[month - 1])``.
MONTHS_NL: tuple[str, ...] = (
    N_("januari"), N_("februari"), N_("maart"), N_("april"), N_("mei"), N_("juni"),
    N_("juli"), N_("augustus"), N_("september"), N_("oktober"), N_("november"), N_("december"),
)  # fmt: skip

_NOT_A_DATE = N_("Dit is geen datum. Schrijf de datum zo: 31-12-2025 (dag-maand-jaar).")
# The usual bounds get a fixed text, so it is in the translation catalogue; other bounds
# (none are used today) are spelled out.
_BAD_YEAR = N_("Het jaar moet tussen 1900 en 2100 liggen.")
_BAD_MONTH = N_("De maand moet tussen 1 en 12 liggen. Schrijf de datum zo: 31-12-2025 (dag-maand-jaar).")


class DateError(ValueError):
    """Input that is not a usable date. The message is Dutch and never echoes the input."""


def parse_date_nl(
    text: str | None,
    *,
    allow_empty: bool = False,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> date | None:
    """Parse ``dd-mm-jjjj``, ``d-m-jjjj`` or ``jjjj-mm-dd`` into a date.

    Raises :class:`DateError` with a Dutch message that is safe to show next to the field. With
    ``allow_empty`` an empty field gives ``None`` instead of an error.
    """
    if text is None:
        if allow_empty:
            return None
        raise DateError(N_("Vul een datum in."))
    if not isinstance(text, str):
        raise TypeError("parse_date_nl takes the text of a form field")
    s = _SPACES.sub("", text)
    if s == "":
        if allow_empty:
            return None
        raise DateError(N_("Vul een datum in."))
    if len(s) > 10:
        raise DateError(_NOT_A_DATE)
    m = _DMY.match(s)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _YMD.match(s)
        if not m:
            raise DateError(_NOT_A_DATE)
        year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise DateError(_BAD_MONTH)
    try:
        value = date(year, month, day)
    except ValueError:
        raise DateError(N_("Deze datum bestaat niet: die maand heeft niet zoveel dagen.")) from None
    if not min_year <= value.year <= max_year:
        if (min_year, max_year) == (MIN_YEAR, MAX_YEAR):
            raise DateError(_BAD_YEAR)
        raise DateError(f"Het jaar moet tussen {min_year} en {max_year} liggen.")
    return value


def format_date_input(value: date | None) -> str:
    """A date as the coach would type it back into a field: ``31-12-2025``."""
    if value is None:
        return ""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


# --- the one rule set for dates of facts (issue 12 item 6) ---------------------------------
# Every form that records something that happened checks its date here, so the rule and its
# words are the same everywhere: a fact is never in the future, nothing happened before the
# resident was born, and a fact of the casework that happened before the case was opened
# (a consent signed at an earlier organisation) is accepted with a visible note.

IN_FUTURE = N_("Deze datum ligt in de toekomst. Vul een datum in van vandaag of eerder.")
BEFORE_BIRTH = N_("Deze datum ligt voor de geboortedatum van de bewoner.")
BACKDATED = N_("Let op: deze datum ligt voor de start van het dossier (%(start)s). Dat mag; het staat zo in het dossier.")


class FactKind(Enum):
    """What kind of date a field holds; it decides which parts of the rule apply."""

    BIRTH = "birth"  # a birth date: not in the future
    LIFE = "life"  # something in the resident's life (a debt arose, bewind began): not in the future, not before birth
    CASEWORK = "casework"  # something of the casework (consent, contact, agreement): as LIFE, and a note when before the case


@dataclass(frozen=True)
class FactContext:
    """What the rule needs to know about the case: today, the case's start, the resident's birth."""

    today: date
    case_start: date | None = None
    birth_date: date | None = None


def check_fact_date(on: date, ctx: FactContext, kind: FactKind = FactKind.CASEWORK) -> bool:
    """Check the date of a fact. Raises :class:`DateError` (``IN_FUTURE`` or ``BEFORE_BIRTH``)
    for a date that cannot be; returns True when the date is accepted but lies before the
    case's start (show :func:`backdated_note`), False otherwise.

    The case's start day itself is not "before" the case: a contact on the day the case was
    opened is an ordinary contact.
    """
    if on > ctx.today:
        raise DateError(IN_FUTURE)
    if kind is FactKind.BIRTH:
        return False
    if ctx.birth_date is not None and on < ctx.birth_date:
        raise DateError(BEFORE_BIRTH)
    return kind is FactKind.CASEWORK and ctx.case_start is not None and on < ctx.case_start


def backdated_note(ctx: FactContext) -> tuple[str, dict[str, str]]:
    """The note for an accepted date before the case's start: (msgid, its parameters)."""
    start = format_date_input(ctx.case_start) if ctx.case_start else ""
    return BACKDATED, {"start": start}
