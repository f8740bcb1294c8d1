"""purge-expired (retention), the coordinator's list of what will go, and the report
facts of purged cases that keep the funders' counts."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import Debt
from schoonschip.db import new_session, write_transaction
from schoonschip.money import Money
from schoonschip.privacy.retention import latest_closing_to_purge, purge_date, purged_case_facts
from schoonschip.sealing import DataKey
from tests.factories import open_test_case
from tests.integration.casefile_helpers import login_coordinator

OLD = "Ottoline Oudgesloten"
SOON = "Sietske Bijnaweg"
RECENT = "Rembrandt Nietlang"
OPEN = "Olivier Nogopen"


def _closed_case(app, people, alias: str, closed_on: date | None, location_id: int | None = None) -> int:  # type: ignore[no-untyped-def]
    from schoonschip.cases.casefile.service import change_stage

    loc = location_id or people.loc_a
    coach = people.coach_a if loc == people.loc_a else people.coach_b
    cid = open_test_case(app, alias=alias, location_id=loc, coach_id=coach)
    if closed_on is None:
        return cid
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cid)
        case.opened_on = closed_on - timedelta(days=100)
        db.flush()
        change_stage(db, case, "afgesloten", people.coordinator_a, on=closed_on, reason="doel_bereikt")
    return cid


def _add_debt(app, cid: int, hoofdsom: int, boetes: int, status: str = "incassobureau") -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        debt = Debt(case_id=cid, category="energieleverancier", status=status)
        debt.hoofdsom = Money(hoofdsom)
        debt.boetes = Money(boetes)
        debt.creditor_reference = "REF-GEHEIM-123"
        db.add(debt)


def _world(app, people):  # type: ignore[no-untyped-def]
    today = clock.today()
    ids = {
        OLD: _closed_case(app, people, OLD, today - timedelta(days=800)),
        SOON: _closed_case(app, people, SOON, today - timedelta(days=720)),  # purged in 10 days
        RECENT: _closed_case(app, people, RECENT, today - timedelta(days=365)),
        OPEN: _closed_case(app, people, OPEN, None),
    }
    _add_debt(app, ids[OLD], 150_000, 2_500)
    _add_debt(app, ids[OLD], 40_000, 0, status="afgelost")  # paid off: not counted, like live reports
    return ids


def test_policy_dates() -> None:
    assert purge_date(date(2024, 3, 1), 730) == date(2026, 3, 1)
    assert latest_closing_to_purge(date(2026, 3, 1), 730) == date(2024, 3, 1)
    assert latest_closing_to_purge(date(2026, 3, 1), 730, 30) == date(2024, 3, 31)


def test_dry_run_counts_only(app, people, runner):  # type: ignore[no-untyped-def]
    ids = _world(app, people)
    result = runner.invoke(args=["purge-expired", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 case(s) would be erased" in result.output and "loc-a: 1" in result.output
    assert "SS-" not in result.output and OLD not in result.output
    with app.app_context():
        db = new_session()
        assert db.get(Case, ids[OLD]).erased_at is None and db.get(DataKey, f"case:{ids[OLD]}") is not None
        assert db.execute(text("SELECT count(*) FROM audit_events WHERE action LIKE 'retention%'")).scalar() == 0
        db.close()


def test_purge_erases_through_the_erasure_path_and_keeps_report_facts(app, people, runner):  # type: ignore[no-untyped-def]
    ids = _world(app, people)
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert "1 case(s) erased" in result.output
    with app.app_context():
        db = new_session()
        old = db.get(Case, ids[OLD])
        assert old.erased_at is not None and old.alias is None and db.get(DataKey, f"case:{ids[OLD]}") is None
        assert db.scalar(select(Debt.id).where(Debt.case_id == ids[OLD])) is None  # content rows gone
        for name in (SOON, RECENT, OPEN):
            case = db.get(Case, ids[name])
            assert case.erased_at is None and case.alias == name
        # The audit log keeps the fact, not the content.
        events = db.execute(text("SELECT action, object_id, detail FROM audit_events WHERE action IN ('case_erase', 'retention_purge')")).all()
        assert sorted(tuple(e) for e in events) == sorted([("case_erase", str(ids[OLD]), "reason:bewaartermijn"), ("retention_purge", None, "erased:1")])
        everything = " ".join(str(tuple(r)) for r in db.execute(text("SELECT * FROM audit_events")))
        assert OLD not in everything
        # The debts survive as sealed report facts, for reports over past periods.
        facts = purged_case_facts(db, [people.loc_a])
        assert list(facts) == [ids[OLD]]
        (debt,) = facts[ids[OLD]]
        assert (debt.category, debt.total, debt.costs_and_fines) == ("energieleverancier", Money(152_500), Money(2_500))
        assert purged_case_facts(db, [people.loc_b]) == {}
        # ... and the erased case keeps its anonymous report contribution, amounts included.
        from schoonschip.reports.models import ReportContribution

        kept = db.get(ReportContribution, ids[OLD])
        assert kept is not None and kept.erased_reason == "bewaartermijn" and kept.location_id == people.loc_a
        assert kept.amounts == {"total": 152_500, "costs": 2_500, "cats": {"energieleverancier": [152_500, 2_500]}}
        raw = db.execute(text("SELECT debts_enc FROM purged_case_facts")).scalar()
        assert b"152500" not in raw and b"energieleverancier" not in raw  # sealed, not plaintext
        db.close()
    # Running again erases nothing more.
    again = runner.invoke(args=["purge-expired"])
    assert again.exit_code == 0 and "0 case(s) erased" in again.output


def test_retention_period_is_configurable(app, people, runner):  # type: ignore[no-untyped-def]
    ids = _world(app, people)
    app.config["RETENTION_DAYS_AFTER_CLOSE"] = 300
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0 and "3 case(s) erased" in result.output, result.output
    with app.app_context():
        db = new_session()
        assert db.get(Case, ids[RECENT]).erased_at is not None and db.get(Case, ids[OPEN]).erased_at is None
        db.close()
    app.config["RETENTION_DAYS_AFTER_CLOSE"] = 0
    assert runner.invoke(args=["purge-expired"]).exit_code != 0


def test_coordinator_sees_what_will_go_a_month_ahead(app, people, web):  # type: ignore[no-untyped-def]
    ids = _world(app, people)
    other_location = _closed_case(app, people, "Bram Anderelocatie", clock.today() - timedelta(days=800), people.loc_b)
    with app.app_context():
        db = new_session()
        refs = {name: db.get(Case, cid).reference for name, cid in ids.items()}
        other_ref = db.get(Case, other_location).reference
        db.close()
    login_coordinator(web)
    assert "bewaartermijn" in web.get(f"/dossiers/locatie/{people.loc_a}").get_data(as_text=True)
    page = web.get(f"/dossiers/locatie/{people.loc_a}/bewaartermijn")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert refs[OLD] in body and refs[SOON] in body
    assert refs[RECENT] not in body and refs[OPEN] not in body and other_ref not in body
    soon_purge = purge_date(clock.today() - timedelta(days=720), 730)
    assert f"{soon_purge.day}-{soon_purge.month}-{soon_purge.year}" in body
    for name in (OLD, SOON):
        assert name not in body  # reference and dates only
    assert web.get(f"/dossiers/locatie/{people.loc_b}/bewaartermijn").status_code == 404
    with app.app_context():
        db = new_session()
        assert db.execute(text("SELECT detail FROM audit_events WHERE action = 'retention_list'")).scalar() == "cases:2"
        db.close()


def test_demo_shows_cases_on_the_coordinators_list(app, web):  # type: ignore[no-untyped-def]
    from schoonschip.auth.models import Location
    from schoonschip.demo.retention import DEMO_RETENTION_ALIASES
    from schoonschip.demo.service import load_demo
    from tests.conftest import TOTP_SECRET

    with app.app_context():
        load_demo(password="demo password for tests", totp_secret=TOTP_SECRET)
        db = new_session()
        cjm = db.scalar(select(Location).where(Location.code == "cjm"))
        refs = [c.reference for c in db.scalars(select(Case).where(Case.location_id == cjm.id)) if c.alias in DEMO_RETENTION_ALIASES]
        db.close()
    assert len(refs) == 2
    web.login("coordinator.cjm", "demo password for tests", totp_secret=TOTP_SECRET)
    body = web.get(f"/dossiers/locatie/{cjm.id}/bewaartermijn").get_data(as_text=True)
    assert all(ref in body for ref in refs)
    assert "Demo Bewaartermijn" not in body
