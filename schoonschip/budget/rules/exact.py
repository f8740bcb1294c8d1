"""Exact rational arithmetic on cents, rounded once, at the end (pure module).

Monthly conversion multiplies by 52/12 or 13/12; those are not finite decimals, so a
Decimal with any precision is only *nearly* exact, and summing many of them can turn a
true half cent into 0.4999… and round it the wrong way. A :class:`fractions.Fraction` of
cents is exact (no float is involved anywhere), and we round to whole cents exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from schoonschip.money import Money

__all__ = ["round_half_up", "to_money", "apportion"]


def round_half_up(cents: Fraction) -> int:
    """Round a rational number of cents to whole cents, halves away from zero.

    This matches ``Decimal`` ``ROUND_HALF_UP`` as used by :mod:`schoonschip.money`.
    """
    if cents < 0:
        return -round_half_up(-cents)
    return int((cents + Fraction(1, 2)) // 1)


def to_money(cents: Fraction) -> Money:
    """Exact cents to Money, rounded half up once."""
    return Money(round_half_up(cents))


def apportion(parts: Sequence[Fraction], total: int, keys: Sequence[str]) -> list[int]:
    """Split ``total`` whole cents over ``parts`` (exact, non-negative) by largest remainder.

    Every part first gets its floor; the cents still missing go one each to the parts with
    the largest fractional remainder. Ties are broken by ``keys`` ascending, so the result
    is deterministic and does not depend on the order of the input. The result always sums
    to ``total`` exactly.
    """
    if len(parts) != len(keys):
        raise ValueError("parts and keys must have the same length")
    if any(p < 0 for p in parts):
        raise ValueError("apportion takes non-negative parts")
    floors = [int(p // 1) for p in parts]
    missing = total - sum(floors)
    if missing < 0 or missing > len(parts):
        raise ValueError("total does not fit the parts")
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), keys[i]))
    for i in order[:missing]:
        floors[i] += 1
    return floors
