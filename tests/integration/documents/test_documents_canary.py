"""The canary: a unique string inside an uploaded PDF (and in its file name) is in no byte of
the database (file, WAL, journal), nothing under instance/, no log line and no backup."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.factories import open_test_case
from tests.integration.documents_support import pdf, upload
from tests.integration.stored_bytes import database_bytes

CANARY = "Kanarie-Document-7f3a91"


def _needles() -> list[bytes]:
    return [CANARY.encode(), CANARY.lower().encode(), CANARY.encode("utf-16-le"), b"Kanarie-Document"]


def _instance_bytes(app) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(p.read_bytes() for p in sorted(Path(app.instance_path).rglob("*")) if p.is_file())


def test_document_canary_is_in_no_stored_byte(app, people, web, runner, tmp_path, caplog, capsys):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    cid = open_test_case(app, alias="Kanarie Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    # over 500 kB: where Werkzeug would spool an upload to a temporary file
    body = pdf(f"Geheime brief {CANARY}") + b"%" + b"0" * 600_000 + b"\n"
    assert upload(web, cid, body, f"{CANARY}.pdf").status_code == 302
    listing = web.get(f"/dossiers/{cid}/documenten").get_data(as_text=True)
    assert f"{CANARY}.pdf" in listing  # the app reads it back ...
    doc_id = int(listing.split(f"/dossiers/{cid}/documenten/")[1].split('"')[0])
    assert CANARY.encode() in web.get(f"/dossiers/{cid}/documenten/{doc_id}/bestand").data

    raw = database_bytes(app)  # ... the database never shows it
    for needle in _needles():
        assert needle not in raw, needle
    for needle in _needles():
        assert needle not in _instance_bytes(app), needle
    logs = caplog.text + "".join(capsys.readouterr())
    assert CANARY not in logs and "Kanarie-Document" not in logs

    if os.environ.get("DATABASE_URL"):
        pytest.skip("file-level backups are SQLite's; PostgreSQL uses pg_dump")
    assert runner.invoke(args=["backup-key-init"]).exit_code == 0
    backups = tmp_path / "backups"
    result = runner.invoke(args=["backup", str(backups)])
    assert result.exit_code == 0, result.output
    assert CANARY not in result.output
    files = [p for p in backups.rglob("*") if p.is_file()]
    assert any(p.suffix == ".ssbk" for p in files)
    for p in files:
        data = p.read_bytes()
        for needle in _needles():
            assert needle not in data, (p.name, needle)
