"""Access: every debt URL of a location-A case is "niet gevonden" for a coach of location B
(and for roles without case content); a debt id only works under its own case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from schoonschip.audit import AuditEvent
from schoonschip.db import new_session
from schoonschip.money import Money
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.debts_support import add_debt, creditor_id, debt_form, debts_of_case, seed

CASE_URLS = [
    ("GET", "/dossiers/{c}/schulden"),
    ("GET", "/dossiers/{c}/schulden/afdrukken"),
    ("GET", "/dossiers/{c}/schulden/nieuw"),
    ("POST", "/dossiers/{c}/schulden/nieuw"),
    ("GET", "/dossiers/{c}/schulden/{d}"),
    ("GET", "/dossiers/{c}/schulden/{d}/wijzigen"),
    ("POST", "/dossiers/{c}/schulden/{d}/wijzigen"),
    ("POST", "/dossiers/{c}/schulden/{d}/status"),
    ("GET", "/dossiers/{c}/schulden/{d}/verwijderen"),
    ("POST", "/dossiers/{c}/schulden/{d}/verwijderen"),
]


@pytest.fixture
def setup(app, web, people):  # type: ignore[no-untyped-def]
    seed(app)
    case_a = open_test_case(app, alias="Testpersoon Locatie A", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    did = add_debt(web, case_a, creditor_id=str(creditor_id(app, "Eneco")), hoofdsom="250", status="vonnis")
    web.logout()
    return case_a, did


def _call(web, method: str, url: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return web.get(url)
    data = debt_form(creditor_id="1", hoofdsom="1", status="beslag", on="01-01-2025", version="1")
    return web.post(url, data)


def test_every_case_url_of_the_blueprint_is_in_the_matrix(app):
    """A new debt route without an access expectation fails here."""
    rules = {
        (m, r.rule.replace("<int:case_id>", "{c}").replace("<int:debt_id>", "{d}"))
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("debts.") and "<int:case_id>" in r.rule
        for m in r.methods - {"HEAD", "OPTIONS"}
    }
    assert rules == set(CASE_URLS)


@pytest.mark.parametrize("method,url", CASE_URLS)
def test_coach_of_another_location_gets_not_found(app, web, setup, method, url):
    case_a, did = setup
    web.login("coach.b")
    resp = _call(web, method, url.format(c=case_a, d=did))
    assert resp.status_code == 404
    assert "Niet gevonden" in resp.get_data(as_text=True)
    (debt,) = debts_of_case(app, case_a)
    assert debt.hoofdsom == Money(25000) and debt.status == "vonnis" and debt.version == 1
    with app.app_context():
        db = new_session()
        refused = db.scalars(select(AuditEvent).where(AuditEvent.action == "case_refused")).all()
        db.close()
    assert refused and refused[-1].object_id == str(case_a)


@pytest.mark.parametrize("username,totp", [("rapportage.x", TOTP_SECRET), ("beheerder.x", TOTP_SECRET)])
@pytest.mark.parametrize("method,url", CASE_URLS[:3] + CASE_URLS[4:6])
def test_roles_without_case_content_get_not_found(app, web, setup, username, totp, method, url):
    case_a, did = setup
    web.login(username, totp_secret=totp)
    assert _call(web, method, url.format(c=case_a, d=did)).status_code == 404


@pytest.mark.parametrize("method,url", CASE_URLS)
def test_anonymous_is_sent_to_login(app, web, setup, method, url):
    case_a, did = setup
    if method == "POST":
        web.get("/login")  # a CSRF token, as a browser would have
    resp = _call(web, method, url.format(c=case_a, d=did))
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


@pytest.mark.parametrize("method,url", [u for u in CASE_URLS if "{d}" in u[1]])
def test_a_debt_of_another_case_is_not_found_under_my_case(app, web, setup, people, method, url):
    case_a, did = setup
    other = open_test_case(app, alias="Testpersoon Ander", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    assert _call(web, method, url.format(c=other, d=did)).status_code == 404
    (debt,) = debts_of_case(app, case_a)
    assert debt.version == 1


def test_coach_of_location_b_sees_own_debts_fine(app, web, setup, people):
    case_b = open_test_case(app, alias="Testpersoon Locatie B", location_id=people.loc_b, coach_id=people.coach_b)
    web.login("coach.b")
    add_debt(web, case_b, creditor_id=str(creditor_id(app, "Eneco")), hoofdsom="10")
    assert web.get(f"/dossiers/{case_b}/schulden").status_code == 200


def test_register_actions_are_for_coordinators_of_the_proposing_location(app, web, people):
    seed(app)
    case_b = open_test_case(app, alias="Testpersoon B", location_id=people.loc_b, coach_id=people.coach_b)
    web.login("coach.b")
    add_debt(web, case_b, new_creditor_name="Testwinkel Bee BV", category="webwinkel_achteraf", hoofdsom="10")
    proposed = creditor_id(app, "Testwinkel Bee BV")
    for url in ("bevestigen", "samenvoegen", "persoon"):
        assert web.get(f"/schuldeisers/{proposed}/{url}").status_code == 404  # a coach
    web.logout()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)  # coordinator of location A, not B
    assert "Testwinkel Bee BV" not in web.get("/schuldeisers").get_data(as_text=True)
    for url in ("bevestigen", "samenvoegen", "persoon"):
        assert web.get(f"/schuldeisers/{proposed}/{url}").status_code == 404
        assert web.post(f"/schuldeisers/{proposed}/{url}", {"name": "X", "category": "telecom", "target_id": "1"}).status_code == 404
    web.logout()
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    assert web.get("/schuldeisers").status_code == 404
