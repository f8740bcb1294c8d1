"""Demo budgets (``DEMO_STEPS``): four invented households, one per demo case in stage B or
later, deterministic per case reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip.budget.forms import Corrections, OfferSettings
from schoonschip.budget.models import EXPENSE, INCOME, BudgetEntry, BudgetVersion
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.budget.rules.vtlb import AgeBand
from schoonschip.budget.service import current_version
from schoonschip.money import Money

DEMO_FROM_STAGES = ("b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen")

# Four fake households; every amount is invented but plausible for 2025.
# (direction, kind, person, frequency, euros)
_DEMO_PROFILES: tuple[dict[str, Any], ...] = (
    {  # single adult on Participatiewet, social housing
        "facts": HouseholdFacts(resident_age_band=AgeBand.VAN_21_TOT_AOW),
        "items": [
            (INCOME, "participatiewet", "bewoner", "maand", "1369.06"),
            (INCOME, "huurtoeslag", "bewoner", "maand", "310.00"),
            (INCOME, "zorgtoeslag", "bewoner", "maand", "123.00"),
            (EXPENSE, "huur_servicekosten", "bewoner", "maand", "720.00"),
            (EXPENSE, "energie", "bewoner", "maand", "140.00"),
            (EXPENSE, "water", "bewoner", "kwartaal", "45.00"),
            (EXPENSE, "zorgverzekering", "bewoner", "maand", "158.00"),
            (EXPENSE, "telefoon_internet", "bewoner", "maand", "45.00"),
            (EXPENSE, "kleding", "bewoner", "maand", "40.00"),
            (EXPENSE, "boodschappen", "bewoner", "week", "65.00"),
            (EXPENSE, "persoonlijke_verzorging", "bewoner", "maand", "25.00"),
        ],
        "corrections": Corrections(eigen_risico=True),
    },
    {  # couple with two children, one working (four-weekly wage)
        "facts": HouseholdFacts(
            has_partner=True,
            children_under_18=2,
            resident_age_band=AgeBand.VAN_21_TOT_AOW,
            partner_age_band=AgeBand.VAN_21_TOT_AOW,
        ),
        "items": [
            (INCOME, "loon", "partner", "vier_weken", "2150.00"),
            (INCOME, "huurtoeslag", "bewoner", "maand", "240.00"),
            (INCOME, "zorgtoeslag", "bewoner", "maand", "180.00"),
            (INCOME, "kindgebonden_budget", "bewoner", "maand", "390.00"),
            (INCOME, "kinderbijslag", "bewoner", "kwartaal", "546.00"),
            (EXPENSE, "huur_servicekosten", "bewoner", "maand", "850.00"),
            (EXPENSE, "energie", "bewoner", "maand", "190.00"),
            (EXPENSE, "zorgverzekering", "bewoner", "maand", "316.00"),
            (EXPENSE, "gemeentelijke_belastingen", "bewoner", "jaar", "420.00"),
            (EXPENSE, "telefoon_internet", "bewoner", "maand", "70.00"),
            (EXPENSE, "reiskosten", "partner", "maand", "95.00"),
            (EXPENSE, "kleding", "bewoner", "maand", "110.00"),
            (EXPENSE, "boodschappen", "bewoner", "week", "160.00"),
        ],
        "corrections": Corrections(
            eigen_risico=True, work_travel_km_per_day=Decimal("24"), work_days_per_week=5
        ),
    },
    {  # single parent with a kostendeler aged 30 (adult son)
        "facts": HouseholdFacts(
            children_under_18=1, kostendelers_27plus=1, resident_age_band=AgeBand.VAN_21_TOT_AOW
        ),
        "items": [
            (INCOME, "ww", "bewoner", "maand", "1480.00"),
            (INCOME, "zorgtoeslag", "bewoner", "maand", "123.00"),
            (INCOME, "kinderbijslag", "bewoner", "kwartaal", "273.00"),
            (INCOME, "loon", "huisgenoot", "maand", "1600.00"),
            (EXPENSE, "huur_servicekosten", "bewoner", "maand", "780.00"),
            (EXPENSE, "energie", "bewoner", "maand", "160.00"),
            (EXPENSE, "zorgverzekering", "bewoner", "maand", "158.00"),
            (EXPENSE, "verzekeringen", "bewoner", "maand", "22.50"),
            (EXPENSE, "boodschappen", "bewoner", "week", "95.00"),
            (EXPENSE, "inventaris", "bewoner", "maand", "30.00"),
        ],
        "corrections": Corrections(),
    },
    {  # AOW-age resident, small pension
        "facts": HouseholdFacts(resident_age_band=AgeBand.AOW),
        "items": [
            (INCOME, "aow", "bewoner", "maand", "1450.00"),
            (INCOME, "pensioen", "bewoner", "maand", "185.00"),
            (INCOME, "huurtoeslag", "bewoner", "maand", "260.00"),
            (INCOME, "vakantiegeld", "bewoner", "jaar", "900.00"),
            (EXPENSE, "huur_servicekosten", "bewoner", "maand", "690.00"),
            (EXPENSE, "energie", "bewoner", "maand", "120.00"),
            (EXPENSE, "zorgverzekering", "bewoner", "maand", "160.00"),
            (EXPENSE, "onderhoud", "bewoner", "maand", "20.00"),
            (EXPENSE, "boodschappen", "bewoner", "week", "70.00"),
        ],
        "corrections": Corrections(eigen_risico=True),
    },
)


def _demo_profile(reference: str) -> dict[str, Any]:
    return _DEMO_PROFILES[sum(reference.encode()) % len(_DEMO_PROFILES)]


def demo_budgets(db: Session, _locations: Any, _users: Any, today: date) -> None:
    """Give every demo case in stage B or later a budget (deterministic per case reference).

    Runs on whatever Case rows exist; skips cases that already have a budget. Household
    facts come from the case file when it has them (the budget's profile then only adds the
    items); otherwise the profile's facts are stored on the version. The budget itself never
    reads the case file: the demo passes the facts in.
    """
    from schoonschip.cases.casefile.models import Case, StageChange
    from schoonschip.cases.casefile.resident import household_facts

    later = set(DEMO_FROM_STAGES)
    cases = list(db.scalars(select(Case).where(Case.erased_at.is_(None)).order_by(Case.reference)))
    for case in cases:
        reached = case.stage in later or (
            case.stage == "afgesloten"
            and db.scalar(
                select(StageChange.id)
                .where(StageChange.case_id == case.id, StageChange.to_stage.in_(later))
                .limit(1)
            )
            is not None
        )
        if not reached or current_version(db, case.id) is not None:
            continue
        case_facts = household_facts(case)
        if case_facts is not None:
            profile = _DEMO_PROFILES[
                1 if case_facts.has_partner else 2 if case_facts.children_under_18 else 0
            ]
        else:
            profile = _demo_profile(case.reference)
        v = BudgetVersion(case_id=case.id, peildatum=today)
        if case_facts is None:
            v.household = profile["facts"].to_dict()
        v.corrections = profile["corrections"].to_dict()
        v.offer_settings = OfferSettings().to_dict()
        for direction, kind, person, freq, euros in profile["items"]:
            if person == "partner" and case_facts is not None and not case_facts.has_partner:
                person = "bewoner"
            e = BudgetEntry(case_id=case.id, direction=direction, kind=kind, person=person, frequency=freq)
            e.amount = Money.from_decimal(Decimal(euros))
            e.label = None
            v.entries.append(e)
        db.add(v)
    db.flush()
