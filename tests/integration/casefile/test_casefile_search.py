"""Lists and name search: within what the user may see, any part of a name, crisis first."""

from datetime import date

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.resident import ResidentInput, save_resident
from schoonschip.cases.casefile.search import normalise
from schoonschip.db import write_transaction
from tests.factories import open_test_case
from tests.integration.casefile_helpers import login_coordinator


def _with_full_name(app, cid: int, full_name: str, by: int) -> None:
    with app.app_context(), write_transaction() as db:
        save_resident(db, db.get(Case, cid), ResidentInput(full_name=full_name), expected_version=0, by_user_id=by)


def _rows(body: str) -> list[str]:
    """Case references in the order the table shows them."""
    import re

    tbody = body.split("<tbody>", 1)[1] if "<tbody>" in body else ""
    return re.findall(r">(SS-\d{4}-\d{4})</a>", tbody)


def test_normalise():
    assert normalise("  Zoë  O'Neil-Jansen ") == "zoe o neil jansen"
    assert normalise(None) == ""


def test_search_by_name_part_case_insensitive_within_location(app, web, people):
    amara = open_test_case(app, alias="Amara", location_id=people.loc_a, coach_id=people.coach_a)
    _with_full_name(app, amara, "Amara Mensah-Testpersoon", people.coach_a)
    zoe = open_test_case(app, alias="Zoë", location_id=people.loc_a, coach_id=people.coach_a2)
    open_test_case(app, alias="Kofi", location_id=people.loc_a, coach_id=people.coach_a)
    far = open_test_case(app, alias="Amara Ver", location_id=people.loc_b, coach_id=people.coach_b)
    login_coordinator(web)
    url = f"/dossiers/locatie/{people.loc_a}"
    body = web.post(url, {"zoek": "aMAr", "fase": ""}).get_data(as_text=True)
    assert "Amara" in body and "Kofi" not in body and "Amara Ver" not in body
    assert "1 gevonden" in body
    body = web.post(url, {"zoek": "mensah test", "fase": ""}).get_data(as_text=True)  # full name, two parts
    assert "1 gevonden" in body
    body = web.post(url, {"zoek": "zoe", "fase": ""}).get_data(as_text=True)  # accents ignored
    assert "Zoë" in body and "1 gevonden" in body
    body = web.post(url, {"zoek": "onbekend", "fase": ""}).get_data(as_text=True)
    assert "0 gevonden" in body
    short = web.post(url, {"zoek": "a", "fase": ""})
    assert short.status_code == 422 and "minstens twee letters" in short.get_data(as_text=True)
    # The search term never becomes part of a URL.
    assert "aMAr" not in (web.post(url, {"zoek": "aMAr"}).headers.get("Location") or "")
    web.logout()

    web.login("coach.a2")  # a coach searches only their own cases
    body = web.post("/dossiers/", {"zoek": "amara", "fase": ""}).get_data(as_text=True)
    assert "0 gevonden" in body
    body = web.post("/dossiers/", {"zoek": "zo", "fase": ""}).get_data(as_text=True)
    assert "1 gevonden" in body
    web.logout()
    web.login("coach.b")
    body = web.post("/dossiers/", {"zoek": "amara", "fase": ""}).get_data(as_text=True)
    assert "1 gevonden" in body and str(far) in body and str(amara) not in body
    assert zoe


def test_stage_filter_and_search_together(app, web, people):
    first = open_test_case(app, alias="Demo Een Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    open_test_case(app, alias="Demo Twee Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        from schoonschip.cases.casefile.service import change_stage

        change_stage(db, db.get(Case, first), "afgesloten", people.coach_a, db.get(Case, first).opened_on, reason="doel_bereikt")
    web.login("coach.a")
    assert "Demo Een" not in web.get("/dossiers/").get_data(as_text=True)  # default: open cases
    assert "Demo Een" in web.get("/dossiers/?fase=").get_data(as_text=True)
    body = web.get("/dossiers/?fase=afgesloten").get_data(as_text=True)
    assert "Demo Een" in body and "Demo Twee" not in body
    body = web.post("/dossiers/", {"zoek": "demo", "fase": "aanmelding"}).get_data(as_text=True)
    assert "Demo Twee" in body and "Demo Een" not in body


def test_crisis_cases_sort_to_the_top_of_both_lists(app, web, people):
    ids = [open_test_case(app, alias=f"Demo Lijst{i} Testpersoon", location_id=people.loc_a, coach_id=people.coach_a) for i in range(4)]
    with app.app_context(), write_transaction() as db:
        db.get(Case, ids[0]).crisis_since = date(2025, 1, 10)
        db.get(Case, ids[2]).crisis_since = date(2024, 12, 1)
        refs = {c.id: c.reference for c in db.query(Case)}
    web.login("coach.a")
    order = _rows(web.get("/dossiers/").get_data(as_text=True))
    assert order[:2] == [refs[ids[2]], refs[ids[0]]]  # longest in crisis first
    body = web.post("/dossiers/", {"zoek": "lijst", "fase": ""}).get_data(as_text=True)
    assert _rows(body)[:2] == [refs[ids[2]], refs[ids[0]]]
    web.logout()
    login_coordinator(web)
    order = _rows(web.get(f"/dossiers/locatie/{people.loc_a}").get_data(as_text=True))
    assert order[:2] == [refs[ids[2]], refs[ids[0]]] and len(order) == 4


def test_long_lists_are_paged(app, web, people):
    from schoonschip import clock
    from schoonschip.cases.casefile.service import open_case

    with app.app_context(), write_transaction() as db:
        for i in range(55):
            open_case(db, alias=f"Demo Pagina{i}", location_id=people.loc_a, coach_id=people.coach_a, by_user_id=people.coach_a, today=clock.today())
    web.login("coach.a")
    first = web.get("/dossiers/").get_data(as_text=True)
    second = web.get("/dossiers/?fase=open&pagina=2").get_data(as_text=True)
    assert len(_rows(first)) == 50 and len(_rows(second)) == 5
    assert "Pagina 1 van 2" in first
    assert "50 gevonden" not in first
    body = web.post("/dossiers/", {"zoek": "pagina5", "fase": "open"}).get_data(as_text=True)
    assert len(_rows(body)) == 6  # Pagina5 and Pagina50..54
