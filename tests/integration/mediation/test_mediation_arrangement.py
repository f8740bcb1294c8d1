"""Payment arrangement: instalments generated; each marked paid or missed (dated, by
whom); a missed instalment is flagged at once on every page of the case and on the
coordinator's list; paid late clears it; a new arrangement replaces the old one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schoonschip import clock
from schoonschip.cases.mediation.rules import instalment_due_dates
from schoonschip.money import Money
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.mediation_support import arrange, days_ago, load, nl, start

MISSED_TEXT = "Een termijn van de betalingsregeling is gemist"


@pytest.fixture
def case_a(app, people):  # type: ignore[no-untyped-def]
    return open_test_case(app, alias="Testpersoon Regeling", location_id=people.loc_a, coach_id=people.coach_a)


def _mark(web, app, case_id: int, mid: int, inst_id: int, status: str, on: date | None = None):  # type: ignore[no-untyped-def]
    m = load(app, mid)
    version = next(i[4] for a in m.arrangements for i in a["instalments"] if i[0] == inst_id)
    return web.post(f"/dossiers/{case_id}/huur/{mid}/termijnen/{inst_id}",
                    {"status": status, "on": nl(on or clock.today()), "version": str(version)})  # fmt: skip


def test_arrangement_generates_the_instalments_and_moves_the_stage(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(80)))
    first = days_ago(70)
    resp = arrange(web, case_a, mid, amount="1.075,50", start_on=first, months="6")
    assert resp.status_code == 302
    m = load(app, mid)
    (arr,) = m.arrangements
    assert arr["amount"] == Money(107550)
    assert [i[2] for i in arr["instalments"]] == instalment_due_dates(first, 6)
    assert [i[1] for i in arr["instalments"]] == [1, 2, 3, 4, 5, 6]
    assert all(i[3] == "open" for i in arr["instalments"])
    assert m.stage == "betalingsregeling"  # from "signaal", an arrangement moves the stage
    page = web.get(f"/dossiers/{case_a}/huur/{mid}").get_data(as_text=True)
    assert "€ 1.075,50 per maand op de achterstand" in page
    assert "nog niet nagekeken" in page  # past instalments nobody marked yet


def test_arrangement_form_errors_keep_input(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a)
    v = load(app, mid).version
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/regeling",
                    {"amount": "veel", "start_on": "31-02-2025", "months": "0", "made_on": nl(days_ago(1)), "version": str(v)})  # fmt: skip
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "Dit is geen bedrag" in page and "bestaat niet" in page and "van 1 tot 60" in page
    assert 'value="veel"' in page and 'value="31-02-2025"' in page
    assert load(app, mid).arrangements == []


def test_missed_instalment_is_flagged_on_the_case_and_the_coordinators_list(app, web, make_web, people, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(100)))
    assert arrange(web, case_a, mid, start_on=days_ago(65), months="12", made_on=days_ago(80)).status_code == 302
    inst = load(app, mid).arrangements[0]["instalments"]
    assert _mark(web, app, case_a, mid, inst[0][0], "betaald", inst[0][2]).status_code == 302
    # Not yet due: cannot be missed.
    future = next(i for i in inst if i[2] > clock.today())
    resp = _mark(web, app, case_a, mid, future[0], "gemist")
    assert resp.status_code == 422 and "Deze termijn moet nog komen" in resp.get_data(as_text=True)

    for url in (f"/dossiers/{case_a}", f"/dossiers/{case_a}/schulden", f"/dossiers/{case_a}/huur"):
        assert MISSED_TEXT not in web.get(url).get_data(as_text=True)
    resp = _mark(web, app, case_a, mid, inst[1][0], "gemist", inst[1][2] + timedelta(days=2))
    assert resp.status_code == 302
    flashed = web.get(resp.headers["Location"]).get_data(as_text=True)
    assert "staat op gemist" in flashed
    assert 'id="missed-warning"' in flashed
    m = load(app, mid)
    marked = m.arrangements[0]["instalments"][1]
    assert marked[3] == "gemist" and marked[5] == inst[1][2] + timedelta(days=2) and marked[6] is True

    # Every page of the case carries the banner ...
    for url in (f"/dossiers/{case_a}", f"/dossiers/{case_a}/schulden", f"/dossiers/{case_a}/contact", f"/dossiers/{case_a}/budget"):
        assert MISSED_TEXT in web.get(url).get_data(as_text=True), url
    # ... and so does the coordinator's list.
    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    page = coord.get(f"/dossiers/locatie/{people.loc_a}/huur").get_data(as_text=True)
    assert 'id="missed-banner"' in page and "1 bemiddeling(en) met een gemiste termijn." in page
    assert "1 gemist" in page and "Testpersoon Regeling" in page

    # Paid late: the flag goes, the history says "alsnog".
    assert _mark(web, app, case_a, mid, inst[1][0], "betaald", clock.today()).status_code == 302
    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    assert MISSED_TEXT not in page and "(alsnog)" in page
    assert 'id="missed-banner"' not in coord.get(f"/dossiers/locatie/{people.loc_a}/huur").get_data(as_text=True)


def test_marking_is_dated_by_whom_and_can_be_undone(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(100)))
    arrange(web, case_a, mid, start_on=days_ago(40), months="3", made_on=days_ago(50))
    first = load(app, mid).arrangements[0]["instalments"][0]
    assert _mark(web, app, case_a, mid, first[0], "betaald", days_ago(39)).status_code == 302
    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    assert f"{nl(days_ago(39))}, Coach A" in page
    again = _mark(web, app, case_a, mid, first[0], "betaald", days_ago(39))
    assert again.status_code == 422 and "Deze termijn staat al zo." in again.get_data(as_text=True)
    assert _mark(web, app, case_a, mid, first[0], "open").status_code == 302
    assert load(app, mid).arrangements[0]["instalments"][0][3] == "open"


def test_new_arrangement_replaces_and_ending_stops_the_flag(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(100)))
    arrange(web, case_a, mid, start_on=days_ago(60), months="6", made_on=days_ago(70))
    inst = load(app, mid).arrangements[0]["instalments"]
    _mark(web, app, case_a, mid, inst[0][0], "gemist", inst[0][2] + timedelta(days=1))
    assert MISSED_TEXT in web.get(f"/dossiers/{case_a}").get_data(as_text=True)
    page = web.get(f"/dossiers/{case_a}/huur/{mid}/regeling").get_data(as_text=True)
    assert "Er loopt al een regeling" in page
    assert arrange(web, case_a, mid, amount="50", start_on=days_ago(5), months="10", made_on=days_ago(6)).status_code == 302
    m = load(app, mid)
    old, new = m.arrangements
    assert old["ended_on"] == days_ago(6) and old["end_reason"] == "vervangen" and new["ended_on"] is None
    assert MISSED_TEXT not in web.get(f"/dossiers/{case_a}").get_data(as_text=True)
    # Instalments of an ended arrangement cannot change.
    resp = _mark(web, app, case_a, mid, old["instalments"][0][0], "betaald", clock.today())
    assert resp.status_code == 422 and "beëindigd" in resp.get_data(as_text=True)
    # Stop the new one, with a confirmation page first.
    url = f"/dossiers/{case_a}/huur/{mid}/regeling/{new['id']}/stoppen"
    assert "Ja, regeling stoppen" in web.get(url).get_data(as_text=True)
    resp = web.post(url, {"reason": "", "on": nl(clock.today()), "version": str(new["version"])})
    assert resp.status_code == 422 and "Kies waarom de regeling stopt." in resp.get_data(as_text=True)
    assert web.post(url, {"reason": "gestopt", "on": nl(clock.today()), "version": str(new["version"])}).status_code == 302
    assert load(app, mid).arrangements[1]["end_reason"] == "gestopt"
    assert "Er loopt nu geen betalingsregeling." in web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)


def test_contact_attempts_are_contact_moments_of_the_case(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a)
    url = f"/dossiers/{case_a}/huur/{mid}/contact"
    resp = web.post(url, {"kind": "telefoon", "on": nl(days_ago(3)), "reached": "", "minutes": "10"})
    assert resp.status_code == 422 and "Kies of u iemand hebt gesproken." in resp.get_data(as_text=True)
    assert web.post(url, {"kind": "telefoon", "on": nl(days_ago(3)), "reached": "nee", "minutes": "10"}).status_code == 302
    assert web.post(url, {"kind": "email", "on": nl(days_ago(1)), "reached": "ja", "minutes": "15"}).status_code == 302
    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    attempts = page.split('id="attempts"')[1].split("</table>")[0]
    assert attempts.index("E-mail") < attempts.index("Telefoon")  # newest first
    contacts = web.get(f"/dossiers/{case_a}/contact").get_data(as_text=True)
    assert "met de verhuurder (niet bereikt)" in contacts and "met de verhuurder (bereikt)" in contacts
    assert "25 min" in contacts  # the minutes count with the case's contact time
