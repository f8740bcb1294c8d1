"""Norm sets: shipped data, validation in Dutch, selection by date (rules.md §0.2, §1, §5)."""

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from schoonschip.budget.rules import norms
from schoonschip.budget.rules.norms import (
    AMOUNT_SPECS,
    NormSetError,
    is_outdated,
    load_builtin,
    load_file,
    normset_to_dict,
    normset_to_json,
    parse_normset,
    select,
    uncertain_amounts,
)

NORM_DIR = Path(norms.__file__).parents[1] / "norms"


@pytest.fixture(scope="module")
def sets():
    return load_builtin()


def by_code(sets, code):
    return next(s for s in sets if s.code == code)


def raw(name):
    return json.loads((NORM_DIR / name).read_text(encoding="utf-8"))


# --- shipped data --------------------------------------------------------------------


def test_every_shipped_set_loads_in_order(sets):
    assert [s.code for s in sets] == ["2024-1", "2024-2", "2025-1", "2025-2", "2026-1", "2026-2"]
    assert [s.valid_from for s in sets] == [
        date(2024, 1, 1), date(2024, 7, 1), date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1),
    ]  # fmt: skip
    assert sorted(p.name for p in NORM_DIR.glob("*.json")) == [
        "2024-01-01.json", "2024-07-01.json", "2025-01-01.json", "2025-07-01.json", "2026-01-01.json",
        "2026-07-01.json",
    ]  # fmt: skip
    for s in sets:
        assert set(s.amounts) == set(AMOUNT_SPECS)


def test_no_number_in_the_data_files_is_a_json_float():
    def refuse(text):
        raise AssertionError(f"JSON float {text}")

    for p in NORM_DIR.glob("*.json"):
        data = json.loads(p.read_text(encoding="utf-8"), parse_float=refuse)
        for a in data["amounts"].values():
            assert a["value"] is None or isinstance(a["value"], str)


@pytest.mark.parametrize(
    ("code", "key", "value", "confidence"),
    [
        # rules.md §1.5 table, incl. vakantietoeslag
        ("2024-1", "bijstand.alleenstaande.21_aow", "1283.83", "S"),
        ("2024-2", "bijstand.gehuwden.21_aow", "1869.21", "S"),
        ("2025-1", "bijstand.alleenstaande.aow", "1501.07", "S"),
        ("2025-2", "bijstand.alleenstaande.21_aow", "1369.06", "S"),
        ("2025-2", "bijstand.gehuwden.aow", "2094.98", "S"),
        ("2025-1", "bijstand.alleenstaande.onder_21", "332.17", "S"),
        # 2025-07-01 <21 only given excl. VT (321.08): incl = 321.08 / 0.95 = 337.9789 -> 337.98, U
        ("2025-2", "bijstand.alleenstaande.onder_21", "337.98", "U"),
        # rules.md §1.2 BVV maxima
        ("2024-1", "bvv.max.gehuwden_met_kinderen", "2747.09", "S"),
        ("2024-2", "bvv.max.alleenstaande", "2019.60", "U"),
        ("2025-2", "bvv.max.alleenstaande_ouder", "2264.67", "S"),
        ("2025-2", "bvv.max.gehuwden_met_kinderen", "2888.00", "S"),
        # rules.md §1.3, §1.4
        ("2025-2", "zorg.eigen_risico", "385.00", "K"),
        ("2025-2", "nvvk.kosten_percentage", "0.09", "V"),
        ("2025-2", "nvvk.kosten_per_maand", "6.00", "V"),
        ("2025-2", "regeling.looptijd_maanden", "18", "V"),
        ("2025-2", "vermogen.auto_waardegrens", "3350.00", "S"),
        ("2025-2", "reiskosten.forfait", "189.38", "U"),
        ("2025-2", "aow.leeftijd", "804", "K"),
    ],
)
def test_shipped_amounts_match_rules_md(sets, code, key, value, confidence):
    a = by_code(sets, code).amount(key)
    assert a.value == Decimal(value)
    assert a.confidence == confidence


def test_missing_cells_are_marked_not_invented(sets):
    s = by_code(sets, "2024-2")
    for key in ("bvv.max.gehuwden_zonder_kinderen", "bvv.max.gehuwden_met_kinderen"):
        a = s.amount(key)
        assert a.value is None and a.confidence == "U" and "ontbreekt" in a.note.lower()
    for code in ("2024-1", "2024-2"):
        a = by_code(sets, code).amount("bijstand.alleenstaande.onder_21")
        assert a.value is None and a.confidence == "U" and "ontbreekt" in a.note.lower()


def test_every_amount_names_a_source_with_title_date_and_place(sets):
    for s in sets:
        for a in s.amounts.values():
            src = s.sources[a.source]
            assert src.title and src.date and src.published


def test_bvv_maximum_is_above_95_percent_of_even_the_aow_norm(sets):
    # rules.md §1.2: max = 95 % norm + maximum compensatiekop. So STAP 1 of the VTLB
    # (at most 95 % of a norm) can never reach it with these data.
    for s in sets:
        for leef, norm in (("alleenstaande", "alleenstaande"), ("gehuwden_zonder_kinderen", "gehuwden")):
            mx = s.amount(f"bvv.max.{leef}").value
            if mx is not None:
                assert Decimal("0.95") * s.amount(f"bijstand.{norm}.aow").value < mx


# --- selection -----------------------------------------------------------------------


def test_select_at_the_july_boundary(sets):
    assert select(sets, date(2025, 6, 30)).code == "2025-1"
    assert select(sets, date(2025, 7, 1)).code == "2025-2"
    assert select(sets, date(2024, 12, 31)).code == "2024-2"
    assert select(sets, date(2027, 3, 1)).code == "2026-2"


def test_select_before_the_first_set_says_so_in_dutch(sets):
    with pytest.raises(NormSetError, match="geen normenset voor 31-12-2023"):
        select(sets, date(2023, 12, 31))
    with pytest.raises(NormSetError, match="geen normensets"):
        select([], date(2025, 1, 1))


def test_outdated_from_the_first_day_of_a_half_year_without_a_set(sets):
    upto_2025 = [s for s in sets if s.valid_from.year < 2026]
    assert not is_outdated(upto_2025, date(2025, 12, 31))
    assert is_outdated(upto_2025, date(2026, 1, 1))  # 1 January itself: the new set is missing
    assert is_outdated(upto_2025, date(2026, 1, 2))
    assert not is_outdated(sets, date(2026, 1, 1)) and not is_outdated(sets, date(2026, 12, 31))
    assert is_outdated(sets, date(2027, 1, 1))
    # a missing set in between also makes the one in use outdated
    gap = [by_code(sets, "2024-1"), by_code(sets, "2025-2")]
    assert not is_outdated(gap, date(2024, 6, 30))
    assert is_outdated(gap, date(2024, 7, 1))
    assert is_outdated(gap, date(2024, 9, 1))
    assert not is_outdated(gap, date(2025, 7, 1))


def test_uncertain_amounts_for_the_ui(sets):
    s = by_code(sets, "2025-2")
    keys = {a.key for a in uncertain_amounts(s)}
    assert {"vtlb.aanname_woonlasten_in_basis", "vtlb.aanname_zorgpremie_in_basis",
            "zorg.eigen_risico", "aow.leeftijd", "reiskosten.per_km"} <= keys  # fmt: skip
    assert "bijstand.alleenstaande.21_aow" not in keys  # S
    assert "nvvk.kosten_percentage" not in keys  # V
    assert "bvv.max.gehuwden_met_kinderen" in {a.key for a in uncertain_amounts(by_code(sets, "2024-2"))}
    assert s.amount("nvvk.kosten_percentage").display == "9 %"
    assert s.amount("bijstand.alleenstaande.21_aow").display == "€ 1.369,06"
    assert by_code(sets, "2024-2").amount("bvv.max.gehuwden_met_kinderen").display == "ontbreekt"


# --- serialisation -------------------------------------------------------------------


def test_round_trip_through_dict_and_canonical_json(sets):
    for s in sets:
        again = parse_normset(json.loads(normset_to_json(s)))
        assert again == s
        assert normset_to_json(again) == normset_to_json(s)
        assert normset_to_dict(s)["amounts"]["regeling.looptijd_maanden"]["value"] == "18"


def test_load_file_and_previous_check(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(json.dumps(raw("2025-07-01.json")), encoding="utf-8")
    prev = load_file(NORM_DIR / "2025-01-01.json")
    assert load_file(p, previous=prev).code == "2025-2"


# --- refusals ------------------------------------------------------------------------


def errors_of(data, previous=None):
    with pytest.raises(NormSetError) as exc:
        parse_normset(data, previous)
    return " ".join(exc.value.errors)


def test_negative_amount_refused():
    d = raw("2025-07-01.json")
    d["amounts"]["bijstand.gehuwden.21_aow"]["value"] = "-1955.80"
    assert "negatief" in errors_of(d)


def test_zero_amount_refused():
    d = raw("2025-07-01.json")
    d["amounts"]["zorg.eigen_risico"]["value"] = "0.00"
    assert "nul" in errors_of(d)


def test_missing_amount_refused_by_name():
    d = raw("2025-07-01.json")
    del d["amounts"]["nvvk.kosten_per_maand"]
    msg = errors_of(d)
    assert "nvvk.kosten_per_maand" in msg and "ontbreekt" in msg


def test_null_only_for_allowed_amounts_and_only_as_u_with_a_note():
    d = raw("2025-07-01.json")
    d["amounts"]["bijstand.alleenstaande.21_aow"]["value"] = None
    assert "nodig voor de berekening" in errors_of(d)
    d = raw("2025-07-01.json")
    d["amounts"]["bvv.max.alleenstaande"].update(value=None, confidence="S")
    assert "betrouwbaarheid U" in errors_of(d)


def test_number_instead_of_string_refused():
    d = raw("2025-07-01.json")
    d["amounts"]["bijstand.gehuwden.21_aow"]["value"] = 1955
    assert "als tekst" in errors_of(d)


def test_json_float_refused_when_loading(tmp_path):
    p = tmp_path / "f.json"
    p.write_text(json.dumps(raw("2025-07-01.json")).replace('"1369.06"', "1369.06"), encoding="utf-8")
    with pytest.raises(NormSetError, match="als tekst"):
        load_file(p)


def test_jump_of_more_than_15_percent_refused_with_dutch_message(sets):
    d = raw("2025-07-01.json")
    d["amounts"]["bijstand.gehuwden.aow"]["value"] = "2400.00"  # +16.9 % vs 2053.48
    msg = errors_of(d, previous=by_code(sets, "2025-1"))
    assert "15 %" in msg and "2025-1" in msg and "16,9 %" in msg
    # the same set without a previous one is fine: the check is relative
    assert parse_normset(d).code == "2025-2"


def test_change_within_15_percent_accepted(sets):
    d = raw("2025-07-01.json")
    d["amounts"]["bijstand.gehuwden.aow"]["value"] = "2360.00"  # +14.93 % vs 2053.48
    assert parse_normset(d, by_code(sets, "2025-1")).amount("bijstand.gehuwden.aow").value == Decimal("2360.00")


def test_not_later_than_previous_refused(sets):
    d = raw("2025-01-01.json")
    assert "moet na die van de vorige" in errors_of(d, previous=by_code(sets, "2025-2"))


def test_bvv_maximum_below_95_percent_of_norm_refused():
    d = raw("2025-07-01.json")
    d["amounts"]["bvv.max.alleenstaande"]["value"] = "1300.00"  # < 0.95 × 1369.06 = 1300.61
    assert "lager dan 95 %" in errors_of(d)


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(code="2025-1"), "past niet bij de ingangsdatum"),
        (lambda d: d.update(valid_from="1-7-2025"), "geen geldige datum"),
        (lambda d: d["amounts"]["bvv.factor"].update(confidence="X"), "V, S, U of K"),
        (lambda d: d["amounts"]["bvv.factor"].update(unit="eur"), "eenheid"),
        (lambda d: d["amounts"]["bvv.factor"].update(value="95"), "tussen 0 en 1"),
        (lambda d: d["amounts"]["zorg.eigen_risico"].update(value="385.001"), "twee cijfers"),
        (lambda d: d["amounts"]["regeling.looptijd_maanden"].update(value="18.5"), "heel getal"),
        (lambda d: d["amounts"]["zorg.eigen_risico"].update(value="1,5"), "geen getal"),
        (lambda d: d["amounts"]["zorg.eigen_risico"].update(source="nergens"), "bron"),
        (lambda d: d["sources"]["nvvk"].pop("published"), "vindplaats"),
        (lambda d: d["amounts"].update({"bijstand.extra": d["amounts"]["bvv.factor"]}), "Onbekende"),
    ],
)
def test_malformed_sets_refused_in_dutch(mutate, fragment):
    d = copy.deepcopy(raw("2025-07-01.json"))
    mutate(d)
    assert fragment in errors_of(d)


def test_missing_amount_in_a_calculation_is_a_dutch_error(sets):
    s = by_code(sets, "2024-2")
    assert s.money_or_none("bvv.max.gehuwden_met_kinderen") is None
    with pytest.raises(NormSetError, match="ontbreekt in normenset 2024-2"):
        s.money("bvv.max.gehuwden_met_kinderen")
