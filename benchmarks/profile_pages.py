"""Where a page's time goes: the case pages in-process (Flask test client), per request.

    .venv/bin/python benchmarks/profile_pages.py --cases 1000            # new instance in /tmp
    .venv/bin/python benchmarks/profile_pages.py --instance DIR           # again on that instance
    .venv/bin/python benchmarks/profile_pages.py --instance DIR --page readiness --profile
    .venv/bin/python benchmarks/profile_pages.py --instance DIR --page "start coach" --sql

Per page: the CPU time per request (``time.process_time``: median and minimum), how much of
it is template rendering, the statements per request, and the Python function calls per
request (cProfile's count; unlike time it does not grow with other load on the machine, so
it compares two versions of the code even on a busy machine). ``--profile`` prints a
pyinstrument profile (a dev tool: ``.venv/bin/pip install pyinstrument``); ``--sql`` replays
each statement of one request in sqlite3 with its time and ``EXPLAIN QUERY PLAN``, slowest first.

Run it with ``PYTHONPATH=<tree>`` to profile that tree's code on the same instance (the
instance folder keeps the measured coach and case in ``profile.json``). docs/performance.md
says what was found this way; ``benchmarks/run.py`` (``make bench``) is the measurement
through gunicorn, before and after.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import COORDINATOR_TOTP, COORDINATOR_USER, app_for, make_instance, populate  # noqa: E402

PAGES = [
    ("health", "/health", "coach"),
    ("case list", "/dossiers/", "coach"),
    ("start coach", "/start", "coach"),
    ("start coordinator", "/start", "coordinator"),
    ("case page", "/dossiers/{case}", "coach"),
    ("debts", "/dossiers/{case}/schulden", "coach"),
    ("budget", "/dossiers/{case}/budget", "coach"),
    ("capacity", "/dossiers/{case}/aflossen", "coach"),
    ("readiness", "/dossiers/{case}/klaar", "coach"),
    ("huur", "/dossiers/{case}/huur", "coach"),
    ("dossier PDF", "/dossiers/{case}/overdracht/dossier.pdf", "coach"),
    ("inzage PDF", "/dossiers/{case}/inzage.pdf", "coordinator"),
]


def _token(body: bytes) -> str:
    found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1).decode()


def login(app: Any, username: str, password: str) -> Any:
    client = app.test_client()
    reply = client.post("/login", data={"csrf_token": _token(client.get("/login").data), "username": username,
                                        "password": password})  # fmt: skip
    if reply.status_code != 302:
        raise RuntimeError(f"login failed with HTTP {reply.status_code}")
    if "/login/code" in (reply.location or ""):
        import pyotp

        body = client.get("/login/code").data
        reply = client.post("/login/code", data={"csrf_token": _token(body), "code": pyotp.TOTP(COORDINATOR_TOTP).now()})
        if reply.status_code != 302:
            raise RuntimeError(f"second factor failed with HTTP {reply.status_code}")
    return client


class SqlLog:
    """The statements of the requests made while it is open (SQLAlchemy cursor events)."""

    def __enter__(self) -> SqlLog:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        self.statements: list[tuple[str, Any]] = []
        self._event, self._engine = event, Engine
        event.listen(Engine, "before_cursor_execute", self._log)
        return self

    def _log(self, _conn: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        self.statements.append((statement, params))

    def __exit__(self, *_exc: object) -> None:
        self._event.remove(self._engine, "before_cursor_execute", self._log)


def replay(database: Path, statements: list[tuple[str, Any]], top: int = 8) -> None:
    raw = sqlite3.connect(str(database))
    timed = []
    for statement, params in statements:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        t0 = time.perf_counter()
        for _ in range(3):
            raw.execute(statement, params).fetchall()
        plan = " | ".join(str(r[3]) for r in raw.execute("EXPLAIN QUERY PLAN " + statement, params))
        timed.append(((time.perf_counter() - t0) / 3 * 1000, statement, plan))
    print(f"  {len(timed)} selects, {sum(t[0] for t in timed):.2f} ms in sqlite3; slowest:")
    for ms, statement, plan in sorted(timed, reverse=True)[:top]:
        print(f"  {ms:7.2f} ms  {' '.join(statement.split())[:150]}\n             plan: {plan[:240]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instance", type=Path, help="an instance made by an earlier run (kept)")
    ap.add_argument("--cases", type=int, default=1000, help="size of a new instance")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--page", action="append", help="only these pages (by name; repeatable)")
    ap.add_argument("--profile", action="store_true", help="pyinstrument profile of the page(s)")
    ap.add_argument("--sql", action="store_true", help="replay one request's statements with their plans")
    args = ap.parse_args(argv)

    inst = args.instance
    if inst is None:
        inst = Path(tempfile.mkdtemp(prefix="ss-profile-")) / "instance"
        make_instance(inst, coordinator_without_totp=True)
        info = populate(inst, cases=args.cases, coaches=max(3, args.cases // 40))
        coach = info.coaches[0]
        (inst / "profile.json").write_text(json.dumps({"coach": coach, "password": info.password,
                                                       "case": info.case_ids_by_coach[coach][0]}))  # fmt: skip
        print(f"instance: {inst} (again with --instance {inst})")
    meta = json.loads((inst / "profile.json").read_text())
    app = app_for(inst)

    import flask.templating

    render_cpu = [0.0]
    depth = [0]
    original = flask.templating._render

    def timed_render(*a: Any, **k: Any) -> str:
        depth[0] += 1
        t0 = time.process_time()
        try:
            return original(*a, **k)
        finally:
            depth[0] -= 1
            if depth[0] == 0:  # a template rendered inside another one counts once
                render_cpu[0] += time.process_time() - t0

    flask.templating._render = timed_render  # type: ignore[assignment]
    clients: dict[str, Any] = {}
    pages = [p for p in PAGES if not args.page or p[0] in args.page]
    print(f"{'page':<18} {'cpu median':>10} {'cpu min':>8} {'template':>9} {'stmts':>6} {'calls':>8}   (ms per request)")
    for name, path, who in pages:
        if who not in clients:
            clients[who] = login(app, meta["coach"] if who == "coach" else COORDINATOR_USER, meta["password"])
        client = clients[who]
        url = path.format(case=meta["case"])
        runs = 3 if "PDF" in name else args.runs
        for _ in range(2):
            reply = client.get(url)
        if reply.status_code != 200:
            print(f"{name:<18} HTTP {reply.status_code}")
            continue
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(runs):
                client.get(url)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False))
            continue
        with SqlLog() as log:
            client.get(url)
        if args.sql:
            print(f"{name}:")
            replay(inst / "schoonschip.sqlite", log.statements)
        cpu = []
        render_cpu[0] = 0.0
        for _ in range(runs):
            t0 = time.process_time()
            client.get(url)
            cpu.append((time.process_time() - t0) * 1000)
        counter = cProfile.Profile()
        counter.enable()
        client.get(url)
        counter.disable()
        calls = pstats.Stats(counter).total_calls  # type: ignore[attr-defined]
        print(f"{name:<18} {statistics.median(cpu):>10.2f} {min(cpu):>8.2f} {render_cpu[0] / runs * 1000:>9.2f} "
              f"{len(log.statements):>6} {calls:>8}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
