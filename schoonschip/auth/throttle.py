"""Login throttle, stored in the database so it holds across worker processes and restarts.

Each attempt (password or second-factor code) is a row in ``login_attempts`` with keyed
digests (HMAC, key derived from the master key ring) of the username, of the client address
and, when the browser shows the cookie of an earlier login of this user, of that known
device: the table names no one.

**Passwords: a delay, no lock-out.** A wrong password never locks an account: it makes the
next attempt wait. The wait grows with the failures of the account (counted since its last
password success, within ``LOGIN_WINDOW_MINUTES``) and of the address, after a few free
ones: ``LOGIN_DELAY_BASE_SECONDS`` doubled per failure, at most ``LOGIN_DELAY_MAX_SECONDS``.
A browser that shows this user's known-device cookie only waits for the failures *it* made,
so a colleague's typos or someone spraying the network cannot keep a coordinator out: the
right password from their own laptop works after a short wait at most. Behind a reverse
proxy, set ``PROXY_FIX_X_FOR`` (docs/operations.md), or every request has the proxy's address.

**Second factor: counted apart, never reset by a password.** Wrong codes count per pending
login (``UserSession.code_failures``: at ``LOGIN_CODE_MAX_PER_LOGIN`` the pending login ends
and the password is asked again) *and* per user over ``LOGIN_CODE_WINDOW_MINUTES``
(``LOGIN_CODE_MAX_FAILURES``), whatever happens at the password step in between.

After ``LOGIN_NOTICE_AFTER`` wrong passwords, or at the code limit, the account gets a
:class:`~schoonschip.auth.models.SecurityNotice`: the user sees it at their next login, the
beheerder on the user's page. The refusal reads the same whether or not the account exists.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.auth.models import LoginAttempt, SecurityNotice, User
from schoonschip.crypto import keyed_digest
from schoonschip.db import utcnow

PURPOSE = "login-throttle"
KEEP_ROWS_FOR = timedelta(days=1)
DEVICE_COOKIE = "schoonschip_device"
DEVICE_COOKIE_DAYS = 365
PASSWORD = "password"  # noqa: S105 - the name of a login factor, not a password
CODE = "code"


@dataclass(frozen=True)
class Subject:
    username_digest: str
    address_digest: str
    device_digest: str | None = None  # a known device of this user (cookie of an earlier login)


def _digest(kind: str, value: str) -> str:
    key = current_app.extensions["keyring"].derive(PURPOSE)
    return keyed_digest(key, f"{kind}\x1f{value}".encode()).hex()


def normalise_username(username: str) -> str:
    return username.strip().lower()[:60]


def subject(username: str, address: str | None = None) -> Subject:
    if address is None:
        address = request.remote_addr or "-"
    who = Subject(_digest("user", normalise_username(username)), _digest("addr", address))
    device = _device_from_cookie(who.username_digest)
    return replace(who, device_digest=device) if device else who


# --- known devices ------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _device_from_cookie(username_digest: str) -> str | None:
    if not request:
        return None
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 300:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username_digest or not isinstance(data.get("d"), str):
        return None
    return _digest("device", data["d"])


def remember_device(resp: Response, who: Subject) -> Response:
    """After a complete login: this browser is a known device of this user from now on."""
    value = _serializer().dumps({"u": who.username_digest, "d": secrets.token_urlsafe(16)})
    resp.set_cookie(
        DEVICE_COOKIE, value, max_age=DEVICE_COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return resp


# --- counting -----------------------------------------------------------------------------


def window_minutes() -> int:
    return int(current_app.config["LOGIN_WINDOW_MINUTES"])


def _since(minutes_key: str) -> datetime:
    return utcnow() - timedelta(minutes=int(current_app.config[minutes_key]))


def _password_failures(db: Session, who: Subject) -> tuple[int, datetime | None]:
    """(count, latest) of wrong passwords for this account since its last password success,
    within the window; from a known device only the failures of that device."""
    base = [LoginAttempt.username_digest == who.username_digest, LoginAttempt.factor == PASSWORD]
    if who.device_digest is not None:
        base.append(LoginAttempt.device_digest == who.device_digest)
    last_success = db.scalar(select(func.max(LoginAttempt.at)).where(*base, LoginAttempt.success.is_(True)))
    where = [*base, LoginAttempt.success.is_(False), LoginAttempt.at >= _since("LOGIN_WINDOW_MINUTES")]
    if last_success is not None:
        where.append(LoginAttempt.at > last_success)
    count, latest = db.execute(select(func.count(), func.max(LoginAttempt.at)).where(*where)).one()
    return int(count or 0), latest


def _address_failures(db: Session, who: Subject) -> tuple[int, datetime | None]:
    count, latest = db.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.address_digest == who.address_digest,
            LoginAttempt.success.is_(False),
            LoginAttempt.at >= _since("LOGIN_WINDOW_MINUTES"),
        )
    ).one()
    return int(count or 0), latest


def delay_after(failures: int, free: int) -> float:
    """Seconds the next attempt waits after ``failures`` failures, the first ``free`` free."""
    cfg = current_app.config
    if failures < free:
        return 0.0
    base = float(cfg["LOGIN_DELAY_BASE_SECONDS"])
    return min(float(cfg["LOGIN_DELAY_MAX_SECONDS"]), base * 2 ** min(failures - free, 30))


def wait_seconds(db: Session, who: Subject) -> int:
    """Seconds before a password for this account from this address is looked at; 0: now."""
    cfg = current_app.config
    now = utcnow()
    waits = [0.0]
    n, latest = _password_failures(db, who)
    if latest is not None:
        waits.append((latest - now).total_seconds() + delay_after(n, int(cfg["LOGIN_FREE_FAILURES"])))
    if who.device_digest is None:  # a known device is not held back by what others do at its address
        n, latest = _address_failures(db, who)
        if latest is not None:
            waits.append((latest - now).total_seconds() + delay_after(n, int(cfg["LOGIN_FREE_FAILURES_PER_ADDRESS"])))
    return math.ceil(max(waits))


def code_failures_for_user(db: Session, who: Subject) -> int:
    """Wrong second-factor codes for this user within the code window. No success resets
    this count, a password success least of all (finding 1 of issue 16)."""
    return int(
        db.scalar(
            select(func.count()).where(
                LoginAttempt.username_digest == who.username_digest,
                LoginAttempt.factor == CODE,
                LoginAttempt.success.is_(False),
                LoginAttempt.at >= _since("LOGIN_CODE_WINDOW_MINUTES"),
            )
        )
        or 0
    )


def codes_blocked(db: Session, who: Subject) -> bool:
    return code_failures_for_user(db, who) >= int(current_app.config["LOGIN_CODE_MAX_FAILURES"])


def record(db: Session, who: Subject, *, success: bool, factor: str = PASSWORD) -> None:
    db.add(
        LoginAttempt(
            at=utcnow(), username_digest=who.username_digest, address_digest=who.address_digest, success=success,
            factor=factor, device_digest=who.device_digest,
        )
    )
    keep = max(KEEP_ROWS_FOR, 2 * timedelta(minutes=max(window_minutes(), int(current_app.config["LOGIN_CODE_WINDOW_MINUTES"]))))
    db.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - keep))


# --- notices ------------------------------------------------------------------------------


def notice_if_repeated(db: Session, who: Subject, user: User | None, factor: str) -> None:
    """After repeated failures on an existing account: one notice per window."""
    if user is None:
        return
    cfg = current_app.config
    if factor == CODE:
        count, threshold, window = code_failures_for_user(db, who), int(cfg["LOGIN_CODE_MAX_FAILURES"]), "LOGIN_CODE_WINDOW_MINUTES"
    else:
        count = int(
            db.scalar(
                select(func.count()).where(
                    LoginAttempt.username_digest == who.username_digest, LoginAttempt.factor == PASSWORD,
                    LoginAttempt.success.is_(False), LoginAttempt.at >= _since("LOGIN_WINDOW_MINUTES"),
                )
            )
            or 0
        )
        threshold, window = int(cfg["LOGIN_NOTICE_AFTER"]), "LOGIN_WINDOW_MINUTES"
    if count < threshold:
        return
    recent = db.scalar(
        select(SecurityNotice).where(
            SecurityNotice.user_id == user.id, SecurityNotice.kind == factor, SecurityNotice.at >= _since(window)
        )
    )
    if recent is not None:
        recent.failures = count
        return
    db.add(SecurityNotice(user_id=user.id, at=utcnow(), kind=factor, failures=count))
    audit.record("login_notice", object_type="user", object_id=user.id, detail=factor, session=db)


def unseen_notices(db: Session, user_id: int) -> list[SecurityNotice]:
    return list(
        db.scalars(
            select(SecurityNotice)
            .where(SecurityNotice.user_id == user_id, SecurityNotice.seen_by_user_at.is_(None))
            .order_by(SecurityNotice.at)
        )
    )


def recent_notices(db: Session, user_id: int | None = None, days: int = 30) -> list[SecurityNotice]:
    stmt = select(SecurityNotice).where(SecurityNotice.at >= utcnow() - timedelta(days=days))
    if user_id is not None:
        stmt = stmt.where(SecurityNotice.user_id == user_id)
    return list(db.scalars(stmt.order_by(SecurityNotice.at.desc())))
