"""Issue 14 item 2: every correction of rules.md §1.3 reaches the calculation from the page,
each as its own line in the workings; item 3: with a kostendeler both results are shown and
the lower capacity is used. Synthetic people only."""

from __future__ import annotations

import html
import re

import pytest

from tests.factories import open_test_case
from tests.integration.budget_helpers import (
    add_expense,
    add_income,
    capacity_of,
    set_household,
    start_budget,
    text_of,
    version_row,
)


@pytest.fixture
def case_a(app, people):
    return open_test_case(app, alias="Testpersoon Correcties", location_id=people.loc_a, coach_id=people.coach_a)


@pytest.fixture
def coach(web, people):
    assert web.login("coach.a").status_code == 302
    return web


def save_corrections(web, case_id, vid, **fields):
    data = {
        "version": str(version_row(web.client.application, vid).version),
        "work_travel_km_per_day": "",
        "work_days_per_week": "5",
        "childcare_uncovered": "",
        "alimony_paid": "",
        "eigen_risico": "nee",
        "municipal_tax_remitted": "nee",
        "kindgebonden_budget_due": "",
        "study_costs_children": "",
        "other_label": "",
        "other_amount": "",
    }
    data.update(fields)
    return web.post(f"/dossiers/{case_id}/aflossen/{vid}/correcties", data)


def vtlb_line(page: str, label: str) -> str:
    """The amount of the workings line whose text starts with ``label`` (its last column)."""
    table = page[page.index('class="table vtlb-lines"'):]
    table = table[: table.index("</tbody>")]
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        if len(cells) > 1 and re.sub(r"<[^>]+>|\s+", " ", cells[1]).strip().startswith(label):
            return html.unescape(re.sub(r"<[^>]+>", "", cells[-1])).strip()
    raise AssertionError(label)


def _text(page: str) -> str:
    class R:
        def get_data(self, as_text=True):
            return page

    return text_of(R())


def test_every_correction_is_its_own_line(coach, case_a):
    vid = start_budget(coach, case_a)  # peildatum 01-09-2025: norm set 2025-2
    add_income(coach, case_a, vid, "loon", "2.400")
    add_income(coach, case_a, vid, "kindgebonden_budget", "150")
    add_expense(coach, case_a, vid, "gemeentelijke_belastingen", "420", frequency="jaar")
    set_household(coach, case_a, vid, children_under_18="1")
    resp = save_corrections(
        coach, case_a, vid, kindgebonden_budget_due="210,00", study_costs_children="25", other_label="Bijzondere dieetkosten",
        other_amount="12,50",
    )
    assert resp.status_code == 302
    page = coach.get(f"/dossiers/{case_a}/aflossen").get_data(as_text=True)
    text = _text(page)
    # base: 2400 > 1369.06 -> 0.95 × 1369.06 = 1300.61
    assert vtlb_line(page, "Basis: beslagvrije voet") == "€ 1.300,61"
    assert vtlb_line(page, "Gemeentelijke en waterschapsbelastingen") == "€ 35,00"  # 420 / 12
    assert vtlb_line(page, "Kindgebonden budget dat ontbreekt") == "€ 60,00"  # 210 due − 150 received
    assert vtlb_line(page, "Studiekosten van kinderen") == "€ 25,00"
    assert vtlb_line(page, "Andere correctie: Bijzondere dieetkosten") == "€ 12,50"
    # 1300.61 + 35 + 60 + 25 + 12.50 = 1433.11; 2400 − 1433.11 = 966.89
    assert "Indicatieve VTLB € 1.433,11" in text
    assert capacity_of(coach, case_a) == "€ 966,89"

    # kwijtschelding granted: the taxes no longer count
    assert save_corrections(coach, case_a, vid, municipal_tax_remitted="ja").status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Gemeentelijke en waterschapsbelastingen Uit de begroting" not in text
    assert capacity_of(coach, case_a) == "€ 1.099,39"  # 2400 − 1300.61


def test_other_correction_needs_a_description_and_keeps_input(coach, case_a):
    vid = start_budget(coach, case_a)
    resp = save_corrections(coach, case_a, vid, other_amount="30", kindgebonden_budget_due="３0")
    assert resp.status_code == 422
    text = text_of(resp)
    assert "Schrijf kort op waarvoor deze andere correctie is." in text
    assert "Dit is geen bedrag. Schrijf het zo: 1.234,56" in text  # not an ASCII digit
    assert 'value="30"' in resp.get_data(as_text=True)


def test_demo_couple_with_municipal_tax_and_a_kostendeler(coach, case_a):
    """The demo case of the issue: a couple with two children and an adult housemate, one wage
    of € 2.150 per four weeks, € 420 a year municipal tax, norm set of 1 July 2025.

    With the kostendelersnorm (A = 3): 2 × (0.40 + 3 × 0.30) / 3 = 0.8667 × 1955.80 = 1695.03;
    base 0.95 × 1695.03 = 1610.28. Lines: 1610.28 + housing 260.00 + premium 56.00 + eigen risico
    64.17 + travel 292.34 + municipal taxes 35.00 = 2317.79. Income 2150 × 13 / 12 = 2329.17.
    Capacity 2329.17 − 2317.79 = 11.38 (it was 46.38 when the taxes never reached the VTLB).
    Without the kostendelersnorm the base is 0.95 × 1955.80 = 1858.01 and the capacity € 0,00:
    that is the kinder result, so it is used, and the € 11,38 is shown beside it.
    """
    vid = start_budget(coach, case_a, "01-10-2025")
    add_income(coach, case_a, vid, "loon", "2.150", frequency="vier_weken", person="partner")
    add_income(coach, case_a, vid, "huurtoeslag", "240")
    add_income(coach, case_a, vid, "zorgtoeslag", "180")
    add_income(coach, case_a, vid, "kindgebonden_budget", "390")
    add_expense(coach, case_a, vid, "huur_servicekosten", "850")
    add_expense(coach, case_a, vid, "zorgverzekering", "316")
    add_expense(coach, case_a, vid, "gemeentelijke_belastingen", "420", frequency="jaar")
    set_household(coach, case_a, vid, has_partner="ja", partner_age_band="21_tot_aow", children_under_18="2",
                  kostendelers_27plus="1")  # fmt: skip
    assert save_corrections(coach, case_a, vid, eigen_risico="ja", work_travel_km_per_day="24").status_code == 302
    page = coach.get(f"/dossiers/{case_a}/aflossen").get_data(as_text=True)
    text = _text(page)
    assert "Twee uitkomsten: met en zonder kostendelersnorm" in text
    assert "Met de kostendelersnorm € 2.317,79 € 11,38 nee" in text
    assert "Zonder de kostendelersnorm € 2.565,52 € 0,00 ja" in text
    assert "gunstigst is voor de bewoner" in text
    assert capacity_of(coach, case_a) == "€ 0,00"
    assert vtlb_line(page, "Gemeentelijke en waterschapsbelastingen") == "€ 35,00"
    printed = text_of(coach.get(f"/dossiers/{case_a}/aflossen/afdruk?versie={vid}"))
    assert "Met de kostendelersnorm: indicatieve VTLB € 2.317,79, afloscapaciteit € 11,38 (niet gebruikt)" in printed
