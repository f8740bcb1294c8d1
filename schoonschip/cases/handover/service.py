"""The handover workflow: klaar voor overdracht, withdraw, the coordinator's sign-off or send
back, sent to the receiving organisation, and its result.

Views stay thin: they parse with the ``parse_*`` functions of :mod:`.readiness` and
:mod:`.receivers`, call a service function and render. The checklists come from
:mod:`.readiness`; the dossier and the resident's overview from :mod:`.dossier`; the reports
read :func:`schoonschip.cases.handover.rounds.handovers_for_reports`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.casefile.records import ConsentPurpose, current_consent
from schoonschip.cases.casefile.service import change_stage
from schoonschip.cases.errors import N_
from schoonschip.cases.handover.errors import HandoverError
from schoonschip.cases.handover.models import (
    RESULTS_ENDING_ROUND,
    RESULTS_NEEDING_REASON,
    Handover,
    HandoverEvent,
    HandoverEventKind,
    HandoverResult,
    HandoverState,
    ReceivingOrg,
    Route,
)
from schoonschip.cases.handover.readiness import ReadinessView, readiness_for
from schoonschip.cases.handover.rounds import latest_round, open_round, rounds_of
from schoonschip.cases.handover.rules import Item, VoorleggerLine
from schoonschip.db import parse_id

__all__ = [
    "HandoverError",
    "HandoverStale",
    "mark_ready",
    "withdraw",
    "sign_off",
    "send_back",
    "mark_sent",
    "record_result",
    "latest_round",
    "open_round",
    "rounds_of",
]


# ==================================================================== the workflow

def _event(h: Handover, kind: HandoverEventKind, on: date, by: int | None, *, text: str | None = None,
           result: str | None = None) -> HandoverEvent:  # fmt: skip
    ev = HandoverEvent(case_id=h.case_id, kind=kind.value, on=on, by_user_id=by, result=result)
    if text:
        ev.text = text
    h.events.append(ev)
    return ev


class HandoverStale(HandoverError):
    """The round changed since the form was opened."""


def _check_version(h: Handover, expected: int | None) -> None:
    if expected is not None and h.version != expected:
        raise HandoverStale(N_("Iemand anders heeft de overdracht net veranderd. Kijk hieronder hoe het nu staat."))


def _check_date(on: date, case: Case, after: date | None, what: str) -> None:
    if on < case.opened_on:
        raise HandoverError(N_("Deze datum ligt voor de opening van het dossier."), field="on")
    if after is not None and on < after:
        raise HandoverError(N_("Deze datum ligt voor %(what)s."), field="on", what=what)


TEXT_LIMIT = 2000


def _text(value: str | None, field: str, *, required: bool, message: str) -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise HandoverError(message, field=field)
    if len(text) > TEXT_LIMIT:
        raise HandoverError(N_("Gebruik hooguit %(n)s tekens."), field=field, n=TEXT_LIMIT)
    return text or None


def _org(db: Session, org_id: int | str | None) -> ReceivingOrg:
    try:
        org = db.get(ReceivingOrg, parse_id(org_id)) if org_id not in (None, "") else None
    except (TypeError, ValueError):
        org = None
    if org is None or not org.active:
        raise HandoverError(N_("Kies een organisatie uit de lijst."), field="org")
    return org


def _route(value: str | None) -> Route:
    try:
        return Route(value or "")
    except ValueError:
        raise HandoverError(N_("Kies een route."), field="route") from None


def _consent_on(case: Case) -> date | None:
    given, since = current_consent(case, ConsentPurpose.MADI)
    return since if given else None


@dataclass
class ReadyCheck:
    """What blocks the chosen route now (shown before the coach marks the case ready)."""

    blocking: list[Item]
    missing_documents: list[VoorleggerLine]

    @property
    def blocked(self) -> bool:
        return bool(self.blocking or self.missing_documents)


def ready_check(view: ReadinessView, route: str | None) -> ReadyCheck:
    missing = [line for line in view.voorlegger if line.missing]
    return ReadyCheck(view.blocking_for(route), missing)


def mark_ready(
    db: Session, case: Case, *, route: str, org_id: int | str | None, on: date, reason: str | None,
    by_user_id: int, today: date,
) -> Handover:  # fmt: skip
    """The coach: "klaar voor overdracht". Only when nothing blocks for the chosen route,
    or with an explicit reason (stored sealed). Moves the case to klaar_voor_overdracht."""
    if case.stage != Stage.C_AANPAK.value:
        raise HandoverError(N_("Een dossier kan pas klaar voor overdracht zijn vanuit fase C (aanpak)."))
    if open_round(db, case) is not None:
        raise HandoverError(N_("Er loopt al een overdracht voor dit dossier."))
    chosen_route = _route(route)
    org = _org(db, org_id)
    _check_date(on, case, None, "")
    check = ready_check(readiness_for(db, case, today, org), chosen_route.value)
    text = _text(reason, "reason", required=check.blocked,
                 message=N_("Er blokkeert nog iets. Schrijf op waarom het dossier toch over moet, of los het eerst op."))  # fmt: skip
    h = Handover(case_id=case.id, state=HandoverState.KLAAR.value, route=chosen_route.value, receiving_org_id=org.id,
                 blocking_at_ready=len(check.blocking), missing_documents_at_ready=len(check.missing_documents),
                 ready_on=on, ready_by=by_user_id)  # fmt: skip
    h.receiving_org = org
    if text and check.blocked:
        h.override_reason = text
    db.add(h)
    _event(h, HandoverEventKind.KLAAR, on, by_user_id, text=text if check.blocked else None)
    change_stage(db, case, Stage.KLAAR_VOOR_OVERDRACHT, by_user_id, on, via_handover=True)
    db.flush()
    detail = f"route:{chosen_route.value};org:{org.id};blocking:{len(check.blocking)};docs:{len(check.missing_documents)}"
    audit.record_case("handover_ready", case, detail=detail + (";override" if check.blocked else ""), session=db)
    return h


def _round_in(db: Session, case: Case, *states: HandoverState) -> Handover:
    h = open_round(db, case)
    if h is None or h.state not in {s.value for s in states}:
        raise HandoverError(N_("Deze stap past niet bij hoe de overdracht nu staat. Kijk hieronder hoe het staat."))
    return h


def _back_to_c(db: Session, case: Case, by_user_id: int | None, on: date) -> None:
    if case.stage in (Stage.KLAAR_VOOR_OVERDRACHT.value, Stage.OVERGEDRAGEN.value):
        change_stage(db, case, Stage.C_AANPAK, by_user_id, on, via_handover=True)


def withdraw(db: Session, case: Case, *, on: date, by_user_id: int, expected_version: int | None = None) -> Handover:
    """The coach takes the "klaar" back before the coordinator has checked it."""
    h = _round_in(db, case, HandoverState.KLAAR)
    _check_version(h, expected_version)
    _check_date(on, case, h.ready_on, "de melding klaar voor overdracht")
    h.state = HandoverState.INGETROKKEN.value
    h.closed_on = on
    _event(h, HandoverEventKind.INGETROKKEN, on, by_user_id)
    _back_to_c(db, case, by_user_id, on)
    db.flush()
    audit.record_case("handover_withdrawn", case, detail=f"round:{h.id}", session=db)
    return h


def sign_off(db: Session, case: Case, *, on: date, by_user_id: int, expected_version: int | None = None) -> Handover:
    """A coordinator checked the file and agrees. Not the person who marked it ready, and
    not without the resident's consent to share."""
    h = _round_in(db, case, HandoverState.KLAAR)
    _check_version(h, expected_version)
    if h.ready_by == by_user_id:
        raise HandoverError(N_("U heeft het dossier zelf klaar gemeld. Een andere coördinator moet het controleren."))
    if _consent_on(case) is None:
        raise HandoverError(N_("De bewoner heeft nog geen toestemming gegeven om het dossier te delen. Leg die eerst vast."))
    _check_date(on, case, h.ready_on, "de melding klaar voor overdracht")
    h.state = HandoverState.AKKOORD.value
    h.signed_off_on = on
    h.signed_off_by = by_user_id
    _event(h, HandoverEventKind.AKKOORD, on, by_user_id)
    db.flush()
    audit.record_case("handover_signoff", case, detail=f"round:{h.id}", session=db)
    return h


def send_back(
    db: Session, case: Case, *, on: date, comment: str | None, by_user_id: int, expected_version: int | None = None
) -> Handover:
    """A coordinator sends the file back to the coach, with a comment (sealed)."""
    h = _round_in(db, case, HandoverState.KLAAR, HandoverState.AKKOORD)
    _check_version(h, expected_version)
    text = _text(comment, "comment", required=True, message=N_("Schrijf op wat de coach nog moet doen."))
    _check_date(on, case, h.ready_on, "de melding klaar voor overdracht")
    h.state = HandoverState.TERUGGESTUURD.value
    h.closed_on = on
    _event(h, HandoverEventKind.TERUGGESTUURD, on, by_user_id, text=text)
    _back_to_c(db, case, by_user_id, on)
    db.flush()
    audit.record_case("handover_sent_back", case, detail=f"round:{h.id}", session=db)
    return h


def mark_sent(
    db: Session, case: Case, *, on: date, org_id: int | str | None, route: str, by_user_id: int,
    confirmed: bool, expected_version: int | None = None,
) -> Handover:  # fmt: skip
    """The file went to the receiving organisation: date, organisation and route. Needs the
    coordinator's sign-off and the resident's consent to share."""
    h = _round_in(db, case, HandoverState.AKKOORD)
    _check_version(h, expected_version)
    chosen_route = _route(route)
    org = _org(db, org_id)
    if _consent_on(case) is None:
        raise HandoverError(N_("De bewoner heeft geen toestemming (meer) gegeven om het dossier te delen. Zonder toestemming gaat er niets weg."))
    if not confirmed:
        raise HandoverError(N_("Vink aan dat het dossier echt is verstuurd."), field="confirm")
    _check_date(on, case, h.signed_off_on, "het akkoord van de coördinator")
    h.state = HandoverState.OVERGEDRAGEN.value
    h.route = chosen_route.value
    h.receiving_org_id = org.id
    h.receiving_org = org
    h.sent_on = on
    h.sent_by = by_user_id
    _event(h, HandoverEventKind.OVERGEDRAGEN, on, by_user_id)
    if case.stage == Stage.KLAAR_VOOR_OVERDRACHT.value:
        change_stage(db, case, Stage.OVERGEDRAGEN, by_user_id, on, via_handover=True)
    db.flush()
    audit.record_case("handover_sent", case, detail=f"round:{h.id};route:{chosen_route.value};org:{org.id}", session=db)
    return h


def record_result(
    db: Session, case: Case, *, result: str, on: date, reason: str | None, by_user_id: int,
    expected_version: int | None = None,
) -> Handover:  # fmt: skip
    """What the receiving organisation decided. Teruggestuurd and afgewezen (with their
    reason, sealed) end the round and bring the case back to step C."""
    h = _round_in(db, case, HandoverState.OVERGEDRAGEN)
    _check_version(h, expected_version)
    try:
        outcome = HandoverResult(result or "")
    except ValueError:
        raise HandoverError(N_("Kies wat de uitslag is."), field="result") from None
    text = _text(reason, "reason", required=outcome in RESULTS_NEEDING_REASON,
                 message=N_("Schrijf op welke reden de organisatie gaf."))  # fmt: skip
    _check_date(on, case, h.sent_on, "de overdracht")
    h.result = outcome.value
    h.result_on = on
    _event(h, HandoverEventKind.UITSLAG, on, by_user_id, text=text, result=outcome.value)
    if outcome in RESULTS_ENDING_ROUND:
        h.state = HandoverState.AFGEROND.value
        h.closed_on = on
        _back_to_c(db, case, by_user_id, on)
    db.flush()
    audit.record_case("handover_result", case, detail=f"round:{h.id};result:{outcome.value}", session=db)
    return h

