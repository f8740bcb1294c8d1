"""Amounts and numbers are written with Python's own formatting (issue 16: Babel's pattern
engine was a tenth of a debt page's time). The text must stay exactly what Babel writes for
the Dutch patterns, which the functions keep as their reference."""

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from schoonschip.money import Money, format_decimal_nl, format_decimal_nl_babel, format_eur, format_eur_babel


@given(st.integers(min_value=-(10**15), max_value=10**15))
@example(0)
@example(-1)
@example(99)
@example(-100)
@example(123456)
@example(-100_000_000_00)
def test_amounts_are_written_as_babel_writes_them(cents: int) -> None:
    assert format_eur(Money(cents)) == format_eur_babel(Money(cents))


def test_amount_examples() -> None:
    assert format_eur(Money(123456)) == "€ 1.234,56"
    assert format_eur(Money(-1200)) == "-€ 12,00"
    assert format_eur(Money(5)) == "€ 0,05"
    assert format_eur(None, blank="–") == "–"


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=6),
       st.integers(min_value=0, max_value=4))  # fmt: skip
@example(Decimal("-0.004"), 2)
@example(Decimal("0.005"), 2)
@example(Decimal("2.675"), 2)
@example(Decimal("1E+3"), 2)
@example(Decimal("-1234.5"), 0)
def test_decimals_are_written_as_babel_writes_them(value: Decimal, places: int) -> None:
    assert format_decimal_nl(value, places) == format_decimal_nl_babel(value, places)


def test_decimal_examples() -> None:
    assert format_decimal_nl(Decimal("1234.5")) == "1.234,50"
    assert format_decimal_nl(Decimal("-0.004")) == "0,00"  # no "-0,00"
    assert format_decimal_nl(Decimal("1234.5"), 0) == "1.235"
