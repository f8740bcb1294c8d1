"""Consent per purpose with history; contact moments and hours; the printable consent form."""

from datetime import date, timedelta

from sqlalchemy import select, text

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ContactMoment, contact_minutes_by_case, current_consent
from schoonschip.dates import format_date_input
from schoonschip.db import new_session
from tests.factories import open_test_case


def test_consent_given_withdrawn_with_history_and_helper(app, web, people):
    cid = open_test_case(app, alias="Demo Toestemming Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    today = clock.today()
    first = today - timedelta(days=10)
    assert web.post(f"/dossiers/{cid}/toestemming", {"purpose": "madi", "given": "ja", "on": format_date_input(first)}).status_code == 302
    assert web.post(f"/dossiers/{cid}/toestemming", {"purpose": "bewaren", "given": "ja", "on": format_date_input(first)}).status_code == 302
    assert web.post(f"/dossiers/{cid}/toestemming", {"purpose": "madi", "given": "nee", "on": format_date_input(today)}).status_code == 302
    # Recorded late, dated earlier than the withdrawal: the withdrawal still stands.
    assert web.post(f"/dossiers/{cid}/toestemming", {"purpose": "madi", "given": "ja", "on": format_date_input(first + timedelta(days=1))}).status_code == 302
    bad = web.post(f"/dossiers/{cid}/toestemming", {"purpose": "alles", "given": "", "on": "morgen"})
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert "Kies waarvoor" in body and "Kies: gegeven of ingetrokken" in body and "morgen" in body
    with app.app_context():
        db = new_session()
        case = db.get(Case, cid)
        assert current_consent(case, "madi") == (False, today)
        assert current_consent(case, "bewaren") == (True, first)
        assert current_consent(case, "rapportage") == (False, None)
        n = db.execute(text("SELECT count(*) FROM consent_events WHERE case_id = :c"), {"c": cid}).scalar()
        audit = [r[0] for r in db.execute(text("SELECT detail FROM audit_events WHERE action LIKE 'consent_%' ORDER BY id"))]
        db.close()
    assert n == 4 and audit == ["madi", "bewaren", "madi", "madi"]
    page = web.get(f"/dossiers/{cid}/toestemming").get_data(as_text=True)
    assert page.count("Ingetrokken") >= 2 and "Coach A" in page  # history shows who recorded it


def test_consent_form_prints_plain_language_with_lines(app, web, people):
    cid = open_test_case(app, alias="Demo Formulier Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    resp = web.get(f"/dossiers/{cid}/toestemming/formulier")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Mag uw coach dit doen?" in body
    assert body.count('class="tick-box"') == 10  # Ja and Nee for five purposes
    assert "Uw handtekening" in body and "Uw naam" in body and "Datum" in body
    assert "Demo Formulier Testpersoon" not in body.split("<article", 1)[1]  # the resident writes their own name
    with app.app_context():
        db = new_session()
        assert db.execute(text("SELECT count(*) FROM audit_events WHERE action = 'case_print'")).scalar() == 1
        db.close()


def test_contact_moments_add_up_and_delete_needs_confirmation(app, web, people):
    cid = open_test_case(app, alias="Demo Contact Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    today = format_date_input(clock.today())
    for kind, minutes in (("spreekuur", "45"), ("huisbezoek", "90"), ("samen_naar_instantie", "60")):
        resp = web.post(f"/dossiers/{cid}/contact", {"on": today, "kind": kind, "minutes": minutes, "note": "Brief van CJIB samen gelezen"})
        assert resp.status_code == 302
    page = web.get(f"/dossiers/{cid}/contact").get_data(as_text=True)
    assert "3 uur 15 min" in page and "Brief van CJIB samen gelezen" in page
    assert "3 uur 15 min" in web.get(f"/dossiers/{cid}").get_data(as_text=True)
    bad = web.post(f"/dossiers/{cid}/contact", {"on": "1-1-2099", "kind": "fax", "minutes": "0", "note": "Mijn notitie"})
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert "Deze datum ligt in de toekomst" in body and "Kies wat voor contact" in body and "aantal minuten" in body and "Mijn notitie" in body
    with app.app_context():
        db = new_session()
        mid = db.scalar(select(ContactMoment.id).where(ContactMoment.case_id == cid, ContactMoment.minutes == 90))
        by_case = contact_minutes_by_case(db, location_id=people.loc_a)
        in_range = contact_minutes_by_case(db, start=date(2000, 1, 1), end=date(2000, 12, 31))
        db.close()
    assert by_case == {cid: 195} and in_range == {}
    confirm = web.get(f"/dossiers/{cid}/contact/{mid}/verwijderen")
    assert confirm.status_code == 200 and "Wilt u dit contact verwijderen?" in confirm.get_data(as_text=True)
    assert web.post(f"/dossiers/{cid}/contact/{mid}/verwijderen").status_code == 302
    assert "1 uur 45 min" in web.get(f"/dossiers/{cid}/contact").get_data(as_text=True)


def test_contact_of_another_case_cannot_be_deleted_through_this_case(app, web, people):
    mine = open_test_case(app, alias="Demo Mijn Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    theirs = open_test_case(app, alias="Demo Hun Testpersoon", location_id=people.loc_a, coach_id=people.coach_a2)
    other = web.__class__(app.test_client())
    other.login("coach.a2")
    other.post(f"/dossiers/{theirs}/contact", {"on": format_date_input(clock.today()), "kind": "telefoon", "minutes": "10", "note": ""})
    with app.app_context():
        db = new_session()
        mid = db.scalar(select(ContactMoment.id).where(ContactMoment.case_id == theirs))
        db.close()
    web.login("coach.a")
    assert web.post(f"/dossiers/{mine}/contact/{mid}/verwijderen").status_code == 404
    with app.app_context():
        db = new_session()
        assert db.get(ContactMoment, mid) is not None
        db.close()
