"""Login throttle, stored in the database so it holds across worker processes and restarts.

Each attempt (password or second-factor code) is a row in ``login_attempts`` with keyed
digests (HMAC, key derived from the master key ring) of the username and of the client
address: the table names no one. A username is refused after ``LOGIN_MAX_FAILURES``
failures within ``LOGIN_WINDOW_MINUTES`` (counted since its last success); an address
after ``LOGIN_MAX_FAILURES_PER_ADDRESS``. The refusal is the same whether or not the
account exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from schoonschip.auth.models import LoginAttempt
from schoonschip.crypto import keyed_digest
from schoonschip.db import utcnow

PURPOSE = "login-throttle"
KEEP_ROWS_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Subject:
    username_digest: str
    address_digest: str


def _digest(kind: str, value: str) -> str:
    key = current_app.extensions["keyring"].derive(PURPOSE)
    return keyed_digest(key, f"{kind}\x1f{value}".encode()).hex()


def normalise_username(username: str) -> str:
    return username.strip().lower()[:60]


def subject(username: str, address: str | None = None) -> Subject:
    if address is None:
        address = request.remote_addr or "-"
    return Subject(_digest("user", normalise_username(username)), _digest("addr", address))


def _window_start() -> datetime:
    return utcnow() - timedelta(minutes=int(current_app.config["LOGIN_WINDOW_MINUTES"]))


def failures_for_username(db: Session, who: Subject) -> int:
    since = _window_start()
    last_success = db.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username_digest == who.username_digest, LoginAttempt.success.is_(True)
        )
    )
    stmt = select(func.count()).where(
        LoginAttempt.username_digest == who.username_digest,
        LoginAttempt.success.is_(False),
        LoginAttempt.at >= since,
    )
    if last_success is not None:
        stmt = stmt.where(LoginAttempt.at > last_success)
    return int(db.scalar(stmt) or 0)


def failures_for_address(db: Session, who: Subject) -> int:
    stmt = select(func.count()).where(
        LoginAttempt.address_digest == who.address_digest,
        LoginAttempt.success.is_(False),
        LoginAttempt.at >= _window_start(),
    )
    return int(db.scalar(stmt) or 0)


def is_blocked(db: Session, who: Subject) -> bool:
    cfg = current_app.config
    if failures_for_username(db, who) >= int(cfg["LOGIN_MAX_FAILURES"]):
        return True
    return failures_for_address(db, who) >= int(cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"])


def record(db: Session, who: Subject, *, success: bool) -> None:
    db.add(
        LoginAttempt(
            at=utcnow(), username_digest=who.username_digest, address_digest=who.address_digest, success=success
        )
    )
    keep = max(KEEP_ROWS_FOR, 2 * timedelta(minutes=window_minutes()))
    db.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - keep))


def window_minutes() -> int:
    return int(current_app.config["LOGIN_WINDOW_MINUTES"])
