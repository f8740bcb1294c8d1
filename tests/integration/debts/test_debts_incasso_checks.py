"""Issue 14 item 4 on the debt pages: the coach records the Justis answer and a recurring
claim's instalment; the debt page shows the checks in plain Dutch. Synthetic data only."""

from __future__ import annotations

import pytest

from schoonschip.money import Money
from tests.factories import open_test_case
from tests.integration.budget_helpers import text_of
from tests.integration.debts_support import add_debt, creditor_id, debt_form, debts_of_case, seed


@pytest.fixture
def case_a(app, people):  # type: ignore[no-untyped-def]
    seed(app)
    return open_test_case(app, alias="Testpersoon Incasso", location_id=people.loc_a, coach_id=people.coach_a)


def test_checks_are_saved_and_shown_on_the_debt_page(app, web, case_a):
    web.login("coach.a")
    did = add_debt(
        web, case_a, creditor_id=str(creditor_id(app, "Vattenfall")), creditor_reference="T-1",
        collector_kind="incassobureau", collector_name="Testincasso BV", collector_in_register="nee",
        hoofdsom="2.000", incassokosten="150", termijnbedrag="45", wki_periods="1", peildatum="01-03-2025",
        status="herinnering_aanmaning",
    )  # fmt: skip
    (debt,) = debts_of_case(app, case_a)
    assert debt.collector_in_register is False and debt.wki_periods == 1 and debt.termijnbedrag == Money(4500)
    text = text_of(web.get(f"/dossiers/{case_a}/schulden/{did}"))
    assert "er is nog geen 14-dagenbrief" in text
    assert "Dan mogen de incassokosten samen niet meer zijn dan € 140,00 per half jaar" in text
    assert "€ 10,00 te veel" in text
    assert "Het incassobureau staat niet in het register van Justis" in text
    overview = text_of(web.get(f"/dossiers/{case_a}/schulden"))
    assert "Incassokosten te vroeg" in overview and "Incassobureau niet in register" in overview


def test_bad_number_of_half_years_is_refused_and_kept(app, web, case_a):
    web.login("coach.a")
    resp = web.post(
        f"/dossiers/{case_a}/schulden/nieuw",
        debt_form(
            creditor_id=str(creditor_id(app, "Vattenfall")), wki_periods="２", collector_in_register=""
        ),
    )
    assert resp.status_code == 422
    assert "Vul een heel getal van 1 tot en met 20 in." in text_of(resp)
