"""Accessibility: axe-core finds no serious or critical violation on the main pages of every role.

axe-core (npm package, version pinned in the Makefile as AXE_VERSION) is installed by
``make axe-core`` into the git-ignored ``.cache/axe/<version>/``; ``make test`` and ``make axe``
depend on it, and the fixture below runs it when the file is missing. Playwright injects it
into each page (``add_script_tag``; the context bypasses the app's CSP, which rightly forbids
inline scripts) and runs it on the whole document.

On failure the test prints every violation: page, rule, impact, what to do, and the elements
(CSS selector and axe's summary).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for

from tests.browser.conftest import TIMEOUT_MS
from tests.factories import open_test_case
from tests.integration.test_authz_matrix import _feature_objects

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BLOCKING = {"serious", "critical"}


def _axe_version() -> str:
    m = re.search(r"^AXE_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert m, "AXE_VERSION missing in the Makefile"
    return m.group(1)


@pytest.fixture(scope="session")
def axe_js() -> Path:
    path = ROOT / ".cache" / "axe" / _axe_version() / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        done = subprocess.run(["make", "-s", "axe-core"], cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not path.exists():
            pytest.fail(f"axe-core could not be installed (make axe-core):\n{done.stdout}\n{done.stderr}", pytrace=False)
    return path


@pytest.fixture
def axe_page(browser: Any, live_server: Any) -> Iterator[Any]:
    ctx = browser.new_context(
        base_url=live_server.base_url, locale="nl-NL", viewport={"width": 1100, "height": 800}, bypass_csp=True
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def run_axe(page: Any, axe_js: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], "
        "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [v for v in result["violations"] if v.get("impact") in BLOCKING]


def describe(path: str, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{path}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl'].split('?')[0]})")
        for node in v["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {json.dumps(node['target'])}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def check_pages(page: Any, axe_js: Path, paths: list[str], refused: tuple[str, ...] | list[str] = ()) -> None:
    """Each page as it opens; the pages in ``refused`` also after sending their form empty
    (the form again, with the error summary and the errors next to the fields)."""
    problems = []
    for path in [*paths, *(f"{p} (form refused)" for p in refused)]:
        url = path.removesuffix(" (form refused)")
        resp = page.goto(url)
        assert resp is not None and resp.status == 200, f"{url}: status {resp.status if resp else None}"
        if path != url:
            page.locator("main form[method=post]:not(.inline-form) button[type=submit]").first.click()
            page.wait_for_load_state()
            assert page.locator(".error-summary, p.error").count() > 0, f"{url}: no error shown after an empty form"
        found = run_axe(page, axe_js)
        if found:
            problems.append(describe(path, found))
    assert not problems, "axe-core: serious or critical accessibility violations\n" + "\n".join(problems)


def _urls(app: Flask, endpoints: list[tuple[str, dict[str, Any]]]) -> list[str]:
    with app.test_request_context():
        return [url_for(e, **kw) for e, kw in endpoints]


def _rich_case(app: Flask, people: Any) -> tuple[int, dict[str, Any]]:
    """A case of coach_a at location A with a debt, a budget, a mediation with an arrangement and
    a crisis, a contact moment and consent."""
    cid = open_test_case(app, alias="Toegankelijk Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    return cid, _feature_objects(app, cid)


def test_axe_finds_a_planted_violation(axe_page: Any, axe_js: Path, live_server: Any) -> None:
    """Guard for the harness: axe really runs and reports (an image without text, a field
    without a label)."""
    axe_page.goto("/login")
    axe_page.evaluate(
        "() => { const m = document.querySelector('main') || document.body;"
        " m.insertAdjacentHTML('beforeend', '<img src=\"/static/favicon.svg\"><input type=\"text\" name=\"zonder\">'); }"
    )
    ids = {v["id"] for v in run_axe(axe_page, axe_js)}
    assert {"image-alt", "label"} <= ids, ids


def test_login_page(axe_page: Any, axe_js: Path) -> None:
    check_pages(axe_page, axe_js, ["/login"])


def _letter(app: Any, case_id: int, debt_id: int) -> int:
    """A pauzeknop letter for a debt of the case (its page is checked too)."""
    from datetime import date

    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.debts.models import Debt
    from schoonschip.cases.letters.rules import LetterKind
    from schoonschip.cases.letters.service import generate_letter
    from schoonschip.db import write_transaction

    with app.app_context(), write_transaction() as db:
        on = date.today()
        letter = generate_letter(db, db.get(Case, case_id), db.get(Debt, debt_id), LetterKind.PAUZEKNOP, on=on,
                                 free_text=None, by_user_id=None, today=on)  # fmt: skip
        return letter.id


def test_coach_pages(axe_page: Any, axe_js: Path, live_server: Any, login: Any) -> None:
    app, people = live_server.app, live_server.people
    cid, objs = _rich_case(app, people)
    c = {"case_id": cid}
    letter_id = _letter(app, cid, objs["debt_id"])
    paths = _urls(
        app,
        [
            ("main.start", {}),
            ("cases.my_cases", {}),
            ("cases.new_case", {}),
            ("cases.show", c),
            ("cases.person", c),
            ("cases.story", c),
            ("cases.contacts", c),
            ("cases.consent", c),
            ("debts.overview", c),
            ("debts.new_debt", c),
            ("debts.show", {**c, "debt_id": objs["debt_id"]}),
            ("letters.new", {**c, "debt_id": objs["debt_id"]}),
            ("letters.show", {**c, "letter_id": letter_id}),
            ("budget.budget", c),
            ("budget.capacity", {**c, "version_id": objs["version_id"]}),
            ("handover.readiness", c),
            ("handover.handover", c),
            ("documents.page", c),
            ("mediation.overview", c),
            ("mediation.show", {**c, "mediation_id": objs["mediation_id"]}),
            ("mediation.new_arrangement", {**c, "mediation_id": objs["mediation_id"]}),
            ("tally.location", {"location_id": people.loc_a}),
            ("auth.account", {}),
        ],
    )
    refused = _urls(app, [("cases.new_case", {}), ("debts.new_debt", c), ("cases.contacts", c),
                          ("letters.new", {**c, "debt_id": objs["debt_id"]})])
    login(axe_page, "coach.a")
    check_pages(axe_page, axe_js, paths, refused)


def test_coordinator_pages(axe_page: Any, axe_js: Path, live_server: Any, login: Any) -> None:
    app, people = live_server.app, live_server.people
    cid, objs = _rich_case(app, people)
    loc = {"location_id": people.loc_a}
    paths = _urls(
        app,
        [
            ("main.start", {}),
            ("cases.location_cases", loc),
            ("cases.bulk_reassign_view", loc),
            ("cases.access", {"case_id": cid}),  # reassign, share, transfer
            ("handover.queue", {}),
            ("mediation.location", loc),
            ("debts.confirm", {"creditor_id": objs["creditor_id"]}),
            ("admin.users", {}),
            ("admin.user_new", {}),
            ("admin.user_show", {"user_id": people.coach_a}),
        ],
    )
    refused = _urls(app, [("admin.user_new", {})])
    login(axe_page, "coordinator.a", totp=True)
    check_pages(axe_page, axe_js, paths, refused)


def test_beheerder_pages(axe_page: Any, axe_js: Path, live_server: Any, login: Any) -> None:
    app, people = live_server.app, live_server.people
    paths = _urls(
        app,
        [
            ("main.start", {}),
            ("admin.users", {}),
            ("admin.user_new", {}),
            ("admin.user_show", {"user_id": people.coordinator_a}),
            ("admin.locations", {}),
            ("admin.location_new", {}),
            ("admin.location_edit", {"location_id": people.loc_a}),
            ("budget_admin.index", {}),
            ("handover.orgs", {}),
            ("handover.org_new", {}),
            ("reports.report", {}),
            ("reports.targets", {}),
            ("letters.templates", {}),
            ("letters.edit_template", {"template_kind": "aanbod"}),
        ],
    )
    refused = _urls(app, [("admin.location_new", {}), ("handover.org_new", {})])
    login(axe_page, "beheerder.x", totp=True)
    check_pages(axe_page, axe_js, paths, refused)


def test_rapportage_pages(axe_page: Any, axe_js: Path, live_server: Any, login: Any) -> None:
    app = live_server.app
    endpoints = [("main.start", {}), ("auth.account", {})]
    # the report page with each profile and a quarter (the exports are downloads, not pages)
    endpoints += [("reports.report", {"profiel": p}) for p in ("gemeente", "woningcorporaties", "vsnk", "alles")]
    endpoints += [("reports.report", {"soort": "kwartaal", "kwartaal": "1"})]
    login(axe_page, "rapportage.x", totp=True)
    check_pages(axe_page, axe_js, _urls(app, endpoints))
