"""Helpers for the rent-arrears mediation tests (synthetic people only)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.mediation.models import Crisis, Mediation, PaymentArrangement
from schoonschip.db import new_session


def nl(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def days_ago(n: int) -> date:
    return clock.today() - timedelta(days=n)


def mediation_form(**overrides: str) -> dict[str, str]:
    """A complete, valid "start a mediation" form with Dutch amounts; override per test."""
    form = {
        "landlord": "ymere",
        "contract_number": "",
        "kale_huur": "612,50",
        "servicekosten": "€ 47,50",
        "huurtoeslag": "210",
        "toeslag_to_landlord": "1",
        "arrears": "1.350,00",
        "oldest_unpaid_month": "",
        "collection_costs": "",
        "court_costs": "",
        "peildatum": nl(days_ago(2)),
        "benefit_deduction": "",
        "benefit_deduction_since": "",
        "started_on": nl(days_ago(40)),
        "stage": "signaal",
        "event_on": "",
    }
    form.update(overrides)
    return form


def start(web, case_id: int, **overrides: str) -> int:  # type: ignore[no-untyped-def]
    """Start a mediation through the form; returns its id."""
    resp = web.post(f"/dossiers/{case_id}/huur/nieuw", mediation_form(**overrides))
    assert resp.status_code == 302, resp.get_data(as_text=True)[:3000]
    m = re.search(r"/huur/(\d+)$", resp.headers["Location"])
    assert m, resp.headers["Location"]
    return int(m.group(1))


def arrange(web, case_id: int, mid: int, *, amount: str = "75,00", start_on: date | None = None, months: str = "6",
            made_on: date | None = None, version: int | None = None) -> Any:  # type: ignore[no-untyped-def]  # fmt: skip
    start_on = start_on or days_ago(70)
    made_on = made_on or days_ago(35)
    if version is None:
        version = load(web_app(web), mid).version
    return web.post(
        f"/dossiers/{case_id}/huur/{mid}/regeling",
        {"amount": amount, "start_on": nl(start_on), "months": months, "made_on": nl(made_on), "version": str(version)},
    )


def web_app(web):  # type: ignore[no-untyped-def]
    return web.client.application


class Loaded:
    """A detached snapshot of a mediation for assertions (sealed values opened)."""

    def __init__(self, m: Mediation) -> None:
        self.id = m.id
        self.version = m.version
        self.stage = m.stage
        self.outcome = m.outcome
        self.hearing_on = m.hearing_on
        self.eviction_on = m.eviction_on
        self.landlord = m.landlord
        for name in ("contract_number", "kale_huur", "servicekosten", "huurtoeslag", "toeslag_to_landlord", "arrears",
                     "collection_costs", "court_costs", "oldest_unpaid_month", "peildatum", "started_on",
                     "benefit_deduction", "benefit_deduction_since"):  # fmt: skip
            setattr(self, name, getattr(m, name))
        self.history = [(h.from_stage, h.to_stage, h.on, h.event_on) for h in m.stage_history]
        self.arrangements = [
            {
                "id": a.id,
                "version": a.version,
                "amount": a.amount,
                "ended_on": a.ended_on,
                "end_reason": a.end_reason,
                "instalments": [(i.id, i.number, i.due_on, i.status, i.version, i.marked_on, i.was_missed) for i in a.instalments],
            }
            for a in m.arrangements
        ]


def load(app, mid: int) -> Loaded:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            m = db.scalar(
                select(Mediation)
                .where(Mediation.id == mid)
                .options(selectinload(Mediation.arrangements).selectinload(PaymentArrangement.instalments))
            )
            return Loaded(m)
        finally:
            db.close()


def case_crisis_since(app, case_id: int) -> date | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.get(Case, case_id).crisis_since
        finally:
            db.close()


def crises(app, case_id: int) -> list[tuple[int, str, date, date | None, str | None, int]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            rows = db.scalars(select(Crisis).where(Crisis.case_id == case_id).order_by(Crisis.id))
            return [(c.id, c.kind, c.since, c.handled_on, c.action, c.version) for c in rows]
        finally:
            db.close()
