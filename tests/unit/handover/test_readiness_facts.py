"""Readiness from the case's own facts (issue 12 item 1): missed rent instalments and
escalated priority debts make "vaste lasten worden nu betaald" open whatever the coach
answered; income lines need their proof; saldo-opgaven; the crisis flag; the coach's
override needs a reason and is never "in orde"; n.v.t. on a required document needs a
reason and never counts as received."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.budget.rules.items import Person
from schoonschip.cases.debts.rules import CreditorCategory, DebtStatus
from schoonschip.cases.handover.rules import (
    ESCALATED_PRIORITY_STATUSES,
    DocumentAnswer,
    DocumentStatus,
    EvidenceKind,
    FactKind,
    FactRef,
    IncomeItem,
    ItemSource,
    ItemStatus,
    Override,
    PayFrequency,
    RentArrangementFacts,
    Track,
    assess_all,
    assess_readiness,
    voorlegger_status,
    voorlegger_summary,
)
from tests.unit.handover.test_readiness import ANSWERED, BASE_DEBTS, PEIL, complete, debt, item

FIXED = "vaste_lasten_betaald"
MISSED = RentArrangementFacts(mediation_key=7, missed=(date(2026, 2, 1),))


def test_the_complete_case_still_has_no_open_item():
    for report in assess_all(complete()).values():
        assert report.ready and not report.warnings


# ------------------------------------------------------------------ vaste lasten
def test_a_missed_instalment_makes_fixed_costs_open_although_the_coach_said_yes():
    r = assess_readiness(complete(rent_arrangements=(MISSED,)))
    it = item(r, FIXED)
    assert it.status is ItemStatus.OPEN and it.source is ItemSource.BEREKEND
    assert FIXED in [i.code for i in r.blocking] and not r.ready
    assert "1 termijn gemist" in it.explanation
    # The link to the fact: the mediation and the instalment's date.
    assert FactRef(FactKind.BEMIDDELING, 7, date(2026, 2, 1)) in it.refs
    assert it.on == date(2026, 2, 1)


def test_an_unmarked_instalment_past_due_is_open_too():
    r = assess_readiness(complete(rent_arrangements=(RentArrangementFacts(3, unmarked=(date(2026, 2, 1),)),)))
    assert item(r, FIXED).status is ItemStatus.OPEN
    assert "niet ingevuld of die betaald is" in item(r, FIXED).explanation


@pytest.mark.parametrize("status", sorted(ESCALATED_PRIORITY_STATUSES))
@pytest.mark.parametrize("category", [CreditorCategory.ENERGIELEVERANCIER, CreditorCategory.WONINGCORPORATIE_VERHUURDER,
                                      CreditorCategory.WATERBEDRIJF, CreditorCategory.ZORGVERZEKERAAR])
def test_a_priority_debt_at_14_dagenbrief_or_deurwaarder_makes_fixed_costs_open(status, category):
    escalated = debt(category, status=status, key=99)
    r = assess_readiness(complete(debts=(*BASE_DEBTS, escalated)))
    it = item(r, FIXED)
    assert it.status is ItemStatus.OPEN
    assert FactRef(FactKind.SCHULD, 99) in it.refs
    assert "14-dagenbrief of de deurwaarder" in it.explanation


@pytest.mark.parametrize(
    "escalated",
    [
        debt(CreditorCategory.TELECOM, status=DebtStatus.VEERTIENDAGENBRIEF),  # not a priority creditor
        debt(CreditorCategory.ENERGIELEVERANCIER, status=DebtStatus.INCASSOBUREAU),  # an old arrear
        debt(CreditorCategory.ENERGIELEVERANCIER, status=DebtStatus.BETALINGSREGELING),
        debt(CreditorCategory.ENERGIELEVERANCIER, status=DebtStatus.AFGELOST),
    ],
)
def test_other_debts_leave_fixed_costs_to_the_coach(escalated):
    r = assess_readiness(complete(debts=(*BASE_DEBTS, escalated)))
    it = item(r, FIXED)
    assert it.status is ItemStatus.OK and it.source is ItemSource.BEANTWOORD


# ------------------------------------------------------------------ income proof
def test_income_proof_is_checked_against_the_budget_lines():
    r = assess_readiness(complete(documents={}))
    bewoner, partner = item(r, "inkomen_bewoner"), item(r, "inkomen_partner")
    assert bewoner.status is ItemStatus.OPEN and bewoner.source is ItemSource.BEREKEND
    assert FactRef(FactKind.DOCUMENT, "inkomstenspecificatie") in bewoner.refs
    # The partner has bijstand: the beschikking too.
    assert {FactRef(FactKind.DOCUMENT, "inkomstenspecificatie"), FactRef(FactKind.DOCUMENT, "beschikkingen")} <= set(partner.refs)


def test_a_document_on_nvt_is_no_proof_of_income():
    docs = {"inkomstenspecificatie": DocumentAnswer(DocumentStatus.NVT, ANSWERED, "geen loonstrook")}
    r = assess_readiness(complete(documents=docs))
    assert item(r, "inkomen_bewoner").status is ItemStatus.OPEN


def test_toeslagen_need_the_toeslagenbeschikking():
    income = (IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.MAAND),
              IncomeItem(Person.BEWONER, EvidenceKind.TOESLAG, PayFrequency.MAAND))
    r = assess_readiness(complete(income=income, has_partner=False))
    assert FactRef(FactKind.DOCUMENT, "toeslagenbeschikkingen") in item(r, "inkomen_bewoner").refs
    docs = {**complete().documents, "toeslagenbeschikkingen": DocumentAnswer(DocumentStatus.ONTVANGEN, ANSWERED)}
    assert item(assess_readiness(complete(income=income, has_partner=False, documents=docs)), "inkomen_bewoner").status is ItemStatus.OK


# ------------------------------------------------------------ crisis, consent links
def test_a_crisis_flag_without_a_recorded_crisis_blocks():
    r = assess_readiness(complete(crisis_flag_since=date(2026, 2, 27)))
    assert "crisis_onbekend" in [i.code for i in r.blocking]
    assert "crisis_onbekend" not in [i.code for i in assess_readiness(complete()).items]


def test_consent_links_to_the_consent_and_cannot_be_overridden():
    r = assess_readiness(complete(consent_share_on=None,
                                  overrides={"toestemming_delen": Override("bewoner zei het mondeling", ANSWERED)}))
    it = item(r, "toestemming_delen")
    assert it.status is ItemStatus.OPEN and not it.overridable
    assert it.refs == (FactRef(FactKind.TOESTEMMING),)


# ----------------------------------------------------------------------- override
def test_an_override_needs_a_reason():
    for blank in ("", "   ", "\n"):
        with pytest.raises(ValueError):
            Override(blank, ANSWERED)


def test_an_override_sets_a_computed_item_aside_with_its_reason_never_as_in_orde():
    reason = "Termijn van februari is op 3 maart alsnog betaald, bewijs gezien"
    r = assess_readiness(complete(rent_arrangements=(MISSED,), overrides={FIXED: Override(reason, ANSWERED)}))
    it = item(r, FIXED)
    assert it.status is ItemStatus.OVERSCHREVEN
    assert it.override is not None and it.override.reason == reason
    assert r.ready and it in r.overridden
    assert reason in it.explanation


def test_an_override_does_nothing_on_an_item_that_is_in_order_or_answered_by_the_coach():
    r = assess_readiness(complete(overrides={FIXED: Override("reden", ANSWERED),
                                             "identiteitsbewijs": Override("reden", ANSWERED)}))
    assert item(r, FIXED).status is ItemStatus.OK and item(r, FIXED).override is None
    r2 = assess_readiness(complete(answers={}, overrides={"identiteitsbewijs": Override("reden", ANSWERED)}))
    assert item(r2, "identiteitsbewijs").status is ItemStatus.OPEN


# ----------------------------------------------------------------- voorlegger n.v.t.
def test_nvt_on_a_required_document_needs_a_reason_and_never_counts_as_received():
    lines = voorlegger_status(["legitimatie", "huurspecificatie"], {
        "legitimatie": DocumentAnswer(DocumentStatus.NVT, ANSWERED),
        "huurspecificatie": DocumentAnswer(DocumentStatus.NVT, ANSWERED, "woont bij haar moeder, betaalt geen huur"),
    })
    by_code = {line.item.code: line for line in lines}
    assert by_code["legitimatie"].missing  # no reason: still missing
    assert not by_code["huurspecificatie"].missing and by_code["huurspecificatie"].reason
    s = voorlegger_summary(lines)
    assert s.ontvangen == 0
    assert s.required_missing == 1 and s.required_nvt == 1 and not s.complete


def test_nvt_on_a_document_that_is_not_required_needs_no_reason():
    lines = voorlegger_status(["legitimatie"], {"legitimatie": DocumentAnswer(DocumentStatus.ONTVANGEN, ANSWERED),
                                                "auto": DocumentAnswer(DocumentStatus.NVT, ANSWERED)})
    assert voorlegger_summary(lines).complete


# ---------------------------------------------------------------------- invariants
instalment_days = st.lists(st.dates(min_value=PEIL - timedelta(days=400), max_value=PEIL), min_size=1, max_size=4)
any_answer = st.sampled_from(["ja", "nee", "nvt", None])


@given(
    missed=instalment_days,
    answer=any_answer,
    reason=st.one_of(st.none(), st.text(min_size=1, max_size=40).filter(str.strip)),
    track=st.sampled_from(list(Track)),
)
def test_a_missed_instalment_never_produces_in_orde(missed, answer, reason, track):
    from tests.unit.handover.test_readiness import answers as with_answers

    overrides = {FIXED: Override(reason, ANSWERED)} if reason else {}
    inp = complete(
        rent_arrangements=(RentArrangementFacts(1, missed=tuple(missed)),),
        answers=with_answers(**{FIXED: answer}) if answer != "nvt" else with_answers(),
        overrides=overrides,
    )
    it = item(assess_readiness(inp, track), FIXED)
    assert it.status is not ItemStatus.OK
    if reason:
        assert it.status is ItemStatus.OVERSCHREVEN and it.override == Override(reason, ANSWERED)
    else:
        assert it.status is ItemStatus.OPEN
        assert not assess_readiness(inp, track).ready


@given(status=st.sampled_from(sorted(ESCALATED_PRIORITY_STATUSES)),
       category=st.sampled_from([c for c in CreditorCategory if c.is_vaste_lasten]),
       answer=any_answer)
def test_an_escalated_priority_debt_is_never_in_orde_without_a_reason(status, category, answer):
    from tests.unit.handover.test_readiness import answers as with_answers

    inp = complete(debts=(*BASE_DEBTS, debt(category, status=status)),
                   answers=with_answers(**{FIXED: answer}) if answer != "nvt" else with_answers())
    for report in assess_all(inp).values():
        assert item(report, FIXED).status is ItemStatus.OPEN and not report.ready


@given(codes=st.sets(st.sampled_from(["toestemming_delen", "schuldenlijst_compleet", "toelichting_coach",
                                       "inkomen_bewoner", FIXED, "crisis_onbekend"])))
def test_overrides_never_open_or_close_consent_and_always_carry_their_reason(codes):
    empty = dataclasses.replace(
        complete(), consent_share_on=None, debts=(), explanation_origin_present=False, documents={},
        rent_arrangements=(MISSED,), crisis_flag_since=PEIL,
        overrides={c: Override(f"reden {c}", ANSWERED) for c in codes},
    )
    for report in assess_all(empty).values():
        for it in report.items:
            if it.status is ItemStatus.OVERSCHREVEN:
                assert it.code in codes and it.code != "toestemming_delen"
                assert it.override is not None and it.override.reason == f"reden {it.code}"
            if it.code == "toestemming_delen":
                assert it.status is ItemStatus.OPEN


def test_an_override_lapses_when_a_new_fact_comes_in():
    seen = item(assess_readiness(complete(rent_arrangements=(MISSED,))), FIXED).refs
    override = Override("termijn 1 alsnog betaald", ANSWERED, frozenset(seen))
    still = assess_readiness(complete(rent_arrangements=(MISSED,), overrides={FIXED: override}))
    assert item(still, FIXED).status is ItemStatus.OVERSCHREVEN
    two = RentArrangementFacts(mediation_key=7, missed=(date(2026, 2, 1), date(2026, 3, 1)))
    again = assess_readiness(complete(rent_arrangements=(two,), overrides={FIXED: override}))
    it = item(again, FIXED)
    assert it.status is ItemStatus.OPEN and it.override is None and not again.ready
    assert "er is daarna iets nieuws bijgekomen" in it.explanation
    # A fact that went away keeps the override (the coach's reason still covers the rest).
    fewer = assess_readiness(complete(rent_arrangements=(MISSED,), debts=BASE_DEBTS[:1], overrides={FIXED: override}))
    assert item(fewer, FIXED).status is ItemStatus.OVERSCHREVEN


@given(extra=st.lists(st.dates(min_value=PEIL - timedelta(days=300), max_value=PEIL), min_size=1, max_size=3))
def test_an_override_never_covers_a_missed_instalment_it_did_not_see(extra):
    override = Override("gezien", ANSWERED, frozenset({FactRef(FactKind.BEMIDDELING, 7, date(2026, 2, 1))}))
    missed = tuple(sorted({date(2026, 2, 1), *extra}))
    r = assess_readiness(complete(rent_arrangements=(RentArrangementFacts(7, missed=missed),), overrides={FIXED: override}))
    covered = set(missed) == {date(2026, 2, 1)}
    assert (item(r, FIXED).status is ItemStatus.OVERSCHREVEN) == covered
