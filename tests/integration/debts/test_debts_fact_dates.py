"""The debt ledger uses the app's one date rule (issue 12 item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schoonschip import clock
from schoonschip.dates import BEFORE_BIRTH, IN_FUTURE, format_date_input
from tests.factories import open_test_case
from tests.integration.budget_helpers import text_of
from tests.integration.debts_support import add_debt, creditor_id, debt_form, debts_of_case, seed


@pytest.fixture
def cid(app, people):  # type: ignore[no-untyped-def]
    seed(app)
    return open_test_case(app, alias="Testpersoon Schulddatum", location_id=people.loc_a, coach_id=people.coach_a)


def test_a_debt_cannot_arise_before_the_resident_was_born(app, web, cid):
    web.login("coach.a")
    assert web.post(f"/dossiers/{cid}/persoon", {"birth_date": "01-06-2000", "version": "0"}).status_code == 302
    resp = web.post(f"/dossiers/{cid}/schulden/nieuw", debt_form(creditor_id=str(creditor_id(app, "KPN")), hoofdsom="50",
                                                                  arisen_on="01-01-1999"))  # fmt: skip
    assert resp.status_code == 422 and BEFORE_BIRTH in text_of(resp)
    # long before the case but after the birth: an ordinary old debt, no note
    add_debt(web, cid, creditor_id=str(creditor_id(app, "KPN")), hoofdsom="50", arisen_on="01-01-2019")
    assert len(debts_of_case(app, cid)) == 1


def test_a_status_change_tomorrow_is_refused_with_the_same_words(app, web, cid):
    web.login("coach.a")
    debt_id = add_debt(web, cid, creditor_id=str(creditor_id(app, "KPN")), hoofdsom="50")
    (debt,) = debts_of_case(app, cid)
    resp = web.post(f"/dossiers/{cid}/schulden/{debt_id}/status", {"status": "incassobureau", "version": str(debt.version),
                    "on": format_date_input(clock.today() + timedelta(days=1))})  # fmt: skip
    assert resp.status_code == 422 and IN_FUTURE in text_of(resp)
