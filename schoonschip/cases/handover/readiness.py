"""Readiness: the coach's stored checklist answers and voorlegger documents, the mediation
status, and both checklists as the pure rules in
:mod:`schoonschip.cases.handover.rules` assess them (:func:`readiness_for`).

Crises and the mediation status come from the mediation service (:func:`crises_for`,
:func:`mediation_lines`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.budget.rules.items import ExpenseGroup, ExpenseKind
from schoonschip.budget.rules.items import Frequency as BudgetFrequency
from schoonschip.budget.rules.items import IncomeKind as BudgetIncomeKind
from schoonschip.budget.rules.items import Person as BudgetPerson
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ConsentPurpose, current_consent, story_of
from schoonschip.cases.errors import N_, StaleEdit, flush_or_stale
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
    IncomeItem,
    Item,
    ItemKind,
    ItemStatus,
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
from schoonschip.cases.mediation.service import crises_for_readiness, mediations_of, summarise
from schoonschip.dates import format_date_input
from schoonschip.db import utcnow
from schoonschip.money import Money, format_for_input


# ===================================================================== stored answers
@dataclass(frozen=True)
class Facts:
    """What the checklist needs to know about the car and alimony (sealed)."""

    car: str = ""  # "ja" / "nee" / "" (not asked)
    car_value: Money | None = None
    alimony: str = ""
    nihil: str = ""
    on: date | None = None


def state_of(db: Session, case_id: int) -> ReadinessState | None:
    return db.scalar(select(ReadinessState).where(ReadinessState.case_id == case_id))


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
    return values


def save_documents(
    db: Session, case: Case, documents: Mapping[str, tuple[str, date | None]], *, expected_version: int, by_user_id: int
) -> ReadinessState:
    state = _state_for_update(db, case, expected_version)
    state.documents = _dump_pairs(documents)
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


def mediation_lines(db: Session, case: Case, today: date) -> list[tuple[str, str]]:
    """Rent-arrears mediation status for the dossier as (Dutch label, text) lines, from the
    mediation service's ``mediations_of`` and ``summarise``."""
    from schoonschip.cases.casefile.resident import LANDLORD_LABELS_NL
    from schoonschip.cases.mediation.rules import OUTCOME_LABELS_NL, STAGE_LABELS_NL
    from schoonschip.money import format_decimal_nl, format_eur

    def day(d: date | None) -> str:
        return d.strftime("%d-%m-%Y") if d else ""

    next_kinds = {"zitting": N_("zitting"), "ontruiming": N_("ontruiming"), "termijn": N_("termijn van de regeling")}
    out: list[tuple[str, str]] = []
    for m in mediations_of(db, case):
        s = summarise(m, today)
        landlord = LANDLORD_LABELS_NL.get(m.landlord, N_("verhuurder")) if m.landlord else N_("verhuurder")  # type: ignore[call-overload]
        out.append((N_("Bemiddeling huurachterstand"), N_("%(landlord)s, begonnen op %(d)s", landlord=landlord, d=day(m.started_on))))
        out.append((N_("Fase"), N_("%(stage)s (sinds %(d)s)", stage=STAGE_LABELS_NL.get(m.stage, m.stage), d=day(m.stage_on))))  # type: ignore[call-overload]
        if s.total is not None:
            total = format_eur(s.total)
            with_months = N_("%(total)s (%(n)s maanden huur)", total=total, n=format_decimal_nl(s.months)) if s.months is not None else total
            out.append((N_("Achterstand met kosten"), with_months))
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


def readiness_input(db: Session, case: Case, today: date) -> tuple[ReadinessInput, bool, BudgetFacts, ReadinessState | None]:
    """The case as the pure readiness module sees it: coded facts and booleans only."""
    from schoonschip.cases.casefile.resident import household_facts
    from schoonschip.cases.debts.service import debt_facts_for_case

    state = state_of(db, case.id)
    facts = stored_facts(state)
    household = household_facts(case, today)
    budget = budget_facts(db, case)
    story = story_of(db, case.id)
    given, since = current_consent(case, ConsentPurpose.MADI)
    inp = ReadinessInput(
        peildatum=today,
        answers=_answers(state),
        crises=crises_for(db, case),
        income=budget.income,
        has_partner=bool(household and household.has_partner),
        debts=tuple(debt_facts_for_case(db, case)),
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
    return {
        code: DocumentAnswer(DocumentStatus(value), on)
        for code, (value, on) in stored_documents(state).items()
        if code in known and value in DOCUMENT_VALUES
    }


def readiness_for(db: Session, case: Case, today: date, org: ReceivingOrg | None = None) -> ReadinessView:
    """Both checklists and the voorlegger, for the organisation of the open handover round
    (or ``org``, or the default organisation)."""
    if org is None:
        current = open_round(db, case)
        org = current.receiving_org if current is not None else default_org(db)
    inp, household_known, budget, state = readiness_input(db, case, today)
    lines = voorlegger_status(org.required_codes, document_answers(state))
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
    )

