"""Pure rules of the letters: stance moves, the offer per month over 18 months, dates, texts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schoonschip.budget.rules.norms import load_builtin, select
from schoonschip.budget.rules.offer import OfferDebt, calculate_offer
from schoonschip.cases.debts.rules import CreditorStance
from schoonschip.cases.letters.rules import (
    ANSWERS_BY_KIND,
    TERM_MONTHS,
    AnswerKind,
    LetterKind,
    answer_dates_saldo,
    free_text_problem,
    long_date,
    monthly_plan,
    monthly_text,
    plan_for_share,
    stance_after_answer,
    stance_after_letter,
    waiting_text,
)
from schoonschip.money import Money

STANCES = [None, *CreditorStance]

# ------------------------------------------------------------------ stance moves


@pytest.mark.parametrize(
    ("current", "kind", "expected"),
    [
        (None, LetterKind.SALDO_OPGAVE, CreditorStance.SALDOVERZOEK),
        (CreditorStance.KENNISGEVING, LetterKind.SALDO_OPGAVE, CreditorStance.SALDOVERZOEK),
        (CreditorStance.AKKOORD, LetterKind.SALDO_OPGAVE, CreditorStance.AKKOORD),
        (None, LetterKind.PAUZEKNOP, CreditorStance.KENNISGEVING),
        (CreditorStance.SALDOVERZOEK, LetterKind.PAUZEKNOP, CreditorStance.SALDOVERZOEK),
        (None, LetterKind.AANBOD, CreditorStance.BETAALVOORSTEL),
        (CreditorStance.SALDOVERZOEK, LetterKind.AANBOD, CreditorStance.BETAALVOORSTEL),
        (CreditorStance.GEEN_MEDEWERKING, LetterKind.AANBOD, CreditorStance.HEROVERWEGING),
        (CreditorStance.HEROVERWEGING, LetterKind.AANBOD, CreditorStance.HEROVERWEGING),
        (CreditorStance.SALDOVERZOEK, LetterKind.BEZWAAR_INCASSOKOSTEN, CreditorStance.SALDOVERZOEK),
        (None, LetterKind.BEZWAAR_INCASSOKOSTEN, None),
    ],
)
def test_stance_after_letter(current, kind, expected):
    assert stance_after_letter(current, kind) is expected


@pytest.mark.parametrize(
    ("current", "kind", "answer", "expected"),
    [
        (CreditorStance.BETAALVOORSTEL, LetterKind.AANBOD, AnswerKind.AKKOORD, CreditorStance.AKKOORD),
        (CreditorStance.HEROVERWEGING, LetterKind.AANBOD, AnswerKind.AKKOORD, CreditorStance.AKKOORD),
        (CreditorStance.BETAALVOORSTEL, LetterKind.AANBOD, AnswerKind.AFGEWEZEN, CreditorStance.GEEN_MEDEWERKING),
        (CreditorStance.SALDOVERZOEK, LetterKind.SALDO_OPGAVE, AnswerKind.AFGEWEZEN, CreditorStance.GEEN_MEDEWERKING),
        (CreditorStance.SALDOVERZOEK, LetterKind.SALDO_OPGAVE, AnswerKind.SALDO_ONTVANGEN, CreditorStance.SALDOVERZOEK),
        (CreditorStance.KENNISGEVING, LetterKind.PAUZEKNOP, AnswerKind.AKKOORD, CreditorStance.KENNISGEVING),
        (CreditorStance.KENNISGEVING, LetterKind.PAUZEKNOP, AnswerKind.AFGEWEZEN, CreditorStance.GEEN_MEDEWERKING),
        # A refused objection to the costs is no refusal to cooperate with the regeling.
        (CreditorStance.BETAALVOORSTEL, LetterKind.BEZWAAR_INCASSOKOSTEN, AnswerKind.AFGEWEZEN, CreditorStance.BETAALVOORSTEL),
        (CreditorStance.BETAALVOORSTEL, LetterKind.AANBOD, AnswerKind.ANDERS, CreditorStance.BETAALVOORSTEL),
    ],
)
def test_stance_after_answer(current, kind, answer, expected):
    assert stance_after_answer(current, kind, answer) is expected


def test_an_answer_that_does_not_fit_the_letter_is_refused():
    with pytest.raises(ValueError):
        stance_after_answer(None, LetterKind.AANBOD, AnswerKind.SALDO_ONTVANGEN)


@given(st.sampled_from(STANCES), st.sampled_from(list(LetterKind)))
def test_a_sent_offer_or_saldo_request_always_leaves_a_stance(current, kind):
    after = stance_after_letter(current, kind)
    if kind in (LetterKind.SALDO_OPGAVE, LetterKind.AANBOD, LetterKind.PAUZEKNOP):
        assert after is not None
    if kind is LetterKind.AANBOD:
        assert after in (CreditorStance.BETAALVOORSTEL, CreditorStance.HEROVERWEGING)


@given(st.sampled_from(STANCES), st.sampled_from(list(LetterKind)), st.data())
def test_only_an_accepted_offer_makes_akkoord(current, kind, data):
    answer = data.draw(st.sampled_from(ANSWERS_BY_KIND[kind]))
    after = stance_after_answer(current, kind, answer)
    if after is CreditorStance.AKKOORD and current is not CreditorStance.AKKOORD:
        assert kind is LetterKind.AANBOD and answer is AnswerKind.AKKOORD


def test_only_a_received_saldo_dates_the_saldo():
    assert answer_dates_saldo(LetterKind.SALDO_OPGAVE, AnswerKind.SALDO_ONTVANGEN)
    assert not answer_dates_saldo(LetterKind.SALDO_OPGAVE, AnswerKind.AFGEWEZEN)
    assert not answer_dates_saldo(LetterKind.AANBOD, AnswerKind.AKKOORD)


# --------------------------------------------------------- the offer per month


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=60))
def test_months_add_up_to_the_share_and_differ_by_a_cent_at_most(cents, months):
    amounts = monthly_plan(Money(cents), months)
    assert len(amounts) == months
    assert sum(a.cents for a in amounts) == cents
    assert max(amounts).cents - min(amounts).cents <= 1
    assert list(amounts) == sorted(amounts, reverse=True)  # the spare cents come first


def test_plan_example():
    plan = plan_for_share(Money(1000_00))  # € 1.000 over 18 months
    assert plan.months == TERM_MONTHS == 18
    assert plan.amounts[0] == Money(55_56) and plan.amounts[-1] == Money(55_55)
    assert monthly_text(plan) == "€ 55,56 (de laatste 8 maanden € 55,55)"
    assert monthly_text(plan_for_share(Money(180_00))) == "€ 10,00"


def test_negative_share_refused():
    with pytest.raises(ValueError):
        monthly_plan(Money(-1))


NS = select(load_builtin(), date(2025, 9, 1))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=5_000_000), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=200_000),
)
def test_per_creditor_months_over_18_months_add_up_to_the_whole_offer(debts_cents, capacity_cents):
    debts = [OfferDebt(key=str(i), creditor_label=f"S{i}", amount=Money(c)) for i, c in enumerate(debts_cents)]
    result = calculate_offer(capacity=Money(capacity_cents), debts=debts, normset=NS)
    plans = [plan_for_share(s.share, result.term_months) for s in result.shares]
    assert all(p.months == 18 for p in plans)
    assert sum(sum(a.cents for a in p.amounts) for p in plans) == result.verdeeld.cents
    for s, p in zip(result.shares, plans, strict=True):
        assert sum(p.amounts, Money(0)) == s.share
        assert s.share <= s.debt  # never more than the debt


# ------------------------------------------------------------------ small rules


def test_long_date_is_dutch():
    assert long_date(date(2026, 3, 1)) == "1 maart 2026"
    assert long_date(date(2026, 12, 31)) == "31 december 2026"


def test_worklist_text_in_the_fields_words():
    assert waiting_text(LetterKind.SALDO_OPGAVE, "Intrum", 21) == "Intrum: saldo-opgave gevraagd 21 dagen geleden, geen antwoord"
    assert "aanbod gestuurd" in waiting_text(LetterKind.AANBOD, "X", 15)


def test_free_text_length():
    assert free_text_problem("kort") is None
    assert free_text_problem("x" * 2001) is not None
