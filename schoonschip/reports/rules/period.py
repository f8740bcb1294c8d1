"""The period of a funder report: a year, half year, quarter, month or a range of days.

Pure module (see :mod:`schoonschip.reports.rules.indicators`)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from schoonschip.dates import MONTHS_NL
from schoonschip.i18n import N_

PeriodKind = Literal["year", "half", "quarter", "month", "range"]


@dataclass(frozen=True, slots=True)
class Period:
    """A report period; ``end`` is included."""

    start: date
    end: date
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("De einddatum ligt voor de begindatum.")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError("Een kwartaal is 1, 2, 3 of 4.")
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("Een halfjaar is 1 of 2.")
        return cls(date(year, 6 * half - 5, 1), date(year, 6 * half, 30 if half == 1 else 31), "half")

    @classmethod
    def from_code(cls, code: str) -> Period:
        """``"2026"``, ``"2026-H1"``, ``"2026-Q2"`` or ``"2026-05"`` (the closed family)."""
        if m := re.fullmatch(r"(\d{4})-H([12])", code):
            return cls.half(int(m[1]), int(m[2]))
        if re.fullmatch(r"\d{4}(-Q[1-4]|-\d{2})?", code):
            return cls.parse(code)
        raise ValueError("Kies een maand, kwartaal, halfjaar of jaar.")

    @property
    def code(self) -> str:
        """The period's code in the closed family; "" for a free range."""
        y = self.start.year
        if self.kind == "year":
            return str(y)
        if self.kind == "half":
            return f"{y}-H{1 if self.start.month == 1 else 2}"
        if self.kind == "quarter":
            return f"{y}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{y}-{self.start.month:02d}"
        return ""

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise ValueError("Een maand is 1 tot en met 12.")
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        return cls(start, end, "range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2026"``, ``"2026-Q3"``, ``"2026-05"`` or ``"2026-01-01..2026-06-30"``."""
        s = text.strip()
        try:
            if m := re.fullmatch(r"(\d{4})", s):
                return cls.year(int(m[1]))
            if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", s):
                return cls.quarter(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
                return cls.month(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", s):
                return cls.between(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError as exc:
            raise ValueError(f"Deze periode bestaat niet. {exc}") from None
        raise ValueError(
            "Dit is geen periode. Schrijf bijvoorbeeld 2026, 2026-Q3, 2026-05 of 2026-01-01..2026-06-30."
        )

    @property
    def full_year(self) -> int | None:
        """The year when the period is exactly one calendar year."""
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return self.start.year
        return None

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "half":
            return N_("%(year)s halfjaar %(half)s", year=self.start.year, half=1 if self.start.month == 1 else 2)
        if self.kind == "quarter":
            return N_("%(year)s kwartaal %(quarter)s", year=self.start.year, quarter=(self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            return N_("%(month)s %(year)s", month=MONTHS_NL[self.start.month - 1], year=self.start.year)
        return N_("%(start)s t/m %(end)s", start=_d(self.start), end=_d(self.end))

    @property
    def granularity(self) -> Literal["year", "quarter", "month", "day"]:
        """How fine a date in the report may be (see ``assert_no_identifying_fields``)."""
        if self.kind == "half":
            return "quarter"
        if self.kind in ("year", "quarter", "month"):
            return self.kind  # type: ignore[return-value]
        month_aligned = (
            self.start.day == 1 and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        )
        return "month" if month_aligned else "day"

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: date, end: date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)


def _d(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"
