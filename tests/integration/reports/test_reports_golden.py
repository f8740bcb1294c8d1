"""Golden test: a small fixed dataset (tests/integration/reports_support.py) and its
expected report, cell by cell, worked out by hand from the dataset and the rules of
schoonschip/reports/rules/indicators.py and disclosure.py (k = 5)."""

from __future__ import annotations

from schoonschip.db import new_session
from schoonschip.reports.rules.indicators import Period, Target, build_report
from schoonschip.reports.service import ReportScope, load_facts
from tests.integration.reports_support import YEAR, insert_golden

A, B = "Locatie A", "Locatie B"

# Core table, columns (Locatie A, Locatie B, Totaal). Why each hidden cell is hidden:
# * "<5": a count from 1 to 4 (primary suppression).
# * "x": the Totaal is published, so with one "<5" beside it the other location's number
#   would give it away (10 - 6 = 4); the cheaper partner (the smaller count) is hidden.
EXPECTED_CORE = {
    "unique_residents":      ("x", "<5", "10"),   # A 6 (two cases of one resident count once), B 4
    "new_cases":             ("x", "<5", "10"),   # A 7, B 3 (cases opened in 2024 are not new)
    "step_a":                ("x", "<5", "10"),   # A 7, B 3 (the 2024 case reached A in 2024)
    "step_b":                ("5", "0", "5"),
    "step_c":                ("<5", "0", "<5"),   # A 2: equal to the total, but both hidden (1..4)
    "handovers":             ("0", "0", "0"),
    "closed":                ("<5", "0", "<5"),   # A 1 (closed in 2025); the case closed in 2024 is not active
    "cases_with_debts":      ("x", "<5", "8"),    # A 6, B 2
    "mediations_started":    ("<5", "0", "<5"),   # A 1
    "arrangements_made":     ("0", "0", "0"),
    "instalments_kept":      ("0", "0", "0"),
    "instalments_missed":    ("0", "0", "0"),
    "evictions_averted":     ("0", "0", "0"),
    "evictions_carried_out": ("0", "0", "0"),
    "contact_moments":       ("8", "5", "13"),    # 2024 contact not counted
    "contact_hours":         ("<5", "x", "9"),    # A 240 min = 4 h, B 300 min = 5 h: 9 - 5 would give A away
    "tally_total":           ("12", "0", "12"),   # the 2024 tally is not counted
}  # fmt: skip


def _report(app, people, locations=(A, B), profile="alles", period=None, targets=()):  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            ids = {A: people.loc_a, B: people.loc_b}
            facts = load_facts(db, ReportScope(frozenset(ids.values())), [ids[n] for n in locations], period or Period.year(YEAR))
        finally:
            db.close()
    return facts, build_report(facts, period or Period.year(YEAR), list(locations), profile=profile, targets=targets)


def test_golden_core_table_cell_by_cell(app, people):
    insert_golden(app, people)
    _facts, report = _report(app, people)
    core = report.section("kerncijfers")
    assert core.columns == (A, B, "Totaal")
    got = {code: tuple(core.table.entry((i, j)).display for j in range(3)) for i, code in enumerate(core.row_codes)}
    assert got == EXPECTED_CORE


def test_golden_one_location_and_tables(app, people):
    insert_golden(app, people)
    _facts, report = _report(app, people, locations=(A,))
    core = report.section("kerncijfers")
    got = {code: tuple(core.table.entry((i, j)).display for j in range(2)) for i, code in enumerate(core.row_codes)}
    # Alone, Locatie A's numbers of 5 and more are published; its total is the same number.
    assert got["unique_residents"] == ("6", "6")
    assert got["new_cases"] == ("7", "7")
    assert got["step_a"] == ("7", "7")
    assert got["cases_with_debts"] == ("6", "6")
    assert got["contact_hours"] == ("<5", "<5")
    # Closed by reason: the one closure (verhuisd) is "<5", every other reason 0.
    closed = report.section("closed_by_reason")
    rows = dict(zip(closed.row_codes, (closed.table.entry((i, 0)).display for i in range(len(closed.row_codes))), strict=True))
    assert rows == {"doel bereikt": "0", "overgedragen": "0", "geen contact meer": "0", "verhuisd": "<5",
                    "op eigen verzoek": "0", "anders": "0"}  # fmt: skip
    # Debts: all six cases have one creditor and less than 5.000 euro.
    bands = report.section("debt_bands")
    assert [bands.table.entry((i, 0)).display for i in range(4)] == ["6", "0", "0", "0"]
    # Amounts: fewer than 10 residents, so nothing is shown.
    amounts = report.section("bedragen")
    assert all(cell.display == "–" for row in amounts.cells for cell in row)


def test_golden_facts_hold_no_names_and_dedupe_residents(app, people):
    ids = insert_golden(app, people)
    facts, _report_ = _report(app, people)
    text = repr(facts)
    assert "Golden" not in text and "Synthetische" not in text and "SS-" not in text
    by_case = {c.case_key: c for c in facts.cases}
    assert by_case[ids["a"][0]].resident_key == by_case[ids["a"][1]].resident_key
    assert len({c.resident_key for c in facts.cases}) == len(facts.cases) - 1
    assert len(facts.cases) == 11  # the case closed in 2024 is not loaded at all


def test_golden_targets_and_attainment(app, people):
    insert_golden(app, people)
    targets = [Target(A, YEAR, "contact_moments", 10), Target(B, YEAR, "contact_moments", 2), Target(A, YEAR, "unique_residents", 20)]
    _facts, report = _report(app, people, targets=targets)
    core = report.section("kerncijfers")
    i = core.row_codes.index("contact_moments")
    a, b, total = core.attainment[i]
    assert (a.display, a.band.code) == ("80,0 %", "groen")  # 8 / 10, 80 % is groen
    assert (b.display, b.band.code) == ("250,0 %", "donkergroen")  # 5 / 2
    assert (total.target, total.display, total.band.code) == (12, "108,3 %", "groen")  # 13 / 12
    j = core.row_codes.index("unique_residents")
    hidden = core.attainment[j][0]
    assert hidden.display == "niet getoond" and hidden.band is None  # the result is hidden, so no percentage
    assert core.attainment[j][1] is None  # no target for B: nothing
    # Not a full year: no targets at all.
    _f, quarter = _report(app, people, targets=targets, period=Period.quarter(YEAR, 3))
    assert quarter.section("kerncijfers").attainment is None


def test_golden_erased_case_keeps_counting_without_its_content(app, people):
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.service import erase_case
    from schoonschip.db import write_transaction

    ids = insert_golden(app, people)
    with app.app_context(), write_transaction() as db:
        erase_case(db, db.get(Case, ids["b"][3]), reason="bewaartermijn", by_user_id=people.coordinator_a)
    facts, report = _report(app, people)
    erased = next(c for c in facts.cases if c.case_key == ids["b"][3])
    assert erased.debts == () and erased.contact_minutes  # contacts are a skeleton row, amounts are gone
    core = report.section("kerncijfers")
    got = {code: tuple(core.table.entry((i, j)).display for j in range(3)) for i, code in enumerate(core.row_codes)}
    # Still 4 residents at B (the erased case is its own resident); one debt case fewer.
    assert got["unique_residents"] == EXPECTED_CORE["unique_residents"]
    # A 6, B 1, total 7: A must hide too, or 7 - 6 gives B away.
    assert got["cases_with_debts"] == ("x", "<5", "7")
