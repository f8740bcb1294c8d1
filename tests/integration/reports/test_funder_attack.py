"""The funder attack (issue 13): with only the rapportage login, open every view and every
export of the closed family, write down every relation between the published numbers
that anyone can know, and ask an exact linear solver for the smallest and largest
possible value of each hidden number. No hidden number may have a single possible value.

What the attacker knows (the strongest usual model, as in ``rules.disclosure``):
* every published number, every view (12 months, 4 quarters, 2 half-years, the year;
  each location and all locations) in the CSV export of the profile with every indicator;
* "<5" means 1..4 and "x" means 5 or more; counts are whole and never negative;
* locations add up to Totaal; categories add up to their table's total, which is the
  core row of the year; events (new cases, steps, closings, mediation events, contacts,
  tally) of months add up to quarters, half-years and the year; klanten = residents +
  tally questions;
* residents, dossiers with debts and hours are no sums over months, but the attacker
  knows the bounds: a quarter has at least as many residents as any of its months and
  at most the sum of them (hours: at least the sum, at most the sum plus n - 1).
The dataset is small and scattered on purpose: most cells are small.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections import defaultdict
from datetime import date, timedelta

import pytest

from schoonschip.auth.models import Location
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import add_contact, record_consent
from schoonschip.cases.casefile.resident import Resident
from schoonschip.cases.casefile.service import change_stage, open_case
from schoonschip.cases.mediation.models import Mediation
from schoonschip.db import write_transaction
from schoonschip.reports.rules.family import FLOW_ROWS, period_codes, period_months
from schoonschip.reports.rules.indicators import INDICATORS
from schoonschip.reports.tally import TallyCount
from tests.conftest import TOTP_SECRET

scipy_optimize = pytest.importorskip("scipy.optimize")

YEAR = 2025
K = 5
LONG = "Buurtwerkkamer De Lange Naam aan de Bijlmerdreef"


def _seed(app, people, *, n_cases: int = 48, seed: int = 13) -> list[str]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with app.app_context(), write_transaction() as db:
        c = Location(code="loc-c", name=LONG)
        db.add(c)
        db.flush()
        locs = [(people.loc_a, people.coach_a), (people.loc_b, people.coach_b), (c.id, people.coach_a)]
        for i in range(n_cases):
            loc, coach = locs[rng.randrange(3)]
            opened = date(YEAR, 1, 1) + timedelta(days=rng.randrange(330))
            if rng.random() < 0.15:
                opened = date(YEAR - 1, 10, 1) + timedelta(days=rng.randrange(80))
            case = open_case(db, alias="Aanval", location_id=loc, coach_id=coach, by_user_id=coach, today=opened)
            day = opened
            for stage in ["a_verhaal", "b_inzicht", "c_aanpak"][: rng.randrange(4)]:
                day = day + timedelta(days=rng.randrange(5, 50))
                if day.year > YEAR:
                    break
                change_stage(db, case, stage, coach, day)
            if rng.random() < 0.3 and day + timedelta(days=20) < date(YEAR, 12, 31):
                change_stage(db, case, "afgesloten", coach, day + timedelta(days=rng.randrange(1, 20)),
                             reason=rng.choice(["verhuisd", "doel_bereikt", "geen_contact"]))  # fmt: skip
            person = i if rng.random() < 0.85 else max(0, i - 3)
            res = Resident(case_id=case.id, landlord=rng.choice(["ymere", "eigen_haard", "rochdale", None]),
                           referral_source=rng.choice(["zelf", "buren", "buurtteam", None]))  # fmt: skip
            res.full_name = f"Testpersoon Aanval {person:03d}"
            res.birth_date = date(1950 + person % 40, 1 + person % 12, 1 + person % 27)
            db.add(res)
            for _n in range(rng.randrange(3)):
                on = opened + timedelta(days=rng.randrange(60))
                if on.year == YEAR:
                    add_contact(db, case, on=on, kind="spreekuur", minutes=rng.choice([30, 45, 60, 90]), note=None,
                                by_user_id=coach)  # fmt: skip
            if rng.random() < 0.2:
                db.add(Mediation(case_id=case.id, landlord=rng.choice(["ymere", "eigen_haard"]), started_on=opened,
                                 stage="signaal", stage_on=opened))  # fmt: skip
            if rng.random() < 0.06:
                record_consent(db, db.get(Case, case.id), purpose="rapportage", given=False, on=opened, by_user_id=coach)
        for d in range(0, 365, 17):
            loc, _coach = locs[rng.randrange(3)]
            db.add(TallyCount(location_id=loc, on=date(YEAR, 1, 1) + timedelta(days=d), topic=rng.choice(["brief", "huur"]),
                              count=rng.randrange(1, 4)))  # fmt: skip
        names = sorted(["Locatie A", "Locatie B", LONG])
    return names


# ------------------------------------------------------------------------- reading
def _labels() -> tuple[dict[str, str], dict[str, tuple[str, dict[str, str], str]]]:
    rows = {str(ind.label): code for code, ind in INDICATORS.items() if ind.kind == "row"}
    tables = {
        str(ind.label): (code, {str(v): c for c, v in (ind.categories or {}).items()}, ind.margin or "")
        for code, ind in INDICATORS.items()
        if ind.kind == "table"
    }
    return rows, tables


def _value(text: str) -> tuple[float, float | None] | None:
    if text == f"<{K}":
        return (1, K - 1)
    if text == "x":
        return (K, None)
    if text == "·":  # a quarter or half-year with a hidden month: only "the sum of its months"
        return (0, None)
    digits = text.replace(".", "")
    if digits.isdigit():
        return (int(digits), int(digits))
    return None


def _collect(web, names: list[str]) -> dict[tuple[str, str, str], tuple[float, float | None]]:  # type: ignore[no-untyped-def]
    """Every published entry of every view: key -> (low, high) as the attacker knows it."""
    rows, tables = _labels()
    known: dict[tuple[str, str, str], tuple[float, float | None]] = {}
    views = [("alle", None)] + [(None, n) for n in names]
    loc_ids = {}
    page = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}").get_data(as_text=True)
    for n in names:
        import re

        m = re.search(rf'<option value="(\d+)"[^>]*>{re.escape(n)}</option>', page)
        assert m, n
        loc_ids[n] = m.group(1)
    for code in period_codes(YEAR):
        if len(code) == 4:
            q = "soort=jaar"
        elif code[5] == "H":
            q = f"soort=halfjaar&halfjaar={code[6]}"
        elif code[5] == "Q":
            q = f"soort=kwartaal&kwartaal={code[6]}"
        else:
            q = f"soort=maand&maand={int(code[5:])}"
        for all_view, name in views:
            loc = "alle" if all_view else loc_ids[name]
            resp = web.get(f"/rapportage/export.csv?{q}&jaar={YEAR}&profiel=alles&locatie={loc}")
            assert resp.status_code == 200, resp.status_code
            text = resp.get_data(as_text=True).lstrip("\ufeff")
            lines = text.split("\r\n")
            start = next(i for i, line in enumerate(lines) if line.startswith("onderdeel;"))
            for rec in csv.DictReader(io.StringIO("\r\n".join(lines[start:])), delimiter=";"):
                col = rec["kolom"]
                if col == "Totaal" and not all_view:
                    col = name  # a one-location view's Totaal is the location itself
                if rec["onderdeel"] == "Kerncijfers":
                    key = (rows[rec["rij"]], col, code)
                elif rec["onderdeel"] in tables:
                    tcode, cats, margin = tables[rec["onderdeel"]]
                    key = (margin, col, code) if rec["rij"] == "Totaal" else (f"{tcode}:{cats[rec['rij']]}", col, code)
                else:
                    continue  # amounts: not counts
                val = _value(rec["waarde"])
                assert val is not None, rec
                old = known.setdefault(key, val)
                assert old == val, (key, old, val)  # the same entry is the same in every view
    return known


# ------------------------------------------------------------------------- solving
def _relations(known, names):  # type: ignore[no-untyped-def]
    cols = names + ["Totaal"]
    eq: list[tuple[dict, float]] = []
    le: list[tuple[dict, float]] = []
    inds = {key[0] for key in known}
    periods = period_codes(YEAR)
    months = [p for p in periods if len(p) == 7 and p[5] not in "QH"]

    def has(*keys):  # type: ignore[no-untyped-def]
        return all(k in known for k in keys)

    for ind in inds:
        for p in periods:
            keys = [(ind, n, p) for n in names]
            if has(*keys, (ind, "Totaal", p)):
                row = {k: 1.0 for k in keys}
                row[(ind, "Totaal", p)] = -1.0
                eq.append((row, 0.0))
    for ind in FLOW_ROWS:
        for col in cols:
            for p in periods:
                if len(p) == 7 and p[5] in "QH" or len(p) == 4:
                    a, b = period_months(p)
                    parts = [(ind, col, months[m]) for m in range(a, b + 1)]
                    if has((ind, col, p), *parts):
                        row = {k: 1.0 for k in parts}
                        row[(ind, col, p)] = -1.0
                        eq.append((row, 0.0))
    for col in cols:
        for p in periods:
            if has(("klanten", col, p), ("unique_residents", col, p), ("tally_total", col, p)):
                eq.append(({("klanten", col, p): 1.0, ("unique_residents", col, p): -1.0, ("tally_total", col, p): -1.0}, 0.0))
    by_margin = defaultdict(list)
    for key in known:
        if ":" in key[0]:
            by_margin[(key[0].split(":")[0], key[1], key[2])].append(key)
    for (tcode, col, p), parts in by_margin.items():
        margin = INDICATORS[tcode].margin
        if (margin, col, p) in known:
            row = {k: 1.0 for k in parts}
            row[(margin, col, p)] = -1.0
            eq.append((row, 0.0))
    # stocks: parent between max(child) and sum(children) (hours: sum .. sum + n - 1)
    for ind in ("unique_residents", "cases_with_debts", "contact_hours"):
        for col in cols:
            for p in periods:
                if len(p) == 7 and p[5] not in "QH":
                    continue
                a, b = period_months(p)
                children = [(ind, col, months[m]) for m in range(a, b + 1)]
                parent = (ind, col, p)
                if not has(parent, *children):
                    continue
                if ind == "contact_hours":
                    le.append(({**{c: 1.0 for c in children}, parent: -1.0}, 0.0))
                    le.append(({parent: 1.0, **{c: -1.0 for c in children}}, len(children) - 1.0))
                else:
                    le.append(({parent: 1.0, **{c: -1.0 for c in children}}, 0.0))
                    for c in children:
                        le.append(({c: 1.0, parent: -1.0}, 0.0))
    return eq, le


def _ranges(known, eq, le, targets):  # type: ignore[no-untyped-def]
    from scipy.optimize import linprog
    from scipy.sparse import lil_matrix

    index = {key: i for i, key in enumerate(sorted(known))}
    n = len(index)

    def matrix(rows):  # type: ignore[no-untyped-def]
        m = lil_matrix((len(rows), n))
        b = []
        for r, (coef, rhs) in enumerate(rows):
            for key, v in coef.items():
                m[r, index[key]] = v
            b.append(rhs)
        return m.tocsr(), b

    a_eq, b_eq = matrix(eq)
    a_ub, b_ub = matrix(le) if le else (None, None)
    bounds = [known[key] for key in sorted(known)]
    out = {}
    for key in targets:
        c = [0.0] * n
        c[index[key]] = 1.0
        lo = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        c[index[key]] = -1.0
        hi = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert lo.status == 0, (key, lo.message)
        out[key] = (lo.fun, -hi.fun if hi.status == 0 else float("inf"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("seed", [13, 29])
def test_no_hidden_entry_has_a_single_possible_value(app, web, people, seed):
    names = _seed(app, people, seed=seed)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    known = _collect(web, names)
    hidden = sorted(key for key, (lo, hi) in known.items() if lo != hi)
    shown = len(known) - len(hidden)
    assert len(hidden) >= 30 and shown >= 100  # a dataset full of small cells, and still a report
    eq, le = _relations(known, names)
    ranges = _ranges(known, eq, le, hidden)
    pinned = {key: r for key, r in ranges.items() if r[1] != math.inf and math.floor(r[1] + 1e-6) - math.ceil(r[0] - 1e-6) < 1}
    assert not pinned, f"{len(pinned)} hidden entries have one possible value, e.g. {sorted(pinned.items())[:5]}"
