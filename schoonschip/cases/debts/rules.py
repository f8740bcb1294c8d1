"""Rules for single debts: categories, statuses, incassokosten check, priorities, summary.

Pure module (no Flask, no SQLAlchemy). The debt ledger (issue 3) turns its rows into
:class:`DebtFacts` and asks this module what to show the coach. Domain source:
``/work/shared/domain/rules.md`` §2 (special debts), §3.2 (fields per debt, the
incassokosten rule) and §3.3 (priority creditors).

All amounts are :class:`~schoonschip.money.Money` (whole cents). Messages are Dutch at
B1 level and never contain personal data (no names, no references, no amounts of a
person other than the computed legal maximum and the excess).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum, StrEnum

from schoonschip.i18n import N_, LabelledEnum
from schoonschip.money import ZERO, Money, format_eur, percentage

__all__ = [
    "CreditorCategory",
    "CollectorKind",
    "DebtStatus",
    "CreditorStance",
    "GarnishmentKind",
    "Priority",
    "IncassoBand",
    "IncassoStaffel",
    "INCASSO_STAFFEL_2012",
    "max_incassokosten",
    "WkiCap",
    "WKI_CAP_2024",
    "VEERTIENDAGEN_TERMIJN",
    "earliest_incassokosten_date",
    "DebtFacts",
    "FindingCode",
    "DebtFinding",
    "check_debt",
    "is_complete",
    "total",
    "costs_and_fines",
    "priority",
    "is_priority",
    "sort_by_priority",
    "DebtSummary",
    "summarise_debts",
    "LegallyOwed",
    "legally_owed",
]


# --------------------------------------------------------------------------- enums
class CreditorCategory(LabelledEnum):
    """Kind of creditor (rules.md §3.2 "category flags"; issue 3 creditor register).

    Default **preferent**: only the Belastingdienst (rules.md §2 table, "Belastingdienst:
    Preferent"). Every other category defaults to **concurrent**. Toeslagen-claims are
    collected by the Belastingdienst too and may in practice be treated as preferent;
    rules.md does not say so, so the default stays concurrent and the ledger can set
    :attr:`DebtFacts.preferent_override` per debt.

    **Vaste-lastenschuldeiser** (rules.md §3.2: huur, energie, water,
    zorgverzekering): woningcorporatie/verhuurder, energieleverancier, waterbedrijf,
    zorgverzekeraar.
    """

    BELASTINGDIENST = "belastingdienst", N_("Belastingdienst")
    TOESLAGEN = "toeslagen", N_("Dienst Toeslagen")
    CJIB = "cjib", N_("CJIB (boetes)")
    DUO = "duo", N_("DUO (studieschuld)")
    UWV = "uwv", N_("UWV")
    SVB = "svb", N_("SVB")
    CAK = "cak", N_("CAK")
    GEMEENTE = "gemeente", N_("Gemeente")
    WATERBEDRIJF = "waterbedrijf", N_("Waterbedrijf")
    ENERGIELEVERANCIER = "energieleverancier", N_("Energieleverancier")
    ZORGVERZEKERAAR = "zorgverzekeraar", N_("Zorgverzekeraar")
    WONINGCORPORATIE_VERHUURDER = "woningcorporatie_verhuurder", N_("Woningcorporatie of verhuurder")
    TELECOM = "telecom", N_("Telefoon en internet")
    BANK_KREDIET = "bank_krediet", N_("Bank of kredietverstrekker")
    WEBWINKEL_ACHTERAF = "webwinkel_achteraf", N_("Webwinkel of achteraf betalen")
    INCASSOBUREAU = "incassobureau", N_("Incassobureau")
    DEURWAARDER = "deurwaarder", N_("Deurwaarder")
    ANDERS = "anders", N_("Anders")

    @property
    def default_preferent(self) -> bool:
        return self in _PREFERENT_BY_DEFAULT

    @property
    def is_vaste_lasten(self) -> bool:
        return self in _VASTE_LASTEN


_PREFERENT_BY_DEFAULT = frozenset({CreditorCategory.BELASTINGDIENST})
_VASTE_LASTEN = frozenset(
    {
        CreditorCategory.WONINGCORPORATIE_VERHUURDER,
        CreditorCategory.ENERGIELEVERANCIER,
        CreditorCategory.WATERBEDRIJF,
        CreditorCategory.ZORGVERZEKERAAR,
    }
)


class CollectorKind(LabelledEnum):
    """Who collects the debt now for the creditor (rules.md §3.2 ``incassant``)."""

    INCASSOBUREAU = "incassobureau", N_("Incassobureau")
    DEURWAARDER = "deurwaarder", N_("Deurwaarder")
    ADVOCAAT = "advocaat", N_("Advocaat")


class DebtStatus(LabelledEnum):
    """Where a debt stands (rules.md §3.2 "status").

    :attr:`order` follows the usual escalation (reminder → 14-dagenbrief → … → beslag),
    followed by the states outside that ladder (betalingsregeling, betwist, afgelost).
    """

    HERINNERING_AANMANING = "herinnering_aanmaning", N_("Herinnering of aanmaning")
    VEERTIENDAGENBRIEF = "veertiendagenbrief", "14-dagenbrief"
    INCASSOBUREAU = "incassobureau", N_("Bij incassobureau")
    DEURWAARDER_SOMMATIE = "deurwaarder_sommatie", N_("Deurwaarder (sommatie)")
    DAGVAARDING = "dagvaarding", N_("Dagvaarding")
    VONNIS = "vonnis", N_("Vonnis")
    BESLAG = "beslag", N_("Beslag")
    BETALINGSREGELING = "betalingsregeling", N_("Betalingsregeling")
    BETWIST = "betwist", N_("Betwist")
    AFGELOST = "afgelost", N_("Afgelost")

    @property
    def order(self) -> int:
        return _STATUS_ORDER[self]


_STATUS_ORDER: dict[DebtStatus, int] = {s: i for i, s in enumerate(DebtStatus, start=1)}


class CreditorStance(LabelledEnum):
    """Where the contact with the creditor stands, in the words of debt-help messages
    (NVVK / Schuldenknooppunt: kennisgeving, saldoverzoek, betaalvoorstel, akkoord, geen
    medewerking, heroverweging). A second axis next to :class:`DebtStatus` (how far the
    collection has gone): a debt at the deurwaarder can be at "saldoverzoek" too. None on a
    debt: nothing sent to this creditor yet. The moves are in
    :mod:`schoonschip.cases.letters.rules` (a letter sent, an answer recorded)."""

    KENNISGEVING = "kennisgeving", N_("Kennisgeving")  # the creditor knows debt help has started
    SALDOVERZOEK = "saldoverzoek", N_("Saldoverzoek")  # asked for an overview of the debt
    BETAALVOORSTEL = "betaalvoorstel", N_("Betaalvoorstel")  # an offer was sent
    AKKOORD = "akkoord", N_("Akkoord")  # the creditor agreed to the offer
    GEEN_MEDEWERKING = "geen_medewerking", N_("Geen medewerking")  # the creditor refused
    HEROVERWEGING = "heroverweging", N_("Heroverweging")  # asked again after a refusal


class GarnishmentKind(LabelledEnum):
    """Kind of beslag (rules.md §3.2: loonbeslag / bankbeslag / roerende zaken)."""

    LOON = "loon", N_("Beslag op loon of uitkering")
    BANK = "bank", N_("Beslag op de bankrekening")
    ROEREND = "roerend", N_("Beslag op spullen (roerende zaken)")


class Priority(IntEnum):
    """Priority groups, lowest number first (rules.md §3.3)."""

    WONEN = 1
    ENERGIE_WATER = 2
    ZORGVERZEKERING = 3
    BESLAG_OF_VRIJHEID = 4
    OVERIG = 5

    @property
    def label(self) -> str:
        return {
            Priority.WONEN: N_("Wonen (huur)"),
            Priority.ENERGIE_WATER: N_("Energie en water"),
            Priority.ZORGVERZEKERING: N_("Zorgverzekering"),
            Priority.BESLAG_OF_VRIJHEID: N_("Kan beslag leggen of iemand vastzetten"),
            Priority.OVERIG: N_("Overige schulden"),
        }[self]


# ------------------------------------------------------------- incassokosten (data)
@dataclass(frozen=True, slots=True)
class IncassoBand:
    """One band of the staffel: ``rate`` applies to the next ``width`` of the hoofdsom.

    ``width=None`` means "everything above the previous bands".
    """

    width: Money | None
    rate: Decimal


@dataclass(frozen=True, slots=True)
class IncassoStaffel:
    """The legal scale for buitengerechtelijke incassokosten, as versioned data."""

    bands: tuple[IncassoBand, ...]
    minimum: Money
    maximum: Money
    btw_rate: Decimal
    valid_from: date
    source: str

    def __post_init__(self) -> None:
        if not self.bands or self.bands[-1].width is not None:
            raise ValueError("the last band must be open-ended (width=None)")
        if any(b.width is None for b in self.bands[:-1]):
            raise ValueError("only the last band may be open-ended")
        if self.minimum > self.maximum:
            raise ValueError("minimum above maximum")


# DATA, not logic. Source: Besluit vergoeding voor buitengerechtelijke incassokosten,
# Stb. 2012, 141, art. 2 (in force 1 July 2012); quoted in rules.md §3.2 and §5 [V].
# BTW may be added only when the creditor cannot reclaim it (same Besluit, art. 2 lid 3).
INCASSO_STAFFEL_2012 = IncassoStaffel(
    bands=(
        IncassoBand(width=Money(2_500_00), rate=Decimal("0.15")),
        IncassoBand(width=Money(2_500_00), rate=Decimal("0.10")),
        IncassoBand(width=Money(5_000_00), rate=Decimal("0.05")),
        IncassoBand(width=Money(190_000_00), rate=Decimal("0.01")),
        IncassoBand(width=None, rate=Decimal("0.005")),
    ),
    minimum=Money(40_00),
    maximum=Money(6_775_00),
    btw_rate=Decimal("0.21"),
    valid_from=date(2012, 7, 1),
    source="Besluit vergoeding voor buitengerechtelijke incassokosten, Stb. 2012, 141 (rules.md §3.2)",
)


def max_incassokosten(
    hoofdsom: Money,
    staffel: IncassoStaffel = INCASSO_STAFFEL_2012,
    *,
    incl_btw: bool = False,
) -> Money:
    """Highest buitengerechtelijke incassokosten allowed on ``hoofdsom`` (rules.md §3.2).

    Each band's rate applies to its slice of the hoofdsom; the sum is rounded half up to
    the cent once, then held between the staffel's minimum and maximum. A hoofdsom of
    zero allows nothing. With ``incl_btw`` the BTW surcharge is added (only allowed when
    the creditor cannot reclaim BTW).

    Not checked here: the Wki cap for recurring claims with small instalments
    (€ 140 per 6 months, rules.md §3.2) and whether a free 14-day reminder was sent.

    >>> max_incassokosten(Money(2_500_00))
    Money(37500)
    """
    if not isinstance(hoofdsom, Money):
        raise TypeError("hoofdsom must be Money")
    if hoofdsom.is_negative():
        raise ValueError("hoofdsom cannot be negative")
    if hoofdsom == ZERO:
        return ZERO
    remaining = Decimal(hoofdsom.cents)
    cents = Decimal(0)
    for band in staffel.bands:
        if remaining <= 0:
            break
        part = remaining if band.width is None else min(remaining, Decimal(band.width.cents))
        cents += part * band.rate
        remaining -= part
    amount = Money(int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    amount = min(max(amount, staffel.minimum), staffel.maximum)
    if incl_btw:
        amount = amount + amount.scale(staffel.btw_rate)
    return amount


# ------------------------------------------------------- 14-dagenbrief and Wki (data)
#: Art. 6:96 lid 6 BW: a consumer owes buitengerechtelijke incassokosten only after a free
#: reminder that gives 14 days to pay, counted from the day after the day of receipt
#: (HR 25-11-2016, ECLI:NL:HR:2016:2704). Costs may be charged from day 15 after receipt.
VEERTIENDAGEN_TERMIJN = 14


@dataclass(frozen=True, slots=True)
class WkiCap:
    """The Wki cap on incassokosten for recurring claims with small instalments, as data."""

    instalment_below: Money
    per_six_months: Money
    valid_from: date
    source: str


# DATA. Source: Wet kwaliteit incassodienstverlening (Wki); for recurring claims with an
# instalment below € 266,67 at most € 140 per six months, from 1 October 2024 (rules.md §3.2 [V]).
WKI_CAP_2024 = WkiCap(
    instalment_below=Money(266_67),
    per_six_months=Money(140_00),
    valid_from=date(2024, 10, 1),
    source="Wet kwaliteit incassodienstverlening, in werking 1 april 2024; plafond vanaf 1 oktober 2024",
)


def earliest_incassokosten_date(veertiendagenbrief_received_on: date) -> date:
    """The first day a consumer can owe incassokosten after receiving the 14-dagenbrief."""
    return veertiendagenbrief_received_on + timedelta(days=VEERTIENDAGEN_TERMIJN + 1)


# ------------------------------------------------------------------ facts per debt
_AMOUNT_FIELDS = ("hoofdsom", "rente", "incassokosten", "gerechtelijke_kosten", "boetes")


@dataclass(frozen=True, slots=True)
class DebtFacts:
    """What the rules need to know about one debt (rules.md §3.2).

    The app fills this from a ledger row. ``creditor_category=None`` means the creditor
    is not known yet. ``has_reference`` is only whether a dossier/klantnummer is filled
    in: the reference itself never enters this module. ``key`` is the app's own opaque
    id, only used to map results back; it is never put in a message.
    """

    creditor_category: CreditorCategory | None
    hoofdsom: Money | None = None
    rente: Money | None = None
    incassokosten: Money | None = None
    gerechtelijke_kosten: Money | None = None
    boetes: Money | None = None
    has_reference: bool = False
    peildatum: date | None = None
    arisen_on: date | None = None
    status: DebtStatus | None = None
    collector: CollectorKind | None = None
    fraud: bool = False
    cjib_strafrechtelijk: bool = False
    cjib_verkeersboete: bool = False
    studieschuld_regulier: bool = False
    zakelijk: bool = False
    vaste_lasten: bool | None = None
    garnishment: GarnishmentKind | None = None
    preferent_override: bool | None = None
    incassokosten_incl_btw: bool = False
    #: Day the resident received the 14-dagenbrief (from the debt's dated history); None: unknown.
    veertiendagenbrief_received_on: date | None = None
    #: A recurring claim (subscription, premium, rent) paid in instalments: the instalment
    #: amount per term. None: not a recurring claim, or not known.
    termijnbedrag: Money | None = None
    #: Over how many periods of six months the incassokosten of the recurring claim were charged.
    wki_periods: int = 1
    #: The coach's answer: is the incassobureau in the Justis register? None: not answered.
    collector_in_justis_register: bool | None = None
    key: int | str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in _AMOUNT_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, Money):
                raise TypeError(f"{name} must be Money or None")
            if value.is_negative():
                raise ValueError(f"{name} cannot be negative")
        if self.termijnbedrag is not None and (not isinstance(self.termijnbedrag, Money) or self.termijnbedrag.is_negative()):
            raise ValueError("termijnbedrag must be Money, not negative")
        if isinstance(self.wki_periods, bool) or not isinstance(self.wki_periods, int) or self.wki_periods < 1:
            raise ValueError("wki_periods must be a whole number of at least 1")
        if self.cjib_strafrechtelijk and self.cjib_verkeersboete:
            raise ValueError("a CJIB debt is either strafrechtelijk or a verkeersboete, not both")

    @property
    def is_preferent(self) -> bool:
        """Preferent by override, else by the creditor category's default."""
        if self.preferent_override is not None:
            return self.preferent_override
        return self.creditor_category is not None and self.creditor_category.default_preferent

    @property
    def is_vaste_lasten(self) -> bool:
        """Vaste-lastenschuldeiser by flag, else by the creditor category."""
        if self.vaste_lasten is not None:
            return self.vaste_lasten
        return self.creditor_category is not None and self.creditor_category.is_vaste_lasten

    @property
    def is_open(self) -> bool:
        return self.status is not DebtStatus.AFGELOST

    @property
    def has_amount(self) -> bool:
        return any(getattr(self, name) is not None for name in _AMOUNT_FIELDS)

    @property
    def has_garnishment(self) -> bool:
        """A running beslag: a garnishment kind recorded, or the status is beslag."""
        return self.garnishment is not None or self.status is DebtStatus.BESLAG

    @property
    def is_cjib(self) -> bool:
        return (
            self.creditor_category is CreditorCategory.CJIB
            or self.cjib_strafrechtelijk
            or self.cjib_verkeersboete
        )


def _sum(values: Iterable[Money | None]) -> Money:
    return sum((v for v in values if v is not None), ZERO)


def total(facts: DebtFacts) -> Money:
    """Everything owed on this debt: hoofdsom + rente + all costs and fines."""
    return _sum(getattr(facts, name) for name in _AMOUNT_FIELDS)


def costs_and_fines(facts: DebtFacts) -> Money:
    """Everything except the hoofdsom: rente, incassokosten, gerechtelijke kosten, boetes."""
    return _sum((facts.rente, facts.incassokosten, facts.gerechtelijke_kosten, facts.boetes))


# ------------------------------------------------------------------------ findings
class FindingCode(StrEnum):
    INCASSOKOSTEN_TE_HOOG = "incassokosten_te_hoog"
    INCASSOKOSTEN_NIET_TE_CONTROLEREN = "incassokosten_niet_te_controleren"
    GEEN_SCHULDEISER = "geen_schuldeiser"
    GEEN_REFERENTIE = "geen_referentie"
    GEEN_BEDRAG = "geen_bedrag"
    GEEN_PEILDATUM = "geen_peildatum"
    INCASSOKOSTEN_VOOR_14_DAGENBRIEF = "incassokosten_voor_14_dagenbrief"
    INCASSOKOSTEN_BOVEN_WKI_PLAFOND = "incassokosten_boven_wki_plafond"
    INCASSOBUREAU_NIET_IN_REGISTER = "incassobureau_niet_in_register"
    INCASSOBUREAU_REGISTER_ONBEKEND = "incassobureau_register_onbekend"


_INCOMPLETE = frozenset(
    {
        FindingCode.GEEN_SCHULDEISER,
        FindingCode.GEEN_REFERENTIE,
        FindingCode.GEEN_BEDRAG,
        FindingCode.GEEN_PEILDATUM,
    }
)


@dataclass(frozen=True, slots=True)
class DebtFinding:
    """Something the coach should look at for one debt. ``message`` is Dutch (B1)."""

    code: FindingCode
    message: str
    maximum: Money | None = None
    excess: Money | None = None

    @property
    def makes_incomplete(self) -> bool:
        return self.code in _INCOMPLETE


def _incomplete_findings(facts: DebtFacts) -> list[DebtFinding]:
    out: list[DebtFinding] = []
    if facts.creditor_category is None:
        out.append(DebtFinding(FindingCode.GEEN_SCHULDEISER, N_("Vul in bij wie deze schuld is.")))
    if not facts.has_reference:
        out.append(
            DebtFinding(
                FindingCode.GEEN_REFERENTIE,
                N_("Het kenmerk ontbreekt. Dat is het dossiernummer of klantnummer op de brief."),
            )
        )
    if not facts.has_amount:
        out.append(DebtFinding(FindingCode.GEEN_BEDRAG, N_("Vul in hoeveel deze schuld is.")))
    if facts.peildatum is None:
        out.append(
            DebtFinding(
                FindingCode.GEEN_PEILDATUM,
                N_(
                    "De peildatum ontbreekt. Dat is de datum waarop het bedrag klopte, "
                    "bijvoorbeeld de datum van de laatste brief."
                ),
            )
        )
    return out


def is_complete(facts: DebtFacts) -> bool:
    """Creditor, reference, an amount and a peildatum are present (rules.md §3.2, §3.4)."""
    return not _incomplete_findings(facts)


def _too_early_finding(facts: DebtFacts) -> DebtFinding | None:
    """Incassokosten claimed before the 14-dagenbrief stage, or before its 14 days were over.

    A consumer owes them only after a free reminder that gave 14 days from receipt (art. 6:96
    lid 6 BW; HR 25-11-2016, ECLI:NL:HR:2016:2704). Not for a business debt.
    """
    if facts.zakelijk or facts.incassokosten is None or facts.incassokosten == ZERO:
        return None
    if facts.status is DebtStatus.HERINNERING_AANMANING:
        return DebtFinding(
            FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF,
            N_(
                "Er staan incassokosten op deze schuld, maar er is nog geen 14-dagenbrief. De wet zegt: "
                "incassokosten mogen pas als de bewoner eerst een gratis brief kreeg met 14 dagen om te betalen "
                "(de 14-dagenbrief), en die 14 dagen voorbij zijn. Vraag de schuldeiser om de kosten te schrappen."
            ),
        )
    received = facts.veertiendagenbrief_received_on
    if received is not None and facts.peildatum is not None and facts.peildatum < earliest_incassokosten_date(received):
        return DebtFinding(
            FindingCode.INCASSOKOSTEN_VOOR_14_DAGENBRIEF,
            N_(
                "Er staan incassokosten op deze schuld van vóór het einde van de 14 dagen na de 14-dagenbrief. "
                "De bewoner kreeg de brief op %(received)s; incassokosten mogen pas vanaf %(earliest)s. "
                "Vraag de schuldeiser om de kosten te schrappen.",
                received=received.strftime("%d-%m-%Y"),
                earliest=earliest_incassokosten_date(received).strftime("%d-%m-%Y"),
            ),
        )
    return None


def _wki_finding(facts: DebtFacts, cap: WkiCap) -> DebtFinding | None:
    """The Wki cap: recurring claims with an instalment below € 266,67, at most € 140 per six
    months of incassokosten (from 1 October 2024)."""
    if (
        facts.termijnbedrag is None
        or facts.incassokosten is None
        or facts.incassokosten == ZERO
        or facts.termijnbedrag >= cap.instalment_below
        or (facts.peildatum is not None and facts.peildatum < cap.valid_from)
    ):
        return None
    maximum = cap.per_six_months * facts.wki_periods
    if facts.incassokosten <= maximum:
        return None
    excess = facts.incassokosten - maximum
    return DebtFinding(
        FindingCode.INCASSOKOSTEN_BOVEN_WKI_PLAFOND,
        N_(
            "Dit is een vaste, terugkerende rekening met termijnen onder %(below)s. Dan mogen de incassokosten "
            "samen niet meer zijn dan %(per)s per half jaar (Wet kwaliteit incassodienstverlening, sinds "
            "1 oktober 2024). Voor %(periods)s half jaar is dat %(maximum)s: %(excess)s te veel. Vraag de "
            "schuldeiser om de kosten te verlagen.",
            below=format_eur(cap.instalment_below), per=format_eur(cap.per_six_months), periods=facts.wki_periods,
            maximum=format_eur(maximum), excess=format_eur(excess),
        ),
        maximum=maximum,
        excess=excess,
    )


def _register_finding(facts: DebtFacts) -> DebtFinding | None:
    """An incassobureau must be in the Justis register (Wki; deurwaarders and lawyers are exempt).
    The app holds no register: the coach checks it and answers yes or no."""
    if facts.collector is not CollectorKind.INCASSOBUREAU or not facts.is_open:
        return None
    if facts.collector_in_justis_register is False:
        return DebtFinding(
            FindingCode.INCASSOBUREAU_NIET_IN_REGISTER,
            N_(
                "Het incassobureau staat niet in het register van Justis. Sinds de Wet kwaliteit "
                "incassodienstverlening mag een incassobureau alleen werken als het in dat register staat. "
                "Betaal nog niets aan dit bureau en bespreek het met de schuldhulpverlener."
            ),
        )
    if facts.collector_in_justis_register is None:
        return DebtFinding(
            FindingCode.INCASSOBUREAU_REGISTER_ONBEKEND,
            N_(
                "Kijk of het incassobureau in het register van Justis staat (incassoregister op justis.nl) en "
                "vul het antwoord in. Een bureau dat er niet in staat, mag niet incasseren."
            ),
        )
    return None


def check_debt(
    facts: DebtFacts, staffel: IncassoStaffel = INCASSO_STAFFEL_2012, wki: WkiCap = WKI_CAP_2024
) -> list[DebtFinding]:
    """Checks on one debt: incassokosten against the legal scale, the 14-dagenbrief and the
    Wki cap, the Justis register, and completeness.

    rules.md §3.2 ("Rules to check creditor claims" and the required SchuldItem fields).
    """
    findings: list[DebtFinding] = []
    for extra in (_too_early_finding(facts), _wki_finding(facts, wki), _register_finding(facts)):
        if extra is not None:
            findings.append(extra)
    if facts.incassokosten is not None and facts.incassokosten > ZERO:
        if facts.hoofdsom is None or facts.hoofdsom == ZERO:
            findings.append(
                DebtFinding(
                    FindingCode.INCASSOKOSTEN_NIET_TE_CONTROLEREN,
                    N_(
                        "Er zijn incassokosten, maar de hoofdsom is niet bekend. De hoofdsom is "
                        "het bedrag van de rekening zelf, zonder rente en kosten. Vul die in, "
                        "dan controleren we de incassokosten."
                    ),
                )
            )
        else:
            maximum = max_incassokosten(facts.hoofdsom, staffel, incl_btw=facts.incassokosten_incl_btw)
            if facts.incassokosten > maximum:
                excess = facts.incassokosten - maximum
                amounts = {"maximum": format_eur(maximum), "excess": format_eur(excess)}
                message = (
                    N_(
                        "De incassokosten zijn hoger dan de wet toestaat. Het maximum is %(maximum)s. "
                        "Dat is %(excess)s te veel. Vraag de schuldeiser om de kosten te verlagen.",
                        **amounts,
                    )
                    if facts.incassokosten_incl_btw
                    else N_(
                        "De incassokosten zijn hoger dan de wet toestaat. Het maximum is %(maximum)s. "
                        "Dat is %(excess)s te veel. Soms mag er btw bij, als de schuldeiser de btw niet "
                        "terugkrijgt. Vraag de schuldeiser om de kosten te verlagen.",
                        **amounts,
                    )
                )
                findings.append(
                    DebtFinding(
                        FindingCode.INCASSOKOSTEN_TE_HOOG,
                        message,
                        maximum=maximum,
                        excess=excess,
                    )
                )
    findings.extend(_incomplete_findings(facts))
    return findings


# ---------------------------------------------------------------------- priorities
_PRIORITY_BY_CATEGORY: dict[CreditorCategory, Priority] = {
    CreditorCategory.WONINGCORPORATIE_VERHUURDER: Priority.WONEN,
    CreditorCategory.ENERGIELEVERANCIER: Priority.ENERGIE_WATER,
    CreditorCategory.WATERBEDRIJF: Priority.ENERGIE_WATER,
    CreditorCategory.ZORGVERZEKERAAR: Priority.ZORGVERZEKERING,
    # Can cut off income or liberty: CJIB (gijzeling), Belastingdienst and Toeslagen
    # (verrekening, dwangbevel). rules.md §3.3.
    CreditorCategory.CJIB: Priority.BESLAG_OF_VRIJHEID,
    CreditorCategory.BELASTINGDIENST: Priority.BESLAG_OF_VRIJHEID,
    CreditorCategory.TOESLAGEN: Priority.BESLAG_OF_VRIJHEID,
}


def priority(facts: DebtFacts) -> Priority:
    """Priority group of a debt (rules.md §3.3), lower is more urgent.

    housing → energy and water → zorgverzekering → creditors who can garnish or imprison
    (CJIB, Belastingdienst, Toeslagen, and any debt with a running beslag) → the rest.
    The status afgelost does not change the group; see :func:`is_priority`.
    """
    by_category = (
        _PRIORITY_BY_CATEGORY.get(facts.creditor_category, Priority.OVERIG)
        if facts.creditor_category is not None
        else Priority.OVERIG
    )
    if facts.is_cjib:
        by_category = min(by_category, Priority.BESLAG_OF_VRIJHEID)
    if facts.has_garnishment:
        return min(by_category, Priority.BESLAG_OF_VRIJHEID)
    return by_category


def is_priority(facts: DebtFacts) -> bool:
    """An open debt in one of the four priority groups."""
    return facts.is_open and priority(facts) < Priority.OVERIG


def sort_by_priority(debts: Iterable[DebtFacts]) -> list[DebtFacts]:
    """Open debts first, then by priority group, then the largest total first.

    Stable for ties, so the ledger's own order is kept within equal debts.
    """
    return sorted(debts, key=lambda d: (not d.is_open, priority(d), -total(d).cents))


# ------------------------------------------------------------------------- summary
@dataclass(frozen=True, slots=True)
class DebtSummary:
    """Totals for the debt overview (issue 3 "Debt overview").

    Everything except the ``afgelost_*`` fields is about open debts only.
    ``costs_share`` is the percentage (one decimal) of the open total that is costs,
    interest and fines rather than hoofdsom. ``per_category`` and ``per_status`` use
    ``None`` as the key for an unknown creditor or status.
    """

    total_open: Money
    costs_and_fines_open: Money
    costs_share: Decimal
    total_preferent: Money
    per_category: dict[CreditorCategory | None, Money]
    per_status: dict[DebtStatus | None, Money]
    count_open: int
    count_incomplete: int
    count_priority: int
    count_afgelost: int
    total_afgelost: Money


def summarise_debts(debts: Sequence[DebtFacts]) -> DebtSummary:
    """Totals per creditor category and status, cost share and counts (rules.md §3.2)."""
    open_debts = [d for d in debts if d.is_open]
    paid = [d for d in debts if not d.is_open]
    per_category: dict[CreditorCategory | None, Money] = {}
    per_status: dict[DebtStatus | None, Money] = {}
    for d in open_debts:
        per_category[d.creditor_category] = per_category.get(d.creditor_category, ZERO) + total(d)
        per_status[d.status] = per_status.get(d.status, ZERO) + total(d)
    total_open = _sum(total(d) for d in open_debts)
    costs = _sum(costs_and_fines(d) for d in open_debts)
    return DebtSummary(
        total_open=total_open,
        costs_and_fines_open=costs,
        costs_share=percentage(costs, total_open, places=1),
        total_preferent=_sum(total(d) for d in open_debts if d.is_preferent),
        per_category=per_category,
        per_status=per_status,
        count_open=len(open_debts),
        count_incomplete=sum(1 for d in open_debts if not is_complete(d)),
        count_priority=sum(1 for d in open_debts if is_priority(d)),
        count_afgelost=len(paid),
        total_afgelost=_sum(total(d) for d in paid),
    )


# ------------------------------------------------------------------------ payments
# A payment is booked on a debt's parts in the order of art. 6:44 BW: first the costs
# (incassokosten, gerechtelijke kosten, boetes), then the interest, then the principal.
PAYMENT_ORDER = ("incassokosten", "gerechtelijke_kosten", "boetes", "rente", "hoofdsom")


def split_payment(parts: Mapping[str, Money | None], amount: Money) -> dict[str, Money]:
    """How much of ``amount`` goes to each part (only the parts it reaches), in the order of
    :data:`PAYMENT_ORDER`. Never more than a part holds; what is left after the whole debt is
    paid is not booked (the caller sees it as ``amount - sum(result)``)."""
    if amount.is_negative():
        raise ValueError("a payment is not negative")
    left = amount
    out: dict[str, Money] = {}
    for name in PAYMENT_ORDER:
        held = (parts.get(name) or ZERO).max0()
        if left.cents <= 0:
            break
        take = held if held.cents <= left.cents else left
        if take.cents > 0:
            out[name] = take
            left = left - take
    return out


# --------------------------------------------------------------- legally owed (the offer)
@dataclass(frozen=True, slots=True)
class LegallyOwed:
    """What a debt comes to as claimed and as legally owed (issue 12: the offer divides what
    is legally owed). ``owed`` is the total with the incassokosten brought down to the
    lowest legal maximum the checks of :func:`check_debt` found; ``reason`` says so in Dutch."""

    claimed: Money
    owed: Money
    incassokosten_claimed: Money | None = None
    incassokosten_allowed: Money | None = None
    reason: str | None = None

    @property
    def corrected(self) -> bool:
        return self.owed != self.claimed


def legally_owed(facts: DebtFacts) -> LegallyOwed:
    """The debt's total as claimed and as legally owed. Uses the incassokosten findings of
    :func:`check_debt` (rules.md §3.2: the staffel, and any other legal cap it checks), so a
    new legal check there corrects the offer too."""
    claimed = total(facts)
    maxima = [
        f.maximum for f in check_debt(facts)
        if f.code is FindingCode.INCASSOKOSTEN_TE_HOOG and f.maximum is not None
    ]
    if facts.incassokosten is None or not maxima:
        return LegallyOwed(claimed, claimed, facts.incassokosten)
    allowed = min(maxima)
    if allowed >= facts.incassokosten:
        return LegallyOwed(claimed, claimed, facts.incassokosten)
    owed = claimed - (facts.incassokosten - allowed)
    reason = N_(
        "Incassokosten %(claimed)s gevraagd; de wet staat %(allowed)s toe. Het aanbod rekent met %(allowed)s.",
        claimed=format_eur(facts.incassokosten), allowed=format_eur(allowed),
    )
    return LegallyOwed(claimed, owed, facts.incassokosten, allowed, reason)
