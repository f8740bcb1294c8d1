"""Budget items: enums, exact monthly conversion, the summary (rules.md §0.5)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.budget.rules.items import (
    BudgetItem,
    ExpenseGroup,
    ExpenseKind,
    Frequency,
    IncomeCounting,
    IncomeKind,
    Person,
    counted_income,
    monthly_total,
    summarise,
    to_monthly,
    to_monthly_exact,
)
from schoonschip.money import Money

B, P, H = Person.BEWONER, Person.PARTNER, Person.HUISGENOOT


def inc(kind, euros, freq=Frequency.MAAND, person=B):
    return BudgetItem(kind, person, Money.from_decimal(euros), freq)


def exp(kind, euros, freq=Frequency.MAAND, person=B):
    return BudgetItem(kind, person, Money.from_decimal(euros), freq)


# --- enums ---------------------------------------------------------------------------


def test_income_codes_are_the_dutch_ones():
    assert {k.value for k in IncomeKind} == {
        "loon", "participatiewet", "ww", "zw", "wia_wao_wajong", "aow", "pensioen",
        "alimentatie_ontvangen", "huurtoeslag", "zorgtoeslag", "kindgebonden_budget",
        "kinderbijslag", "kinderopvangtoeslag", "vakantiegeld", "onkostenvergoeding", "anders",
    }  # fmt: skip


def test_how_income_counts_follows_rules_0_5():
    by = {c: {k for k in IncomeKind if k.counting is c} for c in IncomeCounting}
    assert by[IncomeCounting.EARMARKED] == {
        IncomeKind.KINDERBIJSLAG,
        IncomeKind.KINDEROPVANGTOESLAG,
        IncomeKind.ONKOSTENVERGOEDING,
    }
    assert by[IncomeCounting.OFFSETS_RENT] == {IncomeKind.HUURTOESLAG}
    assert by[IncomeCounting.OFFSETS_HEALTH] == {IncomeKind.ZORGTOESLAG}
    assert by[IncomeCounting.INSIDE_VTLB] == {IncomeKind.KINDGEBONDEN_BUDGET}
    assert IncomeKind.LOON in by[IncomeCounting.COUNTS]
    assert IncomeKind.VAKANTIEGELD in by[IncomeCounting.COUNTS]
    assert len(by[IncomeCounting.COUNTS]) == 16 - 6


def test_every_kind_has_a_dutch_label():
    for k in [*IncomeKind, *ExpenseKind, *Person, *ExpenseGroup, *Frequency]:
        assert isinstance(k.label, str) and k.label.strip()
    assert IncomeKind.KINDERBIJSLAG.label == "Kinderbijslag"
    assert Person.BEWONER.value == "bewoner"


@pytest.mark.parametrize(
    ("kind", "group"),
    [
        (ExpenseKind.HUUR_SERVICEKOSTEN, ExpenseGroup.VASTE_LASTEN),
        (ExpenseKind.LOPENDE_REGELINGEN, ExpenseGroup.VASTE_LASTEN),
        (ExpenseKind.KINDEROPVANG, ExpenseGroup.VASTE_LASTEN),
        (ExpenseKind.KLEDING, ExpenseGroup.RESERVERINGSUITGAVEN),
        (ExpenseKind.ONDERHOUD, ExpenseGroup.RESERVERINGSUITGAVEN),
        (ExpenseKind.BOODSCHAPPEN, ExpenseGroup.HUISHOUDELIJKE_UITGAVEN),
        (ExpenseKind.PERSOONLIJKE_VERZORGING, ExpenseGroup.HUISHOUDELIJKE_UITGAVEN),
        (ExpenseKind.ANDERS, ExpenseGroup.ANDERS),
    ],
)
def test_nibud_groups(kind, group):
    assert kind.group is group


def test_vaste_lasten_has_the_twelve_kinds():
    assert len([k for k in ExpenseKind if k.group is ExpenseGroup.VASTE_LASTEN]) == 12


# --- monthly conversion --------------------------------------------------------------


@pytest.mark.parametrize(
    ("euros", "freq", "monthly_cents"),
    [
        ("100.00", Frequency.VIER_WEKEN, 10833),  # 10000 × 13 / 12 = 10833.33
        ("1.00", Frequency.WEEK, 433),  # 100 × 52 / 12 = 433.33
        ("0.06", Frequency.VIER_WEKEN, 7),  # 6 × 13 / 12 = 6.5 -> half up -> 7
        ("300.00", Frequency.KWARTAAL, 10000),
        ("1000.00", Frequency.JAAR, 8333),  # 100000 / 12 = 8333.33
        ("120.06", Frequency.JAAR, 1001),  # 12006 / 12 = 1000.5 -> 1001
        ("85.00", Frequency.MAAND, 8500),
    ],
)
def test_to_monthly_by_hand(euros, freq, monthly_cents):
    assert to_monthly(Money.from_decimal(euros), freq) == Money(monthly_cents)


def test_round_once_not_per_item():
    # Six separate € 0,01 per 4 weeks: each is 1.0833 cent (1 cent if rounded alone, 6 in
    # total); the exact sum is 6 × 13 / 12 = 6.5 cents, rounded once = 7 cents.
    items = [inc(IncomeKind.LOON, "0.01", Frequency.VIER_WEKEN) for _ in range(6)]
    assert sum((i.monthly for i in items), Money(0)) == Money(6)
    assert monthly_total(items) == Money(7)


@given(st.integers(min_value=0, max_value=10**9))
def test_four_weekly_is_exactly_13_twelfths(cents):
    exact = to_monthly_exact(Money(cents), Frequency.VIER_WEKEN)
    assert exact * 12 == cents * 13
    # independent cross-check with Decimal, which is exact at the half-cent cases
    expected = Money.from_decimal(Decimal(cents * 13) / Decimal(1200))
    assert to_monthly(Money(cents), Frequency.VIER_WEKEN) == expected


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(list(Frequency)))
def test_monthly_times_twelve_is_within_rounding_of_the_year(cents, freq):
    per_year = {Frequency.WEEK: 52, Frequency.VIER_WEKEN: 13, Frequency.MAAND: 12,
                Frequency.KWARTAAL: 4, Frequency.JAAR: 1}[freq]  # fmt: skip
    monthly = to_monthly(Money(cents), freq)
    assert abs(monthly.cents * 12 - cents * per_year) <= 6  # at most half a cent × 12


def test_float_is_refused():
    with pytest.raises(TypeError):
        to_monthly(12.5, Frequency.MAAND)  # type: ignore[arg-type]


def test_negative_item_refused():
    with pytest.raises(ValueError, match="negatief"):
        BudgetItem(IncomeKind.LOON, B, Money(-1), Frequency.MAAND)


# --- summary -------------------------------------------------------------------------


def test_summary_by_hand():
    incomes = [
        inc(IncomeKind.LOON, "1800.00"),
        inc(IncomeKind.KINDERBIJSLAG, "300.00", Frequency.KWARTAAL),  # 100.00 / maand
        inc(IncomeKind.HUURTOESLAG, "200.00"),
    ]
    expenses = [
        exp(ExpenseKind.HUUR_SERVICEKOSTEN, "900.00"),
        exp(ExpenseKind.ENERGIE, "150.00"),
        exp(ExpenseKind.BOODSCHAPPEN, "100.00", Frequency.WEEK),  # 10000 × 52 / 12 = 43333.33
        exp(ExpenseKind.KLEDING, "600.00", Frequency.JAAR),  # 50.00
    ]
    s = summarise(incomes, expenses)
    assert s.income_total == Money(210000)  # 1800 + 100 + 200
    assert s.counted_income == Money(180000)
    assert s.earmarked_income == Money(10000)
    assert s.huurtoeslag == Money(20000)
    assert s.toeslagen_offsets == Money(20000)
    assert s.expenses_by_group[ExpenseGroup.VASTE_LASTEN] == Money(105000)
    assert s.expenses_by_group[ExpenseGroup.HUISHOUDELIJKE_UITGAVEN] == Money(43333)
    assert s.expenses_by_group[ExpenseGroup.RESERVERINGSUITGAVEN] == Money(5000)
    assert s.expense_total == Money(153333)  # 900 + 150 + 433.33 + 50
    assert s.left_over == Money(56667)  # 2100.00 − 1533.33
    assert s.sentence == "Er blijft elke maand € 566,67 over."
    assert s.shortfall == Money(0)


def test_shortfall_sentence_is_plain_dutch():
    s = summarise([inc(IncomeKind.PARTICIPATIEWET, "1000.00")], [exp(ExpenseKind.HUUR_SERVICEKOSTEN, "1085.00")])
    assert s.left_over == Money(-8500)
    assert s.shortfall == Money(8500)
    assert s.sentence == "Er komt elke maand € 85,00 te weinig binnen."


def test_zero_left_over_sentence():
    s = summarise([inc(IncomeKind.WW, "500.00")], [exp(ExpenseKind.BOODSCHAPPEN, "500.00")])
    assert "niets over" in s.sentence


def test_income_of_a_housemate_is_not_counted():
    items = [inc(IncomeKind.LOON, "1000.00"), inc(IncomeKind.LOON, "700.00", person=P),
             inc(IncomeKind.LOON, "2000.00", person=H)]  # fmt: skip
    assert counted_income(items) == Money(170000)
    s = summarise(items, [])
    assert s.income_total == Money(370000) and s.housemate_income == Money(200000)
    assert summarise(items[:2], []).housemate_income == Money(0)


def test_items_on_the_wrong_side_are_refused():
    with pytest.raises(ValueError):
        summarise([exp(ExpenseKind.ENERGIE, "1.00")], [])


amounts = st.integers(min_value=0, max_value=500_000).map(Money)
expense_items = st.builds(
    BudgetItem, st.sampled_from(list(ExpenseKind)), st.sampled_from(list(Person)), amounts,
    st.sampled_from(list(Frequency)),
)  # fmt: skip


@given(st.lists(expense_items, max_size=20))
def test_groups_add_up_exactly_to_the_total(expenses):
    s = summarise([], expenses)
    assert sum(s.expenses_by_group.values(), Money(0)) == s.expense_total
    # each group is within one cent of its own exact sum
    for g in ExpenseGroup:
        exact = sum((e.monthly_exact for e in expenses if e.kind.group is g), 0)
        assert abs(s.expenses_by_group[g].cents - exact) < 1
