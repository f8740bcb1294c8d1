"""PostgreSQL: backup via pg_dump, then the documented manual restore (pg_restore +
apply-erasures) keeps a case erased after the backup erased. Runs only against
PostgreSQL (DATABASE_URL) with the client programs installed."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from sqlalchemy import text

from schoonschip.cases.casefile.models import Case
from schoonschip.db import new_session
from schoonschip.sealing import DataKey
from tests.factories import open_test_case
from tests.integration.backup_support import erase

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL") or not shutil.which("pg_dump") or not shutil.which("pg_restore"),
    reason="needs PostgreSQL (DATABASE_URL) and pg_dump/pg_restore",
)


def test_pg_dump_backup_and_manual_restore_with_ledger(app, runner, people, tmp_path):  # type: ignore[no-untyped-def]
    from schoonschip.db import engine
    from schoonschip.ops.cli_backup import pg_command

    keep = open_test_case(app, alias="Pim Postgresblijft", location_id=people.loc_a, coach_id=people.coach_a)
    gone = open_test_case(app, alias="Quinty Postgresweg", location_id=people.loc_a, coach_id=people.coach_a)
    assert runner.invoke(args=["backup-key-init"]).exit_code == 0
    result = runner.invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    app.config["BACKUP_DIR"] = str(tmp_path / "b")
    erase(app, gone, people.coordinator_a)

    out = tmp_path / "x"
    result = runner.invoke(args=["restore", str(tmp_path / "b"), "--extract-only", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "database.pgdump").exists()

    # The database is lost; load the dump into an empty one (same database, every schema
    # dropped: other tests' schemas, such as fresh_app's, are in the dump too).
    with app.app_context():
        url = engine().url
        with engine().begin() as conn:
            schemas = conn.scalars(text(
                "SELECT schema_name FROM information_schema.schemata "
                "WHERE schema_name NOT LIKE 'pg\\_%' AND schema_name <> 'information_schema'"
            )).all()  # fmt: skip
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text("CREATE SCHEMA public"))
        engine().dispose()
        cmd, env = pg_command("pg_restore", url, "--no-owner", "-d", url.database or "", str(out / "database.pgdump"))
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        assert done.returncode == 0, done.stderr
        db = new_session()
        assert db.get(Case, gone).alias == "Quinty Postgresweg"  # back, until the ledger is applied
        db.close()

    result = runner.invoke(args=["apply-erasures", "--ledger", str(tmp_path / "b" / "erasure-ledger.jsonl")])
    assert result.exit_code == 0 and "1 case(s) erased now" in result.output, result.output
    with app.app_context():
        db = new_session()
        assert db.get(Case, gone).erased_at is not None and db.get(DataKey, f"case:{gone}") is None
        assert db.get(Case, keep).alias == "Pim Postgresblijft"
        db.close()
