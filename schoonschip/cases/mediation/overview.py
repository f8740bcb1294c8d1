"""What other pages and areas read about mediations: the banners above a case (crises, missed
instalments), the coordinator's list per location, and the facts for the funder reports
(:func:`mediation_facts_for_reports`, no personal data)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from schoonschip.auth.models import Location, User
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.mediation.models import Crisis, Instalment, Mediation, PaymentArrangement
from schoonschip.cases.mediation.rules import (
    CLOSING_OUTCOMES,
    CrisisKind,
    InstalmentStatus,
    MediationOutcome,
    MediationStage,
    UrgencyFacts,
    crisis_deadline,
    urgency_key,
)
from schoonschip.cases.mediation.service import Summary, crisis_deadline_of, summarise
from schoonschip.i18n import N_
from schoonschip.reports.rules.indicators import Instalment as ReportInstalment
from schoonschip.reports.rules.indicators import MediationFact
from schoonschip.sealing import case_subject, keys_of


# ------------------------------------------------------------------ case alerts
@dataclass(frozen=True)
class CaseAlert:
    """A banner above every page of a case. ``kind``: ``crisis`` or ``gemist``."""

    kind: str
    text: str
    deadline: date | None = None


# Per mediation of the case, its arrangements that have not ended (oldest first), each with
# its missed instalments (by number; a row with due_on None when it has none): everything the
# "gemist" banner needs, in one query built once (docs/performance.md). It was: a query for
# any missed instalment, then the mediations, their arrangements and instalments as ORM objects.
_MISSED_PER_ARRANGEMENT = (
    select(Mediation.id, Mediation.outcome, PaymentArrangement.id, Instalment.due_on)
    .select_from(Mediation)
    .join(PaymentArrangement, (PaymentArrangement.mediation_id == Mediation.id) & PaymentArrangement.ended_on.is_(None))
    .outerjoin(Instalment, (Instalment.arrangement_id == PaymentArrangement.id) & (Instalment.status == InstalmentStatus.GEMIST.value))
    .where(Mediation.case_id == bindparam("case_id"))
    .order_by(Mediation.id, PaymentArrangement.id, Instalment.number)
)


def case_alerts(db: Session, case: Case, today: date) -> list[CaseAlert]:
    """Unhandled crises (with their deadline) and missed instalments of the running
    mediation: what a coach must see on every page of the case."""
    from schoonschip.cases.mediation.rules import CRISIS_LABELS_NL

    out: list[CaseAlert] = []
    if case.crisis_since is not None:
        for c in db.scalars(select(Crisis).where(Crisis.case_id == case.id, Crisis.handled_on.is_(None)).order_by(Crisis.since)):
            out.append(CaseAlert("crisis", CRISIS_LABELS_NL[CrisisKind(c.kind)], crisis_deadline(c.since)))
    # As missed_instalments(): the missed instalments of the current arrangement (the newest
    # one not ended) of each running mediation.
    current: dict[int, tuple[str | None, int, list[date]]] = {}
    for mediation_id, outcome, arrangement_id, due_on in db.execute(_MISSED_PER_ARRANGEMENT, {"case_id": case.id}):
        seen = current.get(mediation_id)
        if seen is None or seen[1] != arrangement_id:
            seen = current[mediation_id] = (outcome, arrangement_id, [])
        if due_on is not None:
            seen[2].append(due_on)
    for outcome, _arrangement_id, missed in current.values():
        if missed and (outcome is None or MediationOutcome(outcome) not in CLOSING_OUTCOMES):
            out.append(
                CaseAlert(
                    "gemist",
                    N_(
                        "Een termijn van de betalingsregeling is gemist (vervaldag %(d)s). Verhuurders starten dan vaak "
                        "de procedure opnieuw: neem snel contact op met de verhuurder.",
                        d=missed[0].strftime("%d-%m-%Y"),
                    ),
                )
            )
    return out


# --------------------------------------------------------- the coordinator's list
@dataclass
class LocationRow:
    case: Case
    mediation: Mediation
    summary: Summary
    coach_name: str | None
    crisis_deadline: date | None


def location_mediations(db: Session, location_id: int, today: date) -> list[LocationRow]:
    """Every running mediation at a location, most urgent first (mediationrules.urgency_key)."""
    stmt = (
        select(Mediation, Case)
        .join(Case, Case.id == Mediation.case_id)
        .where(Case.location_id == location_id, Case.erased_at.is_(None))
        .where((Mediation.outcome.is_(None)) | (Mediation.outcome == MediationOutcome.REGELING_LOOPT.value))
        .options(selectinload(Mediation.arrangements).selectinload(PaymentArrangement.instalments))
    )
    pairs = list(db.execute(stmt).all())
    keys_of(db).preload([case_subject(c.id) for _m, c in pairs])
    coach_ids = {c.coach_id for _m, c in pairs if c.coach_id}
    names = {u.id: u.display_name for u in db.scalars(select(User).where(User.id.in_(coach_ids)))} if coach_ids else {}
    rows = [
        LocationRow(case=c, mediation=m, summary=summarise(m, today), coach_name=names.get(c.coach_id) if c.coach_id else None,
                    crisis_deadline=crisis_deadline_of(c))  # fmt: skip
        for m, c in pairs
    ]
    rows.sort(
        key=lambda r: (
            urgency_key(
                UrgencyFacts(
                    crisis_deadline=r.crisis_deadline,
                    missed_instalments=len(r.summary.missed),
                    next_on=r.summary.next.on if r.summary.next else None,
                    months=r.summary.months,
                )
            ),
            r.case.reference,
        )
    )
    return rows


def crisis_cases_without_mediation(db: Session, location_id: int, rows: list[LocationRow]) -> list[Case]:
    """Cases in crisis at the location that have no running mediation (energy, water,
    health insurance): the coordinator sees them too."""
    with_mediation = {r.case.id for r in rows}
    stmt = (
        select(Case)
        .where(Case.location_id == location_id, Case.erased_at.is_(None), Case.crisis_since.is_not(None))
        .order_by(Case.crisis_since, Case.reference)
    )
    cases = [c for c in db.scalars(stmt) if c.id not in with_mediation]
    keys_of(db).preload([case_subject(c.id) for c in cases])
    return cases


# ---------------------------------------------------------------------- reports
def _report_landlord(code: str | None) -> str | None:
    """The reports' vocabulary writes codes with spaces ("eigen haard")."""
    return code.replace("_", " ") if code else None


def mediation_facts_for_reports(
    db: Session,
    *,
    location_ids: Collection[int] | None = None,
    coach_id: int | None = None,
    started_until: date | None = None,
    case_ids: Collection[int] | None = None,
) -> list[MediationFact]:
    """One fact per mediation (erased cases included: their skeleton keeps counting), without anything personal:
    location (its name), landlord code, start, the first arrangement's date, the
    instalments marked paid (kept) or missed with their due dates, and the eviction
    outcome: ``averted`` when the mediation reached "ontruiming afgewend" (dated by that
    step), ``carried_out`` when it reached "ontruiming uitgevoerd" or has outcome
    "ontruimd" (dated by that step, else by the outcome date). Open instalments are left
    out: nobody knows yet whether they were kept. No sealed value is opened.

    Optional filters (for the report pages): only cases at ``location_ids``, only cases
    assigned to ``coach_id``, only mediations started on or before ``started_until``."""
    locations = {loc.id: loc.name for loc in db.scalars(select(Location))}
    stmt = (
        select(Mediation, Case.location_id)
        .join(Case, Case.id == Mediation.case_id)
        .options(
            selectinload(Mediation.stage_history),
            selectinload(Mediation.arrangements).selectinload(PaymentArrangement.instalments),
        )
        .order_by(Mediation.id)
    )
    if location_ids is not None:
        stmt = stmt.where(Case.location_id.in_(list(location_ids)))
    if coach_id is not None:
        stmt = stmt.where(Case.coach_id == coach_id)
    if started_until is not None:
        stmt = stmt.where(Mediation.started_on <= started_until)
    if case_ids is not None:
        stmt = stmt.where(Mediation.case_id.in_(list(case_ids)))
    facts: list[MediationFact] = []
    for m, location_id in db.execute(stmt).all():
        made = min((a.made_on for a in m.arrangements), default=None)
        instalments = tuple(
            ReportInstalment(due=i.due_on, kept=i.status == InstalmentStatus.BETAALD.value)
            for a in m.arrangements
            for i in a.instalments
            if i.status != InstalmentStatus.OPEN.value
        )
        outcome: str | None = None
        outcome_on: date | None = None
        for change in m.stage_history:
            if change.to_stage == MediationStage.ONTRUIMING_AFGEWEND.value:
                outcome, outcome_on = "averted", change.on
            elif change.to_stage == MediationStage.ONTRUIMING_UITGEVOERD.value:
                outcome, outcome_on = "carried_out", change.on
        if m.outcome == MediationOutcome.ONTRUIMD.value and outcome != "carried_out":
            outcome, outcome_on = "carried_out", m.outcome_on
        facts.append(
            MediationFact(
                location=locations.get(location_id, str(location_id)),
                landlord=_report_landlord(m.landlord),
                started=m.started_on,
                arrangement_made=made,
                instalments=instalments,
                outcome=outcome,  # type: ignore[arg-type]
                outcome_date=outcome_on,
            )
        )
    return facts
