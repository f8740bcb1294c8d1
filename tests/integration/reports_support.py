"""A small fixed synthetic dataset for the funder-report tests (every name invented).

Year 2025, k = 5. Inserted through the case services (open_case, change_stage,
add_contact) and the models (resident, debts, mediation, tally), as the app would.

Locatie A (coach.a holds every case but one, which is coach.a2's):
  * 7 cases opened in 2025; cases 1 and 2 are the same resident (same name and birth
    date): 6 unique residents.
  * all 7 reach step A, 5 reach step B, 2 reach step C; 1 is closed (verhuisd).
  * 6 have a debt; 8 contact moments of 30 minutes (4 hours); 1 mediation (Ymere);
    12 quick-tally questions (brief) in 2025, 3 in 2024 (not counted).
Locatie B (coach.b):
  * 3 cases opened in 2025 (reach step A), 1 opened in 2024 still open (step A in
    2024), 1 opened and closed in 2024 (not active in 2025, never counted).
  * 4 unique residents; 2 of the active cases have a debt; 5 contact moments of 60
    minutes (5 hours) in 2025 and 1 in 2024 (not counted).
"""

from __future__ import annotations

from datetime import date

from flask import Flask

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import add_contact
from schoonschip.cases.casefile.resident import Resident
from schoonschip.cases.casefile.service import change_stage, open_case
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.mediation.models import Mediation
from schoonschip.db import write_transaction
from schoonschip.money import Money
from schoonschip.reports.tally import TallyCount

YEAR = 2025
GOLDEN_NAMES = [f"Testpersoon Golden {n}" for n in ("Een", "Twee", "Drie", "Vier", "Vijf", "Zes", "Zeven", "Acht", "Negen", "Tien", "Elf")]


def _case(db, *, loc: int, coach: int, opened: date, name: str, birth: date, steps: int, step_dates: list[date] | None = None,
          close: date | None = None, debt: bool = False, alias: str = "Golden") -> int:  # type: ignore[no-untyped-def]
    case = open_case(db, alias=alias, location_id=loc, coach_id=coach, by_user_id=coach, today=opened)
    stages = ["a_verhaal", "b_inzicht", "c_aanpak"][:steps]
    for n, stage in enumerate(stages):
        on = step_dates[n] if step_dates else date(opened.year, opened.month, 10 + 5 * n)
        change_stage(db, case, stage, coach, on)
    if close is not None:
        change_stage(db, case, "afgesloten", coach, close, reason="verhuisd")
    resident = Resident(case_id=case.id, landlord="ymere", referral_source="buurtteam")
    resident.full_name = name
    resident.birth_date = birth
    db.add(resident)
    if debt:
        d = Debt(case_id=case.id, category="belastingdienst", status="incassobureau")
        d.hoofdsom = Money(100_000)
        d.incassokosten = Money(4_000)
        db.add(d)
    db.flush()
    return case.id


def insert_golden(app: Flask, people) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    ids: dict[str, list[int]] = {"a": [], "b": []}
    with app.app_context(), write_transaction() as db:
        a, b = people.loc_a, people.loc_b
        same = (GOLDEN_NAMES[0], date(1980, 5, 17))
        a_specs = [  # (name, birth, steps, closed, debt, coach)
            (same[0], same[1], 3, None, True, people.coach_a),
            ("testpersoon  golden EEN", same[1], 1, None, True, people.coach_a),  # the same resident, typed differently
            (GOLDEN_NAMES[2], date(1975, 1, 2), 3, None, True, people.coach_a),
            (GOLDEN_NAMES[3], date(1990, 3, 4), 2, None, True, people.coach_a),
            (GOLDEN_NAMES[4], date(1985, 7, 8), 2, date(YEAR, 11, 30), True, people.coach_a),
            (GOLDEN_NAMES[5], date(1969, 9, 9), 2, None, True, people.coach_a),
            (GOLDEN_NAMES[6], date(2001, 2, 3), 1, None, False, people.coach_a2),
        ]
        for n, (name, birth, steps, closed, debt, coach) in enumerate(a_specs):
            ids["a"].append(_case(db, loc=a, coach=coach, opened=date(YEAR, 2 + n, 1), name=name, birth=birth, steps=steps,
                                  close=closed, debt=debt))  # fmt: skip
        for n, cid in enumerate(ids["a"][:4]):
            case = db.get(Case, cid)
            for day in (3, 20):
                if n == 3 and day == 20:
                    continue
                add_contact(db, case, on=date(YEAR, 9, day), kind="spreekuur", minutes=30, note="Synthetische notitie", by_user_id=people.coach_a)
        # one more so A has 8 moments: 4 cases x 2 - 1 + 1
        case = db.get(Case, ids["a"][4])
        add_contact(db, case, on=date(YEAR, 10, 1), kind="telefoon", minutes=30, note=None, by_user_id=people.coach_a)
        db.add(Mediation(case_id=ids["a"][0], landlord="ymere", started_on=date(YEAR, 4, 1), stage="signaal", stage_on=date(YEAR, 4, 1)))
        db.add(TallyCount(location_id=a, on=date(YEAR, 3, 3), topic="brief", count=12))
        db.add(TallyCount(location_id=a, on=date(YEAR - 1, 12, 3), topic="brief", count=3))

        for n in range(3):
            ids["b"].append(_case(db, loc=b, coach=people.coach_b, opened=date(YEAR, 5 + n, 1), name=GOLDEN_NAMES[7 + n],
                                  birth=date(1960 + n, 6, 6), steps=1, debt=n == 0))  # fmt: skip
        old_open = _case(db, loc=b, coach=people.coach_b, opened=date(YEAR - 1, 3, 1), name=GOLDEN_NAMES[10],
                         birth=date(1955, 4, 4), steps=1, debt=True)  # fmt: skip
        _case(db, loc=b, coach=people.coach_b, opened=date(YEAR - 1, 2, 1), name="Testpersoon Golden Oud", birth=date(1950, 1, 1),
              steps=1, close=date(YEAR - 1, 12, 15), debt=True)  # fmt: skip
        ids["b"].append(old_open)
        for n, cid in enumerate(ids["b"]):
            case = db.get(Case, cid)
            for day in ((2,) if n < 3 else (2, 9)):
                add_contact(db, case, on=date(YEAR, 10, day), kind="afspraak", minutes=60, note=None, by_user_id=people.coach_b)
        add_contact(db, db.get(Case, old_open), on=date(YEAR - 1, 6, 1), kind="afspraak", minutes=60, note=None, by_user_id=people.coach_b)
    return ids
