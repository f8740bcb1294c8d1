"""Budget amounts, labels, household facts and the official VTLB stored through the app
appear in no byte of the database files, nor in the audit log."""

from __future__ import annotations

from sqlalchemy import select

from schoonschip.audit import AuditEvent
from schoonschip.db import new_session
from tests.factories import open_test_case
from tests.integration.budget_helpers import add_expense, add_income, set_household, start_budget, text_of
from tests.integration.stored_bytes import database_bytes

LABEL = "Kanariepietje Zuidoostwerk"
SUPPLIER = "Kredietbank Kanarievogelaar"
AMOUNT = "87.654,31"  # 8765431 cents: seven digits, so no timestamp's microseconds can hold it
EXPENSE = "7.531,97"
OFFICIAL = "6.428,53"
BIRTH = "17-03-1961"




def needles() -> list[bytes]:
    out: list[bytes] = []
    for text in (
        LABEL, "Kanariepietje", SUPPLIER, "Kanarievogelaar",
        AMOUNT, "87654,31", "87654.31", "8765431",
        EXPENSE, "7531,97", "7531.97", "753197",
        OFFICIAL, "6428,53", "6428.53", "642853",
        BIRTH, "1961-03-17",
    ):  # fmt: skip
        out += [text.encode(), text.lower().encode(), text.encode("utf-16-le")]
    return out


def test_budget_canary_is_in_no_byte_of_the_database(app, web, people):
    case = open_test_case(app, alias="Testpersoon Kanarie", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    vid = start_budget(web, case)
    assert add_income(web, case, vid, "loon", AMOUNT, label=LABEL).status_code == 302
    assert (
        add_expense(web, case, vid, "lopende_regelingen", EXPENSE, label=LABEL + " regeling").status_code
        == 302
    )
    assert set_household(web, case, vid, resident_age_band="", resident_birth_date=BIRTH).status_code == 302
    resp = web.post(
        f"/dossiers/{case}/aflossen/{vid}/officieel",
        {"amount": OFFICIAL, "established_on": "01-10-2025", "supplied_by": SUPPLIER},
    )
    assert resp.status_code == 302
    assert web.post(f"/dossiers/{case}/aflossen/{vid}/vastleggen", {}).status_code == 302
    assert (
        web.post(
            f"/dossiers/{case}/budget/versies", {"peildatum": "01-10-2025", "current_id": str(vid)}
        ).status_code
        == 302
    )

    # the app reads everything back ...
    budget = text_of(web.get(f"/dossiers/{case}/budget"))
    assert LABEL in budget and "€ 87.654,31" in budget and "€ 7.531,97" in budget
    aflossen = text_of(web.get(f"/dossiers/{case}/aflossen?versie={vid}"))
    assert SUPPLIER in aflossen and "€ 6.428,53" in aflossen
    assert 'value="17-03-1961"' in web.get(f"/dossiers/{case}/aflossen").get_data(as_text=True)

    # ... the database files never show it
    raw = database_bytes(app)
    assert len(raw) > 0
    for needle in needles():
        assert needle not in raw, needle

    with app.app_context():
        db = new_session()
        details = [(e.action, e.detail or "", e.object_id or "") for e in db.scalars(select(AuditEvent))]
        db.close()
    assert any(a == "budget_item_add" for a, _d, _o in details)
    for _a, detail, object_id in details:
        for text in (LABEL, SUPPLIER, "Kanarie", "8765431", "87.654", "642853", "17-03-1961", "1961-03-17"):
            assert text not in detail
        assert "Kanarie" not in object_id
