"""Disclosure control for funder reports: small counts and amounts stay hidden.

Pure module: no Flask, no SQLAlchemy. Everything a funder sees passes through here.

Counts (``suppress_table`` / ``suppress_series``)
------------------------------------------------
A table is a grid of non-negative whole counts with a published total per row, a
total per column and a grand total. Think of it as the *augmented* grid of
``(rows + 1) × (columns + 1)`` entries: the last row holds the column totals, the
last column the row totals, the corner the grand total. Every row and every column of
that augmented grid is a *line*: its last entry is the sum of the others.

1. **Primary suppression.** Every entry (a cell *or* a total) with a value from 1 to
   k-1 is hidden and shown as ``"<k"``. Zeros stay visible: a zero is not a person,
   and hiding a zero protects nothing (everyone would guess it). k defaults to 5 and
   may never be below 3 (with k = 2, ``"<2"`` would simply mean 1).
2. **Secondary suppression.** A hidden entry must not be recoverable from what is
   published. We use the strongest usual attacker: they know every published number,
   every line relation, that counts are whole and not negative, that ``"<k"`` means
   1..k-1, that zeros are never hidden and therefore that an entry hidden as ``"x"``
   is at least k. A hidden entry is *safe* when another table exists that fits all of
   that knowledge but has a different value in that entry. Because every entry lies
   in exactly one row line and one column line, such an alternative table exists
   exactly when there is a *cycle* of hidden entries through it (a rectangle is the
   smallest) along which we can add 1 and subtract 1 in turn while every entry stays
   inside what the attacker knows about it (flow decomposition: any alternative table
   differs from the true one by a sum of such cycles). This catches the obvious leak
   (a line with exactly one hidden entry: subtract the rest from the total), chains of
   subtractions across several lines, and the subtle one where two hidden ``"<5"``
   cells next to a published total add up to 2 (both must then be 1).
3. **Choosing partners.** While some hidden entry is not safe, we hide extra entries
   that close such a cycle, choosing the cycle that hides the *smallest total of extra
   counts* (ties: the fewest extra entries, then the first in reading order). Only
   non-zero entries are chosen as partners; totals may be chosen when no cheaper cycle
   through inner cells exists. Newly hidden entries are checked too: we repeat until a
   fixed point, so suppression propagates through totals. If no cycle can be closed
   even after hiding every non-zero entry (a tiny table such as 1 + 1 = 2 with k = 3:
   three "<3" entries can only mean 1, 1 and 2) the whole table is *withheld*: every
   entry, zeros included, shows "x" and ``withheld`` is True.

Tables whose rows are *not* parts of one whole (an indicator × location table:
"nieuwe dossiers" and "stap A bereikt" are not summed) are suppressed row by row as
1-D series (a list of categories with its total), with ``column_totals=False``.

Tables that share a total (for example handovers by route and by result: both add up to
the handovers per location) must hide the same shared entries, or one table gives away
what the other hides. ``force_suppress`` lets the caller (``indicators.build_report``)
hide such an entry everywhere and repeat until nothing changes.

Amounts (``safe_sum``, ``safe_median``, ``safe_share``)
-------------------------------------------------------
An amount statistic is shown only when at least ``min_contributors`` (10) residents
contribute a non-zero amount and the largest single contribution is at most
``dominance`` (default 0.5, i.e. 50 %) of the sum. Otherwise the result is ``None``,
displayed as ``"–"`` with a Dutch reason. Medians are rounded to whole € 100 so the
number shown is never one resident's exact amount.

Identifying fields (``assert_no_identifying_fields``)
-----------------------------------------------------
A last guard on every export: refuses keys that look like personal fields and values
that look like a case reference, e-mail address, phone number, postcode or a date finer
than the report period.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from schoonschip.i18n import N_
from schoonschip.money import Money, format_decimal_nl, format_eur

__all__ = [
    "DEFAULT_K",
    "MIN_K",
    "METHOD_EXPLANATION_NL",
    "Cell",
    "SuppressedTable",
    "SuppressedSeries",
    "SafeAmount",
    "SafeShare",
    "IdentifyingFieldError",
    "suppress_table",
    "suppress_series",
    "method_explanation_nl",
    "amount_statistic_allowed",
    "amount_refusal_reason",
    "safe_sum",
    "safe_median",
    "safe_share",
    "assert_no_identifying_fields",
    "format_count",
]

DEFAULT_K = 5
MIN_K = 3
SECONDARY_DISPLAY = "x"
AMOUNT_HIDDEN_DISPLAY = "–"
# The one reason shown for any hidden figure: a reason per rule ("one resident has too
# large a share") would itself tell something about the residents (issue 13 item 6).
HIDDEN_REASON = N_("verborgen om bewoners te beschermen")

Reason = Literal["primary", "secondary"]
Position = tuple[int, int]


def method_explanation_nl(k: int = DEFAULT_K) -> str:
    """The method in plain Dutch (B1), for the report page and every export."""
    _check_k(k)
    return N_(
        "In dit overzicht staan geen namen en geen losse personen. "
        "Een klein aantal (1 tot en met %(below)s) laten we zien als \"<%(k)s\". "
        "In een kleine buurt kun je iemand anders misschien herkennen. "
        "Soms verbergen we ook een groter getal; dan staat er \"x\". "
        "Dat doen we zodat niemand een klein aantal kan terugrekenen met een totaal. "
        "Een 0 laten we wel zien. "
        "Een bedrag (zoals de totale schuld) laten we alleen zien als minstens 10 bewoners meetellen "
        "en niemand meer dan de helft van dat bedrag heeft. Anders staat er \"–\".",
        below=k - 1, k=k,
    )



# --------------------------------------------------------------------------- cells


@dataclass(frozen=True, slots=True)
class Cell:
    """One entry of a protected table. A hidden entry has ``value`` None: the true
    number never leaves this module, so no template or export can leak it."""

    value: int | None
    display: str
    suppressed: bool
    reason: Reason | None

    @classmethod
    def shown(cls, value: int) -> Cell:
        return cls(value=value, display=format_count(value), suppressed=False, reason=None)

    @classmethod
    def hidden(cls, reason: Reason, k: int) -> Cell:
        display = f"<{k}" if reason == "primary" else SECONDARY_DISPLAY
        return cls(value=None, display=display, suppressed=True, reason=reason)


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """A 2-D table after disclosure control.

    ``col_totals`` and ``grand_total`` are None when the table was protected with
    ``column_totals=False`` (rows are separate series that are not summed)."""

    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    col_totals: tuple[Cell, ...] | None
    grand_total: Cell | None
    k: int
    withheld: bool = False

    def entry(self, pos: Position) -> Cell:
        """Entry in augmented coordinates: row ``len(rows)`` = column totals,
        column ``len(cols)`` = row totals."""
        i, j = pos
        n_rows, n_cols = len(self.row_labels), len(self.col_labels)
        if i < n_rows and j < n_cols:
            return self.cells[i][j]
        if i < n_rows and j == n_cols:
            return self.row_totals[i]
        if self.col_totals is None or self.grand_total is None:
            raise KeyError(pos)
        if i == n_rows and j < n_cols:
            return self.col_totals[j]
        if i == n_rows and j == n_cols:
            return self.grand_total
        raise KeyError(pos)

    def suppressed_positions(self) -> set[Position]:
        n_rows, n_cols = len(self.row_labels), len(self.col_labels)
        last_row = n_rows + 1 if self.col_totals is not None else n_rows
        return {
            (i, j)
            for i in range(last_row)
            for j in range(n_cols + 1)
            if self.entry((i, j)).suppressed
        }


@dataclass(frozen=True, slots=True)
class SuppressedSeries:
    """A 1-D table (categories with their total) after disclosure control."""

    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    total: Cell
    k: int
    withheld: bool = False


# --------------------------------------------------------------------- validation


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError("k moet een heel getal zijn.")
    if k < MIN_K:
        raise ValueError(
            f"De drempel k moet minstens {MIN_K} zijn. Met een lagere drempel kun je een persoon herkennen."
        )


def _check_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("Een tabel bevat alleen hele aantallen (int), geen kommagetallen.")
    if value < 0:
        raise ValueError("Een aantal kan niet negatief zijn.")
    return value


METHOD_EXPLANATION_NL = method_explanation_nl(DEFAULT_K)


def format_count(value: int) -> str:
    """A count in Dutch notation: 1234 -> '1.234' (a whole number: the thousands dot only)."""
    return f"{value:,}".replace(",", ".")


# ------------------------------------------------------------------------ engine


class _Engine:
    """Suppression on the augmented grid (see module docstring).

    Graph view: vertex ``("r", i)`` per augmented row, ``("c", j)`` per augmented
    column, one edge per entry. With sign ``s = (+1 if i < R else -1) * (+1 if j < C
    else -1)`` every line relation becomes "the signed entries sum to zero", so an
    alternative table is a circulation: +1/-1 in turn around a cycle of hidden entries.
    """

    def __init__(
        self, grid: list[list[int]], k: int, force: Collection[Position], fixed: Collection[Position] = ()
    ) -> None:
        self.grid = grid
        self.k = k
        self.fixed = frozenset(fixed)  # published elsewhere already: never chosen as a partner
        self.R = len(grid) - 1  # index of the column-totals row
        self.C = len(grid[0]) - 1  # index of the row-totals column
        self.status: dict[Position, Reason] = {}
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if 1 <= value < k:
                    self.status[(i, j)] = "primary"
        for pos in sorted(force):
            i, j = pos
            if not (0 <= i <= self.R and 0 <= j <= self.C):
                raise ValueError(f"force_suppress: positie {pos} valt buiten de tabel.")
            if grid[i][j] != 0 and pos not in self.status:
                self.status[pos] = "secondary"

    # --- what the attacker knows about a hidden entry ---------------------------
    def _sign(self, pos: Position) -> int:
        i, j = pos
        return (1 if i < self.R else -1) * (1 if j < self.C else -1)

    def _can_step(self, pos: Position, step: int, reason: Reason) -> bool:
        """Can the *signed* value move by ``step`` (+1/-1) and stay within bounds?"""
        new = self.grid[pos[0]][pos[1]] + step * self._sign(pos)
        if reason == "primary":
            return 1 <= new <= self.k - 1
        return new >= self.k  # secondary: known to be at least k, no upper bound

    def _arcs(self, pos: Position, reason: Reason) -> list[tuple[tuple[str, int], tuple[str, int]]]:
        r, c = ("r", pos[0]), ("c", pos[1])
        arcs = []
        if self._can_step(pos, +1, reason):
            arcs.append((r, c))
        if self._can_step(pos, -1, reason):
            arcs.append((c, r))
        return arcs

    def _graph(self, skip: Position) -> dict[tuple[str, int], list[tuple[str, int]]]:
        graph: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for pos, reason in self.status.items():
            if pos == skip:
                continue
            for a, b in self._arcs(pos, reason):
                graph.setdefault(a, []).append(b)
        return graph

    @staticmethod
    def _reachable(graph: Mapping[tuple[str, int], list[tuple[str, int]]], src, dst) -> bool:
        seen = {src}
        stack = [src]
        while stack:
            v = stack.pop()
            if v == dst:
                return True
            for w in graph.get(v, ()):
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        return False

    def is_safe(self, pos: Position) -> bool:
        reason = self.status[pos]
        graph = self._graph(skip=pos)
        r, c = ("r", pos[0]), ("c", pos[1])
        if self._can_step(pos, +1, reason) and self._reachable(graph, c, r):
            return True
        return self._can_step(pos, -1, reason) and self._reachable(graph, r, c)

    # --- repair -------------------------------------------------------------------
    def _cheapest_partners(self, pos: Position) -> list[Position] | None:
        """Cheapest set of extra entries that closes a feasible cycle through ``pos``."""
        reason = self.status[pos]
        # arcs: (from, to, cost, entry-or-None)
        arcs: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int], Position | None]]] = {}
        for i in range(self.R + 1):
            for j in range(self.C + 1):
                e = (i, j)
                if e == pos:
                    continue
                if e in self.status:
                    cost, new, e_reason = (0, 0), None, self.status[e]
                elif self.grid[i][j] > 0 and e not in self.fixed:
                    cost, new, e_reason = (self.grid[i][j], 1), e, "secondary"
                else:
                    continue  # zeros are never hidden
                for a, b in self._arcs(e, e_reason):
                    arcs.setdefault(a, []).append((b, cost, new))
        r, c = ("r", pos[0]), ("c", pos[1])
        best: tuple[tuple[int, int], list[Position]] | None = None
        for step, src, dst in ((+1, c, r), (-1, r, c)):
            if not self._can_step(pos, step, reason):
                continue
            found = self._dijkstra(arcs, src, dst)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return None if best is None else best[1]

    @staticmethod
    def _dijkstra(arcs, src, dst) -> tuple[tuple[int, int], list[Position]] | None:
        dist: dict[tuple[str, int], tuple[int, int]] = {src: (0, 0)}
        prev: dict[tuple[str, int], tuple[tuple[str, int], Position | None]] = {}
        heap: list[tuple[tuple[int, int], tuple[str, int]]] = [((0, 0), src)]
        done: set[tuple[str, int]] = set()
        while heap:
            d, v = heapq.heappop(heap)
            if v in done:
                continue
            done.add(v)
            if v == dst:
                path: list[Position] = []
                while v != src:
                    v, new = prev[v]
                    if new is not None:
                        path.append(new)
                return d, sorted(path)
            for w, cost, new in arcs.get(v, ()):
                nd = (d[0] + cost[0], d[1] + cost[1])
                if w not in dist or nd < dist[w]:
                    dist[w] = nd
                    prev[w] = (v, new)
                    heapq.heappush(heap, (nd, w))
        return None

    def run(self) -> bool:
        """Suppress to a fixed point. Returns False when the table must be withheld."""
        fallback_used = False
        while True:
            unsafe = next((p for p in sorted(self.status) if not self.is_safe(p)), None)
            if unsafe is None:
                return True
            partners = self._cheapest_partners(unsafe)
            if partners:
                for p in partners:
                    self.status[p] = "secondary"
                continue
            if fallback_used:
                return False
            fallback_used = True
            for i in range(self.R + 1):
                for j in range(self.C + 1):
                    if self.grid[i][j] > 0 and (i, j) not in self.status and (i, j) not in self.fixed:
                        self.status[(i, j)] = "secondary"


def _protect(
    grid: list[list[int]], k: int, force: Collection[Position], fixed: Collection[Position] = ()
) -> tuple[dict[Position, Reason], bool]:
    engine = _Engine(grid, k, force, fixed)
    ok = engine.run()
    if not ok and fixed:
        # Entries already published elsewhere cannot be taken back: hide every other one.
        return engine.status, False
    if not ok:
        # Withhold the whole table: every entry, zeros included, shows "x", so the
        # pattern of "<k" and zeros can no longer be combined with the totals.
        every: dict[Position, Reason] = {
            (i, j): "secondary" for i in range(len(grid)) for j in range(len(grid[0]))
        }
        return every, True
    return engine.status, False


def _cell(grid: list[list[int]], status: Mapping[Position, Reason], pos: Position, k: int) -> Cell:
    reason = status.get(pos)
    if reason is None:
        return Cell.shown(grid[pos[0]][pos[1]])
    return Cell.hidden(reason, k)


# ---------------------------------------------------------------------- public API


def suppress_series(
    values: Sequence[int],
    k: int = DEFAULT_K,
    *,
    labels: Sequence[str] | None = None,
    force_suppress: Collection[int] = (),
    force_total: bool = False,
    fixed: Collection[int] = (),
    fixed_total: bool = False,
) -> SuppressedSeries:
    """Protect a 1-D table: categories with a published total.

    ``force_suppress`` holds category indexes that must be hidden (shared with another
    table); ``force_total`` hides the total for the same reason."""
    _check_k(k)
    counts = [_check_count(v) for v in values]
    labels_t = tuple(labels) if labels is not None else tuple(str(i) for i in range(len(counts)))
    if len(labels_t) != len(counts):
        raise ValueError("Er zijn niet evenveel namen als getallen.")
    # A series is a 1-row table; its column totals equal its cells (and are not shown).
    n = len(counts)
    total = sum(counts)
    grid = [counts + [total], counts + [total]]
    force: set[Position] = set()
    for j in force_suppress:
        force |= {(0, j), (1, j)}
    if force_total:
        force |= {(0, n), (1, n)}
    fixed_pos: set[Position] = {(r, j) for j in fixed for r in (0, 1)} | ({(0, n), (1, n)} if fixed_total else set())
    status, withheld = _protect(grid, k, force, fixed_pos)
    cells = tuple(_cell(grid, status, (0, j), k) for j in range(n))
    return SuppressedSeries(labels_t, cells, _cell(grid, status, (0, n), k), k, withheld)


def suppress_table(
    table: Sequence[Sequence[int]],
    k: int = DEFAULT_K,
    *,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    column_totals: bool = True,
    force_suppress: Collection[Position] = (),
    fixed: Collection[Position] = (),
) -> SuppressedTable:
    """Protect a 2-D table of counts with row totals, column totals and a grand total.

    Totals are computed here from the cells, so they are always consistent.
    ``force_suppress`` takes positions in augmented coordinates: ``(i, j)`` with
    ``i == len(table)`` for a column total and ``j == number of columns`` for a row total.
    With ``column_totals=False`` each row is protected as its own series and no column
    totals or grand total are published.
    """
    _check_k(k)
    rows = [[_check_count(v) for v in row] for row in table]
    n_rows = len(rows)
    if col_labels is not None:
        n_cols = len(col_labels)
    elif rows:
        n_cols = len(rows[0])
    else:
        raise ValueError("Een lege tabel heeft kolomnamen nodig.")
    if any(len(r) != n_cols for r in rows):
        raise ValueError("Alle rijen van de tabel moeten even lang zijn.")
    r_labels = tuple(row_labels) if row_labels is not None else tuple(str(i) for i in range(n_rows))
    c_labels = tuple(col_labels) if col_labels is not None else tuple(str(j) for j in range(n_cols))
    if len(r_labels) != n_rows:
        raise ValueError("Er zijn niet evenveel rijnamen als rijen.")

    if not column_totals:
        series = [
            suppress_series(
                row,
                k,
                labels=c_labels,
                force_suppress={j for (i, j) in force_suppress if i == idx and j < n_cols},
                force_total=(idx, n_cols) in force_suppress,
                fixed={j for (i, j) in fixed if i == idx and j < n_cols},
                fixed_total=(idx, n_cols) in fixed,
            )
            for idx, row in enumerate(rows)
        ]
        return SuppressedTable(
            r_labels,
            c_labels,
            tuple(s.cells for s in series),
            tuple(s.total for s in series),
            None,
            None,
            k,
            any(s.withheld for s in series),
        )

    col_tot = [sum(r[j] for r in rows) for j in range(n_cols)]
    grid = [r + [sum(r)] for r in rows] + [col_tot + [sum(col_tot)]]
    status, withheld = _protect(grid, k, force_suppress, fixed)
    cells = tuple(tuple(_cell(grid, status, (i, j), k) for j in range(n_cols)) for i in range(n_rows))
    return SuppressedTable(
        r_labels,
        c_labels,
        cells,
        tuple(_cell(grid, status, (i, n_cols), k) for i in range(n_rows)),
        tuple(_cell(grid, status, (n_rows, j), k) for j in range(n_cols)),
        _cell(grid, status, (n_rows, n_cols), k),
        k,
        withheld,
    )


# ------------------------------------------------------------------------- amounts

DEFAULT_MIN_CONTRIBUTORS = 10
DEFAULT_DOMINANCE = Decimal("0.5")
MEDIAN_ROUNDING = Money(100_00)


@dataclass(frozen=True, slots=True)
class SafeAmount:
    """An amount statistic after the ≥10-contributors and dominance rules."""

    value: Money | None
    display: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class SafeShare:
    """A percentage of one amount in another, after the amount rules."""

    percent: Decimal | None
    display: str
    reason: str | None


def _check_amounts(values: Iterable[Money]) -> list[Money]:
    out = []
    for v in values:
        if not isinstance(v, Money):
            raise TypeError("Bedragen moeten Money zijn (hele centen), nooit float.")
        if v.is_negative():
            raise ValueError("Een bijdrage aan een bedrag kan niet negatief zijn.")
        out.append(v)
    return out


def amount_refusal_reason(
    values: Sequence[Money],
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> str | None:
    """Why an amount statistic may not be shown (Dutch), or None when it may.

    ``values`` holds one amount per resident. A resident *contributes* when their
    amount is not zero. Dominance: the largest amount may be at most ``dominance``
    (a fraction, default 0.5 = 50 %) of the sum."""
    if isinstance(dominance, float) or not isinstance(dominance, Decimal | int):
        raise TypeError("dominance is een Decimal (bijvoorbeeld Decimal('0.5')), nooit float.")
    if not Decimal(0) < Decimal(dominance) <= Decimal(1):
        raise ValueError("dominance moet tussen 0 en 1 liggen.")
    amounts = [v for v in _check_amounts(values) if v.cents > 0]
    if len(amounts) < min_contributors:
        return HIDDEN_REASON
    total = sum(a.cents for a in amounts)
    if Decimal(max(a.cents for a in amounts)) > Decimal(dominance) * Decimal(total):
        return HIDDEN_REASON
    return None


def amount_statistic_allowed(
    values: Sequence[Money],
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> bool:
    """True when a sum or median over these per-resident amounts may be shown."""
    return amount_refusal_reason(values, min_contributors, dominance) is None


def _hidden_amount(reason: str) -> SafeAmount:
    return SafeAmount(None, AMOUNT_HIDDEN_DISPLAY, reason)


def safe_sum(
    values: Sequence[Money],
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> SafeAmount:
    """The sum, or ``value=None`` shown as "–" with a reason."""
    reason = amount_refusal_reason(values, min_contributors, dominance)
    if reason is not None:
        return _hidden_amount(reason)
    total = Money(sum(v.cents for v in values))
    return SafeAmount(total, format_eur(total), None)


def _round_to(amount: Money, unit: Money) -> Money:
    """Round half up to a multiple of ``unit`` (non-negative amounts)."""
    return Money(((amount.cents + unit.cents // 2) // unit.cents) * unit.cents)


def safe_median(
    values: Sequence[Money],
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
    round_to: Money = MEDIAN_ROUNDING,
) -> SafeAmount:
    """The median of the contributing (non-zero) amounts, rounded to ``round_to``
    (€ 100), or ``value=None`` shown as "–" with a reason."""
    reason = amount_refusal_reason(values, min_contributors, dominance)
    if reason is not None:
        return _hidden_amount(reason)
    amounts = sorted(v.cents for v in values if v.cents > 0)
    n = len(amounts)
    mid = n // 2
    cents = amounts[mid] if n % 2 else (amounts[mid - 1] + amounts[mid]) // 2
    median = _round_to(Money(cents), round_to)
    return SafeAmount(median, format_eur(median), None)


def safe_share(
    part: Sequence[Money],
    whole: Sequence[Money],
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> SafeShare:
    """``sum(part) / sum(whole)`` as a percentage with one decimal (rounded down).

    Both the part and the whole must pass the amount rules: a share and a published
    whole together give the part away."""
    reason = amount_refusal_reason(whole, min_contributors, dominance)
    if reason is None:
        reason = amount_refusal_reason(part, min_contributors, dominance)
    if reason is not None:
        return SafeShare(None, AMOUNT_HIDDEN_DISPLAY, reason)
    p = sum(v.cents for v in part)
    w = sum(v.cents for v in whole)
    if p > w:
        raise ValueError("Een deel kan niet groter zijn dan het geheel.")
    pct = (Decimal(p) * 100 / Decimal(w)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return SafeShare(pct, f"{format_decimal_nl(pct, 1)} %", None)


# ------------------------------------------------------------- identifying fields

Granularity = Literal["year", "quarter", "month", "day"]
_GRANULARITY_RANK = {"year": 0, "quarter": 1, "month": 2, "day": 3}

PERSONAL_KEY_PARTS = (
    "naam",
    "name",
    "geboorte",
    "birth",
    "adres",
    "address",
    "straat",
    "street",
    "postcode",
    "zip",
    "telefoon",
    "phone",
    "mobiel",
    "email",
    "e-mail",
    "e_mail",
    "referentie",
    "reference",
    "dossiernummer",
    "case_ref",
    "bsn",
    "iban",
    "rekeningnummer",
    "note",
    "notitie",
    "verhaal",
    "story",
    "opmerking",
)

CASE_REFERENCE = re.compile(r"SS-\d{4}-\d{4}", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
_DAY_ISO = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
_DAY_NL = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b")
_MONTH = re.compile(r"\b\d{4}-(0[1-9]|1[0-2])\b(?!-)")
_QUARTER = re.compile(r"\b\d{4}-?Q[1-4]\b", re.IGNORECASE)


class IdentifyingFieldError(ValueError):
    """An export would contain something that can point at a person."""


def _value_granularity(text: str) -> Granularity | None:
    if _DAY_ISO.search(text) or _DAY_NL.search(text):
        return "day"
    if _MONTH.search(text):
        return "month"
    if _QUARTER.search(text):
        return "quarter"
    return None


def _check_key(key: object) -> None:
    low = str(key).lower()
    for part in PERSONAL_KEY_PARTS:
        if part in low:
            raise IdentifyingFieldError(f"Het veld '{key}' lijkt een persoonsgegeven ({part}).")
    if CASE_REFERENCE.search(low):
        raise IdentifyingFieldError("Een veldnaam bevat een dossiernummer.")


def _check_value(value: object, granularity: Granularity, allowed: Collection[str]) -> None:
    if isinstance(value, date | datetime):
        if _GRANULARITY_RANK["day"] > _GRANULARITY_RANK[granularity]:
            raise IdentifyingFieldError("Een datum is preciezer dan de periode van het rapport.")
        return
    if not isinstance(value, str) or value in allowed:
        return
    # Never echo the value: it may be personal.
    if CASE_REFERENCE.search(value):
        raise IdentifyingFieldError("Een waarde lijkt een dossiernummer (SS-jjjj-nnnn).")
    if _EMAIL.search(value):
        raise IdentifyingFieldError("Een waarde lijkt een e-mailadres.")
    if _PHONE.search(value):
        raise IdentifyingFieldError("Een waarde lijkt een telefoonnummer.")
    if _POSTCODE.search(value):
        raise IdentifyingFieldError("Een waarde lijkt een postcode.")
    found = _value_granularity(value)
    if found is not None and _GRANULARITY_RANK[found] > _GRANULARITY_RANK[granularity]:
        raise IdentifyingFieldError("Een datum is preciezer dan de periode van het rapport.")


def assert_no_identifying_fields(
    rows_or_mapping: object,
    *,
    granularity: Granularity = "year",
    allowed_values: Collection[str] = (),
) -> None:
    """Raise :class:`IdentifyingFieldError` if an export holds a personal field.

    Walks mappings, lists, tuples and sets. Refuses keys that contain a personal-field
    word (naam/name, geboorte/birth, adres/address, postcode, telefoon/phone, email,
    referentie/reference, note/notitie/verhaal/story, bsn, iban …) and values that look
    like a case reference ``SS-jjjj-nnnn``, an e-mail address, a phone number, a Dutch
    postcode, or a date finer than ``granularity`` (the period's own granularity: in a
    year report "2026-05" is too fine; a ``date`` object is always a day).
    ``allowed_values`` exempts exact strings such as the period's own label.
    Messages never repeat the value found."""
    if granularity not in _GRANULARITY_RANK:
        raise ValueError("granularity is year, quarter, month of day.")
    stack: list[object] = [rows_or_mapping]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                _check_key(key)
                stack.append(value)
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        else:
            _check_value(item, granularity, allowed_values)
