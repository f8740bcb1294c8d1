"""Rent-arrears mediation and crisis: services.

Views hand submitted forms to the ``parse_*`` functions, call a service here and render.
The rules (arrears in months, the 3-working-day deadline, instalment dates, urgency) are
in :mod:`schoonschip.cases.mediation.rules` (pure).

Public API for other features:

* :func:`crises_for_readiness` ``(db, case) -> list[readiness.CrisisFlag]``
* :func:`mediation_summaries` ``(db, case, today) -> list[(Mediation, Summary)]`` and
  :func:`rent_arrangement_facts` ``(summaries) -> list[readiness.RentArrangementFacts]``
  (missed and unmarked instalments, for the readiness checklist and the dossier)
* :func:`schoonschip.cases.mediation.overview.mediation_facts_for_reports`
  ``(db) -> list[reports.indicators.MediationFact]`` (with the case banners and the coordinator's list)

Reads other areas only through their services: the rent debt (``debts.service.rent_debt_of``,
``record_payment``, ``undo_payment``, in ``debts.payments``) and the rent in the budget (``budget.service.rent_in_budget``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from schoonschip import audit
from schoonschip.budget.service import rent_in_budget
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ContactKind, ContactMoment, add_contact
from schoonschip.cases.casefile.resident import Landlord, resident_of
from schoonschip.cases.debts.payments import open_amount_of, record_payment, rent_debt_of, undo_payment
from schoonschip.cases.handover.rules import CrisisFlag, RentArrangementFacts
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
    PlanCheck,
    arrears_months,
    at_court_threshold,
    check_plan,
    crisis_deadline,
    instalment_due_dates,
    monthly_rent_due,
    next_date,
)
from schoonschip.dates import IN_FUTURE
from schoonschip.db import utcnow
from schoonschip.i18n import N_
from schoonschip.money import Money


class MediationError(ValueError):
    """A refused action. Dutch message; ``field`` is the form field it belongs next to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# ------------------------------------------------------------------------ reading
def is_running(m: Mediation) -> bool:
    """Running: no outcome yet, or "regeling loopt" (the instalments still need watching)."""
    return m.outcome is None or MediationOutcome(m.outcome) not in CLOSING_OUTCOMES


# With their arrangements and instalments: every summary reads them, so one query each for all
# of the case's mediations instead of one per mediation and arrangement; built once (docs/performance.md).
_MEDIATIONS_OF = (
    select(Mediation)
    .where(Mediation.case_id == bindparam("case_id"))
    .options(selectinload(Mediation.arrangements).selectinload(PaymentArrangement.instalments))
    .order_by(Mediation.started_on.desc(), Mediation.id.desc())
)


def mediations_of(db: Session, case: Case) -> list[Mediation]:
    """Newest first."""
    return list(db.scalars(_MEDIATIONS_OF, {"case_id": case.id}))


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


# The fields the form gives as they are and the mediation stores as they are.
COPIED_FIELDS = (
    "contract_number", *AMOUNT_FIELDS, "toeslag_to_landlord", "oldest_unpaid_month", "peildatum",
    "benefit_deduction", "benefit_deduction_since", "started_on",
)  # fmt: skip


def _apply(m: Mediation, data: MediationInput) -> None:
    m.landlord = data.landlord.value if data.landlord is not None else None
    for name in COPIED_FIELDS:
        new = getattr(data, name)
        if name in CHECKBOXES:
            new = bool(new)
        if getattr(m, name) != new:  # only touch what changed (sealed fields re-seal on set)
            setattr(m, name, new)


# ------------------------------------------------------------- starting from the case
@dataclass(frozen=True)
class Prefill:
    """What the case already knows for a new mediation, and where each value came from."""

    landlord: Landlord | None
    kale_huur: Money | None
    huurtoeslag: Money | None
    arrears: Money | None
    collection_costs: Money | None
    court_costs: Money | None
    peildatum: date | None
    from_debt: bool  # landlord, arrears and costs come from the rent debt in the debt list
    from_budget: bool  # the rent and huurtoeslag come from the budget


def landlord_for(creditor_name: str, *, private: bool) -> Landlord | None:
    """The landlord code for a creditor's name ("Eigen Haard", "Woningstichting Ymere"), or
    None when the name is none of the corporations we know."""
    if private:
        return Landlord.PARTICULIER
    name = " ".join(creditor_name.lower().split())
    for landlord in Landlord:
        if landlord in (Landlord.PARTICULIER, Landlord.ANDERS):
            continue
        if landlord.label.lower() in name:
            return landlord
    return None


def prefill_from_case(db: Session, case: Case) -> Prefill:
    """A new mediation filled in from the rent debt (landlord, arrears, costs, peildatum) and
    the budget (rent, huurtoeslag); the landlord falls back to the Persoon tab."""
    debt = rent_debt_of(db, case)
    budget = rent_in_budget(db, case.id)
    resident = resident_of(db, case.id)
    landlord = landlord_for(debt.creditor_name, private=debt.private) if debt is not None else None
    if landlord is None and resident is not None and resident.landlord:
        landlord = Landlord(resident.landlord)
    if landlord is None and debt is not None:
        landlord = Landlord.ANDERS
    return Prefill(
        landlord=landlord,
        kale_huur=budget.rent if budget is not None else None,
        huurtoeslag=budget.huurtoeslag if budget is not None else None,
        arrears=debt.hoofdsom if debt is not None else None,
        collection_costs=debt.costs if debt is not None else None,
        court_costs=debt.court_costs if debt is not None else None,
        peildatum=debt.peildatum if debt is not None else None,
        from_debt=debt is not None,
        from_budget=budget is not None and (budget.rent is not None or budget.huurtoeslag is not None),
    )


def owed_now(db: Session, case: Case, m: Mediation) -> Money | None:
    """What is still owed on the rent: the open amount of the linked rent debt (lowered by
    every paid instalment), or else the arrears and costs recorded on the mediation."""
    if m.debt_id is not None:
        open_amount = open_amount_of(db, case, m.debt_id)
        if open_amount is not None:
            return open_amount
    parts = [p for p in (m.arrears, m.collection_costs, m.court_costs) if p is not None]
    return sum(parts, Money(0)) if parts else None


def plan_check_of(db: Session, case: Case, m: Mediation) -> PlanCheck | None:
    """The running arrangement held against what is owed now: the instalments not yet paid
    against the open amount (at the start: the whole plan against the arrears)."""
    arr = current_arrangement(m)
    owed = owed_now(db, case, m)
    if arr is None or owed is None or arr.amount is None:
        return None
    left = sum(1 for i in arr.instalments if i.status != InstalmentStatus.BETAALD.value)
    return check_plan(arr.amount, left, owed)


# ------------------------------------------------------------------ mediation CRUD
def create_mediation(db: Session, case: Case, data: MediationInput, *, by_user_id: int | None, today: date) -> Mediation:
    if running_mediation(db, case) is not None:
        raise MediationError("landlord", N_("Er loopt al een bemiddeling voor dit dossier. Rond die eerst af."))
    if data.started_on is None:
        raise MediationError("started_on", N_("Vul in wanneer de bemiddeling begon."))
    stage = data.stage or MediationStage.SIGNAAL
    m = Mediation(case_id=case.id, stage=stage.value, stage_on=data.started_on, created_by_user_id=by_user_id)
    rent_debt = rent_debt_of(db, case)
    m.debt_id = rent_debt.debt_id if rent_debt is not None else None
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
        raise MediationError("stage_on", IN_FUTURE)
    if on < m.started_on:
        raise MediationError("stage_on", N_("Deze datum ligt voor het begin van de bemiddeling."))
    if stage in EVENT_DATE_STAGES and event_on is None:
        raise MediationError("event_on", N_("Vul de datum van de zitting of de ontruiming in."))
    if stage not in EVENT_DATE_STAGES and event_on is not None:
        raise MediationError("event_on", N_("Deze datum hoort alleen bij een dagvaarding of een aanzegging van ontruiming."))
    if stage.value == m.stage:
        current = m.hearing_on if stage is MediationStage.DAGVAARDING else m.eviction_on
        if stage not in EVENT_DATE_STAGES or current == event_on:
            raise MediationError("stage", N_("De bemiddeling is al in deze fase."))
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
            raise MediationError("outcome_on", N_("Vul de datum van de uitkomst in."))
        if on > today:
            raise MediationError("outcome_on", IN_FUTURE)
        if on < m.started_on:
            raise MediationError("outcome_on", N_("Deze datum ligt voor het begin van de bemiddeling."))
    reopening = not is_running(m) and (outcome is None or outcome not in CLOSING_OUTCOMES)
    if reopening:
        other = running_mediation(db, case)
        if other is not None and other.id != m.id:
            raise MediationError("outcome", N_("Er loopt al een andere bemiddeling voor dit dossier."))
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
        raise MediationError("amount", N_("Deze bemiddeling is afgerond. Start een nieuwe bemiddeling."))
    # The agreement may have been made before the mediation was recorded here: the coach
    # often hears of it afterwards. Only a date in the future is refused (the form's date rule).
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
        change_stage(db, case, m, MediationStage.BETALINGSREGELING, on=max(data.made_on, m.started_on), event_on=None,
                     by_user_id=by_user_id, today=max(data.made_on, m.started_on))  # fmt: skip
    return arr


def end_arrangement(
    db: Session, case: Case, m: Mediation, arr: PaymentArrangement, reason: ArrangementEnd, *, on: date,
    by_user_id: int | None, today: date,
) -> None:  # fmt: skip
    if arr.ended_on is not None:
        raise MediationError("reason", N_("Deze regeling is al beëindigd."))
    if on > today:
        raise MediationError("on", IN_FUTURE)
    if on < arr.made_on:
        raise MediationError("on", N_("Deze datum ligt voor het begin van de regeling."))
    arr.ended_on = on
    arr.end_reason = reason.value
    m.updated_at = utcnow()
    db.flush()
    audit.record("arrangement_end", object_type="mediation", object_id=m.id, location_id=case.location_id,
                 detail=reason.value, session=db)  # fmt: skip


def mark_instalment(
    db: Session, case: Case, m: Mediation, inst: Instalment, status: InstalmentStatus, *, on: date | None,
    by_user_id: int | None, today: date,
) -> Money | None:  # fmt: skip
    """Mark an instalment paid or missed (dated, by whom), or back to open. A missed
    instalment can later be marked paid ("alsnog betaald").

    A paid instalment lowers the open amount of the rent debt in the debt list and is written
    in that debt's history; setting it back (open or missed) undoes exactly that payment.
    Returns what is still open on the rent debt afterwards (None without a rent debt)."""
    was_paid = inst.status == InstalmentStatus.BETAALD.value
    if inst.arrangement.ended_on is not None:
        raise MediationError("status", N_("Deze regeling is beëindigd. Termijnen kunnen niet meer veranderen."))
    if status is InstalmentStatus.OPEN:
        inst.status = status.value
        inst.was_missed = False
        inst.marked_on = None
        inst.marked_by_user_id = None
    else:
        if on is None:
            raise MediationError("on", N_("Vul een datum in."))
        if on > today:
            raise MediationError("on", IN_FUTURE)
        if status is InstalmentStatus.GEMIST and inst.due_on > today:
            raise MediationError("status", N_("Deze termijn moet nog komen. Hij kan nog niet gemist zijn."))
        if status is InstalmentStatus.GEMIST and on < inst.due_on:
            raise MediationError("on", N_("Een termijn is pas gemist na de vervaldag."))
        if inst.status == status.value:
            raise MediationError("status", N_("Deze termijn staat al zo."))
        if status is InstalmentStatus.GEMIST:
            inst.was_missed = True
        inst.status = status.value
        inst.marked_on = on
        inst.marked_by_user_id = by_user_id
    m.updated_at = utcnow()
    db.flush()
    audit.record("instalment_mark", object_type="mediation", object_id=m.id, location_id=case.location_id,
                 detail=status.value, session=db)  # fmt: skip
    return _book_on_rent_debt(db, case, m, inst, was_paid=was_paid, on=on or today, by_user_id=by_user_id)


def _book_on_rent_debt(
    db: Session, case: Case, m: Mediation, inst: Instalment, *, was_paid: bool, on: date, by_user_id: int | None
) -> Money | None:
    if m.debt_id is None:  # a mediation started before the rent debt was in the list
        rent_debt = rent_debt_of(db, case)
        m.debt_id = rent_debt.debt_id if rent_debt is not None else None
    if m.debt_id is None:
        return None
    reference = f"termijn:{inst.id}"
    paid_now = inst.status == InstalmentStatus.BETAALD.value
    if paid_now and not was_paid and inst.arrangement.amount is not None:
        record_payment(db, case, m.debt_id, inst.arrangement.amount, on=on, reference=reference, by_user_id=by_user_id)
    elif was_paid and not paid_now:
        undo_payment(db, case, reference, on=on, by_user_id=by_user_id)
    return open_amount_of(db, case, m.debt_id)


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
        raise MediationError("since", IN_FUTURE)
    open_same = db.scalar(
        select(Crisis.id).where(Crisis.case_id == case.id, Crisis.kind == kind.value, Crisis.handled_on.is_(None))
    )
    if open_same is not None:
        raise MediationError("kind", N_("Deze crisis staat al open. Handel die eerst af."))
    crisis = Crisis(case_id=case.id, kind=kind.value, since=since, mediation_id=mediation_id, created_by_user_id=by_user_id)
    db.add(crisis)
    db.flush()
    audit.record_case("crisis_add", case, detail=kind.value, session=db)
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
        raise MediationError("action", N_("Deze crisis is al afgehandeld."))
    if on > today:
        raise MediationError("on", IN_FUTURE)
    if on < crisis.since:
        raise MediationError("on", N_("Deze datum ligt voor het begin van de crisis."))
    crisis.handled_on = on
    crisis.action = action.value
    crisis.handled_by_user_id = by_user_id
    db.flush()
    audit.record_case("crisis_handled", case, detail=action.value, session=db)
    refresh_crisis_since(db, case)


def crisis_deadline_of(case: Case) -> date | None:
    """The deadline shown with the red "Crisis" badge: 3 working days after the earliest
    unhandled crisis (``Case.crisis_since``)."""
    return crisis_deadline(case.crisis_since) if case.crisis_since else None


_CRISES_OF = select(Crisis).where(Crisis.case_id == bindparam("case_id")).order_by(Crisis.id)  # built once: docs/performance.md


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
    for crisis in db.scalars(_CRISES_OF, {"case_id": case.id}):
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


# --------------------------------------------------------------- for readiness and the dossier
def mediation_summaries(db: Session, case: Case, today: date) -> list[tuple[Mediation, Summary]]:
    """Every mediation of the case (newest first) with its summary on ``today``: the one
    source the dossier's mediation section and the readiness checklist both read."""
    return [(m, summarise(m, today)) for m in mediations_of(db, case)]


def rent_arrangement_facts(summaries: list[tuple[Mediation, Summary]]) -> list[RentArrangementFacts]:
    """The running arrangements with missed or unmarked (past due) instalments, in the
    input format of ``readiness.ReadinessInput.rent_arrangements`` (key: mediation id)."""
    out = []
    for m, s in summaries:
        if s.missed or s.unmarked:
            out.append(RentArrangementFacts(
                mediation_key=m.id,
                missed=tuple(i.due_on for i in s.missed),
                unmarked=tuple(i.due_on for i in s.unmarked),
            ))
    return out


# ------------------------------------------------------------ for the worklist (many cases)
@dataclass(frozen=True)
class InstalmentAlert:
    """A missed instalment (still counting) or the next open one of a running arrangement."""

    case_id: int
    mediation_id: int
    due_on: date
    missed: bool
    reference: str = ""  # the case's (read with the instalment: no second query for a long list)


def instalment_alerts(
    db: Session, cases: Any, today: date, *, next_within_days: int = 14, missed_only: bool = False
) -> list[InstalmentAlert]:
    """For the cases the condition ``cases`` (on ``Case``) selects: every missed instalment of a
    running arrangement of a running mediation (as :func:`missed_instalments`), and per such
    arrangement its first open instalment when it is due within ``next_within_days`` (or
    already past). ``missed_only``: the missed ones only (a location's list).

    Nothing sealed is opened. Without ``missed_only`` the status is checked here, not in SQL,
    so the query starts from the few cases' rows (SQLite would otherwise walk the status
    index over every instalment in the database)."""
    stmt = (
        select(Instalment.case_id, PaymentArrangement.mediation_id, Instalment.arrangement_id, Instalment.due_on, Instalment.status,
               Case.reference)  # fmt: skip
        .join(PaymentArrangement, PaymentArrangement.id == Instalment.arrangement_id)
        .join(Mediation, Mediation.id == PaymentArrangement.mediation_id)
        .join(Case, Case.id == Instalment.case_id)
        .where(
            cases,
            PaymentArrangement.ended_on.is_(None),
            Mediation.outcome.is_(None) | Mediation.outcome.not_in([o.value for o in CLOSING_OUTCOMES]),
        )
        .order_by(Instalment.due_on, Instalment.id)
    )
    if missed_only:
        stmt = stmt.where(Instalment.status == InstalmentStatus.GEMIST.value)
    out: list[InstalmentAlert] = []
    seen_next: set[int] = set()
    horizon = today + timedelta(days=next_within_days)
    paid, missed = InstalmentStatus.BETAALD.value, InstalmentStatus.GEMIST.value  # not an enum look-up per row
    for case_id, mediation_id, arrangement_id, due_on, status, reference in db.execute(stmt):
        if status == paid:
            continue
        if status == missed:
            out.append(InstalmentAlert(case_id, mediation_id, due_on, True, reference))
        elif not missed_only and arrangement_id not in seen_next:
            seen_next.add(arrangement_id)
            if due_on <= horizon:
                out.append(InstalmentAlert(case_id, mediation_id, due_on, False, reference))
    return out


@dataclass(frozen=True)
class CrisisAlert:
    case_id: int
    kind: str  # CrisisKind value
    since: date
    deadline: date  # 3 working days after ``since``


def crisis_alerts(db: Session, cases: Any, *, few_cases: bool = False) -> list[CrisisAlert]:
    """Every unhandled crisis of the cases the condition ``cases`` (on ``Case``) selects,
    with its deadline (rules.md §1.4).

    ``few_cases``: the condition names a few cases (a coach's): "unhandled" is then checked
    here, not in SQL, so SQLite starts from those cases' crises instead of walking every
    unhandled crisis in the database (a location's list starts from those: few of them)."""
    stmt = (
        select(Crisis.case_id, Crisis.kind, Crisis.since, Crisis.handled_on)
        .join(Case, Case.id == Crisis.case_id)
        .where(cases)
        .order_by(Crisis.since, Crisis.id)
    )
    if not few_cases:
        stmt = stmt.where(Crisis.handled_on.is_(None))
    deadlines: dict[date, date] = {}  # per start day: a location's list has hundreds of crises, few distinct days
    out = []
    for case_id, kind, since, handled_on in db.execute(stmt):
        if handled_on is None:
            if (deadline := deadlines.get(since)) is None:
                deadline = deadlines[since] = crisis_deadline(since)
            out.append(CrisisAlert(case_id, kind, since, deadline))
    return out


@dataclass(frozen=True)
class OfferOfHelp:
    """A running mediation at "aanbod van hulp": the resident has not answered yet."""

    case_id: int
    mediation_id: int
    since: date


def offers_of_help_waiting(db: Session, cases: Any) -> list[OfferOfHelp]:
    rows = db.execute(
        select(Mediation.case_id, Mediation.id, Mediation.stage_on, Mediation.stage, Mediation.outcome)
        .join(Case, Case.id == Mediation.case_id)
        .where(cases)
    )  # stage and outcome are checked here, not in SQL: SQLite would otherwise walk the outcome
    # index over every running mediation in the database (10 ms at 20.000 cases; see instalment_alerts)
    return [OfferOfHelp(case_id, mid, on) for case_id, mid, on, stage, outcome in rows
            if outcome is None and stage == MediationStage.AANBOD_HULP.value]  # fmt: skip
