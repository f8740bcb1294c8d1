"""One date rule for every form of the case file (issue 12 item 6): a fact is not in the
future, nothing lies before the resident's birth, and a fact before the case's start is
accepted with a note that stays visible."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schoonschip import clock
from schoonschip.dates import BEFORE_BIRTH, IN_FUTURE, format_date_input
from tests.factories import open_test_case
from tests.integration.budget_helpers import text_of
from tests.integration.casefile_helpers import case_version

NOTE = "ligt voor de start van het dossier"
LIST_NOTE = "(voor de start van het dossier)"


@pytest.fixture
def cid(app, people):  # type: ignore[no-untyped-def]
    return open_test_case(app, alias="Testpersoon Datums", location_id=people.loc_a, coach_id=people.coach_a)


def _months_ago(n: int) -> date:
    today = clock.today()
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return date(y, m + 1, min(today.day, 28))


def _born(web, cid: int, born: str) -> None:  # type: ignore[no-untyped-def]
    assert web.post(f"/dossiers/{cid}/persoon", {"full_name": "Test Datum", "birth_date": born, "version": "0"}).status_code == 302


def test_consent_22_months_before_the_case_is_accepted_with_the_note(web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/toestemming", {"purpose": "bewaren", "given": "ja",
                                                      "on": format_date_input(_months_ago(22))})  # fmt: skip
    assert resp.status_code == 302
    page = text_of(web.get(resp.headers["Location"]))
    assert NOTE in page and format_date_input(clock.today()) in page  # the flash names the case's start
    assert LIST_NOTE in text_of(web.get(f"/dossiers/{cid}/toestemming"))  # and the list keeps showing it


def test_contact_on_the_day_the_case_started_is_ordinary(web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/contact", {"on": format_date_input(clock.today()), "kind": "spreekuur",
                                                  "minutes": "30", "note": ""})  # fmt: skip
    assert resp.status_code == 302
    page = text_of(web.get(resp.headers["Location"]))
    assert NOTE not in page and LIST_NOTE not in page


def test_contact_long_before_the_case_is_kept_with_the_note(web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/contact", {"on": format_date_input(_months_ago(30)), "kind": "spreekuur",
                                                  "minutes": "30", "note": ""})  # fmt: skip
    assert resp.status_code == 302
    assert LIST_NOTE in text_of(web.get(f"/dossiers/{cid}/contact"))


def test_nothing_before_the_residents_birth(web, cid):
    web.login("coach.a")
    _born(web, cid, "01-06-2000")
    resp = web.post(f"/dossiers/{cid}/contact", {"on": "31-05-2000", "kind": "spreekuur", "minutes": "30", "note": ""})
    assert resp.status_code == 422 and BEFORE_BIRTH in text_of(resp)
    resp = web.post(f"/dossiers/{cid}/toestemming", {"purpose": "bewaren", "given": "ja", "on": "1-1-1999"})
    assert resp.status_code == 422 and BEFORE_BIRTH in text_of(resp)
    resp = web.post(f"/dossiers/{cid}/persoon", {"birth_date": "01-06-2000", "bewind_kind": "beschermingsbewind",
                                                  "bewind_since": "01-01-1999", "version": "1"})  # fmt: skip
    assert resp.status_code == 422 and BEFORE_BIRTH in text_of(resp)


@pytest.mark.parametrize("path,form", [
    ("contact", {"kind": "spreekuur", "minutes": "30", "note": ""}),
    ("toestemming", {"purpose": "bewaren", "given": "ja"}),
])  # fmt: skip
def test_the_future_is_refused_with_the_same_words(web, cid, path, form):
    web.login("coach.a")
    tomorrow = format_date_input(clock.today() + timedelta(days=1))
    resp = web.post(f"/dossiers/{cid}/{path}", {**form, "on": tomorrow})
    assert resp.status_code == 422 and IN_FUTURE in text_of(resp)


def test_a_birth_date_in_the_future_is_refused(web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/persoon", {"birth_date": format_date_input(clock.today() + timedelta(days=3)), "version": "0"})
    assert resp.status_code == 422 and IN_FUTURE in text_of(resp)


def test_a_stage_change_tomorrow_is_refused(app, web, cid):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": format_date_input(clock.today() + timedelta(days=1)),
                                              "version": str(case_version(app, cid))})  # fmt: skip
    assert resp.status_code == 422 and IN_FUTURE in text_of(resp)
