"""Erasure: the data key is destroyed, content rows go, a skeleton stays for the counts."""


import pytest
from sqlalchemy import func, inspect, select, text

from schoonschip import clock
from schoonschip.cases.casefile.models import Case, CaseShare, StageChange
from schoonschip.cases.casefile.records import ContactMoment, contact_minutes_by_case
from schoonschip.dates import format_date_input
from schoonschip.db import new_session, write_transaction
from schoonschip.sealing import DataKey
from tests.integration.casefile_helpers import case_version, login_coordinator, open_case_via_web
from tests.integration.stored_bytes import database_bytes

NAME = "Qwertyna Wisbaar"
STORY = "Schuldverhaal Xylofoonberg"
NOTE = "Contactnotitie Zwavelpad"




def _fill_case(app, web, people) -> int:
    web.login("coach.a")
    cid = open_case_via_web(web, NAME, people.loc_a)
    today = format_date_input(clock.today())
    assert web.post(f"/dossiers/{cid}/persoon", {"full_name": NAME, "birth_date": "1-2-1980", "children_birth_years": "2012", "landlord": "ymere", "version": "0"}).status_code == 302
    assert web.post(f"/dossiers/{cid}/verhaal", {"how_it_arose": STORY, "doing_now": STORY, "version": "0"}).status_code == 302
    assert web.post(f"/dossiers/{cid}/contact", {"on": today, "kind": "afspraak", "minutes": "50", "note": NOTE}).status_code == 302
    assert web.post(f"/dossiers/{cid}/toestemming", {"purpose": "bewaren", "given": "ja", "on": today}).status_code == 302
    assert web.post(f"/dossiers/{cid}/fase", {"to_stage": "a_verhaal", "on": today, "version": str(case_version(app, cid))}).status_code == 302
    with app.app_context(), write_transaction() as db:
        db.add(CaseShare(case_id=cid, user_id=people.coach_a2))
    web.logout()
    return cid


def _sealed_blobs(app, cid) -> list[bytes]:
    with app.app_context():
        db = new_session()
        blobs = [db.scalar(select(Case.alias_enc).where(Case.id == cid)), db.scalar(select(DataKey.wrapped).where(DataKey.subject == f"case:{cid}"))]
        for table in ("residents", "household_members", "case_stories", "contact_moments"):
            cols = [c["name"] for c in inspect(db.connection()).get_columns(table) if c["name"].endswith("_enc")]
            for row in db.execute(text(f"SELECT {', '.join(cols)} FROM {table} WHERE case_id = :c"), {"c": cid}):
                blobs.extend(b for b in row if b)
        db.close()
    return blobs


def test_erasure_needs_reason_and_typed_reference(app, web, people):
    cid = _fill_case(app, web, people)
    login_coordinator(web)
    page = web.get(f"/dossiers/{cid}/wissen")
    assert page.status_code == 200 and "kan niet ongedaan" in page.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/wissen", {"reason": "", "reference": "SS-1999-0001"})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Kies waarom" in body and "dossiernummer klopt niet" in body
    assert web.get(f"/dossiers/{cid}").status_code == 200  # still there
    web.logout()
    web.login("coach.a")
    assert web.get(f"/dossiers/{cid}/wissen").status_code == 404  # coaches never erase


def test_erasure_makes_everything_unreadable_and_keeps_counts(app, web, people):
    cid = _fill_case(app, web, people)
    blobs = _sealed_blobs(app, cid)
    assert len(blobs) >= 7
    with app.app_context():
        db = new_session()
        reference = db.get(Case, cid).reference
        db.close()
    login_coordinator(web)
    resp = web.post(f"/dossiers/{cid}/wissen", {"reason": "verzoek_bewoner", "reference": reference.lower()})
    assert resp.status_code == 302
    assert "is gewist" in web.get(resp.headers["Location"]).get_data(as_text=True)

    # Nobody can load it any more.
    assert web.get(f"/dossiers/{cid}").status_code == 404
    for user in ("coach.a", "coach.a2"):
        other = web.__class__(app.test_client())
        other.login(user)
        assert other.get(f"/dossiers/{cid}").status_code == 404
        assert NAME not in other.get("/dossiers/").get_data(as_text=True)

    with app.app_context():
        db = new_session()
        case = db.get(Case, cid)
        # The skeleton: location, dates, stage kept; no alias, no coach, no key.
        assert case.erased_at is not None and case.alias_enc is None and case.alias is None and case.coach_id is None
        assert (case.location_id, case.stage, case.opened_on) == (people.loc_a, "a_verhaal", clock.today())
        assert db.get(DataKey, f"case:{cid}") is None
        for table in ("household_members", "case_stories", "consent_events", "case_shares", "case_conflicts"):
            assert db.execute(text(f"SELECT count(*) FROM {table} WHERE case_id = :c"), {"c": cid}).scalar() == 0, table
        # The resident row stays for the referral-source and landlord counts, with nothing sealed in it.
        resident = db.execute(text("SELECT * FROM residents WHERE case_id = :c"), {"c": cid}).mappings().one()
        assert all(v is None for k, v in resident.items() if k.endswith("_enc"))
        # Counts for funders survive: the case, its stage history and its contact minutes.
        assert db.scalar(select(func.count()).select_from(Case).where(Case.location_id == people.loc_a)) == 1
        assert db.scalar(select(func.count()).select_from(StageChange).where(StageChange.case_id == cid)) == 2
        assert db.scalar(select(ContactMoment.note_enc).where(ContactMoment.case_id == cid)) is None
        assert contact_minutes_by_case(db, location_id=people.loc_a) == {cid: 50}
        events = db.execute(text("SELECT action, detail FROM audit_events WHERE action = 'case_erase'")).all()
        all_audit = " ".join(str(tuple(r)) for r in db.execute(text("SELECT * FROM audit_events")))
        db.close()
    assert [tuple(e) for e in events] == [("case_erase", "reason:verzoek_bewoner")]
    assert NAME not in all_audit and STORY not in all_audit

    raw = database_bytes(app)
    for needle in (NAME, STORY, NOTE):
        assert needle.encode() not in raw
    for blob in blobs:
        assert blob not in raw, "sealed bytes of an erased case are still in the database files"


def test_erased_case_cannot_be_erased_or_changed_again(app, web, people):
    cid = _fill_case(app, web, people)
    with app.app_context():
        from schoonschip.cases.casefile.service import erase_case
        from schoonschip.cases.errors import CaseActionError

        with write_transaction() as db:
            erase_case(db, db.get(Case, cid), reason="vergissing", by_user_id=people.coordinator_a)
        with write_transaction() as db:
            with pytest.raises(CaseActionError):
                erase_case(db, db.get(Case, cid), reason="vergissing", by_user_id=people.coordinator_a)
    login_coordinator(web)
    for url in (f"/dossiers/{cid}/wissen", f"/dossiers/{cid}/persoon", f"/dossiers/{cid}/coach"):
        assert web.post(url, {"reason": "anders", "reference": "x", "coach_id": str(people.coach_a)}).status_code == 404
