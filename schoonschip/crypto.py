"""Envelope encryption: a key ring of master keys, per-case data keys, AES-GCM sealing.

Pure module: imports `cryptography` and the standard library only (no Flask, no
SQLAlchemy), so it can be tested and reasoned about on its own.

* A **master key** (256 bit) lives in ``instance/master_keys.json`` (mode 0600) or in
  the ``SCHOONSCHIP_MASTER_KEYS`` environment variable. Several can coexist by id; one
  is active for wrapping. Retired keys are kept only until every data key is re-wrapped.
* Each case has its own random 256-bit **data key**, stored only wrapped (AES-GCM) by a
  master key, with associated data naming the case: a wrapped key copied to another
  case does not unwrap.
* Every sensitive value is **sealed** with the case's data key and associated data
  ``table|column|case_id``: a ciphertext copied to another row's case or to another
  column fails to open.

Wire formats (all bytes):
    wrapped data key = b"W1" + nonce(12) + AESGCM(master, data_key, aad=b"casekey|" + subject)
    sealed value     = b"\\x01" + nonce(12) + AESGCM(data_key, plaintext, aad)
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
SEAL_VERSION = b"\x01"
WRAP_VERSION = b"W1"


class CryptoError(Exception):
    """A value or key could not be opened. Never carries plaintext."""


class KeyMissing(CryptoError):
    """The key needed is not in the ring (or the case key was destroyed)."""


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def aad_for(table: str, column: str, case_id: int | str) -> bytes:
    """Associated data binding a sealed value to its table, column and case."""
    for part in (table, column, str(case_id)):
        if "|" in part:
            raise ValueError("AAD parts may not contain '|'")
    return f"{table}|{column}|{case_id}".encode()


def seal(data_key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    if len(data_key) != KEY_BYTES:
        raise ValueError("data key must be 32 bytes")
    nonce = secrets.token_bytes(NONCE_BYTES)
    return SEAL_VERSION + nonce + AESGCM(data_key).encrypt(nonce, plaintext, aad)


def open_sealed(data_key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if not sealed or sealed[:1] != SEAL_VERSION or len(sealed) < 1 + NONCE_BYTES + 16:
        raise CryptoError("not a sealed value")
    nonce = sealed[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(data_key).decrypt(nonce, sealed[1 + NONCE_BYTES :], aad)
    except InvalidTag:
        raise CryptoError("sealed value does not open with this key and context") from None


def sealed_opener(data_key: bytes) -> Callable[[bytes, bytes], bytes]:
    """:func:`open_sealed` for many values under one data key (reports open thousands):
    the cipher is set up once instead of once per value. Same checks, same errors."""
    aead = AESGCM(data_key)

    def _open(sealed: bytes, aad: bytes) -> bytes:
        if not sealed or sealed[:1] != SEAL_VERSION or len(sealed) < 1 + NONCE_BYTES + 16:
            raise CryptoError("not a sealed value")
        try:
            return aead.decrypt(sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :], aad)
        except InvalidTag:
            raise CryptoError("sealed value does not open with this key and context") from None

    return _open


def check_key(key_id: str, key: bytes, what: str) -> None:
    """A 256-bit key with an alphanumeric id (dashes allowed): master keys and the backup key."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"{what} must be 32 bytes")
    if not key_id or not key_id.replace("-", "").isalnum():
        raise ValueError(f"{what} id must be alphanumeric")


@dataclass
class MasterKey:
    key_id: str
    key: bytes = field(repr=False)
    created: str = ""
    retired: str | None = None

    def __post_init__(self) -> None:
        check_key(self.key_id, self.key, "master key")


@dataclass
class KeyRing:
    """Master keys by id. ``active`` wraps new data keys; others only unwrap."""

    keys: dict[str, MasterKey]
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ValueError("active master key is not in the ring")
        if self.keys[self.active].retired:
            raise ValueError("active master key is retired")

    # --- wrapping ------------------------------------------------------------
    def wrap(self, data_key: bytes, subject: str) -> tuple[str, bytes]:
        mk = self.keys[self.active]
        nonce = secrets.token_bytes(NONCE_BYTES)
        blob = WRAP_VERSION + nonce + AESGCM(mk.key).encrypt(nonce, data_key, b"casekey|" + subject.encode())
        return mk.key_id, blob

    def unwrap(self, key_id: str, blob: bytes, subject: str) -> bytes:
        mk = self.keys.get(key_id)
        if mk is None:
            raise KeyMissing("master key not in the ring")
        if blob[:2] != WRAP_VERSION:
            raise CryptoError("not a wrapped key")
        nonce = blob[2 : 2 + NONCE_BYTES]
        try:
            return AESGCM(mk.key).decrypt(nonce, blob[2 + NONCE_BYTES :], b"casekey|" + subject.encode())
        except InvalidTag:
            raise CryptoError("wrapped key does not open for this subject") from None

    def rewrap(self, key_id: str, blob: bytes, subject: str) -> tuple[str, bytes]:
        """Unwrap with any key in the ring, wrap again with the active one."""
        return self.wrap(self.unwrap(key_id, blob, subject), subject)

    # --- derived keys (audit HMAC, blind indexes, system secrets) -------------
    def derive(self, purpose: str, key_id: str | None = None) -> bytes:
        """A purpose-bound key derived from a master key (HKDF-SHA256).

        Derived keys for long-lived chains (the audit HMAC) are pinned to the first
        master key by the caller storing ``key_id``; see audit.py.
        """
        mk = self.keys[key_id or self.active]
        return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()).derive(mk.key)

    # --- rotation --------------------------------------------------------------
    def add_new_active(self) -> MasterKey:
        key_id = datetime.now(UTC).strftime("k%Y%m%d%H%M%S") + secrets.token_hex(2)
        mk = MasterKey(key_id, secrets.token_bytes(KEY_BYTES), created=datetime.now(UTC).isoformat())
        self.keys[key_id] = mk
        self.active = key_id
        return mk

    def retire(self, key_ids: Iterable[str]) -> None:
        for kid in key_ids:
            if kid == self.active:
                raise ValueError("cannot retire the active key")
            self.keys[kid].retired = datetime.now(UTC).isoformat()

    def drop_retired(self) -> list[str]:
        dropped = [kid for kid, mk in self.keys.items() if mk.retired]
        for kid in dropped:
            del self.keys[kid]
        return dropped

    # --- (de)serialisation -----------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(
            {
                "active": self.active,
                "keys": {
                    kid: {
                        "key": base64.b64encode(mk.key).decode(),
                        "created": mk.created,
                        "retired": mk.retired,
                    }
                    for kid, mk in self.keys.items()
                },
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        data = json.loads(text)
        keys = {
            kid: MasterKey(kid, base64.b64decode(v["key"]), v.get("created", ""), v.get("retired"))
            for kid, v in data["keys"].items()
        }
        return cls(keys=keys, active=data["active"])

    @classmethod
    def generate(cls) -> KeyRing:
        ring = cls.__new__(cls)
        ring.keys = {}
        ring.active = ""
        ring.add_new_active()
        return ring


def write_private_file(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write a key file with mode 0600, synced to disk. ``overwrite``: replace an existing
    file atomically (through a .tmp file next to it); otherwise refuse when it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.with_suffix(".tmp") if overwrite else path
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL), 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(target, 0o600)
    if overwrite:
        os.replace(target, path)


def write_keyring_file(ring: KeyRing, path: Path) -> None:
    """Write atomically with mode 0600 (the file is the crown jewels)."""
    write_private_file(path, ring.to_json().encode(), overwrite=True)


def read_private_file(path: Path, refuse: type[Exception] = CryptoError) -> str:
    """The text of a key file; ``refuse`` (with the chmod to run) when others can read it."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise refuse(f"{path.name} is readable by others (mode {mode:o}); run chmod 600")
    return path.read_text()


def read_keyring_file(path: Path) -> KeyRing:
    return KeyRing.from_json(read_private_file(path))


def keyed_digest(key: bytes, message: bytes) -> bytes:
    """HMAC-SHA256, used for the audit chain and blind indexes."""
    h = hmac.HMAC(key, hashes.SHA256())
    h.update(message)
    return h.finalize()


def constant_time_equal(a: bytes, b: bytes) -> bool:
    return secrets.compare_digest(a, b)
