"""Readiness: the coach's stored checklist answers and voorlegger documents, the mediation
status, and both checklists as the pure rules in
:mod:`schoonschip.cases.handover.rules` assess them (:func:`readiness_for`).

The facts come from the other areas' services, gathered once per page or print in
:class:`CaseFacts` (:func:`case_facts`): the debt overview, the mediations with their
summaries, the crises, the budget. The dossier reads the same object for its debt list,
mediation section and checklist, so it cannot contradict itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.budget.rules.items import ExpenseGroup, ExpenseKind
from schoonschip.budget.rules.items import Frequency as BudgetFrequency
from schoonschip.budget.rules.items import IncomeKind as BudgetIncomeKind
from schoonschip.budget.rules.items import Person as BudgetPerson
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ConsentPurpose, current_consent, story_of
from schoonschip.cases.errors import N_, CaseActionError, StaleEdit, flush_or_stale
from schoonschip.cases.handover.models import ReadinessState, ReceivingOrg, Route
from schoonschip.cases.handover.receivers import default_org
from schoonschip.cases.handover.rounds import open_round
from schoonschip.cases.handover.rules import (
    VOORLEGGER_ITEMS,
    Answer,
    AnswerValue,
    CrisisFlag,
    DocumentAnswer,
    DocumentStatus,
    EvidenceKind,
    FactKind,
    FactRef,
    IncomeItem,
    Item,
    ItemKind,
    ItemStatus,
    Override,
    PayFrequency,
    ReadinessInput,
    ReadinessReport,
    Track,
    VoorleggerLine,
    VoorleggerSummary,
    assess_all,
    item_catalogue,
    voorlegger_status,
    voorlegger_summary,
)
from schoonschip.cases.mediation.service import (
    crises_for_readiness,
    mediation_summaries,
    owed_now,
    rent_arrangement_facts,
)
from schoonschip.dates import format_date_input
from schoonschip.db import utcnow
from schoonschip.money import Money, format_for_input

if TYPE_CHECKING:
    from schoonschip.cases.debts.service import DebtOverview
    from schoonschip.cases.mediation.models import Mediation
    from schoonschip.cases.mediation.service import Summary


# ===================================================================== stored answers
@dataclass(frozen=True)
class Facts:
    """What the checklist needs to know about the car and alimony (sealed)."""

    car: str = ""  # "ja" / "nee" / "" (not asked)
    car_value: Money | None = None
    alimony: str = ""
    nihil: str = ""
    on: date | None = None


_STATE_OF = select(ReadinessState).where(ReadinessState.case_id == bindparam("case_id"))  # built once: docs/performance.md


def state_of(db: Session, case_id: int) -> ReadinessState | None:
    return db.scalar(_STATE_OF, {"case_id": case_id})


def _load_pairs(text: str | None) -> dict[str, tuple[str, date | None]]:
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    out: dict[str, tuple[str, date | None]] = {}
    if isinstance(raw, dict):
        for code, pair in raw.items():
            if isinstance(pair, list) and len(pair) == 2:
                day = date.fromisoformat(pair[1]) if isinstance(pair[1], str) and pair[1] else None
                out[str(code)] = (str(pair[0]), day)
    return out


def _dump_pairs(pairs: Mapping[str, tuple[str, date | None]]) -> str:
    return json.dumps({k: [v, d.isoformat() if d else None] for k, (v, d) in sorted(pairs.items())})


def stored_answers(state: ReadinessState | None) -> dict[str, tuple[str, date | None]]:
    return _load_pairs(state.answers) if state else {}


def stored_documents(state: ReadinessState | None) -> dict[str, tuple[str, date | None]]:
    return _load_pairs(state.documents) if state else {}


def stored_facts(state: ReadinessState | None) -> Facts:
    raw = state.facts if state is not None and state.facts_enc is not None else None
    if not isinstance(raw, dict):
        return Facts()
    value = raw.get("car_value")
    on = raw.get("on")
    return Facts(
        car=str(raw.get("car") or ""),
        car_value=value if isinstance(value, Money) else None,
        alimony=str(raw.get("alimony") or ""),
        nihil=str(raw.get("nihil") or ""),
        on=date.fromisoformat(on) if isinstance(on, str) and on else None,
    )


@dataclass(frozen=True)
class Reasons:
    """The coach's sealed reasons: computed items set aside, documents on n.v.t."""

    overrides: dict[str, Override] = field(default_factory=dict)
    nvt: dict[str, str] = field(default_factory=dict)


REASON_MAX = 500


def stored_reasons(state: ReadinessState | None) -> Reasons:
    raw = state.reasons if state is not None and state.reasons_enc is not None else None
    if not isinstance(raw, dict):
        return Reasons()
    overrides: dict[str, Override] = {}
    for code, o in (raw.get("overrides") or {}).items():
        try:
            refs = o.get("refs")
            overrides[str(code)] = Override(
                str(o["reason"]), date.fromisoformat(o["on"]),
                frozenset(_ref_from_json(r) for r in refs) if isinstance(refs, list) else None,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    nvt = {str(k): str(v) for k, v in (raw.get("nvt") or {}).items() if isinstance(v, str) and v.strip()}
    return Reasons(overrides, nvt)


def _ref_to_json(ref: FactRef) -> list[Any]:
    return [ref.kind.value, ref.key, ref.on.isoformat() if ref.on else None]


def _ref_from_json(raw: list[Any]) -> FactRef:
    kind, key, on = raw
    return FactRef(FactKind(kind), key, date.fromisoformat(on) if on else None)


def _store_reasons(state: ReadinessState, reasons: Reasons, by: dict[str, int | None] | None = None) -> None:
    old = state.reasons if state.reasons_enc is not None and isinstance(state.reasons, dict) else {}
    old_by = {k: (v or {}).get("by") for k, v in (old.get("overrides") or {}).items()} if isinstance(old, dict) else {}
    old_by.update(by or {})

    def stored(code: str, o: Override) -> dict[str, Any]:
        refs = sorted((_ref_to_json(r) for r in o.refs), key=str) if o.refs is not None else None
        return {"reason": o.reason, "on": o.on.isoformat(), "by": old_by.get(code), "refs": refs}

    state.reasons = {
        "overrides": {c: stored(c, o) for c, o in sorted(reasons.overrides.items())},
        "nvt": dict(sorted(reasons.nvt.items())),
    }


class OverrideRefused(CaseActionError):
    """The item cannot be set aside (not computed, not open, or consent), or no reason."""


def set_override(
    db: Session, case: Case, code: str, reason: str, *, on: date, expected_version: int, by_user_id: int, today: date,
) -> ReadinessState:  # fmt: skip
    """Set a computed open item aside with a reason (shown on the dossier)."""
    reason = (reason or "").strip()
    if not reason:
        raise OverrideRefused(N_("Schrijf op waarom dit punt toch in orde is. Zonder reden kan het niet."))
    if len(reason) > REASON_MAX:
        raise OverrideRefused(N_("Gebruik hooguit %(n)s tekens.", n=REASON_MAX))
    view = readiness_for(db, case, today)
    items = [i for r in view.reports.values() for i in r.items if i.code == code]
    open_items = [i for i in items if i.overridable]
    if not open_items:
        raise OverrideRefused(N_("Dit punt kan niet opzij worden gezet: het is niet berekend, niet open, of het is de toestemming."))
    # Bound to the facts the coach sees now: a new fact opens the item again.
    refs = frozenset(r for i in open_items for r in i.refs)
    state = _state_for_update(db, case, expected_version)
    current = stored_reasons(state)
    _store_reasons(state, Reasons({**current.overrides, code: Override(reason, on, refs)}, current.nvt), {code: by_user_id})
    state.updated_by = by_user_id
    state.updated_at = utcnow()
    flush_or_stale(db)
    audit.record_case("readiness_override", case, detail=code, session=db)
    return state


def remove_override(db: Session, case: Case, code: str, *, expected_version: int, by_user_id: int) -> ReadinessState:
    state = _state_for_update(db, case, expected_version)
    current = stored_reasons(state)
    _store_reasons(state, Reasons({c: o for c, o in current.overrides.items() if c != code}, current.nvt))
    state.updated_by = by_user_id
    state.updated_at = utcnow()
    flush_or_stale(db)
    audit.record_case("readiness_override_removed", case, detail=code, session=db)
    return state


# --- the checklist form -------------------------------------------------------------------
ANSWER_VALUES = ("ja", "nee", "nvt")


def answers_form_values(state: ReadinessState | None) -> dict[str, str]:
    """The stored answers as the coach would type them."""
    values: dict[str, str] = {}
    for code, (value, on) in stored_answers(state).items():
        values[f"a_{code}"] = value
        values[f"d_{code}"] = format_date_input(on)
    f = stored_facts(state)
    values.update(car=f.car, car_value=format_for_input(f.car_value), alimony=f.alimony, nihil=f.nihil)
    return values


def _state_for_update(db: Session, case: Case, expected_version: int) -> ReadinessState:
    state = state_of(db, case.id)
    if (state.version if state else 0) != expected_version:
        raise StaleEdit
    if state is None:
        state = ReadinessState(case_id=case.id, answers="{}", documents="{}")
        db.add(state)
    return state


def save_answers(
    db: Session, case: Case, answers: Mapping[str, tuple[str, date | None]], facts: Facts, *,
    expected_version: int, by_user_id: int,
) -> ReadinessState:  # fmt: skip
    state = _state_for_update(db, case, expected_version)
    state.answers = _dump_pairs(answers)
    old = stored_facts(state)
    new = {"car": facts.car, "car_value": facts.car_value, "alimony": facts.alimony, "nihil": facts.nihil}
    if (old.car, old.car_value, old.alimony, old.nihil) != (facts.car, facts.car_value, facts.alimony, facts.nihil):
        state.facts = {**new, "on": facts.on.isoformat() if facts.on else None}
    state.updated_by = by_user_id
    state.updated_at = utcnow()
    flush_or_stale(db)
    audit.record_case("readiness_answers", case, detail=f"answered:{len(answers)}", session=db)
    return state


# --- the voorlegger form ------------------------------------------------------------------
DOCUMENT_VALUES = tuple(s.value for s in DocumentStatus)


def documents_form_values(state: ReadinessState | None) -> dict[str, str]:
    values: dict[str, str] = {}
    for code, (value, on) in stored_documents(state).items():
        values[f"v_{code}"] = value
        values[f"vd_{code}"] = format_date_input(on)
    for code, reason in stored_reasons(state).nvt.items():
        values[f"vr_{code}"] = reason
    return values


def save_documents(
    db: Session, case: Case, documents: Mapping[str, tuple[str, date | None]], *, expected_version: int, by_user_id: int,
    nvt_reasons: Mapping[str, str] | None = None,
) -> ReadinessState:  # fmt: skip
    """Store the voorlegger. ``nvt_reasons``: the reason per document set to n.v.t. (sealed);
    a reason of a document that is no longer n.v.t. is dropped."""
    state = _state_for_update(db, case, expected_version)
    state.documents = _dump_pairs(documents)
    reasons = {c: r.strip() for c, r in (nvt_reasons or {}).items()
               if r and r.strip() and documents.get(c, ("", None))[0] == DocumentStatus.NVT.value}
    current = stored_reasons(state)
    if reasons != current.nvt:
        _store_reasons(state, Reasons(current.overrides, reasons))
    state.updated_by = by_user_id
    state.updated_at = utcnow()
    flush_or_stale(db)
    audit.record_case("readiness_documents", case, detail=f"answered:{len(documents)}", session=db)
    return state


# ======================================================================= mediation
def crises_for(db: Session, case: Case) -> tuple[CrisisFlag, ...]:
    """The case's crises in ``ReadinessInput.crises`` format: the mediation service's
    :func:`~schoonschip.cases.mediation.service.crises_for_readiness` (one flag per kind,
    handled only when every report of it is handled)."""
    return tuple(crises_for_readiness(db, case))


def mediation_lines(db: Session, case: Case, today: date, facts: CaseFacts | None = None) -> list[tuple[str, str]]:
    """Rent-arrears mediation status for the dossier as (Dutch label, text) lines, from the
    mediation service's summaries (``facts.mediations`` when given: the same the checklist read)."""
    from schoonschip.cases.casefile.resident import LANDLORD_LABELS_NL
    from schoonschip.cases.mediation.rules import OUTCOME_LABELS_NL, STAGE_LABELS_NL
    from schoonschip.money import format_decimal_nl, format_eur

    def day(d: date | None) -> str:
        return d.strftime("%d-%m-%Y") if d else ""

    next_kinds = {"zitting": N_("zitting"), "ontruiming": N_("ontruiming"), "termijn": N_("termijn van de regeling")}
    out: list[tuple[str, str]] = []
    summaries = facts.mediations if facts is not None else mediation_summaries(db, case, today)
    for m, s in summaries:
        landlord = LANDLORD_LABELS_NL.get(m.landlord, N_("verhuurder")) if m.landlord else N_("verhuurder")  # type: ignore[call-overload]
        out.append((N_("Bemiddeling huurachterstand"), N_("%(landlord)s, begonnen op %(d)s", landlord=landlord, d=day(m.started_on))))
        out.append((N_("Fase"), N_("%(stage)s (sinds %(d)s)", stage=STAGE_LABELS_NL.get(m.stage, m.stage), d=day(m.stage_on))))  # type: ignore[call-overload]
        if s.total is not None:
            total = format_eur(s.total)
            with_months = N_("%(total)s (%(n)s maanden huur)", total=total, n=format_decimal_nl(s.months)) if s.months is not None else total
            out.append((N_("Achterstand met kosten"), with_months))
        owed = owed_now(db, case, m)  # lowered by the paid instalments: the same amount as the debt list (§2)
        if owed is not None and owed != s.total:
            out.append((N_("Nu nog open volgens de schuldenlijst"), format_eur(owed)))
        if s.arrangement is not None:
            a = s.arrangement
            missed = N_("%(n)s termijn(en) gemist", n=len(s.missed)) if s.missed else N_("geen termijn gemist")
            out.append((N_("Betalingsregeling"), N_("%(amount)s per maand vanaf %(d)s, %(n)s termijnen; %(missed)s",
                                                    amount=format_eur(a.amount), d=day(a.start_on), n=a.months, missed=missed)))
        if s.next is not None:
            out.append((N_("Volgende datum"), N_("%(kind)s op %(d)s", kind=next_kinds.get(s.next.kind, s.next.kind), d=day(s.next.on))))
        if m.outcome:
            out.append((N_("Uitkomst"), N_("%(outcome)s (%(d)s)", outcome=OUTCOME_LABELS_NL.get(m.outcome, m.outcome), d=day(m.outcome_on))))  # type: ignore[call-overload]
    return out


# ============================================================== building the input
_INCOME_KIND: Mapping[BudgetIncomeKind, EvidenceKind | None] = {
    BudgetIncomeKind.LOON: EvidenceKind.LOON,
    BudgetIncomeKind.VAKANTIEGELD: None,  # part of the wage: its slips are the wage's slips
    BudgetIncomeKind.PARTICIPATIEWET: EvidenceKind.PARTICIPATIEWET,
    BudgetIncomeKind.WW: EvidenceKind.UITKERING_UWV,
    BudgetIncomeKind.ZW: EvidenceKind.UITKERING_UWV,
    BudgetIncomeKind.WIA_WAO_WAJONG: EvidenceKind.UITKERING_UWV,
    BudgetIncomeKind.AOW: EvidenceKind.UITKERING_SVB,
    BudgetIncomeKind.PENSIOEN: EvidenceKind.PENSIOEN,
    BudgetIncomeKind.ALIMENTATIE_ONTVANGEN: EvidenceKind.ALIMENTATIE,
    # Proven by their beschikkingen (voorlegger), not by pay slips.
    BudgetIncomeKind.HUURTOESLAG: EvidenceKind.TOESLAG,
    BudgetIncomeKind.ZORGTOESLAG: EvidenceKind.TOESLAG,
    BudgetIncomeKind.KINDGEBONDEN_BUDGET: EvidenceKind.TOESLAG,
    BudgetIncomeKind.KINDEROPVANGTOESLAG: EvidenceKind.TOESLAG,
    BudgetIncomeKind.KINDERBIJSLAG: EvidenceKind.TOESLAG,
    BudgetIncomeKind.ONKOSTENVERGOEDING: EvidenceKind.ANDERS,
    BudgetIncomeKind.ANDERS: EvidenceKind.ANDERS,
}
_FREQUENCY: Mapping[BudgetFrequency, PayFrequency] = {
    BudgetFrequency.WEEK: PayFrequency.WEEK,
    BudgetFrequency.VIER_WEKEN: PayFrequency.VIER_WEKEN,
    BudgetFrequency.MAAND: PayFrequency.MAAND,
    BudgetFrequency.KWARTAAL: PayFrequency.ANDERS,
    BudgetFrequency.JAAR: PayFrequency.ANDERS,
}
_PERSON = {p: p for p in (BudgetPerson.BEWONER, BudgetPerson.PARTNER)}  # whose income needs proof


@dataclass(frozen=True)
class BudgetFacts:
    income: tuple[IncomeItem, ...]
    fixed_costs_specified: bool
    alimony_in_budget: bool
    has_budget: bool


def budget_facts(db: Session, case: Case) -> BudgetFacts:
    """Kinds and frequencies of income per person and whether fixed costs are specified,
    from the newest budget version (never amounts)."""
    from schoonschip.budget.service import current_version

    version = current_version(db, case.id)
    if version is None:
        return BudgetFacts((), False, False, False)
    income: list[IncomeItem] = []
    fixed = alimony = False
    for e in version.entries:
        person = _PERSON.get(BudgetPerson(e.person))
        if e.is_income:
            kind = _INCOME_KIND.get(BudgetIncomeKind(e.kind))
            if person is not None and kind is not None:
                item = IncomeItem(person, kind, _FREQUENCY[BudgetFrequency(e.frequency)])
                if item not in income:
                    income.append(item)
        else:
            expense = ExpenseKind(e.kind)
            if person is not None and expense.group is ExpenseGroup.VASTE_LASTEN:
                fixed = True
            if person is not None and expense is ExpenseKind.ALIMENTATIE_BETAALD:
                alimony = True
    return BudgetFacts(tuple(income), fixed, alimony, True)


# Where a computed item gets its data: (Dutch name of the place, endpoint of that tab).
_DEBTS = (N_("Schulden"), "debts.overview")
_BUDGET = (N_("Budget"), "budget.budget")
SOURCES: Mapping[str, tuple[str, str | None]] = {
    "crisis_ontruiming": (N_("Crisis (bemiddeling)"), None),
    "crisis_afsluiting_energie_water": (N_("Crisis (bemiddeling)"), None),
    "crisis_zorgverzekering_opgezegd": (N_("Crisis (bemiddeling)"), None),
    "inkomen_bewoner": _BUDGET,
    "inkomen_partner": ("Persoon (partner) en Budget", "cases.person"),
    "schuldenlijst_compleet": _DEBTS,
    "toelichting_coach": (N_("Verhaal"), "cases.story"),
    "toestemming_delen": (N_("Toestemming"), "cases.consent"),
    "wsnp_staat_schuldeisers": _DEBTS,
    "wsnp_inkomen_vaste_lasten": _BUDGET,
    "goede_trouw_toelichting": _DEBTS,
    "fraudevordering": _DEBTS,
    "cjib_strafrechtelijk": _DEBTS,
    "cjib_soort_onbekend": _DEBTS,
    "schulden_laatste_3_jaar": _DEBTS,
    "auto_waarde": (N_("Vragen over auto en alimentatie op deze pagina"), None),
    "alimentatie_nihilstelling": (N_("Vragen over auto en alimentatie op deze pagina, en Budget"), None),
    "beslag_loopt": _DEBTS,
    "studieschuld_regulier": _DEBTS,
    "belastingdienst_preferent": _DEBTS,
    "cak_achterstand": _DEBTS,
    "zakelijke_schuld": _DEBTS,
    "incassokosten_te_hoog": _DEBTS,
}


SOURCES_EXTRA: Mapping[str, tuple[str, str | None]] = {
    "vaste_lasten_betaald": (N_("Huur (betalingsregeling) en Schulden"), "debts.overview"),
    "saldo_opgave_recent": _DEBTS,
    "crisis_onbekend": (N_("Crisis (bemiddeling)"), "mediation.overview"),
}
SOURCES = {**SOURCES, **SOURCES_EXTRA}


@dataclass(frozen=True)
class FactLink:
    """Where a fact of a computed item lives: a Dutch text and the page (endpoint, values, anchor)."""

    text: str
    endpoint: str
    values: dict[str, Any]
    anchor: str | None = None


def fact_link(ref: FactRef, debt_labels: Mapping[int | str, str] | None = None) -> FactLink:
    """The link for one fact of a computed item (the template adds ``case_id``)."""
    def day(d: date | None) -> str:
        return d.strftime("%d-%m-%Y") if d else ""

    if ref.kind is FactKind.SCHULD and ref.key is not None:
        label = (debt_labels or {}).get(ref.key)
        text = N_("Schuld bij %(creditor)s", creditor=label) if label else N_("Schuld")
        return FactLink(text, "debts.show", {"debt_id": ref.key})
    if ref.kind is FactKind.BEMIDDELING and ref.key is not None:
        text = N_("Huurregeling, termijn van %(d)s", d=day(ref.on)) if ref.on else N_("Huurbemiddeling")
        return FactLink(text, "mediation.show", {"mediation_id": ref.key})
    if ref.kind is FactKind.DOCUMENT and ref.key is not None:
        from schoonschip.cases.handover.rules import VOORLEGGER_ITEMS as _ITEMS

        label = next((v.label for v in _ITEMS if v.code == ref.key), str(ref.key))
        return FactLink(N_("Document: %(doc)s", doc=label), "handover.readiness", {}, "voorlegger")
    if ref.kind is FactKind.TOESTEMMING:
        return FactLink(N_("Toestemming"), "cases.consent", {})
    if ref.kind is FactKind.CRISIS:
        return FactLink(N_("Crisis (Huur)"), "mediation.overview", {})
    return FactLink(N_("Budget"), "budget.budget", {})


@dataclass
class CaseFacts:
    """What the checklist and the dossier read from the other areas, gathered once (so a
    printed dossier cannot say one thing in its mediation section and another in its checklist)."""

    today: date
    debts: DebtOverview
    mediations: list[tuple[Mediation, Summary]]
    crises: tuple[CrisisFlag, ...]
    budget: BudgetFacts

    @cached_property
    def debt_labels(self) -> dict[int | str, str]:
        # Once per page: the checklist asks for it for every item with links.
        return {r.debt.id: r.label for r in self.debts.rows}


def case_facts(db: Session, case: Case, today: date) -> CaseFacts:
    """The facts of the case on ``today`` through the other areas' service functions."""
    from schoonschip.cases.debts.service import debt_overview

    return CaseFacts(
        today=today,
        debts=debt_overview(db, case),
        mediations=mediation_summaries(db, case, today),
        crises=crises_for(db, case),
        budget=budget_facts(db, case),
    )


@dataclass
class ReadinessView:
    inp: ReadinessInput
    reports: dict[Track, ReadinessReport]
    org: ReceivingOrg
    voorlegger: list[VoorleggerLine]
    voorlegger_totals: VoorleggerSummary
    household_known: bool
    budget: BudgetFacts
    state: ReadinessState | None
    crisis_flag_without_details: bool = False
    facts: CaseFacts | None = None

    def links(self, item: Item) -> list[FactLink]:
        labels = self.facts.debt_labels if self.facts is not None else {}
        seen: list[FactLink] = []
        for ref in item.refs:
            link = fact_link(ref, labels)
            if link not in seen:
                seen.append(link)
        return seen

    def report_for(self, route: str | None) -> ReadinessReport:
        return self.reports[Track.WSNP if route == Route.WSNP else Track.MINNELIJK]

    def blocking_for(self, route: str | None) -> list[Item]:
        return self.report_for(route).blocking

    @property
    def ready(self) -> bool:
        return self.reports[Track.MINNELIJK].ready and self.voorlegger_totals.complete


@dataclass(frozen=True)
class CombinedRow:
    """One checklist item with its status on both tracks (None: not on that track)."""

    item: Item
    minnelijk: Item | None
    wsnp: Item | None

    @property
    def is_open(self) -> bool:
        return any(i is not None and i.status is ItemStatus.OPEN for i in (self.minnelijk, self.wsnp))

    @property
    def open_items(self) -> list[Item]:
        """The row's open items, minnelijk first (the checklist table shows their
        explanations; a filter chain in the template cost more per row)."""
        return [i for i in (self.minnelijk, self.wsnp) if i is not None and i.status == ItemStatus.OPEN]


def combined_checklist(reports: Mapping[Track, ReadinessReport]) -> list[CombinedRow]:
    """Both checklists as one table (for the dossier): blocking items first, then warnings,
    each in the order of the checklist."""
    order: list[str] = []
    per_track: dict[Track, dict[str, Item]] = {}
    for track in (Track.MINNELIJK, Track.WSNP):
        report = reports[track]
        items = {i.code: i for i in report.items}
        per_track[track] = items
        for i in sorted(report.items, key=lambda i: 0 if i.kind is ItemKind.BLOKKEREND else 1):
            if i.code not in order:
                order.append(i.code)
    rows = []
    for code in order:
        m, w = per_track[Track.MINNELIJK].get(code), per_track[Track.WSNP].get(code)
        first = m or w
        assert first is not None
        rows.append(CombinedRow(first, m, w))
    rows.sort(key=lambda r: 0 if r.item.kind is ItemKind.BLOKKEREND else 1)
    return rows


def _answers(state: ReadinessState | None) -> dict[str, Answer]:
    known = {e.code for e in item_catalogue()}
    out = {}
    for code, (value, on) in stored_answers(state).items():
        if code in known and value in ANSWER_VALUES and on is not None:
            out[code] = Answer(AnswerValue(value), on)
    return out


def readiness_input(
    db: Session, case: Case, today: date, case_facts_: CaseFacts | None = None,
) -> tuple[ReadinessInput, bool, BudgetFacts, ReadinessState | None]:  # fmt: skip
    """The case as the pure readiness module sees it: coded facts and booleans only (and the
    coach's reasons for setting items aside)."""
    from schoonschip.cases.casefile.resident import household_facts
    from schoonschip.cases.debts.service import saldo_dates

    cf = case_facts_ if case_facts_ is not None else case_facts(db, case, today)
    state = state_of(db, case.id)
    facts = stored_facts(state)
    household = household_facts(case, today)
    budget = cf.budget
    story = story_of(db, case.id)
    given, since = current_consent(case, ConsentPurpose.MADI)
    crises = cf.crises
    inp = ReadinessInput(
        peildatum=today,
        answers=_answers(state),
        crises=crises,
        income=budget.income,
        has_partner=bool(household and household.has_partner),
        debts=tuple(r.facts for r in cf.debts.rows),
        rent_arrangements=tuple(rent_arrangement_facts(cf.mediations)),
        documents=document_answers(state),
        saldo_confirmed_on=dict(saldo_dates(cf.debts)),
        crisis_flag_since=case.crisis_since if case.crisis_since is not None and not any(not c.handled for c in crises) else None,
        overrides=stored_reasons(state).overrides,
        # Presence only: the texts themselves are never opened for the checklist.
        explanation_origin_present=story is not None and story.how_it_arose_enc is not None,
        explanation_effort_present=story is not None and story.doing_now_enc is not None,
        consent_share_on=since if given else None,
        fixed_costs_specified=budget.fixed_costs_specified,
        car_value=facts.car_value if facts.car == "ja" else None,
        alimony_paid=facts.alimony == "ja" or budget.alimony_in_budget,
        nihilstelling_requested=facts.nihil == "ja",
    )
    return inp, household is not None, budget, state


def document_answers(state: ReadinessState | None) -> dict[str, DocumentAnswer]:
    known = {v.code for v in VOORLEGGER_ITEMS}
    nvt = stored_reasons(state).nvt
    return {
        code: DocumentAnswer(DocumentStatus(value), on, nvt.get(code) if value == DocumentStatus.NVT.value else None)
        for code, (value, on) in stored_documents(state).items()
        if code in known and value in DOCUMENT_VALUES
    }


def required_documents(db: Session, case_id: int) -> list[str]:
    """The voorlegger codes the organisation of the open round (or the default) requires."""
    case = db.get(Case, case_id)
    current = open_round(db, case) if case is not None else None
    org = current.receiving_org if current is not None else default_org(db)
    return org.required_codes


def readiness_for(
    db: Session, case: Case, today: date, org: ReceivingOrg | None = None, facts: CaseFacts | None = None,
) -> ReadinessView:  # fmt: skip
    """Both checklists and the voorlegger, for the organisation of the open handover round
    (or ``org``, or the default organisation). ``facts``: the case's facts when the caller
    already gathered them (the dossier), so both read one source."""
    if org is None:
        current = open_round(db, case)
        org = current.receiving_org if current is not None else default_org(db)
    facts = facts if facts is not None else case_facts(db, case, today)
    inp, household_known, budget, state = readiness_input(db, case, today, facts)
    lines = voorlegger_status(org.required_codes, inp.documents)  # document_answers(state), read once
    return ReadinessView(
        inp=inp,
        reports=assess_all(inp, receiving_org=org.name),
        org=org,
        voorlegger=lines,
        voorlegger_totals=voorlegger_summary(lines),
        household_known=household_known,
        budget=budget,
        state=state,
        crisis_flag_without_details=case.crisis_since is not None and not inp.crises,
        facts=facts,
    )

