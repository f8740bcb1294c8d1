"""Measure the funder report over many synthetic cases (schoonschip/reports/).

Builds a throw-away instance with N synthetic cases (default 5.000) spread over three
locations, each with a resident (sealed name and birth date; every 10th resident has a
second case), 0–8 debts with sealed amounts, stage history, contact moments, some
rent-arrears mediations, handovers and quick-tally counts. The report contributions are
written with the cases (in the same transactions). Then times:

  family cold  the year's protected family from the contribution rows (cache cleared);
  report       the year report over all locations (gemeente profile, with targets), as the
               page asks for it: cached family, the view;
  csv / xlsx   the above + the export;
  http         GET /rapportage/?soort=jaar as the rapportage user (login with second
               factor, audit, rendering).

Each is the median of several runs. Synthetic names only. Not asserted in a test (the
machine is shared).

Run:  .venv/bin/python benchmarks/reports_bench.py [--cases 5000] [--runs 5]

Before issue 13 (every request opened every case): 20.000 cases, report ~2,0 s CPU,
+ CSV ~2,2 s. After (2 cores shared, load average 9 during the run, 3 runs):
  20.000 cases: family cold 2,7 s wall / 0,45 s CPU; report 124 ms (21 ms CPU);
                CSV 121 ms (24 ms CPU); XLSX 271 ms; whole page (HTTP) 259 ms.
  5.000 cases:  family cold 404 ms / 91 ms CPU; report 35 ms; CSV 57 ms; page 168 ms.
A closed period is read from its stored tables: flat in the number of cases.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import pyotp

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # synthetic, for the benchmark user only


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from benchmarks.synth import throwaway_app
    from schoonschip.auth.core import hash_password
    from schoonschip.auth.models import Location, Role, RoleAssignment, User
    from schoonschip.cases.casefile.models import Case, StageChange
    from schoonschip.cases.casefile.records import ContactMoment
    from schoonschip.cases.casefile.resident import Resident
    from schoonschip.cases.debts.models import Debt
    from schoonschip.cases.handover.models import Handover, ReceivingOrg
    from schoonschip.cases.mediation.models import Mediation
    from schoonschip.db import Base, engine, new_session, write_transaction
    from schoonschip.models import import_all
    from schoonschip.money import Money
    from schoonschip.reports import publish
    from schoonschip.reports.exports import report_csv, report_xlsx
    from schoonschip.reports.rules.indicators import Period
    from schoonschip.reports.service import ReportTarget, targets_for
    from schoonschip.reports.tally import TallyCount

    app = throwaway_app("ss-reports-bench-")
    password = "bench password not secret"  # noqa: S105 - synthetic
    rng = random.Random(20261203)
    year = 2026
    start = date(year - 1, 1, 1)
    categories = ["belastingdienst", "toeslagen", "cjib", "zorgverzekeraar", "energieleverancier", "telecom",
                  "woningcorporatie_verhuurder", "incassobureau", "bank_krediet", "gemeente"]  # fmt: skip
    stages = ["a_verhaal", "b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen"]
    with app.app_context():
        import_all()
        Base.metadata.create_all(engine())
        t0 = time.perf_counter()
        with write_transaction() as db:
            locs = [Location(code=f"bench{i}", name=f"Benchmarklocatie {i}") for i in range(1, 4)]
            db.add_all(locs)
            db.flush()
            user = User(username="rapportage.bench", display_name="Demo Rapportage Bench", password_hash=hash_password(password))
            user.roles.append(RoleAssignment(role=Role.RAPPORTAGE.value, location_id=None))
            db.add(user)
            db.flush()
            user.totp_secret = TOTP_SECRET  # rapportage needs a second factor (issue 13)
            user.totp_enrolled_at = datetime.now(UTC).replace(tzinfo=None)
            org = ReceivingOrg(code="bench", name="Demo Schuldhulp Bench", is_default=True)
            db.add(org)
            db.flush()
            for loc in locs:
                for code, value in (("unique_residents", args.cases // 3), ("new_cases", args.cases // 6), ("step_a", 400)):
                    db.add(ReportTarget(location_id=loc.id, year=year, indicator_code=code, value=value))
            for i in range(args.cases):
                loc = locs[i % 3]
                opened = start + timedelta(days=rng.randint(0, 600))
                case = Case(reference=f"BM-{i:07d}", location_id=loc.id, coach_id=None, stage="aanmelding", opened_on=opened)
                case.alias = f"Demo{i:05d}"
                case.stage_history.append(StageChange(from_stage=None, to_stage="aanmelding", on=opened))
                day = opened
                for st in stages[: rng.randint(0, 5)]:
                    day = day + timedelta(days=rng.randint(5, 40))
                    case.stage_history.append(StageChange(from_stage=case.stage, to_stage=st, on=day))
                    case.stage = st
                if rng.random() < 0.15:
                    case.closed_on = day + timedelta(days=rng.randint(1, 60))
                    case.close_reason = rng.choice(["doel_bereikt", "geen_contact", "verhuisd"])
                    case.stage = "afgesloten"
                db.add(case)
                db.flush()
                person = i - (i % 10 == 9) * 3  # every 10th resident also had an earlier case
                resident = Resident(case_id=case.id, landlord=rng.choice(["eigen_haard", "ymere", "rochdale", None]),
                                    referral_source=rng.choice(["zelf", "buren", "wpi_klantmanager", "buurtteam", None]))  # fmt: skip
                resident.full_name = f"Demo Benchmark {person:05d} Testpersoon"
                resident.birth_date = date(1950 + person % 50, 1 + person % 12, 1 + person % 28)
                db.add(resident)
                for _n in range(rng.randint(0, 8)):
                    debt = Debt(case_id=case.id, category=rng.choice(categories), status="incassobureau")
                    debt.hoofdsom = Money(rng.randint(5_000, 900_000))
                    debt.incassokosten = Money(rng.randint(0, 40_000))
                    debt.rente = Money(rng.randint(0, 20_000))
                    db.add(debt)
                for _n in range(rng.randint(0, 6)):
                    moment = ContactMoment(case_id=case.id, on=opened + timedelta(days=rng.randint(0, 200)), kind="spreekuur",
                                           minutes=rng.choice([15, 30, 45, 60, 90]))  # fmt: skip
                    db.add(moment)
                if case.stage == "overgedragen":
                    db.add(Handover(case_id=case.id, receiving_org_id=org.id, state="overgedragen", ready_on=day,
                                    route=rng.choice(["minnelijk", "wsnp"]), sent_on=day))  # fmt: skip
                if rng.random() < 0.1:
                    db.add(Mediation(case_id=case.id, landlord=rng.choice(["eigen_haard", "ymere"]), started_on=opened,
                                     stage="signaal", stage_on=opened))  # fmt: skip
                if i % 250 == 249:
                    db.flush()
                    db.expunge_all()
                    locs = [db.merge(loc) for loc in locs]
                    org = db.merge(org)
            for d in range(0, 365, 3):
                for loc in locs:
                    db.add(TallyCount(location_id=loc.id, on=date(year, 1, 1) + timedelta(days=d), topic="brief", count=rng.randint(0, 6)))
        seeded = time.perf_counter() - t0
        print(f"seeded {args.cases} cases in {seeded:.1f} s")

        period = Period.year(year)
        k = 5
        db = new_session()
        t = time.perf_counter()
        publish.ensure_contributions(db)  # nothing to do: the rows were written with the cases
        db.commit()
        print(f"backfill check {time.perf_counter() - t:.2f} s")
        db.close()

        cpu: dict[str, list[float]] = {}

        def run(what: str) -> float:
            db = new_session()
            try:
                if what.endswith("cold"):
                    publish._CACHE.clear()  # the family is recomputed from the rows
                c = time.process_time()
                t = time.perf_counter()
                if what.startswith("family"):
                    publish.family_for(db, year, k)
                else:
                    names = {loc.id: loc.name for loc in db.query(Location)}
                    rep = publish.report_view(db, period=period, location_id=None, profile="gemeente", k=k,
                                              targets=targets_for(db, year, names))  # fmt: skip
                    if what == "csv":
                        report_csv(rep, date(year, 12, 31))
                    if what == "xlsx":
                        report_xlsx(rep, date(year, 12, 31))
                cpu.setdefault(what, []).append(time.process_time() - c)
                return time.perf_counter() - t
            finally:
                db.close()

        results = {}
        for what in ("family cold", "report", "csv", "xlsx"):
            results[what] = statistics.median(run(what) for _ in range(args.runs))

    client = app.test_client()
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": "rapportage.bench", "password": password, "csrf_token": token})
    page = client.get("/login/code").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now(), "csrf_token": token})
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        resp = client.get(f"/rapportage/?soort=jaar&jaar={year}&profiel=gemeente")
        times.append(time.perf_counter() - t)
        assert resp.status_code == 200, resp.status_code
    results["http"] = statistics.median(times)
    for what, secs in results.items():
        own = f"  cpu {statistics.median(cpu[what]) * 1000:6.0f} ms" if what in cpu else ""
        print(f"{what:11s} median {secs * 1000:7.0f} ms{own}  ({args.cases} cases, {args.runs} runs)")
    print("wall-clock medians; cpu = this process's CPU time (the machine is shared, see `uptime`)")


if __name__ == "__main__":
    main()
