"""A coach completes a case to "klaar voor overdracht"; the coordinator (second factor via the
harness) checks it, downloads the dossier PDF, records it as sent and records the result.
In a real browser, without JavaScript."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from tests.integration.handover_support import CaseSpec, build_case

pytestmark = pytest.mark.browser


def test_coach_to_ready_coordinator_signs_off_downloads_and_records_the_result(
    browser, browser_page, live_server, login, screens_dir
):  # type: ignore[no-untyped-def]
    app, people = live_server.app, live_server.people
    alias = "Demo Overdracht Testpersoon"
    cid = build_case(app, people, CaseSpec(alias=alias, stage="b_inzicht"))

    page = browser_page
    login(page, "coach.a")
    page.goto(f"/dossiers/{cid}")
    page.get_by_role("button", name=re.compile("Verder naar C. Aanpak")).click()
    expect(page.get_by_text("De fase is nu: C. Aanpak.")).to_be_visible()
    assert page.get_by_role("button", name=re.compile("Klaar voor overdracht")).count() == 0  # not via the stage form

    page.get_by_role("link", name="Klaar?", exact=True).click()
    expect(page.get_by_role("heading", name="Klaar voor de schuldhulpverlening?")).to_be_visible()
    group = page.locator("#f-a_aanvraag_volmacht")
    group.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_text("De antwoorden zijn opgeslagen.")).to_be_visible()
    minnelijk = page.locator("#counts-minnelijk")
    assert "1 punt blokkeert" in minnelijk.inner_text()
    page.locator("#f-a_aanvraag_volmacht").get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Antwoorden opslaan").click()
    assert "0 punten blokkeren" in page.locator("#counts-minnelijk").inner_text()
    page.screenshot(path=str(screens_dir / "handover-readiness.png"), full_page=True)

    page.get_by_role("link", name="Overdracht", exact=True).click()
    page.get_by_label("Welke route?").select_option(label="Minnelijk traject")
    page.get_by_role("button", name="Klaar voor overdracht melden").click()
    expect(page.get_by_text("Het dossier staat nu op klaar voor overdracht.")).to_be_visible()
    expect(page.get_by_text("Klaar voor overdracht: wacht op controle door een coördinator")).to_be_visible()
    page.screenshot(path=str(screens_dir / "handover-ready.png"), full_page=True)

    # The coordinator, in a browser of their own.
    ctx = browser.new_context(base_url=live_server.base_url, locale="nl-NL", accept_downloads=True)
    try:
        coord = ctx.new_page()
        login(coord, "coordinator.a", totp=True)
        coord.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overdrachten").click()
        expect(coord.get_by_role("heading", name="Wacht op uw controle (1)")).to_be_visible()
        coord.get_by_role("link", name=re.compile(alias)).click()
        coord.get_by_role("button", name="Akkoord: het dossier kan weg").click()
        expect(coord.get_by_text("U heeft het dossier gecontroleerd en akkoord gegeven.")).to_be_visible()
        with coord.expect_download() as info:
            coord.get_by_role("link", name="Dossier downloaden (pdf)").click()
        download = info.value
        data = open(download.path(), "rb").read()
        assert data.startswith(b"%PDF")
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
        assert "Eigen Haard" in text and "Vattenfall" in text and "€ 1.234,56" in text and "€ 1.734,56" in text
        assert "Coordinator A" in text

        coord.get_by_label("Welke route?").select_option(label="Minnelijk traject")
        coord.get_by_label("Het dossier is echt verstuurd").check()
        coord.get_by_role("button", name="Vastleggen: overgedragen").click()
        expect(coord.get_by_text("Het dossier staat nu op overgedragen.")).to_be_visible()
        coord.get_by_role("combobox", name="Uitslag").select_option(label="Geaccepteerd")
        coord.get_by_role("button", name="Uitslag opslaan").click()
        expect(coord.get_by_text("De uitslag is opgeslagen.")).to_be_visible()
        history = coord.locator("#h-history").locator("xpath=..").inner_text()
        for line in ("Klaar voor overdracht gemeld", "Gecontroleerd en akkoord", "Overgedragen", "Uitslag: Geaccepteerd"):
            assert line in history, line
        coord.screenshot(path=str(screens_dir / "handover-result.png"), full_page=True)
    finally:
        ctx.close()

    from tests.integration.handover_support import case_stage

    assert case_stage(app, cid) == "overgedragen"
