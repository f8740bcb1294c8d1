"""The canary pattern (see test_encryption_at_rest.py) for the case file's new tables:
resident name, story and contact note never appear in any byte of the database."""



from schoonschip import clock
from schoonschip.dates import format_date_input
from tests.integration.stored_bytes import database_bytes

CANARY_NAME = "Vlinderbloem Kanariepiet"
CANARY_STORY = "Hypotheekverhaal Kanarieberg"
CANARY_NOTE = "Notitie Kanariegeel"
CANARY_ADDRESS = "Kanariestraat 77"




def test_case_file_canaries_are_in_no_byte_of_the_database(app, web, people):
    web.login("coach.a")
    resp = web.post("/dossiers/nieuw", {"alias": "Kanarie", "location_id": str(people.loc_a)})
    cid = resp.headers["Location"].rsplit("/", 1)[1]
    today = format_date_input(clock.today())
    assert web.post(f"/dossiers/{cid}/persoon", {"full_name": CANARY_NAME, "address": CANARY_ADDRESS, "bewind_kind": "beschermingsbewind", "bewind_by": CANARY_NAME, "version": "0"}).status_code == 302
    assert web.post(f"/dossiers/{cid}/verhaal", {"how_it_arose": CANARY_STORY, "doing_now": CANARY_STORY, "version": "0"}).status_code == 302
    assert web.post(f"/dossiers/{cid}/contact", {"on": today, "kind": "telefoon", "minutes": "15", "note": CANARY_NOTE}).status_code == 302
    # The app reads them back ...
    assert CANARY_NAME in web.get(f"/dossiers/{cid}/persoon").get_data(as_text=True)
    assert CANARY_STORY in web.get(f"/dossiers/{cid}/verhaal").get_data(as_text=True)
    assert CANARY_NOTE in web.get(f"/dossiers/{cid}/contact").get_data(as_text=True)
    # ... a search by name finds the case ...
    assert "1 gevonden" in web.post("/dossiers/", {"zoek": "vlinderbloem", "fase": ""}).get_data(as_text=True)
    raw = database_bytes(app)
    assert raw
    for canary in (CANARY_NAME, CANARY_STORY, CANARY_NOTE, CANARY_ADDRESS, "Vlinderbloem", "Kanariestraat", "beschermingsbewind"):
        for variant in (canary, canary.lower(), canary.upper()):
            assert variant.encode() not in raw, variant  # ... the files never show them
            assert variant.encode("utf-16-le") not in raw
