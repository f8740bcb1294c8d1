"""A coach opens a case, adds three debts with Dutch amounts (one typo on the way), sees the
totals and the share of costs, and changes a status: in a real browser. Back after saving makes no
second debt."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from schoonschip.cases.debts.service import seed_creditors
from schoonschip.db import write_transaction
from tests.factories import open_test_case

pytestmark = pytest.mark.browser



@pytest.fixture
def case_ref(live_server):  # type: ignore[no-untyped-def]
    app, people = live_server.app, live_server.people
    with app.app_context(), write_transaction() as db:
        seed_creditors(db)
    open_test_case(app, alias="Testpersoon Browser", location_id=people.loc_a, coach_id=people.coach_a)
    return "Testpersoon Browser"


def _fill_debt(page, *, creditor: str | None = None, person: str | None = None, **amounts: str) -> None:  # type: ignore[no-untyped-def]
    if creditor:
        page.get_by_label("Schuldeiser uit de lijst", exact=True).select_option(label=creditor)
    if person:
        page.get_by_label("Een persoon of andere schuldeiser", exact=True).fill(person)
    labels = {
        "hoofdsom": "Hoofdsom (de rekening zelf)",
        "rente": "Rente",
        "incassokosten": "Incassokosten",
        "boetes": "Boetes en verhogingen",
        "kenmerk": "Kenmerk bij de schuldeiser",
        "peildatum": "Peildatum: op welke dag klopte het bedrag?",
    }
    for key, value in amounts.items():
        page.get_by_label(labels[key], exact=True).fill(value)


def test_coach_adds_three_debts_and_sees_totals(browser_page, live_server, login, case_ref, screens_dir):
    page = browser_page
    login(page, "coach.a")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    page.get_by_role("row", name=re.compile(case_ref)).get_by_role("link").first.click()
    page.get_by_role("link", name="Schulden", exact=True).click()
    expect(page.get_by_text("Er zijn nog geen schulden ingevuld.")).to_be_visible()
    # 1. Eigen Haard, with incassokosten above the legal scale.
    page.get_by_role("link", name="Schuld toevoegen").click()
    _fill_debt(page, creditor="Eigen Haard", hoofdsom="1.200,00", incassokosten="250", kenmerk="EH-TEST-1",
               peildatum="01-03-2025")  # fmt: skip
    page.get_by_label("Hoe staat de schuld er nu voor?", exact=True).select_option(label="Bij incassobureau")
    page.get_by_role("button", name="Opslaan en nog een schuld toevoegen").click()
    page.wait_for_url("**/schulden/nieuw")
    expect(page.get_by_text("De schuld is toegevoegd.")).to_be_visible()
    # 2. Vattenfall, first with a typo: the error is Dutch, next to the field, and nothing typed is lost.
    _fill_debt(page, creditor="Vattenfall", hoofdsom="vierhonderd", rente="12,5", kenmerk="VF-TEST-2",
               peildatum="02-03-2025")  # fmt: skip
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "Dit is geen bedrag" in page.locator("#e-hoofdsom").inner_text()
    assert page.get_by_label("Hoofdsom (de rekening zelf)", exact=True).input_value() == "vierhonderd"
    assert page.get_by_label("Rente", exact=True).input_value() == "12,5"
    assert page.get_by_label("Kenmerk bij de schuldeiser", exact=True).input_value() == "VF-TEST-2"
    assert page.get_by_label("Schuldeiser uit de lijst", exact=True).locator("option:checked").inner_text() == "Vattenfall"
    page.screenshot(path=str(screens_dir / "debts-form-error.png"), full_page=True)
    page.get_by_label("Hoofdsom (de rekening zelf)", exact=True).fill("€ 400")
    page.get_by_role("button", name="Opslaan en nog een schuld toevoegen").click()
    page.wait_for_url("**/schulden/nieuw")

    # 3. A private person: the name stays in this case only.
    _fill_debt(page, person="Buurman Testfiguur", hoofdsom="1234", boetes="€ 25,-")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url(re.compile(r".*/schulden/\d+$"))
    expect(page.get_by_role("heading", name="Buurman Testfiguur")).to_be_visible()
    # The overview: 1.450,00 + 412,50 + 1.259,00 = 3.121,50; costs 250 + 12,50 + 25 = 287,50 = 9,2 %.
    page.get_by_role("link", name="Terug naar alle schulden").click()
    assert page.locator("#total-open").inner_text() == "€ 3.121,50"
    assert page.locator("#costs-open").inner_text() == "€ 287,50"
    assert page.locator("#costs-share").inner_text() == "Dat is 9,2% van het totaal."
    assert "Het maximum is € 180,00" in page.locator("#debts-table").inner_text()
    names = page.locator("#debts-table tbody tr td:first-child a").all_inner_texts()
    assert names == ["Eigen Haard", "Vattenfall", "Buurman Testfiguur"]  # housing, energy, the rest
    assert page.locator("#count-incomplete").inner_text() == "1"  # the person: no reference, no peildatum
    page.screenshot(path=str(screens_dir / "debts-overview.png"), full_page=True)

    # Change a status, dated.
    page.get_by_role("link", name="Vattenfall").click()
    page.get_by_label("Nieuwe status", exact=True).select_option(label="Betalingsregeling")
    page.get_by_label("Sinds welke datum?", exact=True).fill("15-03-2025")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_text("De status is gewijzigd.")).to_be_visible()
    assert page.locator("#current-status").inner_text() == "Betalingsregeling"
    history = page.locator("#status-history tbody tr").first.inner_text()
    assert "15-03-2025" in history and "Betalingsregeling" in history

    page.get_by_role("link", name="Terug naar alle schulden").click()
    assert "Betalingsregeling" in page.locator("#per-status").inner_text()

    # Printable without navigation.
    page.get_by_role("link", name="Afdrukken").click()
    expect(page.get_by_role("heading", name="Schuldenoverzicht")).to_be_visible()
    assert page.locator("nav").count() == 0
    page.screenshot(path=str(screens_dir / "debts-print.png"), full_page=True)


def test_coach_of_another_location_gets_niet_gevonden(browser_page, live_server, login, case_ref):
    app, people = live_server.app, live_server.people
    cid = open_test_case(app, alias="Testpersoon Elders", location_id=people.loc_a, coach_id=people.coach_a)
    login(browser_page, "coach.b")
    browser_page.goto(f"/dossiers/{cid}/schulden")
    expect(browser_page.get_by_role("heading", name="Niet gevonden")).to_be_visible()


def _debt_links(page, case_path: str) -> set[str]:  # type: ignore[no-untyped-def]
    page.goto(case_path + "/schulden")
    return {h for h in (a.get_attribute("href") for a in page.locator("main a").all())
            if h and re.fullmatch(re.escape(case_path) + r"/schulden/\d+", h)}  # fmt: skip


def test_back_after_saving_a_debt_and_saving_again_makes_no_second_debt(browser_page, live_server, login, case_ref):
    """The real Back button: the case pages are never cached, so Back fetches the form again
    with a new one-time token. static/once.js keeps the token the page was shown with in its
    history entry and puts it back, so saving again answers 'al opgeslagen' with a link to the
    debt, and no debt is added."""
    page = browser_page
    login(page, "coach.a")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    page.get_by_role("row", name=re.compile(case_ref)).get_by_role("link").first.click()
    case_path = re.search(r"/dossiers/\d+", page.url).group(0)
    page.goto(case_path + "/schulden/nieuw")
    token = page.locator("input[name=form_once]").input_value()
    _fill_debt(page, person="Testbuurman Synthetisch", hoofdsom="1.234,56")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url(re.compile(r"/schulden/\d+$"))
    saved_url = re.search(r"/dossiers/\d+/schulden/\d+", page.url).group(0)
    page.go_back()
    page.wait_for_url(re.compile(r"/schulden/nieuw$"))
    expect(page.locator("input[name=form_once]")).to_have_value(token)
    # The coach types the debt again and saves.
    _fill_debt(page, person="Testbuurman Synthetisch", hoofdsom="1.234,56")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("heading", name="Dit is al opgeslagen.")).to_be_visible()
    assert page.get_by_role("link", name="Bekijk wat er is opgeslagen").get_attribute("href") == saved_url
    assert _debt_links(page, case_path) == {saved_url}
    # A form opened anew (not through Back) is a new form: it saves a second debt on purpose.
    page.goto(case_path + "/schulden/nieuw")
    _fill_debt(page, person="Tweede Synthetisch", hoofdsom="10")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url(re.compile(r"/schulden/\d+$"))
    assert len(_debt_links(page, case_path)) == 2
