"""Demo handover rounds on the demo cases (``DEMO_STEPS``), through the handover area's own
functions where it has them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.casefile.service import change_stage
from schoonschip.cases.handover.models import (
    Handover,
    HandoverEventKind,
    HandoverResult,
    HandoverState,
    ReadinessState,
    ReceivingOrg,
    Route,
)
from schoonschip.cases.handover.readiness import _dump_pairs, readiness_for, state_of
from schoonschip.cases.handover.receivers import DEFAULT_REQUIRED, ensure_receiving_orgs
from schoonschip.cases.handover.rules import DocumentStatus, ItemKind, item_catalogue
from schoonschip.cases.handover.service import _event, ready_check


# ============================================================================= demo
def demo_handovers(db: Session, _locs: Mapping[str, Any], users: Mapping[str, Any], today: date) -> None:
    """DEMO_STEPS: handover rounds on the demo cases, deterministic.

    * every case in "klaar voor overdracht" waits for the coordinator (its checklist
      answered, its documents received);
    * every case in "overgedragen" was handed over; the results go round: geaccepteerd,
      WSNP toegelaten, regeling gestart;
    * one case in step C was sent back by the coordinator with a comment.
    Runs once: cases that already have a round are left alone.
    """
    ensure_receiving_orgs(db)
    if db.scalar(select(Handover.id).limit(1)) is not None:
        return
    org = db.scalar(select(ReceivingOrg).where(ReceivingOrg.is_default.is_(True))) or db.scalars(select(ReceivingOrg)).first()
    assert org is not None
    cases = list(db.scalars(select(Case).where(Case.erased_at.is_(None)).order_by(Case.reference)))
    coordinator_ids = [u.id for name, u in sorted(users.items()) if name.startswith("coordinator.")]
    results = [HandoverResult.GEACCEPTEERD, HandoverResult.WSNP_TOEGELATEN, HandoverResult.REGELING_GESTART]
    sent_n = 0
    sent_back_done = False
    for case in cases:
        since = _stage_reached(case)
        if case.stage == Stage.KLAAR_VOOR_OVERDRACHT.value:
            _demo_answers(db, case, since)
            h = _demo_round(db, case, org, Route.MINNELIJK, since)
            _event(h, HandoverEventKind.KLAAR, since, case.coach_id, text=_demo_check(db, case, h, today))
        elif case.stage == Stage.OVERGEDRAGEN.value:
            _demo_answers(db, case, since)
            result = results[sent_n % len(results)]
            sent_n += 1
            route = Route.WSNP if result is HandoverResult.WSNP_TOEGELATEN else Route.MINNELIJK
            ready = max(case.opened_on, since - timedelta(days=14))
            signed = max(ready, since - timedelta(days=7))
            h = _demo_round(db, case, org, route, ready)
            reason = _demo_check(db, case, h, today)
            coordinator = coordinator_ids[0] if coordinator_ids else None
            h.state, h.signed_off_on, h.signed_off_by = HandoverState.OVERGEDRAGEN.value, signed, coordinator
            h.sent_on, h.sent_by = since, case.coach_id
            result_on = min(today, since + timedelta(days=21))
            h.result, h.result_on = result.value, result_on
            _event(h, HandoverEventKind.KLAAR, ready, case.coach_id, text=reason)
            _event(h, HandoverEventKind.AKKOORD, signed, coordinator)
            _event(h, HandoverEventKind.OVERGEDRAGEN, since, case.coach_id)
            _event(h, HandoverEventKind.UITSLAG, result_on, case.coach_id, result=result.value)
        elif case.stage == Stage.C_AANPAK.value and not sent_back_done and coordinator_ids:
            # Sent back by the coordinator of this location, if the demo has one there.
            coordinator = _coordinator_at(db, case.location_id, coordinator_ids)
            if coordinator is None:
                continue
            sent_back_done = True
            on = max(case.opened_on, since)
            change_stage(db, case, Stage.KLAAR_VOOR_OVERDRACHT, case.coach_id, on, via_handover=True)
            change_stage(db, case, Stage.C_AANPAK, coordinator, on, via_handover=True)
            h = _demo_round(db, case, org, Route.MINNELIJK, on)
            h.state, h.closed_on = HandoverState.TERUGGESTUURD.value, on
            h.blocking_at_ready = 1
            h.override_reason = "Demo: de bewoner wil snel verder; het identiteitsbewijs komt volgende week."
            _event(h, HandoverEventKind.KLAAR, on, case.coach_id, text=h.override_reason)
            _event(h, HandoverEventKind.TERUGGESTUURD, on, coordinator,
                   text="Demo: de loonstroken van de laatste 3 maanden ontbreken nog. Graag aanvullen.")  # fmt: skip
        db.flush()


def _demo_check(db: Session, case: Case, h: Handover, today: date) -> str | None:
    """What blocked when the demo case was marked ready, as the real workflow records it;
    with an (invented) reason when something did."""
    db.flush()
    check = ready_check(readiness_for(db, case, today, h.receiving_org), h.route)
    h.blocking_at_ready = len(check.blocking)
    h.missing_documents_at_ready = len(check.missing_documents)
    if not check.blocked:
        return None
    h.override_reason = "Demo: de bewoner wil snel hulp; de laatste papieren komen deze week."
    return h.override_reason


def _coordinator_at(db: Session, location_id: int, candidates: list[int]) -> int | None:
    from schoonschip.auth.models import Role, RoleAssignment

    rows = db.scalars(
        select(RoleAssignment.user_id).where(
            RoleAssignment.location_id == location_id,
            RoleAssignment.role == Role.COORDINATOR.value,
            RoleAssignment.user_id.in_(candidates),
        )
    ).all()
    return min(rows) if rows else None


def _stage_reached(case: Case) -> date:
    for change in reversed(case.stage_history):
        if change.to_stage == case.stage:
            return change.on
    return case.opened_on


def _demo_round(db: Session, case: Case, org: ReceivingOrg, route: Route, on: date) -> Handover:
    h = Handover(case_id=case.id, state=HandoverState.KLAAR.value, route=route.value, receiving_org_id=org.id,
                 ready_on=on, ready_by=case.coach_id)  # fmt: skip
    h.receiving_org = org
    db.add(h)
    return h


def _demo_answers(db: Session, case: Case, on: date) -> None:
    """A fully answered checklist and every required document received."""
    if state_of(db, case.id) is not None:
        return
    answers = {e.code: ("ja", on) for e in item_catalogue() if e.kind is ItemKind.BLOKKEREND}
    answers["belastingaangiften"] = ("ja", on)
    answers["inkomen_partner"] = ("nvt", on)
    docs = {code: (DocumentStatus.ONTVANGEN.value, on) for code in DEFAULT_REQUIRED}
    state = ReadinessState(case_id=case.id, answers=_dump_pairs(answers), documents=_dump_pairs(docs))
    state.facts = {"car": "nee", "car_value": None, "alimony": "nee", "nihil": "", "on": on.isoformat()}
    db.add(state)
