"""Rent-arrears mediation and crisis rules (bemiddeling bij huurachterstand).

Pure module: no Flask, no SQLAlchemy. Sources in ``/work/shared/domain/rules.md``:
§4 (the chain from first signal to eviction, what a tracker records), §3.3 (the three
Wgs crisis situations) and §1.4 (help within 3 werkdagen in a threatening situation).

Definitions used by the app (shown to coaches where they matter):

**Maandhuur die de bewoner zelf moet betalen** (:func:`monthly_rent_due`)
    kale huur + servicekosten − huurtoeslag, *but the huurtoeslag only when it is paid
    straight to the landlord*. When the Belastingdienst pays the huurtoeslag to the
    resident, the resident owes the landlord the full rent every month, so a month not
    paid adds the full rent to the arrears. When the toeslag goes to the landlord, a month
    not paid adds only the resident's own part.

**Achterstand in maanden** (:func:`arrears_months`)
    arrears ÷ the monthly rent due above, rounded *down* to one decimal. Rounding down
    on purpose: kantonrechters usually grant ontbinding and ontruiming only from about
    three months' arrears (rules.md §4 [S]), and 2,96 months must not read as "3,0".
    Collection and court costs are kept apart and are *not* in the arrears amount.
    No answer (``None``) when the rent is unknown or nothing is due each month.

**Uiterste datum bij een crisis** (:func:`crisis_deadline`)
    the third working day after the day the crisis became known (that day itself does
    not count, like a legal term: known on a Friday → Wednesday). Working days skip
    Saturdays, Sundays and the Dutch public holidays of art. 3 Algemene termijnenwet
    (Nieuwjaarsdag, Tweede Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, Tweede
    Pinksterdag, Eerste en Tweede Kerstdag) [K: background knowledge; Goede Vrijdag is
    not a holiday under that law]. The Wgs "3 werkdagen" comes from municipal policy
    plans [S].

**Urgency on the coordinator's list** (:func:`urgency_key`)
    1. a case in crisis, earliest deadline first;
    2. then a mediation with a missed instalment (landlords restart the procedure);
    3. then the earliest next date (zitting, ontruiming, instalment), no date last;
    4. then the most months of arrears.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from functools import lru_cache

from schoonschip.i18n import N_, LabelledEnum
from schoonschip.money import Money

__all__ = [
    "MediationStage",
    "STAGE_LABELS_NL",
    "STAGES_BEFORE_ARRANGEMENT",
    "EVENT_DATE_STAGES",
    "MediationOutcome",
    "OUTCOME_LABELS_NL",
    "CLOSING_OUTCOMES",
    "CrisisKind",
    "CRISIS_LABELS_NL",
    "CrisisAction",
    "CRISIS_ACTION_LABELS_NL",
    "InstalmentStatus",
    "ArrangementEnd",
    "ARRANGEMENT_END_LABELS_NL",
    "CRISIS_WORKING_DAYS",
    "COURT_THRESHOLD_MONTHS",
    "MAX_INSTALMENTS",
    "monthly_rent_due",
    "arrears_months",
    "format_months_nl",
    "at_court_threshold",
    "dutch_public_holidays",
    "is_working_day",
    "add_working_days",
    "crisis_deadline",
    "working_days_left",
    "instalment_due_dates",
    "NextDate",
    "next_date",
    "UrgencyFacts",
    "urgency_key",
    "PlanCheck",
    "check_plan",
]

# Help must start within this many working days in a threatening situation (rules.md §1.4).
CRISIS_WORKING_DAYS = 3
# Kantonrechters' convention: ontbinding + ontruiming from about 3 months' rent (rules.md §4 [S]).
COURT_THRESHOLD_MONTHS = Decimal(3)
# A payment arrangement longer than five years is not a rent arrangement any more.
MAX_INSTALMENTS = 60


# ------------------------------------------------------------------------- stages
class MediationStage(LabelledEnum):
    """The chain of rules.md §4, in its usual order. A case can move back and forth:
    a failed regeling goes back to the deurwaarder."""

    SIGNAAL = "signaal", N_("Signaal of contact met de verhuurder")
    VROEG_EROPAF = "vroeg_eropaf", N_("Vroeg Eropaf-melding")
    AANBOD_HULP = "aanbod_hulp", N_("Aanbod van hulp")
    BETALINGSREGELING = "betalingsregeling", N_("Betalingsregeling")
    DEURWAARDER = "deurwaarder", N_("Deurwaarder (sommatie)")
    DAGVAARDING = "dagvaarding", N_("Dagvaarding (zitting bij de kantonrechter)")
    VONNIS = "vonnis", N_("Vonnis")
    AANZEGGING_ONTRUIMING = "aanzegging_ontruiming", N_("Aanzegging ontruiming")
    ONTRUIMING_AFGEWEND = "ontruiming_afgewend", N_("Ontruiming afgewend")
    ONTRUIMING_UITGEVOERD = "ontruiming_uitgevoerd", N_("Ontruiming uitgevoerd")


STAGE_LABELS_NL = MediationStage.labels()

# Making a payment arrangement moves the mediation to "betalingsregeling" only from these
# early stages; later (deurwaarder, vonnis) the coach says where it stands.
STAGES_BEFORE_ARRANGEMENT = frozenset({MediationStage.SIGNAAL, MediationStage.VROEG_EROPAF, MediationStage.AANBOD_HULP})

# Stages that come with a date that matters: the day of the court hearing, the day of the
# announced eviction.
EVENT_DATE_STAGES = {
    MediationStage.DAGVAARDING: N_("Datum van de zitting"),
    MediationStage.AANZEGGING_ONTRUIMING: N_("Datum van de ontruiming"),
}


class MediationOutcome(LabelledEnum):
    OPGELOST = "opgelost", N_("Opgelost")
    REGELING_LOOPT = "regeling_loopt", N_("Regeling loopt")
    DOORVERWEZEN = "doorverwezen", N_("Doorverwezen")
    ONTRUIMD = "ontruimd", N_("Ontruimd")


OUTCOME_LABELS_NL = MediationOutcome.labels()

# These end the mediation; "regeling loopt" keeps it running (the instalments still need watching).
CLOSING_OUTCOMES = frozenset({MediationOutcome.OPGELOST, MediationOutcome.DOORVERWEZEN, MediationOutcome.ONTRUIMD})


# ------------------------------------------------------------------------- crisis
class CrisisKind(LabelledEnum):
    """The Wgs crisis situations (rules.md §3.3). Energy and water are apart here
    (different companies to call); readiness groups them."""

    ONTRUIMING = "ontruiming", N_("Ontruiming van de woning")
    AFSLUITING_ENERGIE = "afsluiting_energie", N_("Afsluiting van gas, stroom of stadsverwarming")
    AFSLUITING_WATER = "afsluiting_water", N_("Afsluiting van water")
    ZORGVERZEKERING_OPGEZEGD = "zorgverzekering_opgezegd", N_("Zorgverzekering opgezegd")


CRISIS_LABELS_NL = CrisisKind.labels()


class CrisisAction(LabelledEnum):
    """What was done about a crisis (coded, no free text)."""

    DOORVERWEZEN = "doorverwezen", N_("Doorverwezen (buurtteam, MaDi, Kredietbank)")
    MORATORIUM_AANGEVRAAGD = "moratorium_aangevraagd", N_("Afkoelingsperiode (moratorium) aangevraagd")
    REGELING_GETROFFEN = "regeling_getroffen", N_("Regeling getroffen")
    OPGELOST = "opgelost", N_("Opgelost")


CRISIS_ACTION_LABELS_NL = CrisisAction.labels()


class InstalmentStatus(StrEnum):
    OPEN = "open"
    BETAALD = "betaald"
    GEMIST = "gemist"


class ArrangementEnd(LabelledEnum):
    AFGELOST = "afgelost", N_("Helemaal afgelost")
    GESTOPT = "gestopt", N_("Gestopt (de verhuurder of de bewoner stopte de regeling)")
    VERVANGEN = "vervangen", N_("Vervangen door een nieuwe regeling")


ARRANGEMENT_END_LABELS_NL = ArrangementEnd.labels()


# ------------------------------------------------------------------ rent, arrears
def monthly_rent_due(
    kale_huur: Money | None,
    servicekosten: Money | None = None,
    huurtoeslag: Money | None = None,
    *,
    toeslag_to_landlord: bool = False,
) -> Money | None:
    """What the resident must pay the landlord each month (see the module docstring).

    ``None`` when the kale huur is unknown. Can be zero or less when the huurtoeslag paid
    to the landlord covers everything; :func:`arrears_months` then gives no answer."""
    if kale_huur is None:
        return None
    for value in (kale_huur, servicekosten, huurtoeslag):
        if value is not None and not isinstance(value, Money):
            raise TypeError("amounts are Money")
    due = kale_huur + (servicekosten or Money(0))
    if toeslag_to_landlord and huurtoeslag is not None:
        due = due - huurtoeslag
    return due


_TENTH = Decimal("0.1")


def arrears_months(arrears: Money | None, rent_due: Money | None) -> Decimal | None:
    """Arrears expressed in months of rent due, rounded down to one decimal.

    ``None`` when either is unknown or the rent due is not positive. Negative arrears are
    refused (a credit balance is not arrears)."""
    if arrears is None or rent_due is None:
        return None
    if not isinstance(arrears, Money) or not isinstance(rent_due, Money):
        raise TypeError("amounts are Money")
    if arrears.is_negative():
        raise ValueError("arrears cannot be negative")
    if rent_due.cents <= 0:
        return None
    return (Decimal(arrears.cents) / Decimal(rent_due.cents)).quantize(_TENTH, rounding=ROUND_DOWN)


def format_months_nl(months: Decimal | None) -> str:
    """``Decimal("2.5")`` -> ``2,5``; whole numbers without decimals: ``3``."""
    if months is None:
        return ""
    if months == months.to_integral_value():
        return str(int(months))
    return str(months).replace(".", ",")


def at_court_threshold(months: Decimal | None) -> bool:
    """Three months' arrears or more: the usual ground for ontbinding and ontruiming."""
    return months is not None and months >= COURT_THRESHOLD_MONTHS


# ---------------------------------------------------------------- working days
def _easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar; anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def dutch_public_holidays(year: int) -> frozenset[date]:
    """The holidays of art. 3 Algemene termijnenwet in one year (Sundays included where
    they fall on one; they are no working day anyway). Computed once per year and process
    (an immutable set): every working day counted asked for it again, a dozen times per
    crisis deadline on the Huur tab and the start pages (docs/performance.md)."""
    easter = _easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it is celebrated the day before
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),  # Tweede Paasdag
            kings_day,
            date(year, 5, 5),  # Bevrijdingsdag
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=50),  # Tweede Pinksterdag
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date, holidays: Collection[date] | None = None) -> bool:
    """Monday to Friday and not a public holiday (by default the Dutch ones)."""
    if day.weekday() >= 5:
        return False
    if holidays is None:
        return day not in dutch_public_holidays(day.year)
    return day not in holidays


def add_working_days(start: date, n: int, holidays: Collection[date] | None = None) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself does not count).

    ``holidays`` None: the Dutch public holidays; pass an empty set to skip weekends only."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    left = n
    while left:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def crisis_deadline(since: date, holidays: Collection[date] | None = None) -> date:
    """The last day on which help must start (3 working days after ``since``)."""
    return add_working_days(since, CRISIS_WORKING_DAYS, holidays)


def working_days_left(today: date, deadline: date, holidays: Collection[date] | None = None) -> int:
    """Working days after ``today`` up to and including ``deadline``; 0 on the deadline
    itself, negative (working days late, at least -1) once it has passed."""
    if deadline >= today:
        n, day = 0, today
        while day < deadline:
            day += timedelta(days=1)
            n += is_working_day(day, holidays)
        return n
    n, day = 0, deadline
    while day < today:
        day += timedelta(days=1)
        n += is_working_day(day, holidays)
    return -max(n, 1)


# ------------------------------------------------------------------ instalments
def _same_day_months_later(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def instalment_due_dates(start: date, count: int) -> list[date]:
    """Monthly due dates from ``start``, on the same day of the month (the last day of a
    shorter month: 31 January → 28/29 February → 31 March)."""
    if not 1 <= count <= MAX_INSTALMENTS:
        raise ValueError(f"count must be 1..{MAX_INSTALMENTS}")
    return [_same_day_months_later(start, i) for i in range(count)]


# ---------------------------------------------------------------- next date, urgency
@dataclass(frozen=True, slots=True)
class NextDate:
    """The next date that matters. ``kind``: ``zitting``, ``ontruiming`` or ``termijn``.
    ``overdue`` for an instalment past its due date that nobody marked yet."""

    on: date
    kind: str
    overdue: bool = False


def next_date(
    today: date,
    *,
    hearing_on: date | None = None,
    eviction_on: date | None = None,
    open_instalments: Iterable[date] = (),
) -> NextDate | None:
    """The earliest of: the hearing and the eviction (from today on) and the first
    instalment not yet marked paid or missed (also when it is past: then ``overdue``)."""
    candidates: list[NextDate] = []
    if hearing_on is not None and hearing_on >= today:
        candidates.append(NextDate(hearing_on, "zitting"))
    if eviction_on is not None and eviction_on >= today:
        candidates.append(NextDate(eviction_on, "ontruiming"))
    dues = sorted(open_instalments)
    if dues:
        candidates.append(NextDate(dues[0], "termijn", overdue=dues[0] < today))
    if not candidates:
        return None
    order = {"ontruiming": 0, "zitting": 1, "termijn": 2}  # same day: the eviction matters most
    return min(candidates, key=lambda c: (c.on, order[c.kind]))


@dataclass(frozen=True, slots=True)
class UrgencyFacts:
    crisis_deadline: date | None
    missed_instalments: int
    next_on: date | None
    months: Decimal | None


def urgency_key(f: UrgencyFacts) -> tuple[object, ...]:
    """Sort key, most urgent first (see the module docstring)."""
    return (
        f.crisis_deadline is None,
        f.crisis_deadline or date.max,
        f.missed_instalments == 0,
        f.next_on is None,
        f.next_on or date.max,
        -(f.months or Decimal(0)),
    )


# ------------------------------------------------------------- the plan against the arrears
@dataclass(frozen=True)
class PlanCheck:
    """A payment plan (so many instalments of an amount) held against what is owed."""

    planned: Money  # what the instalments add up to
    owed: Money  # what the plan should pay off
    shortfall: Money  # owed - planned, when positive (else zero)
    surplus: Money  # planned - owed, when positive (else zero)

    @property
    def covers(self) -> bool:
        return self.shortfall.cents == 0


def check_plan(amount: Money, instalments: int, owed: Money) -> PlanCheck:
    """Does ``instalments`` × ``amount`` pay off ``owed``? 12 × € 100 against € 1.234,56
    leaves a shortfall of € 34,56."""
    if instalments < 0:
        raise ValueError("a plan has no negative number of instalments")
    planned = amount * instalments
    return PlanCheck(planned=planned, owed=owed, shortfall=(owed - planned).max0(), surplus=(planned - owed).max0())
