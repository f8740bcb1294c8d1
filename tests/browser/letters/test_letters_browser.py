"""A coach opens a debt, makes a saldo-opgave letter and downloads the PDF: in a real browser.
The debt then shows the letter in its history and the stance "Saldoverzoek"."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from tests.integration.letters.letters_support import letter_case

pytestmark = pytest.mark.browser


def test_coach_makes_a_saldo_letter_and_downloads_it(browser_page, live_server, login, screens_dir, tmp_path):
    app, people = live_server.app, live_server.people
    cid, _debts = letter_case(app, people)
    page = browser_page
    login(page, "coach.a")
    page.goto(f"/dossiers/{cid}/schulden")
    page.get_by_role("link", name=re.compile("Eigen Haard")).first.click()
    page.wait_for_url(re.compile(r".*/schulden/\d+$"))
    expect(page.locator("#creditor-stance")).to_have_text("Nog niets gestuurd")
    page.get_by_role("link", name="Brief maken").click()
    page.get_by_label("Welke brief?", exact=True).select_option(label="Saldo-opgave vragen (informatieverzoek)")
    page.get_by_label("Extra tekst (niet verplicht)", exact=True).fill("Graag ook een overzicht van de betalingen.")
    page.get_by_role("button", name="Brief maken").click()
    page.wait_for_url(re.compile(r".*/brieven/\d+$"))
    expect(page.get_by_text("De brief is gemaakt.")).to_be_visible()
    page.screenshot(path=str(screens_dir / "letter-made.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download de brief (pdf)").click()
    download = info.value
    assert download.suggested_filename.startswith("brief-saldo-opgave-") and download.suggested_filename.endswith(".pdf")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))
    assert "Eigen Haard" in text and "Verzoek om een saldo-opgave" in text and "€ 1.634,56" in text
    assert "Graag ook een overzicht van de betalingen." in text

    page.get_by_role("link", name="Terug naar de schuld").click()
    expect(page.locator("#creditor-stance")).to_have_text("Saldoverzoek")
    expect(page.locator("#letters-history")).to_contain_text("Saldo-opgave vragen")
    expect(page.locator("#letters-history")).to_contain_text("nog geen antwoord")
