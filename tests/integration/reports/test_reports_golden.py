"""Golden test: a small fixed dataset (tests/integration/reports_support.py) and its
expected report, cell by cell, worked out by hand from the dataset and the rules of
schoonschip/reports/rules/indicators.py and disclosure.py (k = 5)."""

from __future__ import annotations

from schoonschip.db import new_session
from schoonschip.reports.publish import report_view
from schoonschip.reports.rules.indicators import Period, Target
from tests.integration.reports_support import YEAR, insert_golden

A, B = "Locatie A", "Locatie B"

# Core table, columns (Locatie A, Locatie B, Totaal). Why each hidden cell is hidden:
# * "<5": a count from 1 to 4 (primary suppression).
# * "x": the Totaal is published, so with one "<5" beside it the other location's number
#   would give it away (10 - 6 = 4); the cheaper partner (the smaller count) is hidden.
EXPECTED_CORE = {
    "klanten":               ("·", "·", "22"),    # residents + tally: a plain sum, shown only where both parts are (10 + 12)
    "unique_residents":      ("x", "<5", "10"),   # A 6 (two cases of one resident count once), B 4
    # Events are protected month by month with the year as the column total: A's 7 new
    # cases fall in 7 different months (each "<5"), so A's year total would pin every
    # month to 1; the Totaal of the year goes with it (10 - B would give A away).
    "new_cases":             ("x", "<5", "x"),    # A 7, B 3 (cases opened in 2024 are not new)
    "step_a":                ("x", "<5", "x"),    # A 7, B 3 (the 2024 case reached A in 2024)
    "step_b":                ("x", "0", "x"),     # A 5, in 5 different months
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
    "contact_moments":       ("8", "5", "13"),    # 2024 contact not counted; A 7 in September + 1 in October, B 5 in October
    "contact_hours":         ("<5", "x", "9"),    # A 240 min = 4 h, B 300 min = 5 h: 9 - 5 would give A away
    "tally_total":           ("12", "0", "12"),   # the 2024 tally is not counted
}  # fmt: skip


def _report(app, people, locations=(A, B), profile="alles", period=None, targets=()):  # type: ignore[no-untyped-def]
    """The view as the pages get it: the protected family of the year, one slice."""
    with app.app_context():
        db = new_session()
        try:
            ids = {A: people.loc_a, B: people.loc_b}
            location_id = None if len(locations) > 1 else ids[locations[0]]
            return None, report_view(db, period=period or Period.year(YEAR), location_id=location_id, profile=profile,
                                     k=5, targets=list(targets))  # fmt: skip
        finally:
            db.close()


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
    # Locatie A alone is a slice of the same protected family: what is hidden in the view
    # of all locations is hidden here too (else the two views together would give B away).
    for code, (a, _b, _total) in EXPECTED_CORE.items():
        assert got[code] == (a, a), code
    # Closed by reason: the one closure (verhuisd) is "<5", every other reason 0.
    closed = report.section("closed_by_reason")
    rows = dict(zip(closed.row_codes, (closed.table.entry((i, 0)).display for i in range(len(closed.row_codes))), strict=True))
    assert rows == {"doel bereikt": "0", "overgedragen": "0", "geen contact meer": "0", "verhuisd": "<5",
                    "op eigen verzoek": "0", "anders": "0"}  # fmt: skip
    # Debts: all six cases have one creditor and less than 5.000 euro; hidden with the margin.
    bands = report.section("debt_bands")
    assert [bands.table.entry((i, 0)).display for i in range(5)] == ["x", "0", "0", "0", "x"]
    # Amounts: fewer than 10 residents, so nothing is shown, with the one reason.
    amounts = report.section("bedragen")
    assert all(cell.display == "–" for row in amounts.cells for cell in row)
    assert {cell.reason for row in amounts.cells for cell in row} == {"verborgen om bewoners te beschermen"}


def test_golden_contributions_hold_no_names_and_dedupe_residents(app, people):
    from sqlalchemy import select

    from schoonschip.reports.models import ReportContribution

    ids = insert_golden(app, people)
    with app.app_context():
        db = new_session()
        try:
            rows = {r.contrib_case_id: r for r in db.scalars(select(ReportContribution))}
            text = " ".join(f"{r.resident_key} {r.events} {r.referral} {r.landlord}" for r in rows.values())
            raw = b"".join(r.amounts_enc or b"" for r in rows.values())
        finally:
            db.close()
    assert "Golden" not in text and "Synthetische" not in text and "SS-" not in text
    assert b"100000" not in raw  # the amounts are sealed
    assert rows[ids["a"][0]].resident_key == rows[ids["a"][1]].resident_key
    assert len({r.resident_key for r in rows.values()}) == len(rows) - 1
    assert len(rows) == 12  # every case has its row (the 2024 ones too)


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
    core = report.section("kerncijfers")
    got = {code: tuple(core.table.entry((i, j)).display for j in range(3)) for i, code in enumerate(core.row_codes)}
    # Erased by the retention policy: its anonymous contribution stays, as it was.
    assert got == EXPECTED_CORE
