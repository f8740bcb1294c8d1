"""Two coaches save the same debt: the second is refused with a clear message and keeps
their input; nothing is silently overwritten (optimistic locking with a version column)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm.exc import StaleDataError

from schoonschip.cases.casefile.models import CaseShare
from schoonschip.cases.debts.models import Debt
from schoonschip.db import new_session, write_transaction
from schoonschip.money import Money
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.debts_support import add_debt, creditor_id, debt_form, debts_of_case, seed


@pytest.fixture
def shared_case(app, people):  # type: ignore[no-untyped-def]
    seed(app)
    cid = open_test_case(app, alias="Testpersoon Gedeeld", location_id=people.loc_a, coach_id=people.coach_a)
    with app.app_context(), write_transaction() as db:
        db.add(CaseShare(case_id=cid, user_id=people.coach_a2))
    return cid


def _version_in(html: str) -> str:
    m = re.search(r'name="version" value="(\d+)"', html)
    assert m
    return m.group(1)


def test_second_save_of_the_same_version_is_refused_and_keeps_input(app, make_web, shared_case):
    first, second = make_web(), make_web()
    first.login("coach.a")
    second.login("coach.a2")
    kpn = str(creditor_id(app, "KPN"))
    did = add_debt(first, shared_case, creditor_id=kpn, hoofdsom="100", creditor_reference="K-1")

    # Both open the edit form at the same time.
    v1 = _version_in(first.get(f"/dossiers/{shared_case}/schulden/{did}/wijzigen").get_data(as_text=True))
    v2 = _version_in(second.get(f"/dossiers/{shared_case}/schulden/{did}/wijzigen").get_data(as_text=True))
    assert v1 == v2 == "1"

    ok = first.post(
        f"/dossiers/{shared_case}/schulden/{did}/wijzigen",
        debt_form(creditor_id=kpn, hoofdsom="150", creditor_reference="K-1", version=v1),
    )
    assert ok.status_code == 302

    late = second.post(
        f"/dossiers/{shared_case}/schulden/{did}/wijzigen",
        debt_form(creditor_id=kpn, hoofdsom="999,99", creditor_reference="K-TWEE", note="Mijn aantekening", version=v2),
    )
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert "Iemand anders heeft deze schuld net opgeslagen" in html
    assert "Er is niets overschreven" in html
    # The second coach's input is all still in the form ...
    assert 'name="hoofdsom" type="text" value="999,99"' in html
    assert 'value="K-TWEE"' in html and "Mijn aantekening" in html
    # ... the saved values are shown beside it, and the form now carries the new version.
    assert "150,00" in html
    assert _version_in(html) == "2"
    (saved,) = debts_of_case(app, shared_case)
    assert saved.hoofdsom == Money(15000) and saved.creditor_reference == "K-1" and saved.version == 2

    # Having seen the conflict, the second coach can deliberately save their version.
    again = second.post(
        f"/dossiers/{shared_case}/schulden/{did}/wijzigen",
        debt_form(creditor_id=kpn, hoofdsom="999,99", creditor_reference="K-TWEE", version=_version_in(html)),
    )
    assert again.status_code == 302
    (saved,) = debts_of_case(app, shared_case)
    assert saved.hoofdsom == Money(99999) and saved.version == 3


def test_stale_status_change_is_refused(app, make_web, shared_case):
    first, second = make_web(), make_web()
    first.login("coach.a")
    second.login("coach.a2")
    did = add_debt(first, shared_case, creditor_id=str(creditor_id(app, "Ymere")), hoofdsom="700", status="vonnis")
    assert first.post(f"/dossiers/{shared_case}/schulden/{did}/status", {"status": "beslag", "on": "01-02-2025", "version": "1"}).status_code == 302
    resp = second.post(f"/dossiers/{shared_case}/schulden/{did}/status", {"status": "betwist", "on": "03-02-2025", "version": "1"})
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "Iemand anders heeft deze schuld net gewijzigd" in html
    assert 'value="03-02-2025"' in html and '<option value="betwist" selected>' in html
    (saved,) = debts_of_case(app, shared_case)
    assert saved.status == "beslag" and len(saved.status_history) == 2


def test_stale_delete_is_refused(app, make_web, shared_case):
    first, second = make_web(), make_web()
    first.login("coach.a")
    second.login("coach.a2")
    did = add_debt(first, shared_case, creditor_id=str(creditor_id(app, "Ymere")), hoofdsom="700")
    assert first.post(f"/dossiers/{shared_case}/schulden/{did}/status", {"status": "beslag", "on": "01-02-2025", "version": "1"}).status_code == 302
    resp = second.post(f"/dossiers/{shared_case}/schulden/{did}/verwijderen", {"version": "1"})
    assert resp.status_code == 302
    assert len(debts_of_case(app, shared_case)) == 1


def test_editing_a_debt_deleted_meanwhile_keeps_the_input(app, make_web, shared_case):
    first, second = make_web(), make_web()
    first.login("coach.a")
    second.login("coach.a2")
    kpn = str(creditor_id(app, "KPN"))
    did = add_debt(first, shared_case, creditor_id=kpn, hoofdsom="100")
    second.get(f"/dossiers/{shared_case}/schulden/{did}/wijzigen")
    assert first.post(f"/dossiers/{shared_case}/schulden/{did}/verwijderen", {"version": "1"}).status_code == 302
    resp = second.post(f"/dossiers/{shared_case}/schulden/{did}/wijzigen", debt_form(creditor_id=kpn, hoofdsom="321", version="1"))
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "Deze schuld is intussen verwijderd" in html and 'value="321"' in html
    assert f'action="/dossiers/{shared_case}/schulden/nieuw"' in html


def test_the_version_column_also_guards_at_flush_time(app, shared_case, people):
    """Even without the form check, the database refuses an update of an old version."""
    with app.app_context():
        with write_transaction() as db:
            debt = Debt(case_id=shared_case, category="telecom")
            debt.hoofdsom = Money(100)
            db.add(debt)
        s1, s2 = new_session(), new_session()
        d1 = s1.get(Debt, debt.id)
        d2 = s2.get(Debt, debt.id)
        s2.commit()  # ends the read; the loaded row (version 1) is kept (expire_on_commit=False)
        d1.hoofdsom = Money(200)
        s1.commit()
        d2.hoofdsom = Money(300)
        with pytest.raises(StaleDataError):
            s2.commit()
        s1.close()
        s2.close()


def test_coordinator_and_coach_conflict(app, make_web, shared_case):
    coach, coordinator = make_web(), make_web()
    coach.login("coach.a")
    coordinator.login("coordinator.a", totp_secret=TOTP_SECRET)
    kpn = str(creditor_id(app, "KPN"))
    did = add_debt(coach, shared_case, creditor_id=kpn, hoofdsom="100")
    assert coordinator.post(f"/dossiers/{shared_case}/schulden/{did}/wijzigen", debt_form(creditor_id=kpn, hoofdsom="110", version="1")).status_code == 302
    assert coach.post(f"/dossiers/{shared_case}/schulden/{did}/wijzigen", debt_form(creditor_id=kpn, hoofdsom="120", version="1")).status_code == 409


def test_a_race_caught_at_flush_time_is_also_a_clear_conflict(app, web, shared_case, monkeypatch):
    """Between the form's version check and the UPDATE another save wins: same answer, input kept."""
    import schoonschip.cases.debts.views as views

    web.login("coach.a")
    kpn = str(creditor_id(app, "KPN"))
    did = add_debt(web, shared_case, creditor_id=kpn, hoofdsom="100")

    def lose_the_race(*_a, **_k):  # type: ignore[no-untyped-def]
        raise StaleDataError("UPDATE statement on table 'debts' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(views, "update_debt", lose_the_race)
    resp = web.post(f"/dossiers/{shared_case}/schulden/{did}/wijzigen", debt_form(creditor_id=kpn, hoofdsom="777,77", version="1"))
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "Iemand anders heeft deze schuld net opgeslagen" in html and 'value="777,77"' in html
    (saved,) = debts_of_case(app, shared_case)
    assert saved.hoofdsom == Money(10000)
