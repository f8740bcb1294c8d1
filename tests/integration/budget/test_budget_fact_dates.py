"""The budget uses the app's one date rule (issue 12 item 6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schoonschip import clock
from schoonschip.dates import IN_FUTURE, format_date_input
from tests.factories import open_test_case
from tests.integration.budget_helpers import current_id, text_of


@pytest.fixture
def cid(app, people):  # type: ignore[no-untyped-def]
    return open_test_case(app, alias="Testpersoon Budgetdatum", location_id=people.loc_a, coach_id=people.coach_a)


def test_a_budget_dated_next_year_is_refused(web, cid):
    web.login("coach.a")
    next_year = date(clock.today().year + 1, 1, 15)
    resp = web.post(f"/dossiers/{cid}/budget/versies", {"peildatum": format_date_input(next_year), "current_id": current_id(web, cid)})
    assert resp.status_code == 422
    assert IN_FUTURE in text_of(resp)
    assert current_id(web, cid) == ""  # nothing made


def test_a_budget_from_before_the_case_is_made_with_the_note(web, cid):
    web.login("coach.a")
    earlier = clock.today() - timedelta(days=60)
    resp = web.post(f"/dossiers/{cid}/budget/versies", {"peildatum": format_date_input(earlier), "current_id": ""})
    assert resp.status_code == 302
    assert "ligt voor de start van het dossier" in text_of(web.get(resp.headers["Location"]))
    assert current_id(web, cid) != ""
