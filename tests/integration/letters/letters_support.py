"""Helpers for the letter tests: a synthetic case with debts and a budget (so there is an
offer), the letter and debt rows, and the PDF's text."""

from __future__ import annotations

import io
import re

import pypdf
from sqlalchemy import select

from schoonschip.cases.casefile.resident import resident_of
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.letters.models import Letter
from schoonschip.db import new_session, write_transaction
from tests.integration.handover_support import CaseSpec, DebtSpec, build_case

FULL_NAME = "Demo Brief Testpersoon Volledig"
ADDRESS = "Verzonnenstraat 12"
POSTCODE = "1102 ZZ Amsterdam"


def letter_case(app, people) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    """A case of coach_a with two debts (Eigen Haard with incassokosten far above the legal
    maximum, Vattenfall) and a budget with capacity; returns (case id, {creditor: debt id})."""
    spec = CaseSpec(
        alias="Demo Brief Testpersoon",
        debts=[DebtSpec("Eigen Haard", 1_234_56, "EH-BRIEF-1", incassokosten=400_00), DebtSpec("Vattenfall", 50_000, "VF-BRIEF-2")],
    )
    cid = build_case(app, people, spec)
    with app.app_context(), write_transaction() as db:
        resident = resident_of(db, cid)
        resident.address = ADDRESS
        resident.postcode = POSTCODE
    with app.app_context():
        db = new_session()
        try:
            debts = {d.creditor.name: d.id for d in db.scalars(select(Debt).where(Debt.case_id == cid))}
        finally:
            db.close()
    return cid, debts


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def letters_of(app, case_id: int) -> list[Letter]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            rows = list(db.scalars(select(Letter).where(Letter.case_id == case_id).order_by(Letter.id)))
            for r in rows:
                for name in type(r).sealed_fields():
                    getattr(r, name)
            return rows
        finally:
            db.close()


def debt_row(app, debt_id: int) -> Debt:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.get(Debt, debt_id)
        finally:
            db.close()


def make_letter(web, case_id: int, debt_id: int, kind: str, on: str, free_text: str = "") -> int:  # type: ignore[no-untyped-def]
    resp = web.post(f"/dossiers/{case_id}/schulden/{debt_id}/brieven/nieuw", {"kind": kind, "on": on, "free_text": free_text})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:3000]
    m = re.search(r"/brieven/(\d+)$", resp.headers["Location"])
    assert m, resp.headers["Location"]
    return int(m.group(1))
