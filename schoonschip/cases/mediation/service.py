"""Rent-arrears mediation and crisis: services.

Views hand submitted forms to the ``parse_*`` functions, call a service here and render.
The rules (arrears in months, the 3-working-day deadline, instalment dates, urgency) are
in :mod:`schoonschip.cases.mediation.rules` (pure).

Public API for other features:

* :func:`crises_for_readiness` ``(db, case) -> list[readiness.CrisisFlag]``
* :func:`mediation_facts_for_reports` ``(db) -> list[reports.indicators.MediationFact]``
* :func:`demo_mediations` ``(db, locs, users, today)``: the demo step
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from schoonschip import audit
from schoonschip.auth.models import Location, User
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ContactKind, ContactMoment, add_contact
from schoonschip.cases.casefile.resident import Landlord, resident_of
from schoonschip.cases.handover.rules import CrisisFlag
from schoonschip.cases.handover.rules import CrisisKind as ReadinessKind
from schoonschip.cases.mediation.models import (
    Crisis,
    Instalment,
    Mediation,
    MediationStageChange,
    PaymentArrangement,
)
from schoonschip.cases.mediation.rules import (
    CLOSING_OUTCOMES,
    EVENT_DATE_STAGES,
    STAGES_BEFORE_ARRANGEMENT,
    ArrangementEnd,
    CrisisAction,
    CrisisKind,
    InstalmentStatus,
    MediationOutcome,
    MediationStage,
    NextDate,
    UrgencyFacts,
    arrears_months,
    at_court_threshold,
    crisis_deadline,
    instalment_due_dates,
    monthly_rent_due,
    next_date,
    urgency_key,
)
from schoonschip.db import utcnow
from schoonschip.money import Money
from schoonschip.reports.rules.indicators import Instalment as ReportInstalment
from schoonschip.reports.rules.indicators import MediationFact
from schoonschip.sealing import case_subject, keys_of


def _(text: str, **variables: Any) -> str:
    """Translated in a request; the Dutch text itself elsewhere (CLI, demo, other services)."""
    if has_request_context():
        return gettext(text, **variables)
    return text % variables if variables else text


class MediationError(ValueError):
    """A refused action. Dutch message; ``field`` is the form field it belongs next to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


MONTHS_NL = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def month_nl(value: date | None) -> str:
    return "" if value is None else f"{MONTHS_NL[value.month - 1]} {value.year}"


# ------------------------------------------------------------------------ reading
def is_running(m: Mediation) -> bool:
    """Running: no outcome yet, or "regeling loopt" (the instalments still need watching)."""
    return m.outcome is None or MediationOutcome(m.outcome) not in CLOSING_OUTCOMES


def mediations_of(db: Session, case: Case) -> list[Mediation]:
    """Newest first."""
    stmt = select(Mediation).where(Mediation.case_id == case.id).order_by(Mediation.started_on.desc(), Mediation.id.desc())
    return list(db.scalars(stmt))


def running_mediation(db: Session, case: Case) -> Mediation | None:
    return next((m for m in mediations_of(db, case) if is_running(m)), None)


def get_mediation(db: Session, case: Case, mediation_id: int) -> Mediation | None:
    """A mediation of this case, or None (never one of another case)."""
    return db.scalar(select(Mediation).where(Mediation.id == mediation_id, Mediation.case_id == case.id))


def current_arrangement(m: Mediation) -> PaymentArrangement | None:
    """The arrangement that runs now: the newest one not ended."""
    running = [a for a in m.arrangements if a.ended_on is None]
    return running[-1] if running else None


def get_instalment(db: Session, case: Case, m: Mediation, instalment_id: int) -> Instalment | None:
    return db.scalar(
        select(Instalment)
        .join(PaymentArrangement, PaymentArrangement.id == Instalment.arrangement_id)
        .where(Instalment.id == instalment_id, Instalment.case_id == case.id, PaymentArrangement.mediation_id == m.id)
    )


def get_arrangement(db: Session, case: Case, m: Mediation, arrangement_id: int) -> PaymentArrangement | None:
    return db.scalar(
        select(PaymentArrangement).where(
            PaymentArrangement.id == arrangement_id, PaymentArrangement.case_id == case.id, PaymentArrangement.mediation_id == m.id
        )
    )


def missed_instalments(m: Mediation) -> list[Instalment]:
    """Missed instalments that still count: in the running arrangement of a running
    mediation, and not paid late since."""
    arr = current_arrangement(m)
    if arr is None or not is_running(m):
        return []
    return [i for i in arr.instalments if i.status == InstalmentStatus.GEMIST.value]


def unmarked_due(m: Mediation, today: date) -> list[Instalment]:
    """Instalments of the running arrangement past their due date that nobody marked yet."""
    arr = current_arrangement(m)
    if arr is None or not is_running(m):
        return []
    return [i for i in arr.instalments if i.status == InstalmentStatus.OPEN.value and i.due_on < today]


def _dates_matter(m: Mediation) -> bool:
    return is_running(m) and m.stage not in (
        MediationStage.ONTRUIMING_AFGEWEND.value,
        MediationStage.ONTRUIMING_UITGEVOERD.value,
    )


def next_date_of(m: Mediation, today: date) -> NextDate | None:
    """The next zitting, ontruiming or open instalment of a running mediation."""
    if not is_running(m):
        return None
    arr = current_arrangement(m)
    dues = [i.due_on for i in arr.instalments if i.status == InstalmentStatus.OPEN.value] if arr else []
    return next_date(
        today,
        hearing_on=m.hearing_on if _dates_matter(m) else None,
        eviction_on=m.eviction_on if _dates_matter(m) else None,
        open_instalments=dues,
    )


@dataclass
class Summary:
    """What the Huur tab and the coordinator's list show about one mediation."""

    rent_due: Money | None
    months: Decimal | None
    at_threshold: bool
    costs_total: Money | None
    total: Money | None
    arrangement: PaymentArrangement | None
    missed: list[Instalment]
    unmarked: list[Instalment]
    next: NextDate | None
    running: bool


def summarise(m: Mediation, today: date) -> Summary:
    rent = monthly_rent_due(m.kale_huur, m.servicekosten, m.huurtoeslag, toeslag_to_landlord=bool(m.toeslag_to_landlord))
    months = arrears_months(m.arrears, rent)
    costs = [c for c in (m.collection_costs, m.court_costs) if c is not None]
    costs_total = sum(costs, Money(0)) if costs else None
    parts = [p for p in (m.arrears, costs_total) if p is not None]
    return Summary(
        rent_due=rent,
        months=months,
        at_threshold=at_court_threshold(months),
        costs_total=costs_total,
        total=sum(parts, Money(0)) if parts else None,
        arrangement=current_arrangement(m),
        missed=missed_instalments(m),
        unmarked=unmarked_due(m, today),
        next=next_date_of(m, today),
        running=is_running(m),
    )


# ------------------------------------------------------------------ the input (checked by cases/mediation/forms.py)
AMOUNT_FIELDS = ("kale_huur", "servicekosten", "huurtoeslag", "arrears", "collection_costs", "court_costs")
CHECKBOXES = ("toeslag_to_landlord", "benefit_deduction")
CONTRACT_LIMIT = 40


@dataclass
class MediationInput:
    landlord: Landlord | None = None
    contract_number: str | None = None
    kale_huur: Money | None = None
    servicekosten: Money | None = None
    huurtoeslag: Money | None = None
    toeslag_to_landlord: bool = False
    arrears: Money | None = None
    oldest_unpaid_month: date | None = None
    collection_costs: Money | None = None
    court_costs: Money | None = None
    peildatum: date | None = None
    benefit_deduction: bool = False
    benefit_deduction_since: date | None = None
    started_on: date | None = None
    stage: MediationStage | None = None  # only when starting; empty: signaal
    event_on: date | None = None  # only when starting in a stage with a date


_COPIED = (
    "contract_number", *AMOUNT_FIELDS, "toeslag_to_landlord", "oldest_unpaid_month", "peildatum",
    "benefit_deduction", "benefit_deduction_since", "started_on",
)  # fmt: skip


def _apply(m: Mediation, data: MediationInput) -> None:
    m.landlord = data.landlord.value if data.landlord is not None else None
    for name in _COPIED:
        new = getattr(data, name)
        if name in CHECKBOXES:
            new = bool(new)
        if getattr(m, name) != new:  # only touch what changed (sealed fields re-seal on set)
            setattr(m, name, new)


# ------------------------------------------------------------------ mediation CRUD
def create_mediation(db: Session, case: Case, data: MediationInput, *, by_user_id: int | None, today: date) -> Mediation:
    if running_mediation(db, case) is not None:
        raise MediationError("landlord", _("Er loopt al een bemiddeling voor dit dossier. Rond die eerst af."))
    if data.started_on is None:
        raise MediationError("started_on", _("Vul in wanneer de bemiddeling begon."))
    stage = data.stage or MediationStage.SIGNAAL
    m = Mediation(case_id=case.id, stage=stage.value, stage_on=data.started_on, created_by_user_id=by_user_id)
    _apply(m, data)
    db.add(m)
    m.stage_history.append(
        MediationStageChange(case_id=case.id, from_stage=None, to_stage=stage.value, on=data.started_on,
                             event_on=data.event_on, by_user_id=by_user_id)
    )  # fmt: skip
    _set_event_date(m, stage, data.event_on)
    db.flush()
    audit.record("mediation_create", object_type="mediation", object_id=m.id, location_id=case.location_id, session=db)
    if stage is MediationStage.AANZEGGING_ONTRUIMING:
        _eviction_crisis(db, case, m, data.started_on, by_user_id=by_user_id)
    return m


def update_mediation(db: Session, case: Case, m: Mediation, data: MediationInput, *, by_user_id: int | None) -> Mediation:
    """Save an edit. The caller has checked the version; the flush checks it again."""
    _apply(m, data)
    m.updated_at = utcnow()
    db.flush()
    audit.record("mediation_update", object_type="mediation", object_id=m.id, location_id=case.location_id, session=db)
    return m


def delete_mediation(db: Session, case: Case, m: Mediation) -> None:
    """Remove a mediation made by mistake. Its crises stay (they are about the case);
    its contact attempts stay as contact moments."""
    mid = m.id
    for moment in db.scalars(select(ContactMoment).where(ContactMoment.mediation_id == mid)):
        moment.mediation_id = None
    for crisis in db.scalars(select(Crisis).where(Crisis.mediation_id == mid)):
        crisis.mediation_id = None
    db.delete(m)
    db.flush()
    audit.record("mediation_delete", object_type="mediation", object_id=mid, location_id=case.location_id, session=db)


# ------------------------------------------------------------------------- stage
def _set_event_date(m: Mediation, stage: MediationStage, event_on: date | None) -> None:
    if stage is MediationStage.DAGVAARDING:
        m.hearing_on = event_on
    elif stage is MediationStage.AANZEGGING_ONTRUIMING:
        m.eviction_on = event_on


def change_stage(
    db: Session,
    case: Case,
    m: Mediation,
    stage: MediationStage,
    *,
    on: date,
    event_on: date | None,
    by_user_id: int | None,
    today: date,
) -> MediationStageChange:
    """Move the mediation to a stage (any direction: a failed regeling goes back to the
    deurwaarder). The same stage again only with a new zittings- or ontruimingsdatum
    (postponed). An announced eviction opens an eviction crisis."""
    if on > today:
        raise MediationError("stage_on", _("Deze datum ligt in de toekomst."))
    if on < m.started_on:
        raise MediationError("stage_on", _("Deze datum ligt voor het begin van de bemiddeling."))
    if stage in EVENT_DATE_STAGES and event_on is None:
        raise MediationError("event_on", _("Vul de datum van de zitting of de ontruiming in."))
    if stage not in EVENT_DATE_STAGES and event_on is not None:
        raise MediationError("event_on", _("Deze datum hoort alleen bij een dagvaarding of een aanzegging van ontruiming."))
    if stage.value == m.stage:
        current = m.hearing_on if stage is MediationStage.DAGVAARDING else m.eviction_on
        if stage not in EVENT_DATE_STAGES or current == event_on:
            raise MediationError("stage", _("De bemiddeling is al in deze fase."))
    change = MediationStageChange(
        case_id=case.id, from_stage=m.stage, to_stage=stage.value, on=on, event_on=event_on, by_user_id=by_user_id
    )
    m.stage_history.append(change)
    m.stage = stage.value
    m.stage_on = on
    _set_event_date(m, stage, event_on)
    m.updated_at = utcnow()
    db.flush()
    audit.record("mediation_stage", object_type="mediation", object_id=m.id, location_id=case.location_id,
                 detail=stage.value, session=db)  # fmt: skip
    if stage is MediationStage.AANZEGGING_ONTRUIMING:
        _eviction_crisis(db, case, m, on, by_user_id=by_user_id)
    return change


def set_outcome(
    db: Session, case: Case, m: Mediation, outcome: MediationOutcome | None, *, on: date | None, by_user_id: int | None, today: date
) -> None:
    """Record (or clear) the outcome. Opgelost, doorverwezen and ontruimd end the mediation."""
    if outcome is not None:
        if on is None:
            raise MediationError("outcome_on", _("Vul de datum van de uitkomst in."))
        if on > today:
            raise MediationError("outcome_on", _("Deze datum ligt in de toekomst."))
        if on < m.started_on:
            raise MediationError("outcome_on", _("Deze datum ligt voor het begin van de bemiddeling."))
    reopening = not is_running(m) and (outcome is None or outcome not in CLOSING_OUTCOMES)
    if reopening:
        other = running_mediation(db, case)
        if other is not None and other.id != m.id:
            raise MediationError("outcome", _("Er loopt al een andere bemiddeling voor dit dossier."))
    m.outcome = outcome.value if outcome is not None else None
    m.outcome_on = on if outcome is not None else None
    m.updated_at = utcnow()
    db.flush()
    audit.record("mediation_outcome", object_type="mediation", object_id=m.id, location_id=case.location_id,
                 detail=outcome.value if outcome else "leeg", session=db)  # fmt: skip


# ------------------------------------------------------------------ arrangement
@dataclass
class ArrangementInput:
    amount: Money
    start_on: date
    months: int
    made_on: date


def make_arrangement(
    db: Session, case: Case, m: Mediation, data: ArrangementInput, *, by_user_id: int | None
) -> PaymentArrangement:
    """Agree a payment arrangement: its instalments are made at once. A running one is
    ended as "vervangen". From an early stage the mediation moves to "betalingsregeling"."""
    if not is_running(m):
        raise MediationError("amount", _("Deze bemiddeling is afgerond. Start een nieuwe bemiddeling."))
    if data.made_on < m.started_on:
        raise MediationError("made_on", _("Deze datum ligt voor het begin van de bemiddeling."))
    old = current_arrangement(m)
    if old is not None:
        old.ended_on = data.made_on
        old.end_reason = ArrangementEnd.VERVANGEN.value
    arr = PaymentArrangement(
        case_id=case.id, made_on=data.made_on, start_on=data.start_on, months=data.months, created_by_user_id=by_user_id
    )
    arr.amount = data.amount
    for number, due in enumerate(instalment_due_dates(data.start_on, data.months), start=1):
        arr.instalments.append(Instalment(case_id=case.id, number=number, due_on=due, status=InstalmentStatus.OPEN.value))
    m.arrangements.append(arr)
    m.updated_at = utcnow()
    db.flush()
    audit.record("arrangement_create", object_type="mediation", object_id=m.id, location_id=case.location_id, session=db)
    if MediationStage(m.stage) in STAGES_BEFORE_ARRANGEMENT:
        change_stage(db, case, m, MediationStage.BETALINGSREGELING, on=data.made_on, event_on=None,
                     by_user_id=by_user_id, today=data.made_on)  # fmt: skip
    return arr


def end_arrangement(
    db: Session, case: Case, m: Mediation, arr: PaymentArrangement, reason: ArrangementEnd, *, on: date,
    by_user_id: int | None, today: date,
) -> None:  # fmt: skip
    if arr.ended_on is not None:
        raise MediationError("reason", _("Deze regeling is al beëindigd."))
    if on > today:
        raise MediationError("on", _("Deze datum ligt in de toekomst."))
    if on < arr.made_on:
        raise MediationError("on", _("Deze datum ligt voor het begin van de regeling."))
    arr.ended_on = on
    arr.end_reason = reason.value
    m.updated_at = utcnow()
    db.flush()
    audit.record("arrangement_end", object_type="mediation", object_id=m.id, location_id=case.location_id,
                 detail=reason.value, session=db)  # fmt: skip


def mark_instalment(
    db: Session, case: Case, m: Mediation, inst: Instalment, status: InstalmentStatus, *, on: date | None,
    by_user_id: int | None, today: date,
) -> None:  # fmt: skip
    """Mark an instalment paid or missed (dated, by whom), or back to open. A missed
    instalment can later be marked paid ("alsnog betaald")."""
    if inst.arrangement.ended_on is not None:
        raise MediationError("status", _("Deze regeling is beëindigd. Termijnen kunnen niet meer veranderen."))
    if status is InstalmentStatus.OPEN:
        inst.status = status.value
        inst.was_missed = False
        inst.marked_on = None
        inst.marked_by_user_id = None
    else:
        if on is None:
            raise MediationError("on", _("Vul een datum in."))
        if on > today:
            raise MediationError("on", _("Deze datum ligt in de toekomst."))
        if status is InstalmentStatus.GEMIST and inst.due_on > today:
            raise MediationError("status", _("Deze termijn moet nog komen. Hij kan nog niet gemist zijn."))
        if status is InstalmentStatus.GEMIST and on < inst.due_on:
            raise MediationError("on", _("Een termijn is pas gemist na de vervaldag."))
        if inst.status == status.value:
            raise MediationError("status", _("Deze termijn staat al zo."))
        if status is InstalmentStatus.GEMIST:
            inst.was_missed = True
        inst.status = status.value
        inst.marked_on = on
        inst.marked_by_user_id = by_user_id
    m.updated_at = utcnow()
    db.flush()
    audit.record("instalment_mark", object_type="mediation", object_id=m.id, location_id=case.location_id,
                 detail=status.value, session=db)  # fmt: skip


# ------------------------------------------------------------------------ crisis
def crises_of(db: Session, case: Case) -> list[Crisis]:
    """Unhandled first (earliest first), then handled (latest first)."""
    rows = list(db.scalars(select(Crisis).where(Crisis.case_id == case.id).order_by(Crisis.since, Crisis.id)))
    return [c for c in rows if c.handled_on is None] + sorted(
        (c for c in rows if c.handled_on is not None), key=lambda c: (c.handled_on, c.id), reverse=True
    )


def get_crisis(db: Session, case: Case, crisis_id: int) -> Crisis | None:
    return db.scalar(select(Crisis).where(Crisis.id == crisis_id, Crisis.case_id == case.id))


def refresh_crisis_since(db: Session, case: Case) -> None:
    """``Case.crisis_since`` = the earliest ``since`` of the unhandled crises, or empty.
    That is what puts a case on top of the coach's and the coordinator's lists."""
    db.flush()
    since = db.scalar(select(func.min(Crisis.since)).where(Crisis.case_id == case.id, Crisis.handled_on.is_(None)))
    if case.crisis_since != since:
        case.crisis_since = since
        db.flush()


def add_crisis(
    db: Session, case: Case, kind: CrisisKind, *, since: date, by_user_id: int | None, today: date,
    mediation_id: int | None = None,
) -> Crisis:  # fmt: skip
    if since > today:
        raise MediationError("since", _("Deze datum ligt in de toekomst."))
    open_same = db.scalar(
        select(Crisis.id).where(Crisis.case_id == case.id, Crisis.kind == kind.value, Crisis.handled_on.is_(None))
    )
    if open_same is not None:
        raise MediationError("kind", _("Deze crisis staat al open. Handel die eerst af."))
    crisis = Crisis(case_id=case.id, kind=kind.value, since=since, mediation_id=mediation_id, created_by_user_id=by_user_id)
    db.add(crisis)
    db.flush()
    audit.record("crisis_add", object_type="case", object_id=case.id, location_id=case.location_id,
                 detail=kind.value, session=db)  # fmt: skip
    refresh_crisis_since(db, case)
    return crisis


def _eviction_crisis(db: Session, case: Case, m: Mediation, since: date, *, by_user_id: int | None) -> None:
    """An announced eviction is a crisis, unless one is already open."""
    open_same = db.scalar(
        select(Crisis.id).where(
            Crisis.case_id == case.id, Crisis.kind == CrisisKind.ONTRUIMING.value, Crisis.handled_on.is_(None)
        )
    )
    if open_same is None:
        add_crisis(db, case, CrisisKind.ONTRUIMING, since=since, by_user_id=by_user_id, today=since, mediation_id=m.id)


def handle_crisis(
    db: Session, case: Case, crisis: Crisis, action: CrisisAction, *, on: date, by_user_id: int | None, today: date
) -> None:
    if crisis.handled_on is not None:
        raise MediationError("action", _("Deze crisis is al afgehandeld."))
    if on > today:
        raise MediationError("on", _("Deze datum ligt in de toekomst."))
    if on < crisis.since:
        raise MediationError("on", _("Deze datum ligt voor het begin van de crisis."))
    crisis.handled_on = on
    crisis.action = action.value
    crisis.handled_by_user_id = by_user_id
    db.flush()
    audit.record("crisis_handled", object_type="case", object_id=case.id, location_id=case.location_id,
                 detail=action.value, session=db)  # fmt: skip
    refresh_crisis_since(db, case)


def crisis_deadline_of(case: Case) -> date | None:
    """The deadline shown with the red "Crisis" badge: 3 working days after the earliest
    unhandled crisis (``Case.crisis_since``)."""
    return crisis_deadline(case.crisis_since) if case.crisis_since else None


def crises_for_readiness(db: Session, case: Case) -> list[CrisisFlag]:
    """The case's crises in the input format of ``readiness.ReadinessInput.crises``:
    one ``CrisisFlag`` per readiness kind that was ever recorded, ``handled`` when every
    crisis of that kind is handled. Energy and water both count as
    ``AFSLUITING_ENERGIE_WATER``. Use ``tuple(...)`` for the input."""
    to_readiness = {
        CrisisKind.ONTRUIMING: ReadinessKind.ONTRUIMING,
        CrisisKind.AFSLUITING_ENERGIE: ReadinessKind.AFSLUITING_ENERGIE_WATER,
        CrisisKind.AFSLUITING_WATER: ReadinessKind.AFSLUITING_ENERGIE_WATER,
        CrisisKind.ZORGVERZEKERING_OPGEZEGD: ReadinessKind.ZORGVERZEKERING_OPGEZEGD,
    }
    handled: dict[ReadinessKind, bool] = {}
    for crisis in db.scalars(select(Crisis).where(Crisis.case_id == case.id).order_by(Crisis.id)):
        kind = to_readiness[CrisisKind(crisis.kind)]
        handled[kind] = handled.get(kind, True) and crisis.handled_on is not None
    return [CrisisFlag(kind, done) for kind, done in sorted(handled.items(), key=lambda kv: list(ReadinessKind).index(kv[0]))]


# --------------------------------------------------------------- contact attempts
ATTEMPT_KINDS = (ContactKind.TELEFOON, ContactKind.EMAIL, ContactKind.BRIEF, ContactKind.SAMEN_NAAR_INSTANTIE, ContactKind.AFSPRAAK)


def add_attempt(db: Session, case: Case, m: Mediation, data: Mapping[str, Any], *, by_user_id: int | None) -> ContactMoment:
    """A contact attempt with the landlord: a contact moment of the case (the hours count
    for funders) linked to this mediation, with "reached or not"."""
    return add_contact(db, case, on=data["on"], kind=data["kind"], minutes=data["minutes"], note=None,
                       by_user_id=by_user_id, mediation_id=m.id, reached=data["reached"])  # fmt: skip


def attempts_of(db: Session, m: Mediation) -> list[ContactMoment]:
    stmt = select(ContactMoment).where(ContactMoment.mediation_id == m.id).order_by(ContactMoment.on.desc(), ContactMoment.id.desc())
    return list(db.scalars(stmt))


# ------------------------------------------------------------------ case alerts
@dataclass(frozen=True)
class CaseAlert:
    """A banner above every page of a case. ``kind``: ``crisis`` or ``gemist``."""

    kind: str
    text: str
    deadline: date | None = None


def case_alerts(db: Session, case: Case, today: date) -> list[CaseAlert]:
    """Unhandled crises (with their deadline) and missed instalments of the running
    mediation: what a coach must see on every page of the case."""
    from schoonschip.cases.mediation.rules import CRISIS_LABELS_NL

    out: list[CaseAlert] = []
    if case.crisis_since is not None:
        for c in db.scalars(select(Crisis).where(Crisis.case_id == case.id, Crisis.handled_on.is_(None)).order_by(Crisis.since)):
            out.append(CaseAlert("crisis", _(CRISIS_LABELS_NL[CrisisKind(c.kind)]), crisis_deadline(c.since)))
    for m in db.scalars(select(Mediation).where(Mediation.case_id == case.id).options(selectinload(Mediation.arrangements))):
        missed = missed_instalments(m)
        if missed:
            out.append(
                CaseAlert(
                    "gemist",
                    _(
                        "Een termijn van de betalingsregeling is gemist (vervaldag %(d)s). Verhuurders starten dan vaak "
                        "de procedure opnieuw: neem snel contact op met de verhuurder.",
                        d=missed[0].due_on.strftime("%d-%m-%Y"),
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


# -------------------------------------------------------------------------- demo
def _demo_cases(db: Session, location_id: int) -> list[Case]:
    """Demo cases at a location fit for a mediation: in step B or C or ready for
    handover, with a resident, not in crisis already; by reference (deterministic)."""
    from schoonschip.cases.casefile.models import Stage
    from schoonschip.cases.casefile.resident import Resident

    stages = (Stage.B_INZICHT.value, Stage.C_AANPAK.value, Stage.KLAAR_VOOR_OVERDRACHT.value)
    stmt = (
        select(Case)
        .join(Resident, Resident.case_id == Case.id)
        .where(Case.location_id == location_id, Case.stage.in_(stages), Case.erased_at.is_(None), Case.crisis_since.is_(None))
        .order_by(Case.reference)
    )
    return list(db.scalars(stmt))


def _demo_mediation(
    db: Session, case: Case, *, today: date, started: date, stage: MediationStage, kale: int, service: int,
    toeslag: int, to_landlord: bool, arrears: int, collection: int = 0, court: int = 0,
) -> Mediation:  # fmt: skip
    resident = resident_of(db, case.id)
    landlord = Landlord(resident.landlord) if resident is not None and resident.landlord else Landlord.YMERE
    if landlord in (Landlord.PARTICULIER, Landlord.ANDERS):
        landlord = Landlord.EIGEN_HAARD
    rent = kale + service - (toeslag if to_landlord else 0)
    data = MediationInput(
        landlord=landlord,
        contract_number=f"DEMO-{case.reference[-4:]}-{kale}",
        kale_huur=Money(kale * 100),
        servicekosten=Money(service * 100),
        huurtoeslag=Money(toeslag * 100) if toeslag else None,
        toeslag_to_landlord=to_landlord,
        arrears=Money(arrears * 100),
        oldest_unpaid_month=(started - timedelta(days=31 * max(1, arrears // max(rent, 1)))).replace(day=1),
        collection_costs=Money(collection * 100) if collection else None,
        court_costs=Money(court * 100) if court else None,
        peildatum=started,
        started_on=started,
        stage=stage,
    )
    return create_mediation(db, case, data, by_user_id=case.coach_id, today=today)


def demo_mediations(db: Session, locs: Mapping[str, Any], _users: Mapping[str, Any], today: date) -> None:
    """DEMO_STEPS: four mediations on demo cases of the three locations, and a crisis
    record behind every demo case that the case file put "in crisis".

    * cjm: an arrangement with a missed instalment (the warning);
    * multibron: an eviction announced today, so a crisis with its deadline 3 working
      days from now;
    * handreiking: an arrangement running well (every due instalment paid);
    * cjm: an eviction averted with a "laatste kans" arrangement (regeling loopt).

    Deterministic (dates relative to ``today``); does nothing when mediations exist."""
    if db.scalar(select(func.count(Mediation.id))):
        return
    # The case file's demo marks some cases as in crisis without saying why: give each a
    # crisis record, so the Huur tab explains it and handling it clears the flag.
    kinds = [CrisisKind.AFSLUITING_ENERGIE, CrisisKind.ZORGVERZEKERING_OPGEZEGD, CrisisKind.AFSLUITING_WATER]
    flagged = db.scalars(select(Case).where(Case.crisis_since.is_not(None), Case.erased_at.is_(None)).order_by(Case.reference))
    for n, case in enumerate(list(flagged)):
        if db.scalar(select(Crisis.id).where(Crisis.case_id == case.id)) is None:
            assert case.crisis_since is not None
            add_crisis(db, case, kinds[n % len(kinds)], since=case.crisis_since, by_user_id=case.coach_id, today=today)

    used: set[int] = set()

    def pick(code: str, days: int) -> tuple[Case, date] | None:
        """A free demo case at the location, preferably opened more than a week before
        the mediation starts (``days`` ago)."""
        loc = locs.get(code)
        if loc is None:
            return None
        free = [c for c in _demo_cases(db, loc.id) if c.id not in used]
        old_enough = [c for c in free if c.opened_on <= today - timedelta(days=days + 7)]
        chosen = (old_enough or free or [None])[0]
        if chosen is None:
            return None
        used.add(chosen.id)
        return chosen, today - timedelta(days=days)

    # 1. cjm: arrangement with a missed instalment.
    picked = pick("cjm", 150)
    if picked is not None:
        case, started = picked
        m = _demo_mediation(db, case, today=today, started=started, stage=MediationStage.VROEG_EROPAF,
                            kale=612, service=48, toeslag=210, to_landlord=True, arrears=1350, collection=40)  # fmt: skip
        change_stage(db, case, m, MediationStage.AANBOD_HULP, on=started + timedelta(days=10), event_on=None,
                     by_user_id=case.coach_id, today=today)  # fmt: skip
        add_attempt(db, case, m, {"kind": ContactKind.TELEFOON.value, "on": started + timedelta(days=3), "reached": False,
                                  "minutes": 10}, by_user_id=case.coach_id)  # fmt: skip
        add_attempt(db, case, m, {"kind": ContactKind.TELEFOON.value, "on": started + timedelta(days=5), "reached": True,
                                  "minutes": 25}, by_user_id=case.coach_id)  # fmt: skip
        arr = make_arrangement(db, case, m, ArrangementInput(Money(75_00), started + timedelta(days=35), 18,
                                                             started + timedelta(days=20)), by_user_id=case.coach_id)  # fmt: skip
        due = [i for i in arr.instalments if i.due_on <= today]
        for i in due[:-1]:
            mark_instalment(db, case, m, i, InstalmentStatus.BETAALD, on=i.due_on, by_user_id=case.coach_id, today=today)
        if due:
            last = due[-1]
            mark_instalment(db, case, m, last, InstalmentStatus.GEMIST, on=min(today, last.due_on + timedelta(days=3)),
                            by_user_id=case.coach_id, today=today)  # fmt: skip
        set_outcome(db, case, m, MediationOutcome.REGELING_LOOPT, on=started + timedelta(days=20), by_user_id=case.coach_id,
                    today=today)  # fmt: skip

    # 2. multibron: eviction announced today -> crisis, deadline in 3 working days.
    picked = pick("multibron", 60)
    if picked is not None:
        case, started = picked
        m = _demo_mediation(db, case, today=today, started=started, stage=MediationStage.DEURWAARDER,
                            kale=705, service=35, toeslag=0, to_landlord=False, arrears=2960, collection=185, court=410)  # fmt: skip
        change_stage(db, case, m, MediationStage.DAGVAARDING, on=started + timedelta(days=14),
                     event_on=started + timedelta(days=42), by_user_id=case.coach_id, today=today)  # fmt: skip
        change_stage(db, case, m, MediationStage.VONNIS, on=started + timedelta(days=56), event_on=None,
                     by_user_id=case.coach_id, today=today)  # fmt: skip
        change_stage(db, case, m, MediationStage.AANZEGGING_ONTRUIMING, on=today, event_on=today + timedelta(days=16),
                     by_user_id=case.coach_id, today=today)  # fmt: skip
        add_attempt(db, case, m, {"kind": ContactKind.BRIEF.value, "on": today - timedelta(days=1), "reached": False,
                                  "minutes": 20}, by_user_id=case.coach_id)  # fmt: skip

    # 3. handreiking: an arrangement running well.
    picked = pick("handreiking", 200)
    if picked is not None:
        case, started = picked
        m = _demo_mediation(db, case, today=today, started=started, stage=MediationStage.SIGNAAL,
                            kale=560, service=60, toeslag=180, to_landlord=False, arrears=980)  # fmt: skip
        arr = make_arrangement(db, case, m, ArrangementInput(Money(50_00), started + timedelta(days=30), 20,
                                                             started + timedelta(days=14)), by_user_id=case.coach_id)  # fmt: skip
        for i in arr.instalments:
            if i.due_on <= today:
                mark_instalment(db, case, m, i, InstalmentStatus.BETAALD, on=i.due_on, by_user_id=case.coach_id, today=today)
        set_outcome(db, case, m, MediationOutcome.REGELING_LOOPT, on=started + timedelta(days=14), by_user_id=case.coach_id,
                    today=today)  # fmt: skip

    # 4. cjm: eviction averted.
    picked = pick("cjm", 120)
    if picked is not None:
        case, started = picked
        m = _demo_mediation(db, case, today=today, started=started, stage=MediationStage.VONNIS,
                            kale=640, service=40, toeslag=0, to_landlord=False, arrears=3400, collection=220, court=520)  # fmt: skip
        change_stage(db, case, m, MediationStage.AANZEGGING_ONTRUIMING, on=started + timedelta(days=20),
                     event_on=started + timedelta(days=41), by_user_id=case.coach_id, today=today)  # fmt: skip
        crisis = db.scalar(select(Crisis).where(Crisis.case_id == case.id, Crisis.handled_on.is_(None)))
        if crisis is not None:
            handle_crisis(db, case, crisis, CrisisAction.MORATORIUM_AANGEVRAAGD, on=started + timedelta(days=22),
                          by_user_id=case.coach_id, today=today)  # fmt: skip
        arr = make_arrangement(db, case, m, ArrangementInput(Money(120_00), started + timedelta(days=40), 24,
                                                             started + timedelta(days=30)), by_user_id=case.coach_id)  # fmt: skip
        change_stage(db, case, m, MediationStage.ONTRUIMING_AFGEWEND, on=started + timedelta(days=35), event_on=None,
                     by_user_id=case.coach_id, today=today)  # fmt: skip
        for i in arr.instalments:
            if i.due_on <= today:
                mark_instalment(db, case, m, i, InstalmentStatus.BETAALD, on=i.due_on, by_user_id=case.coach_id, today=today)
        set_outcome(db, case, m, MediationOutcome.REGELING_LOOPT, on=started + timedelta(days=35), by_user_id=case.coach_id,
                    today=today)  # fmt: skip
    db.flush()

