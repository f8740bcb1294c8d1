"""Back and save again never makes a second record.

Every create form carries a one-time token (``form_once``, web/forms.py). The test opens each
create form as a user who may use it, fills it in validly, and posts it twice with the same
token, as a browser does after Back: the first post saves, the second answers 409 "Dit is al
opgeslagen." with a link to what was saved, and nothing in the database changes.

``CREATE_FORMS`` must name every form that renders a token (checked against the templates),
so a new create form cannot be left out of this test.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from schoonschip import clock
from schoonschip.db import write_transaction
from tests.integration import hostile_support as hs
from tests.integration.documents_support import pdf
from tests.integration.test_authz_matrix import World, _feature_objects
from tests.integration.test_hostile_input import _client_for

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def _today() -> str:
    return clock.today().strftime("%d-%m-%Y")


@dataclass
class CreateForm:
    actor: str
    page: Callable[[World], str]  # where the form is shown
    values: Callable[[World], dict[str, str]] = lambda w: {}  # noqa: E731 - valid input on top of the defaults
    action: str = ""  # a part of the form's action, when the page has several forms
    setup: Callable[[Flask, World], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    files: Callable[[], dict[str, Any]] = lambda: {}  # noqa: E731 - fresh file uploads for each post (as a browser sends them again)


def _tally_counted_twice(app: Flask, w: World) -> None:
    from schoonschip.reports.tally import add_one

    with app.app_context(), write_transaction() as db:
        add_one(db, w.loc_a, "brief", clock.today())
        add_one(db, w.loc_a, "brief", clock.today())


def _case(w: World) -> int:
    return w.case_a


def _fresh_case(w: World) -> int:
    return int(w.extra["fresh_case"])  # type: ignore[call-overload]


CREATE_FORMS: dict[str, CreateForm] = {
    "cases.new_case": CreateForm("coach_a", lambda w: "/dossiers/nieuw",
                                 lambda w: {"alias": "Eenmalig Testpersoon", "location_id": str(w.loc_a)}),
    "cases.contacts": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/contact",
                                 lambda w: {"on": _today(), "kind": "telefoon", "minutes": "15"}),
    "cases.consent": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/toestemming",
                                lambda w: {"purpose": "verhuurder", "given": "ja", "on": _today()}),
    "debts.new_debt": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/schulden/nieuw",
                                 lambda w: {"new_creditor_name": "Eenmalig Incasso BV", "category": "incassobureau", "hoofdsom": "1.234,56"}),
    "mediation.new": CreateForm("coach_a", lambda w: f"/dossiers/{_fresh_case(w)}/huur/nieuw",
                                lambda w: {"landlord": "ymere", "arrears": "1.350,00", "started_on": _today(),
                                           "peildatum": _today(), "stage": "signaal"}),
    "mediation.new_arrangement": CreateForm(
        "coach_a", lambda w: f"/dossiers/{_case(w)}/huur/{w.extra['mediation_id']}/regeling",
        lambda w: {"amount": "75,00", "start_on": _today(), "months": "6", "made_on": _today()}),
    "mediation.add_attempt_view": CreateForm(
        "coach_a", lambda w: f"/dossiers/{_case(w)}/huur/{w.extra['mediation_id']}",
        lambda w: {"kind": "telefoon", "on": _today(), "reached": "ja", "minutes": "10"}, action="/contact"),
    "mediation.new_crisis": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/huur",
                                       lambda w: {"crisis_kind": "ontruiming", "crisis_since": _today()}, action="/crisis"),
    "letters.new": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/schulden/{w.extra['debt_id']}/brieven/nieuw",
                              lambda w: {"kind": "pauzeknop", "on": _today()}),
    "documents.upload": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/documenten",
                                   lambda w: {"koppeling": "case"}, action="/documenten",
                                   files=lambda: {"bestand": (io.BytesIO(pdf("Eenmalig document")), "brief.pdf")}),
    "tasks.add": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/taken",
                            lambda w: {"text": "Eenmalig: saldo-opgave opvragen", "due_on": _today()}),
    "budget.new_version": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/budget",
                                     lambda w: {"peildatum": _today()}, action="/budget/versies"),
    "budget.add_item.inkomen": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/budget",
                                          lambda w: {"in_kind": "loon", "in_amount": "250,00"}, action="/inkomen"),
    "budget.add_item.uitgave": CreateForm("coach_a", lambda w: f"/dossiers/{_case(w)}/budget",
                                          lambda w: {"ex_amount": "45,00"}, action="/uitgave"),
    "handover.org_new": CreateForm("beheerder", lambda w: "/beheer/ontvangers/nieuw",
                                   lambda w: {"code": "eenmalig", "name": "Eenmalige Testorganisatie", "active": "ja"}),
    "admin.user_new": CreateForm("beheerder", lambda w: "/beheer/gebruikers/nieuw",
                                 lambda w: {"username": "coach.eenmalig", "display_name": "Coach Eenmalig",
                                            "role": f"coach:{w.loc_a}"}),
    "admin.location_new": CreateForm("beheerder", lambda w: "/beheer/locaties/nieuw",
                                     lambda w: {"code": "eenmalig", "name": "Locatie Eenmalig"}),
    "tally.plus": CreateForm("coach_a", lambda w: f"/telling/{w.loc_a}", lambda w: {}, action="/plus"),
    "tally.minus": CreateForm("coach_a", lambda w: f"/telling/{w.loc_a}/min?topic=brief", lambda w: {},
                              setup=_tally_counted_twice),
}  # fmt: skip


@pytest.fixture
def world(app: Flask, people: Any) -> World:
    from schoonschip.auth.models import Role
    from tests.factories import make_user, open_test_case

    with app.app_context(), write_transaction() as db:
        spare = make_user(db, "coach.reserve", Role.COACH, people.loc_a)
        spare_id, spare_role = spare.id, spare.roles[0].id
    case_a = open_test_case(app, alias="Eenmalig Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    fresh = open_test_case(app, alias="Zonder Huur", location_id=people.loc_a, coach_id=people.coach_a)
    users = {
        "coach_a": people.coach_a,
        "coach_b": people.coach_b,
        "coordinator_a": people.coordinator_a,
        "beheerder": people.beheerder,
        "rapportage": people.rapportage,
    }
    extra = {**_feature_objects(app, case_a), "fresh_case": fresh}
    return World(people.loc_a, people.loc_b, users, spare_id, spare_role, case_a, extra)


def _the_form(page_html: str, action: str) -> hs.Form:
    forms = [f for f in hs.find_forms(page_html) if "form_once" in f.fields and action in html.unescape(f.action)]
    assert len(forms) >= 1, f"no create form with a one-time token (action containing {action!r}) on the page"
    return forms[0]


def _filled(form: hs.Form, values: dict[str, str]) -> dict[str, str]:
    data = form.defaults()
    for f in form.fields.values():  # an unanswered select: its first real option
        if f.kind == "select" and not data.get(f.name) and f.name not in values:
            data[f.name] = next((o for o in f.options if o), "")
    data.update(values)
    return data


def _changes(before: hs.DbState, after: hs.DbState) -> list[str]:
    return [d for d in before.diff(after) if not d.startswith("used_form_tokens:")]


@pytest.mark.parametrize("endpoint", sorted(CREATE_FORMS))
def test_back_and_save_again_saves_nothing_new(app: Flask, world: World, endpoint: str) -> None:
    spec = CREATE_FORMS[endpoint]
    if spec.setup is not None:
        spec.setup(app, world)
    client = _client_for(app, world, spec.actor, None)
    page = client.get(spec.page(world))
    assert page.status_code == 200, f"{endpoint}: {spec.page(world)} answered {page.status_code}"
    form = _the_form(page.get_data(as_text=True), spec.action)
    action = html.unescape(form.action) or spec.page(world)
    data = _filled(form, spec.values(world))

    before = hs.snapshot(app)
    first = client.post(action, data={**data, **spec.files()})
    body = first.get_data(as_text=True)
    errors = re.findall(r'<p class="error[^"]*"[^>]*>(.*?)</p>', body, re.S)
    assert first.status_code in (200, 302, 303), f"{endpoint}: first post answered {first.status_code}: {errors}"
    assert not errors, f"{endpoint}: the first post was refused: {errors}"
    saved = hs.snapshot(app)
    assert _changes(before, saved), f"{endpoint}: the first post saved nothing"

    again = client.post(action, data={**data, **spec.files()})  # Back, then save again: the same token
    page_again = again.get_data(as_text=True)
    assert again.status_code == 409, f"{endpoint}: the second post answered {again.status_code}"
    assert "Dit is al opgeslagen." in page_again
    link = re.search(r'<a href="([^"]+)">Bekijk wat er is opgeslagen</a>', page_again)
    assert link, f"{endpoint}: no link to what was saved"
    assert _changes(saved, hs.snapshot(app)) == [], f"{endpoint}: the second post changed the database"
    assert client.get(html.unescape(link.group(1))).status_code == 200, f"{endpoint}: the link does not open"


def test_every_form_with_a_token_is_tested() -> None:
    in_templates = set()
    for path in TEMPLATES.rglob("*.html"):
        in_templates |= set(re.findall(r"once_field\('([\w.]+)'\)", path.read_text(encoding="utf-8")))
    assert in_templates == set(CREATE_FORMS)


def test_a_form_shown_again_after_an_error_keeps_its_token(app: Flask, world: World) -> None:
    client = _client_for(app, world, "coach_a", None)
    url = f"/dossiers/{world.case_a}/contact"
    form = _the_form(client.get(url).get_data(as_text=True), "")
    token = form.fields["form_once"].value
    refused = client.post(url, data={**form.defaults(), "minutes": "nul"})
    assert refused.status_code == 422
    assert _the_form(refused.get_data(as_text=True), "").fields["form_once"].value == token
    ok = client.post(url, data={**form.defaults(), "minutes": "12", "kind": "telefoon"})
    assert ok.status_code == 302
    # The earlier page (before the error) and the page with the error carry the same token.
    assert client.post(url, data={**form.defaults(), "minutes": "12", "kind": "telefoon"}).status_code == 409


def test_a_token_of_another_user_or_form_is_no_claim(app: Flask, world: World) -> None:
    """A token only counts for the form and the user it was made for: another's token neither
    blocks a save nor is answered with someone else's record."""
    coach = _client_for(app, world, "coach_a", None)
    url = f"/dossiers/{world.case_a}/contact"
    form = _the_form(coach.get(url).get_data(as_text=True), "")
    token = form.fields["form_once"].value
    values = {"on": _today(), "kind": "telefoon", "minutes": "5", "form_once": token}
    assert coach.post(url, data={**form.defaults(), **values}).status_code == 302
    other = _client_for(app, world, "coordinator_a", None)
    theirs = _the_form(other.get(url).get_data(as_text=True), "").defaults()
    assert other.post(url, data={**theirs, **values}).status_code == 302  # saved: not "already saved"
    consent_url = f"/dossiers/{world.case_a}/toestemming"
    consent = _the_form(coach.get(consent_url).get_data(as_text=True), "").defaults()
    consent.update({"purpose": "verhuurder", "given": "ja", "on": _today(), "form_once": token})
    assert coach.post(consent_url, data=consent).status_code == 302


def test_a_second_post_that_races_the_first_saves_nothing(app: Flask, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two posts of one form at the same moment: both pass the first look-up, the token's
    unique index stops the second when it records the token, and all it did is rolled back."""
    from schoonschip.web import forms as web_forms

    client = _client_for(app, world, "coach_a", None)
    url = f"/dossiers/{world.case_a}/schulden/nieuw"
    form = _the_form(client.get(url).get_data(as_text=True), "")
    data = _filled(form, {"new_creditor_name": "Gelijktijdig Incasso BV", "category": "incassobureau", "hoofdsom": "10"})
    assert client.post(url, data=data).status_code == 302
    saved = hs.snapshot(app)

    real, calls = web_forms._used, []

    def not_yet_committed(db: Any, token_hash: str) -> str | None:
        calls.append(token_hash)
        return None if len(calls) == 1 else real(db, token_hash)  # the first look-up misses the other post

    monkeypatch.setattr(web_forms, "_used", not_yet_committed)
    again = client.post(url, data=data)
    assert again.status_code == 409 and "Dit is al opgeslagen." in again.get_data(as_text=True)
    assert re.search(r'<a href="/dossiers/\d+/schulden/\d+">', again.get_data(as_text=True))
    assert _changes(saved, hs.snapshot(app)) == []


def test_two_create_forms_on_one_page_have_their_own_tokens(app: Flask, world: World) -> None:
    """The budget page has an income and an expense form. After the income form is refused
    and then saved, the expense form on that page still saves (it is not "al opgeslagen")."""
    client = _client_for(app, world, "coach_a", None)
    page = f"/dossiers/{world.case_a}/budget"
    income = _the_form(client.get(page).get_data(as_text=True), "/inkomen")
    refused = client.post(html.unescape(income.action), data=_filled(income, {"in_kind": "loon", "in_amount": "nul"}))
    assert refused.status_code == 422
    shown = refused.get_data(as_text=True)
    income_again, expense = _the_form(shown, "/inkomen"), _the_form(shown, "/uitgave")
    assert income_again.fields["form_once"].value != expense.fields["form_once"].value
    ok = client.post(html.unescape(income_again.action), data=_filled(income_again, {"in_kind": "loon", "in_amount": "250"}))
    assert ok.status_code == 302
    saved = client.post(html.unescape(expense.action), data=_filled(expense, {"ex_amount": "45,00"}))
    assert saved.status_code == 302, saved.status_code

