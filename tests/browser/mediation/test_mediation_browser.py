"""A coach records a rent-arrears mediation with a payment arrangement, marks an
instalment missed and sees the warning; the coordinator's list shows it. In a real
browser, without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from schoonschip import clock
from tests.factories import open_test_case

pytestmark = pytest.mark.browser


def nl(d) -> str:  # type: ignore[no-untyped-def]
    return d.strftime("%d-%m-%Y")


@pytest.fixture
def case_name(live_server):  # type: ignore[no-untyped-def]
    app, people = live_server.app, live_server.people
    open_test_case(app, alias="Testpersoon Huurbrowser", location_id=people.loc_a, coach_id=people.coach_a)
    return "Testpersoon Huurbrowser"


def test_coach_records_mediation_marks_missed_and_coordinator_sees_it(browser_page, browser_context, live_server, login,
                                                                       case_name, screens_dir):  # fmt: skip
    page = browser_page
    today = clock.today()
    login(page, "coach.a")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    page.get_by_role("row", name=re.compile(case_name)).get_by_role("link").first.click()
    page.get_by_role("link", name="Huur", exact=True).click()
    expect(page.get_by_text("Er loopt geen bemiddeling met de verhuurder.")).to_be_visible()
    # Start, first with a typo: the Dutch error sits next to the field and nothing is lost.
    page.get_by_role("link", name="Bemiddeling starten").click()
    page.get_by_label(re.compile(r"^Verhuurder")).select_option(label="Eigen Haard")
    page.get_by_label("Contract- of klantnummer", exact=True).fill("EH-BROWSER-7")
    page.get_by_label(re.compile(r"^Bemiddeling begonnen op")).fill(nl(today - timedelta(days=90)))
    page.get_by_label("Kale huur", exact=True).fill("612,50")
    page.get_by_label("Servicekosten", exact=True).fill("47,50")
    page.get_by_label("Huurtoeslag", exact=True).fill("210")
    page.get_by_label("De huurtoeslag gaat rechtstreeks naar de verhuurder").check()
    page.get_by_label("Huurachterstand (alleen huur, zonder kosten)", exact=True).fill("dertienhonderd")
    page.get_by_role("button", name="Opslaan").click()
    assert "Dit is geen bedrag" in page.locator("#e-arrears").inner_text()
    assert page.get_by_label("Contract- of klantnummer", exact=True).input_value() == "EH-BROWSER-7"
    assert page.get_by_label("Kale huur", exact=True).input_value() == "612,50"
    page.get_by_label("Huurachterstand (alleen huur, zonder kosten)", exact=True).fill("1.350,00")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r".*/huur/\d+$"))
    expect(page.get_by_text("De bemiddeling is vastgelegd.")).to_be_visible()
    assert page.locator("#rent-due").inner_text() == "€ 450,00"
    assert page.locator("#arrears-months").inner_text() == "3"

    # A payment arrangement: six instalments, the first two already due.
    page.get_by_role("link", name="Betalingsregeling vastleggen").click()
    page.get_by_label(re.compile(r"^Bedrag per maand op de achterstand")).fill("75,00")
    page.get_by_label(re.compile(r"^Eerste termijn op")).fill(nl(today - timedelta(days=40)))
    page.get_by_label(re.compile(r"^Aantal maanden")).fill("6")
    page.get_by_label(re.compile(r"^Afgesproken op")).fill(nl(today - timedelta(days=50)))
    page.get_by_role("button", name="Regeling opslaan").click()
    page.wait_for_url(re.compile(r".*/huur/\d+#regeling$"))
    assert page.locator("#instalments tbody tr").count() == 6
    assert page.locator("#current-stage").inner_text() == "Betalingsregeling"

    page.get_by_role("button", name="Termijn 1 betaald").click()
    expect(page.get_by_text("Termijn 1 staat op betaald.")).to_be_visible()
    page.get_by_role("button", name="Termijn 2 gemist").click()
    expect(page.get_by_text("Termijn 2 staat op gemist.")).to_be_visible()
    warning = page.locator("#missed-warning")
    assert warning.is_visible() and "Verhuurders starten dan vaak de procedure opnieuw" in warning.inner_text()
    page.screenshot(path=str(screens_dir / "mediation-missed.png"), full_page=True)

    # The warning is on every page of the case.
    page.get_by_role("link", name="Overzicht", exact=True).click()
    assert "Een termijn van de betalingsregeling is gemist" in page.locator(".case-alerts").inner_text()

    # The coordinator's list.
    coordinator = browser_context.browser.new_context(base_url=live_server.base_url, locale="nl-NL")
    try:
        cpage = coordinator.new_page()
        login(cpage, "coordinator.a", totp=True)
        cpage.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Huur").click()
        assert "1 bemiddeling(en) met een gemiste termijn." in cpage.locator("#missed-banner").inner_text()
        row = cpage.get_by_role("row", name=re.compile(case_name))
        assert "2 gemist" not in row.inner_text() and "1 gemist" in row.inner_text()
        assert "Eigen Haard" in row.inner_text() and "€ 1.350,00" in row.inner_text()
        cpage.screenshot(path=str(screens_dir / "mediation-coordinator.png"), full_page=True)
    finally:
        coordinator.close()
