"""Rent mediation starts from the case (issue 12 item 4): the form is filled in from the rent
debt and the budget; an agreement may be dated in the past but not in the future; the plan is
held against the arrears; a paid instalment lowers the rent debt and is written in its history."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from schoonschip import clock
from schoonschip.cases.debts.rules import DebtStatus
from schoonschip.money import Money
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.budget_helpers import add_expense, add_income, start_budget, text_of
from tests.integration.debts_support import add_debt, creditor_id, debts_of_case, seed
from tests.integration.mediation_support import arrange, days_ago, load, nl, start


@pytest.fixture
def case_a(app, people):  # type: ignore[no-untyped-def]
    seed(app)
    return open_test_case(app, alias="Testpersoon Huurschuld", location_id=people.loc_a, coach_id=people.coach_a)


def _value(html: str, name: str) -> str:
    m = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    return m.group(1) if m else ""


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    assert select, name
    m = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return m.group(1) if m else ""


def _rent_debt(web, app, case_id: int) -> int:  # type: ignore[no-untyped-def]
    return add_debt(web, case_id, creditor_id=str(creditor_id(app, "Eigen Haard")), hoofdsom="1.234,56",
                    incassokosten="40,00", peildatum=nl(days_ago(3)), status="veertiendagenbrief")  # fmt: skip


def test_new_mediation_is_filled_in_from_the_rent_debt_and_the_budget(app, web, case_a):
    web.login("coach.a")
    _rent_debt(web, app, case_a)
    version = start_budget(web, case_a, peildatum=nl(days_ago(5)))
    assert add_expense(web, case_a, version, "huur_servicekosten", "745,20").status_code == 302
    assert add_income(web, case_a, version, "huurtoeslag", "301,00").status_code == 302

    html = web.get(f"/dossiers/{case_a}/huur/nieuw").get_data(as_text=True)
    assert _selected(html, "landlord") == "eigen_haard"
    assert _value(html, "arrears") == "1.234,56"
    assert _value(html, "collection_costs") == "40,00"
    assert _value(html, "kale_huur") == "745,20"
    assert _value(html, "huurtoeslag") == "301,00"
    assert _value(html, "peildatum") == nl(days_ago(3))
    assert 'id="prefilled"' in html and "huurschuld in de schuldenlijst" in html and "uit het budget" in html


def test_without_debt_or_budget_nothing_is_invented(app, web, case_a):
    web.login("coach.a")
    html = web.get(f"/dossiers/{case_a}/huur/nieuw").get_data(as_text=True)
    assert _value(html, "arrears") == "" and _value(html, "kale_huur") == ""
    assert 'id="prefilled"' not in html


def test_agreement_before_the_mediation_was_recorded_is_accepted_future_is_refused(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(clock.today()))
    # agreed three weeks ago, heard of it today: accepted
    resp = arrange(web, case_a, mid, made_on=days_ago(21), start_on=days_ago(14), months="6")
    assert resp.status_code == 302, text_of(resp)
    assert len(load(app, mid).arrangements) == 1
    # an agreement tomorrow has not happened yet
    resp = arrange(web, case_a, mid, made_on=clock.today() + timedelta(days=1), start_on=clock.today(), months="6")
    assert resp.status_code == 422
    assert "Deze datum ligt in de toekomst" in text_of(resp)
    assert len(load(app, mid).arrangements) == 1


def test_plan_shorter_than_the_arrears_shows_the_shortfall(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, arrears="1.234,56", started_on=nl(days_ago(10)))
    resp = arrange(web, case_a, mid, amount="100,00", months="12", made_on=days_ago(2), start_on=days_ago(1))
    assert resp.status_code == 302
    page = text_of(web.get(resp.headers["Location"]))
    assert "€ 1.200,00" in page and "€ 1.234,56" in page and "€ 34,56" in page
    assert "De regeling is te klein" in page


def test_plan_that_covers_the_arrears_says_so(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, arrears="1.200,00", started_on=nl(days_ago(10)))
    resp = arrange(web, case_a, mid, amount="100,00", months="12", made_on=days_ago(2), start_on=days_ago(1))
    page = text_of(web.get(resp.headers["Location"]))
    assert "De regeling is te klein" not in page and "dekken wat nog open is" in page


def test_paid_instalment_lowers_the_rent_debt_and_writes_its_history(app, web, case_a):
    web.login("coach.a")
    debt_id = _rent_debt(web, app, case_a)
    mid = start(web, case_a, arrears="1.234,56", collection_costs="40,00", started_on=nl(days_ago(40)))
    assert arrange(web, case_a, mid, amount="100,00", months="13", made_on=days_ago(35),
                   start_on=days_ago(30)).status_code == 302  # fmt: skip
    (arr,) = load(app, mid).arrangements
    first = arr["instalments"][0]
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/termijnen/{first[0]}",
                    {"status": "betaald", "on": nl(days_ago(29)), "version": str(first[4])})  # fmt: skip
    assert resp.status_code == 302, text_of(resp)
    assert "nog open € 1.174,56" in text_of(web.get(resp.headers["Location"]))

    (debt,) = debts_of_case(app, case_a)
    assert debt.id == debt_id
    # € 100: first the € 40 incassokosten, then € 60 of the principal (art. 6:44 BW)
    assert debt.incassokosten == Money(0) and debt.hoofdsom == Money(123456 - 6000)
    last = debt.status_history[-1]
    assert last.event == "betaling" and last.on == days_ago(29) and last.reference == f"termijn:{first[0]}"
    assert "Termijn betaald" in text_of(web.get(f"/dossiers/{case_a}/schulden/{debt_id}"))

    # set back to open: the payment is undone exactly
    inst = next(i for i in load(app, mid).arrangements[0]["instalments"] if i[0] == first[0])
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/termijnen/{first[0]}", {"status": "open", "on": "", "version": str(inst[4])})
    assert resp.status_code == 302
    (debt,) = debts_of_case(app, case_a)
    assert debt.incassokosten == Money(4000) and debt.hoofdsom == Money(123456)
    assert debt.status_history[-1].event == "betaling_terug"


def test_paying_the_last_of_it_makes_the_debt_afgelost(app, web, case_a):
    web.login("coach.a")
    add_debt(web, case_a, creditor_id=str(creditor_id(app, "Ymere")), hoofdsom="150,00", status="veertiendagenbrief")
    mid = start(web, case_a, arrears="150,00", started_on=nl(days_ago(40)))
    assert arrange(web, case_a, mid, amount="150,00", months="1", made_on=days_ago(35), start_on=days_ago(30)).status_code == 302
    (arr,) = load(app, mid).arrangements
    inst = arr["instalments"][0]
    web.post(f"/dossiers/{case_a}/huur/{mid}/termijnen/{inst[0]}", {"status": "betaald", "on": nl(days_ago(29)), "version": str(inst[4])})
    (debt,) = debts_of_case(app, case_a)
    assert debt.status == DebtStatus.AFGELOST.value and debt.hoofdsom == Money(0)
    assert debt.status_history[-1].from_status == "veertiendagenbrief"


def test_the_inzage_shows_the_booked_payment_per_part(app, web, case_a):
    web.login("coach.a")
    _rent_debt(web, app, case_a)
    mid = start(web, case_a, arrears="1.234,56", started_on=nl(days_ago(40)))
    assert arrange(web, case_a, mid, amount="100,00", months="13", made_on=days_ago(35), start_on=days_ago(30)).status_code == 302
    inst = load(app, mid).arrangements[0]["instalments"][0]
    web.post(f"/dossiers/{case_a}/huur/{mid}/termijnen/{inst[0]}", {"status": "betaald", "on": nl(days_ago(29)), "version": str(inst[4])})
    web.logout()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    text = text_of(web.get(f"/dossiers/{case_a}/inzage"))
    part = text[text.index("Statusgeschiedenis van de schulden"):]
    assert "Termijn betaald" in part and "Incassokosten: € 40,00" in part and "Hoofdsom: € 60,00" in part
    assert "incassokosten=4000" not in text  # never the stored form


def test_the_arrangement_form_shows_what_the_plan_must_cover(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, arrears="1.234,56", collection_costs="40,00", started_on=nl(days_ago(10)))
    page = text_of(web.get(f"/dossiers/{case_a}/huur/{mid}/regeling"))
    assert "Nog te betalen op de huurachterstand: € 1.274,56" in page
