"""The 18-month offer (rules.md §1.4). Expected amounts are worked out by hand."""

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schoonschip.budget.rules.norms import load_builtin, select
from schoonschip.budget.rules.offer import OfferDebt, OfferError, OutsideReason, calculate_offer
from schoonschip.money import Money

NS = select(load_builtin(), date(2025, 9, 1))  # norm set 2025-07-01: 18 months, 9 % + € 6


def eur(text):
    return Money.from_decimal(text)


def debt(key, euros, **kw):
    return OfferDebt(key=key, creditor_label=key.upper(), amount=eur(euros), **kw)


DEBTS = [
    debt("a", "3000.00"),
    debt("b", "1500.00"),
    debt("c", "600.00"),
    debt("cjib", "400.00", outside_regeling=True, reason=OutsideReason.STRAFRECHTELIJKE_BOETE),
]


def shares(result):
    return {s.key: s.share for s in result.shares}


def test_offer_with_nvvk_fee_by_hand():
    """capacity 100.00 × 18 = 1800.00; fee 9 % × 1800.00 = 162.00 + 6.00 × 18 = 108.00 -> 270.00.
    te verdelen = 1530.00; debt in the offer 3000 + 1500 + 600 = 5100.00 (CJIB 400 apart).
    1530 / 5100 = 30 %: a 900.00, b 450.00, c 180.00."""
    r = calculate_offer(capacity=eur("100.00"), debts=DEBTS, normset=NS)
    assert r.term_months == 18
    assert r.afdracht_totaal == eur("1800.00")
    assert r.kosten == eur("270.00")
    assert r.te_verdelen == eur("1530.00")
    assert r.total_debt == eur("5100.00")
    assert r.percentage == Decimal("30.00")
    assert shares(r) == {"a": eur("900.00"), "b": eur("450.00"), "c": eur("180.00")}
    assert [d.key for d in r.outside] == ["cjib"]
    assert r.outside[0].reason is OutsideReason.STRAFRECHTELIJKE_BOETE
    assert not r.zero_offer
    assert r.normset_code == "2025-2"


def test_offer_without_fee_largest_remainder_by_hand():
    """1800.00 over 5100.00: a 180000 × 3000/5100 = 105882.35 c, b 52941.18 c (…176), c 21176.47 c.
    Floors 105882 + 52941 + 21176 = 179999; 1 cent left goes to the largest remainder (c, .47).
    Percentage 1800 / 5100 = 35.2941… % -> rounded down 35.29."""
    r = calculate_offer(capacity=eur("100.00"), debts=DEBTS, normset=NS, fee=False)
    assert r.kosten == Money(0)
    assert r.te_verdelen == eur("1800.00")
    assert shares(r) == {"a": eur("1058.82"), "b": eur("529.41"), "c": eur("211.77")}
    assert r.percentage == Decimal("35.29")


def test_assets_are_added_and_term_can_be_changed():
    """capacity 50.00 × 12 + assets 400.00 = 1000.00; fee 90.00 + 72.00 = 162.00 -> 838.00."""
    r = calculate_offer(capacity=eur("50.00"), assets=eur("400.00"), debts=DEBTS, normset=NS, term_months=12)
    assert r.afdracht_totaal == eur("1000.00")
    assert r.kosten == eur("162.00")
    assert r.te_verdelen == eur("838.00")


def test_surplus_is_capped_at_100_percent_and_reported():
    """500.00 × 18 = 9000.00 without fee; only 1000.00 debt -> 100 %, surplus 8000.00."""
    r = calculate_offer(capacity=eur("500.00"), debts=[debt("x", "1000.00")], normset=NS, fee=False)
    assert r.verdeeld == eur("1000.00")
    assert r.overschot == eur("8000.00")
    assert r.percentage == Decimal("100.00")
    assert shares(r) == {"x": eur("1000.00")}


def test_zero_offer():
    r = calculate_offer(capacity=Money(0), debts=DEBTS, normset=NS)
    assert r.zero_offer
    assert r.kosten == Money(0)  # the fee can never exceed the afdracht
    assert r.te_verdelen == Money(0)
    assert r.percentage == Decimal(0)
    assert all(s.share == Money(0) for s in r.shares)
    assert any("0 %-aanbod" in n for n in r.notes)


def test_fee_never_exceeds_a_small_afdracht():
    """Only assets 50.00: fee would be 4.50 + 108.00 = 112.50, capped at 50.00 -> nothing to share.
    An offer eaten by the fees is a 0 %-aanbod (issue 12 item 2)."""
    r = calculate_offer(capacity=Money(0), assets=eur("50.00"), debts=DEBTS, normset=NS)
    assert r.kosten == eur("50.00")
    assert r.te_verdelen == Money(0)
    assert r.zero_offer and r.fees_ate_offer
    assert any("kosten van de schuldhulp zijn net zo hoog als de afdracht" in n for n in r.notes)


def test_preferent_weight_two():
    """1800.00, no fee. Weights: belasting 1000 × 2 = 2000, a 2000, b 1000 -> 5000.
    1800 / 5000 = 0.36: belasting 720.00 (72 %), a 720.00 (36 %), b 360.00 (36 %)."""
    debts = [debt("belasting", "1000.00", preferent=True), debt("a", "2000.00"), debt("b", "1000.00")]
    r = calculate_offer(capacity=eur("100.00"), debts=debts, normset=NS, fee=False, preferent_factor=Decimal(2))
    assert shares(r) == {"belasting": eur("720.00"), "a": eur("720.00"), "b": eur("360.00")}
    pct = {s.key: s.percentage for s in r.shares}
    assert pct == {"belasting": Decimal("72.00"), "a": Decimal("36.00"), "b": Decimal("36.00")}


def test_preferent_creditor_never_gets_more_than_its_debt():
    """2700.00 (150 × 18), no fee. Weighted: belasting 2000, a 2000 -> belasting would get 1350 > 1000.
    So belasting gets 1000.00 (100 %) and a the remaining 1700.00 (85 %)."""
    debts = [debt("belasting", "1000.00", preferent=True), debt("a", "2000.00")]
    r = calculate_offer(capacity=eur("150.00"), debts=debts, normset=NS, fee=False, preferent_factor=Decimal(2))
    assert shares(r) == {"belasting": eur("1000.00"), "a": eur("1700.00")}
    assert r.percentage == Decimal("90.00")  # 2700 / 3000


def test_ties_broken_by_key_whatever_the_order():
    """100.00 over three debts of 100.00: 3333.33 c each; floors 9999, 1 cent to the smallest key."""
    debts = [debt(k, "100.00") for k in ("c", "a", "b")]
    for order in (debts, debts[::-1], sorted(debts, key=lambda d: d.key)):
        r = calculate_offer(capacity=Money(0), assets=eur("100.00"), debts=order, normset=NS, fee=False)
        assert shares(r) == {"a": Money(3334), "b": Money(3333), "c": Money(3333)}


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"capacity": Money(-1)}, "negatief"),
        ({"assets": Money(-1)}, "negatief"),
        ({"debts": [debt("a", "1.00"), debt("a", "2.00")]}, "dezelfde sleutel"),
        ({"debts": [debt("duo", "1.00", outside_regeling=True)]}, "waarom"),
        ({"preferent_factor": Decimal(0)}, "groter dan nul"),
        ({"term_months": 0}, "looptijd"),
    ],
)
def test_refusals_in_dutch(kwargs, fragment):
    args = {"capacity": eur("10.00"), "debts": DEBTS, "normset": NS, **kwargs}
    with pytest.raises(OfferError, match=fragment):
        calculate_offer(**args)


def test_float_factor_refused():
    with pytest.raises(TypeError):
        calculate_offer(capacity=Money(0), debts=DEBTS, normset=NS, preferent_factor=2.0)  # type: ignore[arg-type]


debt_lists = st.lists(
    st.tuples(st.integers(0, 5_000_000), st.booleans(), st.booleans()), min_size=1, max_size=12
).map(
    lambda xs: [
        OfferDebt(f"k{i:02d}", f"Schuldeiser {i}", Money(c), preferent=p, outside_regeling=o,
                  reason=OutsideReason.STUDIESCHULD if o else None)  # fmt: skip
        for i, (c, p, o) in enumerate(xs)
    ]
)


@settings(max_examples=300)
@given(
    debt_lists,
    st.integers(0, 300_000),
    st.integers(0, 2_000_000),
    st.booleans(),
    st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(2), Decimal(3)]),
    st.randoms(use_true_random=False),
)
def test_offer_properties(debts, capacity, assets, fee, factor, rnd):
    r = calculate_offer(capacity=Money(capacity), assets=Money(assets), debts=debts, normset=NS, fee=fee,
                        preferent_factor=factor)  # fmt: skip
    # shares add up exactly to what is distributed
    assert sum((s.share for s in r.shares), Money(0)) == r.verdeeld
    assert r.verdeeld + r.overschot == r.te_verdelen
    assert Money(0) <= r.te_verdelen <= r.afdracht_totaal
    assert Decimal(0) <= r.percentage <= Decimal(100)
    for s in r.shares:
        assert Money(0) <= s.share <= s.debt
        assert Decimal(0) <= s.percentage <= Decimal(100)
    inside = [d for d in debts if not d.outside_regeling]
    assert r.total_debt == sum((d.amount for d in inside), Money(0))
    assert {s.key for s in r.shares} == {d.key for d in inside}
    # with weight 1 each share is within one cent of debt × verdeeld / total (plain pro rata)
    if factor == 1 and r.total_debt.cents:
        for s in r.shares:
            assert abs(s.share.cents * r.total_debt.cents - s.debt.cents * r.verdeeld.cents) < r.total_debt.cents
    # deterministic, and independent of the input order
    shuffled = list(debts)
    rnd.shuffle(shuffled)
    again = calculate_offer(capacity=Money(capacity), assets=Money(assets), debts=shuffled, normset=NS, fee=fee,
                            preferent_factor=factor)  # fmt: skip
    assert {s.key: s.share for s in again.shares} == {s.key: s.share for s in r.shares}
    assert again.percentage == r.percentage


def test_same_debts_in_another_order_give_the_same_shares():
    debts = [debt(f"k{i}", "33.33") for i in range(7)]
    random.Random(7).shuffle(debts)
    one = calculate_offer(capacity=eur("1.00"), debts=debts, normset=NS)
    two = calculate_offer(capacity=eur("1.00"), debts=list(reversed(debts)), normset=NS)
    assert shares(one) == shares(two)
