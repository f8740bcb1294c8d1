"""Demo documents (``DEMO_STEPS``): a photographed letter on a debt and a payslip on the
voorlegger of two demo cases, made through the documents area's own upload. The files are
drawn here (Pillow, a minimal PDF): no real letter, no real person."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.documents.models import CaseDocument
from schoonschip.cases.documents.rules import Link, LinkKind
from schoonschip.cases.documents.service import upload_document


def _letter_photo() -> bytes:
    """A drawn 'photo' of a letter: a page with grey lines where the text would be."""
    im = Image.new("RGB", (600, 800), (236, 233, 226))
    draw = ImageDraw.Draw(im)
    draw.rectangle([40, 40, 300, 70], fill=(60, 60, 70))
    for n, y in enumerate(range(140, 700, 28)):
        draw.rectangle([40, y, 560 - (n * 37) % 180, y + 10], fill=(110, 110, 120))
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def _payslip_pdf() -> bytes:
    text = b"BT /F1 14 Tf 72 720 Td (Loonstrook - demo, geen echte gegevens) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"")
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def demo_documents(db: Session, _locs: Mapping[str, Any], _users: Mapping[str, Any], _today: date) -> None:
    """DEMO_STEPS: documents on the first two demo cases that have debts. Runs once."""
    if db.scalar(select(CaseDocument.id).limit(1)) is not None:
        return
    rows = db.execute(select(Case, Debt.id).join(Debt, Debt.case_id == Case.id).where(Case.erased_at.is_(None))
                      .order_by(Case.reference, Debt.id)).all()  # fmt: skip
    done: set[int] = set()
    for case, debt_id in rows:
        if case.id in done:
            continue
        done.add(case.id)
        upload_document(db, case, filename="brief schuldeiser.jpg", data=_letter_photo(),
                        link=Link(LinkKind.DEBT, debt_id=debt_id), by_user_id=case.coach_id)  # fmt: skip
        upload_document(db, case, filename="loonstrook.pdf", data=_payslip_pdf(),
                        link=Link(LinkKind.VOORLEGGER, voorlegger_code="inkomstenspecificatie"), by_user_id=case.coach_id)  # fmt: skip
        if len(done) == 2:
            break
