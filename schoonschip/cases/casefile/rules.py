"""Age, age band and AOW age from a date of birth.

Pure module: no Flask, no SQLAlchemy.

The AOW age (state pension age) is set per calendar year by law (Algemene
Ouderdomswet art. 7a). It is kept here as data, in one table, so a new year is one
line. A person reaches AOW age on the first day ``birth + age`` where ``age`` is the
AOW age of the calendar year that day falls in.

    >>> aow_date(date(1960, 11, 15))
    datetime.date(2027, 11, 15)
    >>> aow_date(date(1961, 3, 1))   # turns 67 in 2028, when the AOW age is 67 and 3 months
    datetime.date(2028, 6, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schoonschip.i18n import N_

__all__ = [
    "AowRule",
    "AOW_RULES",
    "AgeFacts",
    "AGE_BANDS",
    "add_years_months",
    "age_on",
    "age_band",
    "aow_date",
    "has_aow_age",
    "age_facts",
]


@dataclass(frozen=True)
class AowRule:
    first_year: int
    last_year: int | None  # None: until a later rule is added
    years: int
    months: int


# AOW age per calendar year (SVB, "AOW-leeftijd"): 67 for 2024–2027, 67 and 3 months
# from 2028. Add a row when the law sets a later year.
AOW_RULES: tuple[AowRule, ...] = (
    AowRule(2024, 2027, 67, 0),
    AowRule(2028, None, 67, 3),
)


def add_years_months(d: date, years: int, months: int = 0) -> date:
    """``d`` plus whole years and months. A day that does not exist in the target month
    (29 February, a 31st) becomes the first day of the next month: the later reading,
    so nobody is shown as having AOW age a day too early."""
    total = d.month - 1 + months
    year = d.year + years + total // 12
    month = total % 12 + 1
    try:
        return date(year, month, d.day)
    except ValueError:
        return date(year + (month == 12), month % 12 + 1, 1)


def age_on(birth: date, on: date) -> int:
    """Whole years of age on a day."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def aow_date(birth: date, rules: tuple[AowRule, ...] = AOW_RULES) -> date:
    """The day a person born on ``birth`` reaches AOW age.

    Before the first rule's year the AOW age was lower than in that year, so anyone who
    reaches the first rule's age before then had reached AOW age by then: we return
    that (earliest possible) day, which is what "has AOW age" needs.
    """
    first = rules[0]
    for rule in rules:
        candidate = add_years_months(birth, rule.years, rule.months)
        if candidate.year < rule.first_year:
            if rule is first:
                return candidate
            continue
        if rule.last_year is None or candidate.year <= rule.last_year:
            return candidate
    # Past the last rule with an end year and no open-ended rule: use the last one.
    last = rules[-1]
    return add_years_months(birth, last.years, last.months)


def has_aow_age(birth: date, on: date) -> bool:
    return on >= aow_date(birth)


# Bands that matter for the money rules: under 18 (child), 18–20 (youth norm in the
# Participatiewet), 21–26 (not a kostendeler), 27 to AOW age, AOW age.
AGE_BANDS = ("onder_18", "18_20", "21_26", "27_44", "45_aow", "aow")
AGE_BAND_LABELS_NL = {
    "onder_18": N_("Jonger dan 18"),
    "18_20": N_("18 tot 21 jaar"),
    "21_26": N_("21 tot 27 jaar"),
    "27_44": N_("27 tot 45 jaar"),
    "45_aow": N_("45 jaar tot AOW-leeftijd"),
    "aow": N_("AOW-leeftijd"),
}


def age_band(birth: date, on: date) -> str:
    if has_aow_age(birth, on):
        return "aow"
    age = age_on(birth, on)
    if age < 18:
        return "onder_18"
    if age < 21:
        return "18_20"
    if age < 27:
        return "21_26"
    if age < 45:
        return "27_44"
    return "45_aow"


@dataclass(frozen=True)
class AgeFacts:
    age: int
    band: str
    band_label: str
    aow_date: date
    has_aow_age: bool


def age_facts(birth: date, on: date) -> AgeFacts:
    band = age_band(birth, on)
    when = aow_date(birth)
    return AgeFacts(
        age=age_on(birth, on),
        band=band,
        band_label=AGE_BAND_LABELS_NL[band],
        aow_date=when,
        has_aow_age=on >= when,
    )
