"""Budget and Aflossen pages through the web client: Dutch amounts, monthly picture,
versions, capacity, official VTLB, the offer, stale saves. Synthetic people only."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from schoonschip import clock
from schoonschip.audit import AuditEvent
from schoonschip.budget import views as budget_views
from schoonschip.budget.models import BudgetVersion, CapacitySnapshot, OfficialVtlb
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.budget.rules.offer import OfferDebt, OutsideReason
from schoonschip.db import new_session
from schoonschip.money import Money
from tests.factories import open_test_case
from tests.integration.budget_helpers import (
    add_expense,
    add_income,
    capacity_of,
    entries,
    set_household,
    start_budget,
    text_of,
    version_row,
)


@pytest.fixture
def case_a(app, people):
    return open_test_case(app, alias="Testpersoon Budget", location_id=people.loc_a, coach_id=people.coach_a)


@pytest.fixture
def coach(web, people):
    assert web.login("coach.a").status_code == 302
    return web


def test_first_visit_offers_to_start_a_budget(coach, case_a):
    text = text_of(coach.get(f"/dossiers/{case_a}/budget"))
    assert "Er is nog geen begroting" in text
    resp = coach.post(f"/dossiers/{case_a}/budget/versies", {"peildatum": "31-02-2025", "current_id": ""})
    assert resp.status_code == 422
    assert "Deze datum bestaat niet" in text_of(resp)
    assert 'value="31-02-2025"' in resp.get_data(as_text=True)  # what was typed stays
    aflossen = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Er is nog geen begroting" in aflossen


def test_income_crud_with_dutch_amounts(app, coach, case_a):
    vid = start_budget(coach, case_a)
    resp = add_income(coach, case_a, vid, "participatiewet", "1.234,56", label="Uitkering gemeente")
    assert resp.status_code == 302
    [(eid, kind, cents, _v)] = entries(app, vid)
    assert (kind, cents) == ("participatiewet", 123456)
    text = text_of(coach.get(f"/dossiers/{case_a}/budget"))
    assert "Bijstand (Participatiewet)" in text and "€ 1.234,56" in text and "Uitkering gemeente" in text

    edit = coach.get(f"/dossiers/{case_a}/budget/posten/{eid}")
    assert 'value="1.234,56"' in edit.get_data(as_text=True)  # shown back in Dutch notation
    resp = coach.post(
        f"/dossiers/{case_a}/budget/posten/{eid}",
        {
            "version": "1",
            "person": "bewoner",
            "kind": "participatiewet",
            "amount": "€ 1.300,-",
            "frequency": "maand",
            "label": "",
        },
    )
    assert resp.status_code == 302
    assert entries(app, vid)[0][2] == 130000

    confirm = coach.get(f"/dossiers/{case_a}/budget/posten/{eid}/verwijderen")
    assert "Deze regel verwijderen?" in text_of(confirm) and "€ 1.300,00" in text_of(confirm)
    assert entries(app, vid) != []  # a GET never deletes
    resp = coach.post(f"/dossiers/{case_a}/budget/posten/{eid}/verwijderen", {"version": "2"})
    assert resp.status_code == 302
    assert entries(app, vid) == []


def test_expense_add_and_group_totals(app, coach, case_a):
    vid = start_budget(coach, case_a)
    assert add_expense(coach, case_a, vid, "huur_servicekosten", "725,50").status_code == 302
    assert add_expense(coach, case_a, vid, "kleding", "120", frequency="kwartaal").status_code == 302
    assert add_expense(coach, case_a, vid, "boodschappen", "75", frequency="week").status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/budget"))
    assert "Vaste lasten € 725,50" in text
    assert "Reserveringsuitgaven € 40,00" in text  # 120 per kwartaal
    assert "Huishoudelijke uitgaven € 325,00" in text  # 75 × 52 / 12
    assert "Er komt elke maand € 1.090,50 te weinig binnen." in text  # the shortfall in plain words
    body = coach.get(f"/dossiers/{case_a}/budget").get_data(as_text=True)
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "<rect" in svg and "style=" not in svg
    # No script but the app's own file (the one-time form tokens, static/once.js): nothing inline.
    assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/once.js" defer>']


def test_dutch_refusal_keeps_input(app, coach, case_a):
    vid = start_budget(coach, case_a)
    resp = add_income(coach, case_a, vid, "loon", "12,3,4", label="Werk bij de markt")
    assert resp.status_code == 422
    text = text_of(resp)
    assert "Dit is geen bedrag. Schrijf het zo: 1.234,56" in text
    body = resp.get_data(as_text=True)
    assert 'value="12,3,4"' in body and 'value="Werk bij de markt"' in body
    assert re.search(r'<option value="loon"\s+selected', body)
    resp = add_income(coach, case_a, vid, "", "100")
    assert resp.status_code == 422 and "Kies wat voor inkomen het is." in text_of(resp)
    resp = add_expense(coach, case_a, vid, "energie", "-50")
    assert resp.status_code == 422 and "Een bedrag kan hier niet negatief zijn." in text_of(resp)
    assert entries(app, vid) == []


def test_four_weekly_wage_is_shown_per_month(coach, case_a):
    vid = start_budget(coach, case_a)
    assert add_income(coach, case_a, vid, "loon", "1.200", frequency="vier_weken").status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/budget"))
    assert "Loon (netto) € 1.200,00 per 4 weken € 1.300,00" in text
    assert "Er blijft elke maand € 1.300,00 over." in text


def test_kinderbijslag_never_changes_the_capacity(coach, case_a):
    vid = start_budget(coach, case_a)
    assert set_household(coach, case_a, vid, children_under_18="2").status_code == 302
    add_income(coach, case_a, vid, "loon", "1.650", frequency="maand")
    add_expense(coach, case_a, vid, "huur_servicekosten", "400")
    before = capacity_of(coach, case_a)
    assert before != "€ 0,00"  # the test must be able to see a change
    assert add_income(coach, case_a, vid, "kinderbijslag", "546", frequency="kwartaal").status_code == 302
    assert add_income(coach, case_a, vid, "kinderopvangtoeslag", "350").status_code == 302
    assert capacity_of(coach, case_a) == before
    text = text_of(coach.get(f"/dossiers/{case_a}/budget"))
    assert "Geld dat bij de bewoner blijft" in text
    assert "Kinderbijslag: € 182,00 per maand" in text
    assert "telt nooit mee voor het aflossen" in text
    # while a counting income does raise it
    add_income(coach, case_a, vid, "alimentatie_ontvangen", "100")
    assert capacity_of(coach, case_a) != before


def test_versions_copy_items_and_keep_history(app, coach, case_a):
    v1 = start_budget(coach, case_a, "01-09-2025")
    add_income(coach, case_a, v1, "ww", "1.400")
    resp = coach.post(
        f"/dossiers/{case_a}/budget/versies", {"peildatum": "01-08-2025", "current_id": str(v1)}
    )
    assert resp.status_code == 422 and "Kies een peildatum na 01-09-2025" in text_of(resp)
    v2 = start_budget(coach, case_a, "01-03-2026")
    assert v2 != v1
    assert [(k, c) for _i, k, c, _v in entries(app, v2)] == [("ww", 140000)]
    (eid2, *_rest) = entries(app, v2)[0]
    coach.post(
        f"/dossiers/{case_a}/budget/posten/{eid2}",
        {"version": "1", "person": "bewoner", "kind": "loon", "amount": "1.750,00", "frequency": "maand"},
    )
    assert entries(app, v1)[0][1:3] == ("ww", 140000)  # history untouched
    old = coach.get(f"/dossiers/{case_a}/budget?versie={v1}")
    old_text = text_of(old)
    assert "Oude versie" in old_text and "WW-uitkering" in old_text and "Loon (netto)" not in old_text
    assert "/budget/posten/" not in old.get_data(as_text=True)  # read-only: no edit links
    new_text = text_of(coach.get(f"/dossiers/{case_a}/budget"))
    assert "01-03-2026" in new_text and "01-09-2025" in new_text and "Loon (netto)" in new_text
    # an old version cannot be changed any more
    resp = add_income(coach, case_a, v1, "aow", "100")
    assert resp.status_code == 409 and "niet meer de nieuwste" in text_of(resp)
    # a new version made by someone else in the meantime is not silently forked
    resp = coach.post(
        f"/dossiers/{case_a}/budget/versies", {"peildatum": "01-06-2026", "current_id": str(v1)}
    )
    assert resp.status_code == 409
    assert "nieuwe versie" in text_of(resp) and 'value="01-06-2026"' in resp.get_data(as_text=True)


def test_capacity_uses_the_norm_set_of_the_peildatum(coach, case_a, monkeypatch):
    v1 = start_budget(coach, case_a, "15-09-2024")
    add_income(coach, case_a, v1, "participatiewet", "1.308,45")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Normenset 2024-2" in text and "ouder dan zes maanden" not in text
    assert "Gezinssituatie die de berekening gebruikt Aanname: nog niet ingevuld" in text
    start_budget(coach, case_a, "01-11-2026")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Normenset 2026-2" in text and "nog geen normenset" not in text
    # a peildatum may not lie in the future, so the first day of 2027 is played on that day
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 1))
    v2 = start_budget(coach, case_a, "01-01-2027")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Normenset 2026-2" in text
    assert "Er is nog geen normenset voor het halfjaar waarin 01-01-2027 valt" in text  # honest from day one
    assert "Indicatief." in text and "Vtlb-calculator" in text
    # the old version still shows its own norm set
    assert "Normenset 2024-2" in text_of(coach.get(f"/dossiers/{case_a}/aflossen?versie={v1}"))
    assert v2 != v1


def test_vtlb_lines_household_and_uncertain_amounts(coach, case_a):
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "participatiewet", "1.369,06")
    add_expense(coach, case_a, vid, "huur_servicekosten", "700")
    add_income(coach, case_a, vid, "huurtoeslag", "250")
    resp = set_household(coach, case_a, vid, resident_age_band="", resident_birth_date="12-05-1980")
    assert resp.status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Ingevuld bij deze begroting" in text
    assert "Leeftijdsgroep bewoner 21 jaar tot AOW-leeftijd" in text
    assert "Basis: beslagvrije voet voor alleenstaande (indicatief)" in text
    # 95 % of 1.369,06 = 1.300,61; rent 700 − 250 huurtoeslag − 350 assumed = 100
    assert "€ 1.300,61" in text and "Woonlasten boven wat de basis dekt onzeker" in text
    assert "Aangenomen bedrag (geen officiële bron)" in text  # the note of the uncertain amount is shown
    assert "Indicatieve VTLB € 1.400,61" in text
    assert "Bedragen Participatiewet per 1 juli 2025" in text  # sources of the amounts used
    assert capacity_of(coach, case_a) == "€ 0,00"  # never below zero


def test_household_form_refusal_keeps_input(coach, case_a):
    vid = start_budget(coach, case_a)
    resp = set_household(
        coach,
        case_a,
        vid,
        has_partner="ja",
        resident_age_band="",
        resident_birth_date="40-01-1980",
        children_under_18="drie",
    )
    assert resp.status_code == 422
    text = text_of(resp)
    assert "Deze datum bestaat niet" in text or "Dit is geen datum" in text
    assert "Vul de geboortedatum of de leeftijdsgroep van de partner in." in text
    assert "Vul bij kinderen onder 18 een heel getal" in text
    assert 'value="drie"' in resp.get_data(as_text=True)


def test_household_form_errors_with_numbers_in_them_are_translated(coach, case_a):
    """A field error built with parameters (the field's name, the maximum) shows in English,
    the field's name too."""
    vid = start_budget(coach, case_a)
    coach.get("/login")
    coach.post("/taal", {"lang": "en", "next": "/start"})
    resp = set_household(coach, case_a, vid, children_under_18="99", kostendelers_27plus="twee")
    assert resp.status_code == 422
    text = text_of(resp)
    assert "Enter a whole number from 0 to 15 for children under 18." in text
    assert "Enter a whole number from 0 to 15 for housemates aged 27 or older." in text
    assert "Vul bij" not in text


def test_corrections_add_visible_lines(coach, case_a):
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "loon", "2.000")
    version = version_row(coach.client.application, vid).version
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/correcties",
        {
            "version": str(version),
            "work_travel_km_per_day": "24",
            "work_days_per_week": "5",
            "childcare_uncovered": "85,50",
            "alimony_paid": "",
            "eigen_risico": "ja",
        },
    )
    assert resp.status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Reservering eigen risico zorgverzekering onzeker 1 × € 385,00 per jaar / 12." in text
    assert "€ 32,08" in text and "Reiskosten woon-werk onzeker 24,0 km per dag" in text
    assert "Afloscapaciteit (inkomen − VTLB, nooit minder dan € 0) € 289,47" in text
    assert "Kinderopvang die de toeslag niet dekt" in text and "€ 85,50" in text
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/correcties",
        {
            "version": str(version + 1),
            "work_travel_km_per_day": "veel",
            "work_days_per_week": "9",
            "childcare_uncovered": "",
            "alimony_paid": "",
            "eigen_risico": "nee",
        },
    )
    assert resp.status_code == 422
    assert "Vul bij kilometers per dag een getal in" in text_of(resp) and 'value="veel"' in resp.get_data(
        as_text=True
    )


def test_official_vtlb_and_its_difference(app, coach, case_a):
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "loon", "2.000")
    indicative = re.search(
        r"Indicatieve VTLB (€ [\d.,]+)", text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    ).group(1)
    assert indicative == "€ 1.300,61"  # 95 % of the 2025-2 norm (income above the norm)
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/officieel",
        {"amount": "1.450,00", "established_on": "2-10-2025", "supplied_by": "Kredietbank Testdorp"},
    )
    assert resp.status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Officiële VTLB € 1.450,00 per maand" in text and "Kredietbank Testdorp" in text
    assert "De officiële VTLB is € 149,39 hoger dan de indicatieve" in text
    assert "Met de officiële VTLB (€ 1.450,00): € 550,00 per maand" in text
    assert "Dit aanbod rekent met de officiële VTLB." in text
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/officieel",
        {"amount": "veel", "established_on": "01-01-2099", "supplied_by": ""},
    )
    assert resp.status_code == 422
    text = text_of(resp)
    assert "Dit is geen bedrag" in text and "Deze datum ligt in de toekomst." in text
    assert "Vul in van wie de officiële VTLB komt" in text
    assert 'value="veel"' in resp.get_data(as_text=True)
    with app.app_context():
        db = new_session()
        rows = db.scalars(select(OfficialVtlb)).all()
        assert [(r.amount, r.established_on) for r in rows] == [(Money(145000), date(2025, 10, 2))]
        db.close()


def test_stale_item_save_is_refused_and_input_kept(app, coach, case_a, make_web):
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "loon", "1.000")
    [(eid, _k, _c, row_version)] = entries(app, vid)
    other = make_web()
    other.login("coach.a")
    other.get(f"/dossiers/{case_a}/budget/posten/{eid}")
    ok = other.post(
        f"/dossiers/{case_a}/budget/posten/{eid}",
        {
            "version": str(row_version),
            "person": "bewoner",
            "kind": "loon",
            "amount": "1.100",
            "frequency": "maand",
        },
    )
    assert ok.status_code == 302
    stale = coach.post(
        f"/dossiers/{case_a}/budget/posten/{eid}",
        {
            "version": str(row_version),
            "person": "bewoner",
            "kind": "loon",
            "amount": "1.234,99",
            "frequency": "maand",
            "label": "mijn invoer",
        },
    )
    assert stale.status_code == 409
    text = text_of(stale)
    assert "Iemand anders heeft dit intussen gewijzigd" in text
    body = stale.get_data(as_text=True)
    assert 'value="1.234,99"' in body and 'value="mijn invoer"' in body
    assert entries(app, vid)[0][2] == 110000  # the other coach's change stands
    # a stale delete is refused too
    resp = coach.post(f"/dossiers/{case_a}/budget/posten/{eid}/verwijderen", {"version": str(row_version)})
    assert resp.status_code == 409 and len(entries(app, vid)) == 1


def test_stale_settings_save_is_refused(coach, case_a):
    vid = start_budget(coach, case_a)
    v = version_row(coach.client.application, vid).version
    assert set_household(coach, case_a, vid, children_under_18="1").status_code == 302
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/aanbod",
        {"version": str(v), "assets": "2.500", "fee": "nee", "preferent_factor": "2"},
    )
    assert resp.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text_of(resp)
    assert 'value="2.500"' in resp.get_data(as_text=True)


def offer_debt(creditor_label: str, amount: Money, **kw: object) -> OfferDebt:
    return OfferDebt(key=creditor_label, creditor_label=creditor_label, amount=amount, **kw)  # type: ignore[arg-type]


@pytest.fixture
def fake_ledger(monkeypatch):
    """Stand-in for the debt ledger's open_debts_for_offer, as the budget views call it."""
    debts: list[OfferDebt] = []
    monkeypatch.setattr(budget_views, "open_debts_for_offer", lambda db, case: list(debts))
    return debts


def test_offer_with_debts_is_exact_and_printable(app, coach, case_a, fake_ledger):
    fake_ledger.extend(
        [
            offer_debt("Woningcorporatie Test", Money(123456)),
            offer_debt("Zorgverzekeraar Test", Money(65432)),
            offer_debt("Belastingdienst Test", Money(100001), preferent=True),
            offer_debt(
                "CJIB Test", Money(45000), outside_regeling=True, reason=OutsideReason.STRAFRECHTELIJKE_BOETE
            ),
        ]
    )
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "loon", "1.500")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    # capacity: 1.500 − 95 % × 1.369,06 = 199,39; afdracht 18 × 199,39 = 3.589,02
    assert capacity_of(coach, case_a) == "€ 199,39"
    assert "Afdracht in 18 maanden € 3.589,02" in text
    assert "Kosten schuldhulp € 431,01" in text  # 9 % × 3.589,02 = 323,01 + 18 × € 6
    assert "Te verdelen € 3.158,01" in text
    assert "Totale schuld in de regeling € 2.888,89" in text
    assert "Er is meer geld dan schuld" in text
    assert "CJIB Test: € 450,00. Strafrechtelijke boete (CJIB): wordt nooit kwijtgescholden" in text
    # per creditor: gevraagd, in het aanbod, krijgt
    shares = re.findall(r"(\w+ Test) (?:ja|nee) € ([\d.,]+) € ([\d.,]+) € ([\d.,]+)", text)
    assert [s[0] for s in shares] == ["Woningcorporatie Test", "Zorgverzekeraar Test", "Belastingdienst Test"]
    assert shares[0][1] == shares[0][2] == shares[0][3] == "1.234,56"  # everyone gets 100 %

    # smaller capacity: pro rata, shares add up to the cent
    fake_ledger.append(offer_debt("Energie Test", Money(900000)))
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    shares = re.findall(r"(\w+ Test) (?:ja|nee) € ([\d.,]+) € ([\d.,]+) € ([\d.,]+)", text)
    assert len(shares) == 4

    def cents(s: str) -> int:
        return int(s.replace(".", "").replace(",", ""))

    assert sum(cents(s[3]) for s in shares) == cents("3.158,01")

    resp = coach.post(f"/dossiers/{case_a}/aflossen/{vid}/vastleggen", {"print": "1"})
    assert resp.status_code == 302 and "/aflossen/afdruk" in resp.headers["Location"]
    printed = coach.get(resp.headers["Location"])
    ptext = text_of(printed)
    assert "Indicatief." in ptext and "Normenset 2025-2" in ptext
    assert "Energie Test" in ptext and "Buiten de regeling" in ptext and "€ 199,39" in ptext
    with app.app_context():
        db = new_session()
        ev = db.scalars(select(AuditEvent).where(AuditEvent.action == "case_print")).all()
        assert [(e.detail, e.object_id) for e in ev] == [("offer", str(case_a))]
        snaps = db.scalars(select(CapacitySnapshot)).all()
        assert [(s.normset_code, s.purpose, s.figures["capacity"]) for s in snaps] == [
            ("2025-2", "afdruk", 19939)
        ]
        db.close()


def test_offer_settings_and_zero_offer(coach, case_a, fake_ledger):
    fake_ledger.append(offer_debt("Woningcorporatie Test", Money(300000)))
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "participatiewet", "1.000")
    add_expense(coach, case_a, vid, "huur_servicekosten", "900")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "0 %-aanbod." in text and "Percentage voor de schuldeisers 0,00 %" in text
    v = version_row(coach.client.application, vid).version
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/aanbod",
        {"version": str(v), "assets": "1.000", "fee": "nee", "preferent_factor": "1"},
    )
    assert resp.status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "0 %-aanbod." not in text
    assert "Te verdelen € 1.000,00" in text and "Percentage voor de schuldeisers 33,33 %" in text
    resp = coach.post(
        f"/dossiers/{case_a}/aflossen/{vid}/aanbod",
        {"version": str(v + 1), "assets": "", "fee": "ja", "preferent_factor": "0,5"},
    )
    assert resp.status_code == 422 and "De weging is 1" in text_of(resp)


def test_without_a_debt_ledger_the_offer_says_so(coach, case_a):
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "loon", "1.800")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Nog geen schulden ingevoerd." in text
    assert "Afdracht in 18 maanden" in text


def test_household_facts_from_the_case_file_when_present(app, coach, case_a, monkeypatch):
    facts = HouseholdFacts(
        has_partner=True,
        partner_birth_date=date(1950, 1, 1),
        resident_birth_date=date(1990, 6, 1),
        children_under_18=1,
        kostendelers_27plus=0,
    )
    monkeypatch.setattr(budget_views, "household_facts", lambda case: facts)
    vid = start_budget(coach, case_a)
    add_income(coach, case_a, vid, "loon", "2.500")
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Uit het dossier" in text
    assert "Leefsituatie gehuwden of samenwonenden met kinderen" in text
    assert "Leeftijdsgroep partner AOW-leeftijd" in text and "PGL-correctie" in text
    # an override per version wins, and can be undone
    assert set_household(coach, case_a, vid).status_code == 302
    assert "Leefsituatie alleenstaande" in text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    v = version_row(app, vid).version
    resp = coach.post(f"/dossiers/{case_a}/aflossen/{vid}/gezin", {"version": str(v), "use_case_file": "1"})
    assert resp.status_code == 302
    assert "Uit het dossier" in text_of(coach.get(f"/dossiers/{case_a}/aflossen"))


def test_snapshot_records_the_norm_set(app, coach, case_a):
    vid = start_budget(coach, case_a, "01-02-2025")
    add_income(coach, case_a, vid, "loon", "1.600")
    resp = coach.post(f"/dossiers/{case_a}/aflossen/{vid}/vastleggen", {})
    assert resp.status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/aflossen"))
    assert "Vastgelegde berekeningen" in text and "vastgelegd 2025-1" in text
    with app.app_context():
        db = new_session()
        [snap] = db.scalars(select(CapacitySnapshot)).all()
        assert (snap.normset_code, snap.normset_valid_from, snap.peildatum) == (
            "2025-1",
            date(2025, 1, 1),
            date(2025, 2, 1),
        )
        v = db.get(BudgetVersion, vid)
        assert snap.budget_version_id == v.id
        db.close()
