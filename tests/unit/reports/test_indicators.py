from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schoonschip.money import Money
from schoonschip.reports.rules.disclosure import assert_no_identifying_fields
from schoonschip.reports.rules.indicators import (
    INDICATORS,
    PROFILES,
    AmountSection,
    CaseFact,
    DebtFact,
    Handover,
    Instalment,
    MediationFact,
    Period,
    Profile,
    ReportFacts,
    Section,
    TallyFact,
    Target,
    build_report,
)

LOCS = ["CJM", "MultiBron", "De Handreiking"]
D = date


def case(key, resident, loc, opened, *, a=None, b=None, c=None, closed=None, reason=None,
         referral="wpi-klantmanager", handover=None, contacts=(), debts=()):  # fmt: skip
    stages = {s: d for s, d in (("A", a), ("B", b), ("C", c)) if d is not None}
    return CaseFact(
        case_key=key,
        resident_key=resident,
        location=loc,
        opened=opened,
        stages_reached=stages,
        closed=closed,
        close_reason=reason,
        referral_source=referral,
        handover=handover,
        debts=tuple(debts),
        contact_minutes=tuple(contacts),
    )


def table_displays(section: Section) -> list[list[str]]:
    t = section.table
    rows = [[c.display for c in t.cells[i]] + [t.row_totals[i].display] for i in range(len(t.row_labels))]
    if t.col_totals is not None:
        rows.append([c.display for c in t.col_totals] + [t.grand_total.display])
    return rows


def core_rows(report) -> dict[str, list[str]]:
    s = report.section("kerncijfers")
    return {code: row for code, row in zip(s.row_codes, table_displays(s), strict=True)}


# ---------------------------------------------------------------- golden data


def golden_facts() -> ReportFacts:
    mh = lambda day: Handover(day, "minnelijk")  # noqa: E731
    two_contacts = ((D(2026, 2, 2), 45), (D(2026, 3, 1), 45))
    cases = [
        # CJM: resident 1 has two cases; cases 1-3 closed after the handover.
        case(1, 1, "CJM", D(2026, 2, 2), a=D(2026, 2, 2), b=D(2026, 3, 1), c=D(2026, 4, 1),
             handover=mh(D(2026, 5, 1)), closed=D(2026, 9, 1), reason="overgedragen", contacts=two_contacts),
        case(2, 1, "CJM", D(2026, 3, 3), a=D(2026, 3, 3), b=D(2026, 4, 1), c=D(2026, 5, 1),
             handover=mh(D(2026, 6, 1)), closed=D(2026, 9, 2), reason="overgedragen", contacts=two_contacts),
        case(3, 2, "CJM", D(2026, 1, 10), a=D(2026, 1, 10), b=D(2026, 2, 1), c=D(2026, 3, 1),
             handover=mh(D(2026, 4, 1)), closed=D(2026, 10, 1), reason="overgedragen", contacts=two_contacts),
        case(4, 3, "CJM", D(2026, 1, 11), a=D(2026, 1, 11), b=D(2026, 2, 1), c=D(2026, 3, 1),
             handover=mh(D(2026, 4, 1)), contacts=two_contacts),
        case(5, 4, "CJM", D(2026, 1, 12), a=D(2026, 1, 12), b=D(2026, 2, 1), c=D(2026, 3, 1),
             handover=mh(D(2026, 4, 1)), contacts=two_contacts),
        case(6, 5, "CJM", D(2026, 1, 13), a=D(2026, 1, 13), b=D(2026, 2, 1), c=D(2026, 3, 1),
             handover=mh(D(2026, 4, 1)), contacts=two_contacts),
        case(7, 6, "CJM", D(2026, 1, 14), a=D(2026, 1, 14), handover=mh(D(2026, 4, 1)), contacts=two_contacts),
        case(8, 7, "CJM", D(2026, 1, 15), a=D(2026, 1, 15), handover=Handover(D(2026, 7, 1), "WSNP"),
             contacts=two_contacts),
        # opened in 2025, still open: a resident helped in 2026, not a new case
        case(9, 8, "CJM", D(2025, 6, 1), a=D(2025, 6, 1), handover=Handover(D(2026, 2, 1), "wsnp"),
             contacts=((D(2025, 7, 1), 60), (D(2026, 1, 10), 60))),
        # MultiBron: resident 1 again, plus five others
        case(10, 1, "MultiBron", D(2026, 3, 1), a=D(2026, 3, 1), b=D(2026, 4, 1), c=D(2026, 5, 1),
             handover=mh(D(2026, 6, 1)), contacts=((D(2026, 3, 1), 50),)),
        case(11, 11, "MultiBron", D(2026, 3, 2), a=D(2026, 3, 2), b=D(2026, 4, 1), c=D(2026, 5, 1),
             handover=mh(D(2026, 6, 1)), contacts=((D(2026, 3, 2), 50),)),
        case(12, 12, "MultiBron", D(2026, 3, 3), a=D(2026, 3, 3), b=D(2026, 4, 1),
             handover=mh(D(2026, 6, 1)), contacts=((D(2026, 3, 3), 50),)),
        *[
            case(n, n, "MultiBron", D(2026, 3, n - 9), a=D(2026, 3, n - 9), handover=mh(D(2026, 6, 1)),
                 contacts=((D(2026, 3, 4), 50),))
            for n in (13, 14, 15)
        ],
        # De Handreiking: two residents in 2026
        case(20, 20, "De Handreiking", D(2026, 8, 1), a=D(2026, 8, 1), b=D(2026, 9, 1),
             contacts=((D(2026, 8, 1), 30),)),
        case(21, 21, "De Handreiking", D(2026, 8, 2), a=D(2026, 8, 2), contacts=((D(2026, 8, 2), 20),)),
        # outside the period or the selection: must not count anywhere
        case(22, 22, "De Handreiking", D(2027, 1, 5), a=D(2027, 1, 5)),
        case(23, 23, "De Handreiking", D(2024, 3, 1), a=D(2024, 3, 1), closed=D(2025, 12, 31), reason="doel bereikt"),
        case(30, 30, "Samen Sterk", D(2026, 2, 1), a=D(2026, 2, 1), handover=mh(D(2026, 3, 1))),
    ]  # fmt: skip
    mediations = [
        *[MediationFact("CJM", "Eigen Haard", D(2026, 3, 1), outcome="averted", outcome_date=D(2026, 6, 1))] * 5,
        *[MediationFact("CJM", "Ymere", D(2026, 4, 1))] * 2,
        *[MediationFact("MultiBron", "eigen haard", D(2026, 5, 1))] * 5,
        MediationFact("CJM", "Ymere", D(2025, 4, 1), outcome="carried_out", outcome_date=D(2025, 9, 1)),
        MediationFact("De Handreiking", "De Key", D(2027, 2, 1)),
    ]
    tallies = [
        TallyFact("CJM", D(2026, 1, 15), "brief", 4),
        TallyFact("CJM", D(2026, 2, 15), "brief", 2),
        TallyFact("CJM", D(2026, 3, 1), "schuld", 4),
        TallyFact("CJM", D(2025, 3, 1), "brief", 9),
        TallyFact("MultiBron", D(2026, 4, 1), "huur", 7),
    ]
    return ReportFacts(tuple(cases), tuple(mediations), tuple(tallies))


GOLDEN_TARGETS = [
    Target("CJM", 2026, "unique_residents", 10),
    Target("MultiBron", 2026, "unique_residents", 5),
    Target("De Handreiking", 2026, "unique_residents", 4),
    Target("CJM", 2026, "new_cases", 20),
    Target("CJM", 2026, "handovers", 30),
    Target("CJM", 2025, "closed", 1),  # another year: ignored
]


def test_golden_year_report_for_the_gemeente():
    """Every cell below was worked out by hand (k = 5).

    Reasoning for the less obvious ones:
    * unique residents CJM 8: residents 1-7 (resident 1 twice) + resident 8 of the 2025
      case that is still open. MultiBron 6 includes resident 1 again; the Totaal adds
      locations up: 8 + 6 + 2 = 16. De Handreiking 2 -> "<5", partner: the smallest
      non-zero cell of the row (MultiBron 6) -> "x".
    * step C: 6, 2, 0 -> MultiBron "<5"; De Handreiking is 0 and cannot be a partner, so
      CJM (6) is hidden: "x" (secondary).
    * step B: 6, 3, 1 -> two "<5" that add up to 4 (10 - 6): each could be 1, 2 or 3.
    * handovers: CJM 7 minnelijk + 2 WSNP (case 9 was opened in 2025, handed over in
      2026). In the route table WSNP 2 needs a rectangle: minnelijk CJM (7) and its row
      total (13) -> "x". The column totals 9, 6, 0 stay visible.
    * closed: only CJM's 3 -> "<5", total "<5" (both hidden: they move together).
    * contact moments: 17 (16 + the 2026 contact of case 9), 6, 2 -> "x" partner 6.
      hours: 780 min = 13, 300 min = 5, 50 min = 0 (rounded down).
    * quick tally: brief 6 and schuld 4 at CJM: schuld "<5" needs partners; brief CJM (6)
      and its row total (6) are the cheapest: "x".
    """
    report = build_report(golden_facts(), "2026", LOCS, 5, "gemeente", GOLDEN_TARGETS)
    assert report.period.label == "2026"
    assert [s.code for s in report.sections] == [
        "kerncijfers", "handovers_by_route", "closed_by_reason", "referral_sources", "tally_by_topic",
    ]  # fmt: skip
    assert report.section("kerncijfers").columns == ("CJM", "MultiBron", "De Handreiking", "Totaal")
    assert core_rows(report) == {
        "klanten": ["18", "x", "<5", "33"],  # residents + tally questions: CJM 8 + 10
        "unique_residents": ["8", "x", "<5", "16"],
        "new_cases": ["8", "x", "<5", "16"],
        "step_a": ["8", "x", "<5", "16"],
        "step_b": ["6", "<5", "<5", "10"],
        "step_c": ["x", "<5", "0", "8"],
        "handovers": ["9", "6", "0", "15"],
        "closed": ["<5", "0", "0", "<5"],
        "mediations_started": ["7", "5", "0", "12"],
        "evictions_averted": ["5", "0", "0", "5"],
        "contact_moments": ["17", "x", "<5", "25"],
        "contact_hours": ["13", "5", "0", "18"],
        "tally_total": ["10", "7", "0", "17"],
    }
    core = report.section("kerncijfers")
    step_c = core.row_codes.index("step_c")
    assert core.table.cells[step_c][0].reason == "secondary"
    assert core.table.cells[step_c][1].reason == "primary"

    assert table_displays(report.section("handovers_by_route")) == [
        ["x", "6", "0", "x"],  # Minnelijk traject
        ["<5", "0", "0", "<5"],  # WSNP
        ["0", "0", "0", "0"],  # Budgetbeheer
        ["0", "0", "0", "0"],  # Anders
        ["9", "6", "0", "15"],  # Totaal
    ]
    assert table_displays(report.section("closed_by_reason")) == [
        ["0", "0", "0", "0"],  # Doel bereikt
        ["<5", "0", "0", "<5"],  # Overgedragen
        ["0", "0", "0", "0"],
        ["0", "0", "0", "0"],
        ["0", "0", "0", "0"],
        ["0", "0", "0", "0"],
        ["<5", "0", "0", "<5"],
    ]
    # All 16 new cases came through a WPI-klantmanager. Same hiding as the core row.
    referral = table_displays(report.section("referral_sources"))
    assert referral[2] == ["8", "x", "<5", "16"]
    assert referral[-1] == ["8", "x", "<5", "16"]
    assert all(row == ["0", "0", "0", "0"] for i, row in enumerate(referral[:-1]) if i != 2)
    assert table_displays(report.section("tally_by_topic")) == [
        ["x", "0", "0", "x"],  # Brief
        ["0", "0", "0", "0"],  # Formulier
        ["<5", "0", "0", "<5"],  # Schuld
        ["0", "7", "0", "7"],  # Huur
        ["0", "0", "0", "0"],  # Anders
        ["10", "7", "0", "17"],
    ]

    # Targets: a full year, so attainment is shown; hidden results get none.
    att = core.attainment
    unique = [a.display if a else None for a in att[core.row_codes.index("unique_residents")]]
    assert unique == ["80,0 %", "niet getoond", "niet getoond", "84,2 %"]  # 16 / 19
    ur = core.row_codes.index("unique_residents")
    assert att[ur][0].band.code == "groen" and att[ur][3].band.code == "groen"
    new_cases = [a.display if a else None for a in att[core.row_codes.index("new_cases")]]
    assert new_cases == ["40,0 %", None, None, None]  # no target at the other locations -> no total
    handovers = att[core.row_codes.index("handovers")]
    assert (handovers[0].display, handovers[0].band.code) == ("30,0 %", "oranje")


def test_golden_housing_corporation_view():
    """Eigen Haard 5 + 5 and Ymere 2 at CJM: Ymere "<5" is protected by hiding Eigen
    Haard at CJM and Eigen Haard's total (5 + 2 = 7 is cheaper than any other cycle;
    MultiBron's 5 cannot go down without becoming "<5", so it cannot be the partner)."""
    report = build_report(golden_facts(), "2026", LOCS, 5, "woningcorporaties", GOLDEN_TARGETS)
    started = table_displays(report.section("mediations_started_by_landlord"))
    assert report.section("mediations_started_by_landlord").table.row_labels[:2] == ("Eigen Haard", "Ymere")
    assert started[0] == ["x", "5", "0", "x"]
    assert started[1] == ["<5", "0", "0", "<5"]
    assert all(row == ["0", "0", "0", "0"] for row in started[2:-1])
    assert started[-1] == ["7", "5", "0", "12"]
    averted = table_displays(report.section("evictions_averted_by_landlord"))
    assert averted[0] == ["5", "0", "0", "5"] and averted[-1] == ["5", "0", "0", "5"]
    carried_out = table_displays(report.section("evictions_carried_out_by_landlord"))
    assert carried_out[-1] == ["0", "0", "0", "0"]  # the 2025 eviction is outside the period
    assert core_rows(report)["mediations_started"] == ["7", "5", "0", "12"]


def test_shorter_period_shows_no_targets():
    report = build_report(golden_facts(), "2026-Q1", LOCS, 5, "gemeente", GOLDEN_TARGETS)
    assert report.section("kerncijfers").attainment is None
    assert "heel jaar" in report.target_note
    # Q1: CJM cases 3-8 opened in January, case 1 in February, case 2 on 3 March
    assert core_rows(report)["new_cases"][0] == "8"


def test_export_rows_are_flat_and_pass_the_guard():
    report = build_report(golden_facts(), "2026", LOCS, 5, "alles", GOLDEN_TARGETS)
    rows = report.export_rows()
    assert rows and all(set(r) == set(rows[0]) for r in rows)
    assert_no_identifying_fields(rows, granularity="year")
    first = rows[0]
    assert (first["onderdeel"], first["rij"], first["kolom"], first["waarde"]) == (
        "Kerncijfers", "Formulierenbrigade, schuldhulptoeleiding en bemiddeling bij huurachterstanden — klanten", "CJM", "18",
    )  # fmt: skip
    assert first["percentage"] == ""  # no target for klanten in the golden targets
    ur = next(r for r in rows if r["rij"] == "Bewoners geholpen met schulden" and r["kolom"] == "CJM")
    assert ur["waarde"] == "8" and ur["percentage"] == "80,0 %" and ur["kleur"] == "Groen"
    values = {r["waarde"] for r in rows}
    assert values <= {"<5", "x", "–"} | {str(n) for n in range(0, 100)} | {v for v in values if "€" in v or "%" in v}


# ------------------------------------------------------------- unique residents


def test_same_resident_two_cases_same_location_counts_once():
    facts = ReportFacts(
        (
            case(1, 7, "CJM", D(2026, 1, 1)),
            case(2, 7, "CJM", D(2026, 6, 1)),
            *[case(10 + n, 100 + n, "CJM", D(2026, 2, 1)) for n in range(5)],
        )
    )
    report = build_report(facts, "2026", ["CJM"], profile="alles")
    rows = core_rows(report)
    assert rows["unique_residents"] == ["6", "6"]  # resident 7 once + 5 others
    assert rows["new_cases"] == ["7", "7"]


def test_resident_at_two_locations_counts_at_each_and_twice_in_the_total():
    facts = ReportFacts(
        (
            case(1, 7, "CJM", D(2026, 1, 1)),
            case(2, 7, "MultiBron", D(2026, 6, 1)),
            *[case(10 + n, 100 + n, "CJM", D(2026, 2, 1)) for n in range(5)],
            *[case(20 + n, 200 + n, "MultiBron", D(2026, 2, 1)) for n in range(5)],
        )
    )
    rows = core_rows(build_report(facts, "2026", ["CJM", "MultiBron"], profile="alles"))
    assert rows["unique_residents"] == ["6", "6", "12"]  # Totaal adds the locations up


def test_case_open_across_the_period_counts_but_closed_before_does_not():
    facts = ReportFacts(
        (
            *[case(n, n, "CJM", D(2024, 1, 1)) for n in range(1, 6)],  # still open
            case(6, 6, "CJM", D(2024, 1, 1), closed=D(2025, 12, 31)),
            case(7, 7, "CJM", D(2027, 1, 1)),
        )
    )
    rows = core_rows(build_report(facts, "2026", ["CJM"], profile="alles"))
    assert rows["unique_residents"] == ["5", "5"]
    assert rows["new_cases"] == ["0", "0"]


# ----------------------------------------------------------------- debts, amounts


def debts_case(key, resident, loc, *totals_and_costs, category="cjib", creditor=None):
    debts = [
        DebtFact(category, Money(t * 100), Money(c * 100), creditor_key=creditor if creditor is None else creditor + i)
        for i, (t, c) in enumerate(totals_and_costs)
    ]
    return case(key, resident, loc, D(2026, 1, 1), debts=debts)


def test_creditor_and_debt_bands_with_their_boundaries():
    cases = [
        # 12 cases at CJM with one debt of 4.999,99 / 5.000 / 14.999 / 15.000 / 30.000
        *[case(n, n, "CJM", D(2026, 1, 1), debts=[DebtFact("cjib", Money(499_999))]) for n in range(1, 6)],
        *[case(n, n, "CJM", D(2026, 1, 1), debts=[DebtFact("cjib", Money(500_000))]) for n in range(6, 11)],
        # two debts at the same creditor count as one creditor; 11 distinct creditors
        *[
            case(n, n, "CJM", D(2026, 1, 1),
                 debts=[DebtFact("duo", Money(1_500_000), creditor_key=1), DebtFact("duo", Money(1_500_000), creditor_key=1)]
                 + [DebtFact("telecom", Money(1), creditor_key=k) for k in range(2, 12)])
            for n in range(11, 16)
        ],
    ]  # fmt: skip
    report = build_report(ReportFacts(tuple(cases)), "2026", ["CJM"], profile="vsnk")
    assert table_displays(report.section("creditor_bands")) == [
        ["10", "10"],  # 1 of 2
        ["0", "0"],
        ["0", "0"],
        ["5", "5"],  # more than 10: 1 (duo, twice) + 10 telecom = 11
        ["15", "15"],
    ]
    assert table_displays(report.section("debt_bands")) == [
        ["5", "5"],  # 4.999,99
        ["5", "5"],  # exactly 5.000
        ["0", "0"],
        ["5", "5"],  # 30.000,10
        ["15", "15"],
    ]


def test_amounts_need_ten_residents_and_hide_the_total_when_a_location_is_hidden():
    cases = [debts_case(n, n, "CJM", (1000, 100), (1000, 0)) for n in range(1, 13)]  # 12 residents
    cases += [debts_case(50 + n, 50 + n, "MultiBron", (900, 900)) for n in range(3)]  # only 3
    report = build_report(ReportFacts(tuple(cases)), "2026", ["CJM", "MultiBron"], profile="vsnk")
    amounts = report.section("bedragen")
    assert isinstance(amounts, AmountSection)
    assert amounts.columns == ("CJM", "MultiBron", "Totaal")
    rows = {code: [c.display for c in cells] for code, cells in zip(amounts.row_codes, amounts.cells, strict=True)}
    assert rows["debt_total"] == ["€ 24.000,00", "–", "–"]  # Totaal would give MultiBron away
    assert rows["debt_median"] == ["€ 2.000,00", "–", "€ 2.000,00"]  # median of 15 residents
    assert rows["costs_share"] == ["5,0 %", "–", "–"]
    assert rows["category_share:cjib"] == ["100,0 %", "–", "–"]
    reasons = [c.reason for c in amounts.cells[0]]
    assert reasons[0] is None and reasons[1] == reasons[2] == "verborgen om bewoners te beschermen"


def test_one_dominant_debt_hides_the_sum():
    cases = [debts_case(n, n, "CJM", (100, 0)) for n in range(1, 11)]
    cases.append(debts_case(99, 99, "CJM", (5000, 0)))
    report = build_report(ReportFacts(tuple(cases)), "2026", ["CJM"], profile="vsnk")
    total = report.section("bedragen").cells[0]
    assert total[0].value is None and total[0].reason == "verborgen om bewoners te beschermen"


# ------------------------------------------------------------- mediations, misc


def test_instalments_are_counted_by_due_date_in_the_period():
    inst = tuple(Instalment(D(2026, m, 1), kept=m != 3) for m in range(1, 13)) + (Instalment(D(2027, 1, 1), False),)
    meds = [MediationFact("CJM", "Rochdale", D(2025, 12, 1), arrangement_made=D(2025, 12, 20), instalments=inst)] * 5
    report = build_report(ReportFacts(mediations=tuple(meds)), "2026", ["CJM"], profile="woningcorporaties")
    rows = core_rows(report)
    assert rows["instalments_kept"] == ["55", "55"]
    assert rows["instalments_missed"] == ["5", "5"]
    assert rows["mediations_started"] == ["0", "0"]
    assert rows["arrangements_made"] == ["0", "0"]
    kept = report.section("instalments_kept_by_landlord")
    assert kept.table.row_labels[2] == "Rochdale" and table_displays(kept)[2] == ["55", "55"]


def test_free_text_labels_become_anders():
    cases = [case(n, n, "CJM", D(2026, 1, 1), referral="buurman Jan van nr. 12") for n in range(1, 6)]
    report = build_report(ReportFacts(tuple(cases)), "2026", ["CJM"], profile="gemeente")
    section = report.section("referral_sources")
    anders = section.row_codes.index("anders")
    assert table_displays(section)[anders] == ["5", "5"]
    assert "Jan" not in str(report.export_rows())


def test_profiles_are_data_over_known_indicators():
    assert set(PROFILES) >= {"gemeente", "woningcorporaties", "vsnk"}
    vsnk = build_report(golden_facts(), "2026", LOCS, profile="vsnk")
    assert not any("landlord" in s.code for s in vsnk.sections)
    corp = build_report(golden_facts(), "2026", LOCS, profile="woningcorporaties")
    assert all(s.code == "kerncijfers" or s.code.endswith("_by_landlord") for s in corp.sections)
    custom = Profile("mini", "Alleen nieuwe dossiers", "test", ("new_cases",))
    mini = build_report(golden_facts(), "2026", LOCS, profile=custom)
    assert [s.code for s in mini.sections] == ["kerncijfers"]
    assert core_rows(mini) == {"new_cases": ["8", "x", "<5", "16"]}
    with pytest.raises(ValueError, match="Onbekende indicatoren"):
        Profile("bad", "x", "x", ("no_such_indicator",))
    with pytest.raises(ValueError, match="Onbekend profiel"):
        build_report(golden_facts(), "2026", LOCS, profile="bank")


def test_hidden_entries_agree_across_profiles():
    """The same period and locations hide the same numbers in every profile."""
    gem = core_rows(build_report(golden_facts(), "2026", LOCS, profile="gemeente"))
    vsnk = core_rows(build_report(golden_facts(), "2026", LOCS, profile="vsnk"))
    for code in set(gem) & set(vsnk):
        assert gem[code] == vsnk[code]


def test_k_is_checked_and_used():
    with pytest.raises(ValueError, match="minstens 3"):
        build_report(golden_facts(), "2026", LOCS, k=2)
    rows = core_rows(build_report(golden_facts(), "2026", LOCS, k=10, profile="gemeente"))
    assert rows["unique_residents"][1] == "<10"


def test_facts_refuse_names_and_floats():
    with pytest.raises(TypeError):
        CaseFact(case_key="SS-2026-0001", resident_key=1, location="CJM", opened=D(2026, 1, 1))
    with pytest.raises(TypeError):
        DebtFact("cjib", 12.5)


# ------------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label", "granularity"),
    [
        ("2026", D(2026, 1, 1), D(2026, 12, 31), "year", "2026", "year"),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), "quarter", "2026 kwartaal 3", "quarter"),
        ("2026q1", D(2026, 1, 1), D(2026, 3, 31), "quarter", "2026 kwartaal 1", "quarter"),
        ("2026-05", D(2026, 5, 1), D(2026, 5, 31), "month", "mei 2026", "month"),
        ("2028-02", D(2028, 2, 1), D(2028, 2, 29), "month", "februari 2028", "month"),
        ("2026-01-01..2026-06-30", D(2026, 1, 1), D(2026, 6, 30), "range", "1-1-2026 t/m 30-6-2026", "month"),
        ("2026-01-05..2026-01-20", D(2026, 1, 5), D(2026, 1, 20), "range", "5-1-2026 t/m 20-1-2026", "day"),
    ],
)
def test_period_parsing(text, start, end, kind, label, granularity):
    p = Period.parse(text)
    assert (p.start, p.end, p.kind, p.label, p.granularity) == (start, end, kind, label, granularity)


@pytest.mark.parametrize("text", ["", "26", "2026-13", "2026-Q5", "2026-06-30..2026-01-01", "2026-02-30..2026-03-01"])
def test_bad_periods_are_refused_in_dutch(text):
    with pytest.raises(ValueError, match="periode|datum"):
        Period.parse(text)


def test_a_range_covering_a_year_gets_targets():
    assert Period.parse("2026-01-01..2026-12-31").full_year == 2026
    assert Period.parse("2026-Q1").full_year is None


# ------------------------------------------------------------ property: any data


fact_dates = st.dates(min_value=D(2025, 10, 1), max_value=D(2027, 3, 31))


@st.composite
def random_facts(draw):
    cases = []
    for n in range(draw(st.integers(0, 40))):
        opened = draw(fact_dates)
        handover = draw(st.none() | st.builds(
            Handover, fact_dates, st.sampled_from(["minnelijk", "wsnp", "budgetbeheer", "iets"]),
            st.none() | st.sampled_from(["geaccepteerd", "afgewezen"]),
        ))  # fmt: skip
        cases.append(
            CaseFact(
                case_key=n,
                resident_key=draw(st.integers(0, 25)),
                location=draw(st.sampled_from(LOCS)),
                opened=opened,
                stages_reached={s: draw(fact_dates) for s in draw(st.sets(st.sampled_from("ABC")))},
                closed=draw(st.none() | fact_dates),
                close_reason=draw(st.sampled_from(["doel bereikt", "verhuisd", None])),
                referral_source=draw(st.sampled_from(["zelf", "buurtteam", None, "onzin"])),
                handover=handover,
                debts=tuple(
                    DebtFact(draw(st.sampled_from(["cjib", "duo"])), Money(draw(st.integers(1, 4_000_000))))
                    for _ in range(draw(st.integers(0, 3)))
                ),
                contact_minutes=tuple((draw(fact_dates), draw(st.integers(0, 120))) for _ in range(draw(st.integers(0, 2)))),
            )
        )
    mediations = [
        MediationFact(draw(st.sampled_from(LOCS)), draw(st.sampled_from(["Eigen Haard", "Ymere", None])),
                      draw(fact_dates), draw(st.none() | fact_dates),
                      tuple(Instalment(draw(fact_dates), draw(st.booleans())) for _ in range(draw(st.integers(0, 3)))),
                      draw(st.sampled_from([None, "averted", "carried_out"])), draw(fact_dates))
        for _ in range(draw(st.integers(0, 15)))
    ]  # fmt: skip
    tallies = [
        TallyFact(draw(st.sampled_from(LOCS)), draw(fact_dates), draw(st.sampled_from(["brief", "huur", "x"])),
                  draw(st.integers(0, 6)))
        for _ in range(draw(st.integers(0, 10)))
    ]  # fmt: skip
    return ReportFacts(tuple(cases), tuple(mediations), tuple(tallies))


def _single_hidden_lines(section: Section) -> list[str]:
    t = section.table
    n_rows, n_cols = len(t.row_labels), len(t.col_labels)
    last_row = n_rows + (1 if t.col_totals is not None else 0)
    bad = []
    for i in range(last_row):
        if sum(t.entry((i, j)).suppressed for j in range(n_cols + 1)) == 1:
            bad.append(f"row {i}")
    if t.col_totals is not None:
        for j in range(n_cols + 1):
            if sum(t.entry((i, j)).suppressed for i in range(n_rows + 1)) == 1:
                bad.append(f"col {j}")
    return bad


@given(random_facts(), st.sampled_from(["2026", "2026-Q2", "2026-03"]), st.integers(3, 6))
@settings(max_examples=60, deadline=None)
def test_any_report_only_publishes_safe_counts_and_shared_totals_agree(facts, period, k):
    report = build_report(facts, period, LOCS, k, "alles")
    core = report.section("kerncijfers")
    core_by_code = dict(zip(core.row_codes, range(len(core.row_codes)), strict=True))
    for s in report.sections:
        if not isinstance(s, Section):
            continue
        assert _single_hidden_lines(s) == [], s.code
        t = s.table
        entries = [c for row in t.cells for c in row] + list(t.row_totals)
        entries += list(t.col_totals or ()) + ([t.grand_total] if t.grand_total else [])
        for c in entries:
            assert c.suppressed or c.value == 0 or c.value >= k
        margin = INDICATORS[s.code].margin if s.code in INDICATORS else None
        if margin is not None and margin in core_by_code:
            # the column totals of a breakdown equal the core row, hidden or not
            i = core_by_code[margin]
            mine = [c.display for c in t.col_totals] + [t.grand_total.display]
            theirs = [core.table.entry((i, j)).display for j in range(len(LOCS) + 1)]
            if t.withheld:  # everything "x": it cannot contradict anything
                assert set(mine) == {"x"}
            else:
                assert mine == theirs, s.code
    report.export_rows()  # runs the identifying-field guard


def test_decimal_dominance_is_passed_through():
    cases = [debts_case(n, n, "CJM", (100, 0)) for n in range(1, 11)]
    cases.append(debts_case(99, 99, "CJM", (900, 0)))  # 900 of 1900 = 47 %
    strict = build_report(ReportFacts(tuple(cases)), "2026", ["CJM"], profile="vsnk", dominance=Decimal("0.4"))
    assert strict.section("bedragen").cells[0][0].value is None
    loose = build_report(ReportFacts(tuple(cases)), "2026", ["CJM"], profile="vsnk")
    assert loose.section("bedragen").cells[0][0].value == Money(190_000)
