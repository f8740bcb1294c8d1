"""The demo step gives every case in stage B or later a budget, a capacity and an offer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from schoonschip.budget import service
from schoonschip.budget.models import BudgetEntry, BudgetVersion
from schoonschip.cases.casefile.models import Case, StageChange
from schoonschip.cases.casefile.service import household_facts
from schoonschip.cases.debts.service import open_debts_for_offer
from schoonschip.db import new_session, write_transaction
from schoonschip.demo import budget as demo_budget
from schoonschip.demo.service import DEMO_STEPS, load_demo
from tests.factories import open_test_case

STAGES = [
    "aanmelding",
    "a_verhaal",
    "b_inzicht",
    "c_aanpak",
    "klaar_voor_overdracht",
    "overgedragen",
    "afgesloten",
]


def make_cases(app, people) -> dict[str, int]:
    ids = {}
    for n, stage in enumerate(STAGES * 2):
        cid = open_test_case(
            app, alias=f"Demo Testpersoon {n}", location_id=people.loc_a, coach_id=people.coach_a
        )
        ids[f"{stage}-{n}"] = cid
        with app.app_context(), write_transaction() as db:
            case = db.get(Case, cid)
            case.stage = stage
            if stage == "afgesloten" and n >= len(STAGES):  # closed after step B
                case.stage_history.append(
                    StageChange(from_stage="a_verhaal", to_stage="c_aanpak", on=date(2025, 9, 1))
                )
    return ids


def budgets(app) -> dict[int, list[tuple[str, str, str, int]]]:
    with app.app_context():
        db = new_session()
        try:
            out: dict[int, list[tuple[str, str, str, int]]] = {}
            for v in db.scalars(select(BudgetVersion)):
                out[v.case_id] = [(e.kind, e.person, e.frequency, e.amount.cents) for e in v.entries]
            return out
        finally:
            db.close()


def test_demo_step_is_registered_once(app):
    assert DEMO_STEPS.count(demo_budget.demo_budgets) == 1


def test_every_case_in_step_b_or_later_gets_a_budget_capacity_and_offer(app, people):
    ids = make_cases(app, people)
    with app.app_context():
        load_demo(password="demo-wachtwoord-lang-genoeg", totp_secret=None, today=date(2025, 10, 1))
    got = budgets(app)
    for key, cid in ids.items():
        stage, n = key.rsplit("-", 1)
        expected = stage in demo_budget.DEMO_FROM_STAGES or (stage == "afgesloten" and int(n) >= len(STAGES))
        assert (cid in got) == expected, key
    with app.app_context():
        db = new_session()
        for cid in got:
            case = db.get(Case, cid)
            version = service.current_version(db, cid)
            assert version.peildatum == date(2025, 10, 1)
            cap = service.capacity_for(db, version, case_facts=household_facts(case))
            assert cap.error is None and cap.result is not None, cap.error
            assert cap.household.source in ("versie", "dossier")  # "dossier" once the case file gives facts
            offer = service.offer_for(version, cap, open_debts_for_offer(db, case))
            assert offer.result is not None
            kinds = {e.kind for e in version.entries}
            assert kinds & {"participatiewet", "loon", "ww", "aow"}
            assert kinds & {"huurtoeslag", "zorgtoeslag"}
            if cap.household.facts.children_under_18:
                assert "kinderbijslag" in kinds
        capacities = {
            service.capacity_for(
                db, service.current_version(db, c), case_facts=household_facts(db.get(Case, c))
            ).result.afloscapaciteit
            for c in got
        }
        db.close()
    assert any(c.cents > 0 for c in capacities)  # the demo shows real capacities, not only zeros


def test_demo_budgets_are_deterministic_and_not_duplicated(app, people):
    ids = make_cases(app, people)
    with app.app_context(), write_transaction() as db:
        demo_budget.demo_budgets(db, {}, {}, date(2025, 10, 1))
    first = budgets(app)
    with app.app_context(), write_transaction() as db:
        demo_budget.demo_budgets(db, {}, {}, date(2025, 11, 1))  # again: nothing added
        assert db.query(BudgetVersion).count() == len(first)
        # a fresh run on the same references gives the same items
        for v in db.scalars(select(BudgetVersion)):
            db.delete(v)
        db.flush()
        assert db.query(BudgetEntry).count() == 0
        demo_budget.demo_budgets(db, {}, {}, date(2025, 10, 1))
    assert budgets(app) == first
    assert len(first) == len([k for k in ids if not k.startswith(("aanmelding", "a_verhaal"))]) - 1
