"""Browser: a coach opens a case; a coach of another location gets "Niet gevonden"; the
coordinator gives the case to another coach and the first coach loses it.

Uses the shared harness in tests/browser/conftest.py (fixtures ``live_server``,
``browser_page``, ``login``).
"""

from __future__ import annotations

import re

import pytest

pytestmark = [
    pytest.mark.browser,
]

ALIAS = "Demo Browser Testpersoon"


def _new_page(browser_page, live_server):  # type: ignore[no-untyped-def]
    """A page in a fresh browser context: another person at another laptop."""
    ctx = browser_page.context.browser.new_context(base_url=live_server.base_url, locale="nl-NL")
    ctx.set_default_timeout(15_000)
    return ctx.new_page()


def test_open_case_other_location_not_found_reassign_removes_access(live_server, browser_page, login):  # type: ignore[no-untyped-def]
    coach = browser_page
    login(coach, "coach.a")
    coach.goto("/dossiers/nieuw")
    coach.get_by_label("Voornaam of bijnaam").fill(ALIAS)
    coach.get_by_role("button", name="Dossier openen").click()
    coach.wait_for_url(re.compile(r".*/dossiers/\d+$"))
    case_url = coach.url
    assert ALIAS.split()[1] not in case_url  # no name in the URL
    assert coach.get_by_role("heading", level=1).inner_text() == ALIAS
    assert "Aanmelding" in coach.locator("main").inner_text()

    other = _new_page(browser_page, live_server)
    login(other, "coach.b")
    other.goto(case_url)
    assert other.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    assert ALIAS not in other.content()
    other.context.close()

    coordinator = _new_page(browser_page, live_server)
    login(coordinator, "coordinator.a", totp=True)
    coordinator.goto(case_url + "/toegang")
    coordinator.get_by_label("Nieuwe coach").select_option(label="Coach A2")
    coordinator.get_by_role("button", name="Coach veranderen").click()
    coordinator.wait_for_url(re.compile(r".*/toegang$"))
    assert "De coach van dit dossier is veranderd." in coordinator.locator("main").inner_text()
    coordinator.context.close()

    coach.goto(case_url)
    assert coach.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    coach.goto("/dossiers/")
    assert ALIAS not in coach.locator("main").inner_text()
