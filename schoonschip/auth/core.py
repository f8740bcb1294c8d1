"""Authentication core: password hashing, server-side sessions, the current user.

Flask-Login keeps only a random session token in the signed cookie. The token's
SHA-256 is looked up in ``user_sessions`` on every request, so logout, deactivation
and a password change revoke a session at once, in every worker process.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from schoonschip.auth.models import LOCATION_ROLES, Role, RoleAssignment, User, UserSession
from schoonschip.db import get_session, new_session, utcnow
from schoonschip.web.urls import safe_local_path

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log eerst in."
login_manager.login_message_category = "info"
login_manager.session_protection = None  # our sessions are server-side and revocable

TOUCH_INTERVAL = timedelta(seconds=60)
NEXT_KEY = "pending_next"  # where to go after login (a local path)


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    """To the login page, saying why when the session timed out. Only the path is kept
    as the place to return to (a query string could hold search words)."""
    ended = g.get("session_ended")
    if ended == "idle":
        flash(_("U was te lang niet actief. Daarom bent u uitgelogd. Log opnieuw in."), "info")
    elif ended == "absolute":
        flash(_("U was al lang ingelogd. Daarom bent u uitgelogd. Log opnieuw in."), "info")
    else:
        flash(_("Log eerst in."), "info")
    if request.method == "GET" and request.path not in ("/", "/start") and safe_local_path(request.path):
        session[NEXT_KEY] = request.path  # kept server-side of the URL: /login stays clean
    return redirect(url_for("auth.login"))


def hasher() -> PasswordHasher:
    params = current_app.config.get("PASSWORD_HASH_PARAMS") or {}
    return PasswordHasher(**params)  # Argon2id by default


def hash_password(password: str) -> str:
    return hasher().hash(password)


# A real hash of a random string: verifying against it costs the same time as a real
# user, so response time does not reveal whether a username exists.
_DUMMY_HASH: dict[str, str] = {}


def check_password(password_hash: str | None, password: str) -> tuple[bool, bool]:
    """(matches, needs_rehash), writing nothing: the login checks the password outside
    any write transaction (Argon2 takes tens of milliseconds and a lot of memory; holding
    SQLite's write lock meanwhile would make every other writer wait). ``None`` checks
    against a dummy hash, so an unknown username costs the same time as a known one."""
    ph = hasher()
    if password_hash is None:
        key = repr(current_app.config.get("PASSWORD_HASH_PARAMS"))
        if key not in _DUMMY_HASH:
            _DUMMY_HASH[key] = ph.hash(secrets.token_urlsafe(16))
        try:
            ph.verify(_DUMMY_HASH[key], password)
        except VerificationError:
            pass
        return False, False
    try:
        ph.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, ph.check_needs_rehash(password_hash)


def verify_password(user: User | None, password: str) -> bool:
    ok, rehash = check_password(user.password_hash if user is not None else None, password)
    if ok and rehash and user is not None:
        user.password_hash = hash_password(password)
    return ok


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CurrentUser:
    """The logged-in person for this request (not an ORM row)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(
        self, user: User, session_row: UserSession, token: str, roles: set[tuple[Role, int | None]] | None = None
    ) -> None:
        self.user_id: int = user.id
        self.username: str = user.username
        self.display_name: str = user.display_name
        self.must_change_password: bool = user.must_change_password
        self.totp_enrolled: bool = user.totp_enrolled_at is not None
        self.session_id: int = session_row.id
        self._token = token
        self.roles: set[tuple[Role, int | None]] = user.role_set() if roles is None else roles

    def get_id(self) -> str:
        return self._token

    # --- roles -------------------------------------------------------------
    def has_role(self, *roles: Role | str) -> bool:
        wanted = {Role(r) for r in roles}
        return any(r in wanted for r, _ in self.roles)

    def locations(self, *roles: Role | str) -> set[int]:
        """Location ids where the user holds one of these roles (location-bound roles)."""
        wanted = {Role(r) for r in roles}
        return {loc for r, loc in self.roles if r in wanted and loc is not None}

    def is_coach_at(self, location_id: int) -> bool:
        return location_id in self.locations(Role.COACH, Role.COORDINATOR)

    def is_coordinator_at(self, location_id: int) -> bool:
        return location_id in self.locations(Role.COORDINATOR)

    def works_with_cases(self) -> bool:
        return bool(self.locations(*LOCATION_ROLES))

    def needs_second_factor(self) -> bool:
        required = {Role(r) for r in current_app.config["TOTP_REQUIRED_ROLES"]}
        return any(r in required for r, _ in self.roles)


def requires_totp(user: User) -> bool:
    required = {Role(r) for r in current_app.config["TOTP_REQUIRED_ROLES"]}
    return any(Role(r.role) in required for r in user.roles) or user.totp_enrolled_at is not None


def start_session(session: Session, user: User, *, second_factor_done: bool) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            second_factor_at=now if second_factor_done else None,
        )
    )
    return token


def revoke_sessions(session: Session, user_id: int, reason: str, *, except_session_id: int | None = None) -> None:
    stmt = (
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    if except_session_id is not None:
        stmt = stmt.where(UserSession.id != except_session_id)
    session.execute(stmt)


def revoke_session(session: Session, session_id: int, reason: str) -> None:
    session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def session_expired(row: UserSession) -> str | None:
    now = utcnow()
    cfg = current_app.config
    if row.revoked_at is not None:
        return "revoked"
    if now - row.last_seen_at > timedelta(minutes=int(cfg["IDLE_TIMEOUT_MINUTES"])):
        return "idle"
    if now - row.created_at > timedelta(hours=int(cfg["ABSOLUTE_TIMEOUT_HOURS"])):
        return "absolute"
    return None


# Built once (building a statement cost about as much as running it; docs/performance.md).
_SESSION_AND_USER = (
    select(UserSession, User).join(User, User.id == UserSession.user_id).where(UserSession.token_hash == bindparam("token_hash"))
)
_ROLES_OF = select(RoleAssignment.role, RoleAssignment.location_id).where(RoleAssignment.user_id == bindparam("user_id"))


@login_manager.user_loader
def _load_user(token: str) -> CurrentUser | None:
    if not token or len(token) > 100:
        return None
    db = get_session()
    # The session row and its user in one query, the roles as plain pairs in a second (it
    # was three ORM loads on every request; docs/performance.md).
    found = db.execute(_SESSION_AND_USER, {"token_hash": token_hash(token)}).first()
    if found is None:
        return None
    row, user = found
    expired = session_expired(row)
    if expired:
        if expired != "revoked":
            _write_now(lambda s: revoke_session(s, row.id, expired))
        g.session_ended = expired
        return None
    if row.second_factor_at is None:
        return None  # password given, second factor still pending: not logged in
    if not user.active:
        return None
    if utcnow() - row.last_seen_at > TOUCH_INTERVAL:
        _write_now(lambda s: s.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=utcnow())))
    roles = db.execute(_ROLES_OF, {"user_id": user.id}).all()
    return CurrentUser(user, row, token, roles={(Role(r), loc) for r, loc in roles})


def _write_now(fn: Callable[[Session], Any]) -> None:
    """A small write outside the request's (possibly read-only) transaction."""
    db = get_session()
    if db.info.get("write_lock"):
        fn(db)
        return
    own = new_session(write=True)
    try:
        fn(own)
        own.commit()
    finally:
        own.close()


F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: Role | str) -> Callable[[F], F]:
    """Only users holding one of these roles; everyone else gets 404 (no hint that the
    page exists). Anonymous users are sent to the login page."""

    def deco(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                from schoonschip import audit

                audit.record("access_refused", object_type="page", detail=view.__name__, outcome="refused", commit=True)
                abort(404)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
