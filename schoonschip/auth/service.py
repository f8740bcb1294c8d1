"""People and access: the rules behind the login and the beheer pages.

Scope: a beheerder manages every user and location; a coordinator manages the users
whose roles all lie at locations they coordinate (coach or coordinator there). Users
outside the scope are "not found" (404), never "forbidden".
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.auth.core import hash_password, revoke_sessions
from schoonschip.auth.models import (
    LOCATION_ROLES,
    ROLE_LABELS_NL,
    Location,
    Role,
    RoleAssignment,
    User,
    UserSession,
)
from schoonschip.auth.totp import clear_second_factor
from schoonschip.dates import MAX_YEAR, MIN_YEAR
from schoonschip.db import utcnow

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")
LOCATION_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,29}$")
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


# --- scope -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What the acting person may manage."""

    actor_id: int
    everything: bool  # beheerder
    location_ids: frozenset[int]  # coordinator of these locations

    @property
    def grants_cooperative_roles(self) -> bool:
        return self.everything


def scope_of(cu: object) -> Scope:
    """The scope of a CurrentUser (see core.CurrentUser)."""
    return Scope(
        actor_id=cu.user_id,  # type: ignore[attr-defined]
        everything=cu.has_role(Role.BEHEERDER),  # type: ignore[attr-defined]
        location_ids=frozenset(cu.locations(Role.COORDINATOR)),  # type: ignore[attr-defined]
    )


def visible_users(scope: Scope) -> Select[tuple[User]]:
    """Users the actor may see in the list: everyone (beheerder) or anyone with a role at
    one of the actor's locations."""
    stmt = select(User).order_by(User.username)
    if scope.everything:
        return stmt
    at_my_location = select(RoleAssignment.user_id).where(RoleAssignment.location_id.in_(scope.location_ids))
    return stmt.where(User.id.in_(at_my_location))


def can_see(scope: Scope, user: User) -> bool:
    if scope.everything:
        return True
    return any(r.location_id in scope.location_ids for r in user.roles)


def can_manage(scope: Scope, user: User) -> bool:
    """May change this user's account (deactivate, reset, roles)."""
    if scope.everything:
        return True
    if not user.roles:
        return False
    return all(Role(r.role) in LOCATION_ROLES and r.location_id in scope.location_ids for r in user.roles)


def user_names(db: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Display names by user id, for "who did this" columns (no id, or an unknown one, is left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    # The two columns, not User objects (asked on most case pages; docs/performance.md).
    return {uid: name for uid, name in db.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))}


def active_locations(db: Session, today: date) -> list[Location]:
    locs = db.scalars(select(Location).order_by(Location.name)).all()
    return [loc for loc in locs if loc.is_active(today)]


def role_label(role: str, location: Location | None) -> str:
    label = ROLE_LABELS_NL.get(Role(role), role)
    return f"{label} – {location.name}" if location is not None else label


def grantable_roles(db: Session, scope: Scope, today: date) -> list[tuple[str, str]]:
    """(value, label) choices: ``coach:3``, ``coordinator:3``, ``beheerder:``, ``rapportage:``."""
    options: list[tuple[str, str]] = []
    for loc in active_locations(db, today):
        if scope.everything or loc.id in scope.location_ids:
            for role in (Role.COACH, Role.COORDINATOR):
                options.append((f"{role.value}:{loc.id}", role_label(role.value, loc)))
    if scope.grants_cooperative_roles:
        options.append((f"{Role.BEHEERDER.value}:", role_label(Role.BEHEERDER.value, None)))
        options.append((f"{Role.RAPPORTAGE.value}:", role_label(Role.RAPPORTAGE.value, None)))
    return options


def parse_role_choice(value: str, options: list[tuple[str, str]]) -> tuple[Role, int | None] | None:
    """Only a value that was offered is accepted (so scope is enforced by construction)."""
    if value not in {v for v, _ in options}:
        return None
    role, _, loc = value.partition(":")
    return Role(role), (int(loc) if loc else None)


# --- codes ---------------------------------------------------------------------


def one_time_code() -> str:
    """A start/reset code such as ``k7mq-2xpa-9dne-t4wr`` (about 79 bits)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


# --- user changes -------------------------------------------------------------------


def username_taken(db: Session, username: str) -> bool:
    return db.scalar(select(User.id).where(User.username == username.lower())) is not None


def create_user(
    db: Session, *, username: str, display_name: str, role: Role, location_id: int | None, by_user_id: int | None
) -> tuple[User, str]:
    """A new account with a one-time start code; the user must choose a password at first login."""
    code = one_time_code()
    user = User(
        username=username.lower(),
        display_name=display_name,
        password_hash=hash_password(code),
        must_change_password=True,
    )
    user.roles.append(RoleAssignment(role=role.value, location_id=location_id))
    db.add(user)
    db.flush()
    audit.record(
        "user_create", object_type="user", object_id=user.id, location_id=location_id, detail=role.value,
        actor_id=by_user_id, session=db,
    )
    return user, code


def deactivate_user(db: Session, user: User, *, by_user_id: int) -> None:
    user.active = False
    user.deactivated_at = utcnow()
    revoke_sessions(db, user.id, "deactivated")
    audit.record("user_deactivate", object_type="user", object_id=user.id, actor_id=by_user_id, session=db)


def open_session_count(db: Session, user_id: int | None = None) -> int:
    """Sessions not ended yet (some may have timed out without being marked)."""
    stmt = select(func.count()).select_from(UserSession).where(UserSession.revoked_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(UserSession.user_id == user_id)
    return int(db.scalar(stmt) or 0)


def end_sessions(db: Session, user: User, *, by_user_id: int | None) -> int:
    """Log this user out everywhere (a lost laptop or phone): every open session is ended at
    its next request. The account, password and second factor stay as they are."""
    count = open_session_count(db, user.id)
    revoke_sessions(db, user.id, "ended_by_admin")
    audit.record("sessions_ended", object_type="user", object_id=user.id, actor_id=by_user_id, detail=f"count:{count}", session=db)
    return count


def end_all_sessions(db: Session, *, by_user_id: int | None) -> int:
    """Log everybody out (e.g. after a server or key incident)."""
    count = open_session_count(db)
    db.execute(
        update(UserSession).where(UserSession.revoked_at.is_(None)).values(revoked_at=utcnow(), revoked_reason="ended_all")
    )
    audit.record("sessions_ended_all", object_type="user", actor_id=by_user_id, detail=f"count:{count}", session=db)
    return count


def reactivate_user(db: Session, user: User, *, by_user_id: int) -> None:
    user.active = True
    user.deactivated_at = None
    audit.record("user_reactivate", object_type="user", object_id=user.id, actor_id=by_user_id, session=db)


def reset_password(db: Session, user: User, *, by_user_id: int, reset_second_factor: bool) -> str:
    code = one_time_code()
    user.password_hash = hash_password(code)
    user.must_change_password = True
    if reset_second_factor:
        clear_second_factor(db, user)
    revoke_sessions(db, user.id, "password_reset")
    audit.record(
        "user_password_reset", object_type="user", object_id=user.id, actor_id=by_user_id, session=db,
        detail="with_2fa" if reset_second_factor else None,
    )
    return code


def change_password(db: Session, user: User, new_password: str, *, keep_session_id: int | None) -> None:
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    revoke_sessions(db, user.id, "password_changed", except_session_id=keep_session_id)
    audit.record("password_changed", object_type="user", object_id=user.id, actor_id=user.id, session=db)


def add_role(db: Session, user: User, role: Role, location_id: int | None, *, by_user_id: int) -> bool:
    if (role, location_id) in user.role_set():
        return False
    user.roles.append(RoleAssignment(role=role.value, location_id=location_id))
    if role.value in current_app.config["TOTP_REQUIRED_ROLES"] and user.totp_enrolled_at is None:
        # The new role needs a second factor this person has not set up: log them out,
        # so the next login takes them through the set-up.
        revoke_sessions(db, user.id, "roles_changed")
    audit.record(
        "user_role_add", object_type="user", object_id=user.id, location_id=location_id, detail=role.value,
        actor_id=by_user_id, session=db,
    )
    return True


def remove_role(db: Session, user: User, assignment: RoleAssignment, *, by_user_id: int) -> None:
    user.roles.remove(assignment)  # takes effect on the user's next request
    audit.record(
        "user_role_remove", object_type="user", object_id=user.id, location_id=assignment.location_id,
        detail=assignment.role, actor_id=by_user_id, session=db,
    )


# --- locations ----------------------------------------------------------------------


def create_location(db: Session, *, code: str, name: str, today: date, by_user_id: int) -> Location:
    loc = Location(code=code, name=name, started_on=today)
    db.add(loc)
    db.flush()
    audit.record("location_create", object_type="location", object_id=loc.id, location_id=loc.id,
                 actor_id=by_user_id, session=db)
    return loc


def rename_location(db: Session, loc: Location, name: str, *, by_user_id: int) -> None:
    loc.name = name
    audit.record("location_rename", object_type="location", object_id=loc.id, location_id=loc.id,
                 actor_id=by_user_id, session=db)


def end_location(db: Session, loc: Location, ended_on: date, *, by_user_id: int) -> None:
    loc.ended_on = ended_on
    audit.record("location_end", object_type="location", object_id=loc.id, location_id=loc.id,
                 actor_id=by_user_id, session=db)


def reopen_location(db: Session, loc: Location, *, by_user_id: int) -> None:
    loc.ended_on = None
    audit.record("location_reopen", object_type="location", object_id=loc.id, location_id=loc.id,
                 actor_id=by_user_id, session=db)


def parse_date_nl(text: str) -> date | None:
    """'31-12-2025' or '31-12-25' -> date; None when it is not a real date or its year lies
    outside the app's range (MIN_YEAR..MAX_YEAR, as everywhere else)."""
    m = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\s*", text or "")
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    if year < 100:
        year += 2000
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
