"""The demo step: a few stage-C cases got a saldo-opgave letter three weeks ago; the coach's
worklist asks to follow the unanswered ones up; running the step again adds nothing."""

from __future__ import annotations

from sqlalchemy import select

from schoonschip import clock
from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.letters.models import Letter
from schoonschip.db import new_session, write_transaction
from schoonschip.demo.debts import demo_debts
from schoonschip.demo.letters import demo_letters
from tests.factories import open_test_case
from tests.integration.handover_support import text_of


def _run(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        demo_letters(db, {}, {}, clock.today())


def _letters(app) -> list[tuple[int, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return [(lt.debt_id, lt.kind, lt.answer_kind, db.get(Debt, lt.debt_id).creditor_stance)
                    for lt in db.scalars(select(Letter).order_by(Letter.id))]  # fmt: skip
        finally:
            db.close()


def test_demo_letters(app, people, web):  # type: ignore[no-untyped-def]
    for i in range(4):
        cid = open_test_case(app, alias=f"Demo Brief {i}", location_id=people.loc_a, coach_id=people.coach_a)
        with app.app_context(), write_transaction() as db:
            db.get(Case, cid).stage = Stage.C_AANPAK.value
    with app.app_context(), write_transaction() as db:
        demo_debts(db, {}, {}, clock.today())
    _run(app)
    letters = _letters(app)
    assert len(letters) == 3
    assert all(kind == "saldo_opgave" for _d, kind, _a, _s in letters)
    assert [a for _d, _k, a, _s in letters] == [None, None, "saldo_ontvangen"]
    assert all(stance == "saldoverzoek" for _d, _k, _a, stance in letters)
    _run(app)
    assert _letters(app) == letters  # nothing added the second time
    web.login("coach.a")
    page = text_of(web.get("/start?alles=1"))
    assert page.count("saldo-opgave gevraagd 21 dagen geleden, geen antwoord") == 2
