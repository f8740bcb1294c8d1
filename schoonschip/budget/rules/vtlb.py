"""Indicatieve VTLB and afloscapaciteit, following the structure of rules.md §1.3 (pure).

rules.md §0.1: this is NOT the official VTLB. The binding amount comes from the
kredietbank or bewindvoerder (Bureau Wsnp Vtlb-calculator); this module gives coaches an
*indicatieve afloscapaciteit* with every step shown. Every norm amount comes from a
:class:`~schoonschip.budget.rules.norms.NormSet`; none is a constant here.

Structure::

    STAP 1  basis (indicatieve beslagvrije voet, rules.md §1.2):
            95 % of the counted net income when that is at most the applicable
            bijstandsnorm, otherwise 95 % of that norm; capped at the BVV maximum
            for the leefsituatie.
    STAP 2  corrections, each only when its input is given (rules.md §1.3):
            PGL-correctie (AOW-age), woonlasten above the assumed amount, zorgpremie
            above the assumed amount, missing kindgebonden budget, eigen risico / 12,
            woon-werk travel above the km threshold, uncovered childcare, alimony paid,
            municipal taxes without kwijtschelding, other corrections.
    VTLB = STAP 1 + STAP 2;  afloscapaciteit = max(0, counted income − VTLB).

Simplifications (also returned in ``VtlbResult.assumptions``):

1. No compensatiekop in STAP 1 (its formula is [U], rules.md §1.2). In the official VTLB the
   compensatiekop and the fictive housing/health amounts inside the BVV are subtracted again
   by the *correctie individuele lasten* (rules.md §1.3), so we instead add actual net
   housing costs and net health premium above an *assumed* amount already in the base.
   Those two assumed amounts are norm-set parameters tagged U
   (``vtlb.aanname_woonlasten_in_basis``, ``vtlb.aanname_zorgpremie_in_basis``).
2. Because those assumptions are [U], the two corrections are never negative (the official
   correction can be, rules.md §1.3 [V]). An uncertain guess may raise the VTLB shown,
   never lower it; this can understate the capacity, never overstate it.
3. The BVV for under-21s equals that of 21+ (rules.md §1.2), so STAP 1 uses the 21–AOW norm
   for them; AOW-age is handled by the PGL-correctie (rules.md §1.3). AOW-age comes from the
   birth date and ``aow.leeftijd`` (in months) of the norm set. A couple counts as AOW-age
   when either partner is (rules.md §1.5, "one or both").
4. Kostendelersnorm (rules.md §1.5): A = resident (+ partner) + housemates of
   ``kostendelers.minimum_leeftijd`` and older; the couple's norm is 2 × the per-person norm.
   Not applied without housemates. The norm is rounded to the cent as published norms are.
5. Toeslagen are not income: huurtoeslag lowers the rent and zorgtoeslag the premium
   (rules.md §0.5). The kindgebonden budget stays with the resident; only a *missing* part
   (what would be due minus what is received) is added. Kinderbijslag,
   kinderopvangtoeslag and onkostenvergoedingen are not inputs at all.
6. Eigen risico: ``zorg.eigen_risico`` / 12 per adult (resident, partner).
7. Travel: only when the km per working day (there and back) exceed
   ``reiskosten.drempel_km_per_dag``; then forfait + per-km × km per month, with
   km per month = km per day × days per week × 52 / 12. Car-cost norm of July 2022 [U].
8. Not included: arbeidstoeslag (rule [U]), studiekosten kinderen, bewind costs (conflicting
   sources), repayments on other debts and running garnishments (never VTLB costs).
9. Money is rounded half up to the cent once per line; the VTLB is the sum of the lines.

Capacity is never negative and never falls when counted income rises: only STAP 1 depends
on income, and it rises by at most 95 % of any increase (min(), the cap and half-up rounding
of 0.95 × cents are all monotone with slope ≤ 1).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from schoonschip.budget.rules.exact import to_money
from schoonschip.budget.rules.items import BudgetItem, IncomeCounting, IncomeKind, Person, monthly_total
from schoonschip.budget.rules.norms import NormSet, is_outdated, select
from schoonschip.i18n import N_, LabelledEnum, join
from schoonschip.money import ZERO, Money, format_decimal_nl, format_eur

__all__ = [
    "AgeBand",
    "Leefsituatie",
    "VtlbInput",
    "VtlbInputError",
    "VtlbLine",
    "VtlbResult",
    "VtlbIncome",
    "age_band",
    "calculate_vtlb",
    "count_kostendelers",
    "income_from_items",
    "vtlb_input_from_items",
]

INDICATIEF = N_("Indicatief")


class AgeBand(LabelledEnum):
    ONDER_21 = "onder_21", N_("jonger dan 21")
    VAN_21_TOT_AOW = "21_tot_aow", N_("21 jaar tot AOW-leeftijd")
    AOW = "aow", N_("AOW-leeftijd")


class Leefsituatie(LabelledEnum):
    """The four BVV leefsituaties (rules.md §1.2)."""

    ALLEENSTAANDE = "alleenstaande", N_("alleenstaande")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", N_("alleenstaande ouder")
    GEHUWDEN_ZONDER_KINDEREN = "gehuwden_zonder_kinderen", N_("gehuwden of samenwonenden zonder kinderen")
    GEHUWDEN_MET_KINDEREN = "gehuwden_met_kinderen", N_("gehuwden of samenwonenden met kinderen")


class VtlbInputError(ValueError):
    """Input that cannot be calculated. The message is Dutch and safe to show."""


@dataclass(frozen=True)
class VtlbInput:
    """What the coach knows. Amounts are Money per month; ``None`` = not given (no line).

    ``counted_income`` is the net monthly income that counts (resident + partner), see
    :func:`income_from_items`. ``housing_costs`` is kale huur + servicekosten.
    ``health_premium`` is the total premium of resident and partner.
    ``kindgebonden_budget_due`` is what the household would get at bijstand level.
    ``work_travel_km_per_day`` is the woon-werk distance driven per working day, there and back.
    """

    peildatum: date
    counted_income: Money
    has_partner: bool = False
    children_under_18: int = 0
    resident_birth_date: date | None = None
    resident_age_band: AgeBand | None = None
    partner_birth_date: date | None = None
    partner_age_band: AgeBand | None = None
    housemates_27_plus: int = 0
    housing_costs: Money | None = None
    huurtoeslag: Money = ZERO
    health_premium: Money | None = None
    zorgtoeslag: Money = ZERO
    kindgebonden_budget_received: Money = ZERO
    kindgebonden_budget_due: Money | None = None
    eigen_risico_reservation: bool = False
    work_travel_km_per_day: Decimal = Decimal(0)
    work_days_per_week: int = 5
    childcare_uncovered: Money | None = None
    alimony_paid: Money | None = None
    municipal_taxes: Money | None = None
    study_costs_children: Money | None = None
    other_corrections: tuple[tuple[str, Money], ...] = ()


@dataclass(frozen=True, slots=True)
class VtlbLine:
    """One visible step. ``norm_keys`` name the norm-set amounts used."""

    step: int
    label: str
    amount: Money
    explanation: str
    norm_keys: tuple[str, ...] = ()
    uncertain: bool = False


@dataclass(frozen=True)
class VtlbResult:
    lines: tuple[VtlbLine, ...]
    vtlb: Money
    counted_income: Money
    afloscapaciteit: Money
    normset_code: str
    normset_valid_from: date
    leefsituatie: Leefsituatie
    applicable_norm: Money
    bvv_maximum: Money | None
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]
    label: str = INDICATIEF
    uncertain_keys: tuple[str, ...] = field(default=())
    kostendelers_applied: bool = False
    #: With kostendelers in the home: the other of the two results (with or without the
    #: kostendelersnorm). ``kostendelers_reason`` says which one is used and why.
    alternative: VtlbResult | None = None
    kostendelers_reason: str | None = None


# --- household -----------------------------------------------------------------------


def _age_in_months(birth: date, on: date) -> int:
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    if on.day < birth.day:
        months -= 1
    return months


def age_band(birth_date: date, peildatum: date, normset: NormSet) -> AgeBand:
    """Age band on ``peildatum``; AOW-age from the norm set (rules.md §1.5)."""
    if birth_date > peildatum:
        raise VtlbInputError(N_("De geboortedatum ligt na de peildatum."))
    months = _age_in_months(birth_date, peildatum)
    if months >= normset.whole("aow.leeftijd"):
        return AgeBand.AOW
    if months < 21 * 12:
        return AgeBand.ONDER_21
    return AgeBand.VAN_21_TOT_AOW


def count_kostendelers(housemate_birth_dates: Iterable[date], peildatum: date, normset: NormSet) -> int:
    """How many housemates count as kostendeler: aged ``kostendelers.minimum_leeftijd`` or
    older on the peildatum (27 since 1-1-2023, rules.md §1.5). Students and commercial
    tenants do not count either; leave them out of ``housemate_birth_dates``."""
    minimum = normset.whole("kostendelers.minimum_leeftijd") * 12
    return sum(1 for b in housemate_birth_dates if _age_in_months(b, peildatum) >= minimum)


def _band(birth: date | None, band: AgeBand | None, who: str, inp: VtlbInput, ns: NormSet) -> AgeBand:
    if birth is not None:
        return age_band(birth, inp.peildatum, ns)
    if band is None:
        raise VtlbInputError(N_("Vul de geboortedatum of de leeftijdsgroep van %(who)s in.", who=who))
    return AgeBand(band)


def _validate(inp: VtlbInput) -> None:
    money_fields = {
        N_("het inkomen"): inp.counted_income,
        N_("de woonlasten"): inp.housing_costs,
        N_("de huurtoeslag"): inp.huurtoeslag,
        N_("de zorgpremie"): inp.health_premium,
        N_("de zorgtoeslag"): inp.zorgtoeslag,
        N_("het kindgebonden budget"): inp.kindgebonden_budget_received,
        N_("het kindgebonden budget waar recht op is"): inp.kindgebonden_budget_due,
        N_("de kosten van kinderopvang"): inp.childcare_uncovered,
        N_("de betaalde alimentatie"): inp.alimony_paid,
        N_("de gemeentelijke belastingen"): inp.municipal_taxes,
        N_("de studiekosten van kinderen"): inp.study_costs_children,
        **{N_("de correctie '%(label)s'", label=label): m for label, m in inp.other_corrections},
    }
    for what, m in money_fields.items():
        if m is None:
            continue
        if not isinstance(m, Money):
            raise TypeError(f"{what}: Money expected")
        if m.is_negative():
            raise VtlbInputError(N_("Het bedrag voor %(what)s kan niet negatief zijn.", what=what))
    for what, n in (
        (N_("het aantal kinderen"), inp.children_under_18),
        (N_("het aantal huisgenoten"), inp.housemates_27_plus),
        (N_("het aantal werkdagen"), inp.work_days_per_week),
    ):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise VtlbInputError(N_("Vul voor %(what)s een heel getal van 0 of meer in.", what=what))
    if inp.work_days_per_week > 7:
        raise VtlbInputError(N_("Een week heeft hoogstens 7 werkdagen."))
    if isinstance(inp.work_travel_km_per_day, float) or not isinstance(inp.work_travel_km_per_day, Decimal | int):
        raise TypeError("work_travel_km_per_day: Decimal expected (never float)")
    if inp.work_travel_km_per_day < 0:
        raise VtlbInputError(N_("Het aantal kilometers kan niet negatief zijn."))


def _leefsituatie(inp: VtlbInput) -> Leefsituatie:
    if inp.has_partner:
        return Leefsituatie.GEHUWDEN_MET_KINDEREN if inp.children_under_18 else Leefsituatie.GEHUWDEN_ZONDER_KINDEREN
    return Leefsituatie.ALLEENSTAANDE_OUDER if inp.children_under_18 else Leefsituatie.ALLEENSTAANDE


def _norm(ns: NormSet, inp: VtlbInput, aow: bool, kostendelers: bool = True) -> tuple[Money, tuple[str, ...], str]:
    """The applicable bijstandsnorm (kostendelersnorm applied when ``kostendelers``), its keys
    and a description."""
    band = "aow" if aow else "21_aow"
    persons = 2 if inp.has_partner else 1
    if inp.housemates_27_plus == 0 or not kostendelers:
        key = f"bijstand.{'gehuwden' if inp.has_partner else 'alleenstaande'}.{band}"
        label = ns.amount(key).label
        return ns.money(key), (key,), label[0].lower() + label[1:]
    a = persons + inp.housemates_27_plus
    keys = (f"bijstand.gehuwden.{band}", "kostendelers.basis", "kostendelers.per_persoon")
    gehuwd = Fraction(ns.money(keys[0]).cents)
    factor = Fraction(ns.decimal("kostendelers.basis")) + a * Fraction(ns.decimal("kostendelers.per_persoon"))
    norm = to_money(persons * factor / a * gehuwd)
    pct = format_decimal_nl(Decimal(factor.numerator) / Decimal(factor.denominator) / a * 100, 2)
    desc = N_(
        "kostendelersnorm met %(a)s kostendelers: %(persons)s × %(pct)s %% van de gehuwdennorm %(norm)s",
        a=a, persons=persons, pct=pct, norm=format_eur(Money(int(gehuwd))),
    )
    return norm, keys, desc


# --- the calculation -----------------------------------------------------------------


@dataclass
class _Work:
    """One calculation in progress: its input and norm set, and what the steps add to it."""

    inp: VtlbInput
    ns: NormSet
    kostendelers: bool = True
    lines: list[VtlbLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @property
    def factor(self) -> Decimal:
        return self.ns.decimal("bvv.factor")

    @property
    def pct(self) -> str:
        return format_decimal_nl(self.factor * 100, 0)


def calculate_vtlb(inp: VtlbInput, normsets: Sequence[NormSet]) -> VtlbResult:
    """Indicatieve VTLB and afloscapaciteit on ``inp.peildatum`` (rules.md §1.3).

    Selects the norm set valid on the peildatum; raises NormSetError (Dutch) when none is,
    and VtlbInputError (Dutch) for unusable input. Step 1 is the base (the beslagvrije voet),
    step 2 the corrections on top of it; each step below adds its lines.

    Kostendelersnorm: whether the VTLB (Recofa) and the beslagvrije voet lower the base for
    housemates of 27 and older is not settled by a source we found. Searched (December 2026):
    the Vtlb-rapport of the Werkgroep Rekenmethode vtlb van Recofa (tables of contents of the
    versions januari 2015, juli 2015 and januari 2017: no section on the kostendelersnorm), the
    bill and memorie van toelichting of the Wet vereenvoudiging beslagvrije voet (Kamerstuk
    34 628, nr. 3, 12-12-2016: not found in a form that answers it) and "Woonkosten en de
    beslagvrije voet" (uwbeslagvrijevoet.nl, 10-03-2022: the beslaglegger looks at "met wie u
    samenwoont" for the standard housing amount, which does not say the norm itself is lowered).
    So with kostendelers in the home both results are computed and the one that is kinder to
    the resident (the lower capacity) is used; the other travels along as ``alternative`` and
    ``kostendelers_reason`` says why on the page.
    """
    _validate(inp)
    if inp.housemates_27_plus == 0:
        return _calculate(inp, normsets, kostendelers=False)
    with_kd = _calculate(inp, normsets, kostendelers=True)
    without_kd = _calculate(inp, normsets, kostendelers=False)
    used, other = (
        (with_kd, without_kd) if with_kd.afloscapaciteit <= without_kd.afloscapaciteit else (without_kd, with_kd)
    )
    reason = N_(
        "Er wonen kostendelers (27 jaar of ouder) in huis. Het is niet zeker of de VTLB en de beslagvrije voet "
        "de kostendelersnorm gebruiken: wij vonden geen bron die dat regelt. Daarom staan hier twee uitkomsten. "
        "We gebruiken de uitkomst die het gunstigst is voor de bewoner (de laagste afloscapaciteit): "
        "%(used)s per maand %(how_used)s. %(how_other)s zou het %(other)s per maand zijn.",
        used=format_eur(used.afloscapaciteit),
        how_used=N_("met de kostendelersnorm") if used.kostendelers_applied else N_("zonder de kostendelersnorm"),
        how_other=N_("Met de kostendelersnorm") if other.kostendelers_applied else N_("Zonder de kostendelersnorm"),
        other=format_eur(other.afloscapaciteit),
    )
    return dataclasses.replace(
        used, alternative=other, kostendelers_reason=reason, warnings=(*used.warnings, reason)
    )


def _calculate(inp: VtlbInput, normsets: Sequence[NormSet], *, kostendelers: bool) -> VtlbResult:
    ns = select(normsets, inp.peildatum)
    w = _Work(inp, ns, kostendelers=kostendelers, assumptions=_general_assumptions())
    if is_outdated(normsets, inp.peildatum):
        w.warnings.append(
            N_(
                "Er is nog geen normenset voor het halfjaar waarin %(peil)s valt. Deze berekening gebruikt de "
                "normen van %(code)s (vanaf %(date)s); die zijn verouderd. Vraag de beheerder om de nieuwe "
                "normenset.",
                peil=inp.peildatum.strftime("%d-%m-%Y"), code=ns.code, date=ns.valid_from.strftime("%d-%m-%Y"),
            )
        )
    leef = _leefsituatie(inp)
    aow, age_keys = _age_bands(w)
    norm, norm_keys, bvv_max = _step1_base(w, leef)
    if aow:
        _step2_pgl(w, norm, norm_keys, age_keys)
    adults = 2 if inp.has_partner else 1
    _step2_housing(w)
    _step2_health_premium(w, adults)
    _step2_kindgebonden_budget(w)
    _step2_eigen_risico(w, adults)
    _step2_travel(w)
    _step2_other_costs(w)

    lines = w.lines
    income = inp.counted_income
    vtlb = sum((line.amount for line in lines), ZERO)
    capacity = (income - vtlb).max0()

    uncertain_keys = tuple(
        sorted({k for line in lines for k in line.norm_keys if ns.amount(k).uncertain})
    )
    if uncertain_keys:
        labels = join("; ", [ns.amount(k).label for k in uncertain_keys])
        w.warnings.append(
            N_("Deze berekening gebruikt aangenomen of onzekere bedragen: %(labels)s.", labels=labels)
        )

    return VtlbResult(
        lines=tuple(lines),
        vtlb=vtlb,
        counted_income=income,
        afloscapaciteit=capacity,
        normset_code=ns.code,
        normset_valid_from=ns.valid_from,
        leefsituatie=leef,
        applicable_norm=norm,
        bvv_maximum=bvv_max,
        assumptions=tuple(w.assumptions),
        warnings=tuple(w.warnings),
        uncertain_keys=uncertain_keys,
        kostendelers_applied=kostendelers and inp.housemates_27_plus > 0,
    )


def _general_assumptions() -> list[str]:
    """What every indicative calculation assumes (shown with every result)."""
    return [
        N_(
            "Indicatief: dit is geen officiële VTLB. Het echte bedrag berekent de kredietbank of "
            "bewindvoerder met de Vtlb-calculator van Bureau Wsnp."
        ),
        N_(
            "De basis is 95 % van het inkomen of van de bijstandsnorm, zonder compensatiekop. In plaats "
            "daarvan tellen we woonlasten en zorgpremie op boven een aangenomen bedrag."
        ),
        N_("Correcties voor woonlasten en zorgpremie zijn nooit negatief, omdat het aangenomen bedrag onzeker is."),
        N_("Toeslagen tellen niet als inkomen: huurtoeslag gaat af van de huur, zorgtoeslag van de premie."),
        N_(
            "Kinderbijslag, kinderopvangtoeslag, onkostenvergoedingen en kindgebonden budget blijven bij "
            "de bewoner en tellen niet mee."
        ),
        N_(
            "Niet meegenomen: arbeidstoeslag (de regel is niet zeker), kosten van bewind, "
            "aflossingen op andere schulden en lopend beslag."
        ),
    ]


def _age_bands(w: _Work) -> tuple[bool, tuple[str, ...]]:
    """Whether the resident or the partner has AOW age, and the norm keys that decided it."""
    inp, ns, assumptions = w.inp, w.ns, w.assumptions
    r_band = _band(inp.resident_birth_date, inp.resident_age_band, N_("de bewoner"), inp, ns)
    bands = [r_band]
    if inp.has_partner:
        bands.append(_band(inp.partner_birth_date, inp.partner_age_band, N_("de partner"), inp, ns))
    aow = AgeBand.AOW in bands
    age_keys: tuple[str, ...] = ()
    if aow and (inp.resident_birth_date is not None or inp.partner_birth_date is not None):
        age_keys = ("aow.leeftijd",)
    if AgeBand.ONDER_21 in bands:
        assumptions.append(
            N_("Voor jongeren onder 21 is de beslagvrije voet gelijk aan die van 21 jaar en ouder (art. 475da Rv).")
        )
    if inp.housemates_27_plus and w.kostendelers:
        assumptions.append(
            N_(
                "Kostendelersnorm: alleen huisgenoten van %(age)s jaar en ouder tellen mee; studenten en "
                "commerciële huurders niet (Participatiewet art. 22a).",
                age=ns.whole("kostendelers.minimum_leeftijd"),
            )
        )
    return aow, age_keys


def _step1_base(w: _Work, leef: Leefsituatie) -> tuple[Money, tuple[str, ...], Money | None]:
    """STAP 1: the beslagvrije voet, capped at its maximum. Returns the applicable norm, its
    keys and the maximum (None when the norm set lacks it)."""
    inp, ns, lines, warnings = w.inp, w.ns, w.lines, w.warnings
    factor, pct = w.factor, w.pct
    norm, norm_keys, norm_desc = _norm(ns, inp, aow=False, kostendelers=w.kostendelers)
    income = inp.counted_income
    if income <= norm:
        base = to_money(Fraction(income.cents) * Fraction(factor))
        why = N_(
            "Het inkomen (%(income)s) is niet hoger dan de bijstandsnorm (%(desc)s: %(norm)s). "
            "Basis = %(pct)s %% van het inkomen.",
            income=format_eur(income), desc=norm_desc, norm=format_eur(norm), pct=pct,
        )
    else:
        base = to_money(Fraction(norm.cents) * Fraction(factor))
        why = N_(
            "Het inkomen (%(income)s) is hoger dan de bijstandsnorm (%(desc)s: %(norm)s). "
            "Basis = %(pct)s %% van de norm.",
            income=format_eur(income), desc=norm_desc, norm=format_eur(norm), pct=pct,
        )
    max_key = f"bvv.max.{leef.value}"
    bvv_max = ns.money_or_none(max_key)
    step1_keys = (*norm_keys, "bvv.factor", max_key)
    if bvv_max is None:
        warnings.append(
            N_(
                "Het maximum van de beslagvrije voet voor %(leef)s ontbreekt in normenset %(code)s; "
                "het maximum is niet toegepast.",
                leef=leef.label, code=ns.code,
            )
        )
    elif base > bvv_max:
        why = join(" ", [why, N_(
            "Dat is meer dan het maximum van de beslagvrije voet (%(max)s), dus het maximum geldt.",
            max=format_eur(bvv_max),
        )])
        base = bvv_max
    else:
        why = join(" ", [why, N_(
            "Het maximum van de beslagvrije voet (%(max)s) wordt niet bereikt.", max=format_eur(bvv_max)
        )])
    label = N_("Basis: beslagvrije voet voor %(leef)s (indicatief)", leef=leef.label)
    lines.append(_line(ns, 1, label, base, why, step1_keys))
    return norm, norm_keys, bvv_max


def _step2_pgl(w: _Work, norm: Money, norm_keys: tuple[str, ...], age_keys: tuple[str, ...]) -> None:
    """STAP 2, AOW age: the base used the norm below AOW age; the difference is added."""
    inp, ns, lines = w.inp, w.ns, w.lines
    factor, pct = w.factor, w.pct
    aow_norm, aow_keys, _ = _norm(ns, inp, aow=True, kostendelers=w.kostendelers)
    pgl = to_money((Fraction(aow_norm.cents) - Fraction(norm.cents)) * Fraction(factor))
    lines.append(
        _line(
            ns,
            2,
            N_("PGL-correctie (AOW-leeftijd)"),
            pgl.max0(),
            N_(
                "De basis gebruikt de norm voor 21 jaar tot AOW-leeftijd. Voor de AOW-leeftijd komt er "
                "%(pct)s %% van het verschil bij: %(pct)s %% × (%(aow_norm)s − %(norm)s).",
                pct=pct, aow_norm=format_eur(aow_norm), norm=format_eur(norm),
            ),
            (*aow_keys, *norm_keys, "bvv.factor", *age_keys),
        )
    )


def _step2_above_base(
    w: _Work,
    cost: Money | None,
    allowance: Money,
    key: str,
    times: int,
    label: str,
    explain: Callable[[Money, Money, Money], str],
    unused: str,
) -> None:
    """STAP 2, for housing and for the health premium alike: the cost after its allowance
    (huurtoeslag, zorgtoeslag), minus ``times`` the part the base is assumed to cover (norm
    ``key``), never below nil. An allowance without its cost is not used; that is said."""
    if cost is None:
        if allowance:
            w.assumptions.append(unused)
        return
    net = (cost - allowance).max0()
    each = w.ns.money(key)
    assumed = each * times
    w.lines.append(_line(w.ns, 2, label, (net - assumed).max0(), explain(net, assumed, each), (key,)))


def _step2_housing(w: _Work) -> None:
    """STAP 2: housing costs (after huurtoeslag) above what the base is assumed to cover."""
    inp = w.inp
    _step2_above_base(
        w, inp.housing_costs, inp.huurtoeslag, "vtlb.aanname_woonlasten_in_basis", 1,
        N_("Woonlasten boven wat de basis dekt"),
        lambda net, assumed, _each: N_(
            "Huur en servicekosten %(costs)s min huurtoeslag %(toeslag)s = %(net)s. Aangenomen dat "
            "%(assumed)s al in de basis zit (onzeker). Alleen het deel daarboven telt.",
            costs=format_eur(inp.housing_costs), toeslag=format_eur(inp.huurtoeslag),
            net=format_eur(net), assumed=format_eur(assumed),
        ),
        N_("Er is huurtoeslag ingevuld maar geen huur; de huurtoeslag is niet gebruikt."),
    )  # fmt: skip


def _step2_health_premium(w: _Work, adults: int) -> None:
    """STAP 2: the health premium (after zorgtoeslag) above what the base is assumed to cover."""
    inp = w.inp
    _step2_above_base(
        w, inp.health_premium, inp.zorgtoeslag, "vtlb.aanname_zorgpremie_in_basis", adults,
        N_("Zorgpremie boven wat de basis dekt"),
        lambda net, assumed, each: N_(
            "Premie %(premium)s min zorgtoeslag %(toeslag)s = %(net)s. Aangenomen dat %(assumed)s "
            "(%(adults)s × %(each)s) al in de basis zit (onzeker).",
            premium=format_eur(inp.health_premium), toeslag=format_eur(inp.zorgtoeslag),
            net=format_eur(net), assumed=format_eur(assumed), adults=adults, each=format_eur(each),
        ),
        N_("Er is zorgtoeslag ingevuld maar geen premie; de zorgtoeslag is niet gebruikt."),
    )  # fmt: skip


def _step2_kindgebonden_budget(w: _Work) -> None:
    """STAP 2: kindgebonden budget the household has a right to but does not receive."""
    inp, ns, lines = w.inp, w.ns, w.lines
    if inp.kindgebonden_budget_due is not None:
        missing = (inp.kindgebonden_budget_due - inp.kindgebonden_budget_received).max0()
        lines.append(
            _line(
                ns,
                2,
                N_("Kindgebonden budget dat ontbreekt"),
                missing,
                N_(
                    "Recht bij bijstandsniveau %(due)s, ontvangen %(received)s.",
                    due=format_eur(inp.kindgebonden_budget_due), received=format_eur(inp.kindgebonden_budget_received),
                ),
                (),
            )
        )


def _step2_eigen_risico(w: _Work, adults: int) -> None:
    """STAP 2: a monthly reservation for the health insurance's eigen risico."""
    inp, ns, lines = w.inp, w.ns, w.lines
    if inp.eigen_risico_reservation:
        yearly = ns.money("zorg.eigen_risico")
        lines.append(
            _line(
                ns,
                2,
                N_("Reservering eigen risico zorgverzekering"),
                to_money(Fraction(yearly.cents * adults, 12)),
                N_("%(adults)s × %(yearly)s per jaar / 12.", adults=adults, yearly=format_eur(yearly)),
                ("zorg.eigen_risico",),
            )
        )


def _step2_travel(w: _Work) -> None:
    """STAP 2: travel to work above the threshold distance."""
    inp, ns, lines, assumptions = w.inp, w.ns, w.lines, w.assumptions
    km = Decimal(inp.work_travel_km_per_day)
    threshold = ns.decimal("reiskosten.drempel_km_per_dag")
    if km > threshold:
        forfait = ns.money("reiskosten.forfait")
        per_km = ns.decimal("reiskosten.per_km")
        km_month = Fraction(km) * inp.work_days_per_week * Fraction(52, 12)
        cost = to_money(Fraction(forfait.cents) + km_month * Fraction(per_km) * 100)
        lines.append(
            _line(
                ns,
                2,
                N_("Reiskosten woon-werk"),
                cost,
                N_(
                    "%(km)s km per dag × %(days)s dagen × 52 / 12 = %(km_month)s km per maand. "
                    "%(forfait)s vast + € %(per_km)s per km.",
                    km=format_decimal_nl(km, 1), days=inp.work_days_per_week,
                    km_month=format_decimal_nl(Decimal(km_month.numerator) / Decimal(km_month.denominator), 1),
                    forfait=format_eur(forfait), per_km=format_decimal_nl(per_km, 3),
                ),
                ("reiskosten.drempel_km_per_dag", "reiskosten.forfait", "reiskosten.per_km"),
            )
        )
        if inp.work_days_per_week == 5:
            assumptions.append(N_("Reiskosten: 5 werkdagen per week (pas aan als dat anders is)."))
    elif km > 0:
        assumptions.append(
            N_(
                "Reiskosten: %(km)s km per dag is niet meer dan %(threshold)s km, dus geen correctie.",
                km=format_decimal_nl(km, 1), threshold=format_decimal_nl(threshold, 0),
            )
        )


def _step2_other_costs(w: _Work) -> None:
    """STAP 2: childcare, alimony and municipal taxes as paid, and the coach's other corrections."""
    inp, ns, lines, warnings = w.inp, w.ns, w.lines, w.warnings
    simple = (
        (inp.childcare_uncovered, N_("Kinderopvang die de toeslag niet dekt"), N_("Wat de bewoner zelf betaalt.")),
        (inp.alimony_paid, N_("Betaalde alimentatie"), N_("Alleen als nihilstelling niet lukt.")),
        (
            inp.municipal_taxes,
            N_("Gemeentelijke en waterschapsbelastingen"),
            N_("Uit de begroting, per maand. Telt mee omdat er geen kwijtschelding is."),
        ),
        (
            inp.study_costs_children,
            N_("Studiekosten van kinderen"),
            N_("Alleen in bijzondere gevallen; beslist de schuldhulpverlener."),
        ),
    )
    for amount, label, why_simple in simple:
        if amount:
            lines.append(_line(ns, 2, label, amount, why_simple, ()))
    if inp.alimony_paid:
        warnings.append(
            N_("Er wordt alimentatie betaald. Meestal vraagt de schuldhulpverlener eerst nihilstelling aan.")
        )
    for label, amount in inp.other_corrections:
        lines.append(_line(
            ns, 2, N_("Andere correctie: %(label)s", label=label), amount, N_("Beslist de schuldhulpverlener."), ()
        ))


def _line(ns: NormSet, step: int, label: str, amount: Money, why: str, keys: tuple[str, ...]) -> VtlbLine:
    uncertain = any(ns.amount(k).uncertain for k in keys)
    return VtlbLine(step, label, amount, why, keys, uncertain)


# --- from budget items -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VtlbIncome:
    counted_income: Money
    huurtoeslag: Money
    zorgtoeslag: Money
    kindgebonden_budget: Money


def income_from_items(items: Iterable[BudgetItem]) -> VtlbIncome:
    """Monthly income for the VTLB from budget items; the kind decides how each counts.

    Only the resident's and partner's items. Earmarked kinds (kinderbijslag,
    kinderopvangtoeslag, onkostenvergoeding) are dropped here and nowhere used.
    """
    own = [
        i
        for i in items
        if isinstance(i.kind, IncomeKind) and i.person in (Person.BEWONER, Person.PARTNER)
    ]

    def total(counting: IncomeCounting) -> Money:
        return monthly_total(i for i in own if isinstance(i.kind, IncomeKind) and i.kind.counting is counting)

    return VtlbIncome(
        counted_income=total(IncomeCounting.COUNTS),
        huurtoeslag=total(IncomeCounting.OFFSETS_RENT),
        zorgtoeslag=total(IncomeCounting.OFFSETS_HEALTH),
        kindgebonden_budget=total(IncomeCounting.INSIDE_VTLB),
    )


def vtlb_input_from_items(items: Iterable[BudgetItem], *, peildatum: date, **household: object) -> VtlbInput:
    """A VtlbInput whose income, toeslagen and kindgebonden budget come from budget items.

    ``household`` takes the other VtlbInput fields (has_partner, housing_costs, …).
    """
    inc = income_from_items(items)
    return VtlbInput(
        peildatum=peildatum,
        counted_income=inc.counted_income,
        huurtoeslag=inc.huurtoeslag,
        zorgtoeslag=inc.zorgtoeslag,
        kindgebonden_budget_received=inc.kindgebonden_budget,
        **household,  # type: ignore[arg-type]
    )

