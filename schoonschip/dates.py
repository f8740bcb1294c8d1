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
from datetime import date

from schoonschip.i18n import N_

__all__ = ["DateError", "parse_date_nl", "format_date_input", "MIN_YEAR", "MAX_YEAR", "MONTHS_NL"]

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
