"""The creditor register: seeded organisations, proposals by coaches, confirm and merge by a
coordinator (debts move along), and persons kept out of the register."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from schoonschip.cases.debts.models import Creditor
from schoonschip.cases.debts.rules import CreditorCategory
from schoonschip.cases.debts.service import find_creditor_by_name, load_seed_list, seed_creditors
from schoonschip.db import new_session, write_transaction
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.debts_support import add_debt, creditor_id, debts_of_case, seed

MUST_BE_SEEDED = {
    "Belastingdienst": "belastingdienst",
    "Belastingdienst/Toeslagen": "toeslagen",
    "CJIB": "cjib",
    "DUO": "duo",
    "UWV": "uwv",
    "SVB": "svb",
    "CAK": "cak",
    "Gemeente Amsterdam": "gemeente",
    "Waternet": "waterbedrijf",
    "Vattenfall": "energieleverancier",
    "Budget Energie": "energieleverancier",
    "Eigen Haard": "woningcorporatie_verhuurder",
    "De Alliantie": "woningcorporatie_verhuurder",
    "Zilveren Kruis": "zorgverzekeraar",
    "DSW": "zorgverzekeraar",
    "T-Mobile/Odido": "telecom",
    "ABN AMRO": "bank_krediet",
    "Afterpay/Riverty": "webwinkel_achteraf",
    "Intrum": "incassobureau",
    "Vesting Finance": "incassobureau",
    "GGN (deurwaarders)": "deurwaarder",
    "Flanderijn": "deurwaarder",
    "Lavg": "deurwaarder",
}


def _count(app, model=Creditor, *where) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return int(db.scalar(select(func.count()).select_from(model).where(*where)))
        finally:
            db.close()


def _creditor(app, cid: int) -> Creditor | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            c = db.get(Creditor, cid)
            if c is not None:
                db.expunge(c)
            return c
        finally:
            db.close()


def test_seed_list_is_valid_and_complete():
    rows = load_seed_list()
    names = {r["name"]: r["category"] for r in rows}
    for name, category in MUST_BE_SEEDED.items():
        assert names.get(name) == category, name
    assert len(names) == len(rows), "duplicate names in the seed file"
    for r in rows:
        CreditorCategory(r["category"])


def test_seeding_is_idempotent_and_keeps_a_coordinators_change(app):
    with app.app_context(), write_transaction() as db:
        first = seed_creditors(db)
    assert first == len(load_seed_list())
    with app.app_context(), write_transaction() as db:
        db.scalar(select(Creditor).where(Creditor.name == "Lavg")).category = "incassobureau"
    with app.app_context(), write_transaction() as db:
        assert seed_creditors(db) == 0
    assert _count(app) == first
    assert _creditor(app, creditor_id(app, "Lavg")).category == "incassobureau"
    assert _count(app, Creditor, Creditor.status != "confirmed") == 0


def test_seed_cli_command(app, runner):
    result = runner.invoke(args=["seed-creditors"])
    assert result.exit_code == 0, result.output
    assert f"{len(load_seed_list())} added" in result.output
    result = runner.invoke(args=["seed-creditors"])
    assert "0 added" in result.output


def test_names_match_ignoring_case_punctuation_and_aliases(app):
    seed(app)
    with app.app_context():
        db = new_session()
        assert find_creditor_by_name(db, "  odido ").name == "T-Mobile/Odido"
        assert find_creditor_by_name(db, "t-mobile odido").name == "T-Mobile/Odido"
        assert find_creditor_by_name(db, "RIVERTY").name == "Afterpay/Riverty"
        assert find_creditor_by_name(db, "abn-amro").name == "ABN AMRO"
        assert find_creditor_by_name(db, "Testbedrijf Onbekend") is None
        db.close()


@pytest.fixture
def two_cases(app, people):  # type: ignore[no-untyped-def]
    seed(app)
    c1 = open_test_case(app, alias="Testpersoon Een", location_id=people.loc_a, coach_id=people.coach_a)
    c2 = open_test_case(app, alias="Testpersoon Twee", location_id=people.loc_a, coach_id=people.coach_a2)
    return c1, c2


def test_typing_a_new_organisation_keeps_it_sealed_in_the_case(app, make_web, two_cases, people):
    """Issue 16, finding 6: a name a coach types went into the plaintext register at once
    (and outlived the case). Now it stays sealed in the case until a beheerder adds it."""
    from tests.integration.stored_bytes import database_bytes

    c1, c2 = two_cases
    w1, w2 = make_web(), make_web()
    w1.login("coach.a")
    w2.login("coach.a2")
    before = _count(app)
    add_debt(w1, c1, new_creditor_name="Testkrediet Zuidoost BV", category="bank_krediet", hoofdsom="400")
    add_debt(w2, c2, new_creditor_name="testkrediet zuidoost b.v.", category="bank_krediet", hoofdsom="50")
    assert _count(app) == before  # nothing in the register
    d1, d2 = debts_of_case(app, c1) + debts_of_case(app, c2)
    assert (d1.creditor_id, d1.creditor_pending, d1.private_creditor_name, d1.category) == (
        None, True, "Testkrediet Zuidoost BV", "bank_krediet")
    assert d2.creditor_pending and d2.private_creditor_name == "testkrediet zuidoost b.v."
    assert b"Testkrediet Zuidoost" not in database_bytes(app) and b"testkrediet zuidoost" not in database_bytes(app)
    # The coach sees the name on the debt, and can edit the debt without losing it.
    edit = w1.get(f"/dossiers/{c1}/schulden/{d1.id}/wijzigen").get_data(as_text=True)
    assert 'value="Testkrediet Zuidoost BV"' in edit
    # Typing a name that is already confirmed simply uses the confirmed one.
    add_debt(w1, c1, new_creditor_name="zilveren kruis", category="zorgverzekeraar", hoofdsom="1")
    last = debts_of_case(app, c1)[-1]
    assert last.creditor_id == creditor_id(app, "Zilveren Kruis") and not last.creditor_pending
    # Not offered to other coaches in the list.
    assert "Testkrediet Zuidoost BV" not in w2.get(f"/dossiers/{c2}/schulden/nieuw").get_data(as_text=True)


def test_the_beheerder_adds_a_typed_name_to_the_register_as_an_organisation(app, make_web, two_cases):
    c1, c2 = two_cases
    w1, w2, boss = make_web(), make_web(), make_web()
    w1.login("coach.a")
    w2.login("coach.a2")
    add_debt(w1, c1, new_creditor_name="Testkrediet Zuidoost BV", category="bank_krediet", hoofdsom="400")
    add_debt(w2, c2, new_creditor_name="testkrediet zuidoost b.v.", category="bank_krediet", hoofdsom="50")
    boss.login("beheerder.x", totp_secret=TOTP_SECRET)
    page = boss.get("/schuldeisers/voorstellen").get_data(as_text=True)
    assert page.count("Testkrediet Zuidoost BV") == 1 and "testkrediet zuidoost b.v." not in page  # one name, 2 debts
    first = debts_of_case(app, c1)[0].id
    resp = boss.post(f"/schuldeisers/voorstellen/{first}", {"action": "opnemen", "name": "", "short_name": "", "category": "bank_krediet"})
    assert resp.status_code == 422
    resp = boss.post(f"/schuldeisers/voorstellen/{first}",
                     {"action": "opnemen", "name": "Testkrediet Zuidoost B.V.", "short_name": "Testkrediet", "category": "bank_krediet"})
    assert resp.status_code == 302
    cid = creditor_id(app, "Testkrediet Zuidoost B.V.")
    c = _creditor(app, cid)
    assert (c.status, c.short_name, c.category) == ("confirmed", "Testkrediet", "bank_krediet")
    for d in debts_of_case(app, c1) + debts_of_case(app, c2):
        assert d.creditor_id == cid and not d.creditor_pending and d.private_creditor_name is None
    assert "Testkrediet Zuidoost B.V." in w2.get(f"/dossiers/{c2}/schulden/nieuw").get_data(as_text=True)
    assert 'id="pending"' not in boss.get("/schuldeisers/voorstellen").get_data(as_text=True)


def test_a_typed_name_that_is_a_person_stays_sealed(app, make_web, two_cases):
    c1, _ = two_cases
    coach, boss = make_web(), make_web()
    coach.login("coach.a")
    before = _count(app)
    add_debt(coach, c1, new_creditor_name="Jantje Testpersoon", category="bank_krediet", hoofdsom="100")
    boss.login("beheerder.x", totp_secret=TOTP_SECRET)
    (d,) = debts_of_case(app, c1)
    assert boss.post(f"/schuldeisers/voorstellen/{d.id}", {"action": "persoon"}).status_code == 302
    (d,) = debts_of_case(app, c1)
    assert d.creditor_id is None and not d.creditor_pending and d.private_creditor_name == "Jantje Testpersoon"
    assert _count(app) == before
    assert "Jantje" not in boss.get("/schuldeisers/voorstellen").get_data(as_text=True)


def test_erasing_the_case_removes_a_typed_name(app, web, two_cases, people):
    from schoonschip.cases.casefile.models import Case, ErasureReason
    from schoonschip.cases.casefile.service import erase_case
    from schoonschip.cases.debts.models import Debt
    from tests.integration.stored_bytes import database_bytes

    c1, _ = two_cases
    web.login("coach.a")
    add_debt(web, c1, new_creditor_name="Verdwijn Testbedrijf BV", category="bank_krediet", hoofdsom="100")
    with app.app_context(), write_transaction() as db:
        erase_case(db, db.get(Case, c1), reason=next(iter(ErasureReason)).value, by_user_id=people.coordinator_a)
    assert _count(app, Debt, Debt.case_id == c1) == 0
    with app.app_context():
        assert find_creditor_by_name(new_session(), "Verdwijn Testbedrijf BV") is None
    assert b"Verdwijn Testbedrijf" not in database_bytes(app)


def _legacy_proposal(app, case_id: int, name: str, category: CreditorCategory) -> int:  # type: ignore[no-untyped-def]
    """A proposal in the register as made before issue 16, with one debt at it."""
    from datetime import date

    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.debts.service import DebtInput, create_debt, propose_creditor
    from schoonschip.money import Money

    with app.app_context(), write_transaction() as db:
        case = db.get(Case, case_id)
        c = propose_creditor(db, name, category, by_user_id=None, location_id=case.location_id)
        create_debt(db, case, DebtInput(creditor_id=c.id, hoofdsom=Money(1000)), by_user_id=None, today=date(2025, 9, 1))
        return c.id


def test_old_proposals_move_sealed_into_their_cases(app, runner, two_cases):
    c1, _ = two_cases
    cid = _legacy_proposal(app, c1, "Oud Voorstel Testbedrijf", CreditorCategory.BANK_KREDIET)
    result = runner.invoke(args=["seal-creditor-proposals"])
    assert result.exit_code == 0 and "1 proposals" in result.output
    assert _creditor(app, cid) is None
    (d,) = debts_of_case(app, c1)
    assert d.creditor_pending and d.private_creditor_name == "Oud Voorstel Testbedrijf" and d.category == "bank_krediet"


def test_a_new_organisation_needs_a_category_and_anders_means_a_person(app, web, two_cases):
    c1, _ = two_cases
    web.login("coach.a")
    before = _count(app)
    resp = web.post(f"/dossiers/{c1}/schulden/nieuw", {"new_creditor_name": "Testclub", "hoofdsom": "5"})
    assert resp.status_code == 422 and "soort schuldeiser" in resp.get_data(as_text=True)
    resp = web.post(f"/dossiers/{c1}/schulden/nieuw", {"new_creditor_name": "Testclub", "category": "anders", "hoofdsom": "5"})
    assert resp.status_code == 422
    assert "Een persoon of andere schuldeiser" in resp.get_data(as_text=True)
    assert _count(app) == before


def test_a_private_creditor_stays_out_of_the_register(app, web, two_cases):
    c1, _ = two_cases
    web.login("coach.a")
    before = _count(app)
    add_debt(web, c1, private_creditor_name="Verhuurder Testmans", category="woningcorporatie_verhuurder", hoofdsom="900")
    add_debt(web, c1, private_creditor_name="Tante Testfiguur", hoofdsom="200")
    assert _count(app) == before
    d1, d2 = debts_of_case(app, c1)
    assert d1.creditor_id is None and d1.private_creditor_name == "Verhuurder Testmans"
    assert d1.category == "woningcorporatie_verhuurder"  # a private landlord still counts as housing
    assert d2.category == "anders"
    page = web.get(f"/dossiers/{c1}/schulden").get_data(as_text=True)
    assert page.index("Verhuurder Testmans") < page.index("Tante Testfiguur")  # housing first
    assert "Voorrang: Wonen" in page


def _attach(app, case_id: int, cid: int) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.debts.service import DebtInput, create_debt
    from schoonschip.money import Money

    with app.app_context(), write_transaction() as db:
        create_debt(db, db.get(Case, case_id), DebtInput(creditor_id=cid, hoofdsom=Money(3000)), by_user_id=None,
                    today=date(2025, 9, 1))


def test_coordinator_confirms_a_proposal(app, make_web, two_cases):
    c1, _ = two_cases
    coach, coord = make_web(), make_web()
    coach.login("coach.a")
    cid = _legacy_proposal(app, c1, "Testenergie NV", CreditorCategory.TELECOM)
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    page = coord.get("/schuldeisers").get_data(as_text=True)
    assert "Testenergie NV" in page and "Voorgesteld door coaches" in page
    resp = coord.post(f"/schuldeisers/{cid}/bevestigen", {"name": "", "short_name": "", "category": "energieleverancier"})
    assert resp.status_code == 422  # a name is needed
    resp = coord.post(f"/schuldeisers/{cid}/bevestigen", {"name": "Eneco", "short_name": "", "category": "energieleverancier"})
    assert resp.status_code == 422 and "staat al in de lijst" in resp.get_data(as_text=True)
    resp = coord.post(
        f"/schuldeisers/{cid}/bevestigen", {"name": "Testenergie N.V.", "short_name": "Testenergie", "category": "energieleverancier"}
    )
    assert resp.status_code == 302
    c = _creditor(app, cid)
    assert (c.status, c.name, c.short_name, c.category) == ("confirmed", "Testenergie N.V.", "Testenergie", "energieleverancier")
    # Now every coach can pick it from the list.
    assert "Testenergie N.V." in coach.get(f"/dossiers/{c1}/schulden/nieuw").get_data(as_text=True)


def test_merge_moves_every_debt_to_the_existing_creditor(app, make_web, two_cases):
    c1, c2 = two_cases
    w1, w2, coord = make_web(), make_web(), make_web()
    w1.login("coach.a")
    w2.login("coach.a2")
    source = _legacy_proposal(app, c1, "Intrum Justitia Testkantoor", CreditorCategory.INCASSOBUREAU)
    add_debt(w1, c1, creditor_id=str(creditor_id(app, "KPN")), hoofdsom="20")
    _attach(app, c2, source)
    target = creditor_id(app, "Intrum")
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    page = coord.get(f"/schuldeisers/{source}/samenvoegen").get_data(as_text=True)
    assert "De 2 schulden" in page  # says what will happen before it happens
    assert coord.post(f"/schuldeisers/{source}/samenvoegen", {"target_id": ""}).status_code == 422
    resp = coord.post(f"/schuldeisers/{source}/samenvoegen", {"target_id": str(target)})
    assert resp.status_code == 302
    moved = [d for d in debts_of_case(app, c1) + debts_of_case(app, c2) if d.creditor_id == target]
    assert len(moved) == 2 and all(d.version == 2 for d in moved)
    assert debts_of_case(app, c1)[1].creditor_id == creditor_id(app, "KPN")  # others untouched
    s = _creditor(app, source)
    assert s.status == "merged" and s.merged_into_id == target
    # Typing the old name again now lands on the merged-into creditor.
    add_debt(w1, c1, new_creditor_name="Intrum Justitia Testkantoor", category="incassobureau", hoofdsom="5")
    assert debts_of_case(app, c1)[-1].creditor_id == target
    assert "Intrum Justitia Testkantoor" not in coord.get("/schuldeisers").get_data(as_text=True)


def test_a_person_typed_as_organisation_is_moved_into_the_cases_sealed(app, make_web, two_cases):
    c1, _ = two_cases
    coach, coord = make_web(), make_web()
    coach.login("coach.a")
    cid = _legacy_proposal(app, c1, "Jantje Testpersoon", CreditorCategory.BANK_KREDIET)
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert coord.get(f"/schuldeisers/{cid}/persoon").status_code == 200
    assert _creditor(app, cid) is not None  # the question changes nothing
    assert coord.post(f"/schuldeisers/{cid}/persoon").status_code == 302
    assert _creditor(app, cid) is None
    (d,) = debts_of_case(app, c1)
    assert d.creditor_id is None and d.private_creditor_name == "Jantje Testpersoon" and d.category == "bank_krediet"
