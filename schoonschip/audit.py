"""Append-only audit log, hash-chained with an HMAC.

Every event: UTC time, actor (user id), action, object (type + id), location, outcome,
and a short code-like detail. **Never personal data**: no names, no amounts, no free
text. Each row's MAC covers its fields and the previous row's MAC; ``audit_head`` holds
the last id and MAC, so editing, deleting or truncating rows is detected by
``flask --app schoonschip audit-verify``.

The HMAC key is a random key stored wrapped in ``data_keys`` (subject ``audit``), so it
survives master-key rotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import g, has_request_context
from sqlalchemy import DateTime, Integer, LargeBinary, String, bindparam, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from schoonschip.crypto import constant_time_equal, keyed_digest
from schoonschip.db import Base, get_session, new_session, utcnow
from schoonschip.sealing import keys_of

AUDIT_SUBJECT = "audit"
GENESIS = b"\x00" * 32


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(30))
    object_id: Mapped[str | None] = mapped_column(String(40), index=True)
    location_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12), default="ok")
    detail: Mapped[str | None] = mapped_column(String(120))
    prev_mac: Mapped[bytes] = mapped_column(LargeBinary)
    mac: Mapped[bytes] = mapped_column(LargeBinary)


class AuditHead(Base):
    """One row: the id and MAC of the newest event (detects deletion of the tail)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)
    last_mac: Mapped[bytes] = mapped_column(LargeBinary)


_HEAD = AuditHead.__table__
_EVENTS = AuditEvent.__table__
# The statements of an append, built once.
_READ_HEAD = select(_HEAD.c.last_event_id, _HEAD.c.last_mac).where(_HEAD.c.id == 1).with_for_update()
_INSERT_EVENT = insert(_EVENTS)
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(last_event_id=bindparam("new_id"), last_mac=bindparam("new_mac"))


def _canonical(ev: AuditEvent) -> bytes:
    parts = [
        str(ev.id),
        ev.at.isoformat(timespec="microseconds"),
        "" if ev.actor_id is None else str(ev.actor_id),
        ev.action,
        ev.object_type or "",
        ev.object_id or "",
        "" if ev.location_id is None else str(ev.location_id),
        ev.outcome,
        ev.detail or "",
    ]
    return "\x1f".join(parts).encode()


def _audit_key(session: Session) -> bytes:
    return keys_of(session).ensure(AUDIT_SUBJECT)


def _append(
    session: Session,
    *,
    action: str,
    actor_id: int | None,
    object_type: str | None,
    object_id: str | int | None,
    location_id: int | None,
    outcome: str,
    detail: str | None,
) -> None:
    """Append one event to the chain, in ``session``'s transaction.

    Plain SQL statements on the two tables rather than ORM objects and a flush: every case
    page writes one event, and the ORM's unit of work cost more than the rest of the write
    (docs/performance.md). Same rows, same MAC, same locking (the head row FOR UPDATE on
    PostgreSQL; SQLite's write lock is taken by the write session)."""
    head = session.execute(_READ_HEAD).first()
    if head is None:
        last_id, last_mac = 0, GENESIS
        session.execute(insert(_HEAD).values(id=1, last_event_id=0, last_mac=GENESIS))
    else:
        last_id, last_mac = head
    ev = AuditEvent(
        id=last_id + 1,
        at=utcnow(),
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        location_id=location_id,
        outcome=outcome,
        detail=(detail or None) and detail[:120],
        prev_mac=last_mac,
    )
    mac = keyed_digest(_audit_key(session), last_mac + _canonical(ev))
    session.execute(
        _INSERT_EVENT,
        {"id": ev.id, "at": ev.at, "actor_id": ev.actor_id, "action": ev.action, "object_type": ev.object_type,
         "object_id": ev.object_id, "location_id": ev.location_id, "outcome": ev.outcome, "detail": ev.detail,
         "prev_mac": last_mac, "mac": mac},
    )  # fmt: skip
    session.execute(_MOVE_HEAD, {"new_id": ev.id, "new_mac": mac})
    session.flush()  # as before: whatever else the transaction holds is written with the event


def _current_actor() -> int | None:
    if has_request_context():
        user = g.get("audit_actor")
        if user is not None:
            return user
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return int(current_user.user_id)
    return None


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    location_id: int | None = None,
    outcome: str = "ok",
    detail: str | None = None,
    actor_id: int | None = None,
    session: Session | None = None,
    commit: bool = False,
) -> None:
    """Record an event.

    In a request (or CLI session) that changes data, the event joins that transaction:
    it is committed with the change, or rolled back with it. In a read-only request it
    is written at once in its own short write transaction. ``commit=True`` forces the
    event (and anything else pending) to be committed now, e.g. before refusing access.
    """
    if actor_id is None:
        actor_id = _current_actor()
    kwargs = dict(
        action=action,
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        location_id=location_id,
        outcome=outcome,
        detail=detail,
    )
    session = session or get_session()
    if session.info.get("write_lock"):
        _append(session, **kwargs)
        if commit:
            session.commit()
        return
    own = new_session(write=True)
    try:
        _append(own, **kwargs)
        own.commit()
    finally:
        own.close()


class _Case(Protocol):
    id: int
    location_id: int


def record_case(
    action: str,
    case: _Case,
    *,
    detail: str | None = None,
    location_id: int | None = None,
    actor_id: int | None = None,
    session: Session | None = None,
) -> None:
    """Record an event about a case, at the case's location (or ``location_id``): the one
    call every area makes when it changes something in a case file."""
    record(
        action,
        object_type="case",
        object_id=case.id,
        location_id=case.location_id if location_id is None else location_id,
        detail=detail,
        actor_id=actor_id,
        session=session,
    )


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problems: list[str]


def verify(session: Session) -> VerifyResult:
    """Recompute the chain; report the first ids where it breaks."""
    key = keys_of(session).key(AUDIT_SUBJECT) if session.get(AuditHead, 1) else None
    problems: list[str] = []
    prev = GENESIS
    prev_id = 0
    checked = 0
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(2000):
        checked += 1
        if ev.id != prev_id + 1:
            problems.append(f"event {prev_id + 1}..{ev.id - 1} missing")
        if not constant_time_equal(ev.prev_mac, prev):
            problems.append(f"event {ev.id}: link to previous event broken")
        if key is None or not constant_time_equal(ev.mac, keyed_digest(key, ev.prev_mac + _canonical(ev))):
            problems.append(f"event {ev.id}: contents changed")
        prev, prev_id = ev.mac, ev.id
        if len(problems) > 20:
            break
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_event_id != prev_id or not constant_time_equal(head.last_mac, prev)):
        problems.append(f"newest events missing: head says {head.last_event_id}, log ends at {prev_id}")
    if head is None and checked:
        problems.append("audit head missing")
    return VerifyResult(ok=not problems, checked=checked, problems=problems)
