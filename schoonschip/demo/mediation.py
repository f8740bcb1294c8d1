"""Demo rent-arrears mediations and crisis records (``DEMO_STEPS``), made through the
mediation service's own functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ContactKind
from schoonschip.cases.casefile.resident import Landlord, resident_of
from schoonschip.cases.mediation.models import Crisis, Mediation, PaymentArrangement
from schoonschip.cases.mediation.rules import (
    CrisisAction,
    CrisisKind,
    InstalmentStatus,
    MediationOutcome,
    MediationStage,
)
from schoonschip.cases.mediation.service import (
    ArrangementInput,
    MediationInput,
    add_attempt,
    add_crisis,
    change_stage,
    create_mediation,
    handle_crisis,
    make_arrangement,
    mark_instalment,
    set_outcome,
)
from schoonschip.money import Money


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
    _crisis_records(db, today)
    pick = _picker(db, locs, today)
    for code, days, scenario in _SCENARIOS:
        picked = pick(code, days)
        if picked is not None:
            case, started = picked
            scenario(db, case, started, today)
    db.flush()


def _crisis_records(db: Session, today: date) -> None:
    # The case file's demo marks some cases as in crisis without saying why: give each a
    # crisis record, so the Huur tab explains it and handling it clears the flag.
    kinds = [CrisisKind.AFSLUITING_ENERGIE, CrisisKind.ZORGVERZEKERING_OPGEZEGD, CrisisKind.AFSLUITING_WATER]
    flagged = db.scalars(select(Case).where(Case.crisis_since.is_not(None), Case.erased_at.is_(None)).order_by(Case.reference))
    for n, case in enumerate(list(flagged)):
        if db.scalar(select(Crisis.id).where(Crisis.case_id == case.id)) is None:
            assert case.crisis_since is not None
            add_crisis(db, case, kinds[n % len(kinds)], since=case.crisis_since, by_user_id=case.coach_id, today=today)


def _picker(db: Session, locs: Mapping[str, Any], today: date) -> Callable[[str, int], tuple[Case, date] | None]:
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

    return pick


def _pay_due_instalments(db: Session, case: Case, m: Mediation, arr: PaymentArrangement, *, today: date, runs_since: date) -> None:
    """Every instalment due by today paid; the arrangement runs (outcome since ``runs_since``)."""
    for i in arr.instalments:
        if i.due_on <= today:
            mark_instalment(db, case, m, i, InstalmentStatus.BETAALD, on=i.due_on, by_user_id=case.coach_id, today=today)
    set_outcome(db, case, m, MediationOutcome.REGELING_LOOPT, on=runs_since, by_user_id=case.coach_id,
                today=today)  # fmt: skip


def _missed_instalment(db: Session, case: Case, started: date, today: date) -> None:
    """1. cjm: arrangement with a missed instalment."""
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


def _eviction_announced(db: Session, case: Case, started: date, today: date) -> None:
    """2. multibron: eviction announced today -> crisis, deadline in 3 working days."""
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


def _running_well(db: Session, case: Case, started: date, today: date) -> None:
    """3. handreiking: an arrangement running well."""
    m = _demo_mediation(db, case, today=today, started=started, stage=MediationStage.SIGNAAL,
                        kale=560, service=60, toeslag=180, to_landlord=False, arrears=980)  # fmt: skip
    arr = make_arrangement(db, case, m, ArrangementInput(Money(50_00), started + timedelta(days=30), 20,
                                                         started + timedelta(days=14)), by_user_id=case.coach_id)  # fmt: skip
    _pay_due_instalments(db, case, m, arr, today=today, runs_since=started + timedelta(days=14))


def _eviction_averted(db: Session, case: Case, started: date, today: date) -> None:
    """4. cjm: eviction averted."""
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
    _pay_due_instalments(db, case, m, arr, today=today, runs_since=started + timedelta(days=35))


# (location code, mediation started this many days ago, the situation), in this order.
_SCENARIOS: tuple[tuple[str, int, Callable[[Session, Case, date, date], None]], ...] = (
    ("cjm", 150, _missed_instalment),
    ("multibron", 60, _eviction_announced),
    ("handreiking", 200, _running_well),
    ("cjm", 120, _eviction_averted),
)
