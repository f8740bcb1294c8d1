"""Stages: forward and back with dated history, close with a reason, reopen."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from schoonschip import clock
from schoonschip.cases.casefile.models import Case, StageChange
from schoonschip.cases.casefile.service import change_stage
from schoonschip.cases.errors import CaseActionError
from schoonschip.dates import format_date_input
from schoonschip.db import new_session, write_transaction
from tests.factories import open_test_case
from tests.integration.casefile_helpers import case_version


def _history(app, cid):
    with app.app_context():
        db = new_session()
        rows = [(h.from_stage, h.to_stage, h.on, h.reason) for h in db.scalars(select(StageChange).where(StageChange.case_id == cid).order_by(StageChange.id))]
        case = db.get(Case, cid)
        state = (case.stage, case.closed_on, case.close_reason)
        db.close()
    return rows, state


def test_forward_back_close_reopen_through_the_page(app, web, people):
    cid = open_test_case(app, alias="Demo Fase Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    today = clock.today()
    web.login("coach.a")
    page = web.get(f"/dossiers/{cid}").get_data(as_text=True)
    assert "Verder naar" in page and "A. Het verhaal" in page
    steps = [("a_verhaal", today), ("b_inzicht", today), ("a_verhaal", today)]
    for stage, on in steps:
        resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": stage, "on": format_date_input(on), "version": str(case_version(app, cid))})
        assert resp.status_code == 302, resp.get_data(as_text=True)
    # Close without a reason: refused, next to the field.
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "afgesloten", "close_on": format_date_input(today), "reason": "", "version": str(case_version(app, cid))})
    assert resp.status_code == 422
    assert "Kies waarom" in resp.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "afgesloten", "close_on": format_date_input(today), "reason": "verhuisd", "version": str(case_version(app, cid))})
    assert resp.status_code == 302
    rows, state = _history(app, cid)
    assert state == ("afgesloten", today, "verhuisd")
    page = web.get(f"/dossiers/{cid}").get_data(as_text=True)
    assert "Heropenen" in page and "Verhuisd" in page
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": format_date_input(today), "version": str(case_version(app, cid))})
    assert resp.status_code == 302
    rows, state = _history(app, cid)
    assert state == ("a_verhaal", None, None)
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (None, "aanmelding", None),
        ("aanmelding", "a_verhaal", None),
        ("a_verhaal", "b_inzicht", None),
        ("b_inzicht", "a_verhaal", None),
        ("a_verhaal", "afgesloten", "verhuisd"),
        ("afgesloten", "a_verhaal", None),
    ]
    with app.app_context():
        db = new_session()
        actions = [r[0] for r in db.execute(text("SELECT action FROM audit_events WHERE action IN ('case_stage','case_close','case_reopen') ORDER BY id"))]
        db.close()
    assert actions == ["case_stage", "case_stage", "case_stage", "case_close", "case_reopen"]


def test_stage_date_in_dutch_and_not_in_future(app, web, people):
    cid = open_test_case(app, alias="Demo Datum Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    future = clock.today() + timedelta(days=3)
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": format_date_input(future), "version": str(case_version(app, cid))})
    assert resp.status_code == 422 and "toekomst" in resp.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": "31-02-2025", "version": str(case_version(app, cid))})
    assert resp.status_code == 422 and "bestaat niet" in resp.get_data(as_text=True)
    assert _history(app, cid)[1][0] == "aanmelding"


def test_stale_stage_change_is_refused(app, web, people):
    cid = open_test_case(app, alias="Demo Oud Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    old = case_version(app, cid)
    today = format_date_input(clock.today())
    assert web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": today, "version": str(old)}).status_code == 302
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": today, "version": str(old)})
    assert resp.status_code == 409
    assert "Iemand anders heeft dit dossier net veranderd" in resp.get_data(as_text=True)


def test_change_stage_service_rules(app, people):
    cid = open_test_case(app, alias="Demo Regels Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    today = clock.today()
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cid)
        with pytest.raises(CaseActionError):
            change_stage(db, case, "aanmelding", people.coach_a, today)  # same stage
        with pytest.raises(CaseActionError):
            change_stage(db, case, "nergens", people.coach_a, today)
        with pytest.raises(CaseActionError):
            change_stage(db, case, "afgesloten", people.coach_a, today)  # no reason
        with pytest.raises(CaseActionError):
            change_stage(db, case, "afgesloten", people.coach_a, today, reason="zomaar")
        with pytest.raises(CaseActionError):
            change_stage(db, case, "a_verhaal", people.coach_a, date(2000, 1, 1))  # before opening
        # Closing straight from any stage is allowed.
        change = change_stage(db, case, "afgesloten", people.coach_a, today, reason="geen_contact")
        assert (change.from_stage, change.to_stage, change.reason) == ("aanmelding", "afgesloten", "geen_contact")
        assert case.closed_on == today
