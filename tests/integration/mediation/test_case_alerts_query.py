"""The "gemist" banner above every case page is read with one query on plain columns
(docs/performance.md); it must say what ``missed_instalments`` says for every mediation: the
missed instalments of the newest arrangement not ended, of a mediation still running."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.mediation.models import Mediation, PaymentArrangement
from schoonschip.cases.mediation.overview import case_alerts
from schoonschip.cases.mediation.service import missed_instalments
from schoonschip.db import new_session
from tests.factories import open_test_case
from tests.integration.mediation_support import arrange, days_ago, load, nl, start

MISSED_TEXT = "Een termijn van de betalingsregeling is gemist"


@pytest.fixture
def case_a(app, people):  # type: ignore[no-untyped-def]
    return open_test_case(app, alias="Testpersoon Banner", location_id=people.loc_a, coach_id=people.coach_a)


def _mark_missed(web, app, case_id: int, mid: int, inst) -> None:  # type: ignore[no-untyped-def]
    resp = web.post(f"/dossiers/{case_id}/huur/{mid}/termijnen/{inst[0]}",
                    {"status": "gemist", "on": nl(inst[2] + timedelta(days=1)), "version": str(inst[4])})  # fmt: skip
    assert resp.status_code == 302


def _banners_and_orm(app, case_id: int) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The banners' texts, and the same texts as the ORM rules (missed_instalments) give them."""
    from schoonschip import clock

    with app.test_request_context():
        db = new_session()
        try:
            case = db.get(Case, case_id)
            texts = [str(a.text) for a in case_alerts(db, case, clock.today()) if a.kind == "gemist"]
            mediations = db.scalars(
                select(Mediation).where(Mediation.case_id == case_id).order_by(Mediation.id)
                .options(selectinload(Mediation.arrangements).selectinload(PaymentArrangement.instalments))
            )  # fmt: skip
            dues = [missed_instalments(m)[0].due_on.strftime("%d-%m-%Y") for m in mediations if missed_instalments(m)]
            return texts, dues
        finally:
            db.close()


def _set_outcome(app, mid: int, outcome: str | None) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session(write=True)
        try:
            db.execute(update(Mediation).where(Mediation.id == mid).values(outcome=outcome))
            db.commit()
        finally:
            db.close()


def test_the_banner_query_agrees_with_missed_instalments(app, web, case_a):
    web.login("coach.a")
    mid = start(web, case_a, started_on=nl(days_ago(100)))
    arrange(web, case_a, mid, start_on=days_ago(60), months="6", made_on=days_ago(70))
    texts, dues = _banners_and_orm(app, case_a)
    assert texts == [] and dues == []  # nothing missed yet

    inst = load(app, mid).arrangements[0]["instalments"]
    _mark_missed(web, app, case_a, mid, inst[1])
    _mark_missed(web, app, case_a, mid, load(app, mid).arrangements[0]["instalments"][0])
    texts, dues = _banners_and_orm(app, case_a)
    # One banner per mediation, with the earliest missed instalment (by number), as the ORM rules say.
    assert dues == [inst[0][2].strftime("%d-%m-%Y")]
    assert len(texts) == 1 and dues[0] in texts[0] and MISSED_TEXT in texts[0]

    # "Regeling loopt" is still running: the banner stays; a closing outcome ends it.
    _set_outcome(app, mid, "regeling_loopt")
    assert len(_banners_and_orm(app, case_a)[0]) == 1
    _set_outcome(app, mid, "opgelost")
    texts, dues = _banners_and_orm(app, case_a)
    assert texts == [] and dues == []
    assert MISSED_TEXT not in web.get(f"/dossiers/{case_a}").get_data(as_text=True)
    _set_outcome(app, mid, None)
    assert MISSED_TEXT in web.get(f"/dossiers/{case_a}").get_data(as_text=True)
