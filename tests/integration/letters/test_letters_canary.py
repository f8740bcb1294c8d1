"""A unique string in a letter's free text (and in the note on the answer) is in no byte of the
database (file, WAL, journal), of any file under ``instance/``, of the log, or of a backup; the
app itself still shows it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from schoonschip import clock
from schoonschip.dates import format_date_input
from tests.integration.letters.letters_support import letter_case, letters_of, make_letter, pdf_text
from tests.integration.stored_bytes import database_bytes

FREE_TEXT = "Kanariebrief Qwyxzv-8813 vraagt uitstel"
ANSWER_NOTE = "Antwoordkanarie Zvqxwy-2291"
NEEDLES = ["Qwyxzv-8813", "Kanariebrief", "Zvqxwy-2291", "Antwoordkanarie"]


def _assert_absent(raw: bytes, where: str) -> None:
    for needle in NEEDLES:
        for variant in (needle, needle.upper(), needle.lower()):
            assert variant.encode() not in raw, (needle, where)
            assert variant.encode("utf-16-le") not in raw, (needle, where)


def test_letter_free_text_and_answer_note_are_sealed_everywhere(app, people, web, runner, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    cid, debts = letter_case(app, people)
    web.login("coach.a")
    lid = make_letter(web, cid, debts["Eigen Haard"], "saldo_opgave", format_date_input(clock.today()), free_text=FREE_TEXT)
    resp = web.post(f"/dossiers/{cid}/brieven/{lid}/antwoord",
                    {"answer": "saldo_ontvangen", "on": format_date_input(clock.today()), "note": ANSWER_NOTE, "version": "1"})  # fmt: skip
    assert resp.status_code == 302

    # The app reads both back, and the letter carries the free text.
    (letter,) = letters_of(app, cid)
    assert letter.free_text == FREE_TEXT and letter.answer_note == ANSWER_NOTE
    assert FREE_TEXT in pdf_text(web.get(f"/dossiers/{cid}/brieven/{lid}/brief.pdf").data)
    page = web.get(f"/dossiers/{cid}/brieven/{lid}").get_data(as_text=True)
    assert FREE_TEXT in page and ANSWER_NOTE in page

    raw = database_bytes(app)
    assert b"saldo_opgave" in raw  # control: the plaintext kind is found
    _assert_absent(raw, "database")
    for path in Path(app.instance_path).rglob("*"):
        if path.is_file():
            _assert_absent(path.read_bytes(), str(path.name))
    _assert_absent(caplog.text.encode(), "log")

    if os.environ.get("DATABASE_URL"):
        pytest.skip("file-level backup of SQLite only; the PostgreSQL dump was checked above")
    assert runner.invoke(args=["backup-key-init"]).exit_code == 0
    dest = tmp_path / "backups"
    result = runner.invoke(args=["backup", str(dest)])
    assert result.exit_code == 0, result.output
    files = list(dest.glob("*"))
    assert files
    for f in files:
        _assert_absent(f.read_bytes(), f.name)
