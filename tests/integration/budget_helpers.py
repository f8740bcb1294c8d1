"""Helpers for the budget integration tests (synthetic people only)."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from schoonschip.budget.models import BudgetEntry, BudgetVersion
from schoonschip.db import new_session


def text_of(resp) -> str:  # type: ignore[no-untyped-def]
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    body = resp.get_data(as_text=True)
    body = body[body.find("<main") :] if "<main" in body else body
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def start_budget(web, case_id: int, peildatum: str = "01-09-2025") -> int:  # type: ignore[no-untyped-def]
    resp = web.post(
        f"/dossiers/{case_id}/budget/versies",
        {"peildatum": peildatum, "current_id": current_id(web, case_id)},
    )
    assert resp.status_code == 302, text_of(resp)
    return int(current_id(web, case_id))


def current_id(web, case_id: int) -> str:  # type: ignore[no-untyped-def]
    body = web.get(f"/dossiers/{case_id}/budget").get_data(as_text=True)
    m = re.findall(r'name="current_id" value="(\d*)"', body)
    return m[-1] if m else ""


def add_income(web, case_id, version_id, kind, amount, frequency="maand", person="bewoner", label=""):  # type: ignore[no-untyped-def]
    return web.post(
        f"/dossiers/{case_id}/budget/{version_id}/inkomen",
        {
            "in_person": person,
            "in_kind": kind,
            "in_amount": amount,
            "in_frequency": frequency,
            "in_label": label,
        },
    )


def add_expense(web, case_id, version_id, kind, amount, frequency="maand", label=""):  # type: ignore[no-untyped-def]
    return web.post(
        f"/dossiers/{case_id}/budget/{version_id}/uitgave",
        {
            "ex_person": "bewoner",
            "ex_kind": kind,
            "ex_amount": amount,
            "ex_frequency": frequency,
            "ex_label": label,
        },
    )


def set_household(web, case_id, version_id, **fields):  # type: ignore[no-untyped-def]
    data = {
        "version": str(version_row(web.client.application, version_id).version),
        "has_partner": "nee",
        "resident_birth_date": "",
        "resident_age_band": "21_tot_aow",
        "partner_birth_date": "",
        "partner_age_band": "",
        "children_under_18": "0",
        "kostendelers_27plus": "0",
    }
    data.update(fields)
    return web.post(f"/dossiers/{case_id}/aflossen/{version_id}/gezin", data)


def capacity_of(web, case_id: int, version_id: int | None = None) -> str:  # type: ignore[no-untyped-def]
    url = f"/dossiers/{case_id}/aflossen" + (f"?versie={version_id}" if version_id else "")
    text = text_of(web.get(url))
    m = re.search(r"Wat de bewoner kan aflossen \(indicatief\) (€ [\d.,]+) per maand", text)
    assert m, text[:2000]
    return m.group(1)


def version_row(app, version_id: int) -> BudgetVersion:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.get(BudgetVersion, version_id)
        finally:
            db.close()


def entries(app, version_id: int) -> list[tuple[int, str, int, int]]:  # type: ignore[no-untyped-def]
    """(id, kind, amount cents, row version) of a version's entries, opened with the case key."""
    with app.app_context():
        db = new_session()
        try:
            rows = db.scalars(
                select(BudgetEntry)
                .where(BudgetEntry.budget_version_id == version_id)
                .order_by(BudgetEntry.id)
            )
            return [(e.id, e.kind, e.amount.cents, e.version) for e in rows]
        finally:
            db.close()
