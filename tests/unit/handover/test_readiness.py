import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from schoonschip.budget.rules.items import Person
from schoonschip.cases.debts.rules import CreditorCategory, DebtFacts, DebtStatus, GarnishmentKind
from schoonschip.cases.handover.rules import (
    AUTO_WAARDEGRENS,
    VOORLEGGER_ITEMS,
    Answer,
    AnswerValue,
    CrisisFlag,
    CrisisKind,
    DocumentAnswer,
    DocumentStatus,
    EvidenceKind,
    IncomeItem,
    ItemKind,
    ItemSource,
    ItemStatus,
    PayFrequency,
    ReadinessInput,
    Track,
    assess_all,
    assess_readiness,
    income_evidence_needed,
    item_catalogue,
    voorlegger_status,
    voorlegger_summary,
)
from schoonschip.money import Money

PEIL = date(2026, 3, 1)
ANSWERED = date(2026, 2, 20)
M, W = Track.MINNELIJK, Track.WSNP


def eur(x) -> Money:
    return Money.from_decimal(Decimal(str(x)))


def ans(value: str) -> Answer:
    return Answer(AnswerValue(value), ANSWERED)


def debt(category=CreditorCategory.TELECOM, **kw) -> DebtFacts:
    base = dict(
        creditor_category=category,
        hoofdsom=eur(300),
        has_reference=True,
        peildatum=date(2026, 2, 1),
        arisen_on=date(2020, 6, 1),
        status=DebtStatus.INCASSOBUREAU,
        key="SECRET-REF-Jansen",
    )
    base.update(kw)
    return DebtFacts(**base)


BASE_DEBTS = (
    debt(CreditorCategory.WONINGCORPORATIE_VERHUURDER, hoofdsom=eur(1200), status=DebtStatus.BETALINGSREGELING),
    debt(CreditorCategory.TELECOM, incassokosten=eur(45)),
    debt(CreditorCategory.CJIB, hoofdsom=eur(190), cjib_verkeersboete=True, arisen_on=date(2022, 1, 15)),
    # paid off and incomplete: must not block anything
    debt(CreditorCategory.WEBWINKEL_ACHTERAF, has_reference=False, peildatum=None, fraud=True,
         arisen_on=date(2025, 1, 1), status=DebtStatus.AFGELOST),
)
BASE_ANSWERS = {
    code: ans("ja")
    for code in (
        "identiteitsbewijs",
        "inkomen_bewoner",
        "inkomen_partner",
        "inkomen_voorzieningen",
        "schuldenlijst_akkoord",
        "vaste_lasten_betaald",
        "aanvraag_volmacht",
        "belastingaangiften",
        "wsnp_285_verklaring",
    )
}


# The proof of the income lines above (loon: specificaties; bijstand: also the beschikking).
INCOME_PROOF = {
    "inkomstenspecificatie": DocumentAnswer(DocumentStatus.ONTVANGEN, ANSWERED),
    "beschikkingen": DocumentAnswer(DocumentStatus.ONTVANGEN, ANSWERED),
}


def complete(**changes) -> ReadinessInput:
    base = ReadinessInput(
        peildatum=PEIL,
        answers=dict(BASE_ANSWERS),
        crises=(),
        income=(
            IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.MAAND),
            IncomeItem(Person.PARTNER, EvidenceKind.PARTICIPATIEWET, PayFrequency.MAAND),
        ),
        has_partner=True,
        debts=BASE_DEBTS,
        explanation_origin_present=True,
        explanation_effort_present=True,
        consent_share_on=date(2026, 1, 10),
        fixed_costs_specified=True,
        car_value=eur(2000),
        alimony_paid=False,
        nihilstelling_requested=False,
        documents=dict(INCOME_PROOF),
        saldo_confirmed_on={"SECRET-REF-Jansen": date(2026, 2, 1)},
    )
    return dataclasses.replace(base, **changes)


def answers(**kw) -> dict:
    """BASE_ANSWERS with changes; a value of None removes the answer."""
    out = dict(BASE_ANSWERS)
    for code, value in kw.items():
        if value is None:
            out.pop(code)
        else:
            out[code] = ans(value)
    return out


def with_debt(*extra: DebtFacts) -> dict:
    return {"debts": BASE_DEBTS + extra}


def codes(items) -> list[str]:
    return [i.code for i in items]


def item(report, code):
    (found,) = [i for i in report.items if i.code == code]
    return found


# ------------------------------------------------------------ the complete case
@pytest.mark.parametrize("track", [M, W])
def test_complete_case_is_ready_without_warnings(track):
    r = assess_readiness(complete(), track)
    assert r.ready
    assert r.blocking == []
    assert r.warnings == []
    assert all(i.status in (ItemStatus.OK, ItemStatus.NVT) for i in r.ok)
    assert len(set(codes(r.items))) == len(r.items)


def test_wsnp_has_extra_items_minnelijk_does_not():
    extra = {"wsnp_staat_schuldeisers", "wsnp_inkomen_vaste_lasten", "wsnp_285_verklaring", "goede_trouw_toelichting"}
    m = set(codes(assess_readiness(complete(), M).items))
    w = set(codes(assess_readiness(complete(), W).items))
    assert w - m == extra
    assert m <= w


# -------------------------------------------- blocking: triggered by data, per item
BLOCKING_TRIGGERS = [
    # (code, changes, tracks where it must block)
    ("crisis_ontruiming", {"crises": (CrisisFlag(CrisisKind.ONTRUIMING, handled=False),)}, (M, W)),
    ("crisis_afsluiting_energie_water", {"crises": (CrisisFlag(CrisisKind.AFSLUITING_ENERGIE_WATER, False),)}, (M, W)),
    ("crisis_zorgverzekering_opgezegd", {"crises": (CrisisFlag(CrisisKind.ZORGVERZEKERING_OPGEZEGD, False),)}, (M, W)),
    ("identiteitsbewijs", {"answers": answers(identiteitsbewijs=None)}, (M, W)),
    ("identiteitsbewijs", {"answers": answers(identiteitsbewijs="nee")}, (M, W)),
    ("identiteitsbewijs", {"answers": answers(identiteitsbewijs="nvt")}, (M, W)),
    ("inkomen_bewoner", {"answers": answers(inkomen_bewoner=None)}, (M, W)),
    ("inkomen_bewoner", {"answers": answers(inkomen_bewoner="nee")}, (M, W)),
    ("inkomen_bewoner", {"income": (IncomeItem(Person.PARTNER, EvidenceKind.LOON, PayFrequency.WEEK),)}, (M, W)),
    ("inkomen_partner", {"answers": answers(inkomen_partner=None)}, (M, W)),
    ("inkomen_partner", {"answers": answers(inkomen_partner="nee")}, (M, W)),
    ("inkomen_partner", {"answers": answers(inkomen_partner="nvt")}, (M, W)),  # partner has income
    ("inkomen_voorzieningen", {"answers": answers(inkomen_voorzieningen=None)}, (M, W)),
    ("inkomen_voorzieningen", {"answers": answers(inkomen_voorzieningen="nee")}, (M, W)),
    ("schuldenlijst_compleet", {"debts": ()}, (M, W)),
    ("schuldenlijst_compleet", with_debt(debt(has_reference=False)), (M, W)),
    ("schuldenlijst_compleet", with_debt(debt(peildatum=None)), (M, W)),
    ("schuldenlijst_compleet", with_debt(debt(hoofdsom=None)), (M, W)),
    ("schuldenlijst_compleet", with_debt(debt(creditor_category=None)), (M, W)),
    ("schuldenlijst_akkoord", {"answers": answers(schuldenlijst_akkoord=None)}, (M, W)),
    ("schuldenlijst_akkoord", {"answers": answers(schuldenlijst_akkoord="nee")}, (M, W)),
    ("vaste_lasten_betaald", {"answers": answers(vaste_lasten_betaald=None)}, (M, W)),
    ("vaste_lasten_betaald", {"answers": answers(vaste_lasten_betaald="nee")}, (M, W)),
    ("toelichting_coach", {"explanation_origin_present": False}, (M, W)),
    ("toelichting_coach", {"explanation_effort_present": False}, (M, W)),
    ("toestemming_delen", {"consent_share_on": None}, (M, W)),
    ("aanvraag_volmacht", {"answers": answers(aanvraag_volmacht=None)}, (M, W)),
    ("aanvraag_volmacht", {"answers": answers(aanvraag_volmacht="nvt")}, (M, W)),
    ("wsnp_staat_schuldeisers", {"debts": ()}, (W,)),
    ("wsnp_staat_schuldeisers", with_debt(debt(creditor_category=None)), (W,)),
    ("wsnp_staat_schuldeisers", with_debt(debt(hoofdsom=None)), (W,)),
    ("wsnp_inkomen_vaste_lasten", {"fixed_costs_specified": False}, (W,)),
    ("wsnp_inkomen_vaste_lasten", {"income": (IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.MAAND),)}, (W,)),
    ("wsnp_285_verklaring", {"answers": answers(wsnp_285_verklaring=None)}, (W,)),
    ("wsnp_285_verklaring", {"answers": answers(wsnp_285_verklaring="nee")}, (W,)),
    ("goede_trouw_toelichting", with_debt(debt(fraud=True, arisen_on=date(2024, 5, 1))), (W,)),
    ("goede_trouw_toelichting", with_debt(debt(fraud=True, arisen_on=None)), (W,)),
]


@pytest.mark.parametrize(("code", "changes", "tracks"), BLOCKING_TRIGGERS, ids=[t[0] for t in BLOCKING_TRIGGERS])
def test_each_blocking_fact_removed_makes_case_not_ready(code, changes, tracks):
    for track in tracks:
        r = assess_readiness(complete(**changes), track)
        assert code in codes(r.blocking), (track, codes(r.blocking))
        assert not r.ready
        it = item(r, code)
        assert it.status is ItemStatus.OPEN and it.kind is ItemKind.BLOKKEREND
        assert it.explanation


def test_every_blocking_item_has_a_trigger_test():
    triggered = {c for c, _, _ in BLOCKING_TRIGGERS}
    r = assess_readiness(complete(), W)
    assert {i.code for i in r.items if i.kind is ItemKind.BLOKKEREND} == triggered


def test_wsnp_only_items_do_not_block_minnelijk():
    r = assess_readiness(complete(answers=answers(wsnp_285_verklaring=None), fixed_costs_specified=False), M)
    assert r.ready
    fraud_recent = complete(**with_debt(debt(fraud=True, arisen_on=date(2025, 6, 1))))
    m = assess_readiness(fraud_recent, M)
    assert m.ready and "fraudevordering" in codes(m.warnings)
    assert not assess_readiness(fraud_recent, W).ready


# ----------------------------------------------------- blocking: cleared by data
BLOCKING_CLEARS = [
    ("crisis_ontruiming", {"crises": (CrisisFlag(CrisisKind.ONTRUIMING, handled=True),)}, ItemStatus.OK),
    ("crisis_afsluiting_energie_water", {"crises": (CrisisFlag(CrisisKind.AFSLUITING_ENERGIE_WATER, True),)},
     ItemStatus.OK),
    ("crisis_zorgverzekering_opgezegd", {"crises": (CrisisFlag(CrisisKind.ZORGVERZEKERING_OPGEZEGD, True),)},
     ItemStatus.OK),
    ("inkomen_partner", {"has_partner": False, "answers": answers(inkomen_partner=None)}, ItemStatus.NVT),
    ("inkomen_partner",
     {"income": (IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.MAAND),),
      "answers": answers(inkomen_partner="nvt")}, ItemStatus.NVT),
    ("schuldenlijst_compleet", with_debt(debt(hoofdsom=None, boetes=eur(10))), ItemStatus.OK),
    ("schuldenlijst_compleet", with_debt(debt(has_reference=False, status=DebtStatus.AFGELOST)), ItemStatus.OK),
    ("wsnp_staat_schuldeisers", with_debt(debt(has_reference=False, peildatum=None)), ItemStatus.OK),
    ("wsnp_inkomen_vaste_lasten", {"has_partner": False, "income": (
        IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.MAAND),)}, ItemStatus.OK),
    ("goede_trouw_toelichting",
     {**with_debt(debt(fraud=True, arisen_on=date(2025, 1, 1))),
      "answers": {**BASE_ANSWERS, "goede_trouw_toelichting": ans("ja")}}, ItemStatus.OK),
    ("goede_trouw_toelichting", with_debt(debt(fraud=True, arisen_on=date(2022, 2, 28))), ItemStatus.NVT),
    ("goede_trouw_toelichting", with_debt(debt(fraud=True, arisen_on=date(2025, 1, 1), status=DebtStatus.AFGELOST)),
     ItemStatus.NVT),
]


@pytest.mark.parametrize(("code", "changes", "status"), BLOCKING_CLEARS, ids=[t[0] for t in BLOCKING_CLEARS])
def test_blocking_item_cleared_by_data(code, changes, status):
    r = assess_readiness(complete(**changes), W)
    assert item(r, code).status is status
    assert code not in codes(r.blocking)


def test_toelichting_needs_both_parts_and_says_which_is_missing():
    r = assess_readiness(complete(explanation_origin_present=False, explanation_effort_present=False))
    text = item(r, "toelichting_coach").explanation
    assert "ontstaan" in text and "nu doet" in text
    r = assess_readiness(complete(explanation_effort_present=False))
    assert "ontstaan" not in item(r, "toelichting_coach").explanation


# ------------------------------------------------------- warnings: trigger/clear
WARNING_TRIGGERS = [
    ("fraudevordering", with_debt(debt(fraud=True))),
    ("cjib_strafrechtelijk", with_debt(debt(CreditorCategory.CJIB, cjib_strafrechtelijk=True))),
    ("cjib_soort_onbekend", with_debt(debt(CreditorCategory.CJIB))),
    ("schulden_laatste_3_jaar", with_debt(debt(arisen_on=date(2025, 11, 1)))),
    ("schulden_laatste_3_jaar", with_debt(debt(arisen_on=date(2023, 3, 1)))),  # exactly 3 years: inside
    ("schulden_laatste_3_jaar", with_debt(debt(arisen_on=None))),
    ("belastingaangiften", {"answers": answers(belastingaangiften=None)}),
    ("belastingaangiften", {"answers": answers(belastingaangiften="nee")}),
    ("auto_waarde", {"car_value": eur("3350.01")}),
    ("alimentatie_nihilstelling", {"alimony_paid": True, "nihilstelling_requested": False}),
    ("beslag_loopt", with_debt(debt(garnishment=GarnishmentKind.LOON))),
    ("beslag_loopt", with_debt(debt(status=DebtStatus.BESLAG))),
    ("rechtszaak_loopt", with_debt(debt(status=DebtStatus.DAGVAARDING))),
    ("rechtszaak_loopt", with_debt(debt(status=DebtStatus.VONNIS))),
    ("studieschuld_regulier", with_debt(debt(CreditorCategory.DUO, studieschuld_regulier=True))),
    ("belastingdienst_preferent", with_debt(debt(CreditorCategory.BELASTINGDIENST))),
    ("belastingdienst_preferent", with_debt(debt(CreditorCategory.TOESLAGEN, preferent_override=True))),
    ("cak_achterstand", with_debt(debt(CreditorCategory.CAK))),
    ("zakelijke_schuld", with_debt(debt(zakelijk=True))),
    ("incassokosten_te_hoog", with_debt(debt(hoofdsom=eur(300), incassokosten=eur(100)))),
    ("saldo_opgave_recent", {"saldo_confirmed_on": {"SECRET-REF-Jansen": date(2025, 11, 30)}}),  # 3 months + 1 day
    ("saldo_opgave_recent", {"saldo_confirmed_on": {}}),  # never
]


@pytest.mark.parametrize(("code", "changes"), WARNING_TRIGGERS, ids=[t[0] for t in WARNING_TRIGGERS])
def test_each_warning_triggered_by_data_and_does_not_block(code, changes):
    for track in (M, W):
        r = assess_readiness(complete(**changes), track)
        assert code in codes(r.warnings)
        assert item(r, code).kind is ItemKind.WAARSCHUWING
        assert r.ready, codes(r.blocking)


def test_every_warning_has_a_trigger_test():
    r = assess_readiness(complete(), W)
    assert {i.code for i in r.items if i.kind is ItemKind.WAARSCHUWING} == {c for c, _ in WARNING_TRIGGERS}


WARNING_CLEARS = [
    ("fraudevordering", with_debt(debt(fraud=True, status=DebtStatus.AFGELOST))),
    ("cjib_strafrechtelijk", with_debt(debt(CreditorCategory.CJIB, cjib_verkeersboete=True))),
    ("cjib_soort_onbekend", with_debt(debt(CreditorCategory.CJIB, cjib_strafrechtelijk=False, cjib_verkeersboete=True))),
    ("schulden_laatste_3_jaar", with_debt(debt(arisen_on=date(2023, 2, 28)))),  # one day too old
    ("schulden_laatste_3_jaar", with_debt(debt(arisen_on=date(2025, 11, 1), status=DebtStatus.AFGELOST))),
    ("belastingaangiften", {"answers": answers(belastingaangiften="nvt")}),
    ("auto_waarde", {"car_value": AUTO_WAARDEGRENS}),
    ("auto_waarde", {"car_value": None}),
    ("alimentatie_nihilstelling", {"alimony_paid": True, "nihilstelling_requested": True}),
    ("beslag_loopt", with_debt(debt(garnishment=GarnishmentKind.BANK, status=DebtStatus.AFGELOST))),
    ("rechtszaak_loopt", with_debt(debt(status=DebtStatus.DEURWAARDER_SOMMATIE))),
    ("rechtszaak_loopt", with_debt(debt(status=DebtStatus.AFGELOST))),
    ("studieschuld_regulier", with_debt(debt(CreditorCategory.DUO, studieschuld_regulier=False))),
    ("belastingdienst_preferent", with_debt(debt(CreditorCategory.BELASTINGDIENST, status=DebtStatus.AFGELOST))),
    ("cak_achterstand", with_debt(debt(CreditorCategory.CAK, status=DebtStatus.AFGELOST))),
    ("zakelijke_schuld", with_debt(debt(zakelijk=False))),
    ("incassokosten_te_hoog", with_debt(debt(hoofdsom=eur(300), incassokosten=eur(45)))),
    ("saldo_opgave_recent", {"saldo_confirmed_on": {"SECRET-REF-Jansen": date(2025, 12, 1)}}),  # exactly 3 months
]


@pytest.mark.parametrize(("code", "changes"), WARNING_CLEARS, ids=[t[0] for t in WARNING_CLEARS])
def test_warning_cleared_by_data(code, changes):
    r = assess_readiness(complete(**changes), W)
    assert code not in codes(r.warnings)
    assert item(r, code).status in (ItemStatus.OK, ItemStatus.NVT)


def test_car_limit_is_a_parameter():
    inp = complete(car_value=eur(4000))
    assert "auto_waarde" in codes(assess_readiness(inp).warnings)
    assert "auto_waarde" not in codes(assess_readiness(inp, car_value_limit=eur(5000)).warnings)
    assert "€ 5.000,00" in item(assess_readiness(inp, car_value_limit=eur(5000)), "auto_waarde").label


def test_recent_debts_window_handles_29_february():
    inp = complete(peildatum=date(2028, 2, 29), **with_debt(debt(arisen_on=date(2025, 2, 28))))
    assert "schulden_laatste_3_jaar" in codes(assess_readiness(inp).warnings)
    inp = complete(peildatum=date(2028, 2, 29), **with_debt(debt(arisen_on=date(2025, 2, 27))))
    assert "schulden_laatste_3_jaar" not in codes(assess_readiness(inp).warnings)


# --------------------------------------------------------- sources, dates, labels
def test_answered_items_carry_source_and_date_computed_items_do_not_need_one():
    r = assess_readiness(complete())
    idb = item(r, "identiteitsbewijs")
    assert (idb.source, idb.on) == (ItemSource.BEANTWOORD, ANSWERED)
    comp = item(r, "schuldenlijst_compleet")
    assert comp.source is ItemSource.BEREKEND
    consent = item(r, "toestemming_delen")
    assert (consent.source, consent.on) == (ItemSource.BEREKEND, date(2026, 1, 10))


def test_receiving_org_name_in_consent_label():
    r = assess_readiness(complete(consent_share_on=None), receiving_org="Buurtteam")
    assert "Buurtteam" in item(r, "toestemming_delen").label


def test_income_label_shows_required_specifications():
    r = assess_readiness(complete())
    assert "3 specificaties van de laatste 3 maanden" in item(r, "inkomen_bewoner").label
    assert "bijstand: 1 specificatie" in item(r, "inkomen_partner").label


@pytest.mark.parametrize(
    ("kind", "freq", "count"),
    [
        (EvidenceKind.LOON, PayFrequency.MAAND, 3),
        (EvidenceKind.LOON, PayFrequency.VIER_WEKEN, 4),
        (EvidenceKind.UITKERING_UWV, PayFrequency.WEEK, 13),
        (EvidenceKind.PARTICIPATIEWET, PayFrequency.MAAND, 1),
        (EvidenceKind.PARTICIPATIEWET, PayFrequency.VIER_WEKEN, 1),
    ],
)
def test_income_evidence_per_frequency(kind, freq, count):
    (need,) = income_evidence_needed([IncomeItem(Person.BEWONER, kind, freq)], Person.BEWONER)
    assert need.count == count
    assert str(count) in need.text
    assert income_evidence_needed([IncomeItem(Person.BEWONER, kind, freq)], Person.PARTNER) == []


def test_income_evidence_combines_sources_and_skips_toeslagen():
    income = [
        IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.WEEK),
        IncomeItem(Person.BEWONER, EvidenceKind.LOON, PayFrequency.WEEK),
        IncomeItem(Person.BEWONER, EvidenceKind.PARTICIPATIEWET, PayFrequency.MAAND),
        IncomeItem(Person.BEWONER, EvidenceKind.TOESLAG, PayFrequency.MAAND),
    ]
    assert [n.count for n in income_evidence_needed(income, Person.BEWONER)] == [13, 1]


def test_no_personal_data_in_any_text():
    inp = complete(
        crises=tuple(CrisisFlag(k, False) for k in CrisisKind),
        **with_debt(
            debt(CreditorCategory.CJIB, cjib_strafrechtelijk=True, fraud=True, arisen_on=None, hoofdsom=eur(12345),
                 incassokosten=eur(9999), garnishment=GarnishmentKind.LOON),
        ),
    )
    for track in (M, W):
        for it in assess_readiness(inp, track).items:
            text = it.label + it.explanation
            assert "Jansen" not in text and "SECRET" not in text
            assert "12.345" not in text


# ------------------------------------------------------------------- catalogue
def test_item_catalogue_lists_manual_items_per_track():
    all_codes = [e.code for e in item_catalogue()]
    assert len(all_codes) == len(set(all_codes))
    assert set(BASE_ANSWERS) <= set(all_codes)
    assert "wsnp_285_verklaring" not in [e.code for e in item_catalogue(M)]
    assert "wsnp_285_verklaring" in [e.code for e in item_catalogue(W)]
    for e in item_catalogue():
        assert e.label and e.help


def test_unknown_answer_code_is_refused():
    with pytest.raises(ValueError):
        complete(answers={"paspoort": ans("ja")})
    with pytest.raises(TypeError):
        Answer("ja", ANSWERED)  # type: ignore[arg-type]


def test_assess_all_gives_both_tracks():
    reports = assess_all(complete(answers=answers(wsnp_285_verklaring=None)))
    assert reports[M].ready and not reports[W].ready
    assert codes(reports[W].blocking) == ["wsnp_285_verklaring"]


# ------------------------------------------------------------------- voorlegger
def test_voorlegger_has_every_row_of_rules_3_1():
    labels = " | ".join(v.label for v in VOORLEGGER_ITEMS)
    for word in [
        "Legitimatie", "VTLB", "Inkomstenspecificaties", "Arbeidsovereenkomst", "Beschikkingen uitkering",
        "Voorlopige teruggaaf", "Alimentatie", "Kostgeld", "Toeslagenbeschikkingen", "Huurspecificatie",
        "Polisblad zorgverzekering", "Kinderopvang", "Kwijtschelding", "Auto", "Schuldenoverzicht",
        "Vorderingen", "BKR-inzage", "Stabilisatieovereenkomst", "CJIB-overzicht", "Meterstanden",
        "Retourbewijs modem", "door de bewoner", "door de schuldhulpverlener", "onderbewindstelling",
        "Gereserveerde gelden", "Aangifte Belastingdienst", "aanvraagformulier en volmacht", "Bankafschriften",
    ]:
        assert word in labels, word
    assert len(VOORLEGGER_ITEMS) == 28
    assert len({v.code for v in VOORLEGGER_ITEMS}) == 28
    assert [v.code for v in VOORLEGGER_ITEMS if v.commonly_requested] == ["bankafschriften"]


def test_voorlegger_status_per_organisation_config():
    config = ["legitimatie", "inkomstenspecificatie", "bkr_inzage"]
    lines = voorlegger_status(
        config,
        {
            "legitimatie": DocumentAnswer(DocumentStatus.ONTVANGEN, date(2026, 2, 1)),
            "auto": DocumentStatus.ONTVANGEN,
            "kinderopvang": DocumentStatus.NVT,
        },
    )
    by = {line.item.code: line for line in lines}
    assert len(lines) == len(VOORLEGGER_ITEMS)
    assert (by["legitimatie"].status, by["legitimatie"].on, by["legitimatie"].required) == (
        DocumentStatus.ONTVANGEN, date(2026, 2, 1), True)
    assert by["inkomstenspecificatie"].status is DocumentStatus.ONTBREEKT
    assert by["auto"].status is DocumentStatus.ONTVANGEN and not by["auto"].required
    assert by["vtlb"].status is DocumentStatus.NVT  # not required by this organisation
    s = voorlegger_summary(lines)
    assert (s.ontvangen, s.ontbreekt, s.required_missing) == (2, 2, 2)
    assert s.nvt == len(VOORLEGGER_ITEMS) - 4
    assert not s.complete
    done = voorlegger_status(config, dict.fromkeys(config, DocumentStatus.ONTVANGEN))
    assert voorlegger_summary(done).complete


def test_voorlegger_default_config_and_unknown_codes():
    lines = voorlegger_status(None, {})
    required = {line.item.code for line in lines if line.required}
    assert required == {v.code for v in VOORLEGGER_ITEMS if v.default_applicable}
    assert "legitimatie" in required and "kinderopvang" not in required
    with pytest.raises(ValueError):
        voorlegger_status(["paspoort"], {})
    with pytest.raises(ValueError):
        voorlegger_status(None, {"paspoort": DocumentStatus.ONTVANGEN})
