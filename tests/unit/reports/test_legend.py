from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.reports.rules.legend import (
    HIDDEN_RESULT_NL,
    LEGEND,
    NO_TARGET_NL,
    assess,
    attainment_percent,
    band_for,
    band_for_percent,
)


@pytest.mark.parametrize(
    ("percent", "code"),
    [
        ("0", "rood"),
        ("19.99", "rood"),
        ("20", "oranje"),
        ("39.99", "oranje"),
        ("40", "blauw"),
        ("79.99", "blauw"),
        ("80", "groen"),
        ("120", "groen"),
        ("120.01", "donkergroen"),
        ("500", "donkergroen"),
    ],
)
def test_band_boundaries(percent, code):
    assert band_for_percent(Decimal(percent)).code == code


@pytest.mark.parametrize(
    ("result", "target", "code", "display"),
    [
        (1999, 10000, "rood", "20,0 %"),  # rounded half up; the colour is exact: still rood
        (2000, 10000, "oranje", "20,0 %"),
        (3999, 10000, "oranje", "40,0 %"),
        (4000, 10000, "blauw", "40,0 %"),
        (7999, 10000, "blauw", "80,0 %"),
        (8000, 10000, "groen", "80,0 %"),
        (12000, 10000, "groen", "120,0 %"),
        (12001, 10000, "donkergroen", "120,0 %"),
        # the 2016 evaluation, organisation.md §4.3: formulieren+schuld+huur
        (232, 300, "blauw", "77,3 %"),
        (132, 300, "blauw", "44,0 %"),
        (128, 100, "donkergroen", "128,0 %"),
        (26, 15, "donkergroen", "173,3 %"),
        (12, 15, "groen", "80,0 %"),
    ],
)
def test_assess_results_against_targets(result, target, code, display):
    a = assess(result, target)
    assert a.band.code == code
    assert a.display == display
    assert a.target == target


def test_one_third_is_exact_enough_to_stay_below_a_boundary():
    # 1/5 of 100 is exactly 20 %, but 199/1000 is just below
    assert band_for(1, 5).code == "oranje"
    assert band_for(199, 1000).code == "rood"
    assert attainment_percent(1, 3) == Decimal(100) / Decimal(3)


def test_no_target_gives_no_colour():
    for target in (None, 0):
        a = assess(7, target)
        assert a.band is None and a.percent is None
        assert a.display == NO_TARGET_NL == "geen streefcijfer"


def test_hidden_result_gives_no_percentage():
    a = assess(None, 10, suppressed=True)
    assert a.band is None and a.percent is None
    assert a.display == HIDDEN_RESULT_NL
    assert "aantal" in a.note
    # even if a caller passes the true number along with the suppressed flag
    assert assess(3, 10, suppressed=True).percent is None


def test_floats_are_refused():
    with pytest.raises(TypeError):
        band_for_percent(19.99)
    with pytest.raises(TypeError):
        assess(1.0, 10)


def test_legend_is_complete_and_verbatim():
    assert [b.code for b in LEGEND] == ["rood", "oranje", "blauw", "groen", "donkergroen"]
    assert LEGEND[0].meaning == "Resultaat niet gehaald: zeer beperkt, minder dan 20%"
    assert LEGEND[4].meaning == "Resultaat ruimschoots gehaald: meer dan 120%"
    assert LEGEND[3].range_nl == "80 % tot en met 120 %"
    assert LEGEND[4].range_nl == "meer dan 120 %"


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_exact_band_agrees_with_the_percentage_band(result, target):
    assert band_for(result, target) == band_for_percent(attainment_percent(result, target))
