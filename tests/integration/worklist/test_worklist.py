"""The start pages' worklists, from real data of every area (synthetic people only)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from schoonschip import clock
from schoonschip.db import utcnow, write_transaction
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case


def _rows(html: str, kind: str) -> list[str]:
    return re.findall(rf'<tr class="wl-{kind} [^"]*">(.*?)</tr>', html, re.S)


def _setup_coach_case(app: Flask, people: Any) -> int:
    """A case of coach_a with one of everything the worklist knows."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.records import ConsentEvent, ConsentPurpose
    from schoonschip.cases.casefile.resident import Landlord
    from schoonschip.cases.debts.rules import CreditorCategory, DebtStatus
    from schoonschip.cases.debts.service import DebtInput, change_status, create_debt, propose_creditor
    from schoonschip.cases.handover.models import Handover, HandoverState, ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs
    from schoonschip.cases.mediation.rules import CrisisKind, InstalmentStatus
    from schoonschip.cases.mediation.service import (
        ArrangementInput,
        MediationInput,
        add_crisis,
        create_mediation,
        make_arrangement,
        mark_instalment,
    )
    from schoonschip.cases.tasks.service import add_task
    from schoonschip.money import Money

    today = clock.today()
    case_id = open_test_case(app, alias="Werklijst Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, case_id)
        case.opened_on = today - timedelta(days=400)  # long open, no contact since
        start = today - timedelta(days=60)
        m = create_mediation(db, case, MediationInput(landlord=Landlord.YMERE, started_on=start, arrears=Money(150000)),
                             by_user_id=None, today=start)  # fmt: skip
        arr = make_arrangement(db, case, m, ArrangementInput(Money(10000), today - timedelta(days=40), 6, start), by_user_id=None)
        first, second = arr.instalments[0], arr.instalments[1]
        mark_instalment(db, case, m, first, InstalmentStatus.GEMIST, on=first.due_on, by_user_id=None, today=today)
        add_crisis(db, case, CrisisKind.ONTRUIMING, since=today - timedelta(days=1), by_user_id=None, today=today)
        creditor = propose_creditor(db, "Werklijst Energie BV", CreditorCategory.ENERGIELEVERANCIER, by_user_id=None, location_id=people.loc_a)
        debt = create_debt(db, case, DebtInput(creditor_id=creditor.id, hoofdsom=Money(20000)), by_user_id=None, today=today)
        change_status(db, case, debt, DebtStatus.VEERTIENDAGENBRIEF, on=today - timedelta(days=3), by_user_id=None, today=today)
        db.add(ConsentEvent(case_id=case.id, purpose=ConsentPurpose.VERHUURDER.value, given=True, on=today - timedelta(days=350)))
        ensure_receiving_orgs(db)
        org = db.scalar(select(ReceivingOrg).order_by(ReceivingOrg.id))
        db.add(Handover(case_id=case.id, state=HandoverState.TERUGGESTUURD.value, route="minnelijk", receiving_org_id=org.id,
                        ready_on=today - timedelta(days=5), closed_on=today - timedelta(days=2)))  # fmt: skip
        add_task(db, case, due_on=today, text="Saldo-opgave opvragen bij Testincasso", by_user_id=people.coach_a, today=today)
        assert second.status == "open"
    return case_id


def test_coach_sees_every_kind_of_item_of_their_own_cases_by_deadline(app: Flask, people: Any, web: Any) -> None:
    case_id = _setup_coach_case(app, people)
    other = open_test_case(app, alias="Andermans Persoon", location_id=people.loc_a, coach_id=people.coach_a2)
    with app.app_context(), write_transaction() as db:
        from schoonschip.cases.casefile.models import Case
        from schoonschip.cases.tasks.service import add_task

        add_task(db, db.get(Case, other), due_on=clock.today(), text="Niet van coach a", by_user_id=people.coach_a2, today=clock.today())
    web.login("coach.a")
    html = web.get("/start").get_data(as_text=True)
    assert "Wat vandaag aandacht vraagt" in html
    for kind in ("crisis", "termijn_gemist", "termijn", "prioriteit", "toestemming", "geen_contact", "overdracht_terug", "taak"):
        assert _rows(html, kind), f"no {kind} row on the coach's start page"
    assert "Werklijst Persoon" in html and "Saldo-opgave opvragen bij Testincasso" in html
    assert "Werklijst Energie BV" in html and "14-dagenbrief" in html
    assert f"/dossiers/{case_id}/huur#crisis" in html
    # only the coach's own cases
    assert "Andermans Persoon" not in html and "Niet van coach a" not in html
    # sorted by deadline: the dates in the first column never go down
    days = [date(int(y), int(m), int(d)) for d, m, y in re.findall(r'<tr class="wl-[^"]*">\s*<td>(\d+)-(\d+)-(\d+)', html)]
    assert len(days) >= 8 and days == sorted(days)
    kinds = re.findall(r'<tr class="wl-([a-z_]+) ', html)
    assert kinds.index("termijn_gemist") < kinds.index("crisis"), kinds  # missed 40 days ago: before the crisis deadline


def test_coordinator_start_page_lists_the_location(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.auth.models import User
    from schoonschip.cases.casefile.models import Case, Stage
    from schoonschip.cases.handover.models import Handover, HandoverState, ReceivingOrg

    case_id = _setup_coach_case(app, people)
    other_loc = open_test_case(app, alias="Andere Locatie", location_id=people.loc_b, coach_id=people.coach_b)
    left = open_test_case(app, alias="Van Gestopte Coach", location_id=people.loc_a, coach_id=people.coach_a2)
    closed = open_test_case(app, alias="Lang Gesloten", location_id=people.loc_a, coach_id=people.coach_a)
    today = clock.today()
    with app.app_context(), write_transaction() as db:
        from schoonschip.cases.handover.receivers import ensure_receiving_orgs
        from schoonschip.cases.mediation.rules import CrisisKind
        from schoonschip.cases.mediation.service import add_crisis

        ensure_receiving_orgs(db)
        org = db.scalar(select(ReceivingOrg).order_by(ReceivingOrg.id))
        db.add(Handover(case_id=case_id, state=HandoverState.KLAAR.value, route="minnelijk", receiving_org_id=org.id, ready_on=today))
        add_crisis(db, db.get(Case, other_loc), CrisisKind.AFSLUITING_WATER, since=today, by_user_id=None, today=today)
        db.get(User, people.coach_a2).active = False
        c = db.get(Case, closed)
        c.stage, c.closed_on, c.close_reason = Stage.AFGESLOTEN.value, today - timedelta(days=725), "doel_bereikt"
        c.updated_at = utcnow()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    html = web.get("/start").get_data(as_text=True)
    assert "Locatie A: wat aandacht vraagt" in html and "Locatie Locatie" not in html
    assert _rows(html, "overdracht_wacht") and _rows(html, "crisis") and _rows(html, "termijn_gemist")
    assert "Werklijst Persoon" in html
    assert "Andere Locatie" not in html  # another location's crisis
    # the retention list names the closed case by reference
    with app.app_context():
        from schoonschip.db import new_session

        db = new_session()
        ref = db.get(Case, closed).reference
        db.close()
    assert ref in html.split('id="h-ret-')[1].split("</ul>")[0]
    # workload: the coach who left, with their open case and a reassign link
    load = html.split('id="workload-')[1].split("</table>")[0]
    assert "Gestopt" in load and "coach-wisselen?from_id=" in load
    assert left  # the case that needs another coach


def test_coach_without_anything_urgent_is_told_so(app: Flask, people: Any, web: Any) -> None:
    case_id = open_test_case(app, alias="Rustig Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        from schoonschip.cases.casefile.models import Case
        from schoonschip.cases.casefile.records import add_contact

        add_contact(db, db.get(Case, case_id), on=clock.today(), kind="telefoon", minutes=5, note=None, by_user_id=None)
    web.login("coach.a")
    html = web.get("/start").get_data(as_text=True)
    assert "Niets dringends in uw dossiers." in html


def test_coach_sees_their_own_handover_waiting_for_the_coordinator(app: Flask, people: Any, web: Any) -> None:
    """After "klaar voor overdracht melden" the case does not vanish from the coach's list:
    it stays there, waiting for the coordinator's check (issue 12: both roles see it)."""
    from schoonschip.cases.handover.models import Handover, HandoverState, ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs

    case_id = open_test_case(app, alias="Wacht Op Controle", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        ensure_receiving_orgs(db)
        org = db.scalar(select(ReceivingOrg).order_by(ReceivingOrg.id))
        db.add(Handover(case_id=case_id, state=HandoverState.KLAAR.value, route="minnelijk", receiving_org_id=org.id,
                        ready_on=clock.today()))  # fmt: skip
    web.login("coach.a")
    html = web.get("/start").get_data(as_text=True)
    assert _rows(html, "overdracht_wacht"), "the coach's own waiting handover is not on their start page"
    assert "wacht op controle door een coördinator" in html and "Wacht Op Controle" in html
    assert f"/dossiers/{case_id}/overdracht" in html
