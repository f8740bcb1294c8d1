"""A payment on a debt: costs first, then interest, then the principal (art. 6:44 BW)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.debts.rules import PAYMENT_ORDER, split_payment
from schoonschip.money import Money


def test_costs_first_then_interest_then_principal():
    parts = {"hoofdsom": Money(100000), "rente": Money(2000), "incassokosten": Money(4000)}
    assert split_payment(parts, Money(5000)) == {"incassokosten": Money(4000), "rente": Money(1000)}
    assert split_payment(parts, Money(10000)) == {"incassokosten": Money(4000), "rente": Money(2000), "hoofdsom": Money(4000)}


def test_never_more_than_the_debt_holds():
    assert split_payment({"hoofdsom": Money(3000)}, Money(10000)) == {"hoofdsom": Money(3000)}


def test_negative_payment_is_refused():
    with pytest.raises(ValueError):
        split_payment({"hoofdsom": Money(3000)}, Money(-1))


amounts = st.none() | st.integers(0, 10**7).map(Money)


@given(parts=st.fixed_dictionaries({name: amounts for name in PAYMENT_ORDER}), pay=st.integers(0, 10**8))
def test_split_books_the_whole_payment_or_the_whole_debt(parts, pay):
    split = split_payment(parts, Money(pay))
    held = sum((p.cents for p in parts.values() if p is not None), 0)
    booked = sum(m.cents for m in split.values())
    assert booked == min(pay, held)
    for name, m in split.items():
        assert 0 < m.cents <= parts[name].cents
