"""Measure name search by decrypting within the visible cases (schoonschip/cases/casefile/search.py).

Builds a throw-away instance with N synthetic cases (default 2.000) at ONE location, all
with an alias and a resident's full name, then times:

  service   search_cases() in a fresh session (cold: every data key unwrapped, every
            alias and full name opened), median of several runs;
  http      the whole request: POST /dossiers/ with a search term, as a coach who holds
            all N cases (login, CSRF, access clause, rendering included);
  list      GET /dossiers/ (one page of 50) for comparison.

Run:  PYTHONPATH=. .venv/bin/python benchmarks/search_bench.py [--cases 2000] [--runs 7]

Numbers on the development machine (Python 3.11, SQLite, 2.000 cases, one location, a
2-core machine shared with other test runs), over several runs:
  service search 85–190 ms median; http search 95–185 ms; list page 7–11 ms;
  fetching and unwrapping 2.000 data keys in batches ~10 ms (one query per key: ~350 ms).
Synthetic names only ("Demo Benchmark 0001 Testpersoon").
"""

from __future__ import annotations

import argparse
import re
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from benchmarks.synth import throwaway_app
    from schoonschip import clock
    from schoonschip.auth.core import hash_password
    from schoonschip.auth.models import Location, Role, RoleAssignment, User
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.resident import Resident
    from schoonschip.cases.casefile.search import search_cases
    from schoonschip.cases.casefile.service import open_case
    from schoonschip.db import Base, engine, new_session, write_transaction
    from schoonschip.models import import_all

    app = throwaway_app("ss-bench-")
    password = "bench password not secret"  # noqa: S105 - synthetic
    with app.app_context():
        import_all()
        Base.metadata.create_all(engine())
        t0 = time.perf_counter()
        with write_transaction() as db:
            loc = Location(code="bench", name="Benchmarklocatie")
            db.add(loc)
            db.flush()
            coach = User(username="coach.bench", display_name="Demo Coach Bench", password_hash=hash_password(password))
            coach.roles.append(RoleAssignment(role=Role.COACH.value, location_id=loc.id))
            db.add(coach)
            db.flush()
            for i in range(args.cases):
                case = open_case(db, alias=f"Demo{i:04d}", location_id=loc.id, coach_id=coach.id, by_user_id=coach.id, today=clock.today())
                resident = Resident(case_id=case.id)
                resident.full_name = f"Demo Benchmark {i:04d} Testpersoon"
                db.add(resident)
                if i % 200 == 199:
                    db.flush()
            loc_id = loc.id
        seeded = time.perf_counter() - t0

        def service_once(term: str) -> tuple[float, int]:
            db = new_session()
            try:
                t = time.perf_counter()
                result = search_cases(db, Case.location_id == loc_id, term)
                return time.perf_counter() - t, len(result.cases)
            finally:
                db.close()

        service_times = []
        hits = 0
        for run in range(args.runs):
            elapsed, hits = service_once(f"benchmark {(args.cases // 2 + run) % args.cases:04d}")
            service_times.append(elapsed)
        _, none_hits = service_once("niemand")

        # Where the time goes: unwrap all data keys vs open all names.
        from sqlalchemy import select

        from schoonschip.sealing import keys_of

        db = new_session()
        cases = list(db.scalars(select(Case).where(Case.location_id == loc_id)))
        from schoonschip.cases.casefile.search import preload_keys

        t = time.perf_counter()
        preload_keys(db, [c.id for c in cases])  # one query per 500 keys, then unwrap each
        unwrap = time.perf_counter() - t
        assert all(keys_of(db).key(f"case:{c.id}") for c in cases)
        t = time.perf_counter()
        for c in cases:
            _ = c.alias
        open_alias = time.perf_counter() - t
        t = time.perf_counter()
        list(db.scalars(select(Case).where(Case.location_id == loc_id)).all())
        list(db.scalars(select(Resident).where(Resident.case_id.in_([c.id for c in cases[:500]]))).all())
        load_rows = time.perf_counter() - t
        db.close()

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": "coach.bench", "password": password, "csrf_token": token})
    page = client.get("/dossiers/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    http_times, list_times = [], []
    for run in range(args.runs):
        t = time.perf_counter()
        resp = client.post("/dossiers/", data={"zoek": f"benchmark {(args.cases * 3 // 4 + run) % args.cases:04d}", "fase": "", "csrf_token": token})
        http_times.append(time.perf_counter() - t)
        assert resp.status_code == 200 and "1 gevonden" in resp.get_data(as_text=True), resp.status_code
        t = time.perf_counter()
        resp = client.get("/dossiers/")
        list_times.append(time.perf_counter() - t)
        assert resp.status_code == 200

    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms (min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f})"  # noqa: E731
    print(f"cases at one location: {args.cases} (seeded in {seeded:.1f} s)")
    print(f"service search_cases, cold session:  {ms(service_times)}; hits per term: {hits}; no-match term hits: {none_hits}")
    print(
        f"  parts: fetch+unwrap {args.cases} data keys {unwrap * 1000:.0f} ms, open {args.cases} aliases {open_alias * 1000:.0f} ms, "
        f"load the rows (cases + 500 residents, warm) {load_rows * 1000:.0f} ms"
    )
    print(f"http POST /dossiers/ search:          {ms(http_times)}")
    print(f"http GET  /dossiers/ (page of 50):    {ms(list_times)}")


if __name__ == "__main__":
    main()
