"""Who may reach the budget pages: only those who may see the case. Everyone else gets the
same 404, for every budget URL and method, and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from schoonschip.audit import AuditEvent
from schoonschip.budget.models import BudgetEntry, BudgetVersion, CapacitySnapshot, OfficialVtlb
from schoonschip.db import new_session
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.budget_helpers import add_income, entries, start_budget


@pytest.fixture
def setup(app, web, people):
    case_a = open_test_case(
        app, alias="Testpersoon Toegang", location_id=people.loc_a, coach_id=people.coach_a
    )
    other_a = open_test_case(
        app, alias="Testpersoon Ander", location_id=people.loc_a, coach_id=people.coach_a
    )
    web.login("coach.a")
    vid = start_budget(web, case_a)
    assert add_income(web, case_a, vid, "loon", "1.500").status_code == 302
    [(eid, *_r)] = entries(app, vid)
    web.logout()
    return {"case": case_a, "other": other_a, "vid": vid, "eid": eid}


def urls(case_id: int, vid: int, eid: int) -> list[tuple[str, str, dict[str, str]]]:
    item = {"version": "1", "person": "bewoner", "kind": "loon", "amount": "9.999", "frequency": "maand"}
    return [
        ("GET", f"/dossiers/{case_id}/budget", {}),
        ("GET", f"/dossiers/{case_id}/budget?versie={vid}", {}),
        ("POST", f"/dossiers/{case_id}/budget/versies", {"peildatum": "01-01-2026", "current_id": str(vid)}),
        (
            "POST",
            f"/dossiers/{case_id}/budget/{vid}/inkomen",
            {"in_person": "bewoner", "in_kind": "loon", "in_amount": "9.999", "in_frequency": "maand"},
        ),
        (
            "POST",
            f"/dossiers/{case_id}/budget/{vid}/uitgave",
            {"ex_person": "bewoner", "ex_kind": "energie", "ex_amount": "9.999", "ex_frequency": "maand"},
        ),
        ("GET", f"/dossiers/{case_id}/budget/posten/{eid}", {}),
        ("POST", f"/dossiers/{case_id}/budget/posten/{eid}", item),
        ("GET", f"/dossiers/{case_id}/budget/posten/{eid}/verwijderen", {}),
        ("POST", f"/dossiers/{case_id}/budget/posten/{eid}/verwijderen", {"version": "1"}),
        ("GET", f"/dossiers/{case_id}/aflossen", {}),
        ("GET", f"/dossiers/{case_id}/aflossen?versie={vid}", {}),
        ("GET", f"/dossiers/{case_id}/aflossen/afdruk", {}),
        (
            "POST",
            f"/dossiers/{case_id}/aflossen/{vid}/gezin",
            {"version": "1", "has_partner": "nee", "resident_age_band": "aow", "children_under_18": "3"},
        ),
        (
            "POST",
            f"/dossiers/{case_id}/aflossen/{vid}/correcties",
            {"version": "1", "work_travel_km_per_day": "50", "eigen_risico": "ja"},
        ),
        (
            "POST",
            f"/dossiers/{case_id}/aflossen/{vid}/aanbod",
            {"version": "1", "assets": "5.000", "fee": "nee", "preferent_factor": "2"},
        ),
        (
            "POST",
            f"/dossiers/{case_id}/aflossen/{vid}/officieel",
            {"amount": "100", "established_on": "01-10-2025", "supplied_by": "Iemand"},
        ),
        ("POST", f"/dossiers/{case_id}/aflossen/{vid}/vastleggen", {"print": "1"}),
    ]


def test_every_budget_route_is_in_the_matrix(app):
    """A new budget route without an access expectation here makes this test fail."""
    covered = {
        "budget.budget", "budget.new_version", "budget.add_item", "budget.edit_item", "budget.delete_item",
        "budget.capacity", "budget.save_household", "budget.save_corrections", "budget.save_offer",
        "budget.save_official", "budget.snapshot", "budget.print_offer",
    }  # fmt: skip
    routes = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("budget.")}
    assert routes == covered


def _state(app) -> tuple[int, ...]:
    with app.app_context():
        db = new_session()
        try:
            counts = tuple(
                db.scalar(select(func.count()).select_from(m))
                for m in (BudgetVersion, BudgetEntry, OfficialVtlb, CapacitySnapshot)
            )
            versions = tuple(db.scalars(select(BudgetVersion.version).order_by(BudgetVersion.id)))
            entry_versions = tuple(db.scalars(select(BudgetEntry.version).order_by(BudgetEntry.id)))
            return counts + versions + entry_versions
        finally:
            db.close()


@pytest.mark.parametrize(
    "who",
    [
        ("coach.b", None),  # coach at another location
        ("coach.a2", None),  # same location, but not assigned nor shared
        ("beheerder.x", TOTP_SECRET),  # no case content at all
        ("rapportage.x", TOTP_SECRET),
    ],
)
def test_others_get_404_on_every_budget_url_and_nothing_changes(app, make_web, setup, who):
    username, totp = who
    client = make_web()
    client.login(username, totp_secret=totp)
    assert client.get("/start").status_code == 200  # really logged in
    before = _state(app)
    for method, url, data in urls(setup["case"], setup["vid"], setup["eid"]):
        resp = client.get(url) if method == "GET" else client.post(url, data)
        assert resp.status_code == 404, (username, method, url, resp.status_code)
        assert "Testpersoon" not in resp.get_data(as_text=True)
    assert _state(app) == before
    with app.app_context():
        db = new_session()
        refused = db.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "case_refused")
        )
        db.close()
    assert refused >= len(urls(1, 1, 1))


def test_version_or_item_of_another_case_is_404(app, web, setup):
    web.login("coach.a")
    other = setup["other"]
    before = _state(app)
    for method, url, data in urls(other, setup["vid"], setup["eid"]):
        if "versie=" not in url and f"/{setup['vid']}/" not in url and "/posten/" not in url:
            continue  # URLs without a version or item id are the other case's own pages
        resp = web.get(url) if method == "GET" else web.post(url, data)
        assert resp.status_code == 404, (method, url, resp.status_code)
    assert _state(app) == before


def test_anonymous_is_sent_to_login(setup, web):
    for method, url, data in urls(setup["case"], setup["vid"], setup["eid"]):
        resp = web.client.get(url) if method == "GET" else web.post(url, data)
        assert resp.status_code in (302, 400), (method, url)
        if resp.status_code == 302:
            assert "/login" in resp.headers["Location"]


def test_the_case_coordinator_may_see_the_budget(setup, make_web):
    client = make_web()
    client.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert client.get(f"/dossiers/{setup['case']}/budget").status_code == 200
    assert client.get(f"/dossiers/{setup['case']}/aflossen").status_code == 200


def test_norm_admin_is_for_the_beheerder_only(make_web, people):
    for username, totp in (("coach.a", None), ("coordinator.a", TOTP_SECRET), ("rapportage.x", TOTP_SECRET)):
        client = make_web()
        client.login(username, totp_secret=totp)
        assert client.get("/beheer/normen/").status_code == 404
        assert client.post("/beheer/normen/", {"json_text": "{}"}).status_code == 404
    client = make_web()
    client.login("beheerder.x", totp_secret=TOTP_SECRET)
    assert client.get("/beheer/normen/").status_code == 200
