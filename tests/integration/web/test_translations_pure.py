"""Texts built in pure modules (readiness checklist, budget, debt rules) are marked with N_
and shown with the ``t`` filter, so an English user sees them in English, parameters and
all. The Dutch texts are the source; the unit tests of those modules check them."""

from __future__ import annotations

from tests.conftest import TOTP_SECRET
from tests.integration.handover_support import CaseSpec, DebtSpec, build_case, text_of
from tests.integration.web.test_translations import _english, compiled_english  # noqa: F401 - fixture


def test_readiness_checklist_in_english(app, web, people, compiled_english) -> None:  # noqa: F811
    empty = CaseSpec(partner=None, consent=False, story=False, debts=[], income=[], fixed_costs=False,
                     answers=False, documents=False)  # fmt: skip
    cid = build_case(app, people, empty)
    web.login("coach.a")
    dutch = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "Er staan nog geen schulden in de lijst." in dutch
    _english(web)
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    for english in (
        "There are no debts in the list yet.",
        "Debt list is complete",
        "Not answered yet. ",  # msgid with a translated parameter (the catalogue's help text)
        "The explanation is required. Still write down: how the debts arose and what the resident "
        "is doing now to solve the debts. Discuss the text with the resident.",  # nested Msg: "%(a)s en %(b)s"
        "Consent to share the case file with ",
        "Still fill in in the budget: the resident's income, the fixed costs.",  # join(", ", ...)
        "Income and fixed costs listed (art. 285 Fw)",
        "There is no income in the budget yet.",
    ):
        assert english in text, english
    for dutch_text in (
        "Er staan nog geen schulden in de lijst",
        "Nog niet beantwoord.",
        "De toelichting is verplicht",
        "Toestemming om het dossier te delen",
        "Vul in de begroting nog in",
        "het inkomen van de bewoner",
        "Schuldenlijst is compleet",
    ):
        assert dutch_text not in text, dutch_text


def test_readiness_counts_and_amounts_in_english(app, web, people, compiled_english) -> None:  # noqa: F811
    debts = [DebtSpec(fraud=True, arisen_days_ago=100), DebtSpec("Vattenfall", 50_000, "VF-TEST-2", garnishment=True)]
    cid = build_case(app, people, CaseSpec(debts=debts))
    web.login("coach.a")
    _english(web)
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "There is 1 fraud debt: money to pay back" in text
    assert "There is an attachment on 1 debt." in text
    assert "1 debt has arisen in the last 3 years." in text
    assert "2 debts have been filled in completely." in text
    # label with a joined list of nested messages: "%(label)s (%(needs)s)", needs = kind, count, period
    assert "Proof of the resident's income (wages: 3 specifications of the last 3 months)" in text
    assert "Er is 1 fraudeschuld" not in text and "ligt beslag" not in text and "compleet ingevuld" not in text


def test_budget_and_aflossen_pages_in_english(app, web, people, compiled_english, monkeypatch) -> None:  # noqa: F811
    from datetime import date

    from schoonschip import clock
    from tests.integration.budget_helpers import add_expense, add_income, start_budget

    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 1))  # a peildatum is never in the future
    from tests.integration.casefile_helpers import open_case_via_web

    web.login("coach.a")
    cid = open_case_via_web(web, "Demo Taal Budget", people.loc_a)
    vid = start_budget(web, cid, "01-01-2027")  # no norm set for 2027 yet: the outdated warning shows
    add_income(web, cid, vid, "participatiewet", "1.369,06")
    add_expense(web, cid, vid, "huur_servicekosten", "700")
    add_income(web, cid, vid, "huurtoeslag", "250")
    dutch = text_of(web.get(f"/dossiers/{cid}/aflossen"))
    assert "Woonlasten boven wat de basis dekt" in dutch and "Huur en servicekosten € 700,00" in dutch
    _english(web)
    text = text_of(web.get(f"/dossiers/{cid}/aflossen"))
    for english in (
        "Housing costs above what the basis covers",  # a VTLB line label
        "Rent and service charges € 700,00 minus rent benefit € 250,00 = € 450,00.",  # amounts as parameters
        "Basis: protected income for single (indicative)",  # Leefsituatie label translated as a parameter
        "The income (€ 1.369,06) is not higher than the social assistance norm",
        "Basis = 95 % of the income.",  # "%%" in the msgid comes out as one "%"
        "Indicative: this is not an official VTLB.",  # an assumption
        "The household situation has not been filled in yet.",  # a hint from service.py
        "There is no norm set yet for the half-year of 01-01-2027.",  # warning: outdated norms, with parameters
        "No repayment capacity and no assets: this becomes a 0 % offer.",  # a note of the offer (offer.py)
    ):
        assert english in text, english
    for dutch_text in ("Woonlasten boven wat de basis dekt", "Huur en servicekosten", "Basis: beslagvrije voet",
                       "Indicatief: dit is geen officiële VTLB", "De gezinssituatie is nog niet ingevuld",
                       "nog geen normenset"):  # fmt: skip
        assert dutch_text not in text, dutch_text
    budget = text_of(web.get(f"/dossiers/{cid}/budget"))
    assert "Every month € 919,06 is left over." in budget and "Er blijft elke maand" not in budget


def test_debt_findings_in_english(app, web, people, compiled_english) -> None:  # noqa: F811
    from tests.factories import open_test_case
    from tests.integration.debts_support import add_debt, creditor_id, seed

    seed(app)
    cid = open_test_case(app, alias="Demo Taal Schulden", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    add_debt(web, cid, creditor_id=str(creditor_id(app, "Eigen Haard")), hoofdsom="1.200,00", incassokosten="250",
             creditor_reference="", peildatum="01-03-2025", status="incassobureau")  # fmt: skip
    _english(web)
    text = text_of(web.get(f"/dossiers/{cid}/schulden"))
    assert "The collection costs are higher than the law allows. The maximum is € 180,00. That is € 70,00 too much." in text
    assert "The reference is missing." in text
    assert "De incassokosten zijn hoger" not in text and "Het kenmerk ontbreekt" not in text


def test_report_page_in_english(app, web, people, compiled_english) -> None:  # noqa: F811
    from tests.integration.reports_support import YEAR, insert_golden

    insert_golden(app, people)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    _english(web)
    text = text_of(web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&profiel=alles"))
    for english in (
        "Key figures",  # section title
        "All figures",  # profile title
        "A small number (1 to 4) is shown as \"<5\".",  # method, with k as a parameter
        "Green: 80 % up to and including 120 %.",  # legend rule
        "more than 120 %",  # a band's range ("%%" in the msgid)
        "Targets are per year.",  # target note
        "An amount is only shown if at least 10 residents count",  # note of the amounts section
        "Residents helped with debts",  # a row label (indicator data, shown with |t)
    ):
        assert english in text, english
    for dutch_text in ("Kerncijfers", "Alle cijfers", "Een klein aantal", "Groen: 80 % tot en met 120 %",
                       "Streefcijfers gelden per jaar", "Een bedrag staat er alleen",
                       "Bewoners geholpen met schulden"):  # fmt: skip
        assert dutch_text not in text, dutch_text
