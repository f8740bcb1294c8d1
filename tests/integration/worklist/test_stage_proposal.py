"""Stages follow the work: the case pages propose the stage the work has reached, one click
moves it (audited), and the handover's refusal links to where the stage changes."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from schoonschip import clock
from schoonschip.db import write_transaction
from tests.factories import open_test_case


def _add_debt(app: Flask, case_id: int, loc: int) -> None:
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.debts.rules import CreditorCategory
    from schoonschip.cases.debts.service import DebtInput, create_debt, propose_creditor
    from schoonschip.money import Money

    with app.app_context(), write_transaction() as db:
        creditor = propose_creditor(db, "Fase Incasso BV", CreditorCategory.INCASSOBUREAU, by_user_id=None, location_id=loc)
        create_debt(db, db.get(Case, case_id), DebtInput(creditor_id=creditor.id, hoofdsom=Money(5000)), by_user_id=None, today=clock.today())


def test_debts_in_aanmelding_propose_b_and_one_click_moves_it(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.audit import AuditEvent
    from schoonschip.cases.casefile.models import Case
    from schoonschip.db import new_session

    case_id = open_test_case(app, alias="Fase Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    assert 'id="stage-proposal"' not in web.get(f"/dossiers/{case_id}").get_data(as_text=True)  # nothing done yet
    _add_debt(app, case_id, people.loc_a)
    page = web.get(f"/dossiers/{case_id}/schulden").get_data(as_text=True)  # every case tab shows it
    assert 'id="stage-proposal"' in page and 'name="to_stage" value="b_inzicht"' in page
    with app.app_context():
        db = new_session()
        version = db.get(Case, case_id).version
        db.close()
    resp = web.post(f"/dossiers/{case_id}/fase", {"to_stage": "b_inzicht", "version": str(version), "on": clock.today().strftime("%d-%m-%Y")})
    assert resp.status_code == 302
    with app.app_context():
        db = new_session()
        assert db.get(Case, case_id).stage == "b_inzicht"
        actions = list(db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(case_id))))
        db.close()
    assert "case_stage" in actions
    assert 'id="stage-proposal"' not in web.get(f"/dossiers/{case_id}").get_data(as_text=True)


def test_a_mediation_proposes_c_from_aanmelding(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.resident import Landlord
    from schoonschip.cases.mediation.service import MediationInput, create_mediation
    from schoonschip.money import Money

    case_id = open_test_case(app, alias="Huur Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        create_mediation(db, db.get(Case, case_id), MediationInput(landlord=Landlord.YMERE, started_on=clock.today(), arrears=Money(90000)),
                         by_user_id=None, today=clock.today())  # fmt: skip
    web.login("coach.a")
    page = web.get(f"/dossiers/{case_id}").get_data(as_text=True)
    assert 'name="to_stage" value="c_aanpak"' in page


def test_handover_refusal_links_to_the_stage(app: Flask, people: Any, web: Any) -> None:
    case_id = open_test_case(app, alias="Overdracht Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    _add_debt(app, case_id, people.loc_a)
    web.login("coach.a")
    page = web.get(f"/dossiers/{case_id}/overdracht").get_data(as_text=True)
    assert "Dit kan vanuit fase C" in page
    assert f'href="/dossiers/{case_id}#f-stage" id="fix-stage"' in page
    assert 'id="stage-proposal"' in page  # and the one-click move right there


def test_what_blocks_the_handover_links_to_its_row_on_klaar(app: Flask, people: Any, web: Any) -> None:
    """Every blocking point in the handover's summary is a link to that point on Klaar?, where
    it says what to do and where the fact lives; the missing documents link to the voorlegger."""
    import re

    from schoonschip.cases.casefile.models import Case

    case_id = open_test_case(app, alias="Blokkade Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    _add_debt(app, case_id, people.loc_a)
    with app.app_context(), write_transaction() as db:
        db.get(Case, case_id).stage = "c_aanpak"
    web.login("coach.a")
    page = web.get(f"/dossiers/{case_id}/overdracht").get_data(as_text=True)
    summary = page.split('class="blocking-summary"', 1)[1].split("</ul>", 1)[0]
    codes = re.findall(rf'href="/dossiers/{case_id}/klaar#punt-([a-z0-9_]+)"', summary)
    assert codes, "a new case in phase C has blocking points, each a link"
    assert summary.count("<li>") == len(codes) + summary.count("#voorlegger")
    klaar = web.get(f"/dossiers/{case_id}/klaar").get_data(as_text=True)
    for code in set(codes):
        assert f'id="punt-{code}"' in klaar
