"""Issue 14 item 4: incassokosten before the 14-dagenbrief (art. 6:96 lid 6 BW; HR 25-11-2016,
ECLI:NL:HR:2016:2704), the Wki cap for small recurring claims (€ 140 per six months when the
instalment is below € 266,67, from 1 October 2024) and the Justis register, at their boundaries."""

from datetime import date, timedelta

import pytest

from schoonschip.cases.debts.rules import (
    WKI_CAP_2024,
    CollectorKind,
    CreditorCategory,
    DebtFacts,
    DebtStatus,
    FindingCode,
    check_debt,
    earliest_incassokosten_date,
    max_incassokosten,
)
from schoonschip.money import Money


def eur(text: str) -> Money:
    return Money.from_decimal(text)


def codes(facts: DebtFacts) -> set[FindingCode]:
    return {f.code for f in check_debt(facts)}


def debt(**kw) -> DebtFacts:
    base = dict(creditor_category=CreditorCategory.TELECOM, hoofdsom=eur("100.00"), incassokosten=eur("40.00"),
                has_reference=True, peildatum=date(2025, 3, 1))  # fmt: skip
    base.update(kw)
    return DebtFacts(**base)


# --- 14-dagenbrief -----------------------------------------------------------------------


def test_costs_while_only_a_reminder_was_sent_are_flagged_in_plain_words():
    findings = check_debt(debt(status=DebtStatus.HERINNERING_AANMANING))
    early = [f for f in findings if f.code is FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF]
    assert len(early) == 1
    assert "14 dagen" in early[0].message and "gratis brief" in early[0].message


@pytest.mark.parametrize("status", [s for s in DebtStatus if s is not DebtStatus.HERINNERING_AANMANING])
def test_no_flag_from_the_14_dagenbrief_stage_on_without_dates(status):
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF not in codes(debt(status=status))


def test_no_flag_without_costs_or_for_a_business_debt():
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF not in codes(
        debt(status=DebtStatus.HERINNERING_AANMANING, incassokosten=None)
    )
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF not in codes(
        debt(status=DebtStatus.HERINNERING_AANMANING, incassokosten=Money(0))
    )
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF not in codes(
        debt(status=DebtStatus.HERINNERING_AANMANING, zakelijk=True)
    )


def test_the_14_days_run_from_the_day_after_receipt():
    received = date(2025, 2, 3)
    assert earliest_incassokosten_date(received) == date(2025, 2, 18)  # 4..17 February are the 14 days
    last_day_of_term = received + timedelta(days=14)
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF in codes(
        debt(status=DebtStatus.INCASSOBUREAU, veertiendagenbrief_received_on=received, peildatum=last_day_of_term)
    )
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF not in codes(
        debt(status=DebtStatus.INCASSOBUREAU, veertiendagenbrief_received_on=received,
             peildatum=last_day_of_term + timedelta(days=1), collector_in_justis_register=True)  # fmt: skip
    )
    msg = next(f.message for f in check_debt(
        debt(status=DebtStatus.INCASSOBUREAU, veertiendagenbrief_received_on=received, peildatum=received)))
    assert "03-02-2025" in msg and "18-02-2025" in msg


# --- the Wki cap ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("termijn", "costs", "periods", "flag"),
    [
        ("266.66", "140.00", 1, False),  # exactly the cap
        ("266.66", "140.01", 1, True),  # a cent above
        ("266.67", "140.01", 1, False),  # instalment not below € 266,67: only the staffel applies
        ("50.00", "280.00", 2, False),  # two half-years: € 280
        ("50.00", "280.01", 2, True),
    ],
)
def test_wki_cap_at_its_boundaries(termijn, costs, periods, flag):
    # hoofdsom 2000: the staffel allows € 300, so only the Wki cap can bite here
    facts = debt(hoofdsom=eur("2000.00"), incassokosten=eur(costs), termijnbedrag=eur(termijn), wki_periods=periods,
                 peildatum=date(2025, 1, 15))  # fmt: skip
    found = [f for f in check_debt(facts) if f.code is FindingCode.INCASSOKOSTEN_BOVEN_WKI_PLAFOND]
    assert bool(found) is flag
    if flag:
        assert found[0].maximum == WKI_CAP_2024.per_six_months * periods
        assert found[0].excess == eur("0.01")
        assert "€ 140,00 per half jaar" in found[0].message


def test_wki_cap_applies_from_1_october_2024():
    facts = dict(incassokosten=eur("150.00"), hoofdsom=eur("2000.00"), termijnbedrag=eur("30.00"))
    assert FindingCode.INCASSOKOSTEN_BOVEN_WKI_PLAFOND not in codes(debt(peildatum=date(2024, 9, 30), **facts))
    assert FindingCode.INCASSOKOSTEN_BOVEN_WKI_PLAFOND in codes(debt(peildatum=date(2024, 10, 1), **facts))


def test_the_staffel_function_keeps_its_name_and_signature():
    # the offer (another area) uses it: max_incassokosten(hoofdsom, staffel=..., *, incl_btw=...)
    assert max_incassokosten(eur("2500.00")) == eur("375.00")
    assert max_incassokosten(eur("100.00"), incl_btw=True) == eur("48.40")


def test_wki_periods_must_be_at_least_one():
    with pytest.raises(ValueError):
        debt(wki_periods=0)


# --- the Justis register ----------------------------------------------------------------


def test_incassobureau_not_in_the_register_is_a_warning():
    facts = debt(status=DebtStatus.INCASSOBUREAU, collector=CollectorKind.INCASSOBUREAU,
                 collector_in_justis_register=False)  # fmt: skip
    assert FindingCode.INCASSOBUREAU_NIET_IN_REGISTER in codes(facts)
    unanswered = debt(status=DebtStatus.INCASSOBUREAU, collector=CollectorKind.INCASSOBUREAU)
    assert FindingCode.INCASSOBUREAU_REGISTER_ONBEKEND in codes(unanswered)
    ok = debt(status=DebtStatus.INCASSOBUREAU, collector=CollectorKind.INCASSOBUREAU, collector_in_justis_register=True)
    assert not {FindingCode.INCASSOBUREAU_NIET_IN_REGISTER, FindingCode.INCASSOBUREAU_REGISTER_ONBEKEND} & codes(ok)


@pytest.mark.parametrize("kind", [CollectorKind.DEURWAARDER, CollectorKind.ADVOCAAT, None])
def test_deurwaarders_and_lawyers_need_no_register(kind):
    facts = debt(collector=kind, collector_in_justis_register=False)
    assert not {FindingCode.INCASSOBUREAU_NIET_IN_REGISTER, FindingCode.INCASSOBUREAU_REGISTER_ONBEKEND} & codes(facts)
