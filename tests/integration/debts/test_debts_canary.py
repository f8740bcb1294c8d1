"""Known values typed into the debt ledger appear in no byte of the database files.

Every sealed field of a debt gets its own canary; amounts are checked as the cents text and
as decimal text, in the forms a careless implementation would store them."""

from __future__ import annotations

from tests.factories import open_test_case
from tests.integration.debts_support import add_debt, debts_of_case, seed
from tests.integration.stored_bytes import database_bytes

TEXT_CANARIES = {
    "private_creditor_name": "Zyxwavuteria Geldleenster",
    "creditor_reference": "QXZ-KANARIE-771234",
    "collector_name": "Kanariedeurwaarders Wyvqtu",
    "collector_reference": "WVQ-KANARIE-550987",
    "garnishment_by": "Beslagkanarie Yqwvxz",
    "note": "Kanarienotitie over Zyqxwv",
}
# field: (typed, needles that must not appear)
AMOUNT_CANARIES = {
    "hoofdsom": ("98.765,43", ["9876543", "98765.43", "98765,43", "98.765,43"]),
    "rente": ("8.642,97", ["864297", "8642.97", "8642,97"]),
    "incassokosten": ("7.531,86", ["753186", "7531.86", "7531,86"]),
    "gerechtelijke_kosten": ("6.429,71", ["642971", "6429.71", "6429,71"]),
    "boetes": ("5.318,64", ["531864", "5318.64", "5318,64"]),
    "original_amount": ("87.654,29", ["8765429", "87654.29", "87654,29"]),
    "arrangement_amount": ("4.297,53", ["429753", "4297.53", "4297,53"]),
    "garnishment_amount": ("3.186,42", ["318642", "3186.42", "3186,42"]),
}




def test_debt_canaries_are_in_no_byte_of_the_database(app, web, people):
    seed(app)
    cid = open_test_case(app, alias="Testpersoon Kanarie", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    fields = {name: value for name, value in TEXT_CANARIES.items()}
    fields.update({name: typed for name, (typed, _n) in AMOUNT_CANARIES.items()})
    did = add_debt(
        web, cid, category="woningcorporatie_verhuurder", collector_kind="deurwaarder", garnishment_kind="bank",
        status="beslag", **fields,
    )  # fmt: skip
    # Change the status and edit once, so history rows and an UPDATE are in the files too.
    assert web.post(f"/dossiers/{cid}/schulden/{did}/status", {"status": "betwist", "on": "01-02-2025", "version": "1"}).status_code == 302

    # The app reads every value back ...
    (debt,) = debts_of_case(app, cid)
    for name, value in TEXT_CANARIES.items():
        assert getattr(debt, name) == value
    assert debt.hoofdsom.cents == 9876543
    page = web.get(f"/dossiers/{cid}/schulden/{did}").get_data(as_text=True)
    for value in (*TEXT_CANARIES.values(), "€ 98.765,43", "€ 3.186,42"):
        assert value in page
    assert "Zyxwavuteria Geldleenster" in web.get(f"/dossiers/{cid}/schulden/afdrukken").get_data(as_text=True)

    # ... and no file of the database shows any of them.
    raw = database_bytes(app)
    assert b"Belastingdienst/Toeslagen" in raw  # control: plaintext (the register) is found
    needles = [v for v in TEXT_CANARIES.values()] + ["Zyxwavuteria", "Kanariedeurwaarders", "Beslagkanarie"]
    for needle in needles:
        for variant in (needle, needle.upper(), needle.lower()):
            assert variant.encode() not in raw, needle
            assert variant.encode("utf-16-le") not in raw, needle
    for _typed, amount_needles in AMOUNT_CANARIES.values():
        for needle in amount_needles:
            assert needle.encode() not in raw, needle
