"""The closed family of one year (rules/family.py): sums, year-only rows, frozen periods."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from schoonschip.reports.rules import indicators  # noqa: F401 - registers the category tables
from schoonschip.reports.rules.family import (
    TOTAL,
    Contribution,
    compute_family,
    period_bounds,
    period_codes,
    period_months,
)

LOCS = ["Noord", "Zuid"]


def _c(n: int, loc: str, opened: date, **kw) -> Contribution:  # type: ignore[no-untyped-def]
    return Contribution(resident_key=f"r{n}", location=loc, opened=opened, **kw)


def test_periods_of_a_year():
    codes = period_codes(2026)
    assert len(codes) == 19 and codes[0] == "2026-01" and codes[-1] == "2026"
    assert period_months("2026-Q3") == (6, 8) and period_months("2026-H2") == (6, 11)
    assert period_bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_bounds("2026-H1") == (date(2026, 1, 1), date(2026, 6, 30))
    assert period_bounds("2026") == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_quarter_is_shown_only_when_all_its_months_are():
    rows = [_c(i, "Noord", date(2026, 1, 5)) for i in range(6)]  # January: 6 new cases at Noord
    rows += [_c(10 + i, "Zuid", date(2026, 4, 5)) for i in range(2)]  # April: 2 at Zuid ("<5")
    rows += [_c(20 + i, "Zuid", date(2026, 5, 5)) for i in range(7)]
    fam = compute_family(rows, [], 2026, LOCS, 5)
    q1 = fam.cell("new_cases", "Noord", "2026-Q1")
    assert not q1.suppressed and q1.value == 6  # all three months shown: their sum
    q2 = fam.cell("new_cases", "Zuid", "2026-Q2")
    assert q2.suppressed and q2.display == "·"  # April is hidden, so the quarter is too
    assert fam.cell("new_cases", "Zuid", "2026-04").display == "<5"
    # Residents are a year figure only: no month, quarter or half-year of them exists.
    assert ("unique_residents", "Noord", "2026-01") not in fam.cells
    assert fam.cell("unique_residents", "Noord", "2026").value == 6


def test_klanten_is_the_sum_of_residents_and_tally_when_both_are_shown():
    from schoonschip.reports.rules.family import FamilyTally

    rows = [_c(i, loc, date(2026, 3, 1)) for i in range(8) for loc in LOCS]
    tally = [FamilyTally(loc, date(2026, 6, 1), "brief", 9) for loc in LOCS]
    fam = compute_family(rows, tally, 2026, LOCS, 5)
    assert fam.cell("klanten", "Noord", "2026").value == 8 + 9
    assert fam.cell("klanten", TOTAL, "2026").value == 34


def test_a_frozen_month_keeps_its_cells_and_corrections_go_to_the_first_open_month():
    rows = [_c(i, "Noord", date(2026, 1, 5)) for i in range(6)] + [_c(9, "Zuid", date(2026, 1, 9))]
    first = compute_family(rows, [], 2026, LOCS, 5)
    frozen = {key: entry for code in ("2026-01",) for key, entry in first.period_entries(code).items()}
    # A late change: one more January case at Noord after January was closed.
    later = compute_family(rows + [_c(99, "Noord", date(2026, 1, 20))], [], 2026, LOCS, 5, frozen=frozen)
    for key, (value, hidden) in frozen.items():
        cell = later.cells[key]
        assert cell.suppressed == bool(hidden)
        if not hidden:
            assert cell.value == value
    assert later.values[("new_cases", "Noord", "2026-01")] == 6  # as published
    assert later.values[("new_cases", "Noord", "2026-02")] == 1  # the correction
    assert later.values[("new_cases", "Noord", "2026")] == 7  # the year has it


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(1, 12), st.integers(1, 28)), max_size=40))
def test_published_sums_add_up_and_small_counts_never_show(cases):  # type: ignore[no-untyped-def]
    rows = [_c(n, LOCS[loc], date(2026, m, d)) for n, (loc, m, d) in enumerate(cases)]
    fam = compute_family(rows, [], 2026, LOCS, 5)
    for (ind, col, code), cell in fam.cells.items():
        if not cell.suppressed:
            assert cell.value == 0 or cell.value >= 5, (ind, col, code)
    for col in LOCS + [TOTAL]:
        months = [fam.values[("new_cases", col, f"2026-{m:02d}")] for m in range(1, 13)]
        assert fam.values[("new_cases", col, "2026")] == sum(months)
