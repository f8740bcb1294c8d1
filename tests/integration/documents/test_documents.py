"""Documents end to end through the web: upload, view, link, download, delete; hostile files
each refused or stored inert (never a 500); access as for the case; sealed at rest."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from PIL import Image
from sqlalchemy import select, text

from schoonschip.audit import AuditEvent
from schoonschip.db import new_session
from tests.factories import open_test_case
from tests.integration.documents_support import (
    gif_js_polyglot,
    heic_header,
    jpeg_with_gps,
    pdf,
    pdf_with_javascript,
    png_bomb,
    png_polyglot,
    upload,
)
from tests.integration.handover_support import CaseSpec, build_case


def _docs(app: Flask) -> list[Any]:
    from schoonschip.cases.documents.models import CaseDocument

    with app.app_context():
        db = new_session()
        rows = list(db.execute(select(CaseDocument.id, CaseDocument.kind, CaseDocument.size, CaseDocument.active_content,
                                      CaseDocument.link_kind, CaseDocument.debt_id, CaseDocument.voorlegger_code)))  # fmt: skip
        db.close()
    return rows


def _audit(app: Flask, action: str) -> list[str]:
    with app.app_context():
        db = new_session()
        details = [e.detail or "" for e in db.scalars(select(AuditEvent).where(AuditEvent.action == action))]
        db.close()
    return details


def _case(app: Flask, people: Any) -> int:
    return open_test_case(app, alias="Document Persoon", location_id=people.loc_a, coach_id=people.coach_a)


def test_upload_view_download_delete(app: Flask, people: Any, web: Any) -> None:
    cid = _case(app, people)
    web.login("coach.a")
    page = web.get(f"/dossiers/{cid}/documenten").get_data(as_text=True)
    assert 'accept="image/*,application/pdf"' in page and "capture" not in page and 'enctype="multipart/form-data"' in page
    body = pdf("Saldo-opgave Testincasso")
    resp = upload(web, cid, body, "Brief Testincasso 12-3-2026.pdf")
    assert resp.status_code == 302, resp.get_data(as_text=True)
    [row] = _docs(app)
    doc_id = row.id
    assert row.kind == "pdf" and row.size == len(body) and not row.active_content and row.link_kind == "case"
    assert resp.headers["Location"].endswith(f"/dossiers/{cid}/documenten/{doc_id}")

    listing = web.get(f"/dossiers/{cid}/documenten").get_data(as_text=True)
    assert "Brief Testincasso 12-3-2026.pdf" in listing
    show = web.get(f"/dossiers/{cid}/documenten/{doc_id}")
    assert show.status_code == 200 and "Brief Testincasso 12-3-2026.pdf" in show.get_data(as_text=True)

    got = web.get(f"/dossiers/{cid}/documenten/{doc_id}/bestand")
    assert got.status_code == 200 and got.data == body
    assert got.mimetype == "application/pdf"
    cd = got.headers["Content-Disposition"]
    assert cd.startswith("attachment;") and 'filename="Brief Testincasso 12-3-2026.pdf"' in cd
    assert got.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert any(d == f"doc:{doc_id}" for d in _audit(app, "document_download"))
    assert any(d == f"doc:{doc_id}" for d in _audit(app, "document_view"))
    assert any(d.startswith(f"doc:{doc_id} kind:pdf") for d in _audit(app, "document_add"))
    assert all("Testincasso" not in d for a in ("document_add", "document_view", "document_download") for d in _audit(app, a))

    # delete: a confirmation page first, then the POST
    confirm = web.get(f"/dossiers/{cid}/documenten/{doc_id}/verwijderen")
    assert confirm.status_code == 200 and "Ja, verwijderen" in confirm.get_data(as_text=True)
    assert _docs(app), "the confirmation page deletes nothing"
    gone = web.post(f"/dossiers/{cid}/documenten/{doc_id}/verwijderen", {"version": "1"})
    assert gone.status_code == 302 and _docs(app) == []
    assert f"doc:{doc_id}" in _audit(app, "document_delete")
    assert web.get(f"/dossiers/{cid}/documenten/{doc_id}/bestand").status_code == 404


def test_photo_is_turned_upright_and_loses_its_exif_and_gps(app: Flask, people: Any, web: Any) -> None:
    cid = _case(app, people)
    web.login("coach.a")
    original = jpeg_with_gps(64, 40, orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825), "the test photo has GPS"
    assert upload(web, cid, original, "IMG_0001.JPG").status_code == 302
    [row] = _docs(app)
    got = web.get(f"/dossiers/{cid}/documenten/{row.id}/bestand")
    im = Image.open(io.BytesIO(got.data))
    assert im.format == "JPEG" and im.size == (40, 64)  # orientation 6: turned a quarter
    exif = im.getexif()
    assert len(exif) == 0 and not exif.get_ifd(0x8825)
    assert b"TestCamera" not in got.data and b"Exif" not in got.data[:200]
    assert 'filename="IMG_0001.jpg"' in got.headers["Content-Disposition"]


def test_hostile_files_are_refused_or_stored_inert_never_a_500(app: Flask, people: Any, web: Any) -> None:
    cid = _case(app, people)
    web.login("coach.a")
    refused = {
        "gif-js.gif": (gif_js_polyglot(), "geen pdf, JPEG of PNG"),
        "brief.jpg": (b"Dit is gewoon tekst, geen foto.\n" * 20, "geen pdf, JPEG of PNG"),
        "bom.png": (png_bomb(), "te veel beeldpunten"),
        "IMG_0002.HEIC": (heic_header(), "HEIC"),
        "groot.pdf": (b"%PDF-1.4\n" + b"0" * (16 * 1024 * 1024), "te groot"),
        "leeg.pdf": (b"", "Kies een bestand"),
    }
    for name, (data, message) in refused.items():
        resp = upload(web, cid, data, name, koppeling="voorlegger:inkomstenspecificatie")
        html = resp.get_data(as_text=True)
        assert resp.status_code == 422, (name, resp.status_code)
        assert message in html, name
        assert 'value="voorlegger:inkomstenspecificatie" selected' in html, "the choice is kept"
    assert _docs(app) == []

    # far over the limit: the body is not even read (413, the plain error page), never a 500
    huge = upload(web, cid, b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024), "heel-groot.pdf")
    assert huge.status_code == 413 and "Dat lukte niet" in huge.get_data(as_text=True)
    assert _docs(app) == []

    # stored inert: the PDF with JavaScript (flagged, attachment only), the PNG polyglot (re-encoded)
    assert upload(web, cid, pdf_with_javascript(), "../../x.pdf").status_code == 302
    assert upload(web, cid, png_polyglot(), "plaatje.png").status_code == 302
    by_kind = {r.kind: r for r in _docs(app)}
    assert by_kind["pdf"].active_content
    js = web.get(f"/dossiers/{cid}/documenten/{by_kind['pdf'].id}/bestand")
    assert js.headers["Content-Security-Policy"] == "sandbox; default-src 'none'" and js.headers["Content-Disposition"].startswith("attachment;")
    assert 'filename="x.pdf"' in js.headers["Content-Disposition"] and ".." not in js.headers["Content-Disposition"]
    assert "actieve inhoud" in web.get(f"/dossiers/{cid}/documenten/{by_kind['pdf'].id}").get_data(as_text=True)
    poly = web.get(f"/dossiers/{cid}/documenten/{by_kind['png'].id}/bestand").data
    assert poly.startswith(b"\x89PNG") and b"<script>" not in poly and b"PK\x03\x04" not in poly and poly.endswith(b"IEND\xaeB`\x82")


def test_links_to_a_debt_and_a_voorlegger_item_show_where_the_work_is(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.cases.debts.models import Debt

    cid = build_case(app, people, CaseSpec(alias="Document Koppeling"))
    with app.app_context():
        db = new_session()
        debt_id = db.scalar(select(Debt.id).where(Debt.case_id == cid).order_by(Debt.id))
        db.close()
    web.login("coach.a")
    debt_page = web.get(f"/dossiers/{cid}/schulden/{debt_id}").get_data(as_text=True)
    assert f"koppeling=debt:{debt_id}" in debt_page.replace("%3A", ":")
    form = web.get(f"/dossiers/{cid}/documenten?koppeling=debt:{debt_id}").get_data(as_text=True)
    assert f'value="debt:{debt_id}" selected' in form
    assert upload(web, cid, pdf("Aanmaning"), "aanmaning.pdf", koppeling=f"debt:{debt_id}").status_code == 302
    assert "aanmaning.pdf" in web.get(f"/dossiers/{cid}/schulden/{debt_id}").get_data(as_text=True)

    klaar = web.get(f"/dossiers/{cid}/klaar").get_data(as_text=True)
    assert "document aanwezig" not in klaar
    assert upload(web, cid, pdf("Loonstrook"), "loonstrook.pdf", koppeling="voorlegger:inkomstenspecificatie").status_code == 302
    klaar = web.get(f"/dossiers/{cid}/klaar").get_data(as_text=True)
    assert klaar.count("document aanwezig") == 1

    # relink the debt's letter to the case, and refuse a debt of another case
    doc_id = next(r.id for r in _docs(app) if r.link_kind == "debt")
    bad = web.post(f"/dossiers/{cid}/documenten/{doc_id}/koppeling", {"koppeling": "debt:999999", "version": "1"})
    assert bad.status_code == 422 and "Deze schuld hoort niet bij dit dossier." in bad.get_data(as_text=True)
    ok = web.post(f"/dossiers/{cid}/documenten/{doc_id}/koppeling", {"koppeling": "case", "version": "1"})
    assert ok.status_code == 302
    assert "aanmaning.pdf" not in web.get(f"/dossiers/{cid}/schulden/{debt_id}").get_data(as_text=True)
    assert _audit(app, "document_link") == [f"doc:{doc_id} case"]


def test_only_people_who_may_open_the_case_see_its_documents(app: Flask, people: Any, make_web: Any) -> None:
    from tests.conftest import TOTP_SECRET

    cid = _case(app, people)
    coach = make_web()
    coach.login("coach.a")
    assert upload(coach, cid, pdf(), "brief.pdf").status_code == 302
    [row] = _docs(app)
    for who in ("coach.b", "coach.a2"):
        other = make_web()
        other.login(who)
        for url in (f"/dossiers/{cid}/documenten", f"/dossiers/{cid}/documenten/{row.id}", f"/dossiers/{cid}/documenten/{row.id}/bestand"):
            assert other.get(url).status_code == 404, (who, url)
        assert upload(other, cid, pdf(), "x.pdf").status_code == 404
        assert other.post(f"/dossiers/{cid}/documenten/{row.id}/verwijderen", {"version": "1"}).status_code == 404
    coordinator = make_web()
    coordinator.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert coordinator.get(f"/dossiers/{cid}/documenten/{row.id}/bestand").status_code == 200
    # a document id of another case under this case's URL is a 404
    cid2 = _case(app, people)
    assert coach.get(f"/dossiers/{cid2}/documenten/{row.id}/bestand").status_code == 404
    assert len(_docs(app)) == 1


def test_content_is_sealed_and_bound_to_its_case_and_document(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.documents.models import CaseDocument
    from schoonschip.cases.documents.service import content_of
    from schoonschip.crypto import CryptoError

    cid = _case(app, people)
    web.login("coach.a")
    assert upload(web, cid, pdf("Eerste brief"), "een.pdf").status_code == 302
    assert upload(web, cid, pdf("Tweede brief"), "twee.pdf").status_code == 302
    with app.app_context():
        db = new_session()
        raw = db.execute(text("SELECT id, content_enc, name_enc FROM case_documents ORDER BY id")).all()
        assert all(b"Eerste" not in r[1] and b"%PDF" not in r[1] and b"een.pdf" not in r[2] for r in raw)
        first, second = db.scalars(select(CaseDocument).order_by(CaseDocument.id)).all()
        case = db.get(Case, cid)
        assert b"Eerste brief" in content_of(db, case, first)
        first.content_enc = second.content_enc  # a ciphertext moved to another document does not open
        try:
            content_of(db, case, first)
        except CryptoError:
            pass
        else:
            raise AssertionError("a swapped ciphertext opened")
        db.rollback()
        db.close()


def test_erasing_the_case_makes_its_documents_unreadable(app: Flask, people: Any, web: Any) -> None:
    from tests.integration.backup_support import db_bytes, erase
    from tests.integration.stored_bytes import database_bytes

    cid = _case(app, people)
    keep = _case(app, people)
    web.login("coach.a")
    assert upload(web, cid, pdf("Te wissen brief"), "wissen.pdf").status_code == 302
    assert upload(web, keep, pdf("Blijvende brief"), "blijft.pdf").status_code == 302
    with app.app_context():
        db = new_session()
        blobs = [r[0] for r in db.execute(text("SELECT content_enc FROM case_documents WHERE case_id = :c"), {"c": cid})]
        blobs += [r[0] for r in db.execute(text("SELECT name_enc FROM case_documents WHERE case_id = :c"), {"c": cid})]
        db.close()
    assert len(blobs) == 2 and all(blobs)
    erase(app, cid, people.coordinator_a)
    kinds = {(r.id, r.kind) for r in _docs(app)}
    assert len(kinds) == 1  # only the kept case's document
    raw = database_bytes(app) if app.config.get("DATABASE_URL") else db_bytes(app)
    for blob in blobs:
        assert blob not in raw, "the erased case's document ciphertext is still in the database files"
    assert web.get(f"/dossiers/{cid}/documenten").status_code == 404
    [kept] = _docs(app)
    assert b"Blijvende brief" in web.get(f"/dossiers/{keep}/documenten/{kept.id}/bestand").data


def test_relink_with_an_old_version_is_a_conflict_not_a_change(app: Flask, people: Any, web: Any) -> None:
    cid = _case(app, people)
    web.login("coach.a")
    assert upload(web, cid, pdf(), "brief.pdf").status_code == 302
    [row] = _docs(app)
    assert web.post(f"/dossiers/{cid}/documenten/{row.id}/koppeling", {"koppeling": "voorlegger:vorderingen", "version": "1"}).status_code == 302
    stale = web.post(f"/dossiers/{cid}/documenten/{row.id}/koppeling", {"koppeling": "case", "version": "1"})
    assert stale.status_code == 409 and "Iemand anders heeft dit document net veranderd" in stale.get_data(as_text=True)
    [after] = _docs(app)
    assert after.link_kind == "voorlegger" and after.voorlegger_code == "vorderingen"
    gone = web.post(f"/dossiers/{cid}/documenten/{row.id}/verwijderen", {"version": "1"})  # old version: not deleted
    assert gone.status_code == 302 and len(_docs(app)) == 1
