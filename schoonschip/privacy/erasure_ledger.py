"""The erasure ledger: which cases were erased, kept outside the database.

A restored backup predates every erasure made after it. Its copy of an erased case's
wrapped data key would open again with the master key, so erasure alone does not
survive a restore. The ledger closes that gap: an append-only file of tombstones
(opaque case id, UTC time, reason code; never a name or reference), written

* after every committed erasure, to ``instance/erasure-ledger.jsonl`` and, when
  ``BACKUP_DIR`` is set, to ``<BACKUP_DIR>/erasure-ledger.jsonl`` (the backup location);
* at every backup, complete (from the database), into the backup and next to it.

``restore`` and ``apply-erasures`` erase every case the ledgers name before the
restored database is put in place (see docs/keys.md for the design and its limits).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from schoonschip.db import utcnow
from schoonschip.ops.backupfile import Tombstone, iter_ledger_lines, merge_ledgers, parse_ledger

log = logging.getLogger(__name__)

LEDGER_NAME = "erasure-ledger.jsonl"


def local_ledger_path(app: Flask) -> Path:
    return Path(app.instance_path) / app.config.get("ERASURE_LEDGER_FILE", LEDGER_NAME)


def backup_dir(app: Flask) -> Path | None:
    raw = app.config.get("BACKUP_DIR")
    return Path(raw) if raw else None


def ledger_paths(app: Flask) -> list[Path]:
    """Where every erasure is written: the instance, and the backup location if set."""
    paths = [local_ledger_path(app)]
    bdir = backup_dir(app)
    if bdir is not None:
        paths.append(bdir / LEDGER_NAME)
    return paths


def read_ledger(path: Path) -> dict[int, Tombstone]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        stones, bad = parse_ledger(fh)
    if bad:
        log.warning("erasure ledger %s: %d unreadable lines skipped", path.name, bad)
    return stones


def append(path: Path, stones: Iterable[Tombstone]) -> None:
    """Append lines (O_APPEND, fsync); the file is created with mode 0600."""
    data = "".join(iter_ledger_lines(stones)).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if data:  # an empty ledger file still says "no erasures yet", so it is created
            os.write(fd, data)
            os.fsync(fd)
    finally:
        os.close(fd)


def write_missing(path: Path, stones: dict[int, Tombstone]) -> int:
    """Append the tombstones this ledger does not have yet; returns how many."""
    have = read_ledger(path)
    new = [s for cid, s in stones.items() if cid not in have]
    append(path, new)
    return len(new)


# --- hooked into erase_case ----------------------------------------------------------------
def note_erasure(db: Session, case_id: int, reason: str) -> None:
    """Called by erase_case: the tombstone is written once the erasure is committed."""
    if not has_app_context():
        return
    db.info.setdefault("erasure_tombstones", []).append(Tombstone(int(case_id), utcnow().isoformat(), reason))
    db.info["erasure_ledger_paths"] = ledger_paths(current_app)


@event.listens_for(Session, "after_commit")
def _write_tombstones(session: Session) -> None:
    stones: list[Tombstone] = session.info.pop("erasure_tombstones", [])
    paths: list[Path] = session.info.pop("erasure_ledger_paths", [])
    for path in paths:
        try:
            append(path, stones)
        except OSError as exc:
            # The erasure itself stands (the data key is gone). The next backup writes the
            # complete ledger from the database; until then this ledger copy lacks it.
            log.error("could not write the erasure ledger at %s (%s)", path, exc.strerror)


@event.listens_for(Session, "after_rollback")
def _forget_tombstones(session: Session) -> None:
    session.info.pop("erasure_tombstones", None)
    session.info.pop("erasure_ledger_paths", None)


# --- from the database and onto a database -------------------------------------------------
def tombstones_in_database(db: Session) -> dict[int, Tombstone]:
    """Every erased case in this database, as tombstones (reason from the audit log)."""
    from schoonschip.audit import AuditEvent
    from schoonschip.cases.casefile.models import Case

    reasons: dict[str, str] = {}
    for object_id, detail in db.execute(
        select(AuditEvent.object_id, AuditEvent.detail).where(
            AuditEvent.action == "case_erase", AuditEvent.outcome == "ok"
        )
    ):
        if object_id and detail and detail.startswith("reason:"):
            reasons.setdefault(object_id, detail[len("reason:") :])
    out: dict[int, Tombstone] = {}
    for case_id, erased_at in db.execute(select(Case.id, Case.erased_at).where(Case.erased_at.is_not(None))):
        out[case_id] = Tombstone(case_id, erased_at.isoformat(), reasons.get(str(case_id), "anders"))
    return out


def known_tombstones(app: Flask, extra: Iterable[Path] = ()) -> tuple[dict[int, Tombstone], list[Path]]:
    """Merged tombstones of every ledger this instance knows, and which files existed."""
    found: list[Path] = []
    ledgers = []
    for path in [*ledger_paths(app), *extra]:
        if path.exists():
            found.append(path)
            ledgers.append(read_ledger(path))
    return merge_ledgers(*ledgers), found


def apply_tombstones(db: Session, stones: dict[int, Tombstone]) -> dict[str, int]:
    """Erase every case a tombstone names that is still readable in this database.

    Uses the one erasure path (``erase_case``): data key destroyed, content rows deleted,
    skeleton kept for the counts, an audit event without content.
    """
    from schoonschip.cases.casefile.models import Case, ErasureReason
    from schoonschip.cases.casefile.service import erase_case
    from schoonschip.sealing import DataKey, case_subject

    counts = {"erased_now": 0, "already_erased": 0, "not_in_database": 0}
    valid = {r.value for r in ErasureReason}
    for case_id, stone in sorted(stones.items()):
        case = db.get(Case, case_id)
        if case is None:
            counts["not_in_database"] += 1
            continue
        if case.erased_at is not None:
            counts["already_erased"] += 1
            # Belt and braces: an erased case never keeps a data key.
            stale = db.get(DataKey, case_subject(case_id))
            if stale is not None:
                db.delete(stale)
            continue
        erase_case(db, case, reason=stone.reason if stone.reason in valid else "anders", by_user_id=None)
        counts["erased_now"] += 1
    db.flush()
    return counts
