"""Helpers for the debt ledger tests (synthetic people and organisations only)."""

from __future__ import annotations

import re

from sqlalchemy import select

from schoonschip.cases.debts.models import Creditor, Debt
from schoonschip.cases.debts.service import seed_creditors
from schoonschip.db import new_session, write_transaction


def seed(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        seed_creditors(db)


def creditor_id(app, name: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.scalar(select(Creditor.id).where(Creditor.name == name))
        finally:
            db.close()


def debt_form(**overrides: str) -> dict[str, str]:
    """A complete, valid debt form; override single fields per test."""
    form = {
        "creditor_id": "",
        "new_creditor_name": "",
        "private_creditor_name": "",
        "category": "",
        "creditor_reference": "",
        "collector_kind": "",
        "collector_name": "",
        "collector_reference": "",
        "hoofdsom": "",
        "rente": "",
        "incassokosten": "",
        "gerechtelijke_kosten": "",
        "boetes": "",
        "original_amount": "",
        "peildatum": "",
        "arisen_on": "",
        "saldo_confirmed_on": "",
        "preferent": "",
        "vaste_lasten": "",
        "cjib_kind": "",
        "arrangement_amount": "",
        "arrangement_since": "",
        "garnishment_kind": "",
        "garnishment_amount": "",
        "garnishment_by": "",
        "status": "",
        "note": "",
    }
    form.update(overrides)
    return form


def add_debt(web, case_id: int, **fields: str) -> int:  # type: ignore[no-untyped-def]
    """Post the add form; returns the new debt id (asserts it worked)."""
    resp = web.post(f"/dossiers/{case_id}/schulden/nieuw", debt_form(**fields))
    assert resp.status_code == 302, resp.get_data(as_text=True)
    m = re.search(r"/schulden/(\d+)$", resp.headers["Location"])
    assert m, resp.headers["Location"]
    return int(m.group(1))


def debts_of_case(app, case_id: int) -> list[Debt]:  # type: ignore[no-untyped-def]
    """Debts with their sealed values already read (the session is closed afterwards)."""
    with app.app_context():
        db = new_session()
        try:
            rows = list(db.scalars(select(Debt).where(Debt.case_id == case_id).order_by(Debt.id)))
            for d in rows:
                for name in type(d).sealed_fields():
                    getattr(d, name)
                _ = d.creditor, list(d.status_history)
            db.expunge_all()
            return rows
        finally:
            db.close()
