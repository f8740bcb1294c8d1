"""The demo step: realistic, deterministic synthetic debts for cases in stage B or later."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from schoonschip import clock
from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.debts.models import Creditor, Debt, DebtStatusChange
from schoonschip.cases.debts.rules import check_debt
from schoonschip.cases.debts.service import debt_facts
from schoonschip.db import new_session, write_transaction
from schoonschip.demo.debts import demo_debts
from tests.factories import open_test_case

STAGES = [Stage.AANMELDING, Stage.A_VERHAAL, Stage.B_INZICHT, Stage.C_AANPAK, Stage.KLAAR_VOOR_OVERDRACHT,
          Stage.OVERGEDRAGEN, Stage.B_INZICHT, Stage.C_AANPAK]  # fmt: skip


def _make_cases(app, people) -> dict[int, Stage]:  # type: ignore[no-untyped-def]
    out = {}
    for i, stage in enumerate(STAGES):
        cid = open_test_case(app, alias=f"Demo Testpersoon {i}", location_id=people.loc_a, coach_id=people.coach_a)
        with app.app_context(), write_transaction() as db:
            db.get(Case, cid).stage = stage.value
        out[cid] = stage
    return out


def _run(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        demo_debts(db, {}, {}, clock.today())


def _fingerprint(app) -> list[tuple]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        rows = []
        for d in db.scalars(select(Debt).join(Case).order_by(Case.reference, Debt.id)):
            rows.append((d.case_id, d.creditor_id, d.private_creditor_name, d.status, d.hoofdsom, d.incassokosten,
                         d.gerechtelijke_kosten, d.fraud, d.cjib_kind, d.studieschuld_regulier, d.creditor_reference))  # fmt: skip
        db.close()
        return rows


def test_demo_debts_are_realistic_and_cover_the_special_cases(app, people):
    cases = _make_cases(app, people)
    _run(app)
    with app.app_context():
        db = new_session()
        debts = db.scalars(select(Debt)).all()
        by_case: dict[int, list[Debt]] = {}
        for d in debts:
            by_case.setdefault(d.case_id, []).append(d)
        early = {cid for cid, st in cases.items() if st in (Stage.AANMELDING, Stage.A_VERHAAL)}
        assert set(by_case) == set(cases) - early
        for ds in by_case.values():
            assert len({d.creditor_id or d.private_creditor_name for d in ds}) >= 3, "several creditors each"
            assert all(d.status_history for d in ds)
        assert any(d.fraud for d in debts)
        assert any(d.cjib_kind == "strafrechtelijk" for d in debts)
        assert any(d.studieschuld_regulier for d in debts)
        assert any(d.private_creditor_name and d.creditor_id is None for d in debts)
        assert any(d.collector_kind == "deurwaarder" and d.gerechtelijke_kosten for d in debts), "bailiff costs"
        findings = [f.code for d in debts for f in check_debt(debt_facts(d))]
        assert "incassokosten_te_hoog" in findings
        db.close()


def test_demo_debts_are_deterministic_and_added_once(app, people):
    _make_cases(app, people)
    _run(app)
    first = _fingerprint(app)
    assert first
    _run(app)  # again: cases with debts are left alone
    assert _fingerprint(app) == first
    with app.app_context(), write_transaction() as db:
        db.execute(delete(DebtStatusChange))
        db.execute(delete(Debt))
    _run(app)
    again = _fingerprint(app)
    assert again == first  # same debts, same creditors, same amounts


def test_demo_with_a_single_case_still_gets_every_special(app, people):
    cid = open_test_case(app, alias="Demo Enige", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        db.get(Case, cid).stage = Stage.B_INZICHT.value
    _run(app)
    with app.app_context():
        db = new_session()
        debts = db.scalars(select(Debt)).all()
        assert any(d.fraud for d in debts) and any(d.cjib_kind == "strafrechtelijk" for d in debts)
        assert any(d.studieschuld_regulier for d in debts)
        db.close()


def test_flask_demo_command_seeds_the_register(app, runner, monkeypatch):
    monkeypatch.setenv("SCHOONSCHIP_DEMO_PASSWORD", "demo-wachtwoord-voor-tests")
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db = new_session()
        assert db.scalar(select(func.count(Creditor.id))) > 40
        db.close()
