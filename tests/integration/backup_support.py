"""Helpers for the backup, restore and retention tests (synthetic people only)."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from schoonschip import clock, create_app
from schoonschip.dates import format_date_input
from schoonschip.db import new_session, write_transaction
from tests.conftest import base_config
from tests.integration.casefile_helpers import open_case_via_web


def fill_case(web, alias: str, location_id: int) -> int:  # type: ignore[no-untyped-def]
    """A case with sealed content in several tables: alias, resident name, story, a note, a document."""
    cid = open_case_via_web(web, alias, location_id)
    today = format_date_input(clock.today())
    assert web.post(f"/dossiers/{cid}/persoon", {"full_name": alias, "birth_date": "1-2-1980", "landlord": "ymere", "version": "0"}).status_code == 302
    assert web.post(f"/dossiers/{cid}/verhaal", {"how_it_arose": f"Verhaal van {alias}", "doing_now": "-", "version": "0"}).status_code == 302
    assert web.post(f"/dossiers/{cid}/contact", {"on": today, "kind": "afspraak", "minutes": "30", "note": f"Notitie {alias}"}).status_code == 302
    # a document (issue 15): a letter with the name in its text and in its file name
    from tests.integration.documents_support import pdf, upload

    assert upload(web, cid, pdf(f"Brief aan {alias}"), f"brief {alias}.pdf").status_code == 302
    return cid


def sealed_blobs(app: Flask, cid: int) -> list[bytes]:
    """Every ciphertext of the case, and its wrapped data key."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.sealing import DataKey

    with app.app_context():
        db = new_session()
        blobs = [db.scalar(select(Case.alias_enc).where(Case.id == cid)), db.scalar(select(DataKey.wrapped).where(DataKey.subject == f"case:{cid}"))]
        for table in ("residents", "case_stories", "contact_moments", "case_documents"):
            cols = [r[1] for r in db.execute(text(f"PRAGMA table_info({table})")) if r[1].endswith("_enc")]
            for row in db.execute(text(f"SELECT {', '.join(cols)} FROM {table} WHERE case_id = :c"), {"c": cid}):
                blobs.extend(b for b in row if b)
        db.close()
    assert all(blobs)
    return blobs


def db_bytes(app: Flask) -> bytes:
    inst = Path(app.instance_path)
    return b"".join(p.read_bytes() for p in sorted(inst.glob("schoonschip.sqlite*")))


def erase(app: Flask, cid: int, by_user_id: int, reason: str = "verzoek_bewoner") -> None:
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.service import checkpoint_after_erasure, erase_case

    with app.app_context():
        with write_transaction() as db:
            erase_case(db, db.get(Case, cid), reason=reason, by_user_id=by_user_id)
        db = new_session()
        checkpoint_after_erasure(db)
        db.close()


def empty_app(root: Path, template: Path, keyring_json: str, **config: object) -> Flask:
    """A second, empty instance (a new server) with the same master key ring."""
    inst = root / "instance"
    inst.mkdir(parents=True)
    shutil.copy(template, inst / "schoonschip.sqlite")
    cfg = base_config(inst, keyring_json)
    cfg.update(config)
    return create_app(cfg)
