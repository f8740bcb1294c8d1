from sqlalchemy import text

from schoonschip import audit
from schoonschip.cases.casefile.models import Case
from schoonschip.db import new_session, write_transaction


def _events(app, n=3):
    with app.app_context():
        for i in range(n):
            with write_transaction() as db:
                audit.record("test_event", object_type="test", object_id=i, session=db)


def test_audit_verify_passes_on_untouched_log(app, runner):
    _events(app)
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 0, result.output
    assert "3 events verified" in result.output


def test_audit_verify_detects_edited_row(app, runner):
    _events(app)
    with app.app_context(), write_transaction() as db:
        db.execute(text("UPDATE audit_events SET action = 'nothing_to_see' WHERE id = 2"))
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 1
    assert "event 2: contents changed" in result.output


def test_audit_verify_detects_deleted_middle_and_tail(app, runner):
    _events(app, 4)
    with app.app_context(), write_transaction() as db:
        db.execute(text("DELETE FROM audit_events WHERE id = 2"))
    assert runner.invoke(args=["audit-verify"]).exit_code == 1
    with app.app_context(), write_transaction() as db:
        db.execute(text("DELETE FROM audit_events WHERE id >= 2"))
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 1
    assert "newest events missing" in result.output


def test_audit_events_hold_no_personal_data(app, web, people):
    web.login("coach.a")
    web.post("/dossiers/nieuw", {"alias": "Unieknaam Testpersoon", "location_id": str(people.loc_a)})
    with app.app_context():
        db = new_session()
        rows = db.execute(text("SELECT * FROM audit_events")).all()
        db.close()
    assert rows
    assert "Unieknaam" not in repr(rows)


def test_rotate_keys_rewraps_and_cases_still_open(app, runner, people, tmp_path):
    from tests.factories import open_test_case

    cid = open_test_case(app, alias="Persoon Rotatie", location_id=people.loc_a, coach_id=people.coach_a)
    # rotate-keys writes the ring to a file: use a file-based ring for this test
    from schoonschip.crypto import KeyRing, write_keyring_file
    from schoonschip.keys import keyring_path

    app.config["MASTER_KEYS"] = None
    ring: KeyRing = app.extensions["keyring"]
    write_keyring_file(ring, keyring_path(app))
    old = ring.active
    with app.app_context():
        db = new_session()
        before = {r[0]: r[1] for r in db.execute(text("SELECT subject, master_key_id FROM data_keys"))}
        db.close()
    assert set(before.values()) == {old}
    result = runner.invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert ring.active != old and ring.keys[old].retired
    with app.app_context():
        db = new_session()
        after = {r[0]: r[1] for r in db.execute(text("SELECT subject, master_key_id FROM data_keys"))}
        assert set(after) == set(before) and set(after.values()) == {ring.active}
        assert db.get(Case, cid).alias == "Persoon Rotatie"
        db.close()
    # the file on disk knows the new active key and marks the old one retired
    from schoonschip.crypto import read_keyring_file

    on_disk = read_keyring_file(keyring_path(app))
    assert on_disk.active == ring.active and on_disk.keys[old].retired
