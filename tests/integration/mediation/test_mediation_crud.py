"""Rent-arrears mediation: start, read back, edit, delete; Dutch amounts and dates; the
stage history with the zittings- and ontruimingsdatum; errors keep what was typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schoonschip import clock
from schoonschip.money import Money
from tests.factories import open_test_case
from tests.integration.mediation_support import (
    case_crisis_since,
    crises,
    days_ago,
    load,
    mediation_form,
    nl,
    start,
)


@pytest.fixture
def case_a(app, people):  # type: ignore[no-untyped-def]
    return open_test_case(app, alias="Testpersoon Huur", location_id=people.loc_a, coach_id=people.coach_a)


def test_start_a_mediation_with_dutch_amounts_and_read_it_back(app, web, case_a):
    web.login("coach.a")
    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    assert "Er loopt geen bemiddeling met de verhuurder." in page
    assert f'href="/dossiers/{case_a}/huur"' in page  # the "Huur" tab
    mid = start(
        web, case_a, contract_number="YM-TEST-00417", collection_costs="40,-", court_costs="1.234,56",
        oldest_unpaid_month="02-2025", benefit_deduction="1", benefit_deduction_since="01-03-2025",
    )  # fmt: skip
    m = load(app, mid)
    assert m.landlord == "ymere" and m.stage == "signaal"
    assert m.contract_number == "YM-TEST-00417"
    assert (m.kale_huur, m.servicekosten, m.huurtoeslag, m.arrears) == (Money(61250), Money(4750), Money(21000), Money(135000))
    assert (m.collection_costs, m.court_costs) == (Money(4000), Money(123456))
    assert m.toeslag_to_landlord is True and m.benefit_deduction is True
    assert m.oldest_unpaid_month == date(2025, 2, 1) and m.benefit_deduction_since == date(2025, 3, 1)
    assert m.history == [(None, "signaal", days_ago(40), None)]

    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    # Rent due: 612,50 + 47,50 − 210 (to the landlord) = 450,00; 1.350 / 450 = 3 months.
    assert '<dd class="amount" id="rent-due">€ 450,00</dd>' in page
    assert '<dd id="arrears-months">3</dd>' in page
    assert "3 maanden achterstand of meer" in page
    assert "februari 2025" in page
    assert "€ 2.624,56" in page  # 1.350 + 40 + 1.234,56
    assert "YM-TEST-00417" in page


def test_toeslag_paid_to_the_resident_does_not_lower_the_rent_due(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, toeslag_to_landlord="", arrears="1.320,00")
    page = web.get(f"/dossiers/{case_a}/huur/{mid}").get_data(as_text=True)
    assert '<dd class="amount" id="rent-due">€ 660,00</dd>' in page
    assert '<dd id="arrears-months">2</dd>' in page  # 1.320 / 660
    assert "3 maanden achterstand of meer" not in page


def test_the_landlord_defaults_to_the_residents_landlord(app, web, case_a):
    web.login("coach.a")
    assert web.post(f"/dossiers/{case_a}/persoon", {"landlord": "rochdale", "version": "0"}).status_code == 302
    page = web.get(f"/dossiers/{case_a}/huur/nieuw").get_data(as_text=True)
    assert '<option value="rochdale" selected>' in page


def test_errors_are_dutch_next_to_the_field_and_keep_what_was_typed(app, web, case_a):
    web.login("coach.a")
    form = mediation_form(kale_huur="zeshonderd", arrears="1.350,00", oldest_unpaid_month="13-2025", landlord="",
                          started_on=nl(clock.today() + timedelta(days=3)), contract_number="YM-TYPED-1")  # fmt: skip
    resp = web.post(f"/dossiers/{case_a}/huur/nieuw", form)
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert 'id="e-kale_huur"' in page and "Dit is geen bedrag" in page
    assert 'id="e-oldest_unpaid_month"' in page and "03-2025" in page
    assert 'id="e-landlord"' in page and "Kies de verhuurder." in page
    assert 'id="e-started_on"' in page and "toekomst" in page
    assert 'value="zeshonderd"' in page and 'value="1.350,00"' in page and 'value="YM-TYPED-1"' in page
    assert "Er gaat iets mis" in page  # the error summary
    assert load_count(app, case_a) == 0


def test_toeslag_to_landlord_needs_the_amount(app, web, case_a):
    web.login("coach.a")
    resp = web.post(f"/dossiers/{case_a}/huur/nieuw", mediation_form(huurtoeslag=""))
    assert resp.status_code == 422
    assert "Vul ook het bedrag van de huurtoeslag in." in resp.get_data(as_text=True)


def test_only_one_running_mediation(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a)
    page = web.get(f"/dossiers/{case_a}/huur/nieuw").get_data(as_text=True)
    assert "Er loopt al een bemiddeling voor dit dossier." in page
    resp = web.post(f"/dossiers/{case_a}/huur/nieuw", mediation_form(landlord="de_key"))
    assert resp.status_code == 422
    assert "Rond die eerst af" in resp.get_data(as_text=True)
    # Closed with an outcome, a new one may start; the old one is listed as earlier.
    v = load(app, mid).version
    assert web.post(f"/dossiers/{case_a}/huur/{mid}/uitkomst", {"outcome": "opgelost", "outcome_on": nl(days_ago(1)),
                                                              "version": str(v)}).status_code == 302  # fmt: skip
    second = start(web, case_a, landlord="de_key")
    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    assert "Eerdere bemiddelingen" in page and f"/huur/{mid}" in page
    assert load(app, second).landlord == "de_key"
    # Reopening the first while the second runs is refused.
    v = load(app, mid).version
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/uitkomst", {"outcome": "", "outcome_on": "", "version": str(v)})
    assert resp.status_code == 422 and "Er loopt al een andere bemiddeling" in resp.get_data(as_text=True)


def test_edit_saves_and_shows_the_new_values(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a)
    form = mediation_form(arrears="2.025,00", court_costs="310,20", version=str(load(app, mid).version))
    form.pop("stage")
    form.pop("event_on")
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/wijzigen", form)
    assert resp.status_code == 302
    m = load(app, mid)
    assert m.arrears == Money(202500) and m.court_costs == Money(31020)
    page = web.get(f"/dossiers/{case_a}/huur/{mid}").get_data(as_text=True)
    assert '<dd id="arrears-months">4,5</dd>' in page  # 2.025 / 450


def test_stage_history_with_hearing_and_eviction_dates(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(60)))
    hearing = clock.today() + timedelta(days=20)
    url = f"/dossiers/{case_a}/huur/{mid}/fase"

    # A dagvaarding needs the date of the hearing; the error keeps what was typed.
    resp = web.post(url, {"stage": "dagvaarding", "stage_on": nl(days_ago(30)), "event_on": "", "version": str(load(app, mid).version)})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "Vul de datum van de zitting of de ontruiming in." in page
    assert f'value="{nl(days_ago(30))}"' in page

    for stage, on, event in (("deurwaarder", days_ago(50), None), ("dagvaarding", days_ago(30), hearing)):
        data = {"stage": stage, "stage_on": nl(on), "event_on": nl(event) if event else "", "version": str(load(app, mid).version)}
        assert web.post(url, data).status_code == 302
    m = load(app, mid)
    assert m.stage == "dagvaarding" and m.hearing_on == hearing
    assert [h[1] for h in m.history] == ["signaal", "deurwaarder", "dagvaarding"]
    assert m.history[-1] == ("deurwaarder", "dagvaarding", days_ago(30), hearing)

    # The same stage again only with a new date (the hearing was postponed).
    same = {"stage": "dagvaarding", "stage_on": nl(days_ago(20)), "event_on": nl(hearing), "version": str(load(app, mid).version)}
    resp = web.post(url, same)
    assert resp.status_code == 422 and "al in deze fase" in resp.get_data(as_text=True)
    later = hearing + timedelta(days=14)
    same.update(event_on=nl(later), version=str(load(app, mid).version))
    assert web.post(url, same).status_code == 302
    assert load(app, mid).hearing_on == later

    # A stage dated in the future is refused.
    resp = web.post(url, {"stage": "vonnis", "stage_on": nl(clock.today() + timedelta(days=1)), "event_on": "",
                          "version": str(load(app, mid).version)})  # fmt: skip
    assert resp.status_code == 422 and "toekomst" in resp.get_data(as_text=True)

    page = web.get(f"/dossiers/{case_a}/huur/{mid}").get_data(as_text=True)
    assert f'<dd id="next-date">{nl(later)} · zitting' in page
    history = page.split('id="stage-history"')[1].split("</table>")[0]
    assert history.index("Dagvaarding") < history.index("Deurwaarder") < history.index("Signaal")  # newest first


def test_announced_eviction_opens_a_crisis(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(60)))
    eviction = clock.today() + timedelta(days=12)
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/fase", {"stage": "aanzegging_ontruiming", "stage_on": nl(days_ago(1)),
                                                          "event_on": nl(eviction), "version": str(load(app, mid).version)})  # fmt: skip
    assert resp.status_code == 302
    assert load(app, mid).eviction_on == eviction
    assert case_crisis_since(app, case_a) == days_ago(1)
    (crisis,) = crises(app, case_a)
    assert crisis[1] == "ontruiming" and crisis[3] is None
    page = web.get(f"/dossiers/{case_a}/huur").get_data(as_text=True)
    assert "Ontruiming van de woning" in page and "Hulp uiterlijk" in page


def test_delete_asks_first_and_needs_the_current_version(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a)
    page = web.get(f"/dossiers/{case_a}/huur/{mid}/verwijderen").get_data(as_text=True)
    assert "Bemiddeling verwijderen?" in page and "Ja, verwijderen" in page
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/verwijderen", {"version": "999"})
    assert resp.status_code == 302 and load_count(app, case_a) == 1
    resp = web.post(f"/dossiers/{case_a}/huur/{mid}/verwijderen", {"version": str(load(app, mid).version)})
    assert resp.status_code == 302 and load_count(app, case_a) == 0


def test_print_page_has_no_navigation(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, contract_number="YM-PRINT-1")
    page = web.get(f"/dossiers/{case_a}/huur/{mid}/afdrukken").get_data(as_text=True)
    assert "Huurachterstand en afspraken" in page and "YM-PRINT-1" in page and "<nav" not in page


def test_arrears_months_are_none_without_rent(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, kale_huur="", servicekosten="", huurtoeslag="", toeslag_to_landlord="")
    page = web.get(f"/dossiers/{case_a}/huur/{mid}").get_data(as_text=True)
    assert "nog niet te berekenen" in page
    assert load(app, mid).kale_huur is None


def load_count(app, case_id: int) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from schoonschip.cases.mediation.models import Mediation
    from schoonschip.db import new_session

    with app.app_context():
        db = new_session()
        try:
            return db.scalar(select(func.count(Mediation.id)).where(Mediation.case_id == case_id))
        finally:
            db.close()
