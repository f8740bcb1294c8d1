from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.money import AmountError, Money, format_eur, parse_amount, percentage


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1.234,56", 123456),
        ("€ 85", 8500),
        ("12,5", 1250),
        ("1234", 123400),
        ("€ 12,-", 1200),
        ("12.50", 1250),
        ("  € 1.000.000 ", 100000000),
        ("0,01", 1),
        ("€\u00a03,10", 310),
    ],
)
def test_parse_dutch_amounts(text, cents):
    assert parse_amount(text) == Money(cents)


@pytest.mark.parametrize("text", ["abc", "1,234.56", "12,345", "1.23.4", "€", "--5", "1e5", "NaN", "12,5,5"])
def test_parse_refuses_nonsense_with_dutch_message(text):
    with pytest.raises(AmountError) as exc:
        parse_amount(text)
    assert "bedrag" in str(exc.value).lower()
    assert text not in str(exc.value) or text == "€"


def test_negative_only_when_allowed():
    with pytest.raises(AmountError):
        parse_amount("-5")
    assert parse_amount("-5", allow_negative=True) == Money(-500)


def test_empty():
    with pytest.raises(AmountError):
        parse_amount("  ")
    assert parse_amount("", allow_empty=True) is None


def test_too_large_refused():
    with pytest.raises(AmountError):
        parse_amount("999.999.999.999")


def test_format():
    assert format_eur(Money(123456)) == "€ 1.234,56"
    assert format_eur(Money(5)) == "€ 0,05"
    assert format_eur(Money(-1200)) == "-€ 12,00"
    assert format_eur(Money(100000000)) == "€ 1.000.000,00"


def test_float_refused():
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money.from_decimal(1.5)  # type: ignore[arg-type]


def test_arithmetic_and_sum():
    assert sum([Money(1), Money(2)]) == Money(3)
    assert Money(1000) * Decimal("0.095") == Money(95)
    assert Money(300) - Money(500) == Money(-200)
    assert Money(-200).max0() == Money(0)


def test_percentage():
    assert percentage(Money(50), Money(200)) == Decimal("25.0")
    assert percentage(Money(1), Money(0)) == Decimal(0)


@given(st.integers(min_value=0, max_value=10_000_000_000))
def test_format_parse_round_trip(cents):
    assert parse_amount(format_eur(Money(cents))) == Money(cents)


@pytest.mark.parametrize(
    "text",
    ["３", "١٢٣", "۱۲", "१२", "12,５", "1.２34,56", "€ ３,00", "\u0661\u0662.50", "𝟑"],
)
def test_parse_refuses_digits_that_are_not_ascii(text):
    """Issue 14 item 6: '３' used to become € 3,00. Only 0-9 are digits for an amount."""
    with pytest.raises(AmountError) as exc:
        parse_amount(text)
    assert str(exc.value) == "Dit is geen bedrag. Schrijf het zo: 1.234,56"


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=6))
def test_no_decimal_digit_outside_ascii_is_ever_an_amount(text):
    if text.isascii():
        assert parse_amount(text) == Money.from_decimal(Decimal(text))
    else:
        with pytest.raises(AmountError):
            parse_amount(text)
