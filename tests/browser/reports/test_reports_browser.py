"""The rapportage user (demo data) opens the year report, changes the period and the
location, downloads CSV and XLSX; the files hold no demo resident's name; a case URL
typed by hand says "niet gevonden". In a real browser, without JavaScript."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.resident import Resident
from schoonschip.db import new_session
from schoonschip.demo.service import load_demo
from tests.conftest import TOTP_SECRET

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo password for browser tests"  # noqa: S105 - synthetic


def test_rapportage_year_report_period_location_downloads(browser, live_server, login, screens_dir):  # type: ignore[no-untyped-def]
    app = live_server.app
    today = clock.today()
    with app.app_context():
        load_demo(password=DEMO_PASSWORD, totp_secret=TOTP_SECRET, today=today)
        db = new_session()
        try:
            names = [r.full_name for r in db.scalars(select(Resident)) if r.full_name]
            aliases = [c.alias for c in db.scalars(select(Case)) if c.alias]
            case_id = db.scalars(select(Case.id)).first()
        finally:
            db.close()
    assert names and case_id

    ctx = browser.new_context(base_url=live_server.base_url, locale="nl-NL", accept_downloads=True, viewport={"width": 1200, "height": 900})
    try:
        page = ctx.new_page()
        login(page, "rapportage", totp=True, password=DEMO_PASSWORD)  # rapportage needs a second factor
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
        expect(page.get_by_role("heading", name="Rapportage voor financiers")).to_be_visible()
        # The year report of this year, for every location, with suppressed cells and the method.
        expect(page.locator(".rep-meta")).to_contain_text(str(today.year))
        core = page.locator("#tab-kerncijfers")
        expect(core).to_be_visible()
        for loc in ("Casa Jepie Makandra", "MultiBron", "De Handreiking"):
            expect(core.locator("thead")).to_contain_text(loc)
        assert "<5" in core.inner_text()
        expect(page.locator("#method-explanation")).to_contain_text("laten we zien als")
        assert page.locator("figure.rep-chart svg rect.rep-bar").count() > 0
        page.screenshot(path=str(screens_dir / "reports-year.png"), full_page=True)

        # Another period: a quarter.
        page.get_by_label("Soort periode").select_option(label="Kwartaal")
        page.get_by_label("Kwartaal (als u kwartaal kiest)").select_option("1")
        page.get_by_role("button", name="Laat het overzicht zien").click()
        expect(page.locator(".rep-meta")).to_contain_text(f"{today.year} kwartaal 1")

        # Back to the year, one location.
        page.get_by_label("Soort periode").select_option(label="Jaar")
        page.get_by_label("Locatie").select_option(label="Casa Jepie Makandra")
        page.get_by_role("button", name="Laat het overzicht zien").click()
        head = page.locator("#tab-kerncijfers thead").inner_text()
        assert "Casa Jepie Makandra" in head and "MultiBron" not in head and "De Handreiking" not in head
        expect(page.locator(".rep-meta")).to_contain_text(str(today.year))

        with page.expect_download() as info:
            page.get_by_role("link", name="Download CSV").click()
        csv_text = open(info.value.path(), "rb").read().decode("utf-8-sig")
        assert info.value.suggested_filename.endswith(".csv")
        rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
        assert any(r[:3] == ["Kerncijfers", "Bewoners geholpen met schulden", "Casa Jepie Makandra"] for r in rows)
        assert not any("MultiBron" in cell for r in rows for cell in r)

        with page.expect_download() as info:
            page.get_by_role("link", name="Download Excel (XLSX)").click()
        assert info.value.suggested_filename.endswith(".xlsx")
        wb = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
        xlsx_text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
        assert "Bewoners geholpen met schulden" in xlsx_text

        for blob in (csv_text, xlsx_text):
            for value in names + aliases:
                assert value not in blob
            for first_name in {n.split()[1] for n in names}:
                assert not re.search(rf"\b{re.escape(first_name)}\b", blob), first_name

        # A case URL typed by hand.
        page.goto(f"/dossiers/{case_id}")
        expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
        assert all(n not in page.content() for n in names)
    finally:
        ctx.close()
