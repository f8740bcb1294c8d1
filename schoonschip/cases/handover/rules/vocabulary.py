"""The words of the readiness checklist: tracks, answers, item kinds and statuses, crises,
the facts a computed item rests on, the coach's overrides, and the income the voorlegger asks
proof of. Pure module (see :mod:`schoonschip.cases.handover.rules`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schoonschip.budget.rules.items import Person
from schoonschip.cases.debts.rules import DebtStatus
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.money import Money

# ------------------------------------------------------------------------- data
# Car value above which the car counts as assets for the creditors. rules.md §1.3 and
# §3.1 "Auto": € 3.350, Amsterdam schulddossier; same limit as gemeentelijke
# kwijtschelding [S].
AUTO_WAARDEGRENS = Money(3_350_00)
# Goede-trouw period for WSNP admission: art. 288 lid 1 onder b Fw, 3 years since
# 1 July 2023 (Stb. 2023, 87). rules.md §2 [V].
GOEDE_TROUW_JAREN = 3
# Income tax returns the Kredietbank wants filed. rules.md §2 table, "Belastingdienst" [S].
AANGIFTE_JAREN = 5


# ------------------------------------------------------------------------ enums
class Track(StrEnum):
    MINNELIJK = "minnelijk"
    WSNP = "wsnp"

    @property
    def label(self) -> str:
        return {
            Track.MINNELIJK: N_("Minnelijk traject (regeling met alle schuldeisers)"),
            Track.WSNP: N_("WSNP (schuldsanering via de rechter)"),
        }[self]


class AnswerValue(LabelledEnum):
    JA = "ja", N_("Ja")
    NEE = "nee", N_("Nee")
    NVT = "nvt", N_("Niet van toepassing")


ANSWER_LABELS_NL: Mapping[AnswerValue, str] = AnswerValue.labels()

@dataclass(frozen=True, slots=True)
class Answer:
    """A coach's answer to a manual checklist item, with the date it was given."""

    value: AnswerValue
    on: date

    def __post_init__(self) -> None:
        if not isinstance(self.value, AnswerValue):
            raise TypeError("Answer.value must be an AnswerValue")
        if not isinstance(self.on, date):
            raise TypeError("Answer.on must be a date")


class ItemStatus(StrEnum):
    OPEN = "open"
    OK = "ok"
    NVT = "nvt"
    # A computed item the data says is open, which the coach set aside with a reason.
    # Never shown as "in orde": the dossier prints the reason.
    OVERSCHREVEN = "overschreven"


class ItemSource(StrEnum):
    BEREKEND = "berekend"
    BEANTWOORD = "beantwoord"


class ItemKind(StrEnum):
    BLOKKEREND = "blokkerend"
    WAARSCHUWING = "waarschuwing"


class CrisisKind(StrEnum):
    """The three Wgs crisis situations (rules.md §3.3, §1.4 art. 287b Fw)."""

    ONTRUIMING = "ontruiming"
    AFSLUITING_ENERGIE_WATER = "afsluiting_energie_water"
    ZORGVERZEKERING_OPGEZEGD = "zorgverzekering_opgezegd"


@dataclass(frozen=True, slots=True)
class CrisisFlag:
    """An active crisis on the case and whether it has been handled."""

    kind: CrisisKind
    handled: bool


class FactKind(StrEnum):
    """Where a computed item's fact lives in the case (the app turns it into a link)."""

    SCHULD = "schuld"  # key: debt id
    BEMIDDELING = "bemiddeling"  # key: mediation id
    BUDGET = "budget"
    DOCUMENT = "document"  # key: voorlegger code
    TOESTEMMING = "toestemming"
    CRISIS = "crisis"


@dataclass(frozen=True, slots=True)
class FactRef:
    """One fact a computed item rests on: what kind, which one, and its date if known."""

    kind: FactKind
    key: int | str | None = None
    on: date | None = None


@dataclass(frozen=True, slots=True)
class Override:
    """The coach sets a computed open item aside. A reason is required; it is printed.

    ``refs`` are the facts the item rested on when it was set aside (None: any). A new fact
    (another missed instalment, another debt) opens the item again: the reason was about
    what the coach saw then."""

    reason: str
    on: date
    refs: frozenset[FactRef] | None = None

    def covers(self, item_refs: Iterable[FactRef]) -> bool:
        return self.refs is None or set(item_refs) <= self.refs

    def __post_init__(self) -> None:
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError("an override needs a reason")
        if not isinstance(self.on, date):
            raise TypeError("Override.on must be a date")


# Computed items the coach can never set aside: sharing the dossier without the resident's
# consent is not allowed (AVG), whatever the reason.
NOT_OVERRIDABLE = frozenset({"toestemming_delen"})


@dataclass(frozen=True, slots=True)
class RentArrangementFacts:
    """A running rent payment arrangement (mediation): due dates of the instalments that
    were missed and not paid since, and of those past due that nobody marked yet."""

    mediation_key: int | str
    missed: tuple[date, ...] = ()
    unmarked: tuple[date, ...] = ()


# A saldo-opgave older than this is not "recent" for the handover. Not a legal figure:
# intake practice [K]; the professional asks creditors again when the regeling starts.
SALDO_RECENT_MAANDEN = 3

# Statuses at which a priority debt (huur, energie, water, zorgverzekering) shows that the
# fixed costs are not being paid now: a fresh 14-dagenbrief, or the deurwaarder stages up
# to beslag (rules.md §3.2 status ladder, §3.3 priority creditors, §3.4 stabilisatie).
# An older arrear at the incassobureau is a debt for the regeling, not a sign of new arrears.
ESCALATED_PRIORITY_STATUSES = frozenset({
    DebtStatus.VEERTIENDAGENBRIEF,
    DebtStatus.DEURWAARDER_SOMMATIE,
    DebtStatus.DAGVAARDING,
    DebtStatus.VONNIS,
    DebtStatus.BESLAG,
})


class PayFrequency(StrEnum):
    MAAND = "maand"
    VIER_WEKEN = "vier_weken"
    WEEK = "week"
    ANDERS = "anders"


class EvidenceKind(StrEnum):
    """Which proof of income the voorlegger asks for: coarser than the budget's IncomeKind
    (WW, ZW and WIA are all an UWV-uitkering; the toeslagen are proven by their beschikking)."""

    LOON = "loon"
    PARTICIPATIEWET = "participatiewet"
    UITKERING_UWV = "uitkering_uwv"
    UITKERING_SVB = "uitkering_svb"
    PENSIOEN = "pensioen"
    ALIMENTATIE = "alimentatie"
    TOESLAG = "toeslag"
    ANDERS = "anders"


@dataclass(frozen=True, slots=True)
class IncomeItem:
    """One income source of the resident or partner (from the budget)."""

    person: Person
    kind: EvidenceKind
    frequency: PayFrequency
