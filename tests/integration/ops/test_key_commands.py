"""rotate-keys retires, drop-retired-keys destroys what nothing uses; old backups then die."""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import text

from schoonschip.cases.casefile.models import Case
from schoonschip.crypto import KeyRing, read_keyring_file, write_keyring_file
from schoonschip.db import new_session
from schoonschip.keys import keyring_path
from tests.factories import open_test_case
from tests.integration.backup_support import empty_app


def _file_ring(app) -> KeyRing:  # type: ignore[no-untyped-def]
    app.config["MASTER_KEYS"] = None
    ring: KeyRing = app.extensions["keyring"]
    write_keyring_file(ring, keyring_path(app))
    return ring


def test_rotate_then_drop_retired(app, runner, people):  # type: ignore[no-untyped-def]
    cid = open_test_case(app, alias="Dirk Sleutelproef", location_id=people.loc_a, coach_id=people.coach_a)
    ring = _file_ring(app)
    old = ring.active
    assert runner.invoke(args=["drop-retired-keys", "--yes"]).output.startswith("No retired master keys")
    assert runner.invoke(args=["rotate-keys"]).exit_code == 0
    assert ring.keys[old].retired and old in read_keyring_file(keyring_path(app)).keys
    # asked first; "no" keeps everything
    declined = runner.invoke(args=["drop-retired-keys"], input="n\n")
    assert declined.exit_code != 0 and old in read_keyring_file(keyring_path(app)).keys
    result = runner.invoke(args=["drop-retired-keys", "--yes"])
    assert result.exit_code == 0, result.output
    on_disk = read_keyring_file(keyring_path(app))
    assert old not in on_disk.keys and on_disk.active == ring.active and list(on_disk.keys) == [ring.active]
    assert keyring_path(app).stat().st_mode & 0o777 == 0o600
    with app.app_context():
        db = new_session()
        assert db.get(Case, cid).alias == "Dirk Sleutelproef"
        assert (
            db.execute(text("SELECT detail FROM audit_events WHERE action = 'keys_dropped'")).scalar()
            == "dropped:1"
        )
        db.close()
    assert runner.invoke(args=["audit-verify"]).exit_code == 0


def test_drop_refuses_while_a_retired_key_still_wraps_data(app, runner, people):  # type: ignore[no-untyped-def]
    open_test_case(app, alias="Els Halfgedraaid", location_id=people.loc_a, coach_id=people.coach_a)
    ring = _file_ring(app)
    old = ring.active
    ring.add_new_active()  # an interrupted rotation: new key, data keys not yet re-wrapped
    ring.retire([old])
    write_keyring_file(ring, keyring_path(app))
    before = keyring_path(app).read_bytes()
    result = runner.invoke(args=["drop-retired-keys", "--yes"])
    assert result.exit_code != 0 and old in result.output and "rotate-keys" in result.output
    assert keyring_path(app).read_bytes() == before


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite file backup")
def test_backups_from_before_a_dropped_key_cannot_be_restored(
    app, runner, people, tmp_path, migrated_template
):  # type: ignore[no-untyped-def]
    open_test_case(app, alias="Fenna Oudeback", location_id=people.loc_a, coach_id=people.coach_a)
    ring = _file_ring(app)
    old = ring.active
    assert runner.invoke(args=["backup-key-init"]).exit_code == 0
    backup_key = (tmp_path / "instance" / "backup_key.json").read_text()
    assert runner.invoke(args=["backup", str(tmp_path / "before")]).exit_code == 0
    assert runner.invoke(args=["rotate-keys"]).exit_code == 0
    assert runner.invoke(args=["drop-retired-keys", "--yes"]).exit_code == 0
    assert runner.invoke(args=["backup", str(tmp_path / "after")]).exit_code == 0
    new_ring = read_keyring_file(keyring_path(app)).to_json()

    refused = empty_app(tmp_path / "n1", migrated_template, new_ring, BACKUP_KEY=backup_key)
    out = refused.test_cli_runner().invoke(args=["restore", str(tmp_path / "before")])
    assert out.exit_code != 0 and old in out.output and "lacks key" in out.output
    fine = empty_app(tmp_path / "n2", migrated_template, new_ring, BACKUP_KEY=backup_key)
    out = fine.test_cli_runner().invoke(args=["restore", str(tmp_path / "after")])
    assert out.exit_code == 0, out.output


def test_resident_keys_of_the_funder_reports_survive_rotation_and_drop(app, runner, people):  # type: ignore[no-untyped-def]
    """A resident counted before a key rotation is the same resident after it, also when the
    retired (oldest) master key is destroyed: otherwise every open period would count each
    resident twice (issue 13's unique-resident figures)."""
    from schoonschip.db import write_transaction
    from schoonschip.reports.contributions import refresh_contributions
    from schoonschip.reports.models import ReportContribution
    from schoonschip.sealing import DataKey
    from tests.integration.reports_support import _case

    with app.app_context(), write_transaction() as db:
        cid = _case(db, loc=people.loc_a, coach=people.coach_a, opened=date(2026, 3, 2),
                    name="Testpersoon Sleutelvast", birth=date(1981, 5, 6), steps=1, debt=True)  # fmt: skip

    def key_now() -> str:
        with app.app_context(), write_transaction() as db:
            refresh_contributions(db, [cid])  # recomputed with whatever secret the instance has now
            db.flush()
            return db.get(ReportContribution, cid).resident_key

    before = key_now()
    ring = _file_ring(app)
    assert runner.invoke(args=["rotate-keys"]).exit_code == 0
    assert runner.invoke(args=["drop-retired-keys", "--yes"]).exit_code == 0
    assert (
        len(read_keyring_file(keyring_path(app)).keys) == 1
        and ring.active in read_keyring_file(keyring_path(app)).keys
    )
    assert key_now() == before
    with app.app_context():
        db = new_session()
        stored = db.get(DataKey, "reports-resident")
        assert stored is not None and stored.master_key_id == ring.active  # re-wrapped with the new key
        db.close()
