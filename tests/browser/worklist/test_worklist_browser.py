"""Browser: a coach adds a task on the case page, sees it on the start page's worklist,
marks it done there, and it is gone; Back and save again adds nothing. The coordinator's
start page shows the handover waiting for a check."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from schoonschip import clock
from tests.factories import open_test_case

pytestmark = [pytest.mark.browser]

TASK = "Saldo-opgave opvragen bij Demo Incasso"


def _count_tasks(app) -> int:  # type: ignore[no-untyped-def]
    from schoonschip.cases.tasks.models import CaseTask
    from schoonschip.db import new_session

    with app.app_context():
        db = new_session()
        try:
            return int(db.scalar(select(func.count()).select_from(CaseTask)) or 0)
        finally:
            db.close()


def test_add_task_see_it_on_the_start_page_and_complete_it(live_server, browser_page, login, screens_dir):  # type: ignore[no-untyped-def]
    people = live_server.people
    case_id = open_test_case(live_server.app, alias="Demo Taak Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    page = browser_page
    login(page, "coach.a")
    page.goto(f"/dossiers/{case_id}")
    page.locator("#taken summary").click()
    page.get_by_label("Wat moet er gebeuren?").fill(TASK)
    due = clock.today() + timedelta(days=2)
    page.get_by_label("Uiterlijk op").fill(due.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Taak toevoegen").click()
    page.wait_for_url(re.compile(rf".*/dossiers/{case_id}/taken$"))
    assert "De taak staat op de lijst." in page.locator("main").inner_text()
    assert TASK in page.locator("#task-list").inner_text()
    assert _count_tasks(live_server.app) == 1

    # Back to the form and save again: "al opgeslagen", nothing new
    page.go_back()
    page.wait_for_url(re.compile(rf".*/dossiers/{case_id}$"))
    page.locator("#taken summary").click()
    page.get_by_label("Wat moet er gebeuren?").fill(TASK)
    page.get_by_label("Uiterlijk op").fill(due.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Taak toevoegen").click()
    assert "al opgeslagen" in page.locator("main").inner_text().lower()
    assert _count_tasks(live_server.app) == 1

    page.goto("/start")
    worklist = page.locator("#worklist")
    assert "Wat vandaag aandacht vraagt" in worklist.inner_text()
    row = worklist.locator("tr.wl-taak")
    assert TASK in row.inner_text() and "Demo Taak Testpersoon" in row.inner_text()
    page.screenshot(path=str(screens_dir / "worklist-coach.png"), full_page=True)
    row.get_by_role("button", name=re.compile("Klaar")).click()
    page.wait_for_url("**/start")
    assert "De taak is klaar." in page.locator("main").inner_text()
    assert TASK not in page.locator("main").inner_text()

    page.goto(f"/dossiers/{case_id}/taken")
    assert "klaar op" in page.locator("#task-list").inner_text()


def test_coordinator_start_page_shows_waiting_handover(live_server, browser_page, login, screens_dir):  # type: ignore[no-untyped-def]
    from sqlalchemy import select as sel

    from schoonschip.cases.handover.models import Handover, HandoverState, ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs
    from schoonschip.db import write_transaction

    people = live_server.people
    case_id = open_test_case(live_server.app, alias="Demo Wacht Testpersoon", location_id=people.loc_a, coach_id=people.coach_a)
    with live_server.app.app_context(), write_transaction() as db:
        ensure_receiving_orgs(db)
        org = db.scalar(sel(ReceivingOrg).order_by(ReceivingOrg.id))
        db.add(Handover(case_id=case_id, state=HandoverState.KLAAR.value, route="minnelijk", receiving_org_id=org.id, ready_on=clock.today()))
    page = browser_page
    login(page, "coordinator.a", totp=True)
    section = page.locator(".location-worklist")
    row = section.locator("tr.wl-overdracht_wacht")
    assert "Demo Wacht Testpersoon" in row.inner_text()
    page.screenshot(path=str(screens_dir / "worklist-coordinator.png"), full_page=True)
    row.get_by_role("link", name="Demo Wacht Testpersoon").click()
    page.wait_for_url(re.compile(rf".*/dossiers/{case_id}/overdracht$"))
