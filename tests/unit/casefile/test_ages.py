from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.casefile.rules import (
    AOW_RULES,
    add_years_months,
    age_band,
    age_facts,
    age_on,
    aow_date,
    has_aow_age,
)


@pytest.mark.parametrize(
    "birth, expected",
    [
        (date(1958, 5, 10), date(2025, 5, 10)),  # 67 in 2025
        (date(1960, 12, 31), date(2027, 12, 31)),  # last day under the 67 rule
        (date(1961, 1, 1), date(2028, 4, 1)),  # turns 67 in 2028: 67 and 3 months
        (date(1961, 3, 1), date(2028, 6, 1)),
        (date(1970, 8, 15), date(2037, 11, 15)),
        (date(1961, 11, 30), date(2029, 3, 1)),  # 30 February does not exist: 1 March
        (date(1950, 1, 1), date(2017, 1, 1)),  # before the table: had AOW age by 2024 anyway
    ],
)
def test_aow_date(birth, expected):
    assert aow_date(birth) == expected


def test_rules_are_one_table():
    assert [(r.first_year, r.years, r.months) for r in AOW_RULES] == [(2024, 67, 0), (2028, 67, 3)]


def test_has_aow_age_on_the_day():
    birth = date(1961, 3, 1)
    assert not has_aow_age(birth, date(2028, 5, 31))
    assert not has_aow_age(birth, date(2028, 3, 1))  # 67 already, but not AOW age in 2028
    assert has_aow_age(birth, date(2028, 6, 1))


def test_age_and_bands():
    on = date(2025, 6, 1)
    assert age_on(date(2000, 6, 2), on) == 24 and age_on(date(2000, 6, 1), on) == 25
    assert age_band(date(2010, 1, 1), on) == "onder_18"
    assert age_band(date(2005, 1, 1), on) == "18_20"
    assert age_band(date(1999, 1, 1), on) == "21_26"
    assert age_band(date(1998, 6, 1), on) == "27_44"
    assert age_band(date(1960, 1, 1), on) == "45_aow"
    assert age_band(date(1958, 1, 1), on) == "aow"
    facts = age_facts(date(1961, 3, 1), on)
    assert (facts.age, facts.band, facts.has_aow_age, facts.aow_date) == (64, "45_aow", False, date(2028, 6, 1))


def test_add_years_months_leap_day():
    assert add_years_months(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert add_years_months(date(2024, 11, 30), 0, 3) == date(2025, 3, 1)
    assert add_years_months(date(2024, 1, 31), 0, 1) == date(2024, 3, 1)
    assert add_years_months(date(2024, 12, 15), 0, 1) == date(2025, 1, 15)


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
def test_aow_date_is_between_67_and_67_and_3_months(birth):
    d = aow_date(birth)
    assert add_years_months(birth, 67) <= d <= add_years_months(birth, 67, 3)
    assert has_aow_age(birth, d) and not has_aow_age(birth, date.fromordinal(d.toordinal() - 1))
