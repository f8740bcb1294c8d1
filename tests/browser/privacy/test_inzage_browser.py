"""The coordinator opens the AVG inzage from the case overview in a real browser: every
part is there, the print layout hides the navigation, and the PDF downloads."""

from __future__ import annotations

import io

import pypdf
import pytest
from playwright.sync_api import expect

from tests.integration.handover_support import CaseSpec, build_case

pytestmark = pytest.mark.browser


def test_coordinator_opens_and_prints_the_inzage(browser, live_server, login, screens_dir):  # type: ignore[no-untyped-def]
    app, people = live_server.app, live_server.people
    cid = build_case(app, people, CaseSpec(alias="Demo Inzage Testpersoon", contact_note=True))
    ctx = browser.new_context(base_url=live_server.base_url, locale="nl-NL", accept_downloads=True)
    try:
        page = ctx.new_page()
        login(page, "coordinator.a", totp=True)
        page.goto(f"/dossiers/{cid}")
        page.get_by_role("link", name="Inzage voor de bewoner (AVG)").click()
        expect(page.get_by_role("heading", name="Inzage in uw gegevens", level=1)).to_be_visible()
        for heading in ("Persoonlijke gegevens", "Toestemming", "Contactmomenten", "Het verhaal",
                        "Schulden per schuldeiser", "Inkomsten en uitgaven", "Fasen van het dossier",
                        "Wie heeft uw dossier bekeken of veranderd"):  # fmt: skip
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_text("Demo Inzage Testpersoon Volledig")).to_be_visible()
        expect(page.locator("#access-log")).to_contain_text("Coordinator A")
        page.screenshot(path=str(screens_dir / "inzage.png"), full_page=True)

        # Printed: the bar with the back link and the PDF link is gone, the content stays.
        page.emulate_media(media="print")
        expect(page.locator("nav.doc-bar")).to_be_hidden()
        expect(page.get_by_role("heading", name="Inzage in uw gegevens", level=1)).to_be_visible()
        page.emulate_media(media="screen")

        with page.expect_download() as info:
            page.get_by_role("link", name="Download als pdf").click()
        data = open(info.value.path(), "rb").read()
        assert data.startswith(b"%PDF")
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
        assert "Inzage in uw gegevens" in text and "Eigen Haard" in text and "Demo Inzage Testpersoon Volledig" in text
    finally:
        ctx.close()
