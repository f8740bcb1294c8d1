"""The coach's tasks: added through the form, sealed, marked done, overdue, and only for
people who may open the case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select, text

from schoonschip import clock
from schoonschip.db import write_transaction
from tests.factories import open_test_case


def _d(days: int = 0) -> str:
    return (clock.today() + timedelta(days=days)).strftime("%d-%m-%Y")


def test_add_seals_the_text_and_shows_it_on_the_case_page(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.cases.tasks.models import CaseTask
    from schoonschip.db import new_session

    case_id = open_test_case(app, alias="Taak Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    resp = web.post(f"/dossiers/{case_id}/taken", {"text": "Saldo-opgave opvragen bij Geheimincasso", "due_on": _d(3)})
    assert resp.status_code == 302
    with app.app_context():
        db = new_session()
        raw = db.execute(text("SELECT text_enc FROM case_tasks")).scalar_one()
        assert b"Geheimincasso" not in raw  # sealed with the case key
        task = db.scalar(select(CaseTask))
        assert task.text == "Saldo-opgave opvragen bij Geheimincasso" and task.due_on == clock.today() + timedelta(days=3)
        db.close()
    page = web.get(f"/dossiers/{case_id}").get_data(as_text=True)
    assert "Saldo-opgave opvragen bij Geheimincasso" in page and 'id="taken"' in page


def test_bad_input_is_refused_in_dutch_and_kept(app: Flask, people: Any, web: Any) -> None:
    case_id = open_test_case(app, alias="Taak Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    resp = web.post(f"/dossiers/{case_id}/taken", {"text": "Bellen met de woningcorporatie", "due_on": _d(-2)})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Kies vandaag of een dag na vandaag." in html and "Bellen met de woningcorporatie" in html
    resp = web.post(f"/dossiers/{case_id}/taken", {"text": "  ", "due_on": _d(1)})
    assert resp.status_code == 422 and "Schrijf op wat er moet gebeuren." in resp.get_data(as_text=True)


def test_done_and_overdue(app: Flask, people: Any, web: Any) -> None:
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.tasks.models import CaseTask
    from schoonschip.db import new_session

    case_id = open_test_case(app, alias="Taak Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        from schoonschip.cases.tasks.service import add_task

        late = add_task(db, db.get(Case, case_id), due_on=clock.today(), text="Te late taak", by_user_id=None, today=clock.today())
        late.due_on = clock.today() - timedelta(days=2)  # made two days ago
        late_id = late.id
    web.login("coach.a")
    page = web.get(f"/dossiers/{case_id}/taken").get_data(as_text=True)
    assert "task-te_laat" in page and "Te laat" in page
    start = web.get("/start").get_data(as_text=True)
    assert "Te late taak" in start
    resp = web.post(f"/dossiers/{case_id}/taken/{late_id}/klaar", {"back": "start"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/start")
    with app.app_context():
        db = new_session()
        assert db.get(CaseTask, late_id).done_on == clock.today()
        db.close()
    assert "Te late taak" not in web.get("/start").get_data(as_text=True)
    again = web.post(f"/dossiers/{case_id}/taken/{late_id}/klaar")
    assert again.status_code == 302  # refused with a message, nothing changes
    assert "Deze taak is al klaar." in web.get(f"/dossiers/{case_id}/taken").get_data(as_text=True)


def test_other_coach_and_other_case_get_404(app: Flask, people: Any, make_web: Any) -> None:
    from schoonschip.cases.casefile.models import Case

    case_id = open_test_case(app, alias="Taak Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    other_case = open_test_case(app, alias="Ander Persoon", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        from schoonschip.cases.tasks.service import add_task

        task_id = add_task(db, db.get(Case, case_id), due_on=clock.today(), text="Van A", by_user_id=None, today=clock.today()).id
    b = make_web()
    b.login("coach.b")
    assert b.post(f"/dossiers/{case_id}/taken", {"text": "Inbraak", "due_on": _d(1)}).status_code == 404
    assert b.post(f"/dossiers/{case_id}/taken/{task_id}/klaar").status_code == 404
    a = make_web()
    a.login("coach.a")
    assert a.post(f"/dossiers/{other_case}/taken/{task_id}/klaar").status_code == 404  # a task of another case
