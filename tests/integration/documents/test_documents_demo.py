"""The demo step: two demo cases get a photographed letter on a debt and a payslip on the
voorlegger, through the real upload (checked, normalised, sealed); once only."""

from __future__ import annotations

from sqlalchemy import select

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.documents.models import CaseDocument
from schoonschip.cases.documents.service import content_of
from schoonschip.db import new_session, write_transaction
from schoonschip.demo.documents import demo_documents
from tests.integration.handover_support import CaseSpec, build_case


def test_demo_documents_are_real_uploads_and_made_once(app, people) -> None:  # type: ignore[no-untyped-def]
    ids = [build_case(app, people, CaseSpec(alias=f"Demo Document {n}")) for n in range(3)]
    for _ in range(2):
        with app.app_context(), write_transaction() as db:
            demo_documents(db, {}, {}, clock.today())
    with app.app_context():
        db = new_session()
        docs = list(db.scalars(select(CaseDocument).order_by(CaseDocument.id)))
        assert len(docs) == 4 and {d.case_id for d in docs} == set(ids[:2])
        assert {(d.kind, d.link_kind) for d in docs} == {("jpeg", "debt"), ("pdf", "voorlegger")}
        for d in docs:
            data = content_of(db, db.get(Case, d.case_id), d)
            assert data[:4] in (b"%PDF", b"\xff\xd8\xff\xe0") and len(data) == d.size
        db.close()
