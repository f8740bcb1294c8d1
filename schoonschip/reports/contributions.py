"""Report contributions, kept at write time (issue 13 item 4).

How it stays current without the areas knowing about reports (the dependency points from
reports to the areas, never back): two SQLAlchemy session events registered here.

* ``after_flush`` notes the id of every case whose contribution a flushed row can change
  (the case itself, and rows of ``SOURCE_TABLES``: resident, stages, debts, consent,
  contacts, handover, mediation);
* ``before_commit`` flushes once more, then recomputes the contribution row of each noted
  case and adds it to the same session, so it is written **in the same transaction** as
  the change (the commit flushes it). A rollback forgets the noted ids.

A report is then a query over ``report_contributions``; no case is opened for it.
``ensure_contributions`` fills rows for cases that have none (an instance from before
this table, rows written by a session without a key store); it is the backfill of
migration 0003 and a safety net of the report loader.

Consent and erasure (item 5):
* ``counted`` is False when the resident's latest answer to "Ik mag meetellen in cijfers
  voor wie de buurtwerkkamer betaalt" is no; such a row counts nowhere.
* An erased case is never recomputed (its key is gone). Erased as ``vergissing`` or
  ``geen_toestemming``: the row is deleted, so the case vanishes from every open period
  (closed periods keep their published tables). Erased by the retention policy
  (``bewaartermijn``): the row stays as it was, an anonymous contribution. Erased at the
  resident's request or for another reason: the row stays for the counts, its sealed
  amounts go (as before: a manual erasure keeps nothing of the debts).
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from schoonschip.crypto import keyed_digest
from schoonschip.money import Money
from schoonschip.reports.models import PublishedPeriod, ReportContribution
from schoonschip.reports.rules.indicators import creditor_band, debt_band
from schoonschip.sealing import CaseErased, CaseKeyStore, keys_of

__all__ = [
    "refresh_contributions", "ensure_contributions", "resident_key", "resident_key_secret", "VANISHING_REASONS",
]  # fmt: skip

TOUCHED = "reports_touched_cases"
RESIDENT_KEY_PURPOSE = "reports-resident"
RESIDENT_KEY_SUBJECT = "reports-resident"
VANISHING_REASONS = frozenset({"vergissing", "geen_toestemming"})
KEEP_ALL_REASONS = frozenset({"bewaartermijn"})

_STEP_STAGES = {
    "A": ("a_verhaal", "b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen"),
    "B": ("b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen"),
    "C": ("c_aanpak", "klaar_voor_overdracht", "overgedragen"),
}


def _normal_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def resident_key(secret: bytes, case_id: int, full_name: str | None, birth: date | None) -> str:
    """The pseudonymous resident key: HMAC over name + birth date, or over the case id
    when either is missing (then the case is its own resident)."""
    if full_name and full_name.strip() and birth is not None:
        msg = b"r|" + _normal_name(full_name).encode() + b"\x1f" + birth.isoformat().encode()
    else:
        msg = b"c|" + str(case_id).encode()
    return keyed_digest(secret, msg).hex()[:32]


def _secret(db: Session) -> bytes | None:
    store = db.info.get("case_keys")
    if store is None:
        return None
    return resident_key_secret(store)


def resident_key_secret(store: CaseKeyStore) -> bytes:
    """The key of the resident keys: stored wrapped in ``data_keys`` (subject
    ``RESIDENT_KEY_SUBJECT``) like the audit key, so rotating the master keys, and destroying
    the retired ones, keeps every resident key the same (a resident counted before a rotation
    is still one resident after it).

    The first time on an instance it is the value the keys were derived from before it was
    stored (the oldest master key's), so the rows written until then keep their keys."""
    try:
        return store.key(RESIDENT_KEY_SUBJECT)
    except CaseErased:
        ring = store.keyring
        return store.adopt(RESIDENT_KEY_SUBJECT, ring.derive(RESIDENT_KEY_PURPOSE, key_id=sorted(ring.keys)[0]))


# --------------------------------------------------------------------- the computation
def _compute(db: Session, case: Any, secret: bytes) -> ReportContribution:
    from schoonschip.cases.casefile.records import ConsentEvent
    from schoonschip.cases.casefile.resident import Resident
    from schoonschip.cases.handover.rounds import handovers_for_reports

    cid = case.id
    resident = db.scalars(select(Resident).where(Resident.case_id == cid).order_by(Resident.id)).first()
    name = resident.full_name if resident is not None else None
    birth = resident.birth_date if resident is not None else None
    row = ReportContribution(contrib_case_id=cid)
    row.location_id = case.location_id
    row.resident_key = resident_key(secret, cid, name, birth)
    row.opened_on = case.opened_on
    row.closed_on = case.closed_on
    row.close_reason = case.close_reason
    row.referral = resident.referral_source if resident is not None else None
    row.landlord = resident.landlord if resident is not None else None
    row.step_a_on, row.step_b_on, row.step_c_on = _first_steps(db, cid)

    handover = handovers_for_reports(db, case_ids=[cid]).get(cid)
    row.handover_on = handover.day if handover else None
    row.handover_route = handover.route if handover else None
    row.handover_result = handover.result if handover else None

    consent = db.scalars(
        select(ConsentEvent.given)
        .where(ConsentEvent.case_id == cid, ConsentEvent.purpose == "rapportage")
        .order_by(ConsentEvent.on.desc(), ConsentEvent.id.desc())
    ).first()
    row.counted = consent is not False
    _add_debts(db, row, cid)
    row.events = json.dumps({"contacts": _contacts(db, cid), "mediation": _mediation_events(db, cid)},
                            sort_keys=True, separators=(",", ":"))  # fmt: skip
    return row


def _first_steps(db: Session, cid: int) -> tuple[date | None, date | None, date | None]:
    """The day the case first reached step A, B and C."""
    from schoonschip.cases.casefile.models import StageChange

    firsts: dict[str, date] = {}
    for to_stage, on in db.execute(select(StageChange.to_stage, StageChange.on).where(StageChange.case_id == cid)):
        for step, stages in _STEP_STAGES.items():
            if to_stage in stages and (step not in firsts or on < firsts[step]):
                firsts[step] = on
    return firsts.get("A"), firsts.get("B"), firsts.get("C")


def _add_debts(db: Session, row: ReportContribution, cid: int) -> None:
    """The bands and amounts of the case's open debts (none: no bands, no amounts)."""
    from schoonschip.cases.debts.models import Creditor, Debt

    creditors: set[object] = set()
    total = costs = 0
    cats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    n = 0
    for debt, reg_cat in db.execute(
        select(Debt, Creditor.category).outerjoin(Creditor, Creditor.id == Debt.creditor_id).where(Debt.case_id == cid)
    ):
        if debt.status == "afgelost":
            continue
        n += 1
        parts = [debt.hoofdsom, debt.rente, debt.incassokosten, debt.gerechtelijke_kosten, debt.boetes]
        cents = [p.cents if p is not None else 0 for p in parts]
        total += sum(cents)
        costs += sum(cents[1:])
        slot = cats[debt.category or reg_cat or "anders"]
        slot[0] += sum(cents)
        slot[1] += sum(cents[1:])
        creditors.add(debt.creditor_id if debt.creditor_id is not None else ("debt", n))
    if n:
        row.creditor_band = creditor_band(len(creditors))
        row.debt_band = debt_band(Money(total))
        row.amounts = {"total": total, "costs": costs, "cats": dict(cats)}
    else:
        row.creditor_band = row.debt_band = None
        row.amounts = None


def _contacts(db: Session, cid: int) -> dict[str, list[int]]:
    """Contact moments and minutes per month ("yyyy-mm")."""
    from schoonschip.cases.casefile.records import ContactMoment

    contacts: dict[str, list[int]] = {}
    for on, minutes in db.execute(select(ContactMoment.on, ContactMoment.minutes).where(ContactMoment.case_id == cid)):
        slot = contacts.setdefault(f"{on.year:04d}-{on.month:02d}", [0, 0])
        slot[0] += 1
        slot[1] += int(minutes or 0)
    return contacts


def _mediation_events(db: Session, cid: int) -> list[list[str | None]]:
    """The rent mediations' events: (measure, day, landlord)."""
    from schoonschip.cases.mediation.overview import mediation_facts_for_reports

    mediation: list[list[str | None]] = []
    for m in mediation_facts_for_reports(db, case_ids=[cid]):
        mediation.append(["mediations_started", m.started.isoformat(), m.landlord])
        if m.arrangement_made is not None:
            mediation.append(["arrangements_made", m.arrangement_made.isoformat(), m.landlord])
        for inst in m.instalments:
            mediation.append(["instalments_kept" if inst.kept else "instalments_missed", inst.due.isoformat(), m.landlord])
        if m.outcome is not None and m.outcome_date is not None:
            measure = "evictions_averted" if m.outcome == "averted" else "evictions_carried_out"
            mediation.append([measure, m.outcome_date.isoformat(), m.landlord])
    return mediation


def _apply_erasure(db: Session, case_id: int, reason: str | None) -> None:
    existing = db.get(ReportContribution, case_id)
    if existing is None:
        return
    if reason in VANISHING_REASONS:
        db.delete(existing)
        return
    if reason is not None and reason not in KEEP_ALL_REASONS:
        existing.amounts = None
    existing.erased_reason = reason or "onbekend"


def refresh_contributions(db: Session, case_ids: Iterable[int]) -> int:
    """Recompute the contribution rows of these cases in this session (no commit)."""
    from schoonschip.cases.casefile.models import Case

    secret = _secret(db)
    if secret is None:
        return 0
    reasons = {int(t.case_id): t.reason for t in db.info.get("erasure_tombstones", [])}
    done = 0
    with db.no_autoflush:
        for cid in sorted(set(case_ids)):
            case = db.get(Case, cid)
            if case is None:
                db.execute(delete(ReportContribution).where(ReportContribution.contrib_case_id == cid))
                continue
            if case.erased_at is not None:
                if cid in reasons:
                    _apply_erasure(db, cid, reasons[cid])
                continue
            fresh = _compute(db, case, secret)
            old = db.get(ReportContribution, cid)
            if old is None:
                db.add(fresh)
            else:
                for col in ReportContribution.__table__.columns.keys():
                    if col not in ("contrib_case_id", "updated_at", "amounts_enc", "erased_reason"):
                        setattr(old, col, getattr(fresh, col))
                old.amounts = fresh.amounts
            done += 1
    return done


def ensure_contributions(db: Session, location_ids: Collection[int] | None = None) -> int:
    """Compute the rows of (not erased) cases that have none yet. Returns how many."""
    from schoonschip.cases.casefile.models import Case

    stmt = (
        select(Case.id)
        .outerjoin(ReportContribution, ReportContribution.contrib_case_id == Case.id)
        .where(ReportContribution.contrib_case_id.is_(None), Case.erased_at.is_(None))
    )
    if location_ids is not None:
        stmt = stmt.where(Case.location_id.in_(list(location_ids)))
    missing = list(db.scalars(stmt))
    if not missing:
        return 0
    keys_of(db).preload([f"case:{c}" for c in missing], chunk=900)
    n = 0
    for i in range(0, len(missing), 500):
        n += refresh_contributions(db, missing[i : i + 500])
        db.flush()
    return n


# ------------------------------------------------------------------ the session events
_OWN = (ReportContribution, PublishedPeriod)
# The tables a contribution is computed from; a change elsewhere (budget, story, notes on
# other rows) does not touch it and costs no recomputation.
SOURCE_TABLES = frozenset({
    "residents", "stage_changes", "debts", "consent_events", "contact_moments", "handovers",
    "mediations", "mediation_stage_changes", "payment_arrangements", "payment_instalments",
})  # fmt: skip


@event.listens_for(Session, "after_flush")
def _note_touched(session: Session, _ctx: Any) -> None:
    from schoonschip.cases.casefile.models import Case

    touched: set[int] = session.info.setdefault(TOUCHED, set())
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, _OWN):
            continue
        if isinstance(obj, Case):
            if obj.id is not None:
                touched.add(int(obj.id))
            continue
        if getattr(obj, "__tablename__", None) not in SOURCE_TABLES:
            continue
        cid = getattr(obj, "case_id", None)
        if isinstance(cid, int) and not isinstance(cid, bool):
            touched.add(cid)


@event.listens_for(Session, "before_commit")
def _write_contributions(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit flushes after this event: note the last changes first
    if not session.info.get(TOUCHED):
        return
    touched = session.info.pop(TOUCHED, set())
    if touched and "case_keys" in session.info:
        refresh_contributions(session, touched)
    session.info.pop(TOUCHED, None)


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(TOUCHED, None)
