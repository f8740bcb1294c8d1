"""A coach enters a four-weekly wage, huurtoeslag and kinderbijslag with Dutch amounts, sees
the monthly budget, the VTLB lines and the capacity, and prints the offer: in a real browser.

Uses the shared harness fixtures of tests/browser/conftest.py (``live_server`` with ``.app``
and ``.people``, ``browser_page`` with ``base_url``, ``login(page, username)``).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import open_test_case

pytestmark = pytest.mark.browser

def _add_income(page, person: str, kind: str, amount: str, frequency: str) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("form.item-form").filter(has=page.get_by_role("group", name="Inkomen toevoegen"))
    form.get_by_label("Van wie").select_option(label=person)
    form.get_by_label("Soort inkomen").select_option(label=kind)
    form.get_by_label("Netto bedrag").fill(amount)
    form.get_by_label("Hoe vaak").select_option(label=frequency)
    form.get_by_role("button", name="Inkomen toevoegen").click()
    page.wait_for_load_state()


def test_coach_makes_a_budget_sees_the_capacity_and_prints_the_offer(browser_page, live_server, login):  # type: ignore[no-untyped-def]
    page = browser_page
    app, people = live_server.app, live_server.people
    case_id = open_test_case(
        app, alias="Testpersoon Browserbudget", location_id=people.loc_a, coach_id=people.coach_a
    )
    csp_problems: list[str] = []
    page.on(
        "console",
        lambda msg: csp_problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    login(page, "coach.a")
    page.goto(f"/dossiers/{case_id}/budget")
    page.get_by_label("Peildatum").fill("01-09-2025")
    page.get_by_role("button", name="Begroting starten").click()
    page.wait_for_load_state()

    # a typo first: the Dutch error is next to the field and what was typed stays
    _add_income(page, "Bewoner", "Loon (netto)", "1.846,1.5", "per 4 weken")
    assert page.get_by_text("Dit is geen bedrag. Schrijf het zo: 1.234,56").first.is_visible()
    assert page.locator("#f-in_amount").input_value() == "1.846,1.5"
    page.locator("#f-in_amount").fill("1.846,15")
    page.locator("form.item-form").first.get_by_role("button", name="Inkomen toevoegen").click()
    page.wait_for_load_state()
    _add_income(page, "Bewoner", "Huurtoeslag", "285,00", "per maand")
    _add_income(page, "Bewoner", "Kinderbijslag", "546", "per kwartaal")

    expense = page.locator("form.item-form").filter(has=page.get_by_role("group", name="Uitgave toevoegen"))
    expense.get_by_label("Soort uitgave").select_option(label="Huur en servicekosten")
    expense.locator("#f-ex_amount").fill("850")
    expense.get_by_role("button", name="Uitgave toevoegen").click()
    page.wait_for_load_state()

    # the monthly budget: 1.846,15 per 4 weeks is € 2.000,00 per month
    incomes = page.locator("#inkomsten + .table-wrap table")
    wage_row = incomes.get_by_role("row").filter(has_text="Loon (netto)")
    assert "€ 2.000,00" in wage_row.inner_text()
    assert "Blijft bij de bewoner" in incomes.get_by_role("row").filter(has_text="Kinderbijslag").inner_text()
    expect(page.get_by_role("heading", name="Geld dat bij de bewoner blijft")).to_be_visible()
    assert (
        page.locator(".big-sentence").inner_text() == "Er blijft elke maand € 1.617,00 over."
    )  # 2.000 + 285 + 182 − 850
    expect(page.get_by_role("img", name=re.compile("Maandbeeld"))).to_be_visible()
    # the Aflossen tab: the household, the VTLB lines and the capacity
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name="Aflossen"
    ).click()
    page.wait_for_url(re.compile(r".*/aflossen$"))
    expect(page.get_by_text("Aanname: nog niet ingevuld")).to_be_visible()
    page.get_by_label("Aantal kinderen onder 18").fill("1")
    page.get_by_label("Of: leeftijdsgroep bewoner").select_option(label="21 jaar tot AOW-leeftijd")
    page.get_by_role("button", name="Gezinssituatie opslaan").click()
    page.wait_for_load_state()
    lines = page.locator("table.vtlb-lines")
    assert "Basis: beslagvrije voet voor alleenstaande ouder (indicatief)" in lines.inner_text()
    assert "€ 1.300,61" in lines.inner_text()  # 95 % of the 2025-2 norm
    assert "Woonlasten boven wat de basis dekt" in lines.inner_text()
    assert lines.locator(".badge.uncertain").first.is_visible()
    capacity = page.locator(".capacity-box .big-number")
    assert capacity.inner_text() == "€ 484,39"  # 2.000,00 − (1.300,61 + (850 − 285 − 350))
    assert page.get_by_text("Indicatief.", exact=True).first.is_visible()
    assert (
        page.get_by_text("Nog geen schulden ingevoerd.").first.is_visible()
        or page.locator("table.offer-shares").is_visible()
    )

    # print the offer
    page.get_by_role("button", name="Vastleggen en afdrukken").click()
    page.wait_for_url(re.compile(r".*/aflossen/afdruk\?versie=\d+$"))
    body = page.locator("main").inner_text()
    assert "Wat de bewoner kan aflossen en het aanbod aan de schuldeisers" in body
    assert "€ 484,39" in body and "Normenset" in body and "2025-2" in body
    assert "Afdracht in 18 maanden" in body and "€ 8.719,02" in body  # 18 × 484,39
    assert "Indicatief." in body
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()  # print layout hides the navigation
    assert csp_problems == []
