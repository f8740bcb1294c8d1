"""The sealed handover package (issue 15, item 5): after the sign-off a coordinator downloads
the dossier PDF and the documents in one ZIP, age-encrypted to the receiving organisation's
public key; no key, no package; every package audited with its content list and hash."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pyrage
from pyrage import x25519
from sqlalchemy import select

from schoonschip.audit import AuditEvent
from schoonschip.db import new_session
from tests.conftest import TOTP_SECRET
from tests.integration.documents_support import jpeg_with_gps, pdf, upload
from tests.integration.handover.test_handover_workflow import org_id, ready, step
from tests.integration.handover_support import build_case


def _events(app, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        rows = list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))
        db.close()
    return rows


def _register_key(admin, app, key: str):  # type: ignore[no-untyped-def]
    from schoonschip.cases.handover.models import ReceivingOrg
    from schoonschip.cases.handover.receivers import DEFAULT_REQUIRED

    oid = org_id(app)
    with app.app_context():
        db = new_session()
        version = db.get(ReceivingOrg, int(oid)).version
        db.close()
    form = {"name": "MaDi", "active": "ja", "is_default": "ja", "required": DEFAULT_REQUIRED, "age_recipient": key, "version": str(version)}
    return admin.post(f"/beheer/ontvangers/{oid}", form)


def test_package_after_sign_off_sealed_for_the_receiver_and_audited(app, people, make_web):  # type: ignore[no-untyped-def]
    cid = build_case(app, people)
    coach = make_web()
    coach.login("coach.a")
    letter = pdf("Aanmaning van Testincasso")
    assert upload(coach, cid, letter, "aanmaning.pdf").status_code == 302
    assert upload(coach, cid, jpeg_with_gps(), "foto brief.jpg", koppeling="voorlegger:vorderingen").status_code == 302
    assert ready(coach, app, cid).status_code == 302
    assert coach.post(f"/dossiers/{cid}/overdracht/pakket").status_code == 404  # not for a coach

    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert "Versleuteld overdrachtspakket" not in coord.get(f"/dossiers/{cid}/overdracht").get_data(as_text=True)
    refused = coord.post(f"/dossiers/{cid}/overdracht/pakket")
    assert refused.status_code == 302 and refused.mimetype == "text/html"  # before the sign-off: no package
    assert step(coord, app, cid, "akkoord").status_code == 302

    # No key registered: no package, and the page says what to ask for.
    page = coord.get(f"/dossiers/{cid}/overdracht").get_data(as_text=True)
    assert "Versleuteld overdrachtspakket" in page and "publieke age-sleutel" in page and "age1" in page
    assert "Versleuteld pakket downloaden" not in page
    assert "geen gewone e-mail" in page  # how to send the pdf safely without a package
    none = coord.post(f"/dossiers/{cid}/overdracht/pakket")
    assert none.status_code == 302 and b"age-encryption" not in none.data and b"PK" not in none.data
    assert _events(app, "handover_package") == []

    # The beheerder registers the receiver's key: a wrong one is refused in Dutch.
    identity = x25519.Identity.generate()
    admin = make_web()
    assert admin.login("beheerder.x", totp_secret=TOTP_SECRET).status_code == 302
    bad = _register_key(admin, app, "age1ditisgeensleutel")
    assert bad.status_code == 422 and "Deze age-sleutel klopt niet" in bad.get_data(as_text=True)
    bad = _register_key(admin, app, "AGE-SECRET-KEY-1XYZ")
    assert bad.status_code == 422 and "Dit is geen publieke age-sleutel" in bad.get_data(as_text=True)
    assert "AGE-SECRET-KEY-1XYZ" in bad.get_data(as_text=True)  # what was typed stays
    good = _register_key(admin, app, str(identity.to_public()))
    assert good.status_code == 302

    page = coord.get(f"/dossiers/{cid}/overdracht").get_data(as_text=True)
    assert "Versleuteld pakket downloaden" in page
    assert "Stuur het versleutelde pakket (hierboven) naar de organisatie." in page and "geen gewone e-mail" not in page
    got = coord.post(f"/dossiers/{cid}/overdracht/pakket")
    assert got.status_code == 200 and got.mimetype == "application/octet-stream"
    assert got.headers["Content-Disposition"].startswith("attachment;") and ".zip.age" in got.headers["Content-Disposition"]
    assert got.data.startswith(b"age-encryption.org/v1") and b"Testincasso" not in got.data

    plain = pyrage.decrypt(got.data, [identity])
    zf = zipfile.ZipFile(io.BytesIO(plain))
    names = zf.namelist()
    assert names[0].startswith("dossier-") and names[0].endswith(".pdf") and zf.read(names[0]).startswith(b"%PDF")
    assert "documenten/01-aanmaning.pdf" in names and "documenten/02-foto brief.jpg" in names and "inhoud.txt" in names
    assert zf.read("documenten/01-aanmaning.pdf") == letter
    photo = zf.read("documenten/02-foto brief.jpg")
    assert photo.startswith(b"\xff\xd8") and b"TestCamera" not in photo
    listing = zf.read("inhoud.txt").decode()
    assert hashlib.sha256(letter).hexdigest() in listing

    # Audited: the package's hash, and per file its id and hash; no file names.
    [event] = _events(app, "handover_package")
    assert event.detail.endswith(f"sha256:{hashlib.sha256(got.data).hexdigest()}") and "files:3" in event.detail
    items = _events(app, "handover_package_item")
    assert len(items) == 3
    assert {e.detail.split("sha256:")[1] for e in items} >= {hashlib.sha256(letter).hexdigest(), hashlib.sha256(photo).hexdigest()}
    assert all("aanmaning" not in (e.detail or "") and "foto" not in (e.detail or "") for e in items)
    assert {e.object_type for e in items} == {"case", "document"}

    # another key cannot open it
    try:
        pyrage.decrypt(got.data, [x25519.Identity.generate()])
    except pyrage.DecryptError:
        pass
    else:
        raise AssertionError("the package opened with another key")


def test_dossier_lists_the_documents_not_their_content(app, people, make_web):  # type: ignore[no-untyped-def]
    import pypdf

    cid = build_case(app, people)
    coach = make_web()
    coach.login("coach.a")
    assert upload(coach, cid, pdf("Inhoud-die-niet-in-het-dossier-staat"), "brief Testincasso.pdf", koppeling="voorlegger:vorderingen").status_code == 302
    data = coach.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Documenten bij het dossier" in text and "brief Testincasso.pdf" in text and "Vorderingen" in text
    assert "Inhoud-die-niet" not in text


def _letter_photo(seed: int, size: tuple[int, int]) -> bytes:
    """A synthetic phone photo of a letter: a light page with dark text lines and some noise."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    w, h = size
    im = Image.new("RGB", size, (235, 232, 225))
    draw = ImageDraw.Draw(im)
    for y in range(h // 12, h - h // 12, max(h // 60, 8)):
        x = w // 12
        while x < w - w // 12:
            word = rnd.randint(w // 70, w // 14)
            draw.rectangle([x, y, x + word, y + max(h // 140, 3)], fill=(40, 40, 45))
            x += word + rnd.randint(w // 150, w // 70)
    im = Image.blend(im.filter(ImageFilter.GaussianBlur(1.2)), Image.effect_noise(size, 12).convert("RGB"), 0.08)
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def test_package_of_ten_documents(app, people, make_web, capsys):  # type: ignore[no-untyped-def]
    """Ten documents (five photos of letters, five PDF letters) all arrive; the package is about
    the sum of its files (they are compressed already; age adds a header and 16 bytes per
    64 KiB). PACKAGE_PHOTO_SIZE=3024x4032 measures with full phone photos."""
    import os
    import random

    from schoonschip.cases.handover.models import ReceivingOrg
    from schoonschip.cases.handover.package import make_package
    from schoonschip.db import write_transaction

    w, h = (int(v) for v in os.environ.get("PACKAGE_PHOTO_SIZE", "800x1066").split("x"))
    cid = build_case(app, people)
    coach = make_web()
    coach.login("coach.a")
    for n in range(5):
        assert upload(coach, cid, _letter_photo(n, (w, h)), f"brief {n}.jpg").status_code == 302
        body = pdf(f"Saldo-opgave {n}") + b"%" + random.Random(n).randbytes(100_000) + b"\n"
        assert upload(coach, cid, body, f"saldo {n}.pdf").status_code == 302
    identity = x25519.Identity.generate()
    madi = org_id(app)
    with app.app_context(), write_transaction() as db:
        from schoonschip import clock
        from schoonschip.cases.casefile.models import Case
        from schoonschip.cases.handover import service as hs

        case = db.get(Case, cid)
        for org in db.scalars(select(ReceivingOrg)):
            org.age_recipient = str(identity.to_public())
        hs.mark_ready(db, case, route="minnelijk", org_id=madi, on=clock.today(), reason="Test", by_user_id=people.coach_a, today=clock.today())
        hs.sign_off(db, case, on=clock.today(), by_user_id=people.coordinator_a)
        from tests.integration.documents_support import pdf as small_pdf

        dossier = small_pdf("Dossier") + b"%" + random.Random(99).randbytes(60_000) + b"\n"
        package = make_package(db, case, dossier_pdf=dossier, today=clock.today())
        stored = sum(len(f) for f in [dossier])
    archive = zipfile.ZipFile(io.BytesIO(pyrage.decrypt(package.data, [identity])))
    files = [n for n in archive.namelist() if n.startswith("documenten/")]
    assert len(files) == 10 and len(package.items) == 11
    contents = sum(archive.getinfo(n).file_size for n in archive.namelist()) - archive.getinfo("inhoud.txt").file_size
    stored += sum(archive.getinfo(n).file_size for n in files)
    assert contents == stored
    assert len(package.data) < stored * 1.02 + 4096, (len(package.data), stored)
    with capsys.disabled():
        print(f"\npackage of 10 documents ({w}x{h} photos): {len(package.data):,} bytes; files {stored:,} bytes")
