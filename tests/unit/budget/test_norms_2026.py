"""Issue 14 item 1: the norm sets of 1 January and 1 July 2026 equal rules.md §1.5 ("Update
2026-12-07"), the outdated check fires from the first day of a half-year without a set, the
law's structure (alleenstaande = 70 % of gehuwden) is checked, and sources read like sources."""

import copy
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from schoonschip.budget.rules import norms
from schoonschip.budget.rules.norms import (
    NormSetError,
    compare,
    is_outdated,
    load_builtin,
    parse_normset,
    select,
)

NORM_DIR = Path(norms.__file__).parents[1] / "norms"
SETS = load_builtin()


def by_code(code):
    return next(s for s in SETS if s.code == code)


# rules.md §1.5, "Update 2026-12-07": norms incl. vakantietoeslag, per month
RULES_2026 = {
    "2026-1": {
        "bijstand.alleenstaande.21_aow": "1401.50",
        "bijstand.gehuwden.21_aow": "2002.13",
        "bijstand.alleenstaande.aow": "1564.69",
        "bijstand.gehuwden.aow": "2144.16",
        "bijstand.alleenstaande.onder_21": "345.99",
        "bijstand.gehuwden.beiden_onder_21.zonder_kinderen": "691.98",
        "bijstand.gehuwden.beiden_onder_21.met_kinderen": "1092.41",
        "bijstand.gehuwden.een_onder_21.zonder_kinderen": "1347.06",
        "bijstand.gehuwden.een_onder_21.met_kinderen": "1747.49",
    },
    "2026-2": {
        "bijstand.alleenstaande.21_aow": "1419.46",
        "bijstand.gehuwden.21_aow": "2027.79",
        "bijstand.alleenstaande.aow": "1587.34",
        "bijstand.gehuwden.aow": "2176.10",
        "bijstand.alleenstaande.onder_21": "350.42",
        "bijstand.gehuwden.beiden_onder_21.zonder_kinderen": "700.84",
        "bijstand.gehuwden.beiden_onder_21.met_kinderen": "1106.40",
        "bijstand.gehuwden.een_onder_21.zonder_kinderen": "1364.32",
        "bijstand.gehuwden.een_onder_21.met_kinderen": "1769.88",
    },
}
# rules.md §1.5 table and §1.2 (earlier sets: the 21-AOW and AOW norms)
RULES_EARLIER = {
    "2024-1": ("1283.83", "1834.04", "1425.76", "1932.32"),
    "2024-2": ("1308.45", "1869.21", "1456.85", "1976.64"),
    "2025-1": ("1345.45", "1922.07", "1501.07", "2053.48"),
    "2025-2": ("1369.06", "1955.80", "1530.21", "2094.98"),
}


@pytest.mark.parametrize(("code", "key", "value"), [(c, k, v) for c, kv in RULES_2026.items() for k, v in kv.items()])
def test_2026_amounts_equal_rules_md(code, key, value):
    a = by_code(code).amount(key)
    assert a.value == Decimal(value)
    assert a.confidence == "S"
    assert "Staatscourant" in a.note  # "nog controleren tegen de Staatscourant-mededeling"
    src = by_code(code).sources[a.source]
    assert "Participatiewet" in src.title and "BWBR0015703" in src.published


@pytest.mark.parametrize("code", list(RULES_EARLIER))
def test_earlier_norms_equal_rules_md(code):
    s = by_code(code)
    keys = ("bijstand.alleenstaande.21_aow", "bijstand.gehuwden.21_aow", "bijstand.alleenstaande.aow",
            "bijstand.gehuwden.aow")  # fmt: skip
    assert tuple(str(s.amount(k).value) for k in keys) == RULES_EARLIER[code]


@pytest.mark.parametrize("code", ["2026-1", "2026-2"])
def test_2026_bvv_maxima_are_marked_missing_not_invented(code):
    s = by_code(code)
    for leef in ("alleenstaande", "alleenstaande_ouder", "gehuwden_zonder_kinderen", "gehuwden_met_kinderen"):
        a = s.amount(f"bvv.max.{leef}")
        assert a.value is None and a.confidence == "U"
        assert "Vul het echte bedrag in" in a.note
    # the assumptions the VTLB still needs are marked as such, in words for a reader
    assert s.amount("vtlb.aanname_woonlasten_in_basis").note.startswith("Aangenomen bedrag")
    assert s.amount("zorg.eigen_risico").uncertain


def test_2026_other_amounts_carry_over_from_july_2025():
    old, new = by_code("2025-2"), by_code("2026-2")
    for key in ("bvv.factor", "kostendelers.basis", "kostendelers.per_persoon", "nvvk.kosten_percentage",
                "regeling.looptijd_maanden", "zorg.eigen_risico", "aow.leeftijd"):  # fmt: skip
        assert new.amount(key).value == old.amount(key).value


# --- the law's structure ----------------------------------------------------------------


@pytest.mark.parametrize("ns", SETS, ids=lambda s: s.code)
def test_every_shipped_set_keeps_alleenstaande_at_70_percent_of_gehuwden(ns):
    single = ns.amount("bijstand.alleenstaande.21_aow").value
    couple = ns.amount("bijstand.gehuwden.21_aow").value
    assert abs(couple * Decimal("0.70") - single) <= Decimal("0.01")


def raw(name):
    return json.loads((NORM_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("single", "ok"), [("1419.46", True), ("1419.45", True), ("1419.44", False),
                                             ("1419.47", False), ("1419.46", True), ("1401.50", False)])  # fmt: skip
def test_structure_check_within_a_cent(single, ok):
    d = copy.deepcopy(raw("2026-07-01.json"))
    d["amounts"]["bijstand.alleenstaande.21_aow"]["value"] = single  # 0.70 × 2027.79 = 1419.453
    if ok:
        assert parse_normset(d).amount("bijstand.alleenstaande.21_aow").value == Decimal(single)
    else:
        with pytest.raises(NormSetError) as exc:
            parse_normset(d)
        assert any("niet 70 %" in e and "2.027,79" in e for e in exc.value.errors)


# --- selection and the outdated check on the first and last day of every half-year ------


def half_years():
    for year in range(2024, 2028):
        yield date(year, 1, 1), date(year, 6, 30)
        yield date(year, 7, 1), date(year, 12, 31)


EXPECTED_CODE = {2024: ("2024-1", "2024-2"), 2025: ("2025-1", "2025-2"), 2026: ("2026-1", "2026-2"),
                 2027: ("2026-2", "2026-2")}  # fmt: skip


@pytest.mark.parametrize(("first", "last"), list(half_years()), ids=lambda d: d.isoformat())
def test_first_and_last_day_of_every_half_year(first, last):
    code = EXPECTED_CODE[first.year][0 if first.month == 1 else 1]
    missing = first.year == 2027  # no set for 2027 yet: outdated from 1 January 2027 itself
    for day in (first, last):
        assert select(SETS, day).code == code
        assert is_outdated(SETS, day) is missing
    # the day before the half-year uses the previous set, and is never "outdated" because of this one
    before = first - timedelta(days=1)
    if before.year >= 2024:
        assert select(SETS, before).code != code or missing


@pytest.mark.parametrize("drop", ["2026-1", "2026-2"])
def test_a_missing_set_is_flagged_from_its_first_day(drop):
    sets = [s for s in SETS if s.code != drop]
    first = by_code(drop).valid_from
    assert is_outdated(sets, first)
    assert not is_outdated(sets, first - timedelta(days=1))


# --- the import preview -----------------------------------------------------------------


def test_preview_lists_every_amount_beside_the_set_before():
    rows = compare(by_code("2026-1"), by_code("2025-2"))
    assert len(rows) == len(by_code("2026-1").amounts)
    row = next(r for r in rows if r.key == "bijstand.alleenstaande.21_aow")
    assert row.changed and row.old.value == Decimal("1369.06") and row.new.value == Decimal("1401.50")
    assert row.percentage == "+2,37 %"
    same = next(r for r in rows if r.key == "bvv.factor")
    assert not same.changed and same.percentage == ""
    gone = next(r for r in rows if r.key == "bvv.max.alleenstaande")
    assert gone.changed and gone.new.value is None
    assert all(r.old is None and r.changed for r in compare(by_code("2024-1"), None))


# --- sources worded for a reader (item 5) -----------------------------------------------

DEVELOPER_OR_HOBBY = re.compile(
    r"rules\.md|\.py\b|docstring|§|AANNAME|\[[VSUK]\]|metronieuws|aag\.nl|arslan|fundamentvoor|hofvantwente"
    r"|schuldinfo|rendement\.nl|berekenuwrecht|gemeentewestland|velsen|github",
    re.IGNORECASE,
)


@pytest.mark.parametrize("ns", SETS, ids=lambda s: s.code)
def test_sources_and_notes_name_what_a_professional_recognises(ns):
    for key, src in ns.sources.items():
        for text in (src.title, src.date, src.published, src.note or ""):
            assert not DEVELOPER_OR_HOBBY.search(text), (ns.code, key, text)
    for a in ns.amounts.values():
        assert not DEVELOPER_OR_HOBBY.search(a.note or ""), (ns.code, a.key, a.note)
        if a.uncertain and a.value is not None and a.source == "aanname":
            assert "Aangenomen bedrag" in a.note
