"""Load test: 20 synthetic coaches against the app under gunicorn on SQLite, then checks.

    .venv/bin/python scripts/load_test.py [--seconds 60] [--coaches 20] [--workers 4]
    make load                       (same, with the defaults)

1. A fresh instance in a temp dir (real config, master key, migrations, real Argon2
   settings) with synthetic cases: --cases-per-coach per coach, each with debts, a
   budget, contact moments (benchmarks/synth.py).
2. gunicorn with --workers workers on a free loopback port.
3. --coaches threads, each a coach that logs in and, for --seconds, does a mix of reads
   (case list, case page, debts, budget, contacts) and writes (a contact moment, a debt,
   a budget item; now and then logging out and in again). Each write carries a unique
   marker in a sealed field.
4. Stop the server, then check: no 5xx and no connection errors; every acknowledged
   write (answered with a redirect) is in the database, found by opening the sealed
   markers; `flask audit-verify` accepts the audit chain. Prints throughput and p50/p95
   latency per kind of request. Exit status 1 when any check fails.

Synthetic data only; the instance is deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import Gunicorn  # noqa: E402
from benchmarks.synth import make_instance, populate  # noqa: E402
from benchmarks.webclient import Client  # noqa: E402

_VERSION = re.compile(r'action="/dossiers/(\d+)/budget/(\d+)/uitgave"')


@dataclass
class Written:
    contacts: list[tuple[int, str]] = field(default_factory=list)  # (case_id, note marker)
    debts: list[tuple[int, str]] = field(default_factory=list)  # (case_id, reference marker)
    items: list[tuple[int, str]] = field(default_factory=list)  # (case_id, label marker)


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    server_errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    conn_errors: list[str] = field(default_factory=list)
    written: Written = field(default_factory=Written)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{kind}: HTTP {status}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def coach_loop(name: str, password: str, case_ids: list[int], creditor_ids: list[int], host: str, port: int,
               deadline: float, stats: Stats, seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    c = Client(host, port)
    n = 0
    versions: dict[int, int] = {}

    def call(kind: str, method: str, path: str, form: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        try:
            r = c.request(method, path, form) if method == "GET" else c.post(path, form or {})
        except OSError as e:
            with stats.lock:
                stats.conn_errors.append(f"{kind}: {type(e).__name__}")
            return None
        stats.add(kind, r.status, r.seconds)
        return r

    def login() -> bool:
        call("login_form", "GET", "/login")
        r = call("login", "POST", "/login", {"username": name, "password": password})
        if r is None or r.status != 302:
            return False
        call("start", "GET", r.location or "/start")  # like a browser: the page after login (fresh CSRF token)
        return True

    if not login():
        with stats.lock:
            stats.refused.append(f"{name}: first login failed")
        return
    while time.monotonic() < deadline:
        n += 1
        case_id = rng.choice(case_ids)
        # each coach starts with one write of every kind (contact, debt, budget item), so
        # even a short or slow run checks all three after the crash-free restart; then mixed
        roll = (0.70, 0.80, 0.90)[n - 1] if n <= 3 else rng.random()
        if roll < 0.15:
            call("case_list", "GET", "/dossiers/")
        elif roll < 0.35:
            call("case_page", "GET", f"/dossiers/{case_id}")
        elif roll < 0.47:
            call("debts", "GET", f"/dossiers/{case_id}/schulden")
        elif roll < 0.59:
            r = call("budget", "GET", f"/dossiers/{case_id}/budget")
            if r is not None and r.status == 200:
                m = _VERSION.search(r.body.decode("utf-8", "replace"))
                if m:
                    versions[case_id] = int(m.group(2))
        elif roll < 0.67:
            call("contacts", "GET", f"/dossiers/{case_id}/contact")
        elif roll < 0.79:
            marker = f"load {name} contact {n}"
            today = time.strftime("%d-%m-%Y")
            form = {"on": today, "kind": "telefoon", "minutes": str(rng.randint(5, 60)), "note": marker}
            r = call("add_contact", "POST", f"/dossiers/{case_id}/contact", form)
            if r is not None and r.status == 302:
                with stats.lock:
                    stats.written.contacts.append((case_id, marker))
            elif r is not None and r.status < 500:
                stats.refused.append(f"add_contact: HTTP {r.status}")
        elif roll < 0.89:
            marker = f"LOAD-{name}-{n}"
            form = {"creditor_id": str(rng.choice(creditor_ids)), "hoofdsom": f"{rng.randint(10, 3000)},{rng.randint(0, 99):02d}",
                    "status": "herinnering_aanmaning", "creditor_reference": marker}  # fmt: skip
            r = call("add_debt", "POST", f"/dossiers/{case_id}/schulden/nieuw", form)
            if r is not None and r.status == 302:
                with stats.lock:
                    stats.written.debts.append((case_id, marker))
            elif r is not None and r.status < 500:
                stats.refused.append(f"add_debt: HTTP {r.status}")
        elif roll < 0.98:
            vid = versions.get(case_id)
            if vid is None:
                r = call("budget", "GET", f"/dossiers/{case_id}/budget")
                m = _VERSION.search(r.body.decode("utf-8", "replace")) if r is not None and r.status == 200 else None
                if not m:
                    continue
                vid = versions[case_id] = int(m.group(2))
            marker = f"load {name} item {n}"
            form = {"ex_kind": "verzekeringen", "ex_person": "bewoner", "ex_frequency": "maand",
                    "ex_amount": f"{rng.randint(1, 80)},{rng.randint(0, 99):02d}", "ex_label": marker}  # fmt: skip
            r = call("add_item", "POST", f"/dossiers/{case_id}/budget/{vid}/uitgave", form)
            if r is not None and r.status == 302:
                with stats.lock:
                    stats.written.items.append((case_id, marker))
            elif r is not None and r.status == 409:
                versions.pop(case_id, None)  # someone else changed the budget: reload, like a person would
            elif r is not None and r.status < 500:
                stats.refused.append(f"add_item: HTTP {r.status}")
        else:
            call("logout", "POST", "/logout", {})
            c.cookies.clear()
            c.token = None
            if not login():
                with stats.lock:
                    stats.refused.append(f"{name}: login again failed")
                return
    c.close()


def verify_writes(inst: Path, written: Written) -> list[str]:
    """Open every acknowledged write's sealed marker in the database."""
    os.environ["SCHOONSCHIP_INSTANCE_PATH"] = str(inst)
    from sqlalchemy import select

    from schoonschip import create_app
    from schoonschip.budget.models import BudgetEntry
    from schoonschip.cases.casefile.records import ContactMoment
    from schoonschip.cases.debts.models import Debt
    from schoonschip.db import engine, new_session

    app = create_app()
    problems: list[str] = []
    with app.app_context():
        db = new_session()
        try:
            for model, attr, wanted in (
                (ContactMoment, "note", written.contacts),
                (Debt, "creditor_reference", written.debts),
                (BudgetEntry, "label", written.items),
            ):
                by_case: dict[int, set[str]] = defaultdict(set)
                for case_id, marker in wanted:
                    by_case[case_id].add(marker)
                found = 0
                for case_id, markers in by_case.items():
                    rows = db.scalars(select(model).where(model.case_id == case_id)).all()
                    present = {getattr(r, attr) for r in rows}
                    missing = markers - present
                    found += len(markers) - len(missing)
                    if missing:
                        problems.append(f"{model.__tablename__}: {len(missing)} acknowledged write(s) missing in one case")
                if wanted:
                    print(f"  {model.__tablename__}: {found}/{len(wanted)} acknowledged writes found")
        finally:
            db.close()
            engine().dispose()
    return problems


def confirmed_creditor_ids(inst: Path, limit: int) -> list[int]:
    """Ids of confirmed creditors in the instance's register, for the synthetic writers."""
    from sqlalchemy import select

    from benchmarks.synth import app_for
    from schoonschip.cases.debts.models import Creditor
    from schoonschip.db import engine, new_session

    with app_for(inst).app_context():
        db = new_session()
        ids = list(db.scalars(select(Creditor.id).where(Creditor.status == "confirmed").limit(limit)))
        db.close()
        engine().dispose()
    return ids


def drop_scratch(tmp: Path, inst: Path, keep: bool) -> None:
    """Remove the temp instance, or say where it was kept (``--keep``)."""
    if keep:
        print(f"instance kept in {inst}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--coaches", type=int, default=20)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--cases-per-coach", type=int, default=10)
    ap.add_argument("--cheap-hashing", action="store_true", help="cheap Argon2 settings (smoke test only)")
    ap.add_argument("--keep", action="store_true", help="keep the temp instance")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="ss-load-"))
    inst = tmp / "instance"
    server: Gunicorn | None = None
    try:
        t0 = time.perf_counter()
        make_instance(inst, cheap_hashing=args.cheap_hashing)
        info = populate(inst, cases=args.coaches * args.cases_per_coach, coaches=args.coaches, quiet=True)
        creditor_ids = confirmed_creditor_ids(inst, 30)
        print(f"instance ready: {info.cases} cases for {args.coaches} coaches in {time.perf_counter() - t0:.1f} s")

        server = Gunicorn(inst, workers=args.workers).start()
        print(f"gunicorn: {args.workers} workers on 127.0.0.1:{server.port}; {args.coaches} coaches for {args.seconds:.0f} s")
        stats = Stats()
        start = time.monotonic()
        deadline = start + args.seconds
        threads = [
            threading.Thread(target=coach_loop, args=(name, info.password, info.case_ids_by_coach[name], creditor_ids,
                                                      "127.0.0.1", server.port, deadline, stats, i), daemon=True)  # fmt: skip
            for i, name in enumerate(info.coaches)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 180)
        elapsed = time.monotonic() - start
        rss = server.worker_rss_kb()
        server.stop()
        server = None

        all_lat = [x for v in stats.latencies.values() for x in v]
        total = len(all_lat)
        print(f"\n{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} req/s; "
              f"p50 {pct(all_lat, 50) * 1000:.0f} ms, p95 {pct(all_lat, 95) * 1000:.0f} ms")  # fmt: skip
        print(f"{'kind':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for kind in sorted(stats.latencies):
            v = stats.latencies[kind]
            print(f"{kind:<12} {len(v):>6} {pct(v, 50) * 1000:>8.0f} {pct(v, 95) * 1000:>8.0f} {max(v) * 1000:>8.0f}")
        print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.statuses.items())))
        if rss:
            print(f"worker peak RSS: max {max(rss.values()) / 1024:.0f} MB")
        w = stats.written
        print(f"acknowledged writes: {len(w.contacts)} contacts, {len(w.debts)} debts, {len(w.items)} budget items")

        failures: list[str] = []
        if stats.server_errors:
            failures.append(f"{len(stats.server_errors)} server errors (5xx), e.g. {stats.server_errors[:3]}")
        if stats.conn_errors:
            failures.append(f"{len(stats.conn_errors)} connection errors, e.g. {stats.conn_errors[:3]}")
        if stats.refused:
            failures.append(f"{len(stats.refused)} refused requests, e.g. {stats.refused[:3]}")
        if total == 0 or not (w.contacts and w.debts and w.items):
            failures.append("no traffic or no acknowledged writes of some kind")
        print("checking acknowledged writes:")
        failures += verify_writes(inst, w)
        env = dict(os.environ, SCHOONSCHIP_INSTANCE_PATH=str(inst))
        env.pop("DATABASE_URL", None)
        av = subprocess.run([sys.executable, "-m", "flask", "--app", "schoonschip", "audit-verify"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)  # fmt: skip
        print(f"audit-verify: exit {av.returncode}: {(av.stdout + av.stderr).strip().splitlines()[-1:]}")
        if av.returncode != 0:
            failures.append("audit chain does not verify")
        if failures:
            print("\nLOAD TEST FAILED:")
            for f in failures:
                print(f"  - {f}")
            log = inst / "gunicorn.log"
            if log.exists():
                print("gunicorn log (last lines):")
                print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
            return 1
        print("\nload test passed: no 5xx, every acknowledged write stored, audit chain verifies")
        return 0
    finally:
        if server is not None:
            server.stop()
        drop_scratch(tmp, inst, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
