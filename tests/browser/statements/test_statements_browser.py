"""A coach reads three months of a synthetic CAMT.053 statement and an overlapping ING CSV of
the same account, checks and accepts the proposed budget, and the Aflossen page shows the
capacity computed here independently from the transactions: in a real browser."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from schoonschip.budget.statements.rules.model import Transaction
from schoonschip.money import Money
from tests.browser.test_accessibility import axe_js, axe_page, check_pages  # noqa: F401 - fixtures and the checker
from tests.factories import open_test_case
from tests.statements_support import ACCOUNT, to_camt, to_ing_csv

pytestmark = pytest.mark.browser


def _statement() -> list[Transaction]:
    out: list[Transaction] = []
    n = 0

    def add(d: date, euros: str, who: str, text: str) -> None:
        nonlocal n
        n += 1
        out.append(Transaction(ACCOUNT, d, Money.from_decimal(Decimal(euros)), who, f"NL{n:02d}ZZZZ{n:010d}", text, f"E2E{n}"))

    for month in (6, 7, 8):
        add(date(2025, month, 1), "-850.00", "Ymere", "Huur woning")
        add(date(2025, month, 4), "-120.00", "Vattenfall", "Termijnbedrag energie")
        add(date(2025, month, 6), "-25.00", "Waternet", "Termijn drinkwater")
        add(date(2025, month, 20), "285.00", "Belastingdienst/Toeslagen", "Huurtoeslag 2025")
        add(date(2025, month, 25), "2000.00", "Schoonmaakbedrijf Zuidoost BV", "Salaris")
        for week in range(4):
            add(date(2025, month, 2) + timedelta(days=7 * week), "-43.10", "Albert Heijn 1234", "Betaalpas")
    add(date(2025, 7, 28), "546.00", "SVB", "Kinderbijslag 3e kwartaal 2025")
    out.sort(key=lambda t: t.booked)
    return out


def test_coach_imports_statements_accepts_the_proposal_and_sees_the_capacity(browser_page, live_server, login):  # type: ignore[no-untyped-def]
    page = browser_page
    app, people = live_server.app, live_server.people
    case_id = open_test_case(app, alias="Testpersoon Bankafschrift", location_id=people.loc_a, coach_id=people.coach_a)
    txs = _statement()
    overlap = [t for t in txs if t.booked >= date(2025, 7, 15)]

    # expected figure, independently: counted income minus the VTLB of the 2025-2 norms for a
    # single parent (95 % of the norm: € 1.300,61) plus the housing costs above the base
    # (rent − huurtoeslag − € 350,00), as the budget's own browser test spells them out
    wage = sum((t.amount.cents for t in txs if "Salaris" in t.description), 0) // 3
    rent = -sum((t.amount.cents for t in txs if t.counterparty == "Ymere"), 0) // 3
    huurtoeslag = sum((t.amount.cents for t in txs if "Huurtoeslag" in t.description), 0) // 3
    expected = wage - (130061 + max(0, rent - huurtoeslag - 35000))
    expected_text = "€ " + f"{expected / 100:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")

    login(page, "coach.a")
    page.goto(f"/dossiers/{case_id}/budget")
    page.get_by_label("Peildatum").fill("01-09-2025")
    page.get_by_role("button", name="Begroting starten").click()
    page.wait_for_load_state()

    # the CAMT.053 file from the budget page
    page.locator("#f-bestanden").set_input_files(
        [{"name": "afschrift-jun-aug.xml", "mimeType": "application/xml", "buffer": to_camt(txs)}]
    )
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_url(re.compile(r".*/budget/bankafschrift$"))
    expect(page.get_by_text(f"{len(txs)} transacties ingelezen.")).to_be_visible()
    # then the ING CSV of the same account: the overlapping weeks count once
    page.locator("#f-bestanden").set_input_files(
        [{"name": "ing-jul-aug.csv", "mimeType": "text/csv", "buffer": to_ing_csv(overlap)}]
    )
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"0 transacties ingelezen; {len(overlap)} stonden er al in")).to_be_visible()
    expect(page.get_by_text(f"Ingelezen: {len(txs)} transacties")).to_be_visible()

    # each proposed line shows the transactions behind it
    lines = page.locator("tr.proposal-line")
    rent_line = page.locator('tr.proposal-line[data-rule="huur"]')
    expect(rent_line.get_by_text("3 transacties")).to_be_visible()
    rent_line.get_by_text("3 transacties").click()
    expect(rent_line.locator("details table")).to_contain_text("Ymere")
    kinderbijslag = page.locator('tr.proposal-line[data-rule="kinderbijslag"]')
    expect(kinderbijslag.get_by_text("telt niet mee voor aflossen")).to_be_visible()
    assert kinderbijslag.locator("select[name$='_frequency']").input_value() == "kwartaal"
    # the groceries are a household average, not ticked by itself: the coach ticks it
    groceries = page.locator('tr.proposal-line[data-rule="huishouden"]').first
    groceries.locator("input[type=checkbox]").check()
    assert lines.count() >= 7
    page.get_by_role("button", name="Aangevinkte regels overnemen in de begroting").click()
    page.wait_for_url(re.compile(r".*/budget$"))
    incomes = page.locator("#inkomsten + .table-wrap table")
    assert "€ 2.000,00" in incomes.get_by_role("row").filter(has_text="Loon (netto)").inner_text()
    assert "uit bankafschrift" in incomes.inner_text()
    assert "Blijft bij de bewoner" in incomes.get_by_role("row").filter(has_text="Kinderbijslag").inner_text()

    # the Aflossen page with the household facts
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role("link", name="Aflossen").click()
    page.wait_for_url(re.compile(r".*/aflossen$"))
    page.get_by_label("Aantal kinderen onder 18").fill("1")
    page.get_by_label("Of: leeftijdsgroep bewoner").select_option(label="21 jaar tot AOW-leeftijd")
    page.get_by_role("button", name="Gezinssituatie opslaan").click()
    page.wait_for_load_state()
    assert page.locator(".capacity-box .big-number").inner_text() == expected_text == "€ 484,39"



def _review_with_signals(app, case_id: int, *, pending: bool) -> None:  # type: ignore[no-untyped-def]
    from schoonschip.budget.statements.models import StatementReview
    from schoonschip.budget.statements.service import TTL, _signal_dicts
    from schoonschip.db import utcnow, write_transaction
    from tests.statements_support import household

    txs = household(11, signals=True).transactions
    txs.append(Transaction(ACCOUNT, date(2025, 7, 3), Money(-2500), "Holland Casino Online", "", "iDEAL", "G1"))
    state = {"transactions": [t.to_dict() for t in txs], "formats": ["CAMT.053"], "finished": False,
             "signals": _signal_dicts(txs, [])}  # fmt: skip
    if pending:
        state["pending_csv"] = {"delimiter": "|", "header": ["Wanneer", "Hoeveel", "Wie"],
                                "rows": [["05-06-2025", "-12,00", "Testwinkel"]]}  # fmt: skip
    with app.app_context(), write_transaction() as db:
        row = StatementReview(case_id=case_id, expires_at=utcnow() + TTL)
        row.state = state
        db.add(row)


def test_statement_pages_are_accessible(axe_page, axe_js, live_server, login):  # type: ignore[no-untyped-def]  # noqa: F811 - the fixtures imported above
    app, people = live_server.app, live_server.people
    case_id = open_test_case(app, alias="Toegankelijk Afschrift", location_id=people.loc_a, coach_id=people.coach_a)
    _review_with_signals(app, case_id, pending=True)
    login(axe_page, "coach.a")
    axe_page.goto(f"/dossiers/{case_id}/budget")
    axe_page.get_by_label("Peildatum").fill("01-09-2025")
    axe_page.get_by_role("button", name="Begroting starten").click()
    axe_page.wait_for_load_state()
    axe_page.goto(f"/dossiers/{case_id}/schulden")
    assert axe_page.locator("li.signal").count() >= 1
    check_pages(
        axe_page,
        axe_js,
        [
            f"/dossiers/{case_id}/budget",
            f"/dossiers/{case_id}/budget/bankafschrift",
            f"/dossiers/{case_id}/budget/bankafschrift/kolommen",
            f"/dossiers/{case_id}/budget/bankafschrift/stoppen",
            f"/dossiers/{case_id}/schulden",
        ],
    )
