"""Debts per case: add, edit, delete (with a confirmation step), dated status changes.

Amounts are typed the Dutch way; nonsense is refused next to the field and nothing typed is lost.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from schoonschip import clock
from schoonschip.audit import AuditEvent
from schoonschip.cases.debts.models import DebtStatusChange
from schoonschip.dates import IN_FUTURE
from schoonschip.db import new_session
from schoonschip.money import Money
from tests.factories import open_test_case
from tests.integration.debts_support import add_debt, creditor_id, debt_form, debts_of_case, seed


@pytest.fixture
def case_a(app, people):  # type: ignore[no-untyped-def]
    seed(app)
    return open_test_case(app, alias="Testpersoon Schuld", location_id=people.loc_a, coach_id=people.coach_a)


def _field_error(html: str, name: str) -> str:
    """The error text rendered next to a field (empty when there is none)."""
    m = re.search(rf'<p class="error" id="e-{name}">([^<]*)</p>', html)
    return m.group(1) if m else ""


def _value(html: str, name: str) -> str:
    m = re.search(rf'id="f-{name}" name="{name}" type="text" value="([^"]*)"', html)
    assert m, f"no text field {name}"
    return m.group(1)


@pytest.mark.parametrize(
    "typed,cents",
    [("1.234,56", 123456), ("€ 85", 8500), ("12,5", 1250), ("1234", 123400), ("€ 12,-", 1200)],
)
def test_dutch_amounts_are_understood(app, web, case_a, typed, cents):
    web.login("coach.a")
    add_debt(web, case_a, creditor_id=str(creditor_id(app, "Vattenfall")), hoofdsom=typed)
    (debt,) = debts_of_case(app, case_a)
    assert debt.hoofdsom == Money(cents)


def test_all_fields_are_saved_and_shown(app, web, case_a):
    web.login("coach.a")
    did = add_debt(
        web,
        case_a,
        creditor_id=str(creditor_id(app, "Belastingdienst")),
        creditor_reference="BD-TEST-0001",
        collector_kind="deurwaarder",
        collector_name="Testdeurwaarder Oost",
        collector_reference="DW-42",
        hoofdsom="2.000",
        rente="45,10",
        incassokosten="0",
        gerechtelijke_kosten="€ 120,50",
        boetes="10",
        original_amount="1.900,00",
        peildatum="01-03-2025",
        arisen_on="15-06-2023",
        saldo_confirmed_on="05-03-2025",
        arrangement_amount="25",
        arrangement_since="01-04-2025",
        garnishment_kind="loon",
        garnishment_amount="150",
        garnishment_by="Testdeurwaarder Oost",
        zakelijk="1",
        status="beslag",
        note="Brief ligt bij de buren.",
    )
    (d,) = debts_of_case(app, case_a)
    assert d.id == did
    assert d.category == "belastingdienst" and d.creditor.name == "Belastingdienst"
    assert (d.hoofdsom, d.rente, d.incassokosten, d.gerechtelijke_kosten, d.boetes) == (
        Money(200000), Money(4510), Money(0), Money(12050), Money(1000)
    )
    assert d.original_amount == Money(190000)
    assert d.peildatum == date(2025, 3, 1) and d.arisen_on == date(2023, 6, 15)
    assert d.saldo_confirmed_on == date(2025, 3, 5)
    assert (d.arrangement_amount, d.arrangement_since) == (Money(2500), date(2025, 4, 1))
    assert (d.garnishment_kind, d.garnishment_amount, d.garnishment_by) == ("loon", Money(15000), "Testdeurwaarder Oost")
    assert (d.collector_kind, d.collector_name, d.collector_reference) == ("deurwaarder", "Testdeurwaarder Oost", "DW-42")
    assert d.zakelijk is True and d.fraud is False and d.preferent is None
    assert d.status == "beslag"
    assert [(h.from_status, h.to_status) for h in d.status_history] == [(None, "beslag")]
    page = web.get(f"/dossiers/{case_a}/schulden/{did}").get_data(as_text=True)
    for shown in ("BD-TEST-0001", "Testdeurwaarder Oost", "€ 2.000,00", "€ 2.175,60", "Brief ligt bij de buren."):
        assert shown in page
    assert "ja" in page.split("Preferent</dt>")[1][:40]  # Belastingdienst: preferent by default


def test_nonsense_is_refused_next_to_the_field_and_input_is_kept(app, web, case_a):
    web.login("coach.a")
    form = debt_form(
        creditor_id=str(creditor_id(app, "KPN")),
        creditor_reference="KPN-77",
        hoofdsom="twaalf euro",
        rente="1.2.3",
        incassokosten="-40",
        boetes="12,345",
        peildatum="31-02-2025",
        arisen_on="morgen",
        collector_name="Testincasso Noord",
        note="Eerste gesprek.",
    )
    resp = web.post(f"/dossiers/{case_a}/schulden/nieuw", form)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert _field_error(html, "hoofdsom").startswith("Dit is geen bedrag")
    assert _field_error(html, "rente").startswith("Dit is geen bedrag")
    assert _field_error(html, "incassokosten") == "Een bedrag kan hier niet negatief zijn."
    assert _field_error(html, "boetes").startswith("Dit is geen bedrag")
    assert _field_error(html, "peildatum") != ""
    assert _field_error(html, "arisen_on") != ""
    assert _field_error(html, "collector_kind") == "Kies wie de schuld nu int."
    assert "Er gaat iets mis" in html  # the error summary names the field of each message
    assert '<a href="#f-hoofdsom">Hoofdsom: Dit is geen bedrag.' in html
    assert '<a href="#f-incassokosten">Incassokosten: Een bedrag kan hier niet negatief zijn.' in html
    # Everything typed is still there.
    assert _value(html, "hoofdsom") == "twaalf euro"
    assert _value(html, "rente") == "1.2.3"
    assert _value(html, "peildatum") == "31-02-2025"
    assert _value(html, "creditor_reference") == "KPN-77"
    assert _value(html, "collector_name") == "Testincasso Noord"
    assert "Eerste gesprek." in html
    assert f'<option value="{creditor_id(app, "KPN")}" selected>' in html
    assert debts_of_case(app, case_a) == []


def test_a_creditor_is_required_and_only_one(app, web, case_a):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{case_a}/schulden/nieuw", debt_form(hoofdsom="10"))
    assert resp.status_code == 422
    assert "Kies een schuldeiser" in _field_error(resp.get_data(as_text=True), "creditor_id")
    resp = web.post(
        f"/dossiers/{case_a}/schulden/nieuw",
        debt_form(creditor_id=str(creditor_id(app, "KPN")), private_creditor_name="Buurman Test"),
    )
    assert resp.status_code == 422
    assert "maar één" in _field_error(resp.get_data(as_text=True), "creditor_id")


def test_future_dates_are_refused(app, web, case_a):
    web.login("coach.a")
    resp = web.post(
        f"/dossiers/{case_a}/schulden/nieuw",
        debt_form(creditor_id=str(creditor_id(app, "KPN")), peildatum="01-01-2099"),
    )
    assert resp.status_code == 422
    assert _field_error(resp.get_data(as_text=True), "peildatum") == IN_FUTURE


def test_edit_keeps_version_and_changes_values(app, web, case_a):
    web.login("coach.a")
    did = add_debt(web, case_a, creditor_id=str(creditor_id(app, "Ziggo")), hoofdsom="100", creditor_reference="Z-1")
    page = web.get(f"/dossiers/{case_a}/schulden/{did}/wijzigen").get_data(as_text=True)
    assert _value(page, "hoofdsom") == "100,00"
    assert 'name="version" value="1"' in page
    form = debt_form(creditor_id=str(creditor_id(app, "Ziggo")), hoofdsom="1.100,10", creditor_reference="Z-2", version="1")
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/wijzigen", form)
    assert resp.status_code == 302
    (d,) = debts_of_case(app, case_a)
    assert d.hoofdsom == Money(110010) and d.creditor_reference == "Z-2" and d.version == 2


def test_category_follows_the_creditor_unless_chosen(app, web, case_a):
    web.login("coach.a")
    add_debt(web, case_a, creditor_id=str(creditor_id(app, "Waternet")), hoofdsom="50")
    add_debt(web, case_a, creditor_id=str(creditor_id(app, "Intrum")), category="telecom", hoofdsom="60")
    d1, d2 = debts_of_case(app, case_a)
    assert d1.category == "waterbedrijf"
    assert d2.category == "telecom"  # the coach knows the original creditor's kind


def test_status_change_is_dated_and_kept_as_history(app, web, case_a, people):
    web.login("coach.a")
    did = add_debt(web, case_a, creditor_id=str(creditor_id(app, "CZ")), hoofdsom="300", status="herinnering_aanmaning")
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/status", {"status": "incassobureau", "on": "02-01-2025", "version": "1"})
    assert resp.status_code == 302
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/status", {"status": "betalingsregeling", "on": "10-02-2025", "version": "2"})
    assert resp.status_code == 302
    (d,) = debts_of_case(app, case_a)
    assert d.status == "betalingsregeling"
    hist = [(h.from_status, h.to_status, h.on, h.by_user_id) for h in d.status_history]
    assert hist == [
        (None, "herinnering_aanmaning", clock.today(), people.coach_a),
        ("herinnering_aanmaning", "incassobureau", date(2025, 1, 2), people.coach_a),
        ("incassobureau", "betalingsregeling", date(2025, 2, 10), people.coach_a),
    ]
    page = web.get(f"/dossiers/{case_a}/schulden/{did}").get_data(as_text=True)
    assert "02-01-2025" in page and "10-02-2025" in page


def test_status_change_refuses_bad_input_and_keeps_it(app, web, case_a):
    web.login("coach.a")
    did = add_debt(web, case_a, creditor_id=str(creditor_id(app, "CZ")), hoofdsom="300", status="vonnis")
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/status", {"status": "beslag", "on": "32-13-2025", "version": "1"})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert _field_error(html, "on") != ""
    assert 'value="32-13-2025"' in html and '<option value="beslag" selected>' in html
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/status", {"status": "vonnis", "on": "01-01-2025", "version": "1"})
    assert resp.status_code == 422
    assert _field_error(resp.get_data(as_text=True), "status") == "De schuld heeft deze status al."
    (d,) = debts_of_case(app, case_a)
    assert d.status == "vonnis" and len(d.status_history) == 1


def test_delete_asks_first_then_deletes_with_history(app, web, case_a):
    web.login("coach.a")
    did = add_debt(web, case_a, creditor_id=str(creditor_id(app, "DSW")), hoofdsom="80", status="vonnis")
    page = web.get(f"/dossiers/{case_a}/schulden/{did}/verwijderen")
    assert page.status_code == 200 and "Ja, verwijderen" in page.get_data(as_text=True)
    assert len(debts_of_case(app, case_a)) == 1  # looking at the question deletes nothing
    resp = web.post(f"/dossiers/{case_a}/schulden/{did}/verwijderen", {"version": "1"})
    assert resp.status_code == 302
    assert debts_of_case(app, case_a) == []
    with app.app_context():
        db = new_session()
        assert db.scalars(select(DebtStatusChange).where(DebtStatusChange.debt_id == did)).all() == []
        actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "debt")).all()
        db.close()
    assert actions == ["debt_create", "debt_delete"]


def test_add_another_goes_back_to_an_empty_form(app, web, case_a):
    web.login("coach.a")
    form = debt_form(creditor_id=str(creditor_id(app, "DSW")), hoofdsom="80", next="another")
    resp = web.post(f"/dossiers/{case_a}/schulden/nieuw", form)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/schulden/nieuw")


def test_debt_facts_and_offer_view(app, web, case_a):
    from schoonschip.budget.rules.norms import load_builtin
    from schoonschip.budget.rules.norms import select as select_normset
    from schoonschip.budget.rules.offer import OutsideReason, calculate_offer
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.debts.rules import CreditorCategory, DebtStatus
    from schoonschip.cases.debts.service import debt_facts_for_case, open_debts_for_offer

    web.login("coach.a")
    d_tax = add_debt(web, case_a, creditor_id=str(creditor_id(app, "Belastingdienst")), hoofdsom="500", rente="20")
    d_cjib = add_debt(web, case_a, creditor_id=str(creditor_id(app, "CJIB")), hoofdsom="200", boetes="50", cjib_kind="strafrechtelijk")
    d_duo = add_debt(web, case_a, creditor_id=str(creditor_id(app, "DUO")), hoofdsom="9.000", studieschuld_regulier="1")
    add_debt(web, case_a, creditor_id=str(creditor_id(app, "KPN")), hoofdsom="90", status="afgelost")
    d_priv = add_debt(web, case_a, private_creditor_name="Oom Testfiguur", hoofdsom="300", fraud="1", preferent="ja")
    with app.app_context():
        db = new_session()
        case = db.get(Case, case_a)
        facts = debt_facts_for_case(db, case)
        offer = open_debts_for_offer(db, case)
        db.close()
    assert len(facts) == 5
    by_key = {f.key: f for f in facts}
    assert by_key[d_cjib].cjib_strafrechtelijk and by_key[d_duo].studieschuld_regulier
    assert by_key[d_priv].creditor_category is CreditorCategory.ANDERS
    assert any(f.status is DebtStatus.AFGELOST for f in facts)
    rows = {int(o.key): o for o in offer}
    assert set(rows) == {d_tax, d_cjib, d_duo, d_priv}  # the paid debt is not in the offer
    assert rows[d_tax].amount == Money(52000) and rows[d_tax].preferent and not rows[d_tax].outside_regeling
    assert rows[d_cjib].outside_regeling and rows[d_cjib].reason is OutsideReason.STRAFRECHTELIJKE_BOETE
    assert rows[d_cjib].amount == Money(25000)
    assert rows[d_duo].outside_regeling and rows[d_duo].reason is OutsideReason.STUDIESCHULD
    assert rows[d_priv].creditor_label == "Oom Testfiguur" and rows[d_priv].preferent
    assert not rows[d_priv].outside_regeling and rows[d_priv].reason is None
    assert by_key[d_priv].fraud  # fraud is for readiness, through the facts
    # The list goes straight into the pure offer calculation.
    result = calculate_offer(capacity=Money(10000), debts=offer, normset=select_normset(load_builtin(), date(2025, 9, 1)))
    assert {d.key for d in result.outside} == {str(d_cjib), str(d_duo)}
    assert {s.key for s in result.shares} == {str(d_tax), str(d_priv)}
