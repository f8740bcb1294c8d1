"""The closed family of funder tables for one calendar year, protected together.

Pure module: no Flask, no SQLAlchemy, no floats.

What a rapportage user can open (issue 13 item 1) is a *closed family*: the periods are
the calendar months, quarters, half-years and the year; the location sets are each
location on its own and all locations together (whose "Totaal" is the sum of the
locations). Nothing else exists, so "year minus January–September" or "{N, Z} minus {Z}"
cannot be asked. Every table of that family is computed here **in one run per year**
and protected **together** (item 2), so every view is a slice of one protected whole.

Every published number is a *key* ``(indicator, column, period)``; ``column`` is a
location name or ``Totaal``. The links an attacker can use, and how each is covered:

* **locations against the total**: every count table has the locations as columns and
  ``Totaal`` as the row total; the exact 2-D engine of ``disclosure`` protects it.
* **months against quarters against the year** (counts of events: new cases, steps,
  handovers, closings, mediation events, contact moments, tally): one grid per indicator,
  12 months × locations, with the year as the column totals and ``Totaal`` as the row
  totals, protected exactly by the same engine. A quarter or half-year figure adds
  nothing new: it is published only when all its months are published (then it is their
  sum, which anyone could add up) and hidden otherwise.
* **residents, dossiers with debts, hours** are not sums over months (one resident
  counts once in a year and in each month they were helped). Side by side, months and
  quarters still bound each other (a quarter has at least as many residents as each of
  its months, at most their sum) and an exact solver can pin a hidden month with those
  bounds. So these rows (and klanten, which contains residents) are published **for the
  year only**, as a row over the locations with its total.
* **categories against their margin** (by route, reason, referral, landlord, tally topic,
  bands): only for the **year**, as tables categories × locations whose column totals
  are the core row of the year; the shared entries are hidden in every table that
  shows them (linked tables), repeated until nothing changes.
* **profile against profile**: a profile only chooses which of these protected tables to
  show; every profile sees the same hidden entries.
* the 2016 row **klanten** (residents helped plus one-off tally contacts) is, like a
  quarter, a plain sum: published when both parts are, hidden ("·") otherwise.

Closed periods: their entries are passed in as ``frozen``: their values are used as
published, hidden ones stay hidden and shown ones are never chosen as partners, so a
later run cannot change or undermine a table that is already out. Late changes to events
of a closed month are added to the first open month of the year (the correction line).

The engine is exact per table; across linked tables the shared entries are hidden
together. ``tests/integration/reports/test_funder_attack.py`` plays the funder with an
exact linear solver over every view and export and finds no hidden entry with a single
possible value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from schoonschip.reports.rules.disclosure import Cell, suppress_table

__all__ = [
    "TOTAL",
    "Contribution",
    "FamilyTally",
    "Family",
    "period_codes",
    "period_months",
    "period_bounds",
    "compute_family",
    "FLOW_ROWS",
    "STOCK_ROWS",
    "YEAR_TABLES",
]

TOTAL = "Totaal"
Key = tuple[str, str, str]  # (indicator or "table:category", column, period code)

FLOW_ROWS = (
    "new_cases", "step_a", "step_b", "step_c", "handovers", "closed",
    "mediations_started", "arrangements_made", "instalments_kept", "instalments_missed",
    "evictions_averted", "evictions_carried_out", "contact_moments", "tally_total",
)  # fmt: skip
STOCK_ROWS = ("unique_residents", "cases_with_debts", "contact_hours")
KLANTEN = "klanten"

# code -> (margin indicator, categories)
YEAR_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {}


def register_tables(tables: Mapping[str, tuple[str, Sequence[str]]]) -> None:
    """The category tables (set once by ``indicators``, which owns the vocabularies)."""
    YEAR_TABLES.update({code: (margin, tuple(cats)) for code, (margin, cats) in tables.items()})


# ------------------------------------------------------------------------ periods
def period_codes(year: int) -> list[str]:
    """Every period of the year, finest first."""
    return (
        [f"{year}-{m:02d}" for m in range(1, 13)]
        + [f"{year}-Q{q}" for q in range(1, 5)]
        + [f"{year}-H{h}" for h in (1, 2)]
        + [str(year)]
    )


def period_months(code: str) -> tuple[int, int]:
    """First and last month index (0..11) of a period code."""
    if len(code) == 4:
        return 0, 11
    tail = code[5:]
    if tail.startswith("Q"):
        q = int(tail[1]) - 1
        return 3 * q, 3 * q + 2
    if tail.startswith("H"):
        h = int(tail[1]) - 1
        return 6 * h, 6 * h + 5
    m = int(tail) - 1
    return m, m


def period_bounds(code: str) -> tuple[date, date]:
    year = int(code[:4])
    a, b = period_months(code)
    end_month = b + 1
    last = date(year + (end_month == 12), end_month % 12 + 1, 1).toordinal() - 1
    return date(year, a + 1, 1), date.fromordinal(last)


# -------------------------------------------------------------------------- facts
@dataclass(frozen=True, slots=True)
class Contribution:
    """What one case contributes (from ``report_contributions``); codes in the report's
    vocabulary (see ``indicators._norm``)."""

    resident_key: str
    location: str
    opened: date
    closed: date | None = None
    close_reason: str = "anders"
    referral: str = "onbekend"
    landlord: str = "onbekend"
    steps: tuple[date | None, date | None, date | None] = (None, None, None)
    handover: tuple[date, str, str] | None = None  # day, route, result
    creditor_band: str | None = None
    debt_band: str | None = None
    contacts: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # "YYYY-MM" -> (moments, minutes)
    mediation: tuple[tuple[str, date, str], ...] = ()  # (measure, day, landlord)


@dataclass(frozen=True, slots=True)
class FamilyTally:
    location: str
    day: date
    topic: str
    count: int


@dataclass
class Family:
    """Every entry of the year's family: ``cells[key]`` (``Cell``: shown value or hidden)
    and the true ``values`` (kept only to store a closed period; never shown)."""

    year: int
    locations: tuple[str, ...]
    k: int
    cells: dict[Key, Cell]
    values: dict[Key, int]
    withheld: frozenset[Key] = frozenset()

    def cell(self, indicator: str, column: str, period: str) -> Cell:
        return self.cells[(indicator, column, period)]

    def period_entries(self, code: str) -> dict[Key, tuple[int, int]]:
        """key -> (true value, 0 shown / 1 hidden / 2 withheld) for one period."""
        return {
            key: (self.values[key], 2 if key in self.withheld else int(self.cells[key].suppressed))
            for key in self.cells
            if key[2] == code
        }


# ------------------------------------------------------------------- aggregation
@dataclass
class _Raw:
    flows: dict[str, list[dict[str, int]]]
    stocks: dict[str, dict[str, dict[str, int]]]  # ind -> period -> col -> value
    tables: dict[str, dict[tuple[str, str], int]]  # table code -> (category, loc) -> value


def _aggregate(contribs: Iterable[Contribution], tallies: Iterable[FamilyTally], year: int, locs: Sequence[str]) -> _Raw:
    """One pass over the rows: events per month, year-only stocks and category tables."""
    wanted = set(locs)
    y = str(year)
    flows: dict[str, list[dict[str, int]]] = {ind: [defaultdict(int) for _ in range(12)] for ind in FLOW_ROWS}
    residents: dict[str, set[str]] = defaultdict(set)
    with_debts: dict[str, int] = defaultdict(int)
    minutes: dict[str, int] = defaultdict(int)
    tables: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    prefix = f"{year:04d}-"
    start, end = date(year, 1, 1), date(year, 12, 31)
    new_cases, closed_f, moments = flows["new_cases"], flows["closed"], flows["contact_moments"]
    referral_t, closed_t = tables["referral_sources"], tables["closed_by_reason"]
    step_flows = (flows["step_a"], flows["step_b"], flows["step_c"])
    for c in contribs:
        loc = c.location
        if loc not in wanted:
            continue
        opened = c.opened
        if opened.year == year:
            new_cases[opened.month - 1][loc] += 1
            referral_t[(c.referral, loc)] += 1
        for flow, day in zip(step_flows, c.steps, strict=True):
            if day is not None and day.year == year:
                flow[day.month - 1][loc] += 1
        if c.handover is not None and c.handover[0].year == year:
            flows["handovers"][c.handover[0].month - 1][loc] += 1
            tables["handovers_by_route"][(c.handover[1], loc)] += 1
            tables["handovers_by_result"][(c.handover[2], loc)] += 1
        closed = c.closed
        if closed is not None and closed.year == year:
            closed_f[closed.month - 1][loc] += 1
            closed_t[(c.close_reason, loc)] += 1
        for month_code, (n, mins) in c.contacts.items():
            if month_code.startswith(prefix):
                moments[int(month_code[5:]) - 1][loc] += n
                minutes[loc] += mins
        for measure, day, landlord in c.mediation:
            if day.year == year:
                flows[measure][day.month - 1][loc] += 1
                tables[f"{measure}_by_landlord"][(landlord, loc)] += 1
        if opened <= end and (closed is None or closed >= start):  # active in the year
            residents[loc].add(c.resident_key)
            if c.debt_band is not None:
                with_debts[loc] += 1
                tables["creditor_bands"][(c.creditor_band or "1-2", loc)] += 1
                tables["debt_bands"][(c.debt_band, loc)] += 1
    for t in tallies:
        if t.location in wanted and t.day.year == year:
            flows["tally_total"][t.day.month - 1][t.location] += t.count
            tables["tally_by_topic"][(t.topic, t.location)] += t.count
    stocks: dict[str, dict[str, dict[str, int]]] = {
        "unique_residents": {y: {loc: len(residents[loc]) for loc in locs}},
        "cases_with_debts": {y: {loc: with_debts[loc] for loc in locs}},
        "contact_hours": {y: {loc: minutes[loc] // 60 for loc in locs}},
    }
    return _Raw(flows, stocks, tables)


# -------------------------------------------------------------------- protection
@dataclass
class _Spec:
    """One table for the engine: ``matrix`` rows × columns, optional column totals, and
    the key of every augmented position."""

    matrix: list[list[int]]
    column_totals: bool
    keys: dict[tuple[int, int], Key]


def augmented_values(matrix: Sequence[Sequence[int]], column_totals: bool) -> dict[tuple[int, int], int]:
    """Every entry of a table by position, with the row totals in the column after the last
    and (``column_totals``) the column totals in the row after the last."""
    out: dict[tuple[int, int], int] = {}
    n_cols = len(matrix[0]) if matrix else 0
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            out[(i, j)] = v
        out[(i, n_cols)] = sum(row)
    if column_totals:
        n = len(matrix)
        for j in range(n_cols):
            out[(n, j)] = sum(r[j] for r in matrix)
        out[(n, n_cols)] = sum(sum(r) for r in matrix)
    return out


def compute_family(
    contribs: Iterable[Contribution],
    tallies: Iterable[FamilyTally],
    year: int,
    locations: Sequence[str],
    k: int,
    frozen: Mapping[Key, tuple[int, int]] | None = None,
) -> Family:
    """Aggregate and protect every table of the year (see the module docstring).

    ``frozen``: the entries of the closed periods of this year as published."""
    locs = tuple(locations)
    cols = locs + (TOTAL,)
    frozen = dict(frozen or {})
    raw = _aggregate(contribs, tallies, year, locs)
    specs = _family_specs(raw, year, locs, frozen)
    values, derived = _family_values(specs, year, cols)
    hidden, withheld_keys = _protect_family(specs, derived, frozen, k)
    status = {key: key in hidden and (v > 0 or key in withheld_keys or key in derived) for key, v in values.items()}
    cells = {key: make_cell(key, values[key], 2 if key in withheld_keys else int(status[key]), k) for key in values}
    return Family(year, locs, k, cells, values, frozenset(withheld_keys))


def _family_specs(raw: _Raw, year: int, locs: tuple[str, ...], frozen: Mapping[Key, tuple[int, int]]) -> list[_Spec]:
    """The year's tables for the engine: the months of every flow, the stocks of the
    year, and the category tables of the year."""
    cols = locs + (TOTAL,)
    specs = [_flow_spec(raw, ind, year, locs, frozen) for ind in FLOW_ROWS]
    # Stocks: per period a row over the locations.
    for ind in STOCK_ROWS:
        codes = [str(year)]  # the year only: see the module docstring
        matrix = [[raw.stocks[ind][code][loc] for loc in locs] for code in codes]
        keys = {(i, j): (ind, col, code) for i, code in enumerate(codes) for j, col in enumerate(cols)}
        specs.append(_Spec(matrix, False, keys))
    # Category tables: the year only.
    for code, (margin, cats) in YEAR_TABLES.items():
        matrix = [[raw.tables[code].get((cat, loc), 0) for loc in locs] for cat in cats]
        keys = {}
        for i, cat in enumerate(cats):
            for j, col in enumerate(cols):
                keys[(i, j)] = (f"{code}:{cat}", col, str(year))
        for j, col in enumerate(cols):
            keys[(len(cats), j)] = (margin, col, str(year))
        specs.append(_Spec(matrix, True, keys))
    return specs


def _flow_spec(raw: _Raw, ind: str, year: int, locs: tuple[str, ...], frozen: Mapping[Key, tuple[int, int]]) -> _Spec:
    """A flow: 12 months x locations; frozen months keep their published values and the
    difference goes to the first open month (the correction)."""
    cols = locs + (TOTAL,)
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    closed_months = [i for i, code in enumerate(months) if (FLOW_ROWS[0], TOTAL, code) in frozen]
    open_months = [i for i in range(12) if i not in closed_months]
    matrix = [[raw.flows[ind][m].get(loc, 0) for loc in locs] for m in range(12)]
    for j, loc in enumerate(locs):
        correction = 0
        for m in closed_months:
            published = frozen.get((ind, loc, months[m]))
            if published is not None:
                correction += matrix[m][j] - published[0]
                matrix[m][j] = published[0]
        if open_months and correction:
            first = open_months[0]
            matrix[first][j] = max(0, matrix[first][j] + correction)
    keys: dict[tuple[int, int], Key] = {}
    for m in range(12):
        for j, col in enumerate(cols):
            keys[(m, j)] = (ind, col, months[m])
    for j, col in enumerate(cols):
        keys[(12, j)] = (ind, col, str(year))
    return _Spec(matrix, True, keys)


def _family_values(
    specs: Sequence[_Spec], year: int, cols: tuple[str, ...]
) -> tuple[dict[Key, int], dict[Key, list[Key]]]:
    """Every key's one true value, and the derived entries (quarters and halves of flows,
    klanten) with the keys they are the sum of."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    values: dict[Key, int] = {}
    for spec in specs:
        for pos, v in augmented_values(spec.matrix, spec.column_totals).items():
            values.setdefault(spec.keys[pos], v)
    derived: dict[Key, list[Key]] = {}
    for ind in FLOW_ROWS:
        for code in period_codes(year):
            if len(code) == 7 and code[5] in "QH":
                a, b = period_months(code)
                for col in cols:
                    parts = [(ind, col, months[m]) for m in range(a, b + 1)]
                    derived[(ind, col, code)] = parts
                    values[(ind, col, code)] = sum(values[p] for p in parts)
    # Klanten (the 2016 row) = residents + tally questions: published only when both are.
    for code in [str(year)]:
        for col in cols:
            parts = [("unique_residents", col, code), ("tally_total", col, code)]
            derived[(KLANTEN, col, code)] = parts
            values[(KLANTEN, col, code)] = sum(values[p] for p in parts)
    return values, derived


def _protect_family(
    specs: Sequence[_Spec], derived: Mapping[Key, list[Key]], frozen: Mapping[Key, tuple[int, int]], k: int
) -> tuple[set[Key], set[Key]]:
    """Protect every table together until nothing changes: the keys hidden, and those
    withheld with their whole table."""
    hidden: set[Key] = {key for key, (_v, h) in frozen.items() if h}
    shown_fixed: set[Key] = {key for key, (_v, h) in frozen.items() if not h}
    withheld_keys: set[Key] = {key for key, (_v, h) in frozen.items() if h == 2}
    for _round in range(50):
        # A derived entry is hidden when one of its months is; then it is no partner either.
        for key, parts in derived.items():
            if any(p in hidden for p in parts):
                hidden.add(key)
        fixed_now = shown_fixed | {key for key, parts in derived.items() if key not in hidden}
        now: set[Key] = set(hidden)
        for spec in specs:
            force = {pos for pos, key in spec.keys.items() if key in hidden}
            fixed = {pos for pos, key in spec.keys.items() if key in fixed_now and key not in hidden}
            table = suppress_table(spec.matrix, k, column_totals=spec.column_totals, force_suppress=force, fixed=fixed)
            for pos, key in spec.keys.items():
                try:
                    entry = table.entry(pos)
                except KeyError:
                    continue
                if entry.suppressed:
                    now.add(key)
                    if table.withheld:
                        withheld_keys.add(key)
        if now <= hidden:
            break
        hidden |= now
    return hidden, withheld_keys


SUM_HIDDEN_DISPLAY = "·"


def is_sum_of_months(key: Key) -> bool:
    """A quarter or half-year of an event count (the sum of its months), or klanten (the
    sum of residents and tally questions): published only when all its parts are."""
    code = key[2]
    return key[0] == KLANTEN or (key[0] in FLOW_ROWS and len(code) == 7 and code[5] in "QH")


def make_cell(key: Key, value: int, hidden: int, k: int) -> Cell:
    """The published cell; ``hidden`` 0 shown, 1 hidden, 2 withheld with its whole table.

    "·" means "hidden, and no bound": a quarter or half-year of event counts hidden
    because a month in it is (it tells nothing beyond that sum), and every entry of a
    table too small to protect any other way (zeros included)."""
    if not hidden:
        return Cell.shown(value)
    if hidden == 2 or is_sum_of_months(key):
        return Cell(value=None, display=SUM_HIDDEN_DISPLAY, suppressed=True, reason="secondary")
    return Cell.hidden("primary" if 1 <= value < k else "secondary", k)
