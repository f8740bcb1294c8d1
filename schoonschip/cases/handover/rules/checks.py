"""The readiness checks: from a :class:`ReadinessInput` to a :class:`ReadinessReport` per
track, blocking items apart from warnings (rules.md §3.4; WSNP extras from §2). Pure module;
the vocabulary, the catalogue of manual items, the income evidence and the voorlegger are
in their own modules of :mod:`schoonschip.cases.handover.rules`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from schoonschip.budget.rules.items import Person
from schoonschip.cases.debts.rules import (
    CreditorCategory,
    DebtFacts,
    DebtStatus,
    FindingCode,
    check_debt,
    is_complete,
)
from schoonschip.cases.handover.rules.catalogue import _CATALOGUE_BY_CODE
from schoonschip.cases.handover.rules.evidence import income_evidence_needed
from schoonschip.cases.handover.rules.vocabulary import (
    AUTO_WAARDEGRENS,
    ESCALATED_PRIORITY_STATUSES,
    GOEDE_TROUW_JAREN,
    NOT_OVERRIDABLE,
    SALDO_RECENT_MAANDEN,
    Answer,
    AnswerValue,
    CrisisFlag,
    CrisisKind,
    EvidenceKind,
    FactKind,
    FactRef,
    IncomeItem,
    ItemKind,
    ItemSource,
    ItemStatus,
    Override,
    RentArrangementFacts,
    Track,
)
from schoonschip.cases.handover.rules.voorlegger import (
    _VOORLEGGER_BY_CODE,
    VOORLEGGER_ITEMS,
    DocumentAnswer,
    DocumentStatus,
)
from schoonschip.i18n import N_, join
from schoonschip.money import Money, format_eur

# How a person is named inside a sentence ("volgens de begroting heeft de partner inkomen").
_PERSON_IN_TEXT: Mapping[Person, str] = {Person.BEWONER: N_("de bewoner"), Person.PARTNER: N_("de partner")}


# ------------------------------------------------------------------------ input
@dataclass(frozen=True)
class ReadinessInput:
    """Everything the checklist needs, filled in by the app from the case.

    ``answers`` maps codes of :func:`item_catalogue` to the coach's answers.
    The two ``explanation_*`` flags say only *whether* the coach's texts exist.
    """

    peildatum: date
    answers: Mapping[str, Answer] = field(default_factory=dict)
    crises: tuple[CrisisFlag, ...] = ()
    income: tuple[IncomeItem, ...] = ()
    has_partner: bool = False
    debts: tuple[DebtFacts, ...] = ()
    explanation_origin_present: bool = False
    explanation_effort_present: bool = False
    consent_share_on: date | None = None
    fixed_costs_specified: bool = False
    car_value: Money | None = None
    alimony_paid: bool = False
    nihilstelling_requested: bool = False
    # The facts the computed items read (issue 12 item 1). ``documents`` are the voorlegger
    # answers; ``saldo_confirmed_on`` maps a debt's ``key`` to the date of its latest
    # saldo-opgave (None: never); ``crisis_flag_since`` is the case's crisis flag when no
    # recorded crisis explains it; ``overrides`` are the coach's reasons per item code.
    rent_arrangements: tuple[RentArrangementFacts, ...] = ()
    documents: Mapping[str, DocumentAnswer] = field(default_factory=dict)
    saldo_confirmed_on: Mapping[int | str, date | None] = field(default_factory=dict)
    crisis_flag_since: date | None = None
    overrides: Mapping[str, Override] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for o in self.overrides.values():
            if not isinstance(o, Override):
                raise TypeError("overrides must be Override objects")
        unknown = set(self.answers) - set(_CATALOGUE_BY_CODE)
        if unknown:
            raise ValueError(f"unknown checklist item codes: {sorted(unknown)}")
        for a in self.answers.values():
            if not isinstance(a, Answer):
                raise TypeError("answers must be Answer objects")
        kinds = [c.kind for c in self.crises]
        if len(kinds) != len(set(kinds)):
            raise ValueError("each crisis kind may appear once")
        if self.car_value is not None and not isinstance(self.car_value, Money):
            raise TypeError("car_value must be Money or None")


# ----------------------------------------------------------------------- output
@dataclass(frozen=True, slots=True)
class Item:
    """One line of the checklist. ``on`` is the date of the answer or recorded fact."""

    code: str
    label: str
    explanation: str
    status: ItemStatus
    source: ItemSource
    kind: ItemKind
    on: date | None = None
    refs: tuple[FactRef, ...] = ()
    override: Override | None = None

    @property
    def overridable(self) -> bool:
        """A computed item the data says is open, which the coach may set aside with a reason."""
        return self.source is ItemSource.BEREKEND and self.status is ItemStatus.OPEN and self.code not in NOT_OVERRIDABLE


@dataclass(frozen=True)
class ReadinessReport:
    """Blocking items, warnings and everything that is fine, for one track."""

    track: Track
    peildatum: date
    blocking: list[Item]
    warnings: list[Item]
    ok: list[Item]

    @property
    def ready(self) -> bool:
        """Ready for handover: no open blocking item."""
        return not self.blocking

    @property
    def items(self) -> list[Item]:
        return [*self.blocking, *self.warnings, *self.ok]

    @property
    def overridden(self) -> list[Item]:
        """Computed items the coach set aside, with the reason (printed on the dossier)."""
        return [i for i in self.ok if i.status is ItemStatus.OVERSCHREVEN]


# ---------------------------------------------------------------- item helpers
_B = ItemKind.BLOKKEREND
_W = ItemKind.WAARSCHUWING


def _computed(code: str, label: str, kind: ItemKind, is_open: bool, explanation: str, *,
              status_if_closed: ItemStatus = ItemStatus.OK, on: date | None = None,
              refs: tuple[FactRef, ...] = ()) -> Item:
    return Item(code, label, explanation, ItemStatus.OPEN if is_open else status_if_closed,
                ItemSource.BEREKEND, kind, on, refs)


def _manual(inp: ReadinessInput, code: str, *, label: str | None = None, extra: str = "") -> Item:
    entry = _CATALOGUE_BY_CODE[code]
    answer = inp.answers.get(code)
    label = label or entry.label

    def with_extra(text: str) -> str:
        return join(" ", [text, extra]) if extra else text

    if answer is None:
        return Item(code, label, with_extra(N_("Nog niet beantwoord. %(help)s", help=entry.help)), ItemStatus.OPEN,
                    ItemSource.BEANTWOORD, entry.kind)
    if answer.value is AnswerValue.JA:
        return Item(code, label, with_extra(entry.help), ItemStatus.OK, ItemSource.BEANTWOORD,
                    entry.kind, answer.on)
    if answer.value is AnswerValue.NVT:
        if entry.nvt_allowed:
            return Item(code, label, N_("Niet van toepassing. %(help)s", help=entry.help), ItemStatus.NVT,
                        ItemSource.BEANTWOORD, entry.kind, answer.on)
        return Item(code, label, with_extra(N_("N.v.t. kan hier niet: dit is altijd nodig. %(help)s", help=entry.help)),
                    ItemStatus.OPEN, ItemSource.BEANTWOORD, entry.kind, answer.on)
    return Item(code, label, with_extra(N_("Beantwoord met nee. %(help)s", help=entry.help)), ItemStatus.OPEN,
                ItemSource.BEANTWOORD, entry.kind, answer.on)


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


# One and many of a counted thing, as module constants: pybabel does not extract an N_
# nested inside another N_ call's arguments.
_DEBTS = (N_("1 schuld"), N_("%(n)s schulden"))
_DEBTS_ARE = (N_("1 schuld is"), N_("%(n)s schulden zijn"))
_DEBTS_MISS = (N_("1 schuld mist"), N_("%(n)s schulden missen"))
_CJIB_DEBTS = (N_("1 CJIB-schuld"), N_("%(n)s CJIB-schulden"))
_FRAUD_DEBTS = (N_("Er is 1 fraudeschuld"), N_("Er zijn %(n)s fraudeschulden"))
_CRIMINAL_FINES = (N_("Er is 1 strafrechtelijke boete"), N_("Er zijn %(n)s strafrechtelijke boetes"))


def _n(count: int, forms: tuple[str, str]) -> str:
    """The first form for 1, else the second with ``%(n)s`` filled in."""
    one, many = forms
    return one if count == 1 else N_(many, n=count)


# ---------------------------------------------------------------- the checks
_CRISIS_TEXT = {
    CrisisKind.ONTRUIMING: (N_("Crisis: dreigende ontruiming"), N_("Er dreigt een ontruiming van de woning.")),
    CrisisKind.AFSLUITING_ENERGIE_WATER: (
        N_("Crisis: afsluiting van energie of water"),
        N_("Energie of water wordt afgesloten of is afgesloten."),
    ),
    CrisisKind.ZORGVERZEKERING_OPGEZEGD: (
        N_("Crisis: zorgverzekering opgezegd"),
        N_("De zorgverzekering is opgezegd of wordt opgezegd."),
    ),
}


def _crisis_items(inp: ReadinessInput) -> list[Item]:
    active = {c.kind: c for c in inp.crises}
    out = []
    for kind in CrisisKind:
        label, what = _CRISIS_TEXT[kind]
        flag = active.get(kind)
        if flag is None:
            out.append(_computed(f"crisis_{kind.value}", label, _B, False, N_("Niet gemeld.")))
        elif flag.handled:
            out.append(_computed(f"crisis_{kind.value}", label, _B, False, N_("%(what)s Dit is aangepakt.", what=what),
                                 refs=(FactRef(FactKind.CRISIS),)))
        else:
            out.append(
                _computed(
                    f"crisis_{kind.value}", label, _B, True, refs=(FactRef(FactKind.CRISIS),), explanation=
                    N_(
                        "%(what)s Dit gaat voor alles. De hulp moet binnen 3 werkdagen beginnen. "
                        "Verwijs meteen door. De hulpverlener kan de rechter om een afkoelingsperiode "
                        "vragen (moratorium): dan moeten schuldeisers even stoppen.",
                        what=what,
                    ),
                )
            )
    if inp.crisis_flag_since is not None:
        out.append(_computed(
            "crisis_onbekend", N_("Crisis: soort nog niet bekend"), _B, True,
            N_(
                "Het dossier staat op crisis sinds %(d)s, maar er is geen crisis vastgelegd die nog "
                "loopt. Leg vast wat er aan de hand is en handel het af. Een crisis gaat voor alles.",
                d=inp.crisis_flag_since.strftime("%d-%m-%Y"),
            ),
            on=inp.crisis_flag_since, refs=(FactRef(FactKind.CRISIS, on=inp.crisis_flag_since),),
        ))
    return out


def _income_item(inp: ReadinessInput, person: Person) -> Item:
    code = f"inkomen_{person.value}"
    needs = income_evidence_needed(inp.income, person)
    has_income = any(i.person is person for i in inp.income)
    base_label = _CATALOGUE_BY_CODE[code].label
    label = N_("%(label)s (%(needs)s)", label=base_label, needs=join("; ", [n.text for n in needs])) if needs else base_label
    if person is Person.PARTNER and not inp.has_partner:
        return _computed(code, base_label, _B, False, N_("Er is geen partner."), status_if_closed=ItemStatus.NVT)
    if person is Person.BEWONER and not has_income:
        return _computed(
            code, label, _B, True,
            N_(
                "Er staan nog geen inkomsten in de begroting. Vul die eerst in. Dan ziet u hoeveel "
                "specificaties nodig zijn."
            ),
        )
    answer = inp.answers.get(code)
    if needs and answer is not None and answer.value is AnswerValue.NVT:
        return Item(
            code, label,
            N_(
                "N.v.t. kan hier niet: volgens de begroting heeft %(person)s inkomen. %(help)s",
                person=_PERSON_IN_TEXT[person], help=_CATALOGUE_BY_CODE[code].help,
            ),
            ItemStatus.OPEN, ItemSource.BEANTWOORD, _B, answer.on,
        )
    missing_docs = _missing_income_documents(inp, person)
    if missing_docs:
        refs = (FactRef(FactKind.BUDGET), *(FactRef(FactKind.DOCUMENT, c) for c in missing_docs))
        return _computed(
            code, label, _B, True,
            N_(
                "Volgens de begroting heeft %(person)s inkomen. Het bewijs daarvan is nog niet "
                "ontvangen: %(documents)s. Zet het document op ontvangen bij de documenten als het er is.",
                person=_PERSON_IN_TEXT[person],
                documents=join(", ", [_VOORLEGGER_BY_CODE[c].label for c in missing_docs]),
            ),
            refs=refs,
        )
    return _manual(inp, code, label=label)


# Which voorlegger document proves which kind of income (rules.md §3.1: specificaties for
# every income, the beschikking for a benefit, the toeslagenbeschikkingen for toeslagen).
_PROOF_DOCUMENTS: Mapping[EvidenceKind, tuple[str, ...]] = {
    EvidenceKind.LOON: ("inkomstenspecificatie",),
    EvidenceKind.PARTICIPATIEWET: ("inkomstenspecificatie", "beschikkingen"),
    EvidenceKind.UITKERING_UWV: ("inkomstenspecificatie", "beschikkingen"),
    EvidenceKind.UITKERING_SVB: ("inkomstenspecificatie", "beschikkingen"),
    EvidenceKind.PENSIOEN: ("inkomstenspecificatie",),
    EvidenceKind.ALIMENTATIE: ("alimentatie",),
    EvidenceKind.TOESLAG: ("toeslagenbeschikkingen",),
    EvidenceKind.ANDERS: ("inkomstenspecificatie",),
}


def _missing_income_documents(inp: ReadinessInput, person: Person) -> list[str]:
    """Voorlegger codes that prove an income line of ``person`` in the budget and are not
    received (in voorlegger order). A document set to n.v.t. does not prove income."""
    needed = {c for i in inp.income if i.person is person for c in _PROOF_DOCUMENTS[i.kind]}
    out = []
    for v in VOORLEGGER_ITEMS:
        if v.code not in needed:
            continue
        answer = inp.documents.get(v.code)
        if answer is None or answer.status is not DocumentStatus.ONTVANGEN:
            out.append(v.code)
    return out


_INSTALMENTS = (N_("1 termijn"), N_("%(n)s termijnen"))
_INSTALMENTS_MISSED = (N_("is 1 termijn gemist"), N_("zijn %(n)s termijnen gemist"))
_PRIORITY_DEBTS_STAND = (N_("1 schuld voor vaste lasten staat"), N_("%(n)s schulden voor vaste lasten staan"))


def _fixed_costs_item(inp: ReadinessInput, open_debts: list[DebtFacts]) -> Item:
    """Stabilisatie (rules.md §3.4): computed as open when the case's own facts show new
    arrears: a missed (or unmarked, past due) rent instalment, or a priority debt (huur,
    energie, water, zorgverzekering) at the 14-dagenbrief or a deurwaarder stage. Only
    without such facts does the coach's answer count."""
    code = "vaste_lasten_betaald"
    escalated = [d for d in open_debts if d.is_vaste_lasten and d.status in ESCALATED_PRIORITY_STATUSES]
    missed = [(a.mediation_key, day) for a in inp.rent_arrangements for day in a.missed]
    unmarked = [(a.mediation_key, day) for a in inp.rent_arrangements for day in a.unmarked]
    if not (escalated or missed or unmarked):
        return _manual(inp, code)
    parts: list[str] = []
    refs: list[FactRef] = []
    if missed:
        parts.append(N_("In de betalingsregeling voor de huur %(missed)s.", missed=_n(len(missed), _INSTALMENTS_MISSED)))
        refs.extend(FactRef(FactKind.BEMIDDELING, key, day) for key, day in missed)
    if unmarked:
        parts.append(N_("Van %(instalments)s van de huurregeling is de datum voorbij, maar niet ingevuld of "
                        "die betaald is.", instalments=_n(len(unmarked), _INSTALMENTS)))
        refs.extend(FactRef(FactKind.BEMIDDELING, key, day) for key, day in unmarked)
    if escalated:
        parts.append(N_("%(debts)s bij de 14-dagenbrief of de deurwaarder.", debts=_n(len(escalated), _PRIORITY_DEBTS_STAND)))
        refs.extend(FactRef(FactKind.SCHULD, d.key) for d in escalated)
    parts.append(N_("Dan komen er nieuwe achterstanden bij: de vaste lasten worden nu niet betaald. "
                    "Los dit eerst op."))
    latest = max((day for _k, day in [*missed, *unmarked]), default=None)
    return _computed(code, _CATALOGUE_BY_CODE[code].label, _B, True, join(" ", parts), on=latest, refs=tuple(refs))


def _saldo_item(inp: ReadinessInput, open_debts: list[DebtFacts]) -> Item:
    """Debts without a recent saldo-opgave (a warning: the professional asks again)."""
    cutoff = _months_before(inp.peildatum, SALDO_RECENT_MAANDEN)

    def recent(d: DebtFacts) -> bool:
        on = inp.saldo_confirmed_on.get(d.key) if d.key is not None else None
        return on is not None and on >= cutoff

    old = [d for d in open_debts if not recent(d)]
    return _computed(
        "saldo_opgave_recent", N_("Recente saldo-opgave van elke schuld"), _W, bool(old),
        N_(
            "Van %(debts)s is er geen saldo-opgave van de laatste %(months)s maanden. Vraag de schuldeiser "
            "hoeveel er nu openstaat.",
            debts=_n(len(old), _DEBTS), months=SALDO_RECENT_MAANDEN,
        ) if old else N_("Van elke schuld is er een saldo-opgave van de laatste %(months)s maanden.",
                         months=SALDO_RECENT_MAANDEN),
        refs=tuple(FactRef(FactKind.SCHULD, d.key) for d in old),
    )


def _months_before(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _debt_list_items(inp: ReadinessInput, open_debts: list[DebtFacts]) -> list[Item]:
    label = N_("Schuldenlijst is compleet")
    incomplete_debts = [d for d in open_debts if not is_complete(d)]
    incomplete = len(incomplete_debts)
    if not open_debts:
        complete = _computed("schuldenlijst_compleet", label, _B, True, N_("Er staan nog geen schulden in de lijst."))
    elif incomplete:
        complete = _computed(
            "schuldenlijst_compleet", label, _B, True,
            N_(
                "%(debts)s nog gegevens. Elke schuld heeft een "
                "schuldeiser, een kenmerk, een bedrag en een peildatum nodig. De peildatum is de datum "
                "waarop het bedrag klopte.",
                debts=_n(incomplete, _DEBTS_MISS),
            ),
            refs=tuple(FactRef(FactKind.SCHULD, d.key) for d in incomplete_debts),
        )
    else:
        complete = _computed(
            "schuldenlijst_compleet", label, _B, False,
            N_("%(debts)s compleet ingevuld.", debts=_n(len(open_debts), _DEBTS_ARE)),
        )
    return [complete, _manual(inp, "schuldenlijst_akkoord")]


def _explanation_item(inp: ReadinessInput) -> Item:
    missing = []
    if not inp.explanation_origin_present:
        missing.append(N_("hoe de schulden zijn ontstaan"))
    if not inp.explanation_effort_present:
        missing.append(N_("wat de bewoner nu doet om de schulden op te lossen"))
    label = N_("Toelichting van de coach")
    if missing:
        return _computed(
            "toelichting_coach", label, _B, True,
            N_(
                "De toelichting is verplicht. Schrijf nog op: %(missing)s. Bespreek de tekst met de bewoner.",
                missing=N_("%(a)s en %(b)s", a=missing[0], b=missing[1]) if len(missing) == 2 else missing[0],
            ),
        )
    return _computed("toelichting_coach", label, _B, False,
                     N_("Beschreven: hoe de schulden zijn ontstaan en wat de bewoner nu doet."))


def _consent_item(inp: ReadinessInput, receiving_org: str) -> Item:
    label = N_("Toestemming om het dossier te delen met %(org)s", org=receiving_org)
    if inp.consent_share_on is None:
        return _computed(
            "toestemming_delen", label, _B, True,
            N_(
                "De bewoner heeft nog geen toestemming gegeven om het dossier met %(org)s te "
                "delen. Zonder toestemming mag u niets doorsturen.",
                org=receiving_org,
            ),
            refs=(FactRef(FactKind.TOESTEMMING),),
        )
    return _computed("toestemming_delen", label, _B, False, N_("De bewoner heeft toestemming gegeven."),
                     on=inp.consent_share_on, refs=(FactRef(FactKind.TOESTEMMING, on=inp.consent_share_on),))


def _count_open(debts: list[DebtFacts], pred: Callable[[DebtFacts], bool]) -> int:
    return sum(1 for d in debts if pred(d))


@dataclass(frozen=True)
class _DebtWarning:
    """A warning that counts the open debts of one kind: what it says when there are some
    (given how many), and when there are none."""

    code: str
    label: str
    counts: Callable[[DebtFacts], bool]
    when_some: Callable[[int], str]
    when_none: str

    def item(self, open_debts: list[DebtFacts]) -> Item:
        counted = [d for d in open_debts if self.counts(d)]
        n = len(counted)
        return _computed(self.code, self.label, _W, n > 0, self.when_some(n) if n else self.when_none,
                         refs=tuple(FactRef(FactKind.SCHULD, d.key) for d in counted))


# The warnings about what kind of debts there are, first on the checklist.
_DEBT_KIND_WARNINGS = (
    _DebtWarning(
        "fraudevordering", N_("Fraudeschuld"), lambda d: d.fraud,
        lambda n: N_(
            "%(debts)s: geld terugbetalen "
            "na het niet (goed) doorgeven van informatie, vaak met een boete. Zo'n schuld wordt soms niet "
            "kwijtgescholden. De hulpverlener schrijft deze schuldeiser apart aan. Leg in de toelichting "
            "apart uit hoe deze schuld is ontstaan.",
            debts=_n(n, _FRAUD_DEBTS),
        ),
        N_("Er is geen fraudeschuld."),
    ),
    _DebtWarning(
        "cjib_strafrechtelijk", N_("Strafrechtelijke boete bij het CJIB"), lambda d: d.cjib_strafrechtelijk,
        lambda n: N_(
            "%(fines)s, "
            "bijvoorbeeld van de rechter of een strafbeschikking. Die wordt nooit kwijtgescholden, ook niet "
            "in de WSNP. Verkeersboetes zijn anders: die kunnen wel mee in een regeling.",
            fines=_n(n, _CRIMINAL_FINES),
        ),
        N_("Er is geen strafrechtelijke boete bij het CJIB."),
    ),
    _DebtWarning(
        "cjib_soort_onbekend", N_("Soort CJIB-boete onbekend"),
        lambda d: d.creditor_category is CreditorCategory.CJIB and not d.cjib_strafrechtelijk and not d.cjib_verkeersboete,
        lambda n: N_(
            "Bij %(debts)s is niet bekend of het een verkeersboete of een "
            "strafrechtelijke boete is. Vraag dit na bij het CJIB. Een strafrechtelijke boete wordt nooit "
            "kwijtgescholden.",
            debts=_n(n, _CJIB_DEBTS),
        ),
        N_("Van elke CJIB-schuld is bekend wat voor boete het is."),
    ),
)

# The warnings about the state of the debts, last on the checklist.
_DEBT_STATE_WARNINGS = (
    _DebtWarning(
        "beslag_loopt", N_("Er loopt beslag"), lambda d: d.has_garnishment,
        lambda n: N_(
            "Op %(debts)s ligt beslag. Controleer de beslagvrije voet in de brief "
            "van de deurwaarder (modelmededeling). De beslagvrije voet is het deel van het inkomen dat "
            "altijd voor de bewoner blijft.",
            debts=_n(n, _DEBTS),
        ),
        N_("Er loopt geen beslag."),
    ),
    _DebtWarning(
        "rechtszaak_loopt", N_("Dagvaarding of vonnis"),
        lambda d: d.status in (DebtStatus.DAGVAARDING, DebtStatus.VONNIS),
        lambda n: N_(
            "Bij %(debts)s is er een dagvaarding of een vonnis. Let op de datum van de zitting of van de "
            "betaling in het vonnis. Meld dit meteen aan de hulpverlener: na een vonnis kan de deurwaarder "
            "beslag leggen, en bij huur kan het om ontruiming gaan.",
            debts=_n(n, _DEBTS),
        ),
        N_("Geen dagvaarding of vonnis."),
    ),
    _DebtWarning(
        "studieschuld_regulier", N_("Gewone studieschuld bij DUO"), lambda d: d.studieschuld_regulier,
        lambda _count: N_(
            "Er is een gewone studieschuld bij DUO. Die blijft meestal buiten de regeling. De bewoner "
            "betaalt die terug naar wat hij of zij kan missen (draagkracht)."
        ),
        N_("Geen gewone studieschuld."),
    ),
    _DebtWarning(
        "belastingdienst_preferent", N_("Schuld bij de Belastingdienst (preferent)"),
        lambda d: d.creditor_category is CreditorCategory.BELASTINGDIENST or d.is_preferent,
        lambda _count: N_(
            "Er is een preferente schuld, meestal bij de Belastingdienst. Preferent betekent: deze "
            "schuldeiser krijgt voorrang en vaak een groter deel bij een regeling. De Belastingdienst "
            "heeft eigen regels om mee te werken."
        ),
        N_("Geen preferente schuld."),
    ),
    _DebtWarning(
        "cak_achterstand", N_("Achterstand bij het CAK"), lambda d: d.creditor_category is CreditorCategory.CAK,
        lambda _count: N_(
            "Er is een schuld bij het CAK. Dan zit de bewoner waarschijnlijk in de regeling voor wie de "
            "zorgverzekering niet betaalt (wanbetalersregeling). De premie is dan hoger. Vraag de "
            "zorgverzekeraar om een stabilisatieovereenkomst."
        ),
        N_("Geen schuld bij het CAK."),
    ),
    _DebtWarning(
        "zakelijke_schuld", N_("Zakelijke schuld"), lambda d: d.zakelijk,
        lambda _count: N_(
            "Er is een schuld van een eigen bedrijf. Zorg dat de btw-aangiften gedaan en verwerkt zijn en "
            "vraag hoe het bedrijf bij de KvK staat."
        ),
        N_("Geen zakelijke schuld."),
    ),
    _DebtWarning(
        "incassokosten_te_hoog", N_("Incassokosten te hoog"),
        lambda d: any(f.code is FindingCode.INCASSOKOSTEN_TE_HOOG for f in check_debt(d)),
        lambda n: N_(
            "Bij %(debts)s zijn de incassokosten hoger dan de wet toestaat. Kijk bij "
            "de schuld wat het maximum is.",
            debts=_n(n, _DEBTS),
        ),
        N_("Geen te hoge incassokosten gevonden."),
    ),
)


def _warning_items(inp: ReadinessInput, open_debts: list[DebtFacts], car_value_limit: Money) -> list[Item]:
    out = [w.item(open_debts) for w in _DEBT_KIND_WARNINGS]
    out.append(_recent_debts_item(inp, open_debts))
    out.append(_saldo_item(inp, open_debts))
    out.append(_manual(inp, "belastingaangiften",
                       extra=N_("De Kredietbank neemt een dossier pas aan als deze aangiften gedaan zijn.")))
    out.append(_car_item(inp, car_value_limit))
    out.append(_alimony_item(inp))
    out.extend(w.item(open_debts) for w in _DEBT_STATE_WARNINGS)
    return out


def _recent_debts_item(inp: ReadinessInput, open_debts: list[DebtFacts]) -> Item:
    """Goede trouw: debts that arose in the last years, or whose start is unknown."""
    c = _count_open
    cutoff = _years_before(inp.peildatum, GOEDE_TROUW_JAREN)
    recent = c(open_debts, lambda d: d.arisen_on is not None and d.arisen_on >= cutoff)
    unknown = c(open_debts, lambda d: d.arisen_on is None)
    parts: list[str] = []
    if recent:
        parts.append(N_(
            "%(debts)s in de laatste %(years)s jaar ontstaan.",
            debts=_n(recent, _DEBTS_ARE), years=GOEDE_TROUW_JAREN,
        ))
    if unknown:
        parts.append(N_(
            "Van %(debts)s is niet bekend wanneer die is ontstaan.",
            debts=_n(unknown, _DEBTS),
        ))
    return _computed(
        "schulden_laatste_3_jaar", N_("Schulden uit de laatste %(years)s jaar", years=GOEDE_TROUW_JAREN), _W,
        bool(parts),
        join(" ", [*parts, N_(
            "Bij een WSNP kijkt de rechter naar de laatste %(years)s jaar: "
            "ging de bewoner eerlijk en zorgvuldig om met geld en schulden (goede trouw)? Schuldeisers "
            "in een minnelijk traject kunnen bij nieuwe schulden ook nee zeggen.",
            years=GOEDE_TROUW_JAREN,
        )])
        if parts else N_("Geen schulden uit de laatste %(years)s jaar.", years=GOEDE_TROUW_JAREN),
    )


def _car_item(inp: ReadinessInput, car_value_limit: Money) -> Item:
    car_open = inp.car_value is not None and inp.car_value > car_value_limit
    limit = format_eur(car_value_limit)
    return _computed(
        "auto_waarde", N_("Auto meer waard dan %(limit)s", limit=limit), _W, car_open,
        N_(
            "De auto is meer waard dan %(limit)s. Dan gaat de waarde meestal naar de "
            "schuldeisers, tenzij de auto nodig is voor werk of om medische redenen.",
            limit=limit,
        )
        if car_open else N_("Geen auto met een waarde boven %(limit)s.", limit=limit),
    )


def _alimony_item(inp: ReadinessInput) -> Item:
    alimony_open = inp.alimony_paid and not inp.nihilstelling_requested
    return _computed(
        "alimentatie_nihilstelling", N_("Alimentatie betaald zonder nihilstelling"), _W, alimony_open,
        N_(
            "De bewoner betaalt alimentatie. Er is niet gevraagd om de alimentatie op nul te zetten "
            "(nihilstelling). De hulpverlener wil weten waarom niet."
        )
        if alimony_open else N_("Geen alimentatie betaald zonder nihilstelling."),
    )


def _wsnp_items(inp: ReadinessInput, open_debts: list[DebtFacts]) -> list[Item]:
    out: list[Item] = []
    # art. 285 lid 1 onder a Fw: staat of creditors and amounts (rules.md §2).
    lacking = sum(1 for d in open_debts if d.creditor_category is None or not d.has_amount)
    label = N_("Lijst van schuldeisers en bedragen (art. 285 Fw)")
    if not open_debts:
        out.append(_computed("wsnp_staat_schuldeisers", label, _B, True, N_("Er staan nog geen schulden in de lijst.")))
    else:
        out.append(_computed(
            "wsnp_staat_schuldeisers", label, _B, lacking > 0,
            N_(
                "Bij %(debts)s ontbreekt de schuldeiser of het bedrag. De rechter "
                "wil van elke schuld weten bij wie die is en hoe hoog.",
                debts=_n(lacking, _DEBTS),
            )
            if lacking else N_("Van elke schuld zijn schuldeiser en bedrag bekend."),
        ))

    # art. 285 lid 1 onder c, d, e Fw: specified income and fixed costs, also of the partner.
    missing = []
    if not any(i.person is Person.BEWONER for i in inp.income):
        missing.append(N_("het inkomen van de bewoner"))
    partner_answer = inp.answers.get("inkomen_partner")
    partner_no_income = partner_answer is not None and partner_answer.value is AnswerValue.NVT
    if inp.has_partner and not partner_no_income and not any(i.person is Person.PARTNER for i in inp.income):
        missing.append(N_("het inkomen van de partner"))
    if not inp.fixed_costs_specified:
        missing.append(N_("de vaste lasten"))
    out.append(_computed(
        "wsnp_inkomen_vaste_lasten", N_("Inkomen en vaste lasten op een rij (art. 285 Fw)"), _B, bool(missing),
        N_(
            "Vul in de begroting nog in: %(missing)s. De rechter wil inkomen en vaste lasten "
            "van de bewoner en de partner precies zien.",
            missing=join(", ", missing),
        ) if missing
        else N_("Inkomen en vaste lasten staan in de begroting."),
    ))

    out.append(_manual(inp, "wsnp_285_verklaring"))

    # art. 288 lid 1 onder b and lid 3 Fw: goede trouw over 3 years, hardheidsclausule.
    cutoff = _years_before(inp.peildatum, GOEDE_TROUW_JAREN)
    recent_fraud = sum(1 for d in open_debts if d.fraud and (d.arisen_on is None or d.arisen_on >= cutoff))
    if recent_fraud == 0:
        out.append(_computed(
            "goede_trouw_toelichting", _CATALOGUE_BY_CODE["goede_trouw_toelichting"].label, _B, False,
            N_("Geen fraudeschuld uit de laatste %(years)s jaar.", years=GOEDE_TROUW_JAREN),
            status_if_closed=ItemStatus.NVT,
        ))
    else:
        out.append(_manual(
            inp, "goede_trouw_toelichting",
            extra=N_(
                "%(debts)s uit de laatste %(years)s jaar, "
                "of de datum is niet bekend. Zonder uitleg laat de rechter de bewoner meestal niet toe.",
                debts=_n(recent_fraud, _FRAUD_DEBTS),
                years=GOEDE_TROUW_JAREN,
            ),
        ))
    return out


def assess_readiness(
    inp: ReadinessInput,
    track: Track = Track.MINNELIJK,
    *,
    car_value_limit: Money = AUTO_WAARDEGRENS,
    receiving_org: str = "MaDi",
) -> ReadinessReport:
    """The checklist for one track (rules.md §3.4; WSNP extras from §2).

    ``receiving_org`` is the organisation's name as shown in the consent item.
    """
    open_debts = [d for d in inp.debts if d.is_open]
    items: list[Item] = [
        *_crisis_items(inp),
        _manual(inp, "identiteitsbewijs"),
        _income_item(inp, Person.BEWONER),
        _income_item(inp, Person.PARTNER),
        _manual(inp, "inkomen_voorzieningen"),
        *_debt_list_items(inp, open_debts),
        _fixed_costs_item(inp, open_debts),
        _explanation_item(inp),
        _consent_item(inp, receiving_org),
        _manual(inp, "aanvraag_volmacht"),
    ]
    if track is Track.WSNP:
        items.extend(_wsnp_items(inp, open_debts))
    items.extend(_warning_items(inp, open_debts, car_value_limit))
    items = [_with_override(inp, i) for i in items]
    return ReadinessReport(
        track=track,
        peildatum=inp.peildatum,
        blocking=[i for i in items if i.kind is _B and i.status is ItemStatus.OPEN],
        warnings=[i for i in items if i.kind is _W and i.status is ItemStatus.OPEN],
        ok=[i for i in items if i.status is not ItemStatus.OPEN],
    )


def _with_override(inp: ReadinessInput, item: Item) -> Item:
    """A computed open item the coach set aside (with a reason) is no longer open, but it is
    never "in orde" either: it shows the reason."""
    override = inp.overrides.get(item.code)
    if override is None or not item.overridable:
        return item
    if not override.covers(item.refs):
        return replace(item, explanation=join(" ", [item.explanation, N_(
            "De coach had dit punt op %(d)s opzij gezet, maar er is daarna iets nieuws bijgekomen. Kijk opnieuw.",
            d=override.on.strftime("%d-%m-%Y"),
        )]))
    return replace(
        item,
        status=ItemStatus.OVERSCHREVEN,
        override=override,
        explanation=join(" ", [item.explanation, N_("De coach zet dit punt opzij: %(reason)s", reason=override.reason)]),
    )


def assess_all(
    inp: ReadinessInput,
    *,
    car_value_limit: Money = AUTO_WAARDEGRENS,
    receiving_org: str = "MaDi",
) -> dict[Track, ReadinessReport]:
    """Both tracks at once."""
    return {
        t: assess_readiness(inp, t, car_value_limit=car_value_limit, receiving_org=receiving_org)
        for t in Track
    }
