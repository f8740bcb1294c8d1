"""The load, crash and benchmark scripts still run end to end, in a tiny configuration.

They measure nothing here (timings belong in their own reports); a script that breaks
(a changed form field, a route that now answers 500, a lost write) fails its run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the scripts run on SQLite; covered by the SQLite pass"),
]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TMPDIR"] = str(tmp_path)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)


def test_load_script_runs_and_checks(tmp_path):
    r = _run(["scripts/load_test.py", "--seconds", "2", "--coaches", "2", "--cases-per-coach", "2", "--workers", "1",
              "--cheap-hashing"], tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "load test passed" in r.stdout
    assert "audit-verify: exit 0" in r.stdout


def test_crash_script_kills_restarts_and_checks(tmp_path):
    r = _run(["scripts/crash_test.py", "--rounds", "1", "--writers", "2", "--workers", "1", "--min-burst", "1",
              "--max-burst", "1.5", "--cheap-hashing"], tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "integrity_check: ok" in r.stdout and "crash test passed" in r.stdout


def test_bench_script_measures_every_page(tmp_path):
    out = tmp_path / "bench.json"
    r = _run(["benchmarks/run.py", "--sizes", "10", "--runs", "2", "--pdf-runs", "1", "--out", str(out)], tmp_path)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    import json

    pages = json.loads(out.read_text())["sizes"][0]["pages"]
    measured = {p["page"] for p in pages if "median_ms" in p}
    assert {"health (baseline)", "case page", "readiness", "dossier PDF", "AVG inzage PDF"} <= measured
    assert all("error" not in p for p in pages)


def test_bench_script_measures_before_and_after_in_one_run(tmp_path):
    """``--baseline REF`` serves REF's code (a temporary git worktree, removed afterwards) on a
    copy of the same instance, and reports both sides of every page."""
    out = tmp_path / "bench.json"
    r = _run(["benchmarks/run.py", "--sizes", "10", "--runs", "2", "--pdf-runs", "1", "--baseline", "HEAD",
              "--out", str(out)], tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    import json

    size = json.loads(out.read_text())["sizes"][0]
    after = {p["page"] for p in size["pages"] if "median_ms" in p}
    before = {p["page"] for p in size["baseline_pages"] if "median_ms" in p}
    assert {"case page", "readiness", "dossier PDF"} <= after & before
    assert "before (baseline)" in r.stdout and "after (this tree)" in r.stdout
    worktrees = subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert str(tmp_path) not in worktrees  # this run's baseline checkout (in its TMPDIR) is gone


def test_a_failing_page_says_why_in_the_bench_results(tmp_path):
    """A page that answers 500 in the benchmark carries the server's last exception line, so a
    failure at 20.000 cases (seen once, not reproduced) can be read from the results."""
    from benchmarks.run import last_exception

    log = tmp_path / "gunicorn.log"
    assert last_exception(log) == ""
    log.write_text("[INFO] Booting worker\nTraceback (most recent call last):\n  File \"x.py\", line 1, in f\n"
                   "    raise ValueError\nsqlite3.OperationalError: database is locked\n[INFO] next\n")  # fmt: skip
    assert last_exception(log) == " (sqlite3.OperationalError: database is locked)"
