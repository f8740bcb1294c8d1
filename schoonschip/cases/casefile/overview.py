"""What the case page shows at a glance: key facts and the next things to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from schoonschip.auth.models import Location
from schoonschip.auth.service import user_names
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.cases.casefile.models import Case, CaseShare, Stage
from schoonschip.cases.casefile.records import (
    ConsentEvent,
    ConsentPurpose,
    ContactMoment,
    consent_overview,
    story_of,
)
from schoonschip.cases.casefile.resident import Resident, household_facts, resident_of
from schoonschip.cases.casefile.rules import AgeFacts, age_facts
from schoonschip.cases.casefile.service import neighbour_stages, stage_before_closing, stage_since
from schoonschip.i18n import N_

QUIET_DAYS = 30  # no contact for this long: the overview says so


@dataclass
class NextAction:
    text: str
    endpoint: str | None = None  # a case page (takes case_id)


@dataclass
class Overview:
    coach_name: str | None
    shared_with: list[tuple[int, str]]
    location_name: str
    stage_since: date
    previous_stage: Stage | None
    next_stage: Stage | None
    reopen_to: Stage | None
    resident: Resident | None
    age: AgeFacts | None
    household: HouseholdFacts | None
    consents: dict[str, ConsentEvent | None]
    minutes: int
    last_contact: date | None
    has_story: bool
    actions: list[NextAction] = field(default_factory=list)


# Built once, not on every case page (docs/performance.md).
_SHARES = select(CaseShare.user_id).where(CaseShare.case_id == bindparam("case_id"))
_CONTACT_TOTALS = select(func.max(ContactMoment.on), func.coalesce(func.sum(ContactMoment.minutes), 0)).where(
    ContactMoment.case_id == bindparam("case_id")
)


def build_overview(db: Session, case: Case, today: date, *, coordinator: bool) -> Overview:
    shares = list(db.scalars(_SHARES, {"case_id": case.id}))
    names = user_names(db, {case.coach_id, *shares})
    resident = resident_of(db, case.id)
    story = story_of(db, case.id)
    consents = consent_overview(db, case.id)
    # The last contact and the minutes in one query (they were two).
    last_contact, minutes = db.execute(_CONTACT_TOTALS, {"case_id": case.id}).one()
    previous, nxt = neighbour_stages(case)
    closed = case.stage == Stage.AFGESLOTEN.value
    location = db.get(Location, case.location_id)
    ov = Overview(
        coach_name=names.get(case.coach_id) if case.coach_id else None,
        shared_with=[(uid, names.get(uid, "?")) for uid in shares],
        location_name=location.name if location else "",
        stage_since=stage_since(case),
        previous_stage=previous,
        next_stage=nxt,
        reopen_to=stage_before_closing(case) if closed else None,
        resident=resident,
        age=age_facts(resident.birth_date, today) if resident and resident.birth_date else None,
        household=household_facts(case, today),
        consents=consents,
        minutes=int(minutes or 0),
        last_contact=last_contact,
        has_story=bool(story and (story.how_it_arose or story.doing_now)),
    )
    ov.actions = next_actions(case, ov, today, coordinator=coordinator)
    return ov


def next_actions(case: Case, ov: Overview, today: date, *, coordinator: bool) -> list[NextAction]:
    if case.stage == Stage.AFGESLOTEN.value:
        return []
    out: list[NextAction] = []
    if case.crisis_since:
        out.append(NextAction(N_("Er is een crisis (ontruiming, afsluiting of opzegging): pak dit eerst aan.")))
    if case.coach_id is None:
        out.append(NextAction(N_("Dit dossier heeft nog geen coach. Kies een coach."), "cases.access" if coordinator else None))
    keep = ov.consents.get(ConsentPurpose.BEWAREN.value)
    if keep is None or not keep.given:
        out.append(NextAction(N_("Vraag of het dossier bewaard mag worden, en leg de toestemming vast."), "cases.consent"))
    if case.stage == Stage.AANMELDING.value:
        out.append(NextAction(N_("Maak tijd voor het verhaal achter de schulden (fase A)."), "cases.story"))
    elif not ov.has_story:
        out.append(NextAction(N_("Schrijf kort op hoe de schulden zijn ontstaan en wat de bewoner nu doet."), "cases.story"))
    if ov.resident is None and case.stage != Stage.AANMELDING.value:
        out.append(NextAction(N_("Vul de gegevens van de bewoner in, als het vertrouwen er is."), "cases.person"))
    if ov.last_contact is None:
        out.append(NextAction(N_("Schrijf het eerste contact op."), "cases.contacts"))
    elif today - ov.last_contact > timedelta(days=QUIET_DAYS):
        out.append(NextAction(N_("Al meer dan %(n)s dagen geen contact. Neem contact op.", n=QUIET_DAYS), "cases.contacts"))
    return out
