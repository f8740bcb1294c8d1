"""Attainment (result ÷ target) and the organisation's colour legend.

Pure module: no Flask, no SQLAlchemy, no floats.

The legend comes from the 2016 evaluation (organisation.md §4.2). Its bands say
"ca." and meet at 20, 40, 80 and 120 %, so we fix the boundaries like this
(the same text is on the report page, see ``LEGEND_RULE_NL``)::

    [0, 20)    rood         0 % up to, not including, 20 %
    [20, 40)   oranje
    [40, 80)   blauw
    [80, 120]  groen        120 % itself is still groen
    (120, ∞)   donkergroen  only *more than* 120 %

The band is decided on the exact fraction ``result / target`` with whole-number
arithmetic (``result * 100`` against ``bound * target``), never on a rounded
percentage. The percentage shown is rounded *half up* to one decimal (10 of 6 is
"166,7 %"), as people round. The colour stays exact: 19,96 % shows as "20,0 %" and is
still rood, because it is less than 20 %; 120,01 % shows as "120,0 %" and is
donkergroen, because it is more than 120 %.

No target (missing, or 0) gives no colour: "geen streefcijfer". A hidden (suppressed)
result gives no percentage either: with a published target, the percentage would give
the hidden count away.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from schoonschip.i18n import N_
from schoonschip.money import format_decimal_nl

__all__ = [
    "Band",
    "LEGEND",
    "LEGEND_RULE_NL",
    "Attainment",
    "attainment_percent",
    "band_for_percent",
    "band_for",
    "assess",
    "NO_TARGET_NL",
    "HIDDEN_RESULT_NL",
    "HIDDEN_RESULT_REASON_NL",
]


@dataclass(frozen=True, slots=True)
class Band:
    """One colour of the legend. ``upper`` None means no upper bound."""

    code: str
    label: str
    meaning: str  # verbatim from the 2016 evaluation (organisation.md §4.2)
    lower: Decimal
    upper: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool

    def contains(self, percent: Decimal) -> bool:
        _refuse_float(percent)
        above = percent >= self.lower if self.lower_inclusive else percent > self.lower
        if self.upper is None:
            return above
        below = percent <= self.upper if self.upper_inclusive else percent < self.upper
        return above and below

    @property
    def range_nl(self) -> str:
        low = format_decimal_nl(self.lower, 0)
        if self.upper is None:
            return N_("meer dan %(low)s %%", low=low)
        high = format_decimal_nl(self.upper, 0)
        if self.upper_inclusive:
            return N_("%(low)s %% tot en met %(high)s %%", low=low, high=high)
        return N_("%(low)s %% tot %(high)s %%", low=low, high=high)


LEGEND: tuple[Band, ...] = (
    Band("rood", N_("Rood"), N_("Resultaat niet gehaald: zeer beperkt, minder dan 20%"),
         Decimal(0), Decimal(20), True, False),
    Band("oranje", N_("Oranje"), N_("Resultaat wel ten dele gehaald: ca. 20 tot 40%"),
         Decimal(20), Decimal(40), True, False),
    Band("blauw", N_("Blauw"), N_("Resultaat deels gehaald: ca. 40 tot 80%"),
         Decimal(40), Decimal(80), True, False),
    Band("groen", N_("Groen"), N_("Resultaat (bijna) gehaald: ca. 80 tot 120%"),
         Decimal(80), Decimal(120), True, True),
    Band("donkergroen", N_("Donkergroen"), N_("Resultaat ruimschoots gehaald: meer dan 120%"),
         Decimal(120), None, False, False),
)  # fmt: skip

LEGEND_RULE_NL = N_(
    "Het percentage is het resultaat gedeeld door het streefcijfer. "
    "Rood: minder dan 20 %. Oranje: 20 % tot 40 %. Blauw: 40 % tot 80 %. "
    "Groen: 80 % tot en met 120 %. Donkergroen: meer dan 120 %."
)
NO_TARGET_NL = N_("geen streefcijfer")
HIDDEN_RESULT_NL = N_("niet getoond")
HIDDEN_RESULT_REASON_NL = N_(
    "Het resultaat is afgeschermd. Een percentage zou het aantal alsnog laten zien."
)


def _refuse_float(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("float is niet toegestaan; gebruik Decimal of int.")


def _check_whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} moet een heel getal (int) zijn.")
    if value < 0:
        raise ValueError(f"{what} kan niet negatief zijn.")
    return value


def attainment_percent(result: int, target: int | None) -> Decimal | None:
    """``result / target × 100`` as an exact Decimal (28 significant digits);
    None when there is no target or the target is 0."""
    _check_whole(result, "Het resultaat")
    if target is None:
        return None
    if _check_whole(target, "Het streefcijfer") == 0:
        return None
    return Decimal(result) * 100 / Decimal(target)


def band_for_percent(percent: Decimal) -> Band:
    """The legend band for a percentage (Decimal or int, never float)."""
    _refuse_float(percent)
    p = Decimal(percent)
    if p < 0:
        raise ValueError("Een percentage kan niet negatief zijn.")
    for band in LEGEND:
        if band.contains(p):
            return band
    raise AssertionError("the legend covers every percentage from 0")  # pragma: no cover


def band_for(result: int, target: int) -> Band | None:
    """The band for ``result / target``, exact: compares ``result * 100`` with
    ``bound * target`` in whole numbers. None without a (non-zero) target."""
    _check_whole(result, "Het resultaat")
    if _check_whole(target, "Het streefcijfer") == 0:
        return None
    scaled = result * 100
    for band in LEGEND:
        low = int(band.lower) * target
        above = scaled >= low if band.lower_inclusive else scaled > low
        if band.upper is None:
            if above:
                return band
            continue
        high = int(band.upper) * target
        below = scaled <= high if band.upper_inclusive else scaled < high
        if above and below:
            return band
    raise AssertionError("the legend covers every ratio from 0")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Attainment:
    """What the report shows next to a result with a target."""

    target: int | None
    percent: Decimal | None  # rounded half up to 0.1
    band: Band | None
    display: str
    note: str | None = None


def assess(result: int | None, target: int | None, *, suppressed: bool = False) -> Attainment:
    """Attainment for one report cell.

    ``result`` None or ``suppressed`` True: the result is hidden, so no percentage and
    no colour (it would reveal the count). No target or target 0: "geen streefcijfer".
    """
    if target is not None:
        _check_whole(target, "Het streefcijfer")
    if target is None or target == 0:
        return Attainment(target, None, None, NO_TARGET_NL)
    if suppressed or result is None:
        return Attainment(target, None, None, HIDDEN_RESULT_NL, HIDDEN_RESULT_REASON_NL)
    exact = attainment_percent(result, target)
    assert exact is not None
    shown = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    band = band_for(result, target)
    return Attainment(target, shown, band, f"{format_decimal_nl(shown, 1)} %")
