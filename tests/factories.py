"""Synthetic people and cases for tests. Every name is invented."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from schoonschip import clock
from schoonschip.auth.core import hash_password
from schoonschip.auth.models import Location, Role, RoleAssignment, User
from schoonschip.db import utcnow, write_transaction
from tests.conftest import TEST_PASSWORD, TOTP_SECRET


@dataclass
class People:
    loc_a: int
    loc_b: int
    coach_a: int
    coach_a2: int
    coach_b: int
    coordinator_a: int
    beheerder: int
    rapportage: int


def make_user(db, username: str, role: Role, location_id: int | None, *, totp: bool = False) -> User:  # type: ignore[no-untyped-def]
    user = User(username=username, display_name=username.replace(".", " ").title(), password_hash=hash_password(TEST_PASSWORD))
    user.roles.append(RoleAssignment(role=role.value, location_id=location_id))
    db.add(user)
    db.flush()
    if totp:
        user.totp_secret = TOTP_SECRET
        user.totp_enrolled_at = utcnow()
    return user


def seed_people(app: Flask) -> People:
    with app.app_context(), write_transaction() as db:
        existing = {loc.code: loc for loc in db.scalars(select(Location))}
        a = existing.get("loc-a") or Location(code="loc-a", name="Locatie A")
        b = existing.get("loc-b") or Location(code="loc-b", name="Locatie B")
        db.add_all([a, b])
        db.flush()
        people = People(
            loc_a=a.id,
            loc_b=b.id,
            coach_a=make_user(db, "coach.a", Role.COACH, a.id).id,
            coach_a2=make_user(db, "coach.a2", Role.COACH, a.id).id,
            coach_b=make_user(db, "coach.b", Role.COACH, b.id).id,
            coordinator_a=make_user(db, "coordinator.a", Role.COORDINATOR, a.id, totp=True).id,
            beheerder=make_user(db, "beheerder.x", Role.BEHEERDER, None, totp=True).id,
            rapportage=make_user(db, "rapportage.x", Role.RAPPORTAGE, None, totp=True).id,
        )
    return people


def open_test_case(app: Flask, *, alias: str, location_id: int, coach_id: int | None) -> int:
    from schoonschip.cases.casefile.service import open_case

    with app.app_context(), write_transaction() as db:
        case = open_case(db, alias=alias, location_id=location_id, coach_id=coach_id, by_user_id=coach_id, today=clock.today())
        return case.id
