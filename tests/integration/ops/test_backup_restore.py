"""backup / restore / apply-erasures / backup-key-init, and the promise that matters most:
a case erased after a backup stays erased when that backup is restored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from schoonschip.cases.casefile.models import Case
from schoonschip.db import new_session
from schoonschip.sealing import DataKey
from tests.conftest import TEST_PASSWORD, Web
from tests.integration.backup_support import db_bytes, empty_app, erase, fill_case, sealed_blobs

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="file-level backup of SQLite; PostgreSQL uses pg_dump")

KEEP = "Annemijn Blijfhier"
CANARY = "Zebulon Kanarievogel"
KEEP2 = "Bartholomeus Ookhier"


@pytest.fixture
def setup(app, people, web, runner, tmp_path):  # type: ignore[no-untyped-def]
    backups = tmp_path / "backups"
    assert runner.invoke(args=["backup-key-init"]).exit_code == 0
    web.login("coach.a")
    ids = {name: fill_case(web, name, people.loc_a) for name in (KEEP, CANARY, KEEP2)}
    web.logout()
    return backups, ids


def _key_json(app) -> str:  # type: ignore[no-untyped-def]
    return (Path(app.instance_path) / "backup_key.json").read_text()


def _backup(runner, dest: Path) -> Path:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["backup", str(dest)])
    assert result.exit_code == 0, result.output
    files = sorted(dest.glob("schoonschip-*.ssbk"))
    assert files
    return files[-1]


def test_backup_key_init_once_with_mode_0600(app, runner):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["backup-key-init"])
    assert result.exit_code == 0, result.output
    path = Path(app.instance_path) / "backup_key.json"
    assert path.stat().st_mode & 0o777 == 0o600
    before = path.read_bytes()
    again = runner.invoke(args=["backup-key-init"])
    assert again.exit_code != 0 and "never overwritten" in again.output
    assert path.read_bytes() == before
    # apart from the master keys: not the same file, not the same key
    ring = app.extensions["keyring"]
    assert all(json.loads(before)["key"] not in ring.to_json() for _ in [0])


def test_backup_without_key_refuses(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code != 0 and "backup-key-init" in result.output


def test_backup_file_is_encrypted_and_private(app, setup, runner):  # type: ignore[no-untyped-def]
    backups, ids = setup
    path = _backup(runner, backups)
    assert path.stat().st_mode & 0o777 == 0o600
    raw = path.read_bytes()
    assert raw.startswith(b"SSBACKUP\x01")
    assert b"SQLite format 3" not in raw and b"manifest" not in raw
    for blob in sealed_blobs(app, ids[CANARY]):
        assert blob not in raw
    assert (backups / "erasure-ledger.jsonl").exists()


def test_erased_after_backup_stays_erased_after_restore(app, setup, runner, people, tmp_path, migrated_template, keyring_json):  # type: ignore[no-untyped-def]
    backups, ids = setup
    app.config["BACKUP_DIR"] = str(backups)  # every erasure is also written next to the backups
    _backup(runner, backups)
    blobs = sealed_blobs(app, ids[CANARY])
    erase(app, ids[CANARY], people.coordinator_a)
    ledger = (backups / "erasure-ledger.jsonl").read_text()
    assert str(ids[CANARY]) in ledger and CANARY not in ledger and "SS-" not in ledger

    # The server is lost. A new, empty one gets the master key file and the backup key.
    new = empty_app(tmp_path / "new", migrated_template, keyring_json, BACKUP_KEY=_key_json(app))
    result = new.test_cli_runner().invoke(args=["restore", str(backups)])
    assert result.exit_code == 0, result.output
    assert "1 case(s) erased again" in result.output

    with new.app_context():
        db = new_session()
        gone = db.get(Case, ids[CANARY])
        assert gone.erased_at is not None and gone.alias_enc is None and gone.alias is None
        assert db.get(DataKey, f"case:{ids[CANARY]}") is None
        assert db.get(Case, ids[KEEP]).alias == KEEP and db.get(Case, ids[KEEP2]).alias == KEEP2
        # documents (issue 15): the erased case's are gone, the others' still open
        from schoonschip.cases.documents.models import CaseDocument
        from schoonschip.cases.documents.service import content_of

        assert db.scalars(select(CaseDocument).where(CaseDocument.case_id == ids[CANARY])).all() == []
        [kept] = db.scalars(select(CaseDocument).where(CaseDocument.case_id == ids[KEEP])).all()
        assert f"Brief aan {KEEP}".encode() in content_of(db, db.get(Case, ids[KEEP]), kept) and kept.name == f"brief {KEEP}.pdf"
        db.close()
    web = Web(new.test_client())
    assert web.login("coach.a", TEST_PASSWORD).status_code == 302
    listing = web.get("/dossiers/").get_data(as_text=True)
    assert KEEP in listing and KEEP2 in listing and CANARY not in listing
    assert web.get(f"/dossiers/{ids[CANARY]}").status_code == 404
    assert KEEP in web.get(f"/dossiers/{ids[KEEP]}").get_data(as_text=True)

    raw = db_bytes(new)
    assert CANARY.encode() not in raw and CANARY.encode("utf-16-le") not in raw
    for blob in blobs:
        assert blob not in raw, "a ciphertext or the wrapped key of the erased case is in the restored files"
    assert new.test_cli_runner().invoke(args=["audit-verify"]).exit_code == 0


def test_restore_applies_a_ledger_given_by_hand(app, setup, runner, people, tmp_path, migrated_template, keyring_json):  # type: ignore[no-untyped-def]
    """Without BACKUP_DIR the erasure is only in the old server's ledger: the ledger next to
    the backup (written at backup time) does not know it. That is the stated limit; with
    the old ledger (a copy of instance/erasure-ledger.jsonl) the case stays erased."""
    backups, ids = setup
    _backup(runner, backups)
    erase(app, ids[CANARY], people.coordinator_a)
    old_ledger = Path(app.instance_path) / "erasure-ledger.jsonl"
    assert str(ids[CANARY]) in old_ledger.read_text()

    limit = empty_app(tmp_path / "limit", migrated_template, keyring_json, BACKUP_KEY=_key_json(app))
    result = limit.test_cli_runner().invoke(args=["restore", str(backups)])
    assert result.exit_code == 0, result.output
    with limit.app_context():
        db = new_session()
        assert db.get(Case, ids[CANARY]).alias == CANARY  # came back: no ledger knew of it
        db.close()
    # apply-erasures with the old ledger repairs that
    fix = limit.test_cli_runner().invoke(args=["apply-erasures", "--ledger", str(old_ledger)])
    assert fix.exit_code == 0 and "1 case(s) erased now" in fix.output, fix.output
    with limit.app_context():
        db = new_session()
        assert db.get(Case, ids[CANARY]).erased_at is not None and db.get(DataKey, f"case:{ids[CANARY]}") is None
        db.close()

    good = empty_app(tmp_path / "good", migrated_template, keyring_json, BACKUP_KEY=_key_json(app))
    result = good.test_cli_runner().invoke(args=["restore", str(backups), "--ledger", str(old_ledger)])
    assert result.exit_code == 0 and "1 case(s) erased again" in result.output, result.output
    with good.app_context():
        db = new_session()
        assert db.get(Case, ids[CANARY]).alias is None and db.get(Case, ids[KEEP]).alias == KEEP
        db.close()
    assert CANARY.encode() not in db_bytes(good)


def test_restore_refuses_a_non_empty_instance(app, setup, runner):  # type: ignore[no-untyped-def]
    backups, _ids = setup
    _backup(runner, backups)
    files = [p for p in Path(app.instance_path).glob("schoonschip.sqlite*") if not p.name.endswith("-shm")]
    before = [p.read_bytes() for p in files]
    result = runner.invoke(args=["restore", str(backups)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert [p.read_bytes() for p in files] == before


def test_restore_refusals(app, setup, runner, tmp_path, migrated_template, keyring_json):  # type: ignore[no-untyped-def]
    from schoonschip.crypto import KeyRing
    from schoonschip.ops.backupfile import BackupKey

    backups, _ids = setup
    path = _backup(runner, backups)
    # no backup key
    bare = empty_app(tmp_path / "bare", migrated_template, keyring_json)
    assert "backup-key-init" in bare.test_cli_runner().invoke(args=["restore", str(path)]).output
    # another backup key
    wrong = empty_app(tmp_path / "wrong", migrated_template, keyring_json, BACKUP_KEY=BackupKey.generate().to_json())
    out = wrong.test_cli_runner().invoke(args=["restore", str(path)])
    assert out.exit_code != 0 and "Cannot open" in out.output
    # the master key ring of the new server lacks the key the data keys are wrapped with
    other_ring = empty_app(tmp_path / "ring", migrated_template, KeyRing.generate().to_json(), BACKUP_KEY=_key_json(app))
    out = other_ring.test_cli_runner().invoke(args=["restore", str(path)])
    assert out.exit_code != 0 and app.extensions["keyring"].active in out.output
    # a changed backup file
    tampered = tmp_path / "t" / path.name
    tampered.parent.mkdir()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    (tampered.parent / "erasure-ledger.jsonl").write_text("")
    fresh = empty_app(tmp_path / "fresh", migrated_template, keyring_json, BACKUP_KEY=_key_json(app))
    out = fresh.test_cli_runner().invoke(args=["restore", str(tampered)])
    assert out.exit_code != 0 and "changed" in out.output
    # no ledger outside the backup at all: refused unless explicitly accepted
    (backups / "erasure-ledger.jsonl").unlink()
    out = fresh.test_cli_runner().invoke(args=["restore", str(path)])
    assert out.exit_code != 0 and "No erasure ledger" in out.output
    out = fresh.test_cli_runner().invoke(args=["restore", str(path), "--without-external-ledger"])
    assert out.exit_code == 0, out.output
    with fresh.app_context():
        db = new_session()
        assert db.scalar(select(Case.id).limit(1)) is not None
        db.close()


def test_postgresql_paths_refuse_clearly(app, setup, runner, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    from schoonschip.ops import cli_backup

    backups, _ids = setup
    _backup(runner, backups)
    monkeypatch.setattr(cli_backup, "sqlite_path", lambda _app: None)
    monkeypatch.setattr(cli_backup.shutil, "which", lambda _name: None)
    result = runner.invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code != 0 and "pg_dump was not found" in result.output
    result = runner.invoke(args=["restore", str(backups)])
    assert result.exit_code != 0 and "pg_restore" in result.output and "docs/backup.md" in result.output


def test_extract_only_unpacks_for_manual_restores(app, setup, runner, tmp_path):  # type: ignore[no-untyped-def]
    backups, ids = setup
    _backup(runner, backups)
    out = tmp_path / "unpacked"
    result = runner.invoke(args=["restore", str(backups), "--extract-only", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["database.sqlite", "erasure-ledger.jsonl", "manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["cases"] == 3 and manifest["master_key_ids"] == [app.extensions["keyring"].active]
    assert CANARY not in (out / "manifest.json").read_text()


def test_ledger_is_written_after_commit_only_and_never_with_names(app, setup, people, web):  # type: ignore[no-untyped-def]
    from schoonschip.cases.casefile.service import erase_case
    from schoonschip.db import write_transaction
    from tests.integration.casefile_helpers import login_coordinator

    _backups, ids = setup
    ledger = Path(app.instance_path) / "erasure-ledger.jsonl"
    with app.app_context(), pytest.raises(RuntimeError), write_transaction() as db:
        erase_case(db, db.get(Case, ids[KEEP2]), reason="vergissing", by_user_id=people.coordinator_a)
        raise RuntimeError("rolled back")
    assert not ledger.exists() or str(ids[KEEP2]) not in ledger.read_text()
    with app.app_context():
        db = new_session()
        assert db.get(Case, ids[KEEP2]).alias == KEEP2
        reference = db.get(Case, ids[CANARY]).reference
        db.close()
    login_coordinator(web)
    assert web.post(f"/dossiers/{ids[CANARY]}/wissen", {"reason": "verzoek_bewoner", "reference": reference}).status_code == 302
    lines = ledger.read_text().splitlines()
    assert [json.loads(x)["case"] for x in lines] == [ids[CANARY]]
    assert json.loads(lines[0])["reason"] == "verzoek_bewoner"
    assert CANARY not in ledger.read_text() and reference not in ledger.read_text()
    assert ledger.stat().st_mode & 0o777 == 0o600


def test_unreachable_backup_folder_does_not_stop_erasure_and_next_backup_catches_up(app, setup, runner, people, tmp_path):  # type: ignore[no-untyped-def]
    backups, ids = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app.config["BACKUP_DIR"] = str(blocker / "sub")  # cannot be created
    erase(app, ids[CANARY], people.coordinator_a)
    with app.app_context():
        db = new_session()
        assert db.get(Case, ids[CANARY]).erased_at is not None
        db.close()
    app.config["BACKUP_DIR"] = str(backups)
    _backup(runner, backups)
    assert str(ids[CANARY]) in (backups / "erasure-ledger.jsonl").read_text()


def test_apply_erasures_needs_a_ledger(app, runner):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["apply-erasures"])
    assert result.exit_code != 0 and "No erasure ledger" in result.output
