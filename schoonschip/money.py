"""Money as whole euro cents, Dutch parsing and formatting.

Pure module: no Flask, no SQLAlchemy. Floats are refused everywhere, because
0.1 + 0.2 is not 0.3 and a resident's repayment capacity must be exact.

    >>> parse_amount("1.234,56")
    Money(123456)
    >>> format_eur(Money(123456))
    '€ 1.234,56'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Union

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from schoonschip.i18n import N_

__all__ = [
    "Money",
    "AmountError",
    "parse_amount",
    "format_eur",
    "format_decimal_nl",
    "format_for_input",
    "percentage",
    "ZERO",
]

CENT = Decimal("0.01")
# A resident's debts can be large (a mortgage shortfall), never this large.
MAX_CENTS = 100_000_000_00  # € 100 miljoen


class AmountError(ValueError):
    """Input that is not a usable amount. The message is Dutch and safe to show."""


Number = Union[int, Decimal, "Money"]


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in whole euro cents. Immutable, hashable, never a float."""

    cents: int

    def __post_init__(self) -> None:
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise TypeError("Money takes whole cents as int; use Money.from_decimal for Decimal")

    # --- construction -------------------------------------------------------
    @classmethod
    def from_decimal(cls, value: Decimal | int | str, rounding: str = ROUND_HALF_UP) -> Money:
        """Euros as Decimal (or int/str) to Money, rounded half up to the cent."""
        if isinstance(value, float):
            raise TypeError("float is refused for money; use Decimal or a string")
        if isinstance(value, str):
            value = Decimal(value)
        d = Decimal(value)
        if not d.is_finite():
            raise ValueError("amount must be finite")
        return cls(int((d / 1).quantize(CENT, rounding=rounding) * 100))

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    # --- views --------------------------------------------------------------
    @property
    def euros(self) -> Decimal:
        return (Decimal(self.cents) / 100).quantize(CENT)

    def __str__(self) -> str:
        return format_eur(self)

    def __repr__(self) -> str:
        return f"Money({self.cents})"

    def __bool__(self) -> bool:
        return self.cents != 0

    # --- arithmetic (money with money; scaling by int/Decimal) --------------
    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if other == 0:  # allows sum() with its int start value
            return self
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(self.cents - other.cents)
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __abs__(self) -> Money:
        return Money(abs(self.cents))

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or isinstance(factor, float):
            raise TypeError("Money can only be multiplied by int or Decimal")
        if isinstance(factor, int):
            return Money(self.cents * factor)
        if isinstance(factor, Decimal):
            return Money.from_decimal(self.euros * factor)
        return NotImplemented

    __rmul__ = __mul__

    def scale(self, factor: Decimal, rounding: str = ROUND_HALF_UP) -> Money:
        """Multiply by a Decimal factor with an explicit rounding mode."""
        if isinstance(factor, float):
            raise TypeError("float is refused for money")
        return Money.from_decimal(self.euros * Decimal(factor), rounding=rounding)

    def max0(self) -> Money:
        return self if self.cents > 0 else Money(0)

    def is_negative(self) -> bool:
        return self.cents < 0


ZERO = Money(0)

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Digits with optional Dutch thousands dots, optional comma and 1-2 decimals.
# ``re.ASCII``: ``\d`` is 0-9 only; '３' or '١' would otherwise pass (and Decimal reads them).
_NL_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$", re.ASCII)
_NL_PLAIN = re.compile(r"^\d+(,\d{1,2})?$", re.ASCII)
# Tolerate a dot as the decimal separator only when it cannot be a thousands dot: 12.5, 12.50.
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$", re.ASCII)
_TRAILING_DASH = re.compile(r",-{1,2}$")  # "€ 12,-" and "12,--"


def parse_amount(
    text: str | None,
    *,
    allow_negative: bool = False,
    allow_empty: bool = False,
    maximum_cents: int = MAX_CENTS,
) -> Money | None:
    """Parse what a coach types into an amount field.

    Accepts ``1.234,56``, ``€ 85``, ``12,5``, ``1234``, ``€ 12,-`` and ``12.50``.
    Refuses everything else with an :class:`AmountError` whose message is Dutch and
    does not echo the input (the input may be personal).
    """
    if text is None:
        if allow_empty:
            return None
        raise AmountError(N_("Vul een bedrag in."))
    if not isinstance(text, str):
        raise TypeError("parse_amount takes the text of a form field")
    s = _SPACES.sub("", text)
    s = s.replace("€", "").replace("EUR", "").replace("eur", "")
    if s == "":
        if allow_empty:
            return None
        raise AmountError(N_("Vul een bedrag in."))
    negative = False
    if s[0] in "-\u2212":
        negative = True
        s = s[1:]
    elif s[0] == "+":
        s = s[1:]
    s = _TRAILING_DASH.sub("", s)
    if len(s) > 20:
        raise AmountError(N_("Dit bedrag is te lang. Schrijf het zo: 1.234,56"))
    if _NL_GROUPED.match(s) or _NL_PLAIN.match(s):
        normal = s.replace(".", "").replace(",", ".")
    elif _DOT_DECIMAL.match(s):
        normal = s
    else:
        raise AmountError(N_("Dit is geen bedrag. Schrijf het zo: 1.234,56"))
    try:
        value = Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the regexes above exclude this
        raise AmountError(N_("Dit is geen bedrag. Schrijf het zo: 1.234,56")) from None
    money = Money.from_decimal(value)
    if negative:
        if not allow_negative:
            raise AmountError(N_("Een bedrag kan hier niet negatief zijn."))
        money = -money
    if abs(money.cents) > maximum_cents:
        raise AmountError(N_("Dit bedrag is te groot. Kijk of er niet een cijfer te veel staat."))
    return money


#: Amounts and numbers are written the Dutch way on every page, in the English UI too: the
#: amount fields accept only Dutch notation (parse_amount), so what a page shows can be typed
#: back. Babel writes them (one place to change if that ever changes).
NUMBER_LOCALE = Locale.parse("nl_NL")
_EUR_PATTERN = parse_pattern("¤ #,##0.00;-¤ #,##0.00")


@lru_cache(maxsize=8)
def _decimal_pattern(places: int) -> NumberPattern:
    return parse_pattern("#,##0." + "0" * places if places else "#,##0")


def _rounded(value: Decimal, places: int) -> Decimal:
    d = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return d if d else abs(d)  # no "-0,00"


def _nl_digits(text: str) -> str:
    """'1,234.50' (Python's grouping) -> '1.234,50' (Dutch)."""
    return text.translate(_TO_NL)


_TO_NL = str.maketrans({",": ".", ".": ","})


def format_decimal_nl(value: Decimal, places: int = 2) -> str:
    """A Decimal in Dutch notation: 1234.5 -> '1.234,50'.

    Written with Python's own number formatting, not Babel's pattern engine: the result is
    the same (tests/unit/core/test_money_format.py checks it against Babel) at a tenth of
    the cost, and a debt or budget page writes hundreds of numbers (docs/performance.md)."""
    if isinstance(value, float):
        raise TypeError("float is refused")
    rounded = _rounded(value, places)
    if not rounded.is_finite():
        return _decimal_pattern(places).apply(rounded, NUMBER_LOCALE)
    return _nl_digits(f"{rounded:,.{places}f}")


def format_eur(amount: Money | None, *, blank: str = "") -> str:
    """Money as Dutch text: ``€ 1.234,56``; negative as ``-€ 12,00`` (the same text as
    Babel's pattern ``¤ #,##0.00`` in nl_NL, see format_decimal_nl)."""
    if amount is None:
        return blank
    if not isinstance(amount, Money):
        raise TypeError("format_eur takes Money")
    whole, cents = divmod(abs(amount.cents), 100)
    return f"{'-' if amount.cents < 0 else ''}€ {whole:,}".replace(",", ".") + f",{cents:02d}"


def format_eur_babel(amount: Money) -> str:
    """The reference: Babel's own formatting of ``format_eur`` (for the tests)."""
    return _EUR_PATTERN.apply(amount.euros, NUMBER_LOCALE, currency="EUR")


def format_decimal_nl_babel(value: Decimal, places: int = 2) -> str:
    """The reference: Babel's own formatting of ``format_decimal_nl`` (for the tests)."""
    return _decimal_pattern(places).apply(_rounded(value, places), NUMBER_LOCALE)


def format_for_input(amount: Money | None) -> str:
    """Money as the coach would type it back into a field: ``1.234,56`` (no euro sign)."""
    if amount is None:
        return ""
    return format_decimal_nl(amount.euros)


def percentage(part: Money, whole: Money, places: int = 1) -> Decimal:
    """part / whole × 100 as a Decimal, 0 when whole is zero."""
    if whole.cents == 0:
        return Decimal(0)
    q = Decimal(1).scaleb(-places)
    return (Decimal(part.cents) * 100 / Decimal(whole.cents)).quantize(q, rounding=ROUND_HALF_UP)
