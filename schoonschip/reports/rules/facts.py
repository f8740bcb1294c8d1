"""The anonymised facts a funder report is counted from: no names, no free text, opaque
integer keys only. The app fills them from the database; see
:mod:`schoonschip.reports.rules.indicators` for how they are counted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from schoonschip.money import Money
from schoonschip.reports.rules.period import Period


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
