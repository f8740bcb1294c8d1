"""Backups: backup-key-init, backup, restore, apply-erasures (docs/backup.md, docs/keys.md).

A backup file (``schoonschip-<UTC time>.ssbk``) is the format of
:mod:`schoonschip.ops.backupfile`, encrypted with the backup key. Inside is a tar archive:

* ``manifest.json``: format, time, database kind, schema revision, the master key ids
  the data keys are wrapped with, counts (no names);
* ``erasure-ledger.jsonl``: every erased case known at backup time;
* ``database.sqlite`` (SQLite backup API: a consistent copy while the app runs) or
  ``database.pgdump`` (``pg_dump -Fc``).

The master keys are **not** in the backup: a restore needs the backup key *and* the
master key ring, kept in different places. Output names no resident.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.ops.backupfile import (
    BackupFormatError,
    BackupKey,
    Tombstone,
    decrypt_stream,
    encrypt_stream,
    merge_ledgers,
    read_backup_key,
    write_backup_key,
)
from schoonschip.privacy.erasure_ledger import (
    LEDGER_NAME,
    apply_tombstones,
    backup_dir,
    known_tombstones,
    local_ledger_path,
    read_ledger,
    write_missing,
)

BACKUP_SUFFIX = ".ssbk"
MANIFEST_FORMAT = 1
MEMBERS = {"manifest.json", LEDGER_NAME, "database.sqlite", "database.pgdump"}


# --- keys and paths ---------------------------------------------------------------------------
def backup_key_path(app: Flask) -> Path:
    path = Path(app.config["BACKUP_KEY_FILE"])
    return path if path.is_absolute() else Path(app.instance_path) / path


def load_backup_key(app: Flask) -> BackupKey:
    inline = app.config.get("BACKUP_KEY")
    if inline:
        return BackupKey.from_json(inline)
    path = backup_key_path(app)
    if not path.exists():
        raise click.ClickException(
            f"No backup key ({path}). Create one with `flask --app schoonschip backup-key-init`, "
            "or set SCHOONSCHIP_BACKUP_KEY / BACKUP_KEY_FILE."
        )
    try:
        return read_backup_key(path)
    except BackupFormatError as exc:
        raise click.ClickException(str(exc)) from None


def sqlite_path(app: Flask) -> Path | None:
    from schoonschip.db import engine

    url = engine().url
    if url.get_backend_name() != "sqlite":
        return None
    return Path(url.database or "")


@contextmanager
def private_tempdir(app: Flask) -> Iterator[Path]:
    """A mode-0700 scratch folder in the instance folder (same protection as the data)."""
    path = Path(tempfile.mkdtemp(prefix=".scratch-", dir=app.instance_path))
    try:
        os.chmod(path, 0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _sqlite_copy(src: Path, dst: Path) -> None:
    """Online, consistent copy with SQLite's backup API, then VACUUM (no free pages)."""
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("VACUUM")
        _check_integrity(target)
    finally:
        target.close()


def _check_integrity(conn: sqlite3.Connection) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise click.ClickException("SQLite integrity check failed on the copy; nothing was written.")


def _schema_revision(db: Session) -> str | None:
    if not inspect(db.get_bind()).has_table("alembic_version"):
        return None
    return db.scalar(text("SELECT version_num FROM alembic_version"))


# --- backup-key-init ----------------------------------------------------------------------------
@click.command("backup-key-init")
@with_appcontext
def backup_key_init() -> None:
    """Create the backup key (once). Keep a copy offline, apart from the master keys."""
    if current_app.config.get("BACKUP_KEY"):
        raise click.ClickException("The backup key comes from SCHOONSCHIP_BACKUP_KEY; nothing to create.")
    path = backup_key_path(current_app)
    if path.exists():
        raise click.ClickException(f"A backup key exists already ({path}). It is never overwritten.")
    key = BackupKey.generate()
    write_backup_key(key, path)
    click.echo(f"Backup key {key.key_id} written to {path} (mode 0600).")
    click.echo(
        "Copy it now to a safe place apart from the master keys: without it no backup can be restored."
    )


# --- backup --------------------------------------------------------------------------------------
@click.command("backup")
@with_appcontext
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def backup(dest: Path) -> None:
    """Write an encrypted backup into the folder DEST (and update DEST's erasure ledger)."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.db import new_session
    from schoonschip.privacy.erasure_ledger import tombstones_in_database
    from schoonschip.sealing import DataKey

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = load_backup_key(app)
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    db_file = sqlite_path(app)
    if db_file is None and shutil.which("pg_dump") is None:
        raise click.ClickException(
            "This instance uses PostgreSQL and pg_dump was not found. Install the PostgreSQL client "
            "(Debian: apt install postgresql-client) or follow docs/backup.md."
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = dest / f"schoonschip-{stamp}{BACKUP_SUFFIX}"
    if target.exists():
        raise click.ClickException(f"{target.name} exists already; wait a second and try again.")

    with private_tempdir(app) as tmp:
        db = new_session()
        try:
            stones = merge_ledgers(
                tombstones_in_database(db),
                *(read_ledger(p) for p in (local_ledger_path(app), dest / LEDGER_NAME)),
            )
            manifest = {
                "format": MANIFEST_FORMAT,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": "sqlite" if db_file else "postgresql",
                "schema_revision": _schema_revision(db),
                "master_key_ids": sorted(set(db.scalars(select(DataKey.master_key_id)))),
                "cases": db.scalar(select(func.count()).select_from(Case)) or 0,
                "erased_cases": db.scalar(
                    select(func.count()).select_from(Case).where(Case.erased_at.is_not(None))
                )
                or 0,
                "ledger_entries": len(stones),
            }
        finally:
            db.close()
        if db_file is not None:
            dump = tmp / "database.sqlite"
            _sqlite_copy(db_file, dump)
        else:
            dump = tmp / "database.pgdump"
            _pg_dump(app, dump)
        (tmp / LEDGER_NAME).write_text(
            "".join(s.to_line() for s in sorted(stones.values(), key=lambda s: (s.at, s.case_id)))
        )
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        archive = tmp / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            for name in ("manifest.json", LEDGER_NAME, dump.name):
                tar.add(tmp / name, arcname=name, recursive=False)
        part = target.with_suffix(".part")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, archive.open("rb") as src:
            encrypt_stream(key, src, out, note="schoonschip backup")
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)

    # The ledger next to the backups, and the instance's own, get every tombstone.
    for ledger in {dest / LEDGER_NAME, local_ledger_path(app)}:
        write_missing(ledger, stones)
    audit.record("backup_made", object_type="backup", object_id=stamp, detail=f"cases:{manifest['cases']}")
    click.echo(
        f"Backup written: {target} ({manifest['cases']} cases, {manifest['erased_cases']} erased; "
        f"erasure ledger with {len(stones)} entries next to it)."
    )
    if backup_dir(app) is None or backup_dir(app) != dest:
        click.echo(
            "Tip: set BACKUP_DIR to this folder, so every erasure is written to its ledger at once (docs/backup.md)."
        )


def pg_command(program: str, url: object, *args: str) -> tuple[list[str], dict[str, str]]:
    """argv and environment for a PostgreSQL client program (password via PGPASSWORD)."""
    env = dict(os.environ)
    password = getattr(url, "password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    cmd = [program, *args]
    for flag, value in (
        ("-h", getattr(url, "host", None)),
        ("-p", getattr(url, "port", None)),
        ("-U", getattr(url, "username", None)),
    ):
        if value:
            cmd += [flag, str(value)]
    return cmd, env


def _pg_dump(app: Flask, out: Path) -> None:
    from schoonschip.db import engine

    url = engine().url
    cmd, env = pg_command("pg_dump", url, "-Fc", "--no-owner", "-f", str(out))
    cmd.append(url.database or "")
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise click.ClickException(f"pg_dump failed (exit {result.returncode}); see docs/backup.md.")


# --- restore -------------------------------------------------------------------------------------
def _newest_backup(src: Path) -> Path:
    if src.is_dir():
        found = sorted(src.glob(f"schoonschip-*{BACKUP_SUFFIX}"))
        if not found:
            raise click.ClickException(f"No backup files in {src}.")
        return found[-1]
    if not src.exists():
        raise click.ClickException(f"{src} does not exist.")
    return src


def _unpack(key: BackupKey, src: Path, into: Path) -> dict[str, object]:
    archive = into / "backup.tar"
    try:
        with src.open("rb") as fh, archive.open("wb") as out:
            decrypt_stream(key, fh, out)
    except BackupFormatError as exc:
        raise click.ClickException(f"Cannot open {src.name}: {exc}") from None
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name not in MEMBERS or not member.isfile():
                raise click.ClickException(f"Unexpected entry in the backup: {member.name!r}")
            tar.extract(member, into, filter="data")
    archive.unlink()
    try:
        manifest = json.loads((into / "manifest.json").read_text())
    except (OSError, ValueError):
        raise click.ClickException("The backup has no readable manifest.") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise click.ClickException(f"Backup manifest format {manifest.get('format')} is not supported.")
    return manifest


def _is_empty_sqlite(path: Path) -> bool:
    if not path.exists():
        return True
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            if table == "alembic_version":
                continue
            if conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():  # noqa: S608 - names from sqlite_master
                return False
        return True
    finally:
        conn.close()


def _restore_session(app: Flask, path: Path) -> tuple[Session, object]:
    """A write session with the instance's key ring on a database file that is not yet live."""
    from schoonschip.db import make_engine
    from schoonschip.sealing import CaseKeyStore

    eng = make_engine(f"sqlite:///{path}")
    session = Session(bind=eng.execution_options(write_lock=True), expire_on_commit=False)
    session.info["write_lock"] = True
    session.info["case_keys"] = CaseKeyStore(session, app.extensions["keyring"])
    return session, eng


@click.command("restore")
@with_appcontext
@click.argument("src", type=click.Path(path_type=Path))
@click.option(
    "--ledger",
    "ledgers",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Another erasure ledger to apply (repeatable).",
)
@click.option(
    "--without-external-ledger",
    is_flag=True,
    help="Restore even though no erasure ledger outside the backup was found (cases erased after the backup come back).",
)
@click.option(
    "--extract-only",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Only decrypt and unpack into this folder (PostgreSQL: see docs/backup.md).",
)
def restore(
    src: Path, ledgers: tuple[Path, ...], without_external_ledger: bool, extract_only: Path | None
) -> None:
    """Restore the backup SRC (a file, or a folder: its newest backup) onto an EMPTY instance.

    Every case named in an erasure ledger is erased again before the database is put in place.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = load_backup_key(app)
    src = _newest_backup(src)
    if extract_only is not None:
        extract_only.mkdir(parents=True, exist_ok=True, mode=0o700)
        manifest = _unpack(key, src, extract_only)
        click.echo(
            f"Unpacked {src.name} into {extract_only} ({manifest['database']}). Apply the erasure ledger after loading it."
        )
        return
    target = _empty_sqlite_target(app)
    outside, found = _outside_ledgers(app, src, ledgers, without_external_ledger)

    with private_tempdir(app) as tmp:
        manifest = _unpack(key, src, tmp)
        _check_restorable(app, manifest, tmp)
        inside = read_ledger(tmp / LEDGER_NAME)
        stones = merge_ledgers(inside, outside)
        work = tmp / "database.sqlite"
        conn = sqlite3.connect(work)
        try:
            _check_integrity(conn)
        finally:
            conn.close()
        counts = _erase_again(app, work, stones, src)
        _put_in_place(work, tmp / "restored.sqlite", target)

    write_missing(local_ledger_path(app), stones)
    click.echo(
        f"Restored {src.name}: {manifest['cases']} cases. Erasure ledgers: {len(stones)} entries "
        f"({len(found)} file(s) outside the backup); {counts['erased_now']} case(s) erased again, "
        f"{counts['already_erased']} already erased in the backup."
    )


def _empty_sqlite_target(app: Flask) -> Path:
    """The instance's SQLite file, which must be empty (PostgreSQL restores with pg_restore)."""
    target = sqlite_path(app)
    if target is None:
        raise click.ClickException(
            "This instance uses PostgreSQL: restore with pg_restore as described in docs/backup.md "
            "(`restore --extract-only DIR`, pg_restore, then `apply-erasures`)."
        )
    if not _is_empty_sqlite(target):
        raise click.ClickException(
            "This instance is not empty. Restore only onto a new, empty instance (see docs/backup.md)."
        )
    return target


def _outside_ledgers(
    app: Flask, src: Path, ledgers: tuple[Path, ...], without_external_ledger: bool
) -> tuple[dict[int, Tombstone], list[Path]]:
    """The erasure ledgers outside the backup and the files they came from; refuses to go on
    without one unless told so."""
    external = [src.parent / LEDGER_NAME, *ledgers]
    for extra in ledgers:
        if not extra.exists():
            raise click.ClickException(f"Erasure ledger {extra} does not exist.")
    outside, found = known_tombstones(app, external)
    if not found and not without_external_ledger:
        raise click.ClickException(
            "No erasure ledger found outside the backup (next to it, in BACKUP_DIR or in instance/). "
            "Cases erased after this backup would come back. Pass --ledger PATH, or "
            "--without-external-ledger if you are sure (docs/keys.md)."
        )
    return outside, found


def _check_restorable(app: Flask, manifest: dict[str, object], tmp: Path) -> None:
    """A SQLite backup whose master keys this instance has."""
    if manifest.get("database") != "sqlite" or not (tmp / "database.sqlite").exists():
        raise click.ClickException(
            "This backup holds a PostgreSQL dump; restore it with pg_restore (docs/backup.md)."
        )
    ring = app.extensions["keyring"]
    missing = sorted(set(manifest.get("master_key_ids") or []) - set(ring.keys if ring else ()))  # type: ignore[arg-type]
    if missing:
        raise click.ClickException(
            "The master key ring of this instance lacks key(s) "
            f"{', '.join(missing)} that this backup needs. Put the master key file in place first (docs/keys.md)."
        )


def _erase_again(app: Flask, work: Path, stones: dict[int, Tombstone], src: Path) -> dict[str, int]:
    """Erase every case of the ledgers again in the unpacked database, and audit the restore."""
    session, eng = _restore_session(app, work)
    try:
        session.execute(text("PRAGMA secure_delete = ON"))
        counts = apply_tombstones(session, stones)

        audit.record(
            "backup_restored",
            object_type="backup",
            object_id=src.stem.removeprefix("schoonschip-")[:40],
            detail=f"erased_again:{counts['erased_now']}",
            session=session,
        )
        session.commit()
    finally:
        session.close()
        eng.dispose()  # type: ignore[attr-defined]
    return counts


def _put_in_place(work: Path, final: Path, target: Path) -> None:
    """Copy the database into a fresh file, check it and replace the instance's database."""
    conn = sqlite3.connect(work)
    try:
        conn.execute("VACUUM INTO ?", (str(final),))  # a fresh file: no freed page of an erased case
    finally:
        conn.close()
    conn = sqlite3.connect(final)
    try:
        _check_integrity(conn)
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    from schoonschip.db import engine

    engine().dispose()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.chmod(final, 0o600)
    os.replace(final, target)


# --- apply-erasures ----------------------------------------------------------------------------------
@click.command("apply-erasures")
@with_appcontext
@click.option(
    "--ledger", "ledgers", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def apply_erasures(ledgers: tuple[Path, ...]) -> None:
    """Erase every case named in the known erasure ledgers (instance/, BACKUP_DIR, --ledger).

    Run after restoring a PostgreSQL dump, or any time to check nothing came back."""
    from schoonschip.cases.casefile.service import checkpoint_after_erasure
    from schoonschip.db import write_transaction

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stones, found = known_tombstones(app, ledgers)
    if not found:
        raise click.ClickException("No erasure ledger found (instance/, BACKUP_DIR or --ledger).")
    with write_transaction() as db:
        counts = apply_tombstones(db, stones)
        bind_session = db
    checkpoint_after_erasure(bind_session)
    click.echo(
        f"{len(stones)} ledger entries from {len(found)} file(s): {counts['erased_now']} case(s) erased now, "
        f"{counts['already_erased']} already erased, {counts['not_in_database']} not in this database."
    )


def register(app: Flask) -> None:
    for command in (backup_key_init, backup, restore, apply_erasures):
        app.cli.add_command(command)
