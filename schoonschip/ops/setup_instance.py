"""Create instance/ on a fresh machine: local config with a random secret key and the
master key file (mode 0600). Safe to run again: existing files are left alone.

    python -m schoonschip.ops.setup_instance [--instance PATH]
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from schoonschip.crypto import KeyRing, write_keyring_file

CONFIG_TEMPLATE = '''# Local settings for this machine. Created by `make run`; not in git.
SECRET_KEY = "{secret}"
# This laptop serves plain http on 127.0.0.1. Behind a TLS proxy, remove this line.
SESSION_COOKIE_SECURE = False
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--instance", default=os.environ.get("SCHOONSCHIP_INSTANCE_PATH") or str(root / "instance"))
    args = parser.parse_args(argv)
    inst = Path(args.instance)
    inst.mkdir(parents=True, exist_ok=True)
    os.chmod(inst, 0o700)
    cfg = inst / "config.py"
    if not cfg.exists():
        fd = os.open(cfg, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(CONFIG_TEMPLATE.format(secret=secrets.token_urlsafe(48)))
        print(f"created {cfg}")  # noqa: T201 - setup output, no personal data
    keys = inst / "master_keys.json"
    if not keys.exists():
        write_keyring_file(KeyRing.generate(), keys)
        print(f"created {keys} (mode 0600): keep a copy somewhere safe, see docs/keys.md")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
