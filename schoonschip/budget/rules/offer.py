"""The 18-month offer to creditors in the minnelijk traject (rules.md §1.4), pure module.

::

    afdracht_totaal = afloscapaciteit × looptijd + vrij inzetbaar vermogen
    kosten          = 9 % × afdracht_totaal + € 6 × looptijd   (NVVK maximum, can be off;
                      never more than the afdracht itself)
    te_verdelen     = afdracht_totaal − kosten                 (never negative)
    verdeeld        = min(te_verdelen, schuld in de regeling)  (never above 100 %)
    overschot       = te_verdelen − verdeeld

The offer divides what is legally owed: a debt's ``amount`` is the amount the offer uses
(for instance with incassokosten brought down to the legal maximum); ``claimed`` is what the
creditor asks when that is more, with the reason in ``correction``. Both are shown per
creditor. An offer where nothing is left to divide (no capacity, or the fees eat the whole
afdracht) is a 0 %-aanbod.

Debts marked ``outside_regeling`` (strafrechtelijke CJIB-boetes, reguliere DUO-studieschuld;
rules.md §3.4) are listed apart and get nothing from the offer.

Distribution is pro rata ("naar rato"), weighted by ``preferent_factor`` for preferent
creditors. The NVVK rule for preferent creditors is [U] (rules.md §1.4, §7.3: "commonly
2×"); the default factor 1 is plain pro rata. With a factor above 1 no creditor gets more
than its debt: a creditor that would is paid in full and the rest is shared among the
others (water-filling). Cents are split with the largest-remainder method, ties broken by
``key``, so the shares add up exactly to ``verdeeld`` whatever the input order.
Percentages are rounded DOWN to two decimals, so an offer never looks better than it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from schoonschip.budget.rules.exact import apportion, to_money
from schoonschip.budget.rules.norms import NormSet
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.money import ZERO, Money

__all__ = ["OfferDebt", "OfferError", "OfferResult", "OfferShare", "OutsideReason", "calculate_offer"]


class OfferError(ValueError):
    """Input the offer cannot be made from. Dutch message, safe to show."""


class OutsideReason(LabelledEnum):
    """Why a debt stays outside the regeling (rules.md §3.4)."""

    STRAFRECHTELIJKE_BOETE = "strafrechtelijke_boete", N_("Strafrechtelijke boete (CJIB): wordt nooit kwijtgescholden")
    STUDIESCHULD = "studieschuld", N_("Reguliere studieschuld (DUO): blijft meestal buiten de regeling")
    ANDERS = "anders", N_("Blijft buiten de regeling")


@dataclass(frozen=True, slots=True)
class OfferDebt:
    """One debt for the offer. ``amount`` is what the offer divides (legally owed);
    ``claimed`` is what the creditor asks when that is more, ``correction`` says why
    (Dutch, shown on the printout)."""

    key: str
    creditor_label: str
    amount: Money
    preferent: bool = False
    outside_regeling: bool = False
    reason: OutsideReason | None = None
    claimed: Money | None = None
    correction: str | None = None

    @property
    def is_corrected(self) -> bool:
        return self.claimed is not None and self.claimed != self.amount


@dataclass(frozen=True, slots=True)
class OfferShare:
    key: str
    creditor_label: str
    debt: Money  # the amount used (legally owed)
    preferent: bool
    share: Money
    percentage: Decimal
    claimed: Money | None = None  # what the creditor asks, when more than ``debt``
    correction: str | None = None

    @property
    def is_corrected(self) -> bool:
        return self.claimed is not None and self.claimed != self.debt

    @property
    def claimed_or_used(self) -> Money:
        return self.claimed if self.claimed is not None else self.debt


@dataclass(frozen=True)
class OfferResult:
    term_months: int
    capacity: Money
    assets: Money
    afdracht_totaal: Money
    kosten: Money
    fee_applied: bool
    te_verdelen: Money
    total_debt: Money
    verdeeld: Money
    overschot: Money
    percentage: Decimal
    shares: tuple[OfferShare, ...]
    outside: tuple[OfferDebt, ...]
    zero_offer: bool
    preferent_factor: Decimal
    normset_code: str
    notes: tuple[str, ...]
    total_claimed: Money = ZERO  # what the creditors in the regeling ask (≥ total_debt)
    fees_ate_offer: bool = False  # the afdracht went entirely to the fees

    @property
    def corrected(self) -> tuple[OfferShare, ...]:
        """The shares whose debt the offer uses at a corrected (legally owed) amount."""
        return tuple(s for s in self.shares if s.is_corrected)


def _pct(part: Fraction | int, whole: int) -> Decimal:
    if whole == 0:
        return Decimal(0)
    exact = Fraction(part) * 100 / whole
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _water_fill(debts: Sequence[OfferDebt], weights: Sequence[Fraction], total: int) -> list[Fraction]:
    """Exact shares: share_i = min(debt_i, λ × weight_i) with Σ share = total ≤ Σ debt."""
    shares: list[Fraction | None] = [None] * len(debts)
    open_ = [i for i in range(len(debts)) if debts[i].amount.cents > 0]
    for i in range(len(debts)):
        if debts[i].amount.cents == 0:
            shares[i] = Fraction(0)
    remaining = Fraction(total)
    while open_:
        wsum = sum((weights[i] for i in open_), Fraction(0))
        lam = remaining / wsum
        full = [i for i in open_ if lam * weights[i] >= debts[i].amount.cents]
        if not full:
            for i in open_:
                shares[i] = lam * weights[i]
            break
        for i in full:
            shares[i] = Fraction(debts[i].amount.cents)
            remaining -= debts[i].amount.cents
        open_ = [i for i in open_ if i not in full]
    return [s if s is not None else Fraction(0) for s in shares]


def calculate_offer(
    *,
    capacity: Money,
    debts: Sequence[OfferDebt],
    normset: NormSet,
    assets: Money = ZERO,
    fee: bool = True,
    term_months: int | None = None,
    preferent_factor: Decimal = Decimal(1),
) -> OfferResult:
    """The offer for ``term_months`` (default: ``regeling.looptijd_maanden`` of the norm set).

    ``capacity`` is the monthly afloscapaciteit, ``assets`` the freely available vermogen.
    ``fee`` applies the NVVK maximum fee from the norm set. Raises OfferError (Dutch).
    """
    months = _check_offer_input(capacity, debts, normset, assets, term_months, preferent_factor)
    notes: list[str] = [N_("Indicatief: de kredietbank maakt het echte aanbod.")]
    afdracht = capacity * months + assets
    kosten = _fee(normset, afdracht, months, notes) if fee else ZERO
    te_verdelen = (afdracht - kosten).max0()

    inside = [d for d in debts if not d.outside_regeling]
    outside = tuple(d for d in debts if d.outside_regeling)
    total_debt = sum((d.amount for d in inside), ZERO)
    total_claimed = sum((d.claimed if d.claimed is not None else d.amount for d in inside), ZERO)
    n_corrected = sum(1 for d in inside if d.is_corrected)
    if n_corrected:
        notes.append(N_(
            "Bij %(n)s schuld(en) vraagt de schuldeiser meer dan wettelijk mag. Het aanbod rekent "
            "met het bedrag dat de bewoner wettelijk moet betalen; de reden staat bij de schuldeiser.",
            n=n_corrected,
        ))
    verdeeld = min(te_verdelen, total_debt)
    overschot = te_verdelen - verdeeld
    if overschot:
        notes.append(N_("Er is meer geld dan schuld: iedereen krijgt 100 %. Het overschot blijft over."))
    shares = _shares(inside, verdeeld, preferent_factor, notes)
    no_money = capacity.cents == 0 and assets.cents == 0
    fees_ate_offer = not no_money and te_verdelen.cents == 0
    zero_offer = no_money or fees_ate_offer
    if no_money:
        notes.append(N_("Geen afloscapaciteit en geen vermogen: dit wordt een 0 %-aanbod."))
    elif fees_ate_offer:
        notes.append(N_(
            "De kosten van de schuldhulp zijn net zo hoog als de afdracht. Er blijft niets over voor "
            "de schuldeisers: dit wordt een 0 %-aanbod."
        ))
    return OfferResult(
        term_months=months,
        capacity=capacity,
        assets=assets,
        afdracht_totaal=afdracht,
        kosten=kosten,
        fee_applied=fee,
        te_verdelen=te_verdelen,
        total_debt=total_debt,
        verdeeld=verdeeld,
        overschot=overschot,
        percentage=_pct(verdeeld.cents, total_debt.cents),
        shares=shares,
        outside=outside,
        zero_offer=zero_offer,
        preferent_factor=Decimal(preferent_factor),
        normset_code=normset.code,
        notes=tuple(notes),
        total_claimed=total_claimed,
        fees_ate_offer=fees_ate_offer,
    )


def _check_offer_input(
    capacity: Money, debts: Sequence[OfferDebt], normset: NormSet, assets: Money, term_months: int | None,
    preferent_factor: Decimal,
) -> int:  # fmt: skip
    """Refuse input the offer cannot be made from (OfferError, Dutch); the term in months."""
    if not isinstance(capacity, Money) or not isinstance(assets, Money):
        raise TypeError("capacity and assets must be Money")
    if capacity.is_negative():
        raise OfferError(N_("De afloscapaciteit kan niet negatief zijn."))
    if assets.is_negative():
        raise OfferError(N_("Het vermogen kan niet negatief zijn."))
    if isinstance(preferent_factor, float) or not isinstance(preferent_factor, Decimal | int):
        raise TypeError("preferent_factor must be Decimal (never float)")
    if preferent_factor <= 0:
        raise OfferError(N_("De weging voor preferente schuldeisers moet groter dan nul zijn."))
    months = normset.whole("regeling.looptijd_maanden") if term_months is None else term_months
    if isinstance(months, bool) or not isinstance(months, int) or months <= 0:
        raise OfferError(N_("De looptijd moet een heel aantal maanden van 1 of meer zijn."))
    keys = [d.key for d in debts]
    if len(set(keys)) != len(keys):
        raise OfferError(N_("Twee schulden hebben dezelfde sleutel."))
    for d in debts:
        if not isinstance(d.amount, Money) or d.amount.is_negative():
            raise OfferError(
                N_("Het bedrag van de schuld bij %(creditor)s kan niet negatief zijn.", creditor=d.creditor_label)
            )
        if d.claimed is not None:
            if not isinstance(d.claimed, Money) or d.claimed < d.amount:
                raise OfferError(N_(
                    "Bij %(creditor)s is het gevraagde bedrag lager dan het bedrag in het aanbod.", creditor=d.creditor_label
                ))
            if d.claimed != d.amount and not (d.correction or "").strip():
                raise OfferError(N_(
                    "Geef aan waarom het aanbod bij %(creditor)s met een lager bedrag rekent.", creditor=d.creditor_label
                ))
        if d.outside_regeling and d.reason is None:
            raise OfferError(
                N_("Geef aan waarom de schuld bij %(creditor)s buiten de regeling blijft.", creditor=d.creditor_label)
            )
    return months


def _fee(normset: NormSet, afdracht: Money, months: int, notes: list[str]) -> Money:
    """The NVVK maximum fee, never more than the afdracht."""
    pct = normset.decimal("nvvk.kosten_percentage")
    per_month = normset.money("nvvk.kosten_per_maand")
    fee_max = to_money(Fraction(afdracht.cents) * Fraction(pct)) + per_month * months
    kosten = min(fee_max, afdracht)
    notes.append(
        N_(
            "Kosten schuldhulp: het NVVK-maximum (9 % van de afdracht plus € 6 per maand), "
            "nooit meer dan de afdracht."
        )
    )
    return kosten


def _shares(inside: list[OfferDebt], verdeeld: Money, preferent_factor: Decimal, notes: list[str]) -> tuple[OfferShare, ...]:
    """What each creditor inside the regeling gets of ``verdeeld``, preferent ones weighted."""
    factor = Fraction(preferent_factor)
    if factor != 1:
        notes.append(
            N_("Preferente schuldeisers krijgen een hoger percentage (weging onzeker, U; rules.md §1.4).")
        )

    weights = [Fraction(d.amount.cents) * (factor if d.preferent else 1) for d in inside]
    exact = _water_fill(inside, weights, verdeeld.cents) if inside else []
    cents = apportion(exact, verdeeld.cents, [d.key for d in inside]) if inside else []
    shares = tuple(
        OfferShare(d.key, d.creditor_label, d.amount, d.preferent, Money(c), _pct(c, d.amount.cents),
                   d.claimed if d.is_corrected else None, d.correction if d.is_corrected else None)
        for d, c in zip(inside, cents, strict=True)
    )
    return shares
