"""Legally owed (issue 12 item 2): a debt whose incassokosten exceed the legal maximum
counts at the corrected amount, with the reason; a lawful claim is left alone."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.debts.rules import CreditorCategory, DebtFacts, legally_owed, max_incassokosten
from schoonschip.money import Money


def eur(text: str) -> Money:
    return Money.from_decimal(Decimal(text))


def klarna() -> DebtFacts:
    """The issue's example: € 150 hoofdsom, € 95 incassokosten claimed (€ 40 allowed): € 245."""
    return DebtFacts(CreditorCategory.WEBWINKEL_ACHTERAF, hoofdsom=eur("150.00"), incassokosten=eur("95.00"), key=1)


def test_legally_owed_brings_too_high_incassokosten_down_to_the_legal_maximum():
    owed = legally_owed(klarna())
    assert owed.claimed == eur("245.00")
    assert owed.incassokosten_allowed == eur("40.00") == max_incassokosten(eur("150.00"))
    assert owed.owed == eur("190.00") and owed.corrected
    assert owed.reason == "Incassokosten € 95,00 gevraagd; de wet staat € 40,00 toe. Het aanbod rekent met € 40,00."


@pytest.mark.parametrize("facts", [
    DebtFacts(CreditorCategory.TELECOM, hoofdsom=eur("150.00"), incassokosten=eur("40.00")),  # exactly the maximum
    DebtFacts(CreditorCategory.TELECOM, hoofdsom=eur("150.00")),  # no incassokosten
    DebtFacts(CreditorCategory.TELECOM, incassokosten=eur("95.00")),  # cannot be checked: no hoofdsom
])
def test_legally_owed_leaves_a_lawful_or_uncheckable_claim_alone(facts):
    owed = legally_owed(facts)
    assert not owed.corrected and owed.owed == owed.claimed and owed.reason is None


@given(hoofdsom=st.integers(1, 50_000_00), incasso=st.integers(0, 10_000_00), rente=st.integers(0, 5_000_00))
def test_legally_owed_never_exceeds_the_claim_and_keeps_the_legal_maximum(hoofdsom, incasso, rente):
    facts = DebtFacts(CreditorCategory.TELECOM, hoofdsom=Money(hoofdsom), incassokosten=Money(incasso), rente=Money(rente))
    owed = legally_owed(facts)
    maximum = max_incassokosten(Money(hoofdsom))
    assert owed.owed <= owed.claimed
    assert owed.owed == Money(hoofdsom + rente + min(incasso, maximum.cents))
    assert owed.corrected == (incasso > maximum.cents)
