"""Who may see and change a case: coach, coordinator, sharing, conflict, bulk reassign, transfer."""

import pytest
from sqlalchemy import select, text

from schoonschip.cases.casefile.models import Case, CaseConflict, CaseShare
from schoonschip.db import new_session, write_transaction
from tests.factories import open_test_case
from tests.integration.casefile_helpers import login_coordinator


def _case_urls(app, case_id: int) -> list[tuple[str, str]]:
    """Every registered URL that addresses a case (any feature's), with its methods."""
    out = []
    for rule in app.url_map.iter_rules():
        if "case_id" not in rule.arguments:
            continue
        values = {arg: (case_id if arg == "case_id" else 1) for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((method, url))
    return out


def _db(app):
    return new_session()


def test_coach_of_other_location_gets_404_on_every_case_url(app, web, people):
    cid = open_test_case(app, alias="Demo Ander Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    urls = _case_urls(app, cid)
    assert len(urls) >= 15  # overview, tabs, stage, access, erase, ...
    web.login("coach.b")
    for method, url in urls:
        resp = web.get(url) if method == "GET" else web.post(url, {})
        assert resp.status_code == 404, (method, url, resp.status_code)
        assert "Niet gevonden" in resp.get_data(as_text=True)
    with app.app_context():
        db = _db(app)
        refused = db.execute(text("SELECT count(*) FROM audit_events WHERE action = 'case_refused' AND object_id = :id"), {"id": str(cid)}).scalar()
        db.close()
    assert refused >= len(urls)


@pytest.mark.parametrize("username", ["beheerder.x", "rapportage.x"])
def test_non_case_roles_never_reach_a_case(app, web, people, username):
    from tests.conftest import TOTP_SECRET

    cid = open_test_case(app, alias="Demo Rol Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login(username, totp_secret=TOTP_SECRET)
    assert web.get(f"/dossiers/{cid}").status_code == 404
    assert web.get("/dossiers/").status_code == 404
    assert web.get("/telling/").status_code == 404


def test_coach_sees_own_and_shared_only_coordinator_sees_location(app, web, people):
    own = open_test_case(app, alias="Demo Eigen Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    other = open_test_case(app, alias="Demo Collega Testpersoon", location_id=people.loc_a, coach_id=people.coach_a2)
    far = open_test_case(app, alias="Demo Ver Testpersoon", location_id=people.loc_b, coach_id=people.coach_b)
    web.login("coach.a")
    body = web.get("/dossiers/").get_data(as_text=True)
    assert "Demo Eigen Testpersoon" in body and "Demo Collega Testpersoon" not in body
    assert web.get(f"/dossiers/{other}").status_code == 404
    web.logout()

    login_coordinator(web)
    resp = web.get(f"/dossiers/locatie/{people.loc_a}")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Demo Eigen Testpersoon" in body and "Demo Collega Testpersoon" in body
    assert "Demo Ver Testpersoon" not in body
    assert web.get(f"/dossiers/{own}").status_code == 200
    assert web.get(f"/dossiers/{other}").status_code == 200
    assert web.get(f"/dossiers/{far}").status_code == 404
    assert web.get(f"/dossiers/locatie/{people.loc_b}").status_code == 404


def test_coordinator_opens_case_for_a_coach_of_the_location(app, web, people):
    login_coordinator(web)
    resp = web.post("/dossiers/nieuw", {"alias": "Demo Toegewezen Testpersoon", "location_id": str(people.loc_a), "coach": str(people.coach_a2)})
    assert resp.status_code == 302
    resp = web.post("/dossiers/nieuw", {"alias": "Demo Fout Testpersoon", "location_id": str(people.loc_a), "coach": str(people.coach_b)})
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "werkt niet op de gekozen locatie" in body and "Demo Fout Testpersoon" in body
    with app.app_context():
        db = _db(app)
        cases = db.scalars(select(Case)).all()
        db.close()
    assert [c.coach_id for c in cases] == [people.coach_a2]
    web.logout()
    web.login("coach.a")  # a coach cannot hand a new case to someone else
    resp = web.post("/dossiers/nieuw", {"alias": "Demo Zelf Testpersoon", "location_id": str(people.loc_a), "coach": str(people.coach_a2)})
    assert resp.status_code == 422


def test_reassign_moves_access_and_is_audited_without_names(app, web, people):
    cid = open_test_case(app, alias="Demo Wissel Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    login_coordinator(web)
    resp = web.post(f"/dossiers/{cid}/coach", {"coach_id": str(people.coach_a2)})
    assert resp.status_code == 302
    resp = web.post(f"/dossiers/{cid}/coach", {"coach_id": str(people.coach_b)})  # other location
    assert resp.status_code == 422
    assert "werkt niet (meer) op de locatie" in resp.get_data(as_text=True)
    web.logout()
    web.login("coach.a")
    assert web.get(f"/dossiers/{cid}").status_code == 404
    web.logout()
    web.login("coach.a2")
    assert web.get(f"/dossiers/{cid}").status_code == 200
    with app.app_context():
        db = _db(app)
        rows = db.execute(text("SELECT action, detail FROM audit_events WHERE action = 'case_reassign'")).all()
        db.close()
    assert rows == [("case_reassign", "single")]


def test_coach_cannot_reassign_or_erase(app, web, people):
    cid = open_test_case(app, alias="Demo Coach Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    assert web.post(f"/dossiers/{cid}/coach", {"coach_id": str(people.coach_a2)}).status_code == 404
    assert web.get(f"/dossiers/{cid}/wissen").status_code == 404
    assert web.post(f"/dossiers/{cid}/delen", {"user_id": str(people.coach_a2)}).status_code == 404
    with app.app_context():
        db = _db(app)
        assert db.get(Case, cid).coach_id == people.coach_a
        db.close()


def test_share_and_unshare(app, web, people):
    cid = open_test_case(app, alias="Demo Deel Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    login_coordinator(web)
    assert web.post(f"/dossiers/{cid}/delen", {"user_id": str(people.coach_a2)}).status_code == 302
    assert web.post(f"/dossiers/{cid}/delen", {"user_id": str(people.coach_b)}).status_code == 422
    other = web.__class__(app.test_client())
    other.login("coach.a2")
    assert other.get(f"/dossiers/{cid}").status_code == 200
    assert "Demo Deel Testpersoon" in other.get("/dossiers/").get_data(as_text=True)
    assert web.post(f"/dossiers/{cid}/delen/stoppen", {"user_id": str(people.coach_a2)}).status_code == 302
    assert other.get(f"/dossiers/{cid}").status_code == 404
    with app.app_context():
        db = _db(app)
        actions = [r[0] for r in db.execute(text("SELECT action FROM audit_events WHERE action LIKE 'case_%share' ORDER BY id"))]
        db.close()
    assert actions == ["case_share", "case_unshare"]


def test_conflict_removes_coach_and_case_needs_a_coach(app, web, people):
    cid = open_test_case(app, alias="Demo Buur Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    page = web.get(f"/dossiers/{cid}/belangenconflict")
    assert "niet meer openen" in page.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/belangenconflict")
    assert resp.status_code == 302
    assert web.get(f"/dossiers/{cid}").status_code == 404
    assert "Demo Buur Testpersoon" not in web.get("/dossiers/").get_data(as_text=True)
    web.logout()
    login_coordinator(web)
    body = web.get(f"/dossiers/locatie/{people.loc_a}").get_data(as_text=True)
    assert "Dossiers zonder coach" in body and "Demo Buur Testpersoon" in body
    # Giving it back to the coach who declared the conflict is refused.
    resp = web.post(f"/dossiers/{cid}/coach", {"coach_id": str(people.coach_a)})
    assert resp.status_code == 422 and "belangenconflict" in resp.get_data(as_text=True)
    with app.app_context():
        db = _db(app)
        assert db.get(Case, cid).coach_id is None
        assert db.scalar(select(CaseConflict.user_id).where(CaseConflict.case_id == cid)) == people.coach_a
        detail = db.execute(text("SELECT detail FROM audit_events WHERE action = 'case_conflict'")).scalar()
        db.close()
    assert detail == "was_coach"


def test_coordinator_conflict_removes_their_own_access(app, web, people):
    cid = open_test_case(app, alias="Demo Familie Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    login_coordinator(web)
    assert web.post(f"/dossiers/{cid}/belangenconflict").status_code == 302
    assert web.get(f"/dossiers/{cid}").status_code == 404
    with app.app_context():
        db = _db(app)
        assert db.get(Case, cid).coach_id == people.coach_a  # the coach keeps it
        db.close()


def test_bulk_reassign_moves_all_cases_of_a_leaving_coach(app, web, people):
    moving = [open_test_case(app, alias=f"Demo Bulk{i} Testpersoon", location_id=people.loc_a, coach_id=people.coach_a) for i in range(4)]
    staying = open_test_case(app, alias="Demo Blijft Testpersoon", location_id=people.loc_a, coach_id=people.coach_a2)
    login_coordinator(web)
    form = {"from_id": str(people.coach_a), "to_id": str(people.coach_a2)}
    confirm = web.post(f"/dossiers/locatie/{people.loc_a}/coach-wisselen", form)
    assert confirm.status_code == 200
    assert "4 dossiers gaan van" in confirm.get_data(as_text=True)
    with app.app_context():
        db = _db(app)
        assert {db.get(Case, c).coach_id for c in moving} == {people.coach_a}  # nothing moved before confirming
        db.close()
    resp = web.post(f"/dossiers/locatie/{people.loc_a}/coach-wisselen", {**form, "bevestigd": "ja"})
    assert resp.status_code == 302
    with app.app_context():
        db = _db(app)
        assert {db.get(Case, c).coach_id for c in moving} == {people.coach_a2}
        assert db.get(Case, staying).coach_id == people.coach_a2
        n = db.execute(text("SELECT count(*) FROM audit_events WHERE action = 'case_reassign' AND detail = 'bulk'")).scalar()
        db.close()
    assert n == 4
    bad = web.post(f"/dossiers/locatie/{people.loc_a}/coach-wisselen", {"from_id": str(people.coach_a2), "to_id": str(people.coach_b), "bevestigd": "ja"})
    assert bad.status_code == 422


def test_bulk_reassign_is_for_coordinators_of_that_location_only(app, web, people):
    web.login("coach.a")
    assert web.get(f"/dossiers/locatie/{people.loc_a}/coach-wisselen").status_code == 404
    web.logout()
    login_coordinator(web)
    assert web.get(f"/dossiers/locatie/{people.loc_b}/coach-wisselen").status_code == 404


def test_transfer_to_other_location_leaves_case_without_coach(app, web, people):
    cid = open_test_case(app, alias="Demo Verhuis Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        db.add(CaseShare(case_id=cid, user_id=people.coach_a2))
    login_coordinator(web)
    confirm = web.post(f"/dossiers/{cid}/verplaatsen", {"location_id": str(people.loc_b)})
    assert confirm.status_code == 200 and "Locatie B" in confirm.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/verplaatsen", {"location_id": str(people.loc_b), "bevestigd": "ja"})
    assert resp.status_code == 302
    assert web.get(f"/dossiers/{cid}").status_code == 404  # not coordinator at B
    with app.app_context():
        db = _db(app)
        case = db.get(Case, cid)
        assert (case.location_id, case.coach_id) == (people.loc_b, None)
        assert db.scalars(select(CaseShare).where(CaseShare.case_id == cid)).all() == []
        detail = db.execute(text("SELECT detail, location_id FROM audit_events WHERE action = 'case_transfer'")).one()
        db.close()
    assert tuple(detail) == (f"to_location:{people.loc_b}", people.loc_a)
    other = web.__class__(app.test_client())
    other.login("coach.b")  # no coach yet at B: coach.b does not see it either
    assert other.get(f"/dossiers/{cid}").status_code == 404
    other.logout()
    other.login("coach.a")
    assert other.get(f"/dossiers/{cid}").status_code == 404
