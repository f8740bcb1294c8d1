"""Access: a coach of another location gets 404 on every mediation page and action, an id
of another case is a 404, the coordinator's list is for coordinators of that location.
And stale saves are refused with the input kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from schoonschip import clock
from schoonschip.audit import AuditEvent
from schoonschip.db import new_session
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.mediation_support import arrange, crises, days_ago, load, mediation_form, nl, start


@pytest.fixture
def world(app, web, people):  # type: ignore[no-untyped-def]
    case_a = open_test_case(app, alias="Testpersoon Toegang", location_id=people.loc_a, coach_id=people.coach_a)
    other = open_test_case(app, alias="Testpersoon Ander", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(100)))
    arrange(web, case_a, mid, start_on=days_ago(40), months="4", made_on=days_ago(50))
    other_mid = start(web, other)
    assert web.post(f"/dossiers/{case_a}/crisis", {"crisis_kind": "afsluiting_water", "crisis_since": nl(days_ago(1))}).status_code == 302
    m = load(app, mid)
    arr = m.arrangements[0]
    web.logout()
    return {
        "case": case_a, "other": other, "mid": mid, "other_mid": other_mid, "arr": arr["id"],
        "inst": arr["instalments"][0][0], "crisis": crises(app, case_a)[0][0],
    }  # fmt: skip


def _urls(w) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    c, mid = w["case"], w["mid"]
    return [
        ("GET", f"/dossiers/{c}/huur"),
        ("GET", f"/dossiers/{c}/huur/nieuw"),
        ("POST", f"/dossiers/{c}/huur/nieuw"),
        ("GET", f"/dossiers/{c}/huur/{mid}"),
        ("GET", f"/dossiers/{c}/huur/{mid}/afdrukken"),
        ("GET", f"/dossiers/{c}/huur/{mid}/wijzigen"),
        ("POST", f"/dossiers/{c}/huur/{mid}/wijzigen"),
        ("POST", f"/dossiers/{c}/huur/{mid}/verwijderen"),
        ("POST", f"/dossiers/{c}/huur/{mid}/fase"),
        ("POST", f"/dossiers/{c}/huur/{mid}/uitkomst"),
        ("GET", f"/dossiers/{c}/huur/{mid}/regeling"),
        ("POST", f"/dossiers/{c}/huur/{mid}/regeling"),
        ("POST", f"/dossiers/{c}/huur/{mid}/regeling/{w['arr']}/stoppen"),
        ("POST", f"/dossiers/{c}/huur/{mid}/termijnen/{w['inst']}"),
        ("POST", f"/dossiers/{c}/huur/{mid}/contact"),
        ("POST", f"/dossiers/{c}/crisis"),
        ("POST", f"/dossiers/{c}/crisis/{w['crisis']}/afhandelen"),
    ]


def test_coach_of_another_location_gets_404_everywhere(app, web, people, world):
    before = load(app, world["mid"])
    web.login("coach.b")
    for method, url in _urls(world):
        resp = web.get(url) if method == "GET" else web.post(url, mediation_form(status="betaald", version="1"))
        assert resp.status_code == 404, (method, url)
        assert "Testpersoon" not in resp.get_data(as_text=True)
    assert web.get(f"/dossiers/locatie/{people.loc_a}/huur").status_code == 404
    assert web.get("/dossiers/locatie/huur").status_code == 404
    # Nothing changed, and the refusals are in the audit log.
    after = load(app, world["mid"])
    assert (after.version, after.arrangements) == (before.version, before.arrangements)
    assert len(crises(app, world["case"])) == 1
    with app.app_context():
        db = new_session()
        refused = db.scalars(select(AuditEvent).where(AuditEvent.action == "case_refused")).all()
        db.close()
    assert len(refused) >= len(_urls(world))


def test_ids_of_another_case_are_404(app, web, world):
    web.login("coach.a")
    c, other, mid, other_mid = world["case"], world["other"], world["mid"], world["other_mid"]
    assert web.get(f"/dossiers/{other}/huur/{mid}").status_code == 404
    assert web.get(f"/dossiers/{c}/huur/{other_mid}").status_code == 404
    assert web.post(f"/dossiers/{other}/huur/{other_mid}/termijnen/{world['inst']}", {"status": "betaald", "on": nl(clock.today()),
                                                                                   "version": "1"}).status_code == 404  # fmt: skip
    assert web.get(f"/dossiers/{other}/huur/{other_mid}/regeling/{world['arr']}/stoppen").status_code == 404
    assert web.post(f"/dossiers/{other}/crisis/{world['crisis']}/afhandelen", {"action": "opgelost", "on": nl(clock.today()),
                                                                             "version": "1"}).status_code == 404  # fmt: skip


def test_coordinator_sees_only_their_location(app, make_web, people, world):
    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    resp = coord.get("/dossiers/locatie/huur")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/dossiers/locatie/{people.loc_a}/huur")
    page = coord.get(f"/dossiers/locatie/{people.loc_a}/huur").get_data(as_text=True)
    assert "Testpersoon Toegang" in page and "Testpersoon Ander" in page
    assert coord.get(f"/dossiers/locatie/{people.loc_b}/huur").status_code == 404


# --------------------------------------------------------------------- stale saves
def test_stale_edit_is_refused_with_the_input_kept(app, make_web, world):
    c, mid = world["case"], world["mid"]
    first, second = make_web(), make_web()
    first.login("coach.a")
    second.login("coordinator.a", totp_secret=TOTP_SECRET)
    opened_at = load(app, mid).version
    form = mediation_form(arrears="999,99", contract_number="YM-FIRST-1", version=str(opened_at))
    form.pop("stage")
    form.pop("event_on")
    assert first.post(f"/dossiers/{c}/huur/{mid}/wijzigen", form).status_code == 302
    late = dict(form, arrears="2.222,22", contract_number="YM-SECOND-2")
    resp = second.post(f"/dossiers/{c}/huur/{mid}/wijzigen", late)
    assert resp.status_code == 409
    page = resp.get_data(as_text=True)
    assert "Iemand anders was u voor" in page
    assert 'value="2.222,22"' in page and 'value="YM-SECOND-2"' in page  # what was typed is kept
    assert "YM-FIRST-1" in page and "999,99" in page  # what is saved now is shown
    assert load(app, mid).contract_number == "YM-FIRST-1"


def test_stale_stage_change_and_instalment_mark_are_refused(app, make_web, world):
    c, mid = world["case"], world["mid"]
    a, b = make_web(), make_web()
    a.login("coach.a")
    b.login("coordinator.a", totp_secret=TOTP_SECRET)
    v = load(app, mid).version
    assert a.post(f"/dossiers/{c}/huur/{mid}/fase", {"stage": "deurwaarder", "stage_on": nl(days_ago(3)), "event_on": "",
                                                   "version": str(v)}).status_code == 302  # fmt: skip
    resp = b.post(f"/dossiers/{c}/huur/{mid}/fase", {"stage": "vonnis", "stage_on": nl(days_ago(2)), "event_on": "", "version": str(v)})
    assert resp.status_code == 409
    page = resp.get_data(as_text=True)
    assert "Iemand anders heeft deze bemiddeling net gewijzigd" in page
    assert f'value="{nl(days_ago(2))}"' in page and '<option value="vonnis" selected>' in page
    assert load(app, mid).stage == "deurwaarder"

    inst = world["inst"]
    iv = next(i[4] for i in load(app, mid).arrangements[0]["instalments"] if i[0] == inst)
    url = f"/dossiers/{c}/huur/{mid}/termijnen/{inst}"
    assert a.post(url, {"status": "betaald", "on": nl(days_ago(1)), "version": str(iv)}).status_code == 302
    resp = b.post(url, {"status": "gemist", "on": nl(clock.today()), "version": str(iv)})
    assert resp.status_code == 409
    assert next(i[3] for i in load(app, mid).arrangements[0]["instalments"] if i[0] == inst) == "betaald"


def test_stale_crisis_handling_and_arrangement_are_refused(app, make_web, world):
    c, mid = world["case"], world["mid"]
    a, b = make_web(), make_web()
    a.login("coach.a")
    b.login("coordinator.a", totp_secret=TOTP_SECRET)
    (crisis,) = crises(app, c)
    url = f"/dossiers/{c}/crisis/{crisis[0]}/afhandelen"
    assert a.post(url, {"action": "doorverwezen", "on": nl(clock.today()), "version": str(crisis[5])}).status_code == 302
    resp = b.post(url, {"action": "opgelost", "on": nl(clock.today()), "version": str(crisis[5])})
    assert resp.status_code == 409 and "Iemand anders heeft deze crisis net gewijzigd" in resp.get_data(as_text=True)
    assert crises(app, c)[0][4] == "doorverwezen"

    v = load(app, mid).version
    form = {"amount": "80", "start_on": nl(clock.today() + timedelta(days=5)), "months": "3", "made_on": nl(clock.today()), "version": str(v)}
    assert a.post(f"/dossiers/{c}/huur/{mid}/uitkomst", {"outcome": "regeling_loopt", "outcome_on": nl(clock.today()),
                                                        "version": str(v)}).status_code == 302  # fmt: skip
    resp = b.post(f"/dossiers/{c}/huur/{mid}/regeling", form)
    assert resp.status_code == 409
    page = resp.get_data(as_text=True)
    assert 'value="80"' in page and "Er is niets opgeslagen" in page
    assert len(load(app, mid).arrangements) == 1
