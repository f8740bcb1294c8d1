"""Recognition: the proposed budget from synthetic transactions with known categories, the
frequency rules, and the invariant that an earmarked income (kinderbijslag, toeslagen,
kindgebonden budget) is never proposed as income that counts for the capacity."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeCounting, IncomeKind
from schoonschip.budget.statements.rules.model import Transaction
from schoonschip.budget.statements.rules.recognise import RULES, classify, propose, signals
from schoonschip.money import Money
from tests.statements_support import ACCOUNT, recognition_set, score


def _tx(d: date, cents: int, who: str, text: str = "", **kw) -> Transaction:  # type: ignore[no-untyped-def]
    return Transaction(ACCOUNT, d, Money(cents), who, "", text, f"R{d.isoformat()}{cents}{who[:3]}", **kw)


def test_recognition_on_500_synthetic_transactions_meets_the_aim():
    s = score(recognition_set(500, seed=17))
    assert s.transactions >= 500
    assert s.income_lines >= 15 and s.fixed_lines >= 30
    assert s.income_share >= 0.95 and s.fixed_share >= 0.95  # the aim
    assert s.earmarked_as_counting == 0


def test_rules_map_onto_the_budget_kinds_only():
    for rule in RULES:
        assert rule.kind is None or isinstance(rule.kind, IncomeKind | ExpenseKind)
        assert rule.direction in ("inkomen", "uitgave")
        assert (rule.direction == "inkomen") == (rule.kind is None or isinstance(rule.kind, IncomeKind))


def test_frequencies_and_averages():
    start = date(2025, 6, 2)
    four_weekly = [_tx(start + timedelta(days=28 * i), 184615, "Werkgever BV", "Salaris") for i in range(4)]
    monthly = [_tx(date(2025, m, 1), -85000, "Ymere", "Huur") for m in (6, 7, 8)]
    quarterly = [_tx(date(2025, 7, 28), 54600, "SVB", "Kinderbijslag 3e kwartaal")]
    energy = [_tx(date(2025, m, 4), -c, "Vattenfall", "Termijn") for m, c in ((6, 11000), (7, 12000), (8, 13000))]
    lines = {ln.rule: ln for ln in propose(four_weekly + monthly + quarterly + energy)}
    assert lines["loon"].kind is IncomeKind.LOON and lines["loon"].frequency is Frequency.VIER_WEKEN
    assert lines["loon"].amount == Money(184615) and lines["loon"].monthly == Money(200000)
    assert lines["huur"].frequency is Frequency.MAAND and lines["huur"].amount == Money(85000)
    assert lines["kinderbijslag"].frequency is Frequency.KWARTAAL and lines["kinderbijslag"].monthly == Money(18200)
    assert lines["kinderbijslag"].earmarked
    assert lines["energie"].amount == Money(12000)  # the average


def test_household_spending_is_a_monthly_average_per_category():
    txs = [_tx(date(2025, 6, 1) + timedelta(days=d), -3000, "Albert Heijn 1234", "Betaalpas") for d in range(0, 91, 7)]
    (line,) = propose(txs)
    assert line.kind is ExpenseKind.BOODSCHAPPEN and not line.recurring
    days = (txs[-1].booked - txs[0].booked).days + 1
    assert abs(line.amount.cents - round(3000 * len(txs) * 30.4375 / days)) <= 1


def test_an_unknown_payer_from_the_belastingdienst_or_svb_gets_no_kind():
    for who, text in (("Belastingdienst", "Voorschot 2025"), ("SVB", "Betaling")):
        txs = [_tx(date(2025, m, 20), 12000, who, text) for m in (6, 7, 8)]
        (line,) = propose(txs)
        assert line.kind is None  # the coach chooses; never guessed as counting income


def test_signals_name_the_creditor_and_never_count_income():
    txs = [
        _tx(date(2025, 6, 12), -5000, "Flanderijn", "Dossier 1"),
        _tx(date(2025, 7, 12), -5000, "Flanderijn", "Dossier 1"),
        _tx(date(2025, 6, 13), -2000, "CJIB", "Verkeersboete"),
        _tx(date(2025, 6, 14), -1000, "Unibet", "Storting"),
        _tx(date(2025, 6, 15), -9000, "Ferratum", "Aflossing"),
        _tx(date(2025, 6, 16), 9000, "Intrum", "Terugbetaling"),  # money in: no signal
    ]
    got = {(s.code, s.creditor): s for s in signals(txs)}
    assert got[("incasso", "Flanderijn")].count == 2 and got[("incasso", "Flanderijn")].total == Money(10000)
    assert ("cjib", "CJIB") in got and ("gokken", "Unibet") in got and ("flitskrediet", "Ferratum") in got
    assert not any(c == "Intrum" for _code, c in got)


EARMARKED_TEXTS = [
    ("Belastingdienst/Toeslagen", "Huurtoeslag {y}"),
    ("Belastingdienst", "Zorgtoeslag {y} voorschot"),
    ("BELASTINGDIENST TOESLAGEN", "kindgebonden budget {y}"),
    ("Belastingdienst/Toeslagen", "Kinderopvangtoeslag {y}"),
    ("SVB", "Kinderbijslag {y} kwartaal"),
    ("Sociale Verzekeringsbank", "KINDERBIJSLAG {y}"),
    ("Belastingdienst", "Voorschot {y}"),  # unknown toeslag
    ("SVB", "Betaling {y}"),  # unknown SVB payment
]
OTHER = ["Schoonmaakbedrijf BV", "Gemeente Amsterdam", "UWV", "Ymere", "Albert Heijn", "J. Testpersoon", "Vattenfall"]


@settings(max_examples=150, deadline=None)
@given(
    earmarked=st.lists(
        st.tuples(
            st.sampled_from(EARMARKED_TEXTS),
            st.integers(min_value=1, max_value=300_000),
            st.integers(min_value=0, max_value=120),
            st.sampled_from(["", " extra", " periode 3", " AOW", " salaris"]),
        ),
        min_size=1,
        max_size=12,
    ),
    other=st.lists(
        st.tuples(st.sampled_from(OTHER), st.integers(min_value=-200_000, max_value=300_000), st.integers(0, 120)),
        max_size=25,
    ),
)
def test_no_earmarked_income_is_ever_proposed_as_disposable(earmarked, other):  # type: ignore[no-untyped-def]
    start = date(2025, 6, 1)
    txs, marked = [], set()
    for (who, text), cents, day, extra in earmarked:
        if not (who == "SVB" and text.startswith("Betaling") and "AOW" in extra):  # that one is the AOW
            marked.add(len(txs))
        txs.append(_tx(start + timedelta(days=day), cents, who, text.format(y=2025) + extra))
    for who, cents, day in other:
        if cents:
            txs.append(_tx(start + timedelta(days=day), cents, who, "Betaling"))
    for line in propose(txs):
        if isinstance(line.kind, IncomeKind) and line.kind.counting is IncomeCounting.COUNTS:
            assert not marked & set(line.transactions)
        if marked & set(line.transactions):
            assert line.kind is None or line.earmarked


def test_classify_puts_earmarked_before_the_payers_general_rule():
    assert classify(_tx(date(2025, 6, 1), 100, "SVB", "AOW en kinderbijslag")).kind is IncomeKind.KINDERBIJSLAG  # type: ignore[union-attr]
    assert classify(_tx(date(2025, 6, 1), 100, "SVB", "AOW uitkering juni")).kind is IncomeKind.AOW  # type: ignore[union-attr]
