"""Resident details, household facts and the story; optimistic locking keeps input."""

from datetime import date

from sqlalchemy import select

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import CaseStory
from schoonschip.cases.casefile.resident import HouseholdMember, Resident, household_facts
from schoonschip.db import new_session
from tests.factories import open_test_case

FULL = {
    "full_name": "Amara Demo-Testpersoon",
    "birth_date": "3-4-1961",
    "address": "Teststraat 1",
    "postcode": "1102ab",
    "phone": "06 1234 5678",
    "languages": "Twi, Engels",
    "reads_dutch_hard": "ja",
    "has_partner": "ja",
    "partner_birth_date": "1965-07-01",
    "children_birth_years": "2010, 2015",
    "adults_27plus": "1",
    "adults_under_27": "1",
    "landlord": "eigen_haard",
    "bewind_kind": "budgetbeheer",
    "bewind_by": "Demo Bewind BV",
    "bewind_since": "01-01-2023",
    "referral_source": "buurtteam",
}


def _save(web, cid, data, version):
    return web.post(f"/dossiers/{cid}/persoon", {**data, "version": str(version)})


def test_resident_details_saved_sealed_and_shown(app, web, people):
    cid = open_test_case(app, alias="Amara", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    resp = _save(web, cid, FULL, 0)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    page = web.get(f"/dossiers/{cid}/persoon").get_data(as_text=True)
    assert "Amara Demo-Testpersoon" in page and "1102 AB" in page and "03-04-1961" in page and "01-07-1965" in page
    with app.app_context():
        db = new_session()
        r = db.scalar(select(Resident).where(Resident.case_id == cid))
        assert r.landlord == "eigen_haard" and r.referral_source == "buurtteam"  # coded plaintext
        assert r.birth_date == date(1961, 4, 3) and r.reads_dutch_hard is True and r.bewind_kind == "budgetbeheer"
        assert b"Amara" not in (r.full_name_enc or b"")
        kinds = sorted(m.kind for m in db.scalars(select(HouseholdMember).where(HouseholdMember.case_id == cid)))
        assert kinds == ["kind", "kind", "volwassene", "volwassene"]
        facts = household_facts(db.get(Case, cid), on=date(2025, 6, 1))
        db.close()
    assert facts.has_partner and facts.partner_birth_date == date(1965, 7, 1)
    assert facts.resident_birth_date == date(1961, 4, 3)
    assert facts.children_under_18 == 2 and facts.kostendelers_27plus == 1 and facts.other_adults_under_27 == 1
    overview = web.get(f"/dossiers/{cid}").get_data(as_text=True)
    assert "Eigen Haard" in overview and "1 kostendeler (27+)" in overview and "1 kostendelers" not in overview
    assert "2 kinderen onder 18" in overview
    from schoonschip import clock
    from schoonschip.cases.casefile.rules import age_facts

    expected = age_facts(date(1961, 4, 3), clock.today())
    assert f"{expected.age} jaar · {expected.band_label}" in overview


def test_household_facts_without_details_and_with_child_turning_18(app, people):
    cid = open_test_case(app, alias="Leeg", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context():
        db = new_session()
        facts = household_facts(db.get(Case, cid))
        db.close()
    assert facts is None  # nothing filled in: not "single, no children"
    with app.app_context():
        from schoonschip.cases.casefile.resident import ResidentInput, save_resident
        from schoonschip.db import write_transaction

        with write_transaction() as db:
            save_resident(db, db.get(Case, cid), ResidentInput(full_name="Alleen Naam"), expected_version=0, by_user_id=people.coach_a)
        db = new_session()
        assert household_facts(db.get(Case, cid)) is None  # partner question not answered yet
        db.close()
        with write_transaction() as db:
            data = ResidentInput(has_partner=False, children_birth_years=[2007, 2008, 2020])
            save_resident(db, db.get(Case, cid), data, expected_version=1, by_user_id=people.coach_a)
        db = new_session()
        facts = household_facts(db.get(Case, cid), on=date(2025, 3, 1))
        db.close()
    assert facts.has_partner is False and facts.children_under_18 == 2 and facts.children_turning_18_this_year == 1
    assert facts.children_birth_years == (2007, 2008, 2020)


def test_invalid_input_keeps_everything_typed_with_dutch_errors(app, web, people):
    cid = open_test_case(app, alias="Amara", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    bad = {**FULL, "birth_date": "31-13-1961", "postcode": "12", "children_birth_years": "2010, twee", "adults_27plus": "veel"}
    resp = _save(web, cid, bad, 0)
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Er gaat iets mis" in body
    assert "De maand moet tussen 1 en 12 liggen" in body
    assert "Schrijf de postcode zo" in body and "Schrijf geboortejaren zo" in body and "Vul een aantal in" in body
    for typed in ("31-13-1961", "2010, twee", "Amara Demo-Testpersoon", "Demo Bewind BV", "veel"):
        assert typed in body
    with app.app_context():
        db = new_session()
        assert db.scalar(select(Resident).where(Resident.case_id == cid)) is None
        db.close()


def test_stale_resident_save_refused_and_input_kept(app, web, make_web, people):
    cid = open_test_case(app, alias="Amara", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context():
        from schoonschip.cases.casefile.models import CaseShare
        from schoonschip.db import write_transaction

        with write_transaction() as db:
            db.add(CaseShare(case_id=cid, user_id=people.coach_a2))
    web.login("coach.a")
    other = make_web()
    other.login("coach.a2")
    # Both open the empty form (version 0); coach.a2 saves first.
    assert _save(other, cid, {**FULL, "phone": "06 1111 1111"}, 0).status_code == 302
    resp = _save(web, cid, {**FULL, "phone": "06 9999 9999", "address": "Mijn Invoerstraat 9"}, 0)
    body = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Iemand anders heeft dit net ook veranderd" in body
    assert "06 9999 9999" in body and "Mijn Invoerstraat 9" in body  # my input kept
    assert "06 1111 1111" in body  # and what the other saved is shown beside it
    with app.app_context():
        db = new_session()
        r = db.scalar(select(Resident).where(Resident.case_id == cid))
        assert r.phone == "06 1111 1111" and r.version == 1
        db.close()
    # The re-rendered form carries the current version: saving again after looking wins.
    assert 'name="version" value="1"' in body
    assert _save(web, cid, {**FULL, "phone": "06 9999 9999"}, 1).status_code == 302


def test_story_saved_sealed_with_flag_and_stale_refused(app, web, make_web, people):
    cid = open_test_case(app, alias="Amara", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    story = {"how_it_arose": "Baan kwijt in 2021, toeslagen terugbetalen.", "doing_now": "Betaalt de huur weer.", "version": "0"}
    assert web.post(f"/dossiers/{cid}/verhaal", story).status_code == 302
    page = web.get(f"/dossiers/{cid}/verhaal").get_data(as_text=True)
    assert "Baan kwijt in 2021" in page
    with app.app_context():
        db = new_session()
        s = db.scalar(select(CaseStory).where(CaseStory.case_id == cid))
        assert s.in_resident_overview is False and s.doing_now == "Betaalt de huur weer."
        db.close()
    resp = web.post(f"/dossiers/{cid}/verhaal", {**story, "how_it_arose": "Mijn nieuwe versie", "version": "0"})
    assert resp.status_code == 409
    body = resp.get_data(as_text=True)
    assert "Mijn nieuwe versie" in body and "Iemand anders" in body
    assert web.post(f"/dossiers/{cid}/verhaal", {**story, "in_resident_overview": "ja", "version": "1"}).status_code == 302
    with app.app_context():
        db = new_session()
        assert db.scalar(select(CaseStory.in_resident_overview).where(CaseStory.case_id == cid)) is True
        db.close()


def test_budget_pages_read_the_case_file_household(app, web, people):
    from schoonschip.cases.casefile.service import household_facts

    cid = open_test_case(app, alias="Amara", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context():
        db = new_session()
        assert household_facts(db.get(Case, cid)) is None  # not filled in: the coach enters it there
        db.close()
    web.login("coach.a")
    from schoonschip import clock

    year = clock.today().year
    assert _save(web, cid, {**FULL, "children_birth_years": f"{year - 10}, {year - 5}"}, 0).status_code == 302
    with app.app_context():
        db = new_session()
        facts = household_facts(db.get(Case, cid))
        db.close()
    assert facts is not None
    assert (facts.has_partner, facts.partner_birth_date, facts.resident_birth_date) == (True, date(1965, 7, 1), date(1961, 4, 3))
    assert (facts.children_under_18, facts.kostendelers_27plus) == (2, 1)
