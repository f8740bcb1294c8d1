"""A coach photographs a letter and uploads it from the debt page, then makes a saldo-opgave
letter for that creditor; the coordinator signs off and downloads the sealed handover package;
the test opens it with the receiver's private key and finds the dossier PDF and the photo,
without its GPS location. In a real browser (issue 15's end-to-end check)."""

from __future__ import annotations

import io
import re
import zipfile

import pypdf
import pyrage
import pytest
from PIL import Image
from playwright.sync_api import expect
from pyrage import x25519
from sqlalchemy import select

from tests.integration.documents_support import jpeg_with_gps
from tests.integration.handover_support import CaseSpec, build_case

pytestmark = pytest.mark.browser


def _set_receiver_key(app, public_key: str) -> None:  # type: ignore[no-untyped-def]
    from schoonschip.cases.handover.models import ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs
    from schoonschip.db import write_transaction

    with app.app_context(), write_transaction() as db:
        ensure_receiving_orgs(db)
        db.scalar(select(ReceivingOrg).where(ReceivingOrg.is_default.is_(True))).age_recipient = public_key


def test_photo_from_the_debt_page_ends_up_in_the_sealed_package(browser, browser_page, live_server, login, screens_dir, tmp_path):  # type: ignore[no-untyped-def]
    from schoonschip.cases.debts.models import Debt
    from schoonschip.db import new_session

    app, people = live_server.app, live_server.people
    alias = "Demo Document Testpersoon"
    cid = build_case(app, people, CaseSpec(alias=alias))
    with app.app_context():
        db = new_session()
        debt_id = db.scalar(select(Debt.id).where(Debt.case_id == cid).order_by(Debt.id))
        db.close()
    receiver = x25519.Identity.generate()
    _set_receiver_key(app, str(receiver.to_public()))
    photo = tmp_path / "IMG_4711.jpg"
    photo.write_bytes(jpeg_with_gps(120, 80, orientation=1))
    assert Image.open(photo).getexif().get_ifd(0x8825), "the photo carries a GPS location"

    page = browser_page
    login(page, "coach.a")
    page.goto(f"/dossiers/{cid}/schulden/{debt_id}")
    page.get_by_role("link", name="Brief of document toevoegen").click()
    expect(page.get_by_role("heading", name="Document toevoegen")).to_be_visible()
    assert page.get_by_label("Hoort bij").input_value() == f"debt:{debt_id}"
    assert page.locator("#f-bestand").get_attribute("accept") == "image/*,application/pdf"
    page.get_by_label("Bestand of foto").set_input_files(str(photo))
    page.get_by_role("button", name="Document opslaan").click()
    expect(page.get_by_text("Het document is opgeslagen.")).to_be_visible()
    expect(page.locator("#document-link")).to_contain_text("Schuld")
    page.goto(f"/dossiers/{cid}/schulden/{debt_id}")
    expect(page.locator("#documenten")).to_contain_text("IMG_4711.jpg")
    page.screenshot(path=str(screens_dir / "documents-debt-page.png"), full_page=True)

    # From the same debt page: a letter asking the creditor for a saldo-opgave.
    page.get_by_role("link", name="Brief maken").click()
    page.get_by_label("Welke brief?", exact=True).select_option(label="Saldo-opgave vragen (informatieverzoek)")
    page.get_by_role("button", name="Brief maken").click()
    expect(page.get_by_text("De brief is gemaakt.")).to_be_visible()
    with page.expect_download() as letter_info:
        page.get_by_role("link", name="Download de brief (pdf)").click()
    letter = open(letter_info.value.path(), "rb").read()
    letter_text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(letter)).pages)
    assert "Verzoek om een saldo-opgave" in re.sub(r"\s+", " ", letter_text)
    page.get_by_role("link", name="Terug naar de schuld").click()
    expect(page.locator("#creditor-stance")).to_have_text("Saldoverzoek")

    page.get_by_role("link", name="Overdracht", exact=True).click()
    page.get_by_label("Welke route?").select_option(label="Minnelijk traject")
    page.get_by_role("button", name="Klaar voor overdracht melden").click()
    expect(page.get_by_text("Het dossier staat nu op klaar voor overdracht.")).to_be_visible()

    ctx = browser.new_context(base_url=live_server.base_url, locale="nl-NL", accept_downloads=True)
    try:
        coord = ctx.new_page()
        login(coord, "coordinator.a", totp=True)
        coord.goto(f"/dossiers/{cid}/overdracht")
        coord.get_by_role("button", name="Akkoord: het dossier kan weg").click()
        expect(coord.get_by_text("U heeft het dossier gecontroleerd en akkoord gegeven.")).to_be_visible()
        expect(coord.get_by_role("heading", name="Versleuteld overdrachtspakket")).to_be_visible()
        coord.screenshot(path=str(screens_dir / "documents-package.png"), full_page=True)
        with coord.expect_download() as info:
            coord.get_by_role("button", name="Versleuteld pakket downloaden").click()
        download = info.value
        assert re.fullmatch(r"overdracht-.+\.zip\.age", download.suggested_filename)
        sealed = open(download.path(), "rb").read()
    finally:
        ctx.close()

    assert sealed.startswith(b"age-encryption.org/v1")
    archive = zipfile.ZipFile(io.BytesIO(pyrage.decrypt(sealed, [receiver])))
    names = archive.namelist()
    dossier = [n for n in names if n.startswith("dossier-") and n.endswith(".pdf")]
    assert len(dossier) == 1 and archive.read(dossier[0]).startswith(b"%PDF")
    [photo_name] = [n for n in names if n.startswith("documenten/")]
    assert photo_name.endswith("IMG_4711.jpg")
    inside = Image.open(io.BytesIO(archive.read(photo_name)))
    assert inside.format == "JPEG" and inside.size == (120, 80)
    assert not inside.getexif().get_ifd(0x8825) and len(inside.getexif()) == 0  # no GPS, no EXIF at all
