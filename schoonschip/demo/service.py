"""Clearly fake demo data. Every name here is invented; extend ``DEMO_STEPS`` per feature."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import audit, clock
from schoonschip.auth.core import hash_password
from schoonschip.auth.models import Location, Role, RoleAssignment, User
from schoonschip.db import utcnow, write_transaction

LOCATIONS = [
    ("cjm", "Casa Jepie Makandra"),
    ("multibron", "MultiBron"),
    ("handreiking", "De Handreiking"),
]

ACCOUNTS = [
    ("coach.cjm", "Demo Coach CJM", Role.COACH, "cjm"),
    ("coach.multibron", "Demo Coach MultiBron", Role.COACH, "multibron"),
    ("coach.handreiking", "Demo Coach Handreiking", Role.COACH, "handreiking"),
    ("coordinator.cjm", "Demo Coördinator CJM", Role.COORDINATOR, "cjm"),
    ("beheerder", "Demo Beheerder", Role.BEHEERDER, None),
    ("rapportage", "Demo Rapportage", Role.RAPPORTAGE, None),
]


@dataclass
class DemoResult:
    accounts: list[tuple[str, str]]
    generated_password: str | None
    totp_note: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


PASSWORD_FILE = "demo_password.txt"  # noqa: S105 - a file name, not a password


def password_file(instance_path: str | Path) -> Path:
    return Path(instance_path) / PASSWORD_FILE


def write_password_file(instance_path: str | Path, password: str) -> Path:
    """Keep a generated demo password in instance/ (mode 0600) so later runs can point to it."""
    path = password_file(instance_path)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    return path


def account_list() -> list[tuple[str, str]]:
    return [(u, r.value) for u, _n, r, _l in ACCOUNTS]


# Features append functions (db, locations_by_code, users_by_username, today) -> None.
DEMO_STEPS: list[Callable[[Session, dict[str, Location], dict[str, User], date], None]] = []


def ensure_locations(db: Session) -> dict[str, Location]:
    by_code = {loc.code: loc for loc in db.scalars(select(Location))}
    for code, name in LOCATIONS:
        if code not in by_code:
            loc = Location(code=code, name=name)
            db.add(loc)
            by_code[code] = loc
    db.flush()
    return by_code


def load_demo(
    *, password: str | None, totp_secret: str | None, force: bool = False, today: date | None = None
) -> DemoResult | None:
    today = today or clock.today()
    with write_transaction() as db:
        exists = db.scalar(select(User).where(User.username == "coach.cjm"))
        if exists and not force:
            return None
        locs = ensure_locations(db)
        generated = None
        if password is None:
            generated = password = secrets.token_urlsafe(12)
        pw_hash = hash_password(password)
        users: dict[str, User] = {}
        required = {"coordinator", "beheerder", "rapportage"}  # rapportage sees every location (issue 13)
        for username, name, role, loc_code in ACCOUNTS:
            user = db.scalar(select(User).where(User.username == username))
            if user is None:
                user = User(username=username, display_name=name, password_hash=pw_hash)
                user.roles.append(RoleAssignment(role=role.value, location_id=locs[loc_code].id if loc_code else None))
                db.add(user)
                db.flush()
            else:
                user.password_hash = pw_hash
            if totp_secret and role.value in required:
                pyotp.TOTP(totp_secret).now()  # validates the base32 secret
                user.totp_secret = totp_secret
                user.totp_enrolled_at = utcnow()
            users[username] = user
        db.flush()
        for step in DEMO_STEPS:
            step(db, locs, users, today)
        audit.record("demo_loaded", object_type="demo", session=db)
    note = None
    if totp_secret:
        note = "Coordinator, beheerder and rapportage use the second-factor secret from SCHOONSCHIP_DEMO_TOTP_SECRET."
    else:
        note = "Coordinator, beheerder and rapportage set up their authenticator app at first login."
    return DemoResult(
        accounts=account_list(),
        generated_password=generated,
        totp_note=note,
    )


def _register_feature_steps() -> None:
    """The features' demo steps, in the order they must run: cases first, then what fills them."""
    # Imported here, not at the top: the feature modules import models that import db.
    from schoonschip.demo.budget import demo_budgets
    from schoonschip.demo.casefile import add_demo_cases
    from schoonschip.demo.debts import demo_debts
    from schoonschip.demo.documents import demo_documents
    from schoonschip.demo.handover import demo_handovers
    from schoonschip.demo.letters import demo_letters
    from schoonschip.demo.mediation import demo_mediations
    from schoonschip.demo.reports import demo_targets
    from schoonschip.demo.retention import demo_retention

    # demo_targets only needs the locations; demo_handovers runs last, on the cases as they are.
    steps = (add_demo_cases, demo_debts, demo_budgets, demo_letters, demo_mediations, demo_retention, demo_targets,
             demo_documents, demo_handovers)  # fmt: skip
    for step in steps:
        if step not in DEMO_STEPS:
            DEMO_STEPS.append(step)


_register_feature_steps()
