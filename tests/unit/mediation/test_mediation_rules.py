"""Pure rules of rent-arrears mediation: rent due, arrears in months, working days and
the crisis deadline, instalment dates, the next date and the urgency order."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.mediation.rules import (
    NextDate,
    UrgencyFacts,
    add_working_days,
    arrears_months,
    at_court_threshold,
    crisis_deadline,
    dutch_public_holidays,
    format_months_nl,
    instalment_due_dates,
    is_working_day,
    monthly_rent_due,
    next_date,
    urgency_key,
    working_days_left,
)
from schoonschip.money import Money

E = Money  # cents


# ------------------------------------------------------------------ rent due
def test_rent_due_subtracts_the_toeslag_only_when_it_goes_to_the_landlord():
    assert monthly_rent_due(E(61250), E(4750), E(21000), toeslag_to_landlord=True) == E(45000)
    assert monthly_rent_due(E(61250), E(4750), E(21000), toeslag_to_landlord=False) == E(66000)
    assert monthly_rent_due(E(61250)) == E(61250)
    assert monthly_rent_due(None, E(4750)) is None


def test_rent_due_refuses_floats():
    with pytest.raises(TypeError):
        monthly_rent_due(E(100), 12.5)  # type: ignore[arg-type]


# -------------------------------------------------------------- arrears months
@pytest.mark.parametrize(
    ("arrears", "rent", "months"),
    [
        (135000, 45000, Decimal("3")),
        (134999, 45000, Decimal("2.9")),  # rounded down: 2,99.. is not yet three months
        (202500, 45000, Decimal("4.5")),
        (0, 45000, Decimal("0")),
        (100, 66000, Decimal("0.0")),
    ],
)
def test_arrears_months_examples(arrears, rent, months):
    assert arrears_months(E(arrears), E(rent)) == months


def test_arrears_months_has_no_answer_without_a_positive_rent():
    assert arrears_months(E(100000), None) is None
    assert arrears_months(None, E(50000)) is None
    assert arrears_months(E(100000), E(0)) is None
    # Huurtoeslag to the landlord covering everything: nothing due each month.
    assert arrears_months(E(100000), monthly_rent_due(E(40000), None, E(45000), toeslag_to_landlord=True)) is None


def test_negative_arrears_are_refused():
    with pytest.raises(ValueError):
        arrears_months(E(-1), E(50000))


def test_court_threshold_and_dutch_months():
    assert at_court_threshold(Decimal("3.0")) and not at_court_threshold(Decimal("2.9")) and not at_court_threshold(None)
    assert format_months_nl(Decimal("2.5")) == "2,5"
    assert format_months_nl(Decimal("3.0")) == "3"
    assert format_months_nl(None) == ""


cents = st.integers(min_value=0, max_value=10_000_000_00)
rents = st.integers(min_value=1, max_value=5_000_00)


@given(cents, rents)
def test_arrears_months_is_never_negative(arrears, rent):
    months = arrears_months(E(arrears), E(rent))
    assert months is not None and months >= 0


@given(cents, cents, rents)
def test_arrears_months_is_monotone_in_the_arrears(a, b, rent):
    low, high = sorted((a, b))
    assert arrears_months(E(low), E(rent)) <= arrears_months(E(high), E(rent))


@given(cents, rents)
def test_arrears_months_never_overstates(arrears, rent):
    """Rounded down: months × rent never exceeds the arrears, and one tenth more would."""
    months = arrears_months(E(arrears), E(rent))
    assert months is not None
    assert months * rent <= arrears < (months + Decimal("0.1")) * rent


# ---------------------------------------------------------------- working days
def test_dutch_public_holidays_2025():
    assert dutch_public_holidays(2025) == {
        date(2025, 1, 1), date(2025, 4, 21), date(2025, 4, 26), date(2025, 5, 5), date(2025, 5, 29),
        date(2025, 6, 9), date(2025, 12, 25), date(2025, 12, 26),
    }  # fmt: skip
    # 2025: 27 April is a Sunday, so Koningsdag is Saturday 26 April.
    assert date(2026, 4, 27) in dutch_public_holidays(2026)
    assert date(2024, 4, 1) in dutch_public_holidays(2024)  # Tweede Paasdag 2024
    assert date(2024, 3, 29) not in dutch_public_holidays(2024)  # Goede Vrijdag is not one


def test_deadline_is_the_third_working_day_after():
    assert crisis_deadline(date(2025, 3, 7)) == date(2025, 3, 12)  # Friday -> Wednesday
    assert crisis_deadline(date(2025, 3, 8)) == date(2025, 3, 12)  # Saturday -> Wednesday
    assert crisis_deadline(date(2025, 3, 10)) == date(2025, 3, 13)  # Monday -> Thursday
    assert crisis_deadline(date(2025, 12, 23)) == date(2025, 12, 30)  # Wed 24, (25, 26, weekend), Mon 29, Tue 30
    assert crisis_deadline(date(2025, 4, 17)) == date(2025, 4, 23)  # Good Friday counts, Easter Monday not
    assert crisis_deadline(date(2025, 12, 23), holidays=set()) == date(2025, 12, 26)  # weekends only


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=0, max_value=20))
def test_add_working_days_lands_on_a_working_day_and_counts_right(start, n):
    end = add_working_days(start, n)
    assert end >= start
    if n:
        assert is_working_day(end)
    counted = sum(1 for i in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=i)))
    assert counted == n
    assert (end - start).days <= n * 7 // 5 + 6


def test_working_days_left():
    deadline = date(2025, 3, 12)  # Wednesday
    assert working_days_left(date(2025, 3, 7), deadline) == 3
    assert working_days_left(date(2025, 3, 11), deadline) == 1
    assert working_days_left(deadline, deadline) == 0
    assert working_days_left(date(2025, 3, 13), deadline) == -1
    assert working_days_left(date(2025, 3, 17), deadline) == -3


# ----------------------------------------------------------------- instalments
def test_instalment_dates_keep_the_day_or_take_the_last_of_the_month():
    assert instalment_due_dates(date(2025, 1, 31), 4) == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]
    assert instalment_due_dates(date(2023, 11, 29), 4)[-1] == date(2024, 2, 29)
    assert len(instalment_due_dates(date(2025, 1, 1), 60)) == 60
    for bad in (0, 61):
        with pytest.raises(ValueError):
            instalment_due_dates(date(2025, 1, 1), bad)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(min_value=1, max_value=60))
def test_instalment_dates_are_a_month_apart(start, n):
    dates = instalment_due_dates(start, n)
    assert len(dates) == n and dates[0] == start
    for a, b in zip(dates, dates[1:], strict=False):
        assert (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1


# ------------------------------------------------------------ next date, urgency
def test_next_date():
    today = date(2025, 6, 16)
    assert next_date(today) is None
    assert next_date(today, hearing_on=date(2025, 6, 1)) is None  # a past hearing is no next date
    assert next_date(today, hearing_on=date(2025, 7, 1), eviction_on=date(2025, 6, 20)) == NextDate(date(2025, 6, 20), "ontruiming")
    assert next_date(today, open_instalments=[date(2025, 7, 1), date(2025, 6, 1)]) == NextDate(date(2025, 6, 1), "termijn", overdue=True)
    assert next_date(today, hearing_on=date(2025, 7, 1), eviction_on=date(2025, 7, 1)).kind == "ontruiming"


def test_urgency_order():
    today = date(2025, 6, 16)
    quiet = UrgencyFacts(None, 0, None, Decimal("5"))
    soon = UrgencyFacts(None, 0, today + timedelta(days=3), Decimal("1"))
    later = UrgencyFacts(None, 0, today + timedelta(days=30), Decimal("4"))
    missed = UrgencyFacts(None, 1, today + timedelta(days=40), Decimal("1"))
    crisis_late = UrgencyFacts(today + timedelta(days=2), 0, None, None)
    crisis_first = UrgencyFacts(today + timedelta(days=1), 0, None, None)
    order = sorted([quiet, later, missed, soon, crisis_late, crisis_first], key=urgency_key)
    assert order == [crisis_first, crisis_late, missed, soon, later, quiet]


# ------------------------------------------------------------------- purity
def test_rules_module_is_pure():
    source = (Path(__file__).resolve().parents[3] / "schoonschip/cases/mediation/rules.py").read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {n for n in imported if n.split(".")[0] in {"flask", "sqlalchemy", "flask_login", "flask_wtf", "werkzeug"}}
    assert {n for n in imported if n.startswith("schoonschip")} <= {"schoonschip.money", "schoonschip.i18n"}
