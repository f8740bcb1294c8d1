"""Synthetic case files in bulk, for the benchmarks and the load and crash scripts.

Every name and number here is invented ("Demo Synth 00042"). Rows are built as ORM
objects and flushed in batches, so the real sealing runs (every case gets its own data
key; every sensitive value is sealed with it) but without one request per row.

Per case, by default: the resident's details, consent for every purpose, 8 debts at
creditors from the register, a budget version with 12 items, 6 contact moments; every
fifth case has a rent-arrears mediation.

    from benchmarks.synth import make_instance, populate
    inst = make_instance(Path("/tmp/x"))          # config, master key, migrated database
    info = populate(inst, cases=1000, coaches=25)  # -> SynthInfo (coach usernames, password)
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "synthetisch wachtwoord voor metingen"  # noqa: S105 - synthetic, throw-away instances only

DEBTS_PER_CASE = 8
CONTACTS_PER_CASE = 6
ITEMS_PER_CASE = 12
MEDIATION_EVERY = 5
REPORTS_USER = "rapportage.synth"
COORDINATOR_USER = "coordinator.synth"  # coordinator at the first coach's location (the inzage)
REPORTS_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # synthetic: rapportage needs a second factor
COORDINATOR_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # synthetic second-factor secret, throw-away instances only
# The worklist's inputs: every fifth case's mediation has a payment arrangement (every second
# of those with a missed instalment), every 50th case a crisis, every third case an open task,
# every 100th case a handover waiting for the coordinator.
TASK_EVERY = 3
CRISIS_EVERY = 50
HANDOVER_EVERY = 100


@dataclass
class SynthInfo:
    instance: Path
    cases: int
    coaches: list[str]
    password: str = PASSWORD
    case_ids_by_coach: dict[str, list[int]] = field(default_factory=dict)
    seconds: float = 0.0


def make_instance(inst: Path, *, cheap_hashing: bool = False, coordinator_without_totp: bool = False) -> Path:
    """A production-like instance folder: config.py with a random secret key, a master key
    file, and the database migrated by ``flask db-upgrade`` (the real migrations).
    ``coordinator_without_totp``: coordinators log in with a password only (the benchmark's
    scripted client has no authenticator app; the pages it measures are the same)."""
    inst.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SCHOONSCHIP_INSTANCE_PATH=str(inst))
    env.pop("DATABASE_URL", None)
    py = sys.executable
    subprocess.run([py, "-m", "schoonschip.ops.setup_instance", "--instance", str(inst)], check=True, cwd=ROOT,
                   env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    if cheap_hashing:
        with open(inst / "config.py", "a", encoding="utf-8") as fh:
            fh.write('PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}\n')
    if coordinator_without_totp:
        with open(inst / "config.py", "a", encoding="utf-8") as fh:
            fh.write('TOTP_REQUIRED_ROLES = ("beheerder",)\n')
    subprocess.run([py, "-m", "flask", "--app", "schoonschip", "db-upgrade"], check=True, cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return inst


def app_for(inst: Path):  # type: ignore[no-untyped-def]
    os.environ["SCHOONSCHIP_INSTANCE_PATH"] = str(inst)
    os.environ.pop("DATABASE_URL", None)
    from schoonschip import create_app

    return create_app()


def throwaway_app(prefix: str):  # type: ignore[no-untyped-def]
    """An app on a fresh temp instance with a new master key and cheap password hashing, for
    the in-process benchmarks (the schema is the caller's: ``create_all`` or migrations)."""
    import tempfile

    from schoonschip import create_app
    from schoonschip.crypto import KeyRing

    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-key-long-enough-0123456789abcdef",
            "INSTANCE_PATH": str(tmp),
            "MASTER_KEYS": KeyRing.generate().to_json(),
            "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        }
    )


def populate(inst: Path, *, cases: int, coaches: int, seed: int = 7, batch: int = 250, quiet: bool = False) -> SynthInfo:
    """Fill the instance with ``cases`` synthetic cases spread round-robin over ``coaches``
    coaches at the three demo locations."""
    app = app_for(inst)
    from sqlalchemy import select

    from schoonschip.auth.core import hash_password
    from schoonschip.auth.models import Role, RoleAssignment, User
    from schoonschip.budget.models import BudgetEntry, BudgetVersion
    from schoonschip.cases.casefile.models import Case, Stage, StageChange
    from schoonschip.cases.casefile.records import ConsentEvent, ConsentPurpose, ContactKind, ContactMoment
    from schoonschip.cases.casefile.resident import Landlord, Resident
    from schoonschip.cases.debts.models import Creditor, Debt
    from schoonschip.cases.debts.rules import DebtStatus
    from schoonschip.cases.debts.service import seed_creditors
    from schoonschip.cases.handover.models import Handover, ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs
    from schoonschip.cases.mediation.models import Crisis, Instalment, Mediation, PaymentArrangement
    from schoonschip.cases.mediation.rules import MediationStage, instalment_due_dates
    from schoonschip.cases.tasks.models import CaseTask
    from schoonschip.db import write_transaction
    from schoonschip.demo.budget import _DEMO_PROFILES
    from schoonschip.demo.service import ensure_locations
    from schoonschip.money import Money

    rng = random.Random(seed)
    today = date.today()
    t0 = time.perf_counter()
    info = SynthInfo(instance=inst, cases=cases, coaches=[])
    with app.app_context():
        with write_transaction() as db:
            locs = list(ensure_locations(db).values())
            seed_creditors(db)
            pw_hash = hash_password(PASSWORD)
            users = []
            for i in range(coaches):
                loc = locs[i % len(locs)]
                u = User(username=f"coach.synth{i:03d}", display_name=f"Demo Synth Coach {i:03d}", password_hash=pw_hash)
                u.roles.append(RoleAssignment(role=Role.COACH.value, location_id=loc.id))
                db.add(u)
                users.append((u, loc))
            coord = User(username=COORDINATOR_USER, display_name="Demo Synth Coordinator", password_hash=pw_hash)
            coord.roles.append(RoleAssignment(role=Role.COORDINATOR.value, location_id=locs[0].id))
            db.add(coord)
            db.flush()
            coord.totp_secret = COORDINATOR_TOTP
            coord.totp_enrolled_at = datetime.now(UTC).replace(tzinfo=None)
            ensure_receiving_orgs(db)
            org_id = db.scalar(select(ReceivingOrg.id).where(ReceivingOrg.is_default.is_(True))) or db.scalar(select(ReceivingOrg.id))
            rap = User(username=REPORTS_USER, display_name="Demo Synth Rapportage", password_hash=pw_hash)
            rap.roles.append(RoleAssignment(role=Role.RAPPORTAGE.value, location_id=None))
            db.add(rap)
            db.flush()
            rap.totp_secret = REPORTS_TOTP
            rap.totp_enrolled_at = datetime.now(UTC).replace(tzinfo=None)
            coach_rows = [(u.id, u.username, loc.id) for u, loc in users]
            creditors = list(db.scalars(select(Creditor).order_by(Creditor.id)))
        info.coaches = [name for _id, name, _l in coach_rows]
        info.case_ids_by_coach = {name: [] for name in info.coaches}
        statuses = list(DebtStatus)[:7]
        contact_kinds = [k.value for k in ContactKind][:5]
        landlords = [Landlord.YMERE, Landlord.EIGEN_HAARD]
        year = today.year
        made = 0
        while made < cases:
            n = min(batch, cases - made)
            batch_cases = []
            with write_transaction() as db:
                for j in range(n):
                    k = made + j
                    coach_id, coach_name, loc_id = coach_rows[k % len(coach_rows)]
                    opened = today - timedelta(days=rng.randint(30, 700))
                    case = Case(reference=f"SS-{year}-{k + 1:05d}", location_id=loc_id, coach_id=coach_id,
                                stage=Stage.C_AANPAK.value, opened_on=opened)  # fmt: skip
                    case.alias = f"Demo{k:05d}"
                    case.stage_history.append(StageChange(from_stage=None, to_stage=Stage.AANMELDING.value, on=opened,
                                                          by_user_id=coach_id))  # fmt: skip
                    case.stage_history.append(StageChange(from_stage=Stage.AANMELDING.value, to_stage=Stage.C_AANPAK.value,
                                                          on=opened + timedelta(days=20), by_user_id=coach_id))  # fmt: skip
                    db.add(case)
                    info.case_ids_by_coach[coach_name].append(case.id)
                    batch_cases.append((k, case, coach_id, opened))
                db.flush()  # cases (and their data keys) first: the other rows point at them
                for k, case, coach_id, opened in batch_cases:
                    res = Resident(case_id=case.id, landlord=landlords[k % 2].value, updated_by=coach_id)
                    res.full_name = f"Demo Synth {k:05d} Testpersoon"
                    res.birth_date = date(1960 + k % 40, 1 + k % 12, 1 + k % 28)
                    res.address = f"Synthetischestraat {k % 300 + 1}"
                    res.postcode = "1100 AA"
                    db.add(res)
                    for purpose in ConsentPurpose:
                        db.add(ConsentEvent(case_id=case.id, purpose=purpose.value, given=True, on=opened, recorded_by=coach_id))
                    for d in range(DEBTS_PER_CASE):
                        cred = creditors[rng.randrange(len(creditors))]
                        debt = Debt(case_id=case.id, creditor_id=cred.id, category=cred.category,
                                    status=statuses[rng.randrange(len(statuses))].value, created_by_user_id=coach_id,
                                    peildatum=today - timedelta(days=rng.randint(5, 90)),
                                    arisen_on=today - timedelta(days=rng.randint(200, 1500)))  # fmt: skip
                        amount = Money(rng.randint(40_00, 4000_00))
                        debt.hoofdsom = amount
                        debt.original_amount = amount
                        debt.rente = Money(amount.cents * rng.randint(0, 8) // 100)
                        debt.creditor_reference = f"DEMO-{k:05d}-{d}"
                        db.add(debt)
                    profile = _DEMO_PROFILES[k % len(_DEMO_PROFILES)]
                    v = BudgetVersion(case_id=case.id, peildatum=today)
                    v.household = profile["facts"].to_dict()
                    v.corrections = profile["corrections"].to_dict()
                    items = list(profile["items"])
                    while len(items) < ITEMS_PER_CASE:
                        items.append(("uitgave", "verzekeringen", "bewoner", "maand", "12.50"))
                    for direction, kind, person, freq, euros in items[:ITEMS_PER_CASE]:
                        e = BudgetEntry(case_id=case.id, direction=direction, kind=kind, person=person, frequency=freq)
                        e.amount = Money.from_decimal(Decimal(euros))
                        v.entries.append(e)
                    db.add(v)
                    for c in range(CONTACTS_PER_CASE):
                        m = ContactMoment(case_id=case.id, on=opened + timedelta(days=7 * c), by_user_id=coach_id,
                                          kind=contact_kinds[c % len(contact_kinds)], minutes=rng.randint(10, 90))  # fmt: skip
                        m.note = f"Synthetische notitie {c} bij dossier {k}"
                        db.add(m)
                    if k % MEDIATION_EVERY == 0:
                        started = today - timedelta(days=rng.randint(10, 200))
                        med = Mediation(case_id=case.id, landlord=landlords[k % 2].value, started_on=started,
                                        peildatum=started, stage=MediationStage.VROEG_EROPAF.value, stage_on=started,
                                        oldest_unpaid_month=(started - timedelta(days=70)).replace(day=1))  # fmt: skip
                        med.contract_number = f"DEMO-{k:05d}"
                        med.kale_huur = Money(612_00)
                        med.servicekosten = Money(48_00)
                        med.huurtoeslag = Money(210_00)
                        med.toeslag_to_landlord = True
                        med.arrears = Money(rng.randint(300_00, 3000_00))
                        arr = PaymentArrangement(case_id=case.id, made_on=started, start_on=today - timedelta(days=75), months=6)
                        arr.amount = Money(50_00)
                        for n_, due in enumerate(instalment_due_dates(arr.start_on, 6), start=1):
                            status = "gemist" if (n_ == 1 and k % (2 * MEDIATION_EVERY) == 0) else ("betaald" if due < today else "open")
                            arr.instalments.append(Instalment(case_id=case.id, number=n_, due_on=due, status=status))
                        med.arrangements.append(arr)
                        db.add(med)
                    if k % CRISIS_EVERY == 0:
                        case.crisis_since = today - timedelta(days=1)
                        db.add(Crisis(case_id=case.id, kind="ontruiming", since=case.crisis_since))
                    if k % TASK_EVERY == 0:
                        task = CaseTask(case_id=case.id, due_on=today + timedelta(days=k % 20 - 5), created_by=coach_id)
                        task.text = f"Synthetische taak bij dossier {k}"
                        db.add(task)
                    if k % HANDOVER_EVERY == 1:
                        db.add(Handover(case_id=case.id, state="klaar", route="minnelijk", receiving_org_id=org_id,
                                        ready_on=today - timedelta(days=2), ready_by=coach_id))  # fmt: skip
            made += n
            if not quiet and (made % 2000 == 0 or made == cases):
                print(f"  synth: {made}/{cases} cases ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
        from schoonschip.db import engine

        engine().dispose()
    info.seconds = time.perf_counter() - t0
    return info
