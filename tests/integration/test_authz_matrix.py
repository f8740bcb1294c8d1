"""Authorisation matrix: every route in ``app.url_map`` × every kind of user.

**Adding a route? Add one line to ``EXPECT``** (a route without a line fails
``test_every_route_has_an_expectation``, which names it)::

    #                      anonymous  coach_a  coach_b  coordinator_a  beheerder  rapportage
    "cases.debts":        (LOGIN,     OK,      NF,      OK,            NF,        NF),

The users: ``coach_a`` is the coach *of the test objects* at location A; ``coach_b`` a coach at
location B; ``coordinator_a`` coordinates location A (TOTP); ``beheerder`` and ``rapportage``
are cooperative-wide. Each check runs in a fresh, fully logged-in server-side session.

Outcomes (what the user gets):

* ``OK``    — GET answers 200. For a POST-only route: the request passes the access check
              (not 404, not sent to login, no server error; a 4xx for an empty form is fine).
* ``LOGIN`` — a redirect to ``/login``.
* ``NF``    — 404 (how this app says "not allowed": no hint that the thing exists).
* ``REDIR`` — a redirect somewhere other than ``/login`` (e.g. ``/`` → ``/start``).

Routes that accept GET are checked with GET. Routes with GET *and* POST are also POSTed for
the users whose GET outcome is ``NF`` or ``LOGIN``: that POST (with a valid CSRF token) must be
refused the same way. POST-only routes are POSTed (valid CSRF token, no other fields) by every
user: the unauthorised ones must get ``NF``/``LOGIN``, never a 2xx.

URL parameters are filled from ``VALUES`` by name, with ids of real objects made in the
fixture (e.g. ``case_id`` = a case at location A assigned to ``coach_a``). A new parameter
name needs one line there too. Pick objects so that one POST does not spoil the next check
(``user_id`` is a spare coach at A, not one of the six users).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.routing import Rule

from schoonschip.auth.core import start_session
from schoonschip.auth.models import User
from schoonschip.db import write_transaction

OK, LOGIN, NF, REDIR = "ok", "login", "404", "redirect"

ROLES = ("anonymous", "coach_a", "coach_b", "coordinator_a", "beheerder", "rapportage")

ADMIN_USERS = (LOGIN, NF, NF, OK, OK, NF)
BEHEERDER_ONLY = (LOGIN, NF, NF, NF, OK, NF)
CASE_WORKERS = (LOGIN, OK, OK, OK, NF, NF)
ANY_LOGGED_IN = (LOGIN, OK, OK, OK, OK, OK)
CASE_OF_A = (LOGIN, OK, NF, OK, NF, NF)  # a page of the location-A case of coach_a
COORD_A = (LOGIN, NF, NF, OK, NF, NF)  # coordinator of location A only

# fmt: off
EXPECT: dict[str, tuple[str, str, str, str, str, str]] = {
    #                             anonymous  coach_a  coach_b  coordinator_a  beheerder  rapportage
    "main.index":                 (LOGIN,    REDIR,   REDIR,   REDIR,         REDIR,     REDIR),
    "main.start":                 ANY_LOGGED_IN,
    "main.health":                (OK,       OK,      OK,      OK,            OK,        OK),
    "auth.login":                 (OK,       REDIR,   REDIR,   REDIR,         REDIR,     REDIR),
    "auth.login_code":            (LOGIN,    REDIR,   REDIR,   REDIR,         REDIR,     REDIR),
    "auth.enrol":                 (LOGIN,    REDIR,   REDIR,   REDIR,         REDIR,     REDIR),
    "auth.logout":                (LOGIN,    LOGIN,   LOGIN,   LOGIN,         LOGIN,     LOGIN),
    "auth.set_language":          (REDIR,    REDIR,   REDIR,   REDIR,         REDIR,     REDIR),
    "auth.change_password":       ANY_LOGGED_IN,
    "auth.account":               ANY_LOGGED_IN,
    "auth.new_recovery_codes":    (LOGIN,    REDIR,   REDIR,   OK,            OK,        OK),  # rapportage has a second factor (issue 13)
    "admin.users":                ADMIN_USERS,
    "admin.user_new":             ADMIN_USERS,
    "admin.user_show":            ADMIN_USERS,
    "admin.user_deactivate":      ADMIN_USERS,
    "admin.user_reactivate":      ADMIN_USERS,
    "admin.user_sessions_end":    ADMIN_USERS,
    "admin.user_reset":           ADMIN_USERS,
    "admin.user_role_add":        ADMIN_USERS,
    "admin.user_role_remove":     ADMIN_USERS,
    "admin.locations":            BEHEERDER_ONLY,
    "admin.location_new":         BEHEERDER_ONLY,
    "admin.location_edit":        BEHEERDER_ONLY,
    "admin.location_end":         BEHEERDER_ONLY,
    "admin.location_reopen":      BEHEERDER_ONLY,
    "cases.my_cases":             CASE_WORKERS,
    "cases.new_case":             CASE_WORKERS,
    "cases.show":                 (LOGIN,    OK,      NF,      OK,            NF,        NF),
    "cases.location_home":        (LOGIN,    NF,      NF,      REDIR,         NF,        NF),
    "cases.location_cases":       COORD_A,
    "cases.bulk_reassign_view":   COORD_A,
    "cases.stage":                CASE_OF_A,
    "cases.access":               CASE_OF_A,
    "cases.conflict":             CASE_OF_A,
    "cases.person":               CASE_OF_A,
    "cases.story":                CASE_OF_A,
    "cases.contacts":             CASE_OF_A,
    "tasks.page":                 CASE_OF_A,
    "tasks.add":                  CASE_OF_A,
    "tasks.done":                 CASE_OF_A,
    "documents.page":             CASE_OF_A,
    "documents.upload":           CASE_OF_A,
    "documents.show":             CASE_OF_A,
    "documents.download":         CASE_OF_A,
    "documents.relink":           CASE_OF_A,
    "documents.delete":           CASE_OF_A,
    "cases.delete_contact_view":  CASE_OF_A,
    "cases.consent":              CASE_OF_A,
    "cases.consent_form":         CASE_OF_A,
    "cases.reassign_case":        COORD_A,
    "cases.share_case":           COORD_A,
    "cases.unshare_case":         COORD_A,
    "cases.transfer_case":        COORD_A,
    "cases.erase":                COORD_A,
    "retention.upcoming":         COORD_A,
    "tally.home":                 (LOGIN,    REDIR,   REDIR,   REDIR,         NF,        NF),
    "tally.location":             (LOGIN,    OK,      NF,      OK,            NF,        NF),
    "tally.plus":                 (LOGIN,    OK,      NF,      OK,            NF,        NF),
    "tally.minus":                (LOGIN,    REDIR,   NF,      REDIR,         NF,        NF),
    "debts.overview":             CASE_OF_A,
    "debts.print_overview":       CASE_OF_A,
    "debts.new_debt":             CASE_OF_A,
    "debts.show":                 CASE_OF_A,
    "debts.edit":                 CASE_OF_A,
    "debts.delete":               CASE_OF_A,
    "debts.change_status":        CASE_OF_A,
    "debts.register":             CASE_WORKERS,
    "debts.confirm":              COORD_A,
    "debts.merge":                COORD_A,
    "debts.to_private":           COORD_A,
    "debts.pending":              BEHEERDER_ONLY,
    "debts.pending_decide":       BEHEERDER_ONLY,
    "letters.new":                CASE_OF_A,
    "letters.show":               CASE_OF_A,
    "letters.pdf":                CASE_OF_A,
    "letters.answer":             CASE_OF_A,
    "letters.templates":          BEHEERDER_ONLY,
    "letters.edit_template":      BEHEERDER_ONLY,
    "budget.budget":              CASE_OF_A,
    "budget.new_version":         CASE_OF_A,
    "budget.add_item":            CASE_OF_A,
    "budget.edit_item":           CASE_OF_A,
    "budget.delete_item":         CASE_OF_A,
    "budget.capacity":            CASE_OF_A,
    "budget.save_household":      CASE_OF_A,
    "budget.save_corrections":    CASE_OF_A,
    "budget.save_offer":          CASE_OF_A,
    "budget.save_official":       CASE_OF_A,
    "budget.snapshot":            CASE_OF_A,
    "budget.print_offer":         CASE_OF_A,
    "statements.review":          CASE_OF_A,
    "statements.upload":          CASE_OF_A,
    "statements.mapping":         CASE_OF_A,
    "statements.accept":          CASE_OF_A,
    "statements.discard":         CASE_OF_A,
    "statements.dismiss":         CASE_OF_A,
    "budget_admin.index":         BEHEERDER_ONLY,
    "budget_admin.upload":        BEHEERDER_ONLY,
    "mediation.overview":             CASE_OF_A,
    "mediation.show":                 CASE_OF_A,
    "mediation.print_view":           CASE_OF_A,
    "mediation.new":                  CASE_OF_A,
    "mediation.edit":                 CASE_OF_A,
    "mediation.delete":               CASE_OF_A,
    "mediation.change_stage":         CASE_OF_A,
    "mediation.set_outcome":          CASE_OF_A,
    "mediation.new_arrangement":      CASE_OF_A,
    "mediation.end_arrangement_view": CASE_OF_A,
    "mediation.mark":                 CASE_OF_A,
    "mediation.add_attempt_view":     CASE_OF_A,
    "mediation.new_crisis":           CASE_OF_A,
    "mediation.handle_crisis_view":   CASE_OF_A,
    "mediation.location_home":        (LOGIN,    NF,      NF,      REDIR,         NF,        NF),
    "mediation.location":             COORD_A,
    "handover.readiness":         CASE_OF_A,
    "handover.save_answers":      CASE_OF_A,
    "handover.save_documents":    CASE_OF_A,
    "handover.save_override":     CASE_OF_A,
    "handover.remove_override":   CASE_OF_A,
    "handover.handover":          CASE_OF_A,
    "handover.ready":             CASE_OF_A,
    "handover.withdraw":          CASE_OF_A,
    "handover.signoff":           COORD_A,
    "handover.send_back":         COORD_A,
    "handover.package":           COORD_A,
    "handover.sent":              CASE_OF_A,
    "handover.result":            CASE_OF_A,
    "handover.dossier":           CASE_OF_A,
    "handover.dossier_pdf":       CASE_OF_A,
    "handover.resident_overview": CASE_OF_A,
    "handover.resident_overview_pdf": CASE_OF_A,
    "handover.queue":             COORD_A,
    "handover.orgs":              BEHEERDER_ONLY,
    "handover.org_new":           BEHEERDER_ONLY,
    "handover.org_edit":          BEHEERDER_ONLY,
    "inzage.page":                COORD_A,
    "inzage.pdf":                 COORD_A,
    # Reports: everyone who works with the app sees counts (a coach only their own cases,
    # a coordinator their location); the targets sheet is the beheerder's.
    "reports.report":             ANY_LOGGED_IN,
    "reports.export_csv":         ANY_LOGGED_IN,
    "reports.export_xlsx":        ANY_LOGGED_IN,
    "reports.export_pdf":         ANY_LOGGED_IN,
    "reports.targets":            BEHEERDER_ONLY,
    "reports.close":              BEHEERDER_ONLY,
}
# fmt: on

SKIP_ENDPOINTS = {"static"}


@dataclass
class World:
    """Ids of real objects, for URL parameters."""

    loc_a: int
    loc_b: int
    users: dict[str, int]
    spare_user: int
    spare_role: int
    case_a: int
    extra: dict[str, object]


# parameter name -> how to get a value (one line per parameter name)
VALUES: dict[str, Callable[[World], object]] = {
    "case_id": lambda w: w.case_a,  # a case at location A, assigned to coach_a
    "user_id": lambda w: w.spare_user,  # a spare coach at location A
    "role_id": lambda w: w.spare_role,  # that coach's role assignment
    "location_id": lambda w: w.loc_a,
    "version_id": lambda w: w.extra["version_id"],  # the budget version of case_a
    "entry_id": lambda w: w.extra["entry_id"],  # an income item in that version
    "direction": lambda w: "inkomen",
    "moment_id": lambda w: w.extra["moment_id"],  # a contact moment of case_a
    "debt_id": lambda w: w.extra["debt_id"],  # a debt of case_a
    "creditor_id": lambda w: w.extra["creditor_id"],  # a creditor proposed at location A (before issue 16)
    "pending_id": lambda w: w.extra["pending_id"],  # a debt of case_a with a new organisation, sealed
    "mediation_id": lambda w: w.extra["mediation_id"],  # the running rent-arrears mediation of case_a
    "arrangement_id": lambda w: w.extra["arrangement_id"],  # its payment arrangement
    "instalment_id": lambda w: w.extra["instalment_id"],  # an instalment of that arrangement
    "crisis_id": lambda w: w.extra["crisis_id"],  # an unhandled crisis of case_a
    "org_id": lambda w: w.extra["org_id"],  # a receiving organisation (not the default)
    "task_id": lambda w: w.extra["task_id"],  # an open task of case_a
    "number": lambda w: 0,  # a bank-statement signal of case_a (none there: the coach is told so)
    "letter_id": lambda w: w.extra["letter_id"],  # a letter (pauzeknop) for a debt of case_a
    "template_kind": lambda w: "saldo_opgave",  # a kind of letter text
    "doc_id": lambda w: w.extra["doc_id"],  # a document of case_a
}


@pytest.fixture
def world(app: Flask, people) -> World:  # type: ignore[no-untyped-def]
    from schoonschip.auth.models import Role
    from tests.factories import make_user, open_test_case

    with app.app_context(), write_transaction() as db:
        spare = make_user(db, "coach.reserve", Role.COACH, people.loc_a)
        spare_id, spare_role = spare.id, spare.roles[0].id
    case_a = open_test_case(app, alias="Matrix Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    users = {
        "coach_a": people.coach_a,
        "coach_b": people.coach_b,
        "coordinator_a": people.coordinator_a,
        "beheerder": people.beheerder,
        "rapportage": people.rapportage,
    }
    return World(people.loc_a, people.loc_b, users, spare_id, spare_role, case_a, _feature_objects(app, case_a))


def _feature_objects(app: Flask, case_id: int) -> dict[str, object]:
    """Objects of each feature hanging off case_a, for their URL parameters."""
    from datetime import date

    from sqlalchemy import select

    from schoonschip.budget.forms import ItemData
    from schoonschip.budget.service import add_entry, create_version
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.records import ConsentPurpose, add_contact, record_consent
    from schoonschip.cases.casefile.resident import Landlord
    from schoonschip.cases.debts.rules import CreditorCategory
    from schoonschip.cases.debts.service import DebtInput, create_debt, propose_creditor
    from schoonschip.cases.handover.models import ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs
    from schoonschip.cases.mediation.rules import CrisisKind
    from schoonschip.cases.mediation.service import (
        ArrangementInput,
        MediationInput,
        add_crisis,
        create_mediation,
        make_arrangement,
    )
    from schoonschip.money import Money

    with app.app_context(), write_transaction() as db:
        case = db.get(Case, case_id)
        version = create_version(db, case, peildatum=date(2025, 9, 1), user_id=None, expected_current_id=None)
        entry = add_entry(db, case, version, ItemData("inkomen", "loon", "bewoner", "maand", Money(150000), None))
        moment = add_contact(db, case, on=date(2025, 9, 1), kind="telefoon", minutes=5, note=None, by_user_id=None)
        creditor = propose_creditor(
            db, "Matrix Incasso BV", CreditorCategory.INCASSOBUREAU, by_user_id=None, location_id=case.location_id
        )
        debt = create_debt(
            db, case, DebtInput(creditor_id=creditor.id, hoofdsom=Money(10000)), by_user_id=None, today=date(2025, 9, 1)
        )
        pending = create_debt(
            db, case, DebtInput(new_creditor_name="Matrix Nieuw Incasso BV", category=CreditorCategory.INCASSOBUREAU,
                                hoofdsom=Money(500)), by_user_id=None, today=date(2025, 9, 1),
        )  # fmt: skip
        mediation = create_mediation(
            db, case, MediationInput(landlord=Landlord.YMERE, started_on=date(2025, 9, 1), arrears=Money(150000)),
            by_user_id=None, today=date(2025, 9, 1),
        )
        arrangement = make_arrangement(
            db, case, mediation, ArrangementInput(Money(5000), date(2025, 10, 1), 6, date(2025, 9, 2)), by_user_id=None
        )
        crisis = add_crisis(db, case, CrisisKind.AFSLUITING_WATER, since=date(2025, 9, 1), by_user_id=None, today=date(2025, 9, 1))
        # The dossier needs the resident's consent to share; the receiving organisations exist.
        record_consent(db, case, purpose=ConsentPurpose.MADI, given=True, on=date(2025, 9, 1), by_user_id=None)
        ensure_receiving_orgs(db)
        org = db.scalar(select(ReceivingOrg).where(ReceivingOrg.is_default.is_(False)).order_by(ReceivingOrg.id))
        from schoonschip.cases.tasks.service import add_task

        task = add_task(db, case, due_on=date.today(), text="Matrix taak", by_user_id=None, today=date.today())
        from schoonschip.cases.letters.rules import LetterKind
        from schoonschip.cases.letters.service import generate_letter

        letter = generate_letter(db, case, debt, LetterKind.PAUZEKNOP, on=date(2025, 9, 1), free_text=None, by_user_id=None,
                                 today=date(2025, 9, 1))  # fmt: skip
        from schoonschip.cases.documents.rules import Link
        from schoonschip.cases.documents.service import upload_document
        from tests.integration.documents_support import pdf

        document = upload_document(db, case, filename="matrix.pdf", data=pdf(), link=Link(), by_user_id=None)
        return {
            "letter_id": letter.id,
            "doc_id": document.id,
            "task_id": task.id,
            "mediation_id": mediation.id,
            "arrangement_id": arrangement.id,
            "instalment_id": arrangement.instalments[0].id,
            "crisis_id": crisis.id,
            "org_id": org.id,
            "version_id": version.id,
            "entry_id": entry.id,
            "moment_id": moment.id,
            "debt_id": debt.id,
            "creditor_id": creditor.id,
            "pending_id": pending.id,
        }


def _rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP_ENDPOINTS]


def test_every_route_has_an_expectation(app: Flask) -> None:
    endpoints = {r.endpoint for r in _rules(app)}
    missing = sorted(endpoints - EXPECT.keys())
    assert not missing, (
        "These routes have no line in EXPECT (tests/integration/test_authz_matrix.py); add one per route, "
        "saying what each kind of user gets: " + ", ".join(missing)
    )
    stale = sorted(EXPECT.keys() - endpoints)
    assert not stale, "EXPECT names routes that no longer exist: " + ", ".join(stale)
    for endpoint, outcomes in EXPECT.items():
        assert len(outcomes) == len(ROLES) and set(outcomes) <= {OK, LOGIN, NF, REDIR}, endpoint


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Visitor:
    """A test client with a fresh, fully logged-in server-side session (or none)."""

    def __init__(self, app: Flask, user_id: int | None) -> None:
        self.client = app.test_client()
        if user_id is not None:
            with app.app_context(), write_transaction() as db:
                token = start_session(db, db.get(User, user_id), second_factor_done=True)
            with self.client.session_transaction() as s:
                s["_user_id"] = token
                s["_fresh"] = True

    def csrf_token(self) -> str:
        for url in ("/login", "/start"):
            m = _CSRF.search(self.client.get(url).get_data(as_text=True))
            if m:
                return m.group(1)
        raise AssertionError("no CSRF token on /login or /start")


def _outcome(resp) -> str:  # type: ignore[no-untyped-def]
    code = resp.status_code
    if code in (301, 302, 303, 307, 308):
        location = resp.headers.get("Location", "")
        path = re.sub(r"^https?://[^/]+", "", location)
        return LOGIN if path.split("?")[0] == "/login" else REDIR
    if code == 404:
        return NF
    return f"status {code}"


def _matches(expected: str, resp, method: str) -> bool:  # type: ignore[no-untyped-def]
    got = _outcome(resp)
    if expected in (LOGIN, NF, REDIR):
        return got == expected
    # OK
    if method == "GET":
        return resp.status_code == 200
    return got not in (LOGIN, NF) and resp.status_code < 500 and resp.status_code != 405


def _url(app: Flask, rule: Rule, world: World) -> str:
    values = {}
    for arg in sorted(rule.arguments):
        if arg not in VALUES:
            raise AssertionError(f"{rule.endpoint}: no value for URL parameter '{arg}'; add it to VALUES")
        values[arg] = VALUES[arg](world)
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_authorisation_matrix(app: Flask, world: World) -> None:
    problems: list[str] = []
    checked = 0
    for rule in sorted(_rules(app), key=lambda r: r.endpoint):
        expected_row = EXPECT.get(rule.endpoint)
        if expected_row is None:
            continue  # reported by test_every_route_has_an_expectation
        url = _url(app, rule, world)
        methods = rule.methods or set()
        for role, expected in zip(ROLES, expected_row, strict=True):
            uid = None if role == "anonymous" else world.users[role]
            if "GET" in methods:
                resp = Visitor(app, uid).client.get(url)
                checked += 1
                if not _matches(expected, resp, "GET"):
                    problems.append(f"{rule.endpoint} GET {url} as {role}: expected {expected}, got {_outcome(resp)}")
                if "POST" in methods and expected in (NF, LOGIN):
                    v = Visitor(app, uid)
                    resp = v.client.post(url, data={"csrf_token": v.csrf_token()})
                    checked += 1
                    if not _matches(expected, resp, "POST"):
                        problems.append(f"{rule.endpoint} POST {url} as {role}: expected {expected}, got {_outcome(resp)}")
            elif "POST" not in methods:
                problems.append(f"{rule.endpoint}: methods {sorted(methods)} are not covered by this test; extend it")
            else:
                v = Visitor(app, uid)
                resp = v.client.post(url, data={"csrf_token": v.csrf_token()})
                checked += 1
                if not _matches(expected, resp, "POST"):
                    problems.append(f"{rule.endpoint} POST {url} as {role}: expected {expected}, got {_outcome(resp)}")
                if expected in (NF, LOGIN) and 200 <= resp.status_code < 300:
                    problems.append(f"{rule.endpoint} POST as {role} succeeded with {resp.status_code}")
    assert checked > 0
    assert not problems, "Authorisation matrix mismatches:\n  " + "\n  ".join(problems)


def test_matrix_sessions_are_real(app: Flask, world: World) -> None:
    """Guard for the harness itself: the fake login is a real session, and a revoked one is refused."""
    v = Visitor(app, world.users["coach_a"])
    assert v.client.get("/start").status_code == 200
    token = v.csrf_token()
    v.client.post("/logout", data={"csrf_token": token})
    assert v.client.get("/start").status_code == 302
