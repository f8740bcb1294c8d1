"""Income and expense items, frequencies and the monthly budget summary (pure module).

Money flows are kept apart as rules.md §0.5 asks:

* ``counts``: net income that counts for the afloscapaciteit (wages, benefits, pensions,
  alimentatie received, vakantiegeld);
* ``earmarked``: stays with the resident and never raises capacity: kinderbijslag
  (Rv art. 475c), kinderopvangtoeslag, genuine onkostenvergoedingen (rules.md §1.2, §1.3);
* ``offsets_rent`` / ``offsets_health``: huurtoeslag and zorgtoeslag lower the cost they are
  meant for (rules.md §0.5, §1.2 last bullets) instead of counting as income;
* ``inside_vtlb``: the kindgebonden budget, handled inside the VTLB and never paid to
  creditors (rules.md §1.3).

Every amount is :class:`~schoonschip.money.Money`; conversion to a month is exact and
rounded once (see :mod:`schoonschip.budget.rules.exact`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from schoonschip.budget.rules.exact import apportion, round_half_up, to_money
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.money import Money, format_eur

__all__ = [
    "IncomeCounting",
    "IncomeKind",
    "Person",
    "ExpenseGroup",
    "ExpenseKind",
    "Frequency",
    "BudgetItem",
    "BudgetSummary",
    "to_monthly",
    "to_monthly_exact",
    "summarise",
    "counted_income",
    "monthly_total",
    "shortfall_sentence",
]


class IncomeCounting(LabelledEnum):
    """How an income kind counts (rules.md §0.5)."""

    COUNTS = "counts", N_("Telt mee voor het aflossen")
    EARMARKED = "earmarked", N_("Blijft bij de bewoner")
    OFFSETS_RENT = "offsets_rent", N_("Gaat af van de huur")
    OFFSETS_HEALTH = "offsets_health", N_("Gaat af van de zorgpremie")
    INSIDE_VTLB = "inside_vtlb", N_("Blijft bij de bewoner (zit in de VTLB)")


class IncomeKind(LabelledEnum):
    """Kinds of income, with a Dutch label and how each counts."""

    LOON = "loon", N_("Loon (netto)")
    PARTICIPATIEWET = "participatiewet", N_("Bijstand (Participatiewet)")
    WW = "ww", N_("WW-uitkering")
    ZW = "zw", N_("Ziektewet-uitkering")
    WIA_WAO_WAJONG = "wia_wao_wajong", N_("WIA, WAO of Wajong")
    AOW = "aow", N_("AOW")
    PENSIOEN = "pensioen", N_("Pensioen")
    ALIMENTATIE_ONTVANGEN = "alimentatie_ontvangen", N_("Alimentatie die u krijgt")
    HUURTOESLAG = "huurtoeslag", N_("Huurtoeslag")
    ZORGTOESLAG = "zorgtoeslag", N_("Zorgtoeslag")
    KINDGEBONDEN_BUDGET = "kindgebonden_budget", N_("Kindgebonden budget")
    KINDERBIJSLAG = "kinderbijslag", N_("Kinderbijslag")
    KINDEROPVANGTOESLAG = "kinderopvangtoeslag", N_("Kinderopvangtoeslag")
    VAKANTIEGELD = "vakantiegeld", N_("Vakantiegeld")
    ONKOSTENVERGOEDING = "onkostenvergoeding", N_("Onkostenvergoeding")
    ANDERS = "anders", N_("Ander inkomen")

    @property
    def counting(self) -> IncomeCounting:
        return _INCOME_COUNTING[self]



_INCOME_COUNTING: Mapping[IncomeKind, IncomeCounting] = MappingProxyType(
    {
        **{k: IncomeCounting.COUNTS for k in IncomeKind},
        IncomeKind.HUURTOESLAG: IncomeCounting.OFFSETS_RENT,
        IncomeKind.ZORGTOESLAG: IncomeCounting.OFFSETS_HEALTH,
        IncomeKind.KINDGEBONDEN_BUDGET: IncomeCounting.INSIDE_VTLB,
        IncomeKind.KINDERBIJSLAG: IncomeCounting.EARMARKED,
        IncomeKind.KINDEROPVANGTOESLAG: IncomeCounting.EARMARKED,
        IncomeKind.ONKOSTENVERGOEDING: IncomeCounting.EARMARKED,
    }
)


class Person(LabelledEnum):
    """Whose income or cost it is."""

    BEWONER = "bewoner", N_("Bewoner")  # the resident (client)
    PARTNER = "partner", N_("Partner")
    HUISGENOOT = "huisgenoot", N_("Huisgenoot")  # other household member


class ExpenseGroup(LabelledEnum):
    """Nibud grouping of expenses."""

    VASTE_LASTEN = "vaste_lasten", N_("Vaste lasten")
    RESERVERINGSUITGAVEN = "reserveringsuitgaven", N_("Reserveringsuitgaven")
    HUISHOUDELIJKE_UITGAVEN = "huishoudelijke_uitgaven", N_("Huishoudelijke uitgaven")
    ANDERS = "anders", N_("Overige uitgaven")


class ExpenseKind(StrEnum):
    """Kinds of expense, each in one Nibud group."""

    HUUR_SERVICEKOSTEN = "huur_servicekosten"
    ENERGIE = "energie"
    WATER = "water"
    GEMEENTELIJKE_BELASTINGEN = "gemeentelijke_belastingen"
    ZORGVERZEKERING = "zorgverzekering"
    EIGEN_RISICO = "eigen_risico"
    VERZEKERINGEN = "verzekeringen"
    TELEFOON_INTERNET = "telefoon_internet"
    KINDEROPVANG = "kinderopvang"
    ALIMENTATIE_BETAALD = "alimentatie_betaald"
    REISKOSTEN = "reiskosten"
    LOPENDE_REGELINGEN = "lopende_regelingen"
    KLEDING = "kleding"
    INVENTARIS = "inventaris"
    ONDERHOUD = "onderhoud"
    BOODSCHAPPEN = "boodschappen"
    PERSOONLIJKE_VERZORGING = "persoonlijke_verzorging"
    ANDERS = "anders"

    @property
    def label(self) -> str:
        return _EXPENSE[self][0]

    @property
    def group(self) -> ExpenseGroup:
        return _EXPENSE[self][1]


_V, _R, _H = ExpenseGroup.VASTE_LASTEN, ExpenseGroup.RESERVERINGSUITGAVEN, ExpenseGroup.HUISHOUDELIJKE_UITGAVEN
_EXPENSE: Mapping[ExpenseKind, tuple[str, ExpenseGroup]] = MappingProxyType(
    {
        ExpenseKind.HUUR_SERVICEKOSTEN: (N_("Huur en servicekosten"), _V),
        ExpenseKind.ENERGIE: (N_("Energie"), _V),
        ExpenseKind.WATER: (N_("Water"), _V),
        ExpenseKind.GEMEENTELIJKE_BELASTINGEN: (N_("Gemeentelijke en waterschapsbelastingen"), _V),
        ExpenseKind.ZORGVERZEKERING: (N_("Zorgverzekering"), _V),
        ExpenseKind.EIGEN_RISICO: (N_("Eigen risico"), _V),
        ExpenseKind.VERZEKERINGEN: (N_("Andere verzekeringen"), _V),
        ExpenseKind.TELEFOON_INTERNET: (N_("Telefoon en internet"), _V),
        ExpenseKind.KINDEROPVANG: (N_("Kinderopvang"), _V),
        ExpenseKind.ALIMENTATIE_BETAALD: (N_("Alimentatie die u betaalt"), _V),
        ExpenseKind.REISKOSTEN: (N_("Reiskosten"), _V),
        ExpenseKind.LOPENDE_REGELINGEN: (N_("Lopende betalingsregelingen"), _V),
        ExpenseKind.KLEDING: (N_("Kleding en schoenen"), _R),
        ExpenseKind.INVENTARIS: (N_("Inventaris (meubels, apparaten)"), _R),
        ExpenseKind.ONDERHOUD: (N_("Onderhoud huis en tuin"), _R),
        ExpenseKind.BOODSCHAPPEN: (N_("Boodschappen"), _H),
        ExpenseKind.PERSOONLIJKE_VERZORGING: (N_("Persoonlijke verzorging"), _H),
        ExpenseKind.ANDERS: (N_("Andere uitgaven"), ExpenseGroup.ANDERS),
    }
)


class Frequency(LabelledEnum):
    """How often an amount is paid or received."""

    WEEK = "week", N_("per week")
    VIER_WEKEN = "vier_weken", N_("per 4 weken")
    MAAND = "maand", N_("per maand")
    KWARTAAL = "kwartaal", N_("per kwartaal")
    JAAR = "jaar", N_("per jaar")

    @property
    def per_month(self) -> Fraction:
        """Exact factor to a month: week 52/12, four weeks 13/12, quarter 1/3, year 1/12."""
        return _PER_MONTH[self]


_PER_MONTH: Mapping[Frequency, Fraction] = MappingProxyType(
    {
        Frequency.WEEK: Fraction(52, 12),
        Frequency.VIER_WEKEN: Fraction(13, 12),
        Frequency.MAAND: Fraction(1),
        Frequency.KWARTAAL: Fraction(1, 3),
        Frequency.JAAR: Fraction(1, 12),
    }
)


def to_monthly_exact(amount: Money, freq: Frequency) -> Fraction:
    """The exact monthly amount in cents, as a Fraction (no rounding at all).

    Use this to add many items and round once with :func:`schoonschip.budget.rules.exact.to_money`.
    (A Decimal cannot hold 52/12 exactly; a Fraction can.)
    """
    if not isinstance(amount, Money):
        raise TypeError("to_monthly takes Money")
    return amount.cents * Frequency(freq).per_month


def to_monthly(amount: Money, freq: Frequency) -> Money:
    """Amount per ``freq`` to an amount per month, rounded half up to the cent once."""
    return to_money(to_monthly_exact(amount, freq))


@dataclass(frozen=True, slots=True)
class BudgetItem:
    """One income or expense line. ``kind`` decides which of the two it is."""

    kind: IncomeKind | ExpenseKind
    person: Person
    amount: Money
    frequency: Frequency
    label: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, IncomeKind | ExpenseKind):
            raise TypeError("kind must be an IncomeKind or ExpenseKind")
        if not isinstance(self.amount, Money):
            raise TypeError("amount must be Money")
        if self.amount.is_negative():
            raise ValueError("Een bedrag in de begroting kan niet negatief zijn.")
        Person(self.person)
        Frequency(self.frequency)

    @property
    def is_income(self) -> bool:
        return isinstance(self.kind, IncomeKind)

    @property
    def monthly_exact(self) -> Fraction:
        return to_monthly_exact(self.amount, self.frequency)

    @property
    def monthly(self) -> Money:
        return to_monthly(self.amount, self.frequency)


def monthly_total(items: Iterable[BudgetItem]) -> Money:
    """Sum of the items per month: exact sum, rounded once."""
    return to_money(sum((i.monthly_exact for i in items), Fraction(0)))


def counted_income(items: Iterable[BudgetItem]) -> Money:
    """Net monthly income that counts for the afloscapaciteit (rules.md §0.5, §1.3).

    Only income items of kind ``counts`` of the resident and the partner; income of another
    household member (a kostendeler) is not the resident's income. Earmarked income,
    toeslagen and the kindgebonden budget are filtered out by kind.
    """
    return monthly_total(
        i
        for i in items
        if isinstance(i.kind, IncomeKind)
        and i.kind.counting is IncomeCounting.COUNTS
        and i.person in (Person.BEWONER, Person.PARTNER)
    )


@dataclass(frozen=True, slots=True)
class BudgetSummary:
    """Monthly budget of a household; every amount per month.

    ``left_over`` is all money coming in minus all money going out (a household budget, so
    earmarked income and toeslagen are included: they pay for costs too). It is *not* the
    afloscapaciteit; that comes from :mod:`schoonschip.budget.rules.vtlb`.
    """

    income_total: Money
    counted_income: Money
    earmarked_income: Money
    huurtoeslag: Money
    zorgtoeslag: Money
    kindgebonden_budget: Money
    income_by_counting: Mapping[IncomeCounting, Money]
    expenses_by_group: Mapping[ExpenseGroup, Money]
    expense_total: Money
    left_over: Money
    sentence: str
    housemate_income: Money = Money(0)
    """Income of a huisgenoot: part of ``income_total``, never of the afloscapaciteit."""

    @property
    def shortfall(self) -> Money:
        """What is short per month (zero when nothing is short)."""
        return (-self.left_over).max0()

    @property
    def toeslagen_offsets(self) -> Money:
        return self.huurtoeslag + self.zorgtoeslag


def shortfall_sentence(left_over: Money) -> str:
    """A plain-Dutch (B1) sentence about the monthly balance."""
    if left_over.is_negative():
        return N_("Er komt elke maand %(amount)s te weinig binnen.", amount=format_eur(-left_over))
    if left_over.cents == 0:
        return N_("Er blijft elke maand niets over. Wat binnenkomt, gaat er ook weer uit.")
    return N_("Er blijft elke maand %(amount)s over.", amount=format_eur(left_over))


def _grouped(values: Mapping[str, Fraction], total: int) -> dict[str, int]:
    keys = sorted(values)
    cents = apportion([values[k] for k in keys], total, keys)
    return dict(zip(keys, cents, strict=True))


def summarise(incomes: Iterable[BudgetItem], expenses: Iterable[BudgetItem]) -> BudgetSummary:
    """Monthly totals per group, counted vs earmarked income, and the balance.

    Totals are exact sums rounded once; the group amounts are split from the rounded total
    with the largest-remainder method, so the groups on screen add up to the total exactly.
    ``income_by_counting`` groups every income item by its kind (all persons);
    ``counted_income`` is only the resident's and the partner's (see :func:`counted_income`),
    so income of a huisgenoot shows in the budget but never in the afloscapaciteit.
    """
    incomes = list(incomes)
    expenses = list(expenses)
    for i in incomes:
        if not i.is_income:
            raise ValueError("Een uitgave staat bij de inkomsten.")
    for e in expenses:
        if e.is_income:
            raise ValueError("Een inkomen staat bij de uitgaven.")

    by_counting: dict[str, Fraction] = {c.value: Fraction(0) for c in IncomeCounting}
    for i in incomes:
        assert isinstance(i.kind, IncomeKind)
        by_counting[i.kind.counting.value] += i.monthly_exact
    income_exact = sum(by_counting.values(), Fraction(0))
    income_total = round_half_up(income_exact)
    inc = _grouped(by_counting, income_total)

    by_group: dict[str, Fraction] = {g.value: Fraction(0) for g in ExpenseGroup}
    for e in expenses:
        assert isinstance(e.kind, ExpenseKind)
        by_group[e.kind.group.value] += e.monthly_exact
    expense_total = round_half_up(sum(by_group.values(), Fraction(0)))
    exp = _grouped(by_group, expense_total)

    def item_sum(kind: IncomeKind) -> Money:
        return monthly_total(i for i in incomes if i.kind is kind)

    left_over = Money(income_total - expense_total)
    return BudgetSummary(
        income_total=Money(income_total),
        counted_income=counted_income(incomes),
        earmarked_income=Money(inc[IncomeCounting.EARMARKED.value]),
        huurtoeslag=item_sum(IncomeKind.HUURTOESLAG),
        zorgtoeslag=item_sum(IncomeKind.ZORGTOESLAG),
        kindgebonden_budget=item_sum(IncomeKind.KINDGEBONDEN_BUDGET),
        income_by_counting=MappingProxyType({c: Money(inc[c.value]) for c in IncomeCounting}),
        expenses_by_group=MappingProxyType({g: Money(exp[g.value]) for g in ExpenseGroup}),
        expense_total=Money(expense_total),
        left_over=left_over,
        sentence=shortfall_sentence(left_over),
        housemate_income=monthly_total(i for i in incomes if i.person is Person.HUISGENOOT),
    )
