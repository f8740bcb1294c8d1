"""exports.py: charts never draw a hidden count; CSV holds the method and the rows."""

from __future__ import annotations

from datetime import date

from schoonschip.reports.exports import CHART_WIDTH, chart_rows, report_csv
from schoonschip.reports.rules.indicators import CaseFact, Period, ReportFacts, Target, build_report


def _facts() -> ReportFacts:
    cases = []
    key = 0
    for loc, n in (("Noord", 10), ("Zuid", 2), ("West", 5), ("Oost", 3)):
        for _ in range(n):
            key += 1
            cases.append(CaseFact(case_key=key, resident_key=key, location=loc, opened=date(2025, 3, 1)))
    return ReportFacts(cases=tuple(cases))


def test_hidden_counts_get_no_bar_and_shown_counts_scale():
    report = build_report(_facts(), Period.year(2025), ["Noord", "Zuid", "West", "Oost"], profile="gemeente",
                          targets=[Target("Noord", 2025, "new_cases", 10), Target("West", 2025, "new_cases", 50)])  # fmt: skip
    row = next(r for r in chart_rows(report) if r.title == "Nieuwe dossiers")
    bars = {b.label: b for b in row.bars}
    assert bars["Zuid"].display == "<5" and bars["Zuid"].hidden and bars["Zuid"].width == 0
    assert bars["Noord"].width == CHART_WIDTH and bars["Noord"].band == "groen"  # 10 / 10
    assert bars["West"].width == CHART_WIDTH // 2 and bars["West"].band == "rood"  # 5 / 50 = 10 %
    assert bars["Zuid"].band is None and bars["Oost"].display == "<5" and bars["Oost"].width == 0
    # Two "<5" beside a published total of 20 do not give each other away: no "x" needed.
    assert all(b.display != "x" for b in row.bars)


def test_csv_starts_with_what_the_report_is():
    report = build_report(_facts(), Period.quarter(2025, 1), profile="vsnk")
    text = report_csv(report, date(2025, 4, 2)).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "rapport;Schuldhulp voor Van Schulden naar Kansen"
    assert "periode;2025 kwartaal 1" in lines
    assert any(line.startswith("werkwijze;") and "<5" in line for line in lines)
    assert "onderdeel;rij;kolom;eenheid;waarde;streefcijfer;percentage;kleur;toelichting" in lines
