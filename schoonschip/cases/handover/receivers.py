"""Receiving organisations (MaDi, Buurtteam, Kredietbank): seeded defaults, the list and the
beheerder's form. Exactly one active organisation is the default."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.cases.errors import N_, StaleEdit, flush_or_stale
from schoonschip.cases.handover.errors import HandoverError
from schoonschip.cases.handover.models import ReceivingOrg
from schoonschip.cases.handover.rules import VOORLEGGER_ITEMS
from schoonschip.db import new_session, utcnow

# ============================================================ receiving organisations
DEFAULT_REQUIRED = [v.code for v in VOORLEGGER_ITEMS if v.default_applicable]
# (code, name, default?) — MaDi first and default, as the issue asks; rules.md §3: the
# MaDi's are now the Buurtteams, and the Kredietbank takes the file from them.
DEFAULT_ORGS: tuple[tuple[str, str, bool], ...] = (
    ("madi", "MaDi", True),
    ("buurtteam", "Buurtteam Amsterdam", False),
    ("kredietbank", "Kredietbank Amsterdam", False),
)


def ensure_receiving_orgs(db: Session) -> None:
    """Add the default organisations when there are none yet (write session)."""
    if db.scalar(_ANY_ORG) is not None:
        return
    for code, name, is_default in DEFAULT_ORGS:
        db.add(ReceivingOrg(code=code, name=name, active=True, is_default=is_default,
                            required_items=json.dumps(DEFAULT_REQUIRED)))  # fmt: skip
    db.flush()


_ALL_ORGS = select(ReceivingOrg).order_by(ReceivingOrg.is_default.desc(), ReceivingOrg.name)
_ACTIVE_ORGS = _ALL_ORGS.where(ReceivingOrg.active.is_(True))
_ANY_ORG = select(ReceivingOrg.id).limit(1)


def _orgs_query(active_only: bool):  # type: ignore[no-untyped-def]
    # Built once (Klaar? asks on every page): docs/performance.md.
    return _ACTIVE_ORGS if active_only else _ALL_ORGS


def receiving_orgs(db: Session, *, active_only: bool = False) -> list[ReceivingOrg]:
    """Every organisation, the default first. Seeds the defaults the first time; a request
    that only reads does that in a short write transaction of its own (its own snapshot
    cannot see those rows yet, so it gets them detached from that transaction)."""
    if db.scalar(select(ReceivingOrg.id).limit(1)) is not None:
        return list(db.scalars(_orgs_query(active_only)))
    if db.info.get("write_lock"):
        ensure_receiving_orgs(db)
        return list(db.scalars(_orgs_query(active_only)))
    own = new_session(write=True)
    try:
        try:
            ensure_receiving_orgs(own)
            own.commit()
        except IntegrityError:  # another request seeded them at the same moment
            own.rollback()
        rows = list(own.scalars(_orgs_query(active_only)))
        own.expunge_all()
        return rows
    finally:
        own.close()


def default_org(db: Session) -> ReceivingOrg:
    orgs = receiving_orgs(db, active_only=True)
    for org in orgs:
        if org.is_default:
            return org
    return orgs[0] if orgs else receiving_orgs(db)[0]


ORG_CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class OrgInput:
    code: str
    name: str
    active: bool
    is_default: bool
    required: list[str]
    age_recipient: str = ""  # the age public key ("age1..."), checked by the form


def save_org(db: Session, org: ReceivingOrg | None, data: OrgInput, *, expected_version: int, by_user_id: int) -> ReceivingOrg:
    """Create or change an organisation. Exactly one active organisation stays the default."""
    ensure_receiving_orgs(db)
    if org is None:
        if db.scalar(select(ReceivingOrg.id).where(ReceivingOrg.code == data.code)) is not None:
            raise HandoverError(N_("Deze code bestaat al. Kies een andere."), field="code")
        org = ReceivingOrg(code=data.code)
        db.add(org)
    elif org.version != expected_version:
        raise StaleEdit
    elif org.is_default and not data.is_default:
        raise HandoverError(
            N_("Er moet altijd één standaard-organisatie zijn. Maak eerst een andere organisatie de standaard."),
            field="is_default",
        )
    org.name = data.name
    org.active = data.active
    org.required_items = json.dumps(data.required)
    org.age_recipient = data.age_recipient or None
    org.updated_by = by_user_id
    org.updated_at = utcnow()
    if data.is_default and not org.is_default:
        for other in db.scalars(select(ReceivingOrg).where(ReceivingOrg.is_default.is_(True))):
            other.is_default = False
    org.is_default = data.is_default
    flush_or_stale(db)
    audit.record("receiving_org_save", object_type="receiving_org", object_id=org.id, session=db)
    return org
