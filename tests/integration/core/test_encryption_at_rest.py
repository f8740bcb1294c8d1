"""Known plaintext stored through the app must appear in no byte of the database files."""


import pytest
from sqlalchemy import select, text

from schoonschip.cases.casefile.models import Case
from schoonschip.db import get_session, new_session, write_transaction
from schoonschip.sealing import CaseErased, DataKey
from tests.integration.stored_bytes import database_bytes

CANARY = "Zyxwavuteria Kanarievogel"




@pytest.mark.skipif("config.getoption('--co')", reason="collect only")
def test_canary_name_is_in_no_byte_of_the_database(app, web, people):
    assert web.login("coach.a").status_code == 302
    resp = web.post("/dossiers/nieuw", {"alias": CANARY, "location_id": str(people.loc_a)})
    assert resp.status_code == 302
    page = web.get(resp.headers["Location"])
    assert CANARY in page.get_data(as_text=True)  # the app can read it back ...
    raw = database_bytes(app)
    assert len(raw) > 0
    for needle in (CANARY, CANARY.upper(), CANARY.lower(), "Kanarievogel"):
        assert needle.encode() not in raw  # ... the files never show it
        assert needle.encode("utf-16-le") not in raw


def test_destroyed_case_key_makes_content_unreadable(app, people):
    from tests.factories import open_test_case

    cid = open_test_case(app, alias="Testpersoon Een", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context():
        with write_transaction() as db:
            db.delete(db.get(DataKey, f"case:{cid}"))
        db = new_session()
        case = db.get(Case, cid)
        with pytest.raises(CaseErased):
            _ = case.alias
        db.close()


def test_sealed_value_moved_to_another_case_does_not_open(app, people):
    from schoonschip.crypto import CryptoError
    from tests.factories import open_test_case

    c1 = open_test_case(app, alias="Persoon Een", location_id=people.loc_a, coach_id=people.coach_a)
    c2 = open_test_case(app, alias="Persoon Twee", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context():
        with write_transaction() as db:
            raw = db.scalar(select(Case.alias_enc).where(Case.id == c1))
            db.execute(text("UPDATE cases SET alias_enc = :raw WHERE id = :id"), {"raw": raw, "id": c2})
        db = get_session()
        with pytest.raises(CryptoError):
            _ = db.get(Case, c2).alias


def test_the_byte_check_finds_what_is_stored_in_plain(app, people):
    """The canary checks prove something only if the bytes they search hold the data: a
    location name (stored in plain on purpose) and a sealed value's raw bytes must be found."""
    from tests.factories import open_test_case

    cid = open_test_case(app, alias="Persoon Drie", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context():
        db = new_session()
        sealed = db.scalar(select(Case.alias_enc).where(Case.id == cid))
        db.close()
    raw = database_bytes(app)
    assert b"Locatie A" in raw
    assert sealed and sealed in raw
