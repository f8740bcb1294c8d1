"""The backup file format: round trip, wrong key, and every kind of tampering fails."""

from __future__ import annotations

import io
import json
import os
import struct

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from schoonschip.ops.backupfile import (
    MAGIC,
    BackupFormatError,
    BackupKey,
    Tombstone,
    decrypt_stream,
    encrypt_stream,
    iter_ledger_lines,
    merge_ledgers,
    parse_ledger,
    read_backup_key,
    read_header,
    write_backup_key,
)

KEY = BackupKey.generate()


def _encrypt(data: bytes, chunk: int = 7, key: BackupKey = KEY) -> bytes:
    out = io.BytesIO()
    assert encrypt_stream(key, io.BytesIO(data), out, chunk_size=chunk) == len(data)
    return out.getvalue()


def _decrypt(blob: bytes, key: BackupKey = KEY) -> bytes:
    out = io.BytesIO()
    decrypt_stream(key, io.BytesIO(blob), out)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=200), chunk=st.integers(min_value=1, max_value=40))
@example(data=MAGIC + b"\x01" * 16, chunk=7)
def test_round_trip(data: bytes, chunk: int) -> None:
    blob = _encrypt(data, chunk)
    assert _decrypt(blob) == data
    src = io.BytesIO(blob)
    read_header(src)
    body = blob[src.tell() :]
    if len(data) >= 16:
        # The plaintext is not in the encrypted chunks. (The header is public and fixed:
        # hypothesis once found data equal to a piece of it, which proves nothing.)
        assert data not in body


def test_header_is_versioned_and_names_the_key() -> None:
    blob = _encrypt(b"hello world")
    assert blob.startswith(MAGIC + b"\x01")
    header, _ = read_header(io.BytesIO(blob))
    assert header["key_id"] == KEY.key_id and header["chunk_size"] == 7


def test_wrong_key_refused_with_key_id() -> None:
    other = BackupKey.generate()
    blob = _encrypt(b"secret stuff")
    with pytest.raises(BackupFormatError, match="backup key"):
        _decrypt(blob, other)
    # Same id, different key bytes: the tag check catches it.
    impostor = BackupKey(KEY.key_id, os.urandom(32))
    with pytest.raises(BackupFormatError, match="changed"):
        _decrypt(blob, impostor)


def test_unknown_version_and_not_a_backup() -> None:
    blob = bytearray(_encrypt(b"x"))
    blob[len(MAGIC)] = 2
    with pytest.raises(BackupFormatError, match="version 2"):
        _decrypt(bytes(blob))
    with pytest.raises(BackupFormatError, match="not a Schoon Schip backup"):
        _decrypt(b"SQLite format 3\x00" + b"\x00" * 100)


@settings(max_examples=80, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=100),
    where=st.integers(min_value=0),
    bit=st.integers(min_value=0, max_value=7),
)
def test_any_flipped_bit_is_detected(data: bytes, where: int, bit: int) -> None:
    blob = bytearray(_encrypt(data, chunk=16))
    i = where % len(blob)
    blob[i] ^= 1 << bit
    with pytest.raises(BackupFormatError):
        _decrypt(bytes(blob))


def _chunks(blob: bytes) -> tuple[bytes, list[bytes]]:
    (hlen,) = struct.unpack(">I", blob[len(MAGIC) + 1 : len(MAGIC) + 5])
    pos = len(MAGIC) + 5 + hlen
    lead, chunks = blob[:pos], []
    while pos < len(blob):
        (clen,) = struct.unpack(">I", blob[pos : pos + 4])
        chunks.append(blob[pos : pos + 4 + clen])
        pos += 4 + clen
    return lead, chunks


def test_truncation_reordering_and_appending_are_detected() -> None:
    data = bytes(range(256)) * 3
    blob = _encrypt(data, chunk=100)
    lead, chunks = _chunks(blob)
    assert len(chunks) == 8
    assert _decrypt(lead + b"".join(chunks)) == data
    with pytest.raises(BackupFormatError):  # the last chunk dropped: "last" flag missing
        _decrypt(lead + b"".join(chunks[:-1]))
    with pytest.raises(BackupFormatError):  # cut in the middle of a chunk
        _decrypt(blob[:-5])
    with pytest.raises(BackupFormatError):  # two chunks swapped
        _decrypt(lead + chunks[1] + chunks[0] + b"".join(chunks[2:]))
    with pytest.raises(BackupFormatError):  # a chunk of another backup appended
        _decrypt(blob + _chunks(_encrypt(data, chunk=100))[1][0])
    with pytest.raises(BackupFormatError):  # header only
        _decrypt(lead)


def test_header_edit_is_detected() -> None:
    blob = _encrypt(b"a" * 50, chunk=10)
    (hlen,) = struct.unpack(">I", blob[len(MAGIC) + 1 : len(MAGIC) + 5])
    start = len(MAGIC) + 5
    header = json.loads(blob[start : start + hlen])
    header["note"] = "x"
    hb = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    forged = blob[: len(MAGIC) + 1] + struct.pack(">I", len(hb)) + hb + blob[start + hlen :]
    with pytest.raises(BackupFormatError):
        _decrypt(forged)


def test_key_file_mode_and_no_overwrite(tmp_path) -> None:
    path = tmp_path / "keys" / "backup_key.json"
    write_backup_key(KEY, path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert read_backup_key(path).key == KEY.key
    with pytest.raises(FileExistsError):
        write_backup_key(BackupKey.generate(), path)
    path.chmod(0o644)
    with pytest.raises(BackupFormatError, match="readable by others"):
        read_backup_key(path)
    assert "key=" not in repr(KEY) or repr(KEY.key) not in repr(KEY)


def test_ledger_round_trip_merge_and_bad_lines() -> None:
    a = Tombstone(12345, "2026-01-02T03:04:05", "bewaartermijn")
    b = Tombstone(999, "2026-02-01T00:00:00", "verzoek_bewoner")
    b_earlier = Tombstone(999, "2025-12-01T00:00:00", "verzoek_bewoner")
    lines = list(iter_ledger_lines([b, a])) + [
        "not json\n",
        '{"case": "Jansen", "at": "x", "reason": "y"}\n',
        "\n",
    ]
    parsed, bad = parse_ledger(lines)
    assert parsed == {12345: a, 999: b} and bad == 2
    assert merge_ledgers(parsed, {999: b_earlier})[999] == b_earlier


@pytest.mark.parametrize("case_id", [0, -1, True, "123"])
def test_tombstone_names_only_opaque_ids(case_id) -> None:
    with pytest.raises((ValueError, TypeError)):
        Tombstone(case_id, "2026-01-01T00:00:00", "bewaartermijn")
    with pytest.raises(ValueError):
        Tombstone(5, "2026-01-01T00:00:00", "Jan de Vries")
