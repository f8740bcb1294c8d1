"""Budget services: budget versions and items, the capacity and the offer for a version, saved
calculations (norm sets: normsets.py; demo budgets: schoonschip/demo/budget.py).

Views call these and render; nothing here knows about requests. The pure calculations live
in items.py, norms.py, vtlb.py and offer.py; this module only feeds them stored data. The
case's household facts and open debts are passed in by the caller (the budget views ask the
case file's ``household_facts`` and the debt ledger's ``open_debts_for_offer``): the budget
never imports the case file (an import-linter contract).

Live or stored? The Budget and Aflossen pages always calculate **live** from the items of the
version, on the version's peildatum, and show the norm set that was used (code, valid-from,
sources). A live page can change when a beheerder imports a newer norm set, which is right:
it should use the best norms available. What a coach hands over or prints must stay
explainable later, so "Vastleggen" and "Vastleggen en afdrukken" store a
:class:`~schoonschip.budget.models.CapacitySnapshot` with the norm-set code and valid-from in
plaintext and the figures sealed (rules.md §0.2: a calculation records its norm period).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from schoonschip.auth.models import User
from schoonschip.budget.forms import Corrections, ItemData, OfferSettings, OfficialData
from schoonschip.budget.models import (
    BudgetEntry,
    BudgetVersion,
    CapacitySnapshot,
    OfficialVtlb,
)
from schoonschip.budget.normsets import all_normsets
from schoonschip.budget.rules import norms
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.budget.rules.items import (
    BudgetItem,
    BudgetSummary,
    ExpenseGroup,
    ExpenseKind,
    IncomeCounting,
    IncomeKind,
    Person,
    monthly_total,
    summarise,
)
from schoonschip.budget.rules.norms import NormAmount, NormSet, NormSetError, NormSource
from schoonschip.budget.rules.offer import OfferDebt, OfferError, OfferResult, calculate_offer
from schoonschip.budget.rules.vtlb import (
    AgeBand,
    VtlbInputError,
    VtlbResult,
    age_band,
    calculate_vtlb,
    vtlb_input_from_items,
)
from schoonschip.i18n import N_, join, message_of
from schoonschip.money import Money, format_eur

__all__ = [
    "BudgetPicture",
    "CapacityView",
    "OfferView",
    "StaleError",
    "VersionError",
    "add_entry",
    "budget_picture",
    "capacity_for",
    "create_version",
    "current_version",
    "delete_entry",
    "household_for",
    "list_versions",
    "offer_for",
    "official_history",
    "record_official",
    "rent_in_budget",
    "save_corrections",
    "save_household",
    "save_offer_settings",
    "snapshots_of",
    "take_snapshot",
    "update_entry",
]


class StaleError(Exception):
    """Someone else changed this in the meantime. Dutch message, safe to show."""

    def __init__(
        self,
        message: str = "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat hieronder nog; "
        "kijk de gegevens na en sla opnieuw op.",
    ) -> None:
        super().__init__(message)
        self.message = message


class VersionError(ValueError):
    """A budget version cannot be made or changed. Dutch message."""


# --- versions and items ----------------------------------------------------------------


# Built once, not on every budget, capacity and readiness page (docs/performance.md).
_VERSIONS = select(BudgetVersion).where(BudgetVersion.case_id == bindparam("case_id")).order_by(BudgetVersion.peildatum.desc())
_CURRENT_VERSION = _VERSIONS.limit(1)


def list_versions(db: Session, case_id: int) -> list[BudgetVersion]:
    """Newest peildatum first."""
    return list(db.scalars(_VERSIONS, {"case_id": case_id}))


def current_version(db: Session, case_id: int) -> BudgetVersion | None:
    return db.scalar(_CURRENT_VERSION, {"case_id": case_id})


def version_of_case(db: Session, case_id: int, version_id: int | str | None) -> BudgetVersion | None:
    """The version with this id when it belongs to the case; None otherwise."""
    try:
        vid = int(version_id) if version_id not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if vid is None:
        return None
    v = db.get(BudgetVersion, vid)
    return v if v is not None and v.case_id == case_id else None


def entry_of_case(db: Session, case_id: int, entry_id: int) -> BudgetEntry | None:
    e = db.get(BudgetEntry, entry_id)
    return e if e is not None and e.case_id == case_id else None


def create_version(
    db: Session, case: Any, *, peildatum: date, user_id: int | None, expected_current_id: int | None
) -> BudgetVersion:
    """A new version on ``peildatum``, copying the items and settings of the current one.

    ``expected_current_id`` is the newest version the coach saw (None: none). If another
    coach made a version in the meantime, this refuses (StaleError) instead of forking.
    """
    current = current_version(db, case.id)
    if (current.id if current else None) != expected_current_id:
        raise StaleError(
            N_(
                "Iemand anders heeft intussen een nieuwe versie van de begroting gemaakt. Bekijk die eerst; "
                "uw datum staat hieronder nog."
            )
        )
    if current is not None and peildatum <= current.peildatum:
        raise VersionError(
            N_(
                "Kies een peildatum na %(date)s, de peildatum van de huidige versie.",
                date=current.peildatum.strftime("%d-%m-%Y"),
            )
        )
    v = BudgetVersion(case_id=case.id, peildatum=peildatum, created_by_id=user_id)
    if current is not None:
        v.based_on_id = current.id
        v.household = current.household
        v.corrections = current.corrections
        v.offer_settings = current.offer_settings
        for e in current.entries:
            copy = BudgetEntry(
                case_id=case.id, direction=e.direction, kind=e.kind, person=e.person, frequency=e.frequency
            )
            copy.amount = e.amount
            copy.label = e.label
            copy.source = e.source
            v.entries.append(copy)
    db.add(v)
    db.flush()
    return v


def _require_current(db: Session, version: BudgetVersion) -> None:
    current = current_version(db, version.case_id)
    if current is None or current.id != version.id:
        raise StaleError(
            N_(
                "Deze versie van de begroting is niet meer de nieuwste. Wijzig de nieuwste versie; "
                "uw invoer staat hieronder nog."
            )
        )


def _check_version(obj: BudgetEntry | BudgetVersion, expected: str | int | None) -> None:
    try:
        ok = int(expected) == obj.version  # type: ignore[arg-type]
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise StaleError()


def add_entry(db: Session, case: Any, version: BudgetVersion, data: ItemData) -> BudgetEntry:
    _require_current(db, version)
    e = BudgetEntry(
        case_id=case.id,
        direction=data.direction,
        kind=data.kind,
        person=data.person,
        frequency=data.frequency,
        source=data.source,
    )
    e.amount = data.amount
    e.label = data.label
    version.entries.append(e)
    db.flush()
    return e


def update_entry(
    db: Session, case: Any, entry: BudgetEntry, data: ItemData, expected_version: str | None
) -> None:
    _check_version(entry, expected_version)
    _require_current(db, entry.budget_version)
    entry.kind = data.kind
    entry.person = data.person
    entry.frequency = data.frequency
    entry.amount = data.amount
    entry.label = data.label
    db.flush()


def delete_entry(db: Session, case: Any, entry: BudgetEntry, expected_version: str | None) -> None:
    _check_version(entry, expected_version)
    _require_current(db, entry.budget_version)
    db.delete(entry)
    db.flush()


def _save_setting(
    db: Session, case: Any, version: BudgetVersion, expected: str | None, name: str, value: Any
) -> None:
    _check_version(version, expected)
    _require_current(db, version)
    setattr(version, name, value)
    db.flush()


def save_household(
    db: Session, case: Any, version: BudgetVersion, facts: HouseholdFacts | None, expected: str | None
) -> None:
    """Facts for this version (None: use the case file's facts again)."""
    _save_setting(db, case, version, expected, "household", None if facts is None else facts.to_dict())


def save_corrections(
    db: Session, case: Any, version: BudgetVersion, c: Corrections, expected: str | None
) -> None:
    _save_setting(db, case, version, expected, "corrections", c.to_dict())


def save_offer_settings(
    db: Session, case: Any, version: BudgetVersion, s: OfferSettings, expected: str | None
) -> None:
    _save_setting(db, case, version, expected, "offer_settings", s.to_dict())


def record_official(
    db: Session, case: Any, version: BudgetVersion, data: OfficialData, *, user_id: int | None
) -> OfficialVtlb:
    row = OfficialVtlb(
        case_id=case.id,
        budget_version_id=version.id,
        established_on=data.established_on,
        recorded_by_id=user_id,
    )
    row.amount = data.amount
    row.supplied_by = data.supplied_by
    db.add(row)
    db.flush()
    return row


def official_history(db: Session, version_id: int) -> list[OfficialVtlb]:
    """Newest first; the first one counts."""
    return list(
        db.scalars(
            select(OfficialVtlb)
            .where(OfficialVtlb.budget_version_id == version_id)
            .order_by(OfficialVtlb.established_on.desc(), OfficialVtlb.id.desc())
        )
    )


# --- the budget picture ------------------------------------------------------------------

COUNTING_LABELS = IncomeCounting.labels()


@dataclass(frozen=True)
class EntryRow:
    entry: BudgetEntry
    item: BudgetItem
    monthly: Money
    counting_label: str | None = None


@dataclass(frozen=True)
class Bar:
    label: str
    amount: Money
    width: int
    y: int
    fill: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BudgetPicture:
    summary: BudgetSummary
    incomes: list[EntryRow]
    expenses: list[EntryRow]
    earmarked: list[EntryRow]
    chart: Chart
    expense_groups: list[tuple[ExpenseGroup, Money]]
    income_groups: list[tuple[IncomeCounting, str, Money]]


CHART_BAR_MAX = 360
CHART_LABEL = 230
CHART_ROW = 40


def _chart(summary: BudgetSummary) -> Chart:
    rows: list[tuple[str, Money, str]] = [("Inkomsten", summary.income_total, "#1e6b2f")]
    for g in ExpenseGroup:
        amount = summary.expenses_by_group[g]
        if amount or g is not ExpenseGroup.ANDERS:
            rows.append((g.label, amount, "#0b5563"))
    rows.append(("Uitgaven samen", summary.expense_total, "#073a44"))
    if summary.left_over.is_negative():
        rows.append(("Tekort", summary.shortfall, "#b00020"))
    else:
        rows.append(("Over", summary.left_over, "#8a5300"))
    biggest = max((r[1].cents for r in rows), default=0)
    bars = []
    for n, (label, amount, fill) in enumerate(rows):
        # integer arithmetic only: a bar of at least 2 px when the amount is not zero
        width = 0 if biggest <= 0 or amount.cents <= 0 else max(2, amount.cents * CHART_BAR_MAX // biggest)
        bars.append(Bar(label, amount, width, n * CHART_ROW, fill))
    return Chart(CHART_LABEL + CHART_BAR_MAX + 130, len(rows) * CHART_ROW, CHART_LABEL, tuple(bars))


def budget_picture(version: BudgetVersion) -> BudgetPicture:
    incomes: list[EntryRow] = []
    expenses: list[EntryRow] = []
    for e in version.entries:
        item = e.to_item()
        if item.is_income:
            assert isinstance(item.kind, IncomeKind)
            label = COUNTING_LABELS[item.kind.counting]
            if item.kind.counting is IncomeCounting.COUNTS and item.person is Person.HUISGENOOT:
                label = "Telt niet mee (inkomen van een huisgenoot)"
            incomes.append(EntryRow(e, item, item.monthly, label))
        else:
            expenses.append(EntryRow(e, item, item.monthly))
    expenses.sort(key=lambda r: (list(ExpenseGroup).index(r.item.kind.group), r.entry.id))  # type: ignore[union-attr]
    summary = summarise([r.item for r in incomes], [r.item for r in expenses])
    earmarked = [
        r
        for r in incomes
        if isinstance(r.item.kind, IncomeKind) and r.item.kind.counting is IncomeCounting.EARMARKED
    ]
    return BudgetPicture(
        summary=summary,
        incomes=incomes,
        expenses=expenses,
        earmarked=earmarked,
        chart=_chart(summary),
        expense_groups=[(g, summary.expenses_by_group[g]) for g in ExpenseGroup],
        income_groups=[(c, COUNTING_LABELS[c], summary.income_by_counting[c]) for c in IncomeCounting],
    )


# --- household facts ---------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdView:
    facts: HouseholdFacts
    source: str  # "versie" (entered for this version), "dossier" (case file), "aanname" (nothing known)
    case_facts: HouseholdFacts | None


ASSUMED_FACTS = HouseholdFacts(resident_age_band=AgeBand.VAN_21_TOT_AOW)


def household_for(version: BudgetVersion, case_facts: HouseholdFacts | None) -> HouseholdView:
    """The facts the version calculates with: its own, else the case file's (``case_facts``,
    passed in by the caller), else the assumption."""
    if version.household:
        return HouseholdView(HouseholdFacts.from_dict(version.household), "versie", case_facts)
    if case_facts is not None:
        return HouseholdView(case_facts, "dossier", case_facts)
    return HouseholdView(ASSUMED_FACTS, "aanname", None)


# --- capacity ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsedSource:
    key: str
    source: NormSource


@dataclass
class CapacityView:
    version: BudgetVersion
    household: HouseholdView
    corrections: Corrections
    result: VtlbResult | None = None
    error: str | None = None
    normset: NormSet | None = None
    outdated: bool = False
    resident_band: AgeBand | None = None
    partner_band: AgeBand | None = None
    housing_costs: Money | None = None
    health_premium: Money | None = None
    municipal_taxes: Money | None = None
    hints: list[str] = field(default_factory=list)
    line_notes: dict[int, list[NormAmount]] = field(default_factory=dict)
    sources: list[UsedSource] = field(default_factory=list)
    official: OfficialVtlb | None = None
    official_history: list[OfficialVtlb] = field(default_factory=list)

    @property
    def official_difference(self) -> Money | None:
        """Official − indicative VTLB (positive: the official VTLB is higher)."""
        if self.official is None or self.result is None:
            return None
        return self.official.amount - self.result.vtlb

    @property
    def official_capacity(self) -> Money | None:
        if self.official is None or self.result is None:
            return None
        return (self.result.counted_income - self.official.amount).max0()


def _own(items: Sequence[BudgetItem], kind: ExpenseKind) -> Money | None:
    chosen = [i for i in items if i.kind is kind and i.person in (Person.BEWONER, Person.PARTNER)]
    return monthly_total(chosen) if chosen else None


def capacity_for(
    db: Session,
    version: BudgetVersion,
    *,
    case_facts: HouseholdFacts | None,
    normsets: Sequence[NormSet] | None = None,
) -> CapacityView:
    """The indicative VTLB and capacity of a version on its peildatum, with everything the
    page shows around it. ``case_facts``: the case file's household facts (None when it has
    none yet). Never raises for bad input: ``error`` holds a Dutch message."""
    sets = list(normsets) if normsets is not None else all_normsets(db)
    household = household_for(version, case_facts)
    corrections = Corrections.from_dict(version.corrections)
    view = CapacityView(version=version, household=household, corrections=corrections)
    history = official_history(db, version.id)
    view.official_history = history
    view.official = history[0] if history else None
    items = [e.to_item() for e in version.entries]
    facts = household.facts
    view.housing_costs = _own(items, ExpenseKind.HUUR_SERVICEKOSTEN)
    view.health_premium = _own(items, ExpenseKind.ZORGVERZEKERING)
    view.municipal_taxes = _own(items, ExpenseKind.GEMEENTELIJKE_BELASTINGEN)

    view.hints.extend(_hints(household, items, view.housing_costs))

    try:
        ns = norms.select(sets, version.peildatum)
        view.normset = ns
        view.outdated = norms.is_outdated(sets, version.peildatum)
        if facts.resident_birth_date:
            view.resident_band = age_band(facts.resident_birth_date, version.peildatum, ns)
        else:
            view.resident_band = facts.resident_age_band
        if facts.has_partner:
            view.partner_band = (
                age_band(facts.partner_birth_date, version.peildatum, ns)
                if facts.partner_birth_date
                else facts.partner_age_band
            )
        inp = vtlb_input_from_items(
            items,
            peildatum=version.peildatum,
            has_partner=facts.has_partner,
            children_under_18=facts.children_under_18,
            resident_birth_date=facts.resident_birth_date,
            resident_age_band=facts.resident_age_band,
            partner_birth_date=facts.partner_birth_date if facts.has_partner else None,
            partner_age_band=facts.partner_age_band if facts.has_partner else None,
            housemates_27_plus=facts.kostendelers_27plus,
            housing_costs=view.housing_costs,
            health_premium=view.health_premium,
            eigen_risico_reservation=corrections.eigen_risico,
            work_travel_km_per_day=corrections.work_travel_km_per_day,
            work_days_per_week=corrections.work_days_per_week or 5,
            childcare_uncovered=corrections.childcare_uncovered,
            alimony_paid=corrections.alimony_paid,
            # rules.md §1.3: municipal and water-board taxes count when not remitted (kwijtschelding)
            municipal_taxes=None if corrections.municipal_tax_remitted else view.municipal_taxes,
            kindgebonden_budget_due=corrections.kindgebonden_budget_due,
            study_costs_children=corrections.study_costs_children,
            other_corrections=corrections.other_corrections,
        )
        view.result = calculate_vtlb(inp, sets)
    except (NormSetError, VtlbInputError) as exc:
        view.error = message_of(exc)
        return view

    _note_norms_used(view, view.result, ns)
    return view


def _hints(household: HouseholdView, items: list[BudgetItem], housing_costs: Money | None) -> list[str]:
    """What the coach may want to check: the household facts and the items disagree."""
    facts = household.facts
    hints: list[str] = []
    if household.source == "aanname":
        hints.append(
            N_(
                "De gezinssituatie is nog niet ingevuld. De berekening gaat nu uit van: alleenstaand, geen "
                "kinderen, geen kostendelers, 21 jaar tot AOW-leeftijd. Vul de gezinssituatie hieronder in."
            )
        )
    if not facts.has_partner and any(i.is_income and i.person is Person.PARTNER for i in items):
        hints.append(
            N_("Er staat inkomen van een partner in de begroting, maar bij de gezinssituatie staat geen partner.")
        )
    if facts.children_under_18 == 0 and any(i.kind is IncomeKind.KINDERBIJSLAG for i in items):
        hints.append(
            N_("Er is kinderbijslag ingevuld, maar bij de gezinssituatie staan geen kinderen onder 18.")
        )
    if facts.kostendelers_27plus == 0 and any(i.is_income and i.person is Person.HUISGENOOT for i in items):
        hints.append(
            N_(
                "Er is inkomen van een huisgenoot. Is die huisgenoot 27 jaar of ouder (en geen student of "
                "commerciële huurder)? Tel die dan mee als kostendeler."
            )
        )
    if housing_costs is None:
        hints.append(
            N_("Er staat geen huur in de begroting. Dan telt er geen correctie voor woonlasten mee.")
        )
    return hints


def _note_norms_used(view: CapacityView, result: VtlbResult, ns: NormSet) -> None:
    """The uncertain norm amounts per line of the result, and the sources of the norms used."""
    used_sources: dict[str, None] = {}
    for n, line in enumerate(result.lines):
        notes = [ns.amount(k) for k in line.norm_keys if ns.amount(k).uncertain]
        if notes:
            view.line_notes[n] = notes
        for k in line.norm_keys:
            used_sources.setdefault(ns.amount(k).source, None)
    view.sources = [UsedSource(k, ns.sources[k]) for k in used_sources if k in ns.sources]


# --- the offer ---------------------------------------------------------------------------


@dataclass
class OfferView:
    settings: OfferSettings
    debts: list[OfferDebt]
    result: OfferResult | None = None
    error: str | None = None
    capacity_used: Money | None = None
    basis: str = "indicatief"  # or "officieel"

    @property
    def no_debts(self) -> bool:
        return not self.debts

    @property
    def notes(self) -> list[str]:
        """The offer's notes; without any debt, "more money than debt" would only confuse."""
        if self.result is None:
            return []
        if self.no_debts:
            return [n for n in self.result.notes if not n.startswith("Er is meer geld dan schuld")]
        return list(self.result.notes)

    def outside_reason(self, key: str) -> str:
        for d in self.debts:
            if d.key == key:
                return d.reason.label if d.reason else ""
        return ""


def offer_for(version: BudgetVersion, cap: CapacityView, debts: Sequence[OfferDebt]) -> OfferView:
    """The offer for a version from its capacity and the case's open debts (``debts``, from
    the debt ledger's ``open_debts_for_offer``, passed in by the caller)."""
    settings = OfferSettings.from_dict(version.offer_settings)
    view = OfferView(settings=settings, debts=list(debts))
    if cap.result is None or cap.normset is None:
        view.error = N_("Het aanbod kan pas als de afloscapaciteit berekend is.")
        return view
    if cap.official_capacity is not None:
        view.capacity_used, view.basis = cap.official_capacity, "officieel"
    else:
        view.capacity_used = cap.result.afloscapaciteit
    try:
        view.result = calculate_offer(
            capacity=view.capacity_used,
            debts=view.debts,
            normset=cap.normset,
            assets=settings.assets,
            fee=settings.fee,
            preferent_factor=settings.preferent_factor,
        )
    except OfferError as exc:
        view.error = message_of(exc)
    return view


# --- saved calculations ------------------------------------------------------------------


def take_snapshot(
    db: Session,
    case: Any,
    version: BudgetVersion,
    cap: CapacityView,
    offer: OfferView,
    *,
    user_id: int | None,
    purpose: str,
) -> CapacitySnapshot:
    """Store the calculation as shown now, with the norm set it used."""
    if cap.result is None or cap.normset is None:
        none_yet = N_("Er is nog geen berekening om vast te leggen.")
        raise VersionError(join(" ", [none_yet, cap.error]) if cap.error else none_yet)
    r = cap.result
    figures: dict[str, Any] = {
        "counted_income": r.counted_income.cents,
        "vtlb": r.vtlb.cents,
        "capacity": r.afloscapaciteit.cents,
        "official_vtlb": cap.official.amount.cents if cap.official else None,
        "warnings": len(r.warnings),
    }
    if offer.result is not None:
        o = offer.result
        figures.update(
            offer_basis=offer.basis,
            afdracht=o.afdracht_totaal.cents,
            kosten=o.kosten.cents,
            te_verdelen=o.te_verdelen.cents,
            total_debt=o.total_debt.cents,
            percentage=str(o.percentage),
            zero_offer=o.zero_offer,
        )
    snap = CapacitySnapshot(
        case_id=case.id,
        budget_version_id=version.id,
        peildatum=version.peildatum,
        normset_code=cap.normset.code,
        normset_valid_from=cap.normset.valid_from,
        purpose=purpose,
        saved_by_id=user_id,
    )
    snap.figures = figures
    db.add(snap)
    db.flush()
    return snap


@dataclass(frozen=True)
class SnapshotRow:
    snapshot: CapacitySnapshot
    saved_by: str | None
    vtlb: Money
    capacity: Money
    percentage: Decimal | None


def snapshots_of(db: Session, version_id: int) -> list[SnapshotRow]:
    rows = []
    for s in db.scalars(
        select(CapacitySnapshot)
        .where(CapacitySnapshot.budget_version_id == version_id)
        .order_by(CapacitySnapshot.saved_at.desc(), CapacitySnapshot.id.desc())
    ):
        f = s.figures or {}
        user = db.get(User, s.saved_by_id) if s.saved_by_id else None
        pct = f.get("percentage")
        rows.append(
            SnapshotRow(
                s,
                user.display_name if user else None,
                Money(int(f.get("vtlb", 0))),
                Money(int(f.get("capacity", 0))),
                Decimal(pct) if isinstance(pct, str) else None,
            )
        )
    return rows




def format_difference(m: Money) -> str:
    """'€ 12,00 hoger' / '€ 12,00 lager' / 'gelijk' for the official vs indicative VTLB."""
    if m.cents == 0:
        return "gelijk"
    return f"{format_eur(abs(m))} {'hoger' if m.cents > 0 else 'lager'}"


# --- rent, for rent-arrears mediation ------------------------------------------------------
@dataclass(frozen=True)
class RentInBudget:
    """The rent as the case's current budget has it, per month (rent mediation starts from it)."""

    rent: Money | None  # "Huur en servicekosten" of the resident and partner
    huurtoeslag: Money | None
    peildatum: date


def rent_in_budget(db: Session, case_id: int) -> RentInBudget | None:
    """The monthly rent and huurtoeslag of the case's current budget version; None without
    a budget. Called by cases/mediation (the budget itself never reads the case file)."""
    version = current_version(db, case_id)
    if version is None:
        return None
    items = [e.to_item() for e in version.entries]
    toeslag = [i for i in items if i.kind is IncomeKind.HUURTOESLAG]
    return RentInBudget(
        rent=_own(items, ExpenseKind.HUUR_SERVICEKOSTEN),
        huurtoeslag=monthly_total(toeslag) if toeslag else None,
        peildatum=version.peildatum,
    )
