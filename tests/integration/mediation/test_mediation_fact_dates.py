"""Rent mediation uses the app's one date rule (issue 12 item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schoonschip import clock
from schoonschip.dates import IN_FUTURE
from tests.factories import open_test_case
from tests.integration.budget_helpers import text_of
from tests.integration.mediation_support import days_ago, mediation_form, nl, start


@pytest.fixture
def cid(app, people):  # type: ignore[no-untyped-def]
    return open_test_case(app, alias="Testpersoon Huurdatum", location_id=people.loc_a, coach_id=people.coach_a)


def test_landlord_contact_two_years_before_the_case_is_kept_with_the_note(web, cid):
    web.login("coach.a")
    mid = start(web, cid, started_on=nl(days_ago(800)))
    resp = web.post(f"/dossiers/{cid}/huur/{mid}/contact", {"kind": "telefoon", "on": nl(days_ago(760)), "reached": "ja", "minutes": "10"})
    assert resp.status_code == 302
    assert "ligt voor de start van het dossier" in text_of(web.get(resp.headers["Location"]))


def test_a_mediation_starting_tomorrow_is_refused(web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/huur/nieuw", mediation_form(started_on=nl(clock.today() + timedelta(days=1))))
    assert resp.status_code == 422 and IN_FUTURE in text_of(resp)


def test_a_crisis_since_tomorrow_is_refused(web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/crisis", {"crisis_kind": "ontruiming", "crisis_since": nl(clock.today() + timedelta(days=1))})
    assert resp.status_code == 422 and IN_FUTURE in text_of(resp)
