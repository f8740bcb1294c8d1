"""The offer divides what is legally owed (issue 12 item 2): a debt with incassokosten above
the legal maximum enters at the corrected amount, claimed and used are kept per creditor
with the reason, and an offer eaten by the fees is a 0 %-aanbod."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.budget.rules.norms import load_builtin, select
from schoonschip.budget.rules.offer import OfferDebt, OfferError, calculate_offer
from schoonschip.cases.debts.rules import CreditorCategory, DebtFacts, legally_owed
from schoonschip.money import Money

NS = select(load_builtin(), date(2025, 9, 1))  # 18 months, 9 % + € 6


def eur(text: str) -> Money:
    return Money.from_decimal(Decimal(text))


def klarna() -> DebtFacts:
    """The issue's example: € 150 hoofdsom, € 95 incassokosten claimed (€ 40 allowed): € 245."""
    return DebtFacts(CreditorCategory.WEBWINKEL_ACHTERAF, hoofdsom=eur("150.00"), incassokosten=eur("95.00"), key=1)


def offer_debts() -> list[OfferDebt]:
    owed = legally_owed(klarna())
    return [
        OfferDebt("1", "Klarna", owed.owed, claimed=owed.claimed, correction=owed.reason),
        OfferDebt("2", "Vattenfall", eur("810.00")),
    ]


def test_the_offer_divides_the_corrected_amount_and_keeps_claimed_vs_used():
    """capacity 100.00 × 18 = 1800.00, no fee; debt 190 + 810 = 1000 -> everyone 100 %;
    with the claim of 245 it would have been 1055."""
    r = calculate_offer(capacity=eur("10.00"), debts=offer_debts(), normset=NS, fee=False)
    # 180.00 over 1000.00 = 18 %: Klarna 34.20 (of 190, not of 245), Vattenfall 145.80.
    assert r.total_debt == eur("1000.00") and r.total_claimed == eur("1055.00")
    by_key = {s.key: s for s in r.shares}
    assert by_key["1"].debt == eur("190.00") and by_key["1"].claimed == eur("245.00")
    assert by_key["1"].share == eur("34.20") and by_key["1"].percentage == Decimal("18.00")
    assert by_key["1"].correction and "€ 40,00" in by_key["1"].correction
    assert by_key["2"].claimed is None and by_key["2"].claimed_or_used == eur("810.00")
    assert r.corrected == (by_key["1"],)
    assert any("vraagt de schuldeiser meer dan wettelijk mag" in n for n in r.notes)


def test_a_correction_needs_a_reason_and_the_claim_cannot_be_below_the_amount():
    with pytest.raises(OfferError):
        calculate_offer(capacity=eur("10.00"), normset=NS,
                        debts=[OfferDebt("1", "Klarna", eur("190.00"), claimed=eur("245.00"))])
    with pytest.raises(OfferError):
        calculate_offer(capacity=eur("10.00"), normset=NS,
                        debts=[OfferDebt("1", "Klarna", eur("245.00"), claimed=eur("190.00"), correction="x")])


def test_an_offer_eaten_by_the_fees_is_a_zero_offer():
    """capacity 5.00 × 18 = 90.00; fee 8.10 + 108.00 > 90.00 -> all 90.00 is fee."""
    r = calculate_offer(capacity=eur("5.00"), debts=offer_debts(), normset=NS)
    assert r.kosten == r.afdracht_totaal == eur("90.00")
    assert r.te_verdelen == Money(0) and r.percentage == Decimal("0.00")
    assert r.zero_offer and r.fees_ate_offer
    no_capacity = calculate_offer(capacity=Money(0), debts=offer_debts(), normset=NS)
    assert no_capacity.zero_offer and not no_capacity.fees_ate_offer
    enough = calculate_offer(capacity=eur("50.00"), debts=offer_debts(), normset=NS)
    assert not enough.zero_offer


@given(capacity=st.integers(0, 100_00), incasso=st.integers(0, 500_00))
def test_the_shares_never_add_up_to_more_than_the_legally_owed_debt(capacity, incasso):
    owed = legally_owed(DebtFacts(CreditorCategory.TELECOM, hoofdsom=eur("150.00"), incassokosten=Money(incasso)))
    debt = OfferDebt("1", "X", owed.owed, claimed=owed.claimed if owed.corrected else None,
                     correction=owed.reason if owed.corrected else None)
    r = calculate_offer(capacity=Money(capacity), debts=[debt], normset=NS, fee=False)
    assert r.verdeeld <= owed.owed
    assert r.zero_offer == (r.te_verdelen == Money(0))
