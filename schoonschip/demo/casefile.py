"""Demo cases for the three Zuidoost locations. Every name is invented and says "Demo"
and "Testpersoon"; addresses are on a "Demostraat", phone numbers are 06-0000 numbers.

Deterministic: one seeded random generator, dates relative to the demo's ``today``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoonschip.auth.models import Location, User
from schoonschip.cases.casefile.models import STAGE_ORDER, Case, CloseReason, Stage
from schoonschip.cases.casefile.records import (
    ConsentPurpose,
    ContactKind,
    add_contact,
    record_consent,
    save_story,
)
from schoonschip.cases.casefile.resident import (
    BewindKind,
    Landlord,
    ReferralSource,
    ResidentInput,
    save_resident,
)
from schoonschip.cases.casefile.service import change_stage, open_case
from schoonschip.reports.tally import TallyTopic, add_one

SEED = 20240607
CASES_PER_LOCATION = 11

FIRST_NAMES = [
    "Amara", "Kofi", "Esi", "Yaw", "Akosua", "Kwame", "Abena", "Jerome", "Shanice", "Ravi", "Priya",
    "Mohamed", "Fatima", "Sandra", "Dennis", "Gloria", "Winston", "Naomi", "Ilse", "Tjeerd", "Mei",
    "Carmen", "Rafael", "Yvonne", "Errol", "Sharon", "Nadia", "Samir", "Joyce", "Marco", "Rosa",
    "Henk", "Efua", "Kwesi", "Lisette",
]  # fmt: skip
LANGUAGES = ["Nederlands", "Sranantongo", "Twi", "Engels", "Papiaments", "Hindi", "Arabisch", "Spaans", "Fante"]
STORIES = [
    ("Na een scheiding bleef de bewoner alleen achter met de huur en een lening op beider naam.",
     "Betaalt de huur weer op tijd en heeft kwijtschelding gemeentelijke belastingen aangevraagd."),
    ("Door ziekte minder uren gewerkt; toeslagen werden te hoog en moesten terug.",
     "Heeft de toeslagen laten aanpassen en opent alle post samen met de coach."),
    ("Een telefoonabonnement en bestellingen achteraf betalen liepen op tot incasso.",
     "Heeft de abonnementen opgezegd en houdt een kasboekje bij."),
    ("Na verlies van werk kwam de uitkering pas na twee maanden; in die tijd bleven rekeningen liggen.",
     "Zoekt werk via WPI en betaalt de zorgverzekering per maand."),
    ("Boetes van het CJIB zijn opgelopen omdat brieven naar een oud adres gingen.",
     "Heeft het adres bij alle instanties goed gezet en een regeling met het CJIB gevraagd."),
]  # fmt: skip
NOTES = [
    "Samen de post doorgenomen.", "Brief van de verhuurder besproken.", "Afspraak gemaakt voor volgende week.",
    "Samen naar het loket gegaan.", "Overzicht van de schulden aangevuld.", "Gebeld met de zorgverzekeraar.",
]  # fmt: skip
# Stage per position at a location: every stage at every location, the rest spread.
STAGE_PLAN = [
    Stage.AANMELDING, Stage.A_VERHAAL, Stage.B_INZICHT, Stage.C_AANPAK, Stage.KLAAR_VOOR_OVERDRACHT,
    Stage.OVERGEDRAGEN, Stage.AFGESLOTEN, Stage.B_INZICHT, Stage.A_VERHAAL, Stage.AFGESLOTEN, Stage.C_AANPAK,
]  # fmt: skip
CLOSE_REASONS = [CloseReason.DOEL_BEREIKT, CloseReason.GEEN_CONTACT, CloseReason.VERHUISD, CloseReason.EIGEN_VERZOEK, CloseReason.OVERGEDRAGEN]


def _resident(rng: random.Random, name: str, today: date) -> ResidentInput:
    birth = date(rng.randint(1952, 2003), rng.randint(1, 12), rng.randint(1, 28))
    partner = rng.random() < 0.4
    n_children = rng.choice([0, 0, 1, 2, 3])
    return ResidentInput(
        full_name=f"Demo {name} Testpersoon",
        birth_date=birth,
        address=f"Demostraat {rng.randint(1, 250)}",
        postcode=f"110{rng.randint(1, 8)} {rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABCDEGHJKLMNPRST')}",
        phone=f"06 0000 {rng.randint(1000, 9999)}",
        languages=", ".join(rng.sample(LANGUAGES, rng.randint(1, 3))),
        reads_dutch_hard=rng.random() < 0.45,
        has_partner=partner,
        partner_birth_date=date(birth.year + rng.randint(-6, 6), rng.randint(1, 12), rng.randint(1, 28)) if partner else None,
        children_birth_years=sorted(rng.randint(max(birth.year + 18, today.year - 25), today.year - 1) for _ in range(n_children)),
        adults_27plus=rng.choice([0, 0, 0, 1]),
        adults_under_27=rng.choice([0, 0, 1]),
        landlord=rng.choice(list(Landlord)).value,
        bewind_kind=rng.choice([BewindKind.GEEN, BewindKind.GEEN, BewindKind.GEEN, BewindKind.BUDGETBEHEER, BewindKind.BESCHERMINGSBEWIND]).value,
        referral_source=rng.choice(list(ReferralSource)).value,
    )


def add_demo_cases(db: Session, locs: dict[str, Location], users: dict[str, User], today: date) -> None:
    """33 cases over cjm, multibron and handreiking, in every stage, with residents,
    households, consent, contact moments, stories, a few crises and closed cases."""
    if db.scalar(select(func.count(Case.id))):
        return  # demo cases exist already: loading the demo twice adds nothing
    rng = random.Random(SEED)
    names = iter(FIRST_NAMES)
    working = [s for s in STAGE_ORDER if s is not Stage.AFGESLOTEN]
    n = 0
    for code in ("cjm", "multibron", "handreiking"):
        loc = locs[code]
        coach = users[f"coach.{code}"]
        for pos in range(CASES_PER_LOCATION):
            n += 1
            name = next(names)
            target = STAGE_PLAN[pos]
            opened = today - timedelta(days=rng.randint(60, 420))
            coach_id: int | None = coach.id
            if code == "cjm" and pos == 8:
                coach_id = None  # waits on the coordinator's list for a coach
            case = open_case(db, alias=f"Demo {name}", location_id=loc.id, coach_id=coach_id, by_user_id=coach.id, today=opened)
            # Walk the stages up to the target, dated between opening and today.
            if target is Stage.AFGESLOTEN:
                path = working[1 : rng.randint(1, 5)]
            else:
                path = working[1 : working.index(target) + 1]
            steps = len(path) + (1 if target is Stage.AFGESLOTEN else 0)
            span = (today - opened).days
            on = opened
            for i, stage in enumerate(path):
                on = opened + timedelta(days=span * (i + 1) // (steps + 1))
                # The demo builds the history directly; the handover demo step adds the rounds.
                change_stage(db, case, stage, coach.id, on, via_handover=True)
            if target is Stage.AFGESLOTEN:
                on = opened + timedelta(days=span * steps // (steps + 1))
                change_stage(db, case, Stage.AFGESLOTEN, coach.id, on, reason=CLOSE_REASONS[n % len(CLOSE_REASONS)].value)
            reached = Stage(path[-1]) if path else Stage.AANMELDING
            if reached is not Stage.AANMELDING:
                save_resident(db, case, _resident(rng, name, today), expected_version=0, by_user_id=coach.id)
                how, now = STORIES[n % len(STORIES)]
                save_story(db, case, how_it_arose=how, doing_now=now, in_resident_overview=n % 4 == 0, expected_version=0, by_user_id=coach.id)
            # Consent: keeping the file almost always; more purposes further along.
            record_consent(db, case, purpose=ConsentPurpose.BEWAREN, given=True, on=opened, by_user_id=coach.id)
            record_consent(db, case, purpose=ConsentPurpose.RAPPORTAGE, given=n % 5 != 0, on=opened, by_user_id=coach.id)
            if working.index(reached) >= working.index(Stage.B_INZICHT):
                record_consent(db, case, purpose=ConsentPurpose.SCHULDEISERS, given=True, on=opened + timedelta(days=7), by_user_id=coach.id)
                record_consent(db, case, purpose=ConsentPurpose.VERHUURDER, given=n % 3 != 0, on=opened + timedelta(days=7), by_user_id=coach.id)
            if working.index(reached) >= working.index(Stage.KLAAR_VOOR_OVERDRACHT):
                record_consent(db, case, purpose=ConsentPurpose.MADI, given=True, on=on, by_user_id=coach.id)
            if n == 7:  # one resident changed their mind
                record_consent(db, case, purpose=ConsentPurpose.VERHUURDER, given=False, on=today - timedelta(days=3), by_user_id=coach.id)
            for _ in range(rng.randint(1, 6)):
                when = opened + timedelta(days=rng.randint(0, max(0, (on - opened).days)))
                add_contact(
                    db,
                    case,
                    on=min(when, today),
                    kind=rng.choice(list(ContactKind)).value,
                    minutes=rng.choice([15, 30, 45, 60, 90, 120]),
                    note=rng.choice(NOTES),
                    by_user_id=coach.id,
                )
            if pos in (3, 7) and target is not Stage.AFGESLOTEN:
                case.crisis_since = today - timedelta(days=rng.randint(1, 20))
    # A few spreekuur tallies for today, so the page is not empty.
    for code in ("cjm", "multibron"):
        for topic in rng.sample(list(TallyTopic), 3):
            for _ in range(rng.randint(1, 4)):
                add_one(db, locs[code].id, topic.value, today)
    db.flush()
