"""Every byte the database holds, for the canary tests ("this text is in no byte of the database").

SQLite: the database file, its WAL and its journal, as they are on disk (free pages included).
PostgreSQL: a plain-text ``pg_dump`` of the data, with every bytea value (hex in the dump) also
decoded back to its raw bytes, so a plaintext that sits in a bytea column is found as well. The
dump shows the live rows only; dead row versions on disk are the database's own business
(VACUUM) and are not checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

_BYTEA_HEX = re.compile(rb"\\x([0-9a-f]{2,})")


def _sqlite_bytes(app) -> bytes:  # type: ignore[no-untyped-def]
    inst = Path(app.instance_path)
    return b"".join(
        (inst / f"schoonschip.sqlite{suffix}").read_bytes()
        for suffix in ("", "-wal", "-journal")
        if (inst / f"schoonschip.sqlite{suffix}").exists()
    )


def _postgres_bytes(url: str) -> bytes:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        if os.environ.get("CI"):
            pytest.fail("pg_dump not found: the PostgreSQL canary checks need Debian's postgresql-client")
        pytest.skip("pg_dump not found")
    u = make_url(url)
    env = {**os.environ, "PGPASSWORD": u.password or ""}
    args = [pg_dump, "--data-only", "--no-owner", "-h", u.host or "127.0.0.1", "-p", str(u.port or 5432)]
    if u.username:
        args += ["-U", u.username]
    dump = subprocess.run([*args, u.database or ""], env=env, check=True, capture_output=True).stdout
    return dump + b"".join(bytes.fromhex(h.decode()) for h in _BYTEA_HEX.findall(dump) if len(h) % 2 == 0)


def database_bytes(app) -> bytes:  # type: ignore[no-untyped-def]
    url = app.config.get("DATABASE_URL")
    raw = _postgres_bytes(url) if url else _sqlite_bytes(app)
    assert raw, "no database bytes found: the check would prove nothing"
    return raw
