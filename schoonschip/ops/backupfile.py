"""The encrypted backup file format and the erasure ledger format.

Pure module: the standard library and ``cryptography`` only (no Flask, no SQLAlchemy).

Backup file (version 1), all integers big-endian::

    magic      b"SSBACKUP"                      8 bytes
    version    1                                1 byte
    hlen       length of the header             4 bytes
    header     JSON (UTF-8): key_id, created, chunk_size, nonce_prefix (hex), note
    chunks     repeated: clen (4 bytes) + AESGCM(backup key, nonce, plaintext, aad)

    nonce = nonce_prefix (8 random bytes, per file) + chunk index (4 bytes)
    aad   = sha256(magic + version + hlen + header) + chunk index (4 bytes) + last flag (1 byte)

Every chunk is bound to the header, to its place in the stream and to whether it is the
last one, so an edited header, swapped, dropped or appended chunks and a truncated file
all fail to open (STREAM construction). The plaintext is a tar archive; see cli_backup.py
for its members.

Erasure ledger: one JSON object per line, ``{"case": <opaque case id>, "at": "<UTC
ISO time>", "reason": "<erasure reason code>"}``. Opaque ids only: never a name, a
reference or anything typed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from schoonschip.crypto import KEY_BYTES, check_key, read_private_file, write_private_file

MAGIC = b"SSBACKUP"
VERSION = 1
DEFAULT_CHUNK = 1024 * 1024
MAX_HEADER = 64 * 1024
TAG_BYTES = 16


class BackupFormatError(Exception):
    """Not a backup file, an unknown version, a wrong key, or a changed/truncated file."""


# --- the backup key ----------------------------------------------------------------------
@dataclass
class BackupKey:
    key_id: str
    key: bytes = field(repr=False)
    created: str = ""

    def __post_init__(self) -> None:
        check_key(self.key_id, self.key, "backup key")

    @classmethod
    def generate(cls) -> BackupKey:
        now = datetime.now(UTC)
        return cls(
            "b" + now.strftime("%Y%m%d%H%M%S") + secrets.token_hex(2),
            secrets.token_bytes(KEY_BYTES),
            now.isoformat(),
        )

    def to_json(self) -> str:
        return json.dumps(
            {"key_id": self.key_id, "key": base64.b64encode(self.key).decode(), "created": self.created},
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> BackupKey:
        try:
            data = json.loads(text)
            return cls(
                str(data["key_id"]),
                base64.b64decode(data["key"], validate=True),
                str(data.get("created", "")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupFormatError("the backup key file is not readable") from exc


def write_backup_key(key: BackupKey, path: Path) -> None:
    """Create the key file with mode 0600; never overwrite an existing key."""
    write_private_file(path, key.to_json().encode(), overwrite=False)


def read_backup_key(path: Path) -> BackupKey:
    return BackupKey.from_json(read_private_file(path, BackupFormatError))


# --- the file format ---------------------------------------------------------------------
def _header_bytes(header: dict[str, object]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


def _read_exact(src: BinaryIO, n: int) -> bytes:
    data = src.read(n)
    if data is None or len(data) != n:
        raise BackupFormatError("the backup file is truncated")
    return data


def encrypt_stream(
    key: BackupKey, src: BinaryIO, dst: BinaryIO, *, note: str = "", chunk_size: int = DEFAULT_CHUNK
) -> int:
    """Encrypt everything readable from ``src`` into ``dst``. Returns plaintext bytes."""
    if chunk_size < 1 or chunk_size > 64 * 1024 * 1024:
        raise ValueError("chunk size out of range")
    prefix = secrets.token_bytes(8)
    header = {
        "key_id": key.key_id,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "chunk_size": chunk_size,
        "nonce_prefix": prefix.hex(),
        "note": note,
    }
    hb = _header_bytes(header)
    lead = MAGIC + bytes([VERSION]) + struct.pack(">I", len(hb)) + hb
    digest = hashlib.sha256(lead).digest()
    dst.write(lead)
    aead = AESGCM(key.key)
    total = 0
    index = 0
    current = src.read(chunk_size) or b""
    while True:
        following = src.read(chunk_size) or b"" if current else b""
        last = not following
        nonce = prefix + struct.pack(">I", index)
        ct = aead.encrypt(nonce, current, _aad(digest, index, last))
        dst.write(struct.pack(">I", len(ct)) + ct)
        total += len(current)
        if last:
            return total
        index += 1
        if index >= 2**32 - 1:
            raise ValueError("backup too large for one file")
        current = following


def read_header(src: BinaryIO) -> tuple[dict[str, object], bytes]:
    """(header, digest of the lead bytes). Leaves ``src`` at the first chunk."""
    magic = src.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupFormatError("not a Schoon Schip backup file")
    version = _read_exact(src, 1)[0]
    if version != VERSION:
        raise BackupFormatError(
            f"backup file version {version} is not supported (this program reads version {VERSION})"
        )
    (hlen,) = struct.unpack(">I", _read_exact(src, 4))
    if hlen > MAX_HEADER:
        raise BackupFormatError("the backup header is damaged")
    hb = _read_exact(src, hlen)
    try:
        header = json.loads(hb)
        if not isinstance(header, dict):
            raise ValueError
        bytes.fromhex(str(header["nonce_prefix"]))
        int(header["chunk_size"])  # type: ignore[call-overload]
        str(header["key_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupFormatError("the backup header is damaged") from exc
    return header, hashlib.sha256(magic + bytes([version]) + struct.pack(">I", hlen) + hb).digest()


def decrypt_stream(key: BackupKey, src: BinaryIO, dst: BinaryIO) -> dict[str, object]:
    """Check and decrypt a backup into ``dst``; returns the header. Raises
    :class:`BackupFormatError` on a wrong key or any change; ``dst`` may then hold a
    partial plaintext, which the caller must discard."""
    header, digest = read_header(src)
    if header["key_id"] != key.key_id:
        raise BackupFormatError(f"this backup was made with backup key {header['key_id']}, not {key.key_id}")
    prefix = bytes.fromhex(str(header["nonce_prefix"]))
    if len(prefix) != 8:
        raise BackupFormatError("the backup header is damaged")
    chunk_size = int(header["chunk_size"])  # type: ignore[call-overload]
    aead = AESGCM(key.key)
    index = 0
    pending = b""  # one byte read ahead to learn whether a chunk is the last
    while True:
        (clen,) = struct.unpack(">I", pending + _read_exact(src, 4 - len(pending)))
        if clen < TAG_BYTES or clen > chunk_size + TAG_BYTES:
            raise BackupFormatError("the backup file is damaged")
        ct = _read_exact(src, clen)
        nonce = prefix + struct.pack(">I", index)
        pending = src.read(1) or b""
        last = not pending
        try:
            pt = aead.decrypt(nonce, ct, _aad(digest, index, last))
        except InvalidTag:
            raise BackupFormatError(
                "the backup file was changed, is incomplete, or the key is wrong"
            ) from None
        dst.write(pt)
        if last:
            return header
        index += 1


# --- the erasure ledger ------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Tombstone:
    case_id: int
    at: str
    reason: str

    def __post_init__(self) -> None:
        if isinstance(self.case_id, bool) or not isinstance(self.case_id, int) or self.case_id <= 0:
            raise ValueError("a tombstone names a case by its opaque positive id")
        if not self.reason.replace("_", "").isalnum() or len(self.reason) > 30:
            raise ValueError("a tombstone reason is a code")
        datetime.fromisoformat(self.at)

    def to_line(self) -> str:
        return json.dumps({"case": self.case_id, "at": self.at, "reason": self.reason}, sort_keys=True) + "\n"


def parse_ledger(lines: Iterable[str]) -> tuple[dict[int, Tombstone], int]:
    """Tombstones by case id (the first one per case wins) and the number of lines that
    could not be read. A damaged line never stops the rest from being applied."""
    out: dict[int, Tombstone] = {}
    bad = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            stone = Tombstone(d["case"], str(d["at"]), str(d["reason"]))
        except (ValueError, KeyError, TypeError):
            bad += 1
            continue
        out.setdefault(stone.case_id, stone)
    return out, bad


def merge_ledgers(*ledgers: dict[int, Tombstone]) -> dict[int, Tombstone]:
    out: dict[int, Tombstone] = {}
    for ledger in ledgers:
        for cid, stone in ledger.items():
            known = out.get(cid)
            if known is None or stone.at < known.at:
                out[cid] = stone
    return out


def iter_ledger_lines(stones: Iterable[Tombstone]) -> Iterator[str]:
    for stone in sorted(stones, key=lambda s: (s.at, s.case_id)):
        yield stone.to_line()
