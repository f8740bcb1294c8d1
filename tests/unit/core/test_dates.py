from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.dates import DateError, format_date_input, parse_date_nl


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31-12-2025", date(2025, 12, 31)),
        ("1-2-2024", date(2024, 2, 1)),
        ("01-02-2024", date(2024, 2, 1)),
        (" 3-4-2025 ", date(2025, 4, 3)),
        ("3/4/2025", date(2025, 4, 3)),
        ("3.4.2025", date(2025, 4, 3)),
        ("2025-04-03", date(2025, 4, 3)),
        ("29-02-2024", date(2024, 2, 29)),
    ],
)
def test_accepts_dutch_and_iso(text, expected):
    assert parse_date_nl(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "Vul een datum in"),
        ("   ", "Vul een datum in"),
        ("morgen", "geen datum"),
        ("31-12-25", "geen datum"),
        ("12/31/2025x", "geen datum"),
        ("2025/04/03", "geen datum"),
        ("1-13-2025", "maand"),
        ("31-04-2025", "bestaat niet"),
        ("29-02-2025", "bestaat niet"),
        ("01-01-1850", "jaar"),
        ("01-01-2150", "jaar"),
    ],
)
def test_refuses_with_dutch_message(text, fragment):
    with pytest.raises(DateError) as exc:
        parse_date_nl(text)
    assert fragment in str(exc.value)


def test_error_does_not_echo_input():
    with pytest.raises(DateError) as exc:
        parse_date_nl("Amara 12-13-2020")
    assert "Amara" not in str(exc.value)


def test_empty_allowed_gives_none():
    assert parse_date_nl("", allow_empty=True) is None
    assert parse_date_nl(None, allow_empty=True) is None
    with pytest.raises(DateError):
        parse_date_nl(None)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip(d):
    assert parse_date_nl(format_date_input(d)) == d
    assert parse_date_nl(d.isoformat()) == d
    assert format_date_input(None) == ""
