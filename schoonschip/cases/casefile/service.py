"""Case services: open, stages, who works on a case, transfer, erasure.

Views stay thin and call these. Every function takes the request's session, changes
rows, flushes and records an audit event (never personal data); the view commits.
Access is checked before these run (``load_case``); the rules here are about whether
the action itself makes sense (e.g. the new coach works at the case's location).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, exists, func, select, text, update
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.auth.models import Location, Role, RoleAssignment, User
from schoonschip.cases.casefile.models import (
    STAGE_LABELS_NL,
    STAGE_ORDER,
    Case,
    CaseConflict,
    CaseShare,
    CloseReason,
    ErasureReason,
    Stage,
    StageChange,
)
from schoonschip.cases.casefile.resident import household_facts  # noqa: F401 - the case file's service function for other areas (budget views, handover)
from schoonschip.cases.errors import CaseActionError
from schoonschip.db import Base, is_sqlite, utcnow
from schoonschip.i18n import N_
from schoonschip.sealing import case_subject, keys_of


def next_reference(db: Session, year: int) -> str:
    """SS-<year>-<nnnn>: sequential per year (the write lock serialises this)."""
    prefix = f"SS-{year}-"
    last = db.scalar(select(func.max(Case.reference)).where(Case.reference.like(prefix + "%")))
    n = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{n:04d}"


# --- people who can work on cases at a location ------------------------------------
def _workers_at(*columns: Any) -> Select[Any]:
    """The active users who may be a case's coach at ``location_id`` (bound at execution)."""
    return (
        select(*columns)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(
            User.active.is_(True),
            RoleAssignment.location_id == bindparam("location_id"),
            RoleAssignment.role.in_([Role.COACH.value, Role.COORDINATOR.value]),
        )
        .distinct()
        .order_by(User.display_name)
    )


_CASE_WORKERS = _workers_at(User)
# id and name only, for the workload table on the coordinator's start page (no ORM objects: docs/performance.md)
_CASE_WORKER_NAMES = _workers_at(User.id, User.display_name)


def case_workers_at(db: Session, location_id: int) -> list[User]:
    """Active users who may be a case's coach at this location (coaches and coordinators)."""
    return list(db.scalars(_CASE_WORKERS, {"location_id": location_id}))


def _check_worker(db: Session, case: Case, user_id: int) -> None:
    if user_id not in {u.id for u in case_workers_at(db, case.location_id)}:
        raise CaseActionError(N_("Deze persoon werkt niet (meer) op de locatie van dit dossier."))
    if db.scalar(select(exists().where(CaseConflict.case_id == case.id, CaseConflict.user_id == user_id))):
        raise CaseActionError(N_("Deze persoon heeft een belangenconflict gemeld bij dit dossier."))


# --- opening -------------------------------------------------------------------------
def open_case(
    db: Session, *, alias: str, location_id: int, coach_id: int | None, by_user_id: int | None, today: date
) -> Case:
    """A case with almost nothing: an alias (first name or nickname), a location, a coach."""
    case = Case(
        reference=next_reference(db, today.year),
        location_id=location_id,
        coach_id=coach_id,
        stage=Stage.AANMELDING.value,
        opened_on=today,
    )
    case.alias = alias
    case.stage_history.append(StageChange(from_stage=None, to_stage=Stage.AANMELDING.value, on=today, by_user_id=by_user_id))
    db.add(case)
    db.flush()
    audit.record_case("case_open", case, session=db, location_id=location_id)
    return case


# --- stages --------------------------------------------------------------------------
# Reached and left only through the handover workflow (schoonschip/cases/handover/service.py),
# where a coordinator checks the file first.
HANDOVER_STAGES = frozenset({Stage.KLAAR_VOOR_OVERDRACHT, Stage.OVERGEDRAGEN})


def change_stage(
    db: Session,
    case: Case,
    to_stage: Stage | str,
    by_user_id: int | None,
    on: date,
    reason: str | None = None,
    *,
    via_handover: bool = False,
) -> StageChange:
    """THE way a case changes stage.

    * ``afgesloten`` needs a close reason (CloseReason) and sets closed_on/close_reason;
    * leaving ``afgesloten`` is reopening: closed_on and close_reason are cleared;
    * ``klaar_voor_overdracht`` and ``overgedragen`` are reached, and left for an earlier
      working stage, only by the handover workflow (``via_handover=True``); closing is
      always possible, and reopening returns to the stage the case was closed from;
    * the history keeps every change with its date, who, and the reason.
    """
    try:
        target = Stage(str(to_stage))
    except ValueError:
        raise CaseActionError(N_("Deze fase bestaat niet.")) from None
    if target.value == case.stage:
        raise CaseActionError(N_("Het dossier staat al in deze fase."))
    if not via_handover:
        current = Stage(case.stage)
        reopening = current is Stage.AFGESLOTEN and target is stage_before_closing(case)
        if target in HANDOVER_STAGES and not reopening:
            raise CaseActionError(
                N_(
                    "Naar de fase ‘%(stage)s’ gaat een dossier via het tabblad Overdracht. "
                    "Daar controleert een coördinator het dossier eerst."
                ),
                stage=STAGE_LABELS_NL[target],
            )
        if current in HANDOVER_STAGES and target is not Stage.AFGESLOTEN:
            raise CaseActionError(
                N_(
                    "Dit dossier zit in de overdracht. Terug naar een eerdere fase gaat via het tabblad "
                    "Overdracht: de coach trekt de melding in, of de coördinator stuurt het dossier terug."
                )
            )
    if on < case.opened_on:
        raise CaseActionError(N_("Deze datum ligt voor de opening van het dossier."))
    if target is Stage.AFGESLOTEN:
        if reason not in {r.value for r in CloseReason}:
            raise CaseActionError(N_("Kies waarom het dossier wordt afgesloten."))
        case.closed_on = on
        case.close_reason = reason
    else:
        reason = None
        if case.stage == Stage.AFGESLOTEN.value:
            case.closed_on = None
            case.close_reason = None
    change = StageChange(from_stage=case.stage, to_stage=target.value, on=on, by_user_id=by_user_id, reason=reason)
    case.stage_history.append(change)
    case.stage = target.value
    db.flush()
    action = "case_close" if target is Stage.AFGESLOTEN else ("case_reopen" if change.from_stage == Stage.AFGESLOTEN.value else "case_stage")
    audit.record_case(action, case, detail=f"to:{target.value}", session=db)
    return change


def neighbour_stages(case: Case) -> tuple[Stage | None, Stage | None]:
    """(previous, next) working stage for the back/forward buttons; none when closed.
    The handover stages are never offered here: they go through the Overdracht tab."""
    if case.stage == Stage.AFGESLOTEN.value:
        return None, None
    working = [s for s in STAGE_ORDER if s is not Stage.AFGESLOTEN]
    i = working.index(Stage(case.stage))
    previous = working[i - 1] if i > 0 else None
    following = working[i + 1] if i + 1 < len(working) else None
    if Stage(case.stage) in HANDOVER_STAGES:
        return None, None
    return previous, (None if following in HANDOVER_STAGES else following)


def stage_before_closing(case: Case) -> Stage:
    """Where a reopened case goes back to: the stage it was closed from."""
    for change in reversed(case.stage_history):
        if change.to_stage == Stage.AFGESLOTEN.value and change.from_stage and change.from_stage != Stage.AFGESLOTEN.value:
            return Stage(change.from_stage)
    return Stage.AANMELDING


def stage_since(case: Case) -> date:
    for change in reversed(case.stage_history):
        if change.to_stage == case.stage:
            return change.on
    return case.opened_on


# --- who works on the case -----------------------------------------------------------
def reassign(db: Session, case: Case, to_coach_id: int, *, detail: str = "single") -> None:
    if case.coach_id == to_coach_id:
        raise CaseActionError(N_("Deze coach heeft het dossier al."))
    _check_worker(db, case, to_coach_id)
    case.coach_id = to_coach_id
    # The new coach no longer needs a share; other shares stay.
    db.execute(delete(CaseShare).where(CaseShare.case_id == case.id, CaseShare.user_id == to_coach_id))
    db.expire(case, ["shares"])
    db.flush()
    audit.record_case("case_reassign", case, detail=detail, session=db)


def bulk_reassign(db: Session, location_id: int, from_coach_id: int, to_coach_id: int) -> int:
    """Every open or closed (not erased) case of one coach at one location goes to another
    coach of that location. Returns how many moved; each move is audited per case."""
    if from_coach_id == to_coach_id:
        raise CaseActionError(N_("Kies twee verschillende coaches."))
    cases = list(
        db.scalars(
            select(Case).where(Case.location_id == location_id, Case.coach_id == from_coach_id, Case.erased_at.is_(None))
        )
    )
    if to_coach_id not in {u.id for u in case_workers_at(db, location_id)}:
        raise CaseActionError(N_("Deze persoon werkt niet (meer) op deze locatie."))
    conflicted = set(
        db.scalars(select(CaseConflict.case_id).where(CaseConflict.user_id == to_coach_id, CaseConflict.case_id.in_([c.id for c in cases])))
    )
    if conflicted:
        raise CaseActionError(
            N_("De nieuwe coach heeft bij %(n)s van deze dossiers een belangenconflict gemeld. Verdeel die apart."), n=len(conflicted)
        )
    for case in cases:
        reassign(db, case, to_coach_id, detail="bulk")
    return len(cases)


def share(db: Session, case: Case, user_id: int) -> None:
    if user_id == case.coach_id:
        raise CaseActionError(N_("Deze coach heeft het dossier al."))
    _check_worker(db, case, user_id)
    if db.scalar(select(exists().where(CaseShare.case_id == case.id, CaseShare.user_id == user_id))):
        raise CaseActionError(N_("Het dossier is al gedeeld met deze coach."))
    db.add(CaseShare(case_id=case.id, user_id=user_id))
    db.flush()
    db.expire(case, ["shares"])
    audit.record_case("case_share", case, detail=f"user:{user_id}", session=db)


def unshare(db: Session, case: Case, user_id: int) -> None:
    result = db.execute(delete(CaseShare).where(CaseShare.case_id == case.id, CaseShare.user_id == user_id))
    if not result.rowcount:  # type: ignore[attr-defined]
        raise CaseActionError(N_("Het dossier was niet gedeeld met deze coach."))
    db.expire(case, ["shares"])
    audit.record_case("case_unshare", case, detail=f"user:{user_id}", session=db)


def declare_conflict(db: Session, case: Case, user_id: int) -> None:
    """The user knows the resident too well (neighbour, relative, themselves): they are
    taken off the case for good. If they were its coach, the case waits for a new coach
    on the coordinator's list."""
    if db.scalar(select(exists().where(CaseConflict.case_id == case.id, CaseConflict.user_id == user_id))):
        raise CaseActionError(N_("U heeft al een belangenconflict gemeld bij dit dossier."))
    db.add(CaseConflict(case_id=case.id, user_id=user_id))
    db.execute(delete(CaseShare).where(CaseShare.case_id == case.id, CaseShare.user_id == user_id))
    was_coach = case.coach_id == user_id
    if was_coach:
        case.coach_id = None
    db.expire(case, ["shares"])
    db.flush()
    audit.record_case("case_conflict", case, detail="was_coach" if was_coach else "not_coach", session=db)


def transfer(db: Session, case: Case, to_location_id: int, today: date) -> None:
    """Move a case to another location. It has no coach there until that location's
    coordinator assigns one; shares with the old location's coaches end."""
    if to_location_id == case.location_id:
        raise CaseActionError(N_("Het dossier hoort al bij deze locatie."))
    target = db.get(Location, to_location_id)
    if target is None or not target.is_active(today):
        raise CaseActionError(N_("Kies een locatie die nog open is."))
    from_location = case.location_id
    case.location_id = to_location_id
    case.coach_id = None
    db.execute(delete(CaseShare).where(CaseShare.case_id == case.id))
    db.expire(case, ["shares"])
    db.flush()
    audit.record_case("case_transfer", case, detail=f"to_location:{to_location_id}", session=db, location_id=from_location)


# --- erasure -------------------------------------------------------------------------
# Child tables whose rows stay, without their sealed columns, when a case is erased:
# the stage history (dates for funders' counts) and the contact moments (date, kind and
# minutes, so the hours a coach spent still count). Every other table with a case_id
# column (resident, household, story, consent, shares, conflicts, debts, budget, ...)
# loses its rows. New features need no change here unless they want a skeleton too.
# Tables whose rows survive erasure as content-free skeletons (every sealed column set to
# NULL; only dates and coded categories stay), so funders' counts do not change when a case
# is erased: stages reached, contact hours, referral source and landlord codes, the
# course of a rent-arrears mediation, and the handover rounds (date, route, result).
# Every other row with the case's id is deleted.
ERASURE_SKELETON_TABLES = frozenset(
    {
        "stage_changes",
        "contact_moments",
        "residents",
        "mediations",
        "mediation_stage_changes",
        "payment_arrangements",
        "payment_instalments",
        "handovers",
    }
)


def erase_case(db: Session, case: Case, *, reason: str, by_user_id: int | None) -> None:
    """Crypto-shred a case: destroy its data key, delete every child row with content,
    keep a skeleton (location, dates, stage, close reason) for funders' counts."""
    if reason not in {r.value for r in ErasureReason}:
        raise CaseActionError(N_("Kies een reden om te wissen."))
    if case.erased_at is not None:
        raise CaseActionError(N_("Dit dossier is al gewist."))
    from schoonschip.models import import_all

    import_all()  # every feature's tables are in the metadata, so none is missed below
    if is_sqlite(db.get_bind()):
        # Overwrite freed pages with zeros, so deleted ciphertext and the wrapped key do
        # not linger in the file (see checkpoint_after_erasure for the WAL).
        db.execute(text("PRAGMA secure_delete = ON"))
    for table in reversed(Base.metadata.sorted_tables):  # children before parents
        if table.name == Case.__tablename__ or "case_id" not in table.c:
            continue
        where = table.c.case_id == case.id
        if table.name in ERASURE_SKELETON_TABLES:
            sealed_cols = {c.name: None for c in table.c if c.name.endswith("_enc")}
            if sealed_cols:
                db.execute(update(table).where(where).values(sealed_cols))
        else:
            db.execute(delete(table).where(where))
    keys_of(db).destroy(case_subject(case.id))
    db.expire(case, ["shares", "stage_history"])
    case.__dict__.pop("_sealed_cache", None)
    case.__dict__.pop("_sealed_pending", None)
    case.alias_enc = None
    case.coach_id = None
    case.erased_at = utcnow()
    db.flush()
    audit.record_case("case_erase", case, detail=f"reason:{reason}", actor_id=by_user_id, session=db)
    # A tombstone outside the database, written once this is committed, so a restored
    # older backup cannot bring the case back (schoonschip/privacy/erasure_ledger.py).
    from schoonschip.privacy.erasure_ledger import note_erasure

    note_erasure(db, case.id, reason)


def checkpoint_after_erasure(db: Session) -> None:
    """After the erasure is committed: fold SQLite's write-ahead log into the database
    and truncate it, so the old pages leave the -wal file too. A busy log (readers still
    open) is checkpointed by SQLite later; the data key is gone either way."""
    bind = db.get_bind()
    if not is_sqlite(bind):
        return
    raw = bind.raw_connection()  # type: ignore[union-attr]
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    finally:
        raw.close()



# --- workload per coach (the coordinator's start page) ---------------------------------
@dataclass(frozen=True)
class CoachLoad:
    user_id: int
    name: str
    open_cases: int  # not closed
    last_activity: datetime | None  # the latest change to any of their cases here
    left: bool  # no longer active at this location: their cases need another coach


def workload_at(db: Session, location_id: int) -> list[CoachLoad]:
    """Every person who holds cases at the location or may hold them (coaches and
    coordinators), with their open cases and the latest change to them; people who left
    (deactivated, or without a role here any more) first, then by open cases, most first."""
    rows = db.execute(
        select(
            Case.coach_id,
            func.sum(sql_case((Case.stage != Stage.AFGESLOTEN.value, 1), else_=0)),
            func.max(Case.updated_at),
        )
        .where(Case.location_id == location_id, Case.erased_at.is_(None), Case.coach_id.is_not(None))
        .group_by(Case.coach_id)
    ).all()
    workers: dict[int, str] = dict(db.execute(_CASE_WORKER_NAMES, {"location_id": location_id}).all())
    holders = {coach_id: (int(n or 0), last) for coach_id, n, last in rows}
    left = [i for i in holders if i not in workers]
    others: dict[int, str] = dict(db.execute(select(User.id, User.display_name).where(User.id.in_(left))).all()) if left else {}
    out = []
    for uid in set(workers) | set(holders):
        n, last = holders.get(uid, (0, None))
        if uid not in workers and n == 0:
            continue  # left, and nothing open here any more
        name = workers[uid] if uid in workers else others.get(uid, "?")
        out.append(CoachLoad(uid, name, n, last, uid not in workers))
    out.sort(key=lambda c: (not c.left, -c.open_cases, c.name))
    return out
