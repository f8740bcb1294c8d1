"""Texts built in pure modules (readiness checklist, budget, debt rules) are marked with N_
and shown with the ``t`` filter, so an English user sees them in English, parameters and
all. The Dutch texts are the source; the unit tests of those modules check them."""

from __future__ import annotations

from tests.integration.handover_support import CaseSpec, DebtSpec, build_case, text_of
from tests.integration.test_translations import _english, compiled_english  # noqa: F401 - fixture


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
    assert "Er is 1 fraudeschuld" not in text and "ligt beslag" not in text and "compleet ingevuld" not in text
