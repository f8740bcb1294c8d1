"""From anonymised facts to a funder report that has passed disclosure control.

Pure module: no Flask, no SQLAlchemy, no floats. The app fills the fact dataclasses
below from the database *without* names or free text (opaque integer keys only) and
calls :func:`build_report`. Everything that leaves ``build_report`` has been through
:mod:`schoonschip.reports.rules.disclosure`.

How things are counted (also shown on the report page)
------------------------------------------------------
* A case is **active in the period** when it was opened on or before the last day and
  was not closed before the first day.
* **Bewoners geholpen met schulden** ("Uniek #"): residents with an active case at the
  location. A resident counts once per location and period, however many cases they
  have there. A resident helped at two locations counts once at *each* location; the
  **Totaal column adds the locations up** (as the organisation's 2016 tables did), so
  such a resident counts twice in the total. This keeps every row additive, which the
  disclosure control relies on.
* **Nieuwe dossiers**: opened in the period. **Stap A/B/C bereikt**: the date the case
  first reached that step lies in the period (``stages_reached`` keys ``"A"``, ``"B"``,
  ``"C"``). **Overgedragen**: handover date in the period, by route and by result.
  **Afgesloten**: closing date in the period, by reason. **Verwezen door**: the
  referral source of the new cases.
* **Bemiddeling huurachterstand** per housing corporation: started, arrangement made,
  instalments due in the period kept or missed, eviction averted or carried out (by
  the outcome date). Counted per location of the mediation.
* **Schulden**: for active cases with at least one debt. Creditors per case in bands
  1–2, 3–5, 6–10, meer dan 10 (distinct ``creditor_key``; a debt without a key counts
  as its own creditor). Total debt per case in bands below € 5.000, € 5.000 to
  € 15.000, € 15.000 to € 30.000, € 30.000 and more (a band includes its lower bound).
  Amounts are the amounts as recorded now, not as on the last day of the period.
* **Bedragen** (total debt, median, share of costs and fines, share per creditor
  category) are per resident and follow the amount rules of the disclosure module
  (≥ 10 residents, nobody more than half). If a location's figure is hidden, the Totaal
  figure of that row is hidden too, or it could be found by subtraction.
* **Contactmomenten en uren**: contact moments of active and closed cases with a date
  in the period; hours are whole hours, rounded down. **Korte vragen**: the quick
  tally (no personal data) by topic.
* Unknown or free-typed labels (a referral source, a landlord, a reason) are counted
  as "anders", so typed text never reaches a report.

Disclosure across tables
------------------------
Several tables share totals (handovers by route and by result both add up to the
handovers per location; referral sources add up to the new cases; the tables per
housing corporation add up to the rows of the core table). ``build_report`` protects
*all* tables of the report together: an entry hidden in one table is hidden in every
table that shows the same number, and the tables are protected again until nothing
changes. It always does this for every indicator, whatever the profile, so two profiles
for the same period and locations hide the same entries.

Across views: the pages do not call ``build_report`` for a free period any more. They
show slices of one protected family per year (``rules.family``, see docs/reports.md), built
by ``report_from_cells``; ``build_report`` remains for one period and location selection
(tests, tools).

Targets
-------
Targets are set per location, year and indicator. They are shown, with attainment and
colour, **only for a full calendar year period**: a target is a year figure, and
pro-rating it to a quarter or month would pretend that debt work is spread evenly over
the year. The Totaal column gets a target only when every selected location has one
(the sum of them).
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from schoonschip.dates import MONTHS_NL
from schoonschip.i18n import N_
from schoonschip.money import Money
from schoonschip.reports.rules.disclosure import (
    AMOUNT_HIDDEN_DISPLAY,
    DEFAULT_DOMINANCE,
    DEFAULT_K,
    DEFAULT_MIN_CONTRIBUTORS,
    HIDDEN_REASON,
    Cell,
    SafeAmount,
    SafeShare,
    SuppressedTable,
    assert_no_identifying_fields,
    method_explanation_nl,
    safe_median,
    safe_share,
    safe_sum,
    suppress_table,
)
from schoonschip.reports.rules.family import register_tables
from schoonschip.reports.rules.legend import LEGEND, LEGEND_RULE_NL, Attainment, Band, assess

__all__ = [
    "TOTAL_LABEL",
    "Period",
    "DebtFact",
    "Handover",
    "CaseFact",
    "Instalment",
    "MediationFact",
    "TallyFact",
    "ReportFacts",
    "Target",
    "Indicator",
    "INDICATORS",
    "Profile",
    "PROFILES",
    "Section",
    "AmountSection",
    "Report",
    "build_report",
]

TOTAL_LABEL = N_("Totaal")

# ----------------------------------------------------------------------- period

PeriodKind = Literal["year", "half", "quarter", "month", "range"]


@dataclass(frozen=True, slots=True)
class Period:
    """A report period; ``end`` is included."""

    start: date
    end: date
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("De einddatum ligt voor de begindatum.")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError("Een kwartaal is 1, 2, 3 of 4.")
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("Een halfjaar is 1 of 2.")
        return cls(date(year, 6 * half - 5, 1), date(year, 6 * half, 30 if half == 1 else 31), "half")

    @classmethod
    def from_code(cls, code: str) -> Period:
        """``"2026"``, ``"2026-H1"``, ``"2026-Q2"`` or ``"2026-05"`` (the closed family)."""
        if m := re.fullmatch(r"(\d{4})-H([12])", code):
            return cls.half(int(m[1]), int(m[2]))
        if re.fullmatch(r"\d{4}(-Q[1-4]|-\d{2})?", code):
            return cls.parse(code)
        raise ValueError("Kies een maand, kwartaal, halfjaar of jaar.")

    @property
    def code(self) -> str:
        """The period's code in the closed family; "" for a free range."""
        y = self.start.year
        if self.kind == "year":
            return str(y)
        if self.kind == "half":
            return f"{y}-H{1 if self.start.month == 1 else 2}"
        if self.kind == "quarter":
            return f"{y}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{y}-{self.start.month:02d}"
        return ""

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise ValueError("Een maand is 1 tot en met 12.")
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        return cls(start, end, "range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2026"``, ``"2026-Q3"``, ``"2026-05"`` or ``"2026-01-01..2026-06-30"``."""
        s = text.strip()
        try:
            if m := re.fullmatch(r"(\d{4})", s):
                return cls.year(int(m[1]))
            if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", s):
                return cls.quarter(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
                return cls.month(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", s):
                return cls.between(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError as exc:
            raise ValueError(f"Deze periode bestaat niet. {exc}") from None
        raise ValueError(
            "Dit is geen periode. Schrijf bijvoorbeeld 2026, 2026-Q3, 2026-05 of 2026-01-01..2026-06-30."
        )

    @property
    def full_year(self) -> int | None:
        """The year when the period is exactly one calendar year."""
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return self.start.year
        return None

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "half":
            return N_("%(year)s halfjaar %(half)s", year=self.start.year, half=1 if self.start.month == 1 else 2)
        if self.kind == "quarter":
            return N_("%(year)s kwartaal %(quarter)s", year=self.start.year, quarter=(self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            return N_("%(month)s %(year)s", month=MONTHS_NL[self.start.month - 1], year=self.start.year)
        return N_("%(start)s t/m %(end)s", start=_d(self.start), end=_d(self.end))

    @property
    def granularity(self) -> Literal["year", "quarter", "month", "day"]:
        """How fine a date in the report may be (see ``assert_no_identifying_fields``)."""
        if self.kind == "half":
            return "quarter"
        if self.kind in ("year", "quarter", "month"):
            return self.kind  # type: ignore[return-value]
        month_aligned = (
            self.start.day == 1 and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        )
        return "month" if month_aligned else "day"

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: date, end: date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)


def _d(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


# ------------------------------------------------------------------------ facts


def _check_key(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} is een ondoorzichtige sleutel (int), geen naam of dossiernummer.")


def _check_date(value: object, what: str) -> None:
    if not isinstance(value, date):
        raise TypeError(f"{what} moet een datum zijn.")


@dataclass(frozen=True, slots=True)
class DebtFact:
    """One debt of a case. ``creditor_key`` is the creditor register id (opaque)."""

    category: str
    total: Money
    costs_and_fines: Money = Money(0)
    creditor_key: int | None = None

    def __post_init__(self) -> None:
        for amount in (self.total, self.costs_and_fines):
            if not isinstance(amount, Money):
                raise TypeError("Bedragen van een schuld zijn Money, nooit float.")
            if amount.is_negative():
                raise ValueError("Een schuld kan niet negatief zijn.")
        if self.costs_and_fines > self.total:
            raise ValueError("Kosten en boetes kunnen niet hoger zijn dan de hele schuld.")
        if self.creditor_key is not None:
            _check_key(self.creditor_key, "creditor_key")


@dataclass(frozen=True, slots=True)
class Handover:
    """The handover to schuldhulpverlening: date, route and (later) its result."""

    day: date
    route: str
    result: str | None = None


@dataclass(frozen=True, slots=True)
class CaseFact:
    """One case, without anything personal. Keys are opaque integers."""

    case_key: int
    resident_key: int
    location: str
    opened: date
    stages_reached: Mapping[str, date] = field(default_factory=dict)
    closed: date | None = None
    close_reason: str | None = None
    referral_source: str | None = None
    handover: Handover | None = None
    landlord: str | None = None
    debts: tuple[DebtFact, ...] = ()
    contact_minutes: tuple[tuple[date, int], ...] = ()

    def __post_init__(self) -> None:
        _check_key(self.case_key, "case_key")
        _check_key(self.resident_key, "resident_key")
        _check_date(self.opened, "opened")
        for day, minutes in self.contact_minutes:
            _check_date(day, "Een contactmoment")
            if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
                raise ValueError("Minuten zijn een heel getal van 0 of meer.")

    def active_in(self, period: Period) -> bool:
        return period.overlaps(self.opened, self.closed)


@dataclass(frozen=True, slots=True)
class Instalment:
    due: date
    kept: bool


MediationOutcome = Literal["averted", "carried_out"]


@dataclass(frozen=True, slots=True)
class MediationFact:
    """One rent-arrears mediation. ``outcome``: ``"averted"`` (ontruiming afgewend) or
    ``"carried_out"`` (ontruiming uitgevoerd), counted on ``outcome_date``."""

    location: str
    landlord: str | None
    started: date
    arrangement_made: date | None = None
    instalments: tuple[Instalment, ...] = ()
    outcome: MediationOutcome | None = None
    outcome_date: date | None = None

    def __post_init__(self) -> None:
        _check_date(self.started, "started")
        if self.outcome not in (None, "averted", "carried_out"):
            raise ValueError("outcome is 'averted', 'carried_out' of None.")


@dataclass(frozen=True, slots=True)
class TallyFact:
    """The quick tally: how many one-off questions on a day, by topic. No person."""

    location: str
    day: date
    topic: str
    count: int

    def __post_init__(self) -> None:
        _check_date(self.day, "day")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise ValueError("Een turfaantal is een heel getal van 0 of meer.")


@dataclass(frozen=True, slots=True)
class ReportFacts:
    cases: tuple[CaseFact, ...] = ()
    mediations: tuple[MediationFact, ...] = ()
    tallies: tuple[TallyFact, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """A target (streefcijfer) set by a beheerder."""

    location: str
    year: int
    indicator_code: str
    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise ValueError("Een streefcijfer is een heel getal van 0 of meer.")


# ---------------------------------------------------------------- vocabularies


def _vocab(*pairs: tuple[str, str]) -> dict[str, str]:
    return dict(pairs)


HANDOVER_ROUTES = _vocab(
    ("minnelijk", N_("Minnelijk traject")), ("wsnp", N_("WSNP")), ("budgetbeheer", N_("Budgetbeheer")), ("anders", N_("Anders"))
)
HANDOVER_RESULTS = _vocab(
    ("geaccepteerd", N_("Geaccepteerd")),
    ("teruggestuurd", N_("Teruggestuurd")),
    ("regeling gestart", N_("Regeling gestart")),
    ("wsnp toegelaten", N_("WSNP toegelaten")),
    ("afgewezen", N_("Afgewezen")),
    ("nog geen uitslag", N_("Nog geen uitslag")),
)
CLOSE_REASONS = _vocab(
    ("doel bereikt", N_("Doel bereikt")),
    ("overgedragen", N_("Overgedragen")),
    ("geen contact meer", N_("Geen contact meer")),
    ("verhuisd", N_("Verhuisd")),
    ("op eigen verzoek", N_("Op eigen verzoek")),
    ("anders", N_("Anders")),
)
REFERRAL_SOURCES = _vocab(
    ("zelf", N_("Zelf gekomen")),
    ("buren", N_("Buren of bekenden")),
    ("wpi-klantmanager", N_("WPI-klantmanager")),
    ("woningcorporatie", N_("Woningcorporatie")),
    ("buurtteam", N_("Buurtteam")),
    ("voedselbank", N_("Voedselbank")),
    ("anders", N_("Anders")),
    ("onbekend", N_("Onbekend")),
)
LANDLORDS = _vocab(
    ("eigen haard", N_("Eigen Haard")),
    ("ymere", N_("Ymere")),
    ("rochdale", N_("Rochdale")),
    ("stadgenoot", N_("Stadgenoot")),
    ("de key", N_("De Key")),
    ("de alliantie", N_("De Alliantie")),
    ("particulier", N_("Particuliere verhuurder")),
    ("anders", N_("Anders")),
    ("onbekend", N_("Onbekend")),
)
TALLY_TOPICS = _vocab(
    ("brief", N_("Brief")), ("formulier", N_("Formulier")), ("schuld", N_("Schuld")), ("huur", N_("Huur")), ("anders", N_("Anders"))
)
CREDITOR_CATEGORIES = _vocab(
    ("belastingdienst", N_("Belastingdienst")),
    ("toeslagen", "Toeslagen"),
    ("cjib", "CJIB"),
    ("duo", "DUO"),
    ("uwv", N_("UWV")),
    ("svb", N_("SVB")),
    ("cak", N_("CAK")),
    ("gemeente", N_("Gemeente")),
    ("waterbedrijf", N_("Waterbedrijf")),
    ("energieleverancier", N_("Energieleverancier")),
    ("zorgverzekeraar", N_("Zorgverzekeraar")),
    ("woningcorporatie/verhuurder", N_("Woningcorporatie of verhuurder")),
    ("telecom", "Telecom"),
    ("bank/kredietverstrekker", N_("Bank of kredietverstrekker")),
    ("webwinkel/achteraf betalen", N_("Webwinkel of achteraf betalen")),
    ("incassobureau", N_("Incassobureau")),
    ("deurwaarder", N_("Deurwaarder")),
    ("anders", N_("Anders")),
)
CREDITOR_BANDS = _vocab(("1-2", N_("1 of 2")), ("3-5", N_("3 tot en met 5")), ("6-10", N_("6 tot en met 10")), (">10", N_("Meer dan 10")))
DEBT_BANDS = _vocab(
    ("<5000", N_("Minder dan € 5.000")),
    ("5000-15000", N_("€ 5.000 tot € 15.000")),
    ("15000-30000", N_("€ 15.000 tot € 30.000")),
    (">=30000", N_("€ 30.000 of meer")),
)


def _norm(value: str | None, vocab: Mapping[str, str], missing: str = "onbekend") -> str:
    """A vocabulary code; unknown or typed text becomes "anders", nothing becomes ``missing``."""
    if value is None or not value.strip():
        return missing if missing in vocab else "anders"
    key = value.strip().lower()
    return key if key in vocab else "anders"


def norm_code(value: str | None, vocab: Mapping[str, str], missing: str = "onbekend") -> str:
    """A vocabulary code for a stored code (see ``_norm``)."""
    return _norm(value, vocab, missing)


def creditor_band(n_creditors: int) -> str:
    if n_creditors <= 2:
        return "1-2"
    if n_creditors <= 5:
        return "3-5"
    if n_creditors <= 10:
        return "6-10"
    return ">10"


def debt_band(total: Money) -> str:
    if total.cents < 5_000_00:
        return "<5000"
    if total.cents < 15_000_00:
        return "5000-15000"
    if total.cents < 30_000_00:
        return "15000-30000"
    return ">=30000"


# ------------------------------------------------------------------- indicators

IndicatorKind = Literal["row", "table", "amount"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One thing a report can show. ``row``: a line in the core table (one number per
    location); ``table``: its own table with categories as rows; ``amount``: a line with
    an amount statistic. ``margin``: for a table, the row indicator its column totals
    equal (so both hide the same entries)."""

    code: str
    label: str
    unit: str
    kind: IndicatorKind
    margin: str | None = None
    categories: Mapping[str, str] | None = None


_ROW_INDICATORS = (
    Indicator(
        "klanten",
        N_("Formulierenbrigade, schuldhulptoeleiding en bemiddeling bij huurachterstanden — klanten"),
        N_("Klanten"),
        "row",
    ),
    Indicator("unique_residents", N_("Bewoners geholpen met schulden"), N_("Uniek #"), "row"),
    Indicator("new_cases", N_("Nieuwe dossiers"), N_("Dossiers"), "row"),
    Indicator("step_a", N_("Stap A bereikt: het verhaal achter de schulden"), N_("Dossiers"), "row"),
    Indicator("step_b", N_("Stap B bereikt: inzicht in schulden, inkomen en uitgaven"), N_("Dossiers"), "row"),
    Indicator("step_c", N_("Stap C bereikt: samen de schulden aanpakken"), N_("Dossiers"), "row"),
    Indicator("handovers", N_("Overgedragen aan de schuldhulpverlening"), N_("Dossiers"), "row"),
    Indicator("closed", N_("Afgesloten dossiers"), N_("Dossiers"), "row"),
    Indicator("cases_with_debts", N_("Dossiers met schulden in beeld"), N_("Dossiers"), "row"),
    Indicator("mediations_started", N_("Bemiddelingen bij huurachterstand gestart"), N_("Aantal"), "row"),
    Indicator("arrangements_made", N_("Betalingsregelingen met de verhuurder gemaakt"), N_("Aantal"), "row"),
    Indicator("instalments_kept", N_("Termijnen op tijd betaald"), N_("Termijnen"), "row"),
    Indicator("instalments_missed", N_("Termijnen gemist"), N_("Termijnen"), "row"),
    Indicator("evictions_averted", N_("Huisuitzetting voorkomen"), N_("Aantal"), "row"),
    Indicator("evictions_carried_out", N_("Huisuitzetting uitgevoerd"), N_("Aantal"), "row"),
    Indicator("contact_moments", N_("Contactmomenten"), N_("Aantal"), "row"),
    Indicator("contact_hours", N_("Uren contact met bewoners"), N_("Uren"), "row"),
    Indicator("tally_total", N_("Korte vragen (turflijst)"), N_("Aantal"), "row"),
)

_MEDIATION_MEASURES = (
    "mediations_started",
    "arrangements_made",
    "instalments_kept",
    "instalments_missed",
    "evictions_averted",
    "evictions_carried_out",
)

_TABLE_INDICATORS = (
    Indicator("handovers_by_route", N_("Overgedragen, naar soort traject"), N_("Dossiers"), "table", "handovers",
              HANDOVER_ROUTES),
    Indicator("handovers_by_result", N_("Overgedragen, naar uitkomst"), N_("Dossiers"), "table", "handovers",
              HANDOVER_RESULTS),
    Indicator("closed_by_reason", N_("Afgesloten, naar reden"), N_("Dossiers"), "table", "closed", CLOSE_REASONS),
    Indicator("referral_sources", N_("Nieuwe dossiers, naar wie de bewoner stuurde"), N_("Dossiers"), "table",
              "new_cases", REFERRAL_SOURCES),
    Indicator("creditor_bands", N_("Aantal schuldeisers per dossier"), N_("Dossiers"), "table", "cases_with_debts",
              CREDITOR_BANDS),
    Indicator("debt_bands", N_("Totale schuld per dossier"), N_("Dossiers"), "table", "cases_with_debts", DEBT_BANDS),
    Indicator("tally_by_topic", N_("Korte vragen, naar onderwerp"), N_("Aantal"), "table", "tally_total", TALLY_TOPICS),
) + tuple(
    Indicator(f"{m}_by_landlord", N_("%(label)s, per woningcorporatie", label=label), unit, "table", m, LANDLORDS)
    for m, label, unit in (
        ("mediations_started", N_("Bemiddelingen bij huurachterstand gestart"), N_("Aantal")),
        ("arrangements_made", N_("Betalingsregelingen met de verhuurder gemaakt"), N_("Aantal")),
        ("instalments_kept", N_("Termijnen op tijd betaald"), N_("Termijnen")),
        ("instalments_missed", N_("Termijnen gemist"), N_("Termijnen")),
        ("evictions_averted", N_("Huisuitzetting voorkomen"), N_("Aantal")),
        ("evictions_carried_out", N_("Huisuitzetting uitgevoerd"), N_("Aantal")),
    )
)  # fmt: skip

_AMOUNT_INDICATORS = (
    Indicator("debt_total", N_("Totale schuld"), "€", "amount"),
    Indicator("debt_median", N_("Mediaan van de schuld per bewoner (afgerond op € 100)"), "€", "amount"),
    Indicator("costs_share", N_("Deel van de schuld dat kosten en boetes zijn"), "%", "amount"),
    Indicator("category_share", N_("Deel van de schuld per soort schuldeiser"), "%", "amount"),
)

INDICATORS: dict[str, Indicator] = {i.code: i for i in _ROW_INDICATORS + _TABLE_INDICATORS + _AMOUNT_INDICATORS}
register_tables({i.code: (i.margin or "", tuple(i.categories or ())) for i in _TABLE_INDICATORS})


# --------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class Profile:
    """A selection of indicators for one audience. Data, not code."""

    code: str
    title: str
    audience: str
    indicators: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = [c for c in self.indicators if c not in INDICATORS]
        if unknown:
            raise ValueError(f"Onbekende indicatoren in profiel {self.code}: {', '.join(unknown)}")


PROFILES: dict[str, Profile] = {
    p.code: p
    for p in (
        Profile(
            "gemeente",
            N_("Jaaroverzicht schuldhulp voor de gemeente"),
            N_("Gemeente Amsterdam, stadsdeel Zuidoost"),
            (
                "klanten", "unique_residents", "new_cases", "step_a", "step_b", "step_c", "handovers", "closed",
                "mediations_started", "evictions_averted", "contact_moments", "contact_hours", "tally_total",
                "handovers_by_route", "closed_by_reason", "referral_sources", "tally_by_topic",
            ),
        ),
        Profile(
            "woningcorporaties",
            N_("Bemiddeling bij huurachterstand, per woningcorporatie"),
            N_("Eigen Haard, Rochdale, Ymere, Stadgenoot en andere verhuurders"),
            _MEDIATION_MEASURES + tuple(f"{m}_by_landlord" for m in _MEDIATION_MEASURES),
        ),
        Profile(
            "vsnk",
            N_("Schuldhulp voor Van Schulden naar Kansen"),
            N_("Stichting Van Schulden naar Kansen (Nationale Nederlanden)"),
            (
                "unique_residents", "new_cases", "step_a", "step_b", "step_c", "handovers", "cases_with_debts",
                "contact_hours", "handovers_by_route", "handovers_by_result", "creditor_bands", "debt_bands",
                "debt_total", "debt_median", "costs_share", "category_share",
            ),
        ),
        Profile("alles", N_("Alle cijfers"), N_("Beheerder"), tuple(INDICATORS)),
    )
}  # fmt: skip


# ------------------------------------------------------------------------ report


@dataclass(frozen=True, slots=True)
class Section:
    """A count table after disclosure control. Columns: the locations, then Totaal
    (the row totals). ``table.col_totals`` is None for the core table, whose rows are not
    summed. ``attainment[i][j]`` per row and column (locations + Totaal), or None."""

    code: str
    title: str
    unit: str
    row_codes: tuple[str, ...]
    row_units: tuple[str, ...]
    table: SuppressedTable
    attainment: tuple[tuple[Attainment | None, ...], ...] | None = None
    notes: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.table.col_labels + (TOTAL_LABEL,)


@dataclass(frozen=True, slots=True)
class AmountSection:
    """Amount statistics per location and in total; hidden ones have value None."""

    code: str
    title: str
    row_codes: tuple[str, ...]
    row_labels: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[SafeAmount | SafeShare, ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    profile: Profile
    period: Period
    locations: tuple[str, ...]
    k: int
    sections: tuple[Section | AmountSection, ...]
    method_explanation: str
    legend: tuple[Band, ...]
    legend_rule: str
    target_note: str
    notes: tuple[str, ...] = ()

    def section(self, code: str) -> Section | AmountSection:
        for s in self.sections:
            if s.code == code:
                return s
        raise KeyError(code)

    def export_rows(self) -> list[dict[str, str]]:
        """One flat row per published figure, for CSV and XLSX. Checked by the
        identifying-field guard before it is returned."""
        rows: list[dict[str, str]] = []
        for s in self.sections:
            if isinstance(s, Section):
                n = len(s.row_codes)
                for i in range(n):
                    for j, col in enumerate(s.columns):
                        cell = s.table.entry((i, j))
                        att = s.attainment[i][j] if s.attainment else None
                        rows.append(_export_row(s.title, s.table.row_labels[i], col, s.row_units[i], cell.display, att))
                if s.table.col_totals is not None:
                    for j, col in enumerate(s.columns):
                        cell = s.table.entry((n, j))
                        rows.append(_export_row(s.title, TOTAL_LABEL, col, s.unit, cell.display, None))
            else:
                for label, cells in zip(s.row_labels, s.cells, strict=True):
                    for col, amount in zip(s.columns, cells, strict=True):
                        row = _export_row(s.title, label, col, "", amount.display, None)
                        row["toelichting"] = amount.reason or ""
                        rows.append(row)
        assert_no_identifying_fields(rows, granularity=self.period.granularity, allowed_values={self.period.label})
        return rows


def _export_row(section: str, row: str, col: str, unit: str, value: str, att: Attainment | None) -> dict[str, str]:
    return {
        "onderdeel": section,
        "rij": row,
        "kolom": col,
        "eenheid": unit,
        "waarde": value,
        "streefcijfer": "" if att is None or att.target is None else str(att.target),
        "percentage": "" if att is None else att.display,
        "kleur": "" if att is None or att.band is None else att.band.label,
        "toelichting": "",
    }


# ------------------------------------------------------------------ aggregation


def _count(counter: Mapping[tuple[str, str], int], codes: Iterable[str], locations: Sequence[str]) -> list[list[int]]:
    return [[counter.get((code, loc), 0) for loc in locations] for code in codes]


@dataclass
class _Counts:
    """Raw counts: ``rows[(indicator, location)]`` and ``tables[code][(category, location)]``."""

    rows: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    tables: dict[str, dict[tuple[str, str], int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))


def _aggregate(facts: ReportFacts, period: Period, locations: Sequence[str]) -> _Counts:
    wanted = set(locations)
    c = _Counts()
    rows, tables = c.rows, c.tables
    residents: dict[str, set[int]] = defaultdict(set)
    minutes: dict[str, int] = defaultdict(int)

    for case in facts.cases:
        loc = case.location
        if loc not in wanted:
            continue
        active = case.active_in(period)
        if active:
            residents[loc].add(case.resident_key)
        if period.contains(case.opened):
            rows[("new_cases", loc)] += 1
            tables["referral_sources"][(_norm(case.referral_source, REFERRAL_SOURCES), loc)] += 1
        for step in ("A", "B", "C"):
            if period.contains(case.stages_reached.get(step)):
                rows[(f"step_{step.lower()}", loc)] += 1
        if case.handover is not None and period.contains(case.handover.day):
            rows[("handovers", loc)] += 1
            tables["handovers_by_route"][(_norm(case.handover.route, HANDOVER_ROUTES), loc)] += 1
            result = _norm(case.handover.result, HANDOVER_RESULTS, missing="nog geen uitslag")
            tables["handovers_by_result"][(result, loc)] += 1
        if period.contains(case.closed):
            rows[("closed", loc)] += 1
            tables["closed_by_reason"][(_norm(case.close_reason, CLOSE_REASONS), loc)] += 1
        if active and case.debts:
            rows[("cases_with_debts", loc)] += 1
            keys = {d.creditor_key if d.creditor_key is not None else ("debt", n) for n, d in enumerate(case.debts)}
            tables["creditor_bands"][(creditor_band(len(keys)), loc)] += 1
            total = Money(sum(d.total.cents for d in case.debts))
            tables["debt_bands"][(debt_band(total), loc)] += 1
        for day, mins in case.contact_minutes:
            if period.contains(day):
                rows[("contact_moments", loc)] += 1
                minutes[loc] += mins

    for loc in locations:
        rows[("unique_residents", loc)] = len(residents[loc])
        rows[("contact_hours", loc)] = minutes[loc] // 60

    for med in facts.mediations:
        loc = med.location
        if loc not in wanted:
            continue
        landlord = _norm(med.landlord, LANDLORDS)
        events: list[str] = []
        if period.contains(med.started):
            events.append("mediations_started")
        if period.contains(med.arrangement_made):
            events.append("arrangements_made")
        for inst in med.instalments:
            if period.contains(inst.due):
                events.append("instalments_kept" if inst.kept else "instalments_missed")
        if med.outcome is not None and period.contains(med.outcome_date):
            events.append("evictions_averted" if med.outcome == "averted" else "evictions_carried_out")
        for measure in events:
            rows[(measure, loc)] += 1
            tables[f"{measure}_by_landlord"][(landlord, loc)] += 1

    for tally in facts.tallies:
        if tally.location in wanted and period.contains(tally.day):
            rows[("tally_total", tally.location)] += tally.count
            tables["tally_by_topic"][(_norm(tally.topic, TALLY_TOPICS), tally.location)] += tally.count
    for loc in locations:
        rows[("klanten", loc)] = rows[("unique_residents", loc)] + rows[("tally_total", loc)]
    return c


# ---------------------------------------------------------- joint protection


@dataclass
class _Spec:
    code: str
    title: str
    unit: str
    row_codes: tuple[str, ...]
    row_labels: tuple[str, ...]
    row_units: tuple[str, ...]
    matrix: list[list[int]]
    column_totals: bool
    keys: dict[tuple[int, int], tuple[str, str]]


def _specs(counts: _Counts, locations: Sequence[str]) -> list[_Spec]:
    n_loc = len(locations)
    core_codes = tuple(i.code for i in _ROW_INDICATORS)
    core_keys: dict[tuple[int, int], tuple[str, str]] = {}
    for i, code in enumerate(core_codes):
        for j, loc in enumerate(locations):
            core_keys[(i, j)] = (code, loc)
        core_keys[(i, n_loc)] = (code, TOTAL_LABEL)
    specs = [
        _Spec(
            "kerncijfers",
            "Kerncijfers",
            "",
            core_codes,
            tuple(INDICATORS[c].label for c in core_codes),
            tuple(INDICATORS[c].unit for c in core_codes),
            _count(counts.rows, core_codes, locations),
            False,
            core_keys,
        )
    ]
    for ind in _TABLE_INDICATORS:
        assert ind.categories is not None and ind.margin is not None
        cats = tuple(ind.categories)
        keys = {(len(cats), j): (ind.margin, loc) for j, loc in enumerate(locations)}
        keys[(len(cats), n_loc)] = (ind.margin, TOTAL_LABEL)
        specs.append(
            _Spec(
                ind.code,
                ind.label,
                ind.unit,
                cats,
                tuple(ind.categories.values()),
                (ind.unit,) * len(cats),
                _count(counts.tables[ind.code], cats, locations),
                True,
                keys,
            )
        )
    return specs


def _protect_jointly(specs: Sequence[_Spec], locations: Sequence[str], k: int) -> dict[str, SuppressedTable]:
    """Protect every table; hide shared entries everywhere; repeat to a fixed point."""
    # Entries that carry the same key must be the same number.
    seen: dict[tuple[str, str], int] = {}
    for spec in specs:
        values = _augmented_values(spec)
        for pos, key in spec.keys.items():
            v = values[pos]
            if seen.setdefault(key, v) != v:
                raise AssertionError(f"shared entry {key} differs between tables")  # pragma: no cover

    hidden: set[tuple[str, str]] = set()
    while True:
        result: dict[str, SuppressedTable] = {}
        for spec in specs:
            force = {pos for pos, key in spec.keys.items() if key in hidden}
            result[spec.code] = suppress_table(
                spec.matrix,
                k,
                row_labels=spec.row_labels,
                col_labels=locations,
                column_totals=spec.column_totals,
                force_suppress=force,
            )
        now = {
            key
            for spec in specs
            for pos, key in spec.keys.items()
            if result[spec.code].entry(pos).suppressed
        }
        if now <= hidden:
            return result
        hidden |= now


def _augmented_values(spec: _Spec) -> dict[tuple[int, int], int]:
    values: dict[tuple[int, int], int] = {}
    n_cols = len(spec.matrix[0]) if spec.matrix else 0
    for i, row in enumerate(spec.matrix):
        for j, v in enumerate(row):
            values[(i, j)] = v
        values[(i, n_cols)] = sum(row)
    if spec.column_totals:
        n = len(spec.matrix)
        for j in range(n_cols):
            values[(n, j)] = sum(r[j] for r in spec.matrix)
        values[(n, n_cols)] = sum(sum(r) for r in spec.matrix)
    return values


# --------------------------------------------------------------------- amounts


def _amount_section(
    facts: ReportFacts,
    period: Period,
    locations: Sequence[str],
    codes: Sequence[str],
    min_contributors: int,
    dominance: Decimal,
) -> AmountSection:
    wanted = set(locations)
    # per column (location or TOTAL) -> resident -> amounts
    totals: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    costs: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_cat: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    categories: set[str] = set()
    for case in facts.cases:
        if case.location not in wanted or not case.active_in(period):
            continue
        for debt in case.debts:
            cat = _norm(debt.category, CREDITOR_CATEGORIES, missing="anders")
            categories.add(cat)
            for col in (case.location, TOTAL_LABEL):
                totals[col][case.resident_key] += debt.total.cents
                costs[col][case.resident_key] += debt.costs_and_fines.cents
                by_cat[col][cat][case.resident_key] += debt.total.cents

    columns = tuple(locations) + (TOTAL_LABEL,)

    def money(d: Mapping[int, int]) -> list[Money]:
        return [Money(v) for v in d.values()]

    rows: list[tuple[str, str, list[SafeAmount | SafeShare], bool]] = []
    rule = {"min_contributors": min_contributors, "dominance": dominance}
    for code in codes:
        if code == "debt_total":
            cells: list[SafeAmount | SafeShare] = [safe_sum(money(totals[c]), **rule) for c in columns]
            rows.append((code, INDICATORS[code].label, cells, True))
        elif code == "debt_median":
            cells = [safe_median(money(totals[c]), **rule) for c in columns]
            rows.append((code, INDICATORS[code].label, cells, False))
        elif code == "costs_share":
            cells = [safe_share(money(costs[c]), money(totals[c]), **rule) for c in columns]
            rows.append((code, INDICATORS[code].label, cells, True))
        elif code == "category_share":
            for cat in (c for c in CREDITOR_CATEGORIES if c in categories):
                cells = [safe_share(money(by_cat[c][cat]), money(totals[c]), **rule) for c in columns]
                label = N_("Deel van de schuld bij: %(category)s", category=CREDITOR_CATEGORIES[cat])
                rows.append((f"category_share:{cat}", label, cells, True))

    final: list[tuple[SafeAmount | SafeShare, ...]] = []
    for _code, _label, cells, additive in rows:
        if additive and any(_is_hidden(c) for c in cells[:-1]) and not _is_hidden(cells[-1]):
            reason = HIDDEN_REASON
            cells[-1] = (
                SafeAmount(None, AMOUNT_HIDDEN_DISPLAY, reason)
                if isinstance(cells[-1], SafeAmount)
                else SafeShare(None, AMOUNT_HIDDEN_DISPLAY, reason)
            )
        final.append(tuple(cells))
    return AmountSection(
        "bedragen",
        AMOUNT_TITLE,
        tuple(r[0] for r in rows),
        tuple(r[1] for r in rows),
        columns,
        tuple(final),
        amount_notes(min_contributors),
    )


AMOUNT_TITLE = N_("Bedragen")


def amount_notes(min_contributors: int) -> tuple[str, ...]:
    return (
        N_(
            "Een bedrag staat er alleen als minstens %(n)s bewoners meetellen "
            "en niemand meer dan de helft van het bedrag heeft.",
            n=min_contributors,
        ),
        N_("Bedragen zijn de schulden zoals ze nu in de dossiers staan."),
    )


def amount_label(code: str) -> str:
    """The (translatable) label of an amount row code, e.g. ``category_share:cjib``."""
    if code.startswith("category_share:"):
        cat = code.split(":", 1)[1]
        return N_("Deel van de schuld bij: %(category)s", category=CREDITOR_CATEGORIES.get(cat, cat))
    return INDICATORS[code].label


def _is_hidden(cell: SafeAmount | SafeShare) -> bool:
    return (cell.value if isinstance(cell, SafeAmount) else cell.percent) is None


# ----------------------------------------------------------------- build_report

TARGET_NOTE_YEAR = N_(
    "Streefcijfers gelden per jaar. Het percentage is het resultaat gedeeld door het streefcijfer."
)
TARGET_NOTE_OTHER = N_(
    "Streefcijfers gelden voor een heel jaar. Voor een kortere periode laten we ze niet zien: "
    "schuldhulp is niet gelijk verdeeld over het jaar."
)


def build_report(
    facts: ReportFacts,
    period: Period | str,
    locations: Sequence[str] | None = None,
    k: int = DEFAULT_K,
    profile: Profile | str = "gemeente",
    targets: Iterable[Target] = (),
    *,
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> Report:
    """Aggregate the facts for a period and locations, protect every count table
    together, attach targets (full years only) and return the profile's sections.

    ``locations`` None means every location that occurs in the facts (sorted)."""
    if isinstance(period, str):
        period = Period.parse(period)
    if isinstance(profile, str):
        if profile not in PROFILES:
            raise ValueError(f"Onbekend profiel. Kies uit: {', '.join(PROFILES)}.")
        profile = PROFILES[profile]
    method = method_explanation_nl(k)  # also checks k
    if locations is None:
        found = {c.location for c in facts.cases} | {m.location for m in facts.mediations}
        found |= {t.location for t in facts.tallies}
        locations = sorted(found)
    locs = tuple(locations)
    if not locs:
        raise ValueError("Kies minstens één locatie.")
    if len(set(locs)) != len(locs) or TOTAL_LABEL in locs:
        raise ValueError("Elke locatie mag één keer voorkomen, en heet niet 'Totaal'.")

    counts = _aggregate(facts, period, locs)
    specs = _specs(counts, locs)
    protected = _protect_jointly(specs, locs, k)

    year = period.full_year
    target_map: dict[tuple[str, str], int] = {}
    if year is not None:
        for t in targets:
            if t.year == year and t.location in locs:
                target_map[(t.indicator_code, t.location)] = t.value

    chosen = set(profile.indicators)
    sections: list[Section | AmountSection] = []
    core_spec = specs[0]
    core_rows = [i for i, code in enumerate(core_spec.row_codes) if code in chosen]
    if core_rows:
        sections.append(_core_section(core_spec, protected["kerncijfers"], core_rows, locs, target_map, year))
    for spec in specs[1:]:
        if spec.code in chosen:
            sections.append(
                Section(
                    spec.code,
                    spec.title,
                    spec.unit,
                    spec.row_codes,
                    spec.row_units,
                    protected[spec.code],
                    notes=_withheld_note(protected[spec.code]),
                )
            )
    amount_codes = [i.code for i in _AMOUNT_INDICATORS if i.code in chosen]
    if amount_codes:
        sections.append(_amount_section(facts, period, locs, amount_codes, min_contributors, dominance))

    return Report(
        profile=profile,
        period=period,
        locations=locs,
        k=k,
        sections=tuple(sections),
        method_explanation=method,
        legend=LEGEND,
        legend_rule=LEGEND_RULE_NL,
        target_note=TARGET_NOTE_YEAR if year is not None else TARGET_NOTE_OTHER,
    )


def _withheld_note(table: SuppressedTable) -> tuple[str, ...]:
    if table.withheld:
        return (N_("Deze tabel is helemaal afgeschermd: de aantallen zijn te klein om iets te laten zien."),)
    return ()


def _core_section(
    spec: _Spec,
    table: SuppressedTable,
    keep: Sequence[int],
    locations: Sequence[str],
    target_map: Mapping[tuple[str, str], int],
    year: int | None,
) -> Section:
    """The core table restricted to the profile's rows (rows are protected separately,
    so dropping rows keeps the protection intact)."""
    n_loc = len(locations)
    sub = SuppressedTable(
        tuple(spec.row_labels[i] for i in keep),
        table.col_labels,
        tuple(table.cells[i] for i in keep),
        tuple(table.row_totals[i] for i in keep),
        None,
        None,
        table.k,
        table.withheld,
    )
    attainment = None
    if year is not None:
        att_rows = []
        for i in keep:
            code = spec.row_codes[i]
            loc_targets = [target_map.get((code, loc)) for loc in locations]
            total_target = sum(t for t in loc_targets if t is not None) if None not in loc_targets else None
            row = []
            for j, tgt in enumerate(loc_targets + [total_target]):
                cell = table.entry((i, j))
                row.append(None if tgt is None else assess(cell.value, tgt, suppressed=cell.suppressed))
            att_rows.append(tuple(row))
        attainment = tuple(att_rows)
    assert len(sub.col_labels) == n_loc
    return Section(
        "kerncijfers",
        N_("Kerncijfers"),
        "",
        tuple(spec.row_codes[i] for i in keep),
        tuple(spec.row_units[i] for i in keep),
        sub,
        attainment,
        _withheld_note(sub),
    )


# ------------------------------------------------------------- views of the family

KLANTEN_NOTE = N_(
    "Klanten: de bewoners die we hielpen met een schuldendossier of een bemiddeling bij huurachterstand "
    "(elke bewoner één keer per locatie), plus de korte vragen van de turflijst. Die korte vragen zijn "
    "contacten, geen bewoners: iemand die twee keer langskwam telt daar twee keer."
)
YEAR_ONLY_NOTE = N_(
    "Klanten, bewoners, dossiers met schulden, uren, de tabellen naar soort (reden, traject, verhuurder, "
    "onderwerp) en de bedragen staan alleen in het jaaroverzicht. Een bewoner telt in elke maand mee waarin we "
    "hem hielpen; met maanden en kwartalen naast elkaar zou je verborgen aantallen kunnen terugrekenen."
)
CORRECTION_NOTE = N_(
    "Cijfers van een afgesloten periode veranderen niet meer. Wat later nog verandert, telt mee in de "
    "eerste open maand: de correctie."
)


def report_from_cells(
    cells: Mapping[tuple[str, str, str], Cell],
    period: Period,
    locations: Sequence[str],
    *,
    all_locations: bool,
    k: int,
    profile: Profile | str = "gemeente",
    targets: Iterable[Target] = (),
    amounts: AmountSection | None = None,
    closed: bool = False,
) -> Report:
    """One view of the protected family: the period's entries for these columns.

    ``all_locations``: the columns are every location and "Totaal" is their sum;
    otherwise one location, whose "Totaal" is itself."""
    if isinstance(profile, str):
        if profile not in PROFILES:
            raise ValueError(f"Onbekend profiel. Kies uit: {', '.join(PROFILES)}.")
        profile = PROFILES[profile]
    method = method_explanation_nl(k)
    code = period.code
    locs = tuple(locations)
    total_col = TOTAL_LABEL if all_locations else locs[0]
    is_year = period.kind == "year"
    chosen = set(profile.indicators)

    def row(key_code: str) -> tuple[tuple[Cell, ...], Cell]:
        return tuple(cells[(key_code, loc, code)] for loc in locs), cells[(key_code, total_col, code)]

    year = period.full_year
    target_map: dict[tuple[str, str], int] = {}
    if year is not None:
        for t in targets:
            if t.year == year and t.location in locs:
                target_map[(t.indicator_code, t.location)] = t.value

    sections: list[Section | AmountSection] = []
    year_rows = {"klanten", "unique_residents", "cases_with_debts", "contact_hours"}
    core = [i for i in _ROW_INDICATORS if i.code in chosen and (is_year or i.code not in year_rows)]
    if core:
        got = [row(i.code) for i in core]
        table = SuppressedTable(
            tuple(i.label for i in core), locs, tuple(g[0] for g in got), tuple(g[1] for g in got), None, None, k
        )
        attainment = None
        if year is not None:
            att_rows = []
            for n, ind in enumerate(core):
                loc_targets = [target_map.get((ind.code, loc)) for loc in locs]
                total_target = sum(t for t in loc_targets if t is not None) if None not in loc_targets else None
                if not all_locations:
                    total_target = loc_targets[0]
                out = []
                for j, tgt in enumerate(loc_targets + [total_target]):
                    cell = table.entry((n, j))
                    out.append(None if tgt is None else assess(cell.value, tgt, suppressed=cell.suppressed))
                att_rows.append(tuple(out))
            attainment = tuple(att_rows)
        notes = (KLANTEN_NOTE,) if "klanten" in chosen else ()
        sections.append(
            Section("kerncijfers", N_("Kerncijfers"), "", tuple(i.code for i in core), tuple(i.unit for i in core),
                    table, attainment, notes)
        )  # fmt: skip
    if is_year:
        for ind in _TABLE_INDICATORS:
            if ind.code not in chosen:
                continue
            assert ind.categories is not None and ind.margin is not None
            cats = tuple(ind.categories)
            got = [row(f"{ind.code}:{cat}") for cat in cats]
            margin = row(ind.margin)
            table = SuppressedTable(
                tuple(ind.categories.values()), locs, tuple(g[0] for g in got), tuple(g[1] for g in got),
                margin[0], margin[1], k,
            )  # fmt: skip
            sections.append(Section(ind.code, ind.label, ind.unit, cats, (ind.unit,) * len(cats), table))
        if amounts is not None:
            sections.append(amounts)
    report_notes: list[str] = []
    if not is_year:
        report_notes.append(YEAR_ONLY_NOTE)
    report_notes.append(CORRECTION_NOTE)
    if closed:
        report_notes.append(N_("Deze periode is afgesloten: dit zijn de cijfers zoals ze zijn gepubliceerd."))
    return Report(
        profile=profile,
        period=period,
        locations=locs,
        k=k,
        sections=tuple(sections),
        method_explanation=method,
        legend=LEGEND,
        legend_rule=LEGEND_RULE_NL,
        target_note=TARGET_NOTE_YEAR if year is not None else TARGET_NOTE_OTHER,
        notes=tuple(report_notes),
    )


def amount_section_for(
    facts: ReportFacts,
    period: Period,
    locations: Sequence[str],
    profile: Profile | str,
    *,
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> AmountSection | None:
    """The amount statistics of a year view (None when the profile has none)."""
    if isinstance(profile, str):
        profile = PROFILES[profile]
    codes = [i.code for i in _AMOUNT_INDICATORS if i.code in profile.indicators]
    if not codes:
        return None
    return _amount_section(facts, period, locations, codes, min_contributors, dominance)
