"""Crisis: recording one sets Case.crisis_since, which puts the case on top of the coach's
and the coordinator's lists with a red badge and the deadline (3 working days); handling
every crisis clears it. crises_for_readiness gives the readiness module's input."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.handover.rules import CrisisFlag, ReadinessInput, Track, assess_readiness
from schoonschip.cases.mediation.rules import CrisisAction, CrisisKind, crisis_deadline
from schoonschip.cases.mediation.service import add_crisis, crises_for_readiness, handle_crisis
from schoonschip.db import new_session, write_transaction
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.mediation_support import case_crisis_since, crises, days_ago, nl


@pytest.fixture
def cases(app, people):  # type: ignore[no-untyped-def]
    return [open_test_case(app, alias=f"Testpersoon Crisis{n}", location_id=people.loc_a, coach_id=people.coach_a) for n in range(3)]


def _refs(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1] if "<tbody>" in page else page
    return re.findall(r">(SS-\d{4}-\d+)<", body)


def _ref(app, cid: int) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.get(Case, cid).reference
        finally:
            db.close()


def test_crisis_sets_crisis_since_puts_the_case_on_top_and_handling_clears_it(app, web, make_web, people, cases):
    web.login("coach.a")
    target = cases[1]
    before = _refs(web.get("/dossiers/").get_data(as_text=True))
    assert before[0] != _ref(app, target)

    since = days_ago(1)
    resp = web.post(f"/dossiers/{target}/crisis", {"crisis_kind": "afsluiting_energie", "crisis_since": nl(since)})
    assert resp.status_code == 302
    assert case_crisis_since(app, target) == since
    deadline = crisis_deadline(since)

    mine = web.get("/dossiers/").get_data(as_text=True)
    assert _refs(mine)[0] == _ref(app, target)
    assert f"hulp uiterlijk {nl(deadline)}" in mine
    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    location = coord.get(f"/dossiers/locatie/{people.loc_a}").get_data(as_text=True)
    assert _refs(location)[0] == _ref(app, target)
    assert 'class="badge crisis"' in location and f"hulp uiterlijk {nl(deadline)}" in location
    crisis_list = coord.get(f"/dossiers/locatie/{people.loc_a}/huur").get_data(as_text=True)
    assert "Andere dossiers in crisis" in crisis_list and _ref(app, target) in crisis_list

    # The case page: badge with the deadline in the header, and the banner on every tab.
    assert f"hulp uiterlijk {nl(deadline)}" in web.get(f"/dossiers/{target}").get_data(as_text=True)
    for url in (f"/dossiers/{target}", f"/dossiers/{target}/schulden", f"/dossiers/{target}/huur"):
        page = web.get(url).get_data(as_text=True)
        banner = page.split('class="case-alerts"')[1].split("</div>")[0]
        assert nl(deadline) in banner and "Afsluiting van gas, stroom of stadsverwarming" in banner, url

    # A second crisis, then handle the first: still in crisis, since the second's date.
    later = clock.today()
    assert web.post(f"/dossiers/{target}/crisis", {"crisis_kind": "zorgverzekering_opgezegd", "crisis_since": nl(later)}).status_code == 302
    first, second = crises(app, target)
    url = f"/dossiers/{target}/crisis/{first[0]}/afhandelen"
    assert web.post(url, {"action": "doorverwezen", "on": nl(later), "version": str(first[5])}).status_code == 302
    assert case_crisis_since(app, target) == later
    url = f"/dossiers/{target}/crisis/{second[0]}/afhandelen"
    assert web.post(url, {"action": "moratorium_aangevraagd", "on": nl(later), "version": str(second[5])}).status_code == 302
    assert case_crisis_since(app, target) is None
    mine = web.get("/dossiers/").get_data(as_text=True)
    assert "row-crisis" not in mine and "hulp uiterlijk" not in mine  # no longer on top because of a crisis
    assert sorted(_refs(mine)) == sorted(before)
    page = web.get(f"/dossiers/{target}/huur").get_data(as_text=True)
    assert "Er is nu geen crisis." in page and "Afkoelingsperiode (moratorium) aangevraagd" in page


def test_crisis_form_errors_keep_input_and_refuse_a_duplicate(app, web, cases):
    web.login("coach.a")
    cid = cases[0]
    resp = web.post(f"/dossiers/{cid}/crisis", {"crisis_kind": "", "crisis_since": "gisteren"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "Kies wat er dreigt." in page and "Dit is geen datum" in page and 'value="gisteren"' in page
    future = nl(clock.today() + timedelta(days=2))
    resp = web.post(f"/dossiers/{cid}/crisis", {"crisis_kind": "afsluiting_water", "crisis_since": future})
    assert resp.status_code == 422 and "toekomst" in resp.get_data(as_text=True)
    assert web.post(f"/dossiers/{cid}/crisis", {"crisis_kind": "afsluiting_water", "crisis_since": nl(days_ago(2))}).status_code == 302
    resp = web.post(f"/dossiers/{cid}/crisis", {"crisis_kind": "afsluiting_water", "crisis_since": nl(days_ago(1))})
    assert resp.status_code == 422 and "Deze crisis staat al open." in resp.get_data(as_text=True)
    (c,) = crises(app, cid)
    resp = web.post(f"/dossiers/{cid}/crisis/{c[0]}/afhandelen", {"action": "", "on": nl(days_ago(5)), "version": str(c[5])})
    assert resp.status_code == 422 and "Kies wat er gedaan is." in resp.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/crisis/{c[0]}/afhandelen", {"action": "opgelost", "on": nl(days_ago(5)), "version": str(c[5])})
    assert resp.status_code == 422 and "voor het begin van de crisis" in resp.get_data(as_text=True)
    assert case_crisis_since(app, cid) == days_ago(2)


def test_deadline_skips_the_weekend(app, people, cases):
    friday = date(2025, 3, 7)
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cases[0])
        add_crisis(db, case, CrisisKind.ONTRUIMING, since=friday, by_user_id=None, today=date(2025, 3, 10))
    assert crisis_deadline(friday) == date(2025, 3, 12)  # Mon, Tue, Wed


def test_crises_for_readiness_matches_the_readiness_input(app, people, cases):
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cases[0])
        assert crises_for_readiness(db, case) == []
        today = clock.today()
        add_crisis(db, case, CrisisKind.ONTRUIMING, since=today, by_user_id=None, today=today)
        water = add_crisis(db, case, CrisisKind.AFSLUITING_WATER, since=today, by_user_id=None, today=today)
        add_crisis(db, case, CrisisKind.AFSLUITING_ENERGIE, since=today, by_user_id=None, today=today)
        handle_crisis(db, case, water, CrisisAction.REGELING_GETROFFEN, on=today, by_user_id=None, today=today)
        flags = crises_for_readiness(db, case)
    from schoonschip.cases.handover.rules import CrisisKind as RK

    # Energy still open, water handled: the grouped kind is not handled yet.
    assert flags == [CrisisFlag(RK.ONTRUIMING, False), CrisisFlag(RK.AFSLUITING_ENERGIE_WATER, False)]
    report = assess_readiness(ReadinessInput(peildatum=clock.today(), crises=tuple(flags)), Track.MINNELIJK)
    codes = {i.code for i in report.blocking}
    assert {"crisis_ontruiming", "crisis_afsluiting_energie_water"} <= codes
    assert "crisis_zorgverzekering_opgezegd" not in codes
