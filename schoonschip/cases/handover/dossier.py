"""What the dossier for the receiving organisation and the resident's overview show. Both
need the resident's consent to share (:class:`ConsentMissing`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from schoonschip.auth.models import Location
from schoonschip.auth.service import user_names
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import story_of
from schoonschip.cases.documents.service import documents_of
from schoonschip.cases.errors import N_
from schoonschip.cases.handover.errors import HandoverError
from schoonschip.cases.handover.models import Handover, HandoverResult, HandoverState
from schoonschip.cases.handover.readiness import (
    CaseFacts,
    ReadinessView,
    case_facts,
    mediation_lines,
    readiness_for,
)
from schoonschip.cases.handover.rounds import latest_round
from schoonschip.cases.handover.rules import CrisisFlag
from schoonschip.cases.handover.service import _consent_on

if TYPE_CHECKING:
    from schoonschip.budget.models import BudgetVersion
    from schoonschip.budget.service import BudgetPicture, CapacityView, OfferView


# ================================================================ dossier and overview
@dataclass
class BudgetSection:
    version: BudgetVersion | None = None
    picture: BudgetPicture | None = None
    cap: CapacityView | None = None
    offer: OfferView | None = None


def budget_section(db: Session, case: Case, facts: CaseFacts | None = None) -> BudgetSection:
    """The budget, capacity and offer; the offer's debts from ``facts`` when given (the
    dossier: the same rows as its debt list)."""
    from schoonschip.budget import service as budget_service
    from schoonschip.cases.casefile.resident import household_facts
    from schoonschip.cases.debts.service import offer_debts_from_overview, open_debts_for_offer

    version = budget_service.current_version(db, case.id)
    if version is None:
        return BudgetSection()
    cap = budget_service.capacity_for(db, version, case_facts=household_facts(case))
    debts = offer_debts_from_overview(facts.debts) if facts is not None else open_debts_for_offer(db, case)
    offer = budget_service.offer_for(version, cap, debts)
    return BudgetSection(version, budget_service.budget_picture(version), cap, offer)


@dataclass
class DossierData:
    case: Case
    printed_on: date
    location_name: str
    coach_name: str | None
    coordinator_name: str | None
    consent_on: date
    resident: Any | None
    household: Any | None
    members: list[Any]
    debts: Any
    budget: BudgetSection
    readiness: ReadinessView
    story_origin: str | None
    story_effort: str | None
    crises: tuple[CrisisFlag, ...]
    mediation: list[tuple[str, str]]
    handover: Handover | None
    format_difference: Any = None
    documents: list[Any] = field(default_factory=list)  # documents.service.DocumentRow: listed, not their content


class ConsentMissing(HandoverError):
    """No recorded consent to share with the receiving organisation: no dossier."""


def _location_name(db: Session, case: Case) -> str:
    loc = db.get(Location, case.location_id)
    return loc.name if loc else ""


def dossier_context(db: Session, case: Case, today: date) -> DossierData:
    """Everything the dossier shows. Refuses (:class:`ConsentMissing`) without the
    resident's consent to share."""
    from schoonschip.budget.service import format_difference
    from schoonschip.cases.casefile.resident import household_facts, resident_of

    consent_on = _consent_on(case)
    if consent_on is None:
        raise ConsentMissing(N_("Er is geen toestemming van de bewoner om het dossier te delen. Leg die eerst vast bij Toestemming."))
    h = latest_round(db, case)
    names = user_names(db, [case.coach_id, h.signed_off_by if h else None])
    resident = resident_of(db, case.id)
    story = story_of(db, case.id)
    # One source at print time: the debt list, the mediation section and the checklist all
    # read these facts (issue 12: "1 termijn gemist" in §7 and "in orde" in §8 never again).
    facts = case_facts(db, case, today)
    return DossierData(
        case=case,
        printed_on=today,
        location_name=_location_name(db, case),
        coach_name=names.get(case.coach_id) if case.coach_id else None,
        coordinator_name=names.get(h.signed_off_by) if h and h.signed_off_by else None,
        consent_on=consent_on,
        resident=resident,
        household=household_facts(case, today),
        members=list(resident.members) if resident else [],
        debts=facts.debts,
        budget=budget_section(db, case, facts),
        readiness=readiness_for(db, case, today, facts=facts),
        story_origin=story.how_it_arose if story else None,
        story_effort=story.doing_now if story else None,
        crises=facts.crises,
        mediation=mediation_lines(db, case, today, facts),
        handover=h,
        format_difference=format_difference,
        documents=documents_of(db, case),
    )


@dataclass
class OverviewData:
    """What the resident takes home: no notes, no comments, the story only when chosen."""

    case: Case
    printed_on: date
    name: str
    coach_name: str | None
    location_name: str
    debts: Any
    budget: BudgetSection
    next_steps: list[tuple[str, dict[str, str]]]
    documents_needed: list[str]
    story_origin: str | None = None
    story_effort: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Step = tuple[str, dict[str, str]]  # a Dutch message (msgid) and its parameters


def _next_steps(db: Session, case: Case, view: ReadinessView) -> list[Step]:
    """Plain-language next steps (B1), from the handover state and the checklist."""
    steps: list[Step] = []
    if any(not c.handled for c in view.inp.crises) or view.crisis_flag_without_details:
        steps.append((N_("Er is een crisis. Uw coach helpt u daar eerst mee."), {}))
    h = latest_round(db, case)
    org = {"org": h.receiving_org.name if h is not None else view.org.name}
    if h is None or not h.is_open:
        if h is not None and h.state == HandoverState.TERUGGESTUURD.value:
            steps.append((N_("Uw coach maakt uw dossier nog beter in orde."), {}))
        steps.append((N_("Uw coach en u maken uw dossier klaar voor %(org)s."), org))
    elif h.state == HandoverState.KLAAR.value:
        steps.append((N_("Een coördinator kijkt uw dossier na."), {}))
    elif h.state == HandoverState.AKKOORD.value:
        steps.append((N_("Uw dossier gaat binnenkort naar %(org)s."), org))
    elif h.sent_on is not None:
        sent = {**org, "date": h.sent_on.strftime("%d-%m-%Y")}
        steps.append((N_("Uw dossier is op %(date)s naar %(org)s gegaan. %(org)s neemt contact met u op."), sent))
        if h.result == HandoverResult.GEACCEPTEERD.value:
            steps.append((N_("%(org)s helpt u verder."), org))
        elif h.result == HandoverResult.REGELING_GESTART.value:
            steps.append((N_("Uw schuldregeling is begonnen. Betaal elke maand wat is afgesproken."), {}))
        elif h.result == HandoverResult.WSNP_TOEGELATEN.value:
            steps.append((N_("De rechter heeft u toegelaten tot de WSNP. Uw bewindvoerder helpt u verder."), {}))
    steps.append((N_("Betaal elke maand de huur, de energie en de zorgverzekering. Maak geen nieuwe schulden."), {}))
    steps.append((N_("Krijgt u een nieuwe brief over geld? Neem die mee naar uw coach."), {}))
    return steps


def resident_overview_context(db: Session, case: Case, today: date) -> OverviewData:
    from schoonschip.cases.casefile.resident import resident_of
    from schoonschip.cases.debts.service import debt_overview

    resident = resident_of(db, case.id)
    view = readiness_for(db, case, today)
    names = user_names(db, [case.coach_id])
    data = OverviewData(
        case=case,
        printed_on=today,
        name=(resident.full_name if resident and resident.full_name else None) or case.alias or "",
        coach_name=names.get(case.coach_id) if case.coach_id else None,
        location_name=_location_name(db, case),
        debts=debt_overview(db, case),
        budget=budget_section(db, case),
        next_steps=_next_steps(db, case, view),
        documents_needed=[line.item.label for line in view.voorlegger if line.missing],
    )
    story = story_of(db, case.id)
    if story is not None and story.in_resident_overview:
        data.story_origin = story.how_it_arose
        data.story_effort = story.doing_now
    return data
