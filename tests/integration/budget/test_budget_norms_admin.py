"""Norm sets: the beheerder's page and `flask import-norms FILE`. Valid sets are added;
an existing valid_from is never overwritten; implausible sets are refused in Dutch."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from schoonschip import clock
from schoonschip.budget.models import NormSetRecord
from schoonschip.budget.normsets import all_normsets, builtin_normsets
from schoonschip.budget.rules import norms
from schoonschip.db import new_session
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.budget_helpers import add_income, start_budget, text_of


def next_set(valid_from: str = "2027-01-01", code: str = "2027-1", factor: str = "1.02") -> dict:
    """A synthetic next set: the newest shipped set (2026-2) with every euro amount raised a little."""
    data = norms.normset_to_dict(builtin_normsets()[-1])
    data["valid_from"], data["code"] = valid_from, code
    for a in data["amounts"].values():
        if a["value"] is not None and a["unit"].startswith("eur") and a["unit"] != "eur_per_km":
            a["value"] = str((Decimal(a["value"]) * Decimal(factor)).quantize(Decimal("0.01")))
    data["sources"]["bijstandsnormen"]["title"] = "Testbron bijstandsnormen per 1 januari 2027 (synthetisch)"
    return data


@pytest.fixture
def beheerder(make_web, people):
    client = make_web()
    client.login("beheerder.x", totp_secret=TOTP_SECRET)
    return client


def add(client, text: str):
    """The two steps of the page: check (a preview, nothing stored), then add."""
    first = client.post("/beheer/normen/", {"json_text": text})
    if first.status_code != 200:
        return first
    assert "Controle gelukt" in text_of(first)
    return client.post("/beheer/normen/", {"json_text": text, "confirm": "1"})


def imported(app) -> list[tuple[str, str]]:
    with app.app_context():
        db = new_session()
        try:
            return [(r.valid_from.isoformat(), r.code) for r in db.scalars(select(NormSetRecord))]
        finally:
            db.close()


def test_list_shows_builtin_sets_sources_and_uncertainty(beheerder):
    text = text_of(beheerder.get("/beheer/normen/"))
    for code in ("2024-1", "2024-2", "2025-1", "2025-2", "2026-1", "2026-2"):
        assert code in text
    assert "01-07-2025 2025-2 Meegeleverd" in text and "01-07-2026 2026-2 Meegeleverd" in text
    assert "onzeker" in text and "Bedragen Participatiewet per 1 juli 2025" in text
    assert "Participatiewet art. 20 tot en met 23, bedragen zoals geldend op 1 juli 2026" in text


def test_pasted_set_is_checked_previewed_and_then_added(app, beheerder, people, web, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2027, 3, 1))  # a peildatum is never in the future
    text = json.dumps(next_set())
    preview = beheerder.post("/beheer/normen/", {"json_text": text})
    assert preview.status_code == 200 and imported(app) == []  # the preview stores nothing
    page = text_of(preview)
    assert "Controle gelukt: normenset 2027-1, geldt vanaf 01-01-2027" in page
    assert "Vergeleken met normenset 2026-2 (vanaf 01-07-2026)" in page
    # 1419.46 × 1.02 = 1447.85: +2,00 %
    assert "Bijstandsnorm alleenstaande (ouder), 21 jaar tot AOW-leeftijd bijstand.alleenstaande.21_aow € 1.419,46 € 1.447,85 +2,00 %" in page
    assert "bvv.factor" not in page.split("Controle gelukt")[1].split("toevoegen")[0]  # unchanged: not listed
    resp = beheerder.post("/beheer/normen/", {"json_text": text, "confirm": "1"})
    assert resp.status_code == 302
    assert imported(app) == [("2027-01-01", "2027-1")]
    text = text_of(beheerder.get("/beheer/normen/"))
    assert "Normenset 2027-1 (vanaf 01-01-2027) is toegevoegd." in text
    assert "01-01-2027 2027-1 Toegevoegd op" in text
    with app.app_context():
        db = new_session()
        assert [n.code for n in all_normsets(db)][-2:] == ["2026-2", "2027-1"]
        db.close()
    # a calculation on a later peildatum now uses it
    case = open_test_case(app, alias="Testpersoon Normen", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    vid = start_budget(web, case, "01-03-2027")
    add_income(web, case, vid, "loon", "2.000")
    text = text_of(web.get(f"/dossiers/{case}/aflossen"))
    assert "Normenset 2027-1" in text and "nog geen normenset" not in text


def test_a_set_that_breaks_the_law_structure_is_refused(app, beheerder):
    data = next_set()
    data["amounts"]["bijstand.alleenstaande.21_aow"]["value"] = "1460.00"  # not 70 % of 2068.35
    resp = beheerder.post("/beheer/normen/", {"json_text": json.dumps(data)})
    assert resp.status_code == 422
    assert "is niet 70 % van" in text_of(resp) and "Controle gelukt" not in text_of(resp)
    assert add(beheerder, json.dumps(data)).status_code == 422  # and confirming cannot skip the check
    resp = beheerder.post("/beheer/normen/", {"json_text": json.dumps(data), "confirm": "1"})
    assert resp.status_code == 422 and imported(app) == []


def test_existing_valid_from_is_never_overwritten(app, beheerder):
    builtin = norms.normset_to_dict(builtin_normsets()[-1])
    builtin["amounts"]["bijstand.alleenstaande.21_aow"]["value"] = "1400.00"
    text = json.dumps(builtin)
    resp = beheerder.post("/beheer/normen/", {"json_text": text})
    assert resp.status_code == 422
    page = text_of(resp)
    assert "Er is al een normenset met ingangsdatum 01-07-2026 (code 2026-2)" in page
    assert "wordt nooit overschreven" in page
    assert "1400.00" in resp.get_data(as_text=True)  # the pasted text is kept
    assert imported(app) == []
    assert add(beheerder, json.dumps(next_set())).status_code == 302
    again = beheerder.post("/beheer/normen/", {"json_text": json.dumps(next_set(factor="1.03"))})
    assert again.status_code == 422 and "(code 2027-1)" in text_of(again)
    assert imported(app) == [("2027-01-01", "2027-1")]


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: d["amounts"]["bijstand.gehuwden.aow"].update(value="2900.00"), "niet aannemelijk"),
        (lambda d: d["amounts"].pop("zorg.eigen_risico"), "ontbreekt in de normenset"),
        (lambda d: d["amounts"]["reiskosten.forfait"].update(value="-5.00"), "is negatief"),
        (lambda d: d["amounts"]["kostendelers.basis"].update(value="0"), "is nul"),
        (lambda d: d["sources"].pop("nvvk"), "staat niet bij de bronnen"),
        (lambda d: d.update(code="2027-2"), "past niet bij de ingangsdatum"),
    ],
)
def test_implausible_or_incomplete_sets_are_refused_in_dutch(app, beheerder, change, message):
    data = next_set()
    change(data)
    resp = beheerder.post("/beheer/normen/", {"json_text": json.dumps(data)})
    assert resp.status_code == 422
    text = text_of(resp)
    assert "De normenset is niet toegevoegd" in text and message in text
    assert imported(app) == []


def test_broken_json_and_float_amounts_are_refused(beheerder):
    resp = beheerder.post("/beheer/normen/", {"json_text": '{"valid_from": "2027-01-01",'})
    assert resp.status_code == 422 and "Dit is geen geldige JSON (regel 1" in text_of(resp)
    assert "{&#34;valid_from&#34;: &#34;2027-01-01&#34;," in resp.get_data(as_text=True)  # kept, escaped
    data = json.dumps(next_set()).replace('"1447.85"', "1447.85")
    resp = beheerder.post("/beheer/normen/", {"json_text": data})
    assert resp.status_code == 422 and "schrijf het als tekst" in text_of(resp)
    resp = beheerder.post("/beheer/normen/", {"json_text": "  "})
    assert resp.status_code == 422 and "Plak de normenset" in text_of(resp)


def test_file_upload(app, beheerder):
    payload = json.dumps(next_set()).encode()
    resp = beheerder.post(
        "/beheer/normen/",
        {"json_text": "", "json_file": (io.BytesIO(payload), "normen-2027-1.json")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200 and "Controle gelukt" in text_of(resp)
    assert imported(app) == []
    # the preview carries the file's text to the confirm step
    assert add(beheerder, payload.decode()).status_code == 302
    assert imported(app) == [("2027-01-01", "2027-1")]


def test_cli_import_norms(app, runner, tmp_path):
    path = tmp_path / "2027-01-01.json"
    path.write_text(json.dumps(next_set()), encoding="utf-8")
    result = runner.invoke(args=["import-norms", str(path)])
    assert result.exit_code == 0, result.output
    assert "Normenset 2027-1 (vanaf 01-01-2027) is toegevoegd." in result.output
    again = runner.invoke(args=["import-norms", str(path)])
    assert again.exit_code == 1
    assert "wordt nooit overschreven" in again.output
    bad = tmp_path / "bad.json"
    data = next_set("2027-07-01", "2027-2", factor="1.50")
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(args=["import-norms", str(bad)])
    assert (
        result.exit_code == 1 and "NIET toegevoegd" in result.output and "niet aannemelijk" in result.output
    )
    assert imported(app) == [("2027-01-01", "2027-1")]
