"""Crash test: kill -9 the server in the middle of a write burst, restart, check.

    .venv/bin/python scripts/crash_test.py [--rounds 3] [--writers 8] [--workers 3]
    make crash                      (same, with the defaults)

One instance (SQLite, real config and migrations, synthetic cases) lives through all
rounds. Each round:

1. start gunicorn (master + workers in their own process group);
2. --writers threads log in as synthetic coaches and write as fast as they can: contact
   moments and debts, each with a unique marker in a sealed field; a write counts as
   acknowledged when the server answered it with a redirect;
3. wait until the server has acknowledged writes (``--min-acknowledged``; a slow start under
   load no longer makes a round that checks nothing), then after a random further moment in
   the burst SIGKILL the whole process group (master and workers at once: no graceful
   shutdown, no checkpoint, no rollback);
4. open the database directly: ``PRAGMA integrity_check`` must say ``ok``; every write
   acknowledged in any round so far must be there (markers opened with the real keys);
   ``flask audit-verify`` must accept the audit chain;
5. the next round restarts the server on the same files.

This checks the process-crash case (SQLite WAL, synchronous=NORMAL). A power cut can lose
the last transactions under synchronous=NORMAL; that is not what this simulates.
Exit status 1 only when an acknowledged write was lost or the database is broken (integrity
check, audit chain). Server errors before the kill, and a round in which the server
acknowledged nothing within ``--ack-timeout``, are reported but are not what this test is
about (the load test is). Synthetic data only; the temp dir is deleted unless
--keep.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import Gunicorn  # noqa: E402
from benchmarks.synth import make_instance, populate  # noqa: E402
from benchmarks.webclient import Client  # noqa: E402
from scripts.load_test import Written, confirmed_creditor_ids, drop_scratch, verify_writes  # noqa: E402


def writer(name: str, password: str, case_ids: list[int], creditor_ids: list[int], port: int, stop: threading.Event,
           written: Written, lock: threading.Lock, counts: dict[str, int], seed: int, round_no: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    c = Client("127.0.0.1", port, timeout=10)
    try:
        c.login(name, password)
        r = c.get("/start")
        n = 0
        while not stop.is_set():
            n += 1
            case_id = rng.choice(case_ids)
            if n % 3:
                marker = f"crash r{round_no} {name} {n}"
                form = {"on": time.strftime("%d-%m-%Y"), "kind": "telefoon", "minutes": "15", "note": marker}
                r = c.post(f"/dossiers/{case_id}/contact", form)
                bucket = written.contacts
            else:
                marker = f"CRASH-R{round_no}-{name}-{n}"
                form = {"creditor_id": str(rng.choice(creditor_ids)), "hoofdsom": "123,45", "status": "herinnering_aanmaning",
                        "creditor_reference": marker}  # fmt: skip
                r = c.post(f"/dossiers/{case_id}/schulden/nieuw", form)
                bucket = written.debts
            with lock:
                if r.status == 302:
                    bucket.append((case_id, marker))
                    counts["acknowledged"] += 1
                elif r.status >= 500:
                    counts["5xx"] += 1
                else:
                    counts["other"] += 1
    except (OSError, RuntimeError, http.client.HTTPException):
        with lock:
            counts["cut"] += 1  # the server was killed under this request: expected
    finally:
        c.close()


def wait_for_acknowledged(counts: dict[str, int], lock: threading.Lock, want: int, timeout: float,
                          *, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> bool:  # fmt: skip
    """Block until the writers have ``want`` acknowledged writes this round (True), or
    ``timeout`` seconds passed (False). The kill comes only after this."""
    deadline = clock() + timeout
    while True:
        with lock:
            if counts["acknowledged"] >= want:
                return True
        if clock() >= deadline:
            return False
        sleep(0.05)


def round_failures(round_no: int, integrity_check: str, lost: list[str], audit_ok: bool) -> list[str]:
    """What fails a round: a lost acknowledged write or a broken database. Nothing else."""
    failures = []
    if integrity_check != "ok":
        failures.append(f"round {round_no}: integrity_check says {integrity_check}")
    failures += [f"round {round_no}: {p}" for p in lost]
    if not audit_ok:
        failures.append(f"round {round_no}: audit chain does not verify")
    return failures


def integrity(inst: Path) -> str:
    con = sqlite3.connect(inst / "schoonschip.sqlite")
    try:
        return ";".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--min-acknowledged", type=int, default=5, help="acknowledged writes before the kill, at least")
    ap.add_argument("--ack-timeout", type=float, default=120.0, help="seconds to wait for them")
    ap.add_argument("--min-burst", type=float, default=0.5, help="further seconds of writing before the kill, at least")
    ap.add_argument("--max-burst", type=float, default=3.0)
    ap.add_argument("--cheap-hashing", action="store_true", help="cheap Argon2 settings (smoke test only)")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="ss-crash-"))
    inst = tmp / "instance"
    failures: list[str] = []
    written = Written()
    server: Gunicorn | None = None
    try:
        make_instance(inst, cheap_hashing=args.cheap_hashing)
        info = populate(inst, cases=args.writers * 3, coaches=args.writers, quiet=True)
        creditor_ids = confirmed_creditor_ids(inst, 20)
        rng = random.Random(11)
        for round_no in range(1, args.rounds + 1):
            server = Gunicorn(inst, workers=args.workers).start()
            stop = threading.Event()
            lock = threading.Lock()
            counts = {"acknowledged": 0, "5xx": 0, "other": 0, "cut": 0}
            threads = [
                threading.Thread(target=writer, args=(name, info.password, info.case_ids_by_coach[name], creditor_ids, server.port,
                                                      stop, written, lock, counts, 100 * round_no + i, round_no), daemon=True)  # fmt: skip
                for i, name in enumerate(info.coaches)
            ]
            for t in threads:
                t.start()
            started = time.monotonic()
            acked = wait_for_acknowledged(counts, lock, args.min_acknowledged, args.ack_timeout)
            time.sleep(rng.uniform(args.min_burst, args.max_burst))
            burst = time.monotonic() - started
            pids = server.pids()
            server.kill9()
            server = None
            stop.set()
            for t in threads:
                t.join(timeout=30)
            wal = inst / "schoonschip.sqlite-wal"
            wal_kb = wal.stat().st_size // 1024 if wal.exists() else 0  # left behind by the kill, before recovery
            check = integrity(inst)
            print(f"round {round_no}: killed {len(pids)} processes (master + {len(pids) - 1} workers) after {burst:.1f} s; "
                  f"{counts['acknowledged']} writes acknowledged this round, {counts['5xx']} 5xx, {counts['other']} other, {counts['cut']} cut off by the kill; "
                  f"WAL left {wal_kb} kB; integrity_check: {check}")  # fmt: skip
            if counts["5xx"]:
                print(f"  note: {counts['5xx']} server errors before the kill (not a crash-safety failure; see make load)")
            if not acked:
                print(f"  note: only {counts['acknowledged']} writes acknowledged within {args.ack_timeout:.0f} s; "
                      "this round checked little")  # fmt: skip
            problems = verify_writes(inst, written)
            env = dict(os.environ, SCHOONSCHIP_INSTANCE_PATH=str(inst))
            env.pop("DATABASE_URL", None)
            av = subprocess.run([sys.executable, "-m", "flask", "--app", "schoonschip", "audit-verify"], cwd=ROOT, env=env,
                                capture_output=True, text=True, check=False)  # fmt: skip
            print(f"  audit-verify: exit {av.returncode}: {(av.stdout + av.stderr).strip().splitlines()[-1:]}")
            failures += round_failures(round_no, check, problems, av.returncode == 0)
        if failures:
            print("\nCRASH TEST FAILED:")
            for f in failures:
                print(f"  - {f}")
            return 1
        total = len(written.contacts) + len(written.debts)
        print(f"\ncrash test passed: {args.rounds} rounds of kill -9, integrity ok, all {total} acknowledged writes survived, "
              "audit chain verifies")  # fmt: skip
        return 0
    finally:
        if server is not None:
            server.kill9()
        drop_scratch(tmp, inst, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
