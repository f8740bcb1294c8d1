"""Where the master keys come from: SCHOONSCHIP_MASTER_KEYS (JSON) or instance/master_keys.json."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from schoonschip.crypto import KeyRing, read_keyring_file, write_keyring_file


def keyring_path(app: Flask) -> Path:
    return Path(app.instance_path) / app.config["MASTER_KEY_FILE"]


def load_keyring(app: Flask) -> KeyRing | None:
    inline = app.config.get("MASTER_KEYS")
    if inline:
        return KeyRing.from_json(inline)
    path = keyring_path(app)
    if path.exists():
        return read_keyring_file(path)
    return None


def save_keyring(app: Flask, ring: KeyRing) -> None:
    if app.config.get("MASTER_KEYS"):
        raise RuntimeError(
            "The master keys come from SCHOONSCHIP_MASTER_KEYS; update that variable with the new ring instead."
        )
    write_keyring_file(ring, keyring_path(app))
