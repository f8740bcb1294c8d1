"""Quick tally at the spreekuur: +1 per topic, a confirmed -1, no personal data."""

from datetime import date

from sqlalchemy import inspect, text

from schoonschip.db import new_session
from schoonschip.reports.tally import tally_totals
from tests.integration.casefile_helpers import login_coordinator


def test_plus_one_and_confirmed_correction(app, web, people):
    web.login("coach.a")
    page = web.get("/telling/", follow_redirects=True).get_data(as_text=True)
    assert "Telling spreekuur" in page and "+1 Brief" in page
    for topic in ("brief", "brief", "huur"):
        assert web.post(f"/telling/{people.loc_a}/plus", {"topic": topic}).status_code == 302
    page = web.get(f"/telling/{people.loc_a}").get_data(as_text=True)
    assert "Vandaag samen: 3" in page
    confirm = web.get(f"/telling/{people.loc_a}/min?topic=brief")
    assert confirm.status_code == 200 and "Wilt u er één afhalen?" in confirm.get_data(as_text=True)
    assert web.post(f"/telling/{people.loc_a}/min", {"topic": "brief"}).status_code == 302
    assert "Vandaag samen: 2" in web.get(f"/telling/{people.loc_a}").get_data(as_text=True)
    # Never below zero.
    web.post(f"/telling/{people.loc_a}/min", {"topic": "huur"})
    resp = web.post(f"/telling/{people.loc_a}/min", {"topic": "huur"}, follow_redirects=True)
    assert "nog niets geteld" in resp.get_data(as_text=True)
    assert web.post(f"/telling/{people.loc_a}/plus", {"topic": "onzin"}, follow_redirects=True).status_code == 200
    with app.app_context():
        db = new_session()
        totals = tally_totals(db, start=date(2000, 1, 1), end=date(2100, 1, 1))
        cols = [c["name"] for c in inspect(db.get_bind()).get_columns("tally_counts")]
        corrections = db.execute(text("SELECT count(*) FROM audit_events WHERE action = 'tally_correct'")).scalar()
        db.close()
    assert totals == {(people.loc_a, "brief"): 1, (people.loc_a, "huur"): 0}
    assert set(cols) == {"id", "location_id", "on", "topic", "count", "updated_at"}  # no personal data
    assert corrections == 2


def test_tally_only_for_own_locations(app, web, people):
    web.login("coach.b")
    assert web.get(f"/telling/{people.loc_a}").status_code == 404
    assert web.post(f"/telling/{people.loc_a}/plus", {"topic": "brief"}).status_code == 404
    web.logout()
    login_coordinator(web)
    assert web.post(f"/telling/{people.loc_a}/plus", {"topic": "schuld"}).status_code == 302
