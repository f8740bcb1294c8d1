"""The payment plan held against the arrears (issue 12 item 4)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.mediation.rules import check_plan
from schoonschip.money import Money


def test_twelve_times_hundred_against_1234_56_leaves_a_shortfall():
    plan = check_plan(Money(10000), 12, Money(123456))
    assert plan.planned == Money(120000)
    assert plan.shortfall == Money(3456)
    assert plan.surplus == Money(0)
    assert not plan.covers


def test_a_plan_that_pays_it_all_covers():
    plan = check_plan(Money(10300), 12, Money(123456))
    assert plan.covers and plan.shortfall == Money(0) and plan.surplus == Money(144)


@given(amount=st.integers(0, 10**6), n=st.integers(0, 60), owed=st.integers(0, 10**8))
def test_shortfall_and_surplus_add_up(amount, n, owed):
    plan = check_plan(Money(amount), n, Money(owed))
    assert plan.planned.cents == amount * n
    assert plan.shortfall.cents >= 0 and plan.surplus.cents >= 0
    assert plan.planned.cents + plan.shortfall.cents - plan.surplus.cents == owed
    assert plan.covers == (amount * n >= owed)
