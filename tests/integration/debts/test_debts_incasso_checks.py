"""Issue 14 item 4 on the debt pages: the coach records the Justis answer and a recurring
claim's instalment; the debt page shows the checks in plain Dutch. Synthetic data only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from schoonschip.cases.debts.models import Debt
from schoonschip.cases.debts.rules import FindingCode, check_debt
from schoonschip.cases.debts.service import debt_facts
from schoonschip.db import new_session
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


def test_the_14_days_count_from_the_dated_14_dagenbrief_in_the_history(app, web, case_a):
    """The 14-dagenbrief came in on 03-02-2025 (the status change's date); costs shown on a
    letter of 17-02-2025 (day 14) are too early, on 18-02-2025 (day 15) they are allowed."""
    web.login("coach.a")
    did = add_debt(web, case_a, creditor_id=str(creditor_id(app, "Vattenfall")), creditor_reference="T-2",
                   hoofdsom="300", status="herinnering_aanmaning")  # fmt: skip
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/status",
                    {"status": "veertiendagenbrief", "on": "03-02-2025", "version": "1"})  # fmt: skip
    assert resp.status_code == 302
    with app.app_context():
        db = new_session()
        facts = debt_facts(db.get(Debt, did))
        db.close()
    assert facts.veertiendagenbrief_received_on == date(2025, 2, 3)
    costs = dict(incassokosten=Money(4500), status=None)
    early = replace(facts, peildatum=date(2025, 2, 17), **costs)
    in_time = replace(facts, peildatum=date(2025, 2, 18), **costs)
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF in {f.code for f in check_debt(early)}
    assert FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF not in {f.code for f in check_debt(in_time)}
