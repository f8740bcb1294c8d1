"""The real command line, as an operator runs it (subprocesses, instance folders on disk,
master keys in instance/master_keys.json): set up, demo, backup, purge, restore on a new
server; the purged cases stay erased."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FLASK = str(Path(sys.executable).parent / "flask")

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite instance folders")


def _env(instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHOONSCHIP_") and k != "DATABASE_URL"}
    env.update({"SCHOONSCHIP_INSTANCE_PATH": str(instance), "SCHOONSCHIP_DEMO_PASSWORD": "demo password for tests"})
    env["SCHOONSCHIP_PASSWORD_HASH_PARAMS"] = '{"time_cost": 1, "memory_cost": 1024, "parallelism": 1}'  # cheap but real
    env.update({f"SCHOONSCHIP_{k}": v for k, v in extra.items()})
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([FLASK, "--app", "schoonschip", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


def _setup(instance: Path) -> None:
    subprocess.run([sys.executable, "-m", "schoonschip.ops.setup_instance", "--instance", str(instance)], cwd=ROOT, check=True, capture_output=True)  # noqa: S603


def test_operator_round_trip(tmp_path: Path) -> None:
    old, new, backups = tmp_path / "old", tmp_path / "new", tmp_path / "backups"
    _setup(old)
    env = _env(old, BACKUP_DIR=str(backups), RETENTION_DAYS_AFTER_CLOSE="700")
    _run(env, "db-upgrade")
    _run(env, "demo")
    assert "written to" in _run(env, "backup-key-init")
    assert "Backup written" in _run(env, "backup", str(backups))
    assert "2 case(s) would be erased" in _run(env, "purge-expired", "--dry-run")
    assert "2 case(s) erased" in _run(env, "purge-expired")

    _setup(new)  # a new server: fresh keys, then the saved ones are put in place
    shutil.copy(old / "master_keys.json", new / "master_keys.json")
    shutil.copy(old / "backup_key.json", new / "backup_key.json")
    env_new = _env(new)
    _run(env_new, "db-upgrade")
    out = _run(env_new, "restore", str(backups))
    assert "2 case(s) erased again" in out, out
    assert "Audit log intact" in _run(env_new, "audit-verify")
    conn = sqlite3.connect(new / "schoonschip.sqlite")
    try:
        erased = conn.execute("SELECT count(*) FROM cases WHERE erased_at IS NOT NULL").fetchone()[0]
        keys = conn.execute("SELECT count(*) FROM data_keys WHERE subject LIKE 'case:%'").fetchone()[0]
        total = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()
    assert erased == 2 and keys == total - 2
    # a second restore onto the now filled instance is refused
    done = subprocess.run([FLASK, "--app", "schoonschip", "restore", str(backups)], cwd=ROOT, env=env_new, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode != 0 and "not empty" in done.stderr + done.stdout
