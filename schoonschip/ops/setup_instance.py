"""Create instance/ on a fresh machine: local config with a random secret key and the
master key file (mode 0600). Safe to run again: existing files are left alone.

    python -m schoonschip.ops.setup_instance [--instance PATH]            # a server, a restore
    python -m schoonschip.ops.setup_instance --laptop [--instance PATH]   # `make run` on a laptop

The config it writes is a production config: the start check (config.check_production_config)
applies, and the session cookie keeps Secure. Only ``--laptop`` (used by ``make run``, which
serves plain http on 127.0.0.1) writes a development config without Secure; an old laptop
config (from before the start check refused an insecure cookie) is completed the same way.
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from schoonschip.crypto import KeyRing, write_keyring_file

CONFIG_TEMPLATE = '''# Local settings for this machine. Created by setup_instance; not in git.
SECRET_KEY = "{secret}"
'''

LAPTOP_MARKER = "# This laptop serves plain http on 127.0.0.1."
LAPTOP_LINES = f'''{LAPTOP_MARKER} Never on a server: these lines switch off the
# production start check and the Secure flag of the session cookie (docs/operations.md).
ENV_NAME = "development"
SESSION_COOKIE_SECURE = False
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--instance", default=os.environ.get("SCHOONSCHIP_INSTANCE_PATH") or str(root / "instance"))
    parser.add_argument("--laptop", action="store_true", help="plain http on 127.0.0.1 (make run): no Secure cookie")
    args = parser.parse_args(argv)
    inst = Path(args.instance)
    inst.mkdir(parents=True, exist_ok=True)
    os.chmod(inst, 0o700)
    cfg = inst / "config.py"
    if not cfg.exists():
        fd = os.open(cfg, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(CONFIG_TEMPLATE.format(secret=secrets.token_urlsafe(48)))
            if args.laptop:
                fh.write(LAPTOP_LINES)
        print(f"created {cfg}")  # noqa: T201 - setup output, no personal data
    elif args.laptop:
        _complete_old_laptop_config(cfg)
    keys = inst / "master_keys.json"
    if not keys.exists():
        write_keyring_file(KeyRing.generate(), keys)
        print(f"created {keys} (mode 0600): keep a copy somewhere safe, see docs/keys.md")  # noqa: T201
    return 0


def _complete_old_laptop_config(cfg: Path) -> None:
    """A laptop config from before: it switched the Secure flag off in production mode,
    which the start check now refuses. Mark it as the development config it is."""
    text = cfg.read_text(encoding="utf-8")
    if LAPTOP_MARKER in text and "SESSION_COOKIE_SECURE = False" in text and "ENV_NAME" not in text:
        with open(cfg, "a", encoding="utf-8") as fh:
            fh.write('ENV_NAME = "development"  # added by setup_instance --laptop: never on a server\n')
        print(f"marked {cfg} as a laptop (development) config")  # noqa: T201


if __name__ == "__main__":
    raise SystemExit(main())
