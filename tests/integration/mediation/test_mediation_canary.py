"""Known values typed into a mediation (contract number, every amount, the instalment)
appear in no byte of the database files, in the forms a careless implementation would
store them; the app still reads them back."""

from __future__ import annotations

from tests.factories import open_test_case
from tests.integration.mediation_support import arrange, days_ago, load, nl, start
from tests.integration.stored_bytes import database_bytes

CONTRACT = "QXZ-HUURKANARIE-880412"
# field: (typed, needles that must not appear)
AMOUNTS = {
    "kale_huur": ("7.913,57", ["791357", "7913.57", "7913,57", "7.913,57"]),
    "servicekosten": ("6.824,39", ["682439", "6824.39", "6824,39"]),
    "huurtoeslag": ("5.735,21", ["573521", "5735.21", "5735,21"]),
    "arrears": ("94.617,83", ["9461783", "94617.83", "94617,83"]),
    "collection_costs": ("4.528,69", ["452869", "4528.69", "4528,69"]),
    "court_costs": ("3.419,47", ["341947", "3419.47", "3419,47"]),
}
INSTALMENT = ("2.386,15", ["238615", "2386.15", "2386,15"])


def test_mediation_canaries_are_in_no_byte_of_the_database(app, web, people):
    cid = open_test_case(app, alias="Testpersoon Huurkanarie", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    fields = {name: typed for name, (typed, _n) in AMOUNTS.items()}
    mid = start(web, cid, contract_number=CONTRACT, started_on=nl(days_ago(90)), benefit_deduction="1",
                benefit_deduction_since=nl(days_ago(200)), **fields)  # fmt: skip
    assert arrange(web, cid, mid, amount=INSTALMENT[0], start_on=days_ago(30), months="5", made_on=days_ago(40)).status_code == 302
    # An edit too, so an UPDATE is in the files.
    form = {k: v for k, v in {"landlord": "ymere", "contract_number": CONTRACT, "started_on": nl(days_ago(90)),
                              "toeslag_to_landlord": "1", "benefit_deduction": "1",
                              "benefit_deduction_since": nl(days_ago(200)), **fields}.items()}  # fmt: skip
    form["version"] = str(load(app, mid).version)
    assert web.post(f"/dossiers/{cid}/huur/{mid}/wijzigen", form).status_code == 302

    # The app reads every value back ...
    m = load(app, mid)
    assert m.contract_number == CONTRACT
    assert m.arrears.cents == 9461783 and m.toeslag_to_landlord is True and m.benefit_deduction_since == days_ago(200)
    assert m.arrangements[0]["amount"].cents == 238615
    page = web.get(f"/dossiers/{cid}/huur/{mid}").get_data(as_text=True)
    for value in (CONTRACT, "€ 94.617,83", "€ 3.419,47", "€ 2.386,15"):
        assert value in page
    assert CONTRACT in web.get(f"/dossiers/{cid}/huur/{mid}/afdrukken").get_data(as_text=True)

    # ... and no file of the database shows any of them.
    raw = database_bytes(app)
    assert b"betalingsregeling" in raw  # control: the plaintext stage code is found
    for variant in (CONTRACT, CONTRACT.lower(), "HUURKANARIE"):
        assert variant.encode() not in raw, variant
        assert variant.encode("utf-16-le") not in raw, variant
    for _typed, needles in (*AMOUNTS.values(), INSTALMENT):
        for needle in needles:
            assert needle.encode() not in raw, needle
