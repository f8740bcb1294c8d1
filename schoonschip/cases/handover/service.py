"""Readiness, the voorlegger, the handover workflow, the dossier and the resident's overview.

Views stay thin: they parse with the ``parse_*`` functions here, call a service function
and render. The rules themselves live in the pure module :mod:`schoonschip.cases.handover.rules`;
this module only feeds it case data and stores the coach's answers.

Public API for other features:

* :func:`handovers_for_reports` ``(db) -> dict[int, reports.indicators.Handover]`` keyed by
  case id: the date the case was handed over, the route and the result (no personal data).
* :func:`readiness_for` ``(db, case, today)`` -> :class:`ReadinessView` (both checklists).
* :func:`demo_handovers` for ``DEMO_STEPS``.

Crises and the mediation status come from the mediation service (:func:`crises_for`,
:func:`mediation_lines`).
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from schoonschip import audit
from schoonschip.auth.models import Location
from schoonschip.auth.service import user_names
from schoonschip.budget.rules.items import ExpenseGroup, ExpenseKind
from schoonschip.budget.rules.items import Frequency as BudgetFrequency
from schoonschip.budget.rules.items import IncomeKind as BudgetIncomeKind
from schoonschip.budget.rules.items import Person as BudgetPerson
from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.casefile.records import ConsentPurpose, current_consent, story_of
from schoonschip.cases.casefile.service import change_stage
from schoonschip.cases.errors import N_, CaseActionError, StaleEdit
from schoonschip.cases.handover.models import (
    RESULTS_ENDING_ROUND,
    RESULTS_NEEDING_REASON,
    Handover,
    HandoverEvent,
    HandoverEventKind,
    HandoverResult,
    HandoverState,
    ReadinessState,
    ReceivingOrg,
    Route,
)
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
    ItemSource,
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
from schoonschip.dates import DateError, format_date_input, parse_date_nl
from schoonschip.db import new_session, parse_id, utcnow
from schoonschip.money import AmountError, Money, format_for_input, parse_amount
from schoonschip.reports.rules.indicators import Handover as ReportHandover

if TYPE_CHECKING:
    from schoonschip.budget.models import BudgetVersion
    from schoonschip.budget.service import BudgetPicture, CapacityView, OfferView

__all__ = [
    "HandoverError",
    "HandoverStale",
    "ReadinessView",
    "crises_for",
    "mediation_lines",
    "readiness_for",
    "handovers_for_reports",
    "demo_handovers",
    "mark_ready",
    "withdraw",
    "sign_off",
    "send_back",
    "mark_sent",
    "record_result",
    "dossier_context",
    "resident_overview_context",
    "render_pdf",
]


class HandoverError(CaseActionError):
    """A workflow step that is not allowed now. Dutch message (``N_``); ``field`` is the form
    field it belongs next to."""

    def __init__(self, message: str, *, field: str = "handover", **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


# ============================================================ receiving organisations
DEFAULT_REQUIRED = [v.code for v in VOORLEGGER_ITEMS if v.default_applicable]
# (code, name, default?) — MaDi first and default, as the issue asks; rules.md §3: the
# MaDi's are now the Buurtteams, and the Kredietbank takes the file from them.
DEFAULT_ORGS: tuple[tuple[str, str, bool], ...] = (
    ("madi", "MaDi", True),
    ("buurtteam", "Buurtteam Amsterdam", False),
    ("kredietbank", "Kredietbank Amsterdam", False),
)


def ensure_receiving_orgs(db: Session) -> None:
    """Add the default organisations when there are none yet (write session)."""
    if db.scalar(select(ReceivingOrg.id).limit(1)) is not None:
        return
    for code, name, is_default in DEFAULT_ORGS:
        db.add(ReceivingOrg(code=code, name=name, active=True, is_default=is_default,
                            required_items=json.dumps(DEFAULT_REQUIRED)))  # fmt: skip
    db.flush()


def _orgs_query(active_only: bool):  # type: ignore[no-untyped-def]
    stmt = select(ReceivingOrg).order_by(ReceivingOrg.is_default.desc(), ReceivingOrg.name)
    return stmt.where(ReceivingOrg.active.is_(True)) if active_only else stmt


def receiving_orgs(db: Session, *, active_only: bool = False) -> list[ReceivingOrg]:
    """Every organisation, the default first. Seeds the defaults the first time; a request
    that only reads does that in a short write transaction of its own (its own snapshot
    cannot see those rows yet, so it gets them detached from that transaction)."""
    if db.scalar(select(ReceivingOrg.id).limit(1)) is not None:
        return list(db.scalars(_orgs_query(active_only)))
    if db.info.get("write_lock"):
        ensure_receiving_orgs(db)
        return list(db.scalars(_orgs_query(active_only)))
    own = new_session(write=True)
    try:
        try:
            ensure_receiving_orgs(own)
            own.commit()
        except IntegrityError:  # another request seeded them at the same moment
            own.rollback()
        rows = list(own.scalars(_orgs_query(active_only)))
        own.expunge_all()
        return rows
    finally:
        own.close()


def default_org(db: Session) -> ReceivingOrg:
    orgs = receiving_orgs(db, active_only=True)
    for org in orgs:
        if org.is_default:
            return org
    return orgs[0] if orgs else receiving_orgs(db)[0]


ORG_CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class OrgInput:
    code: str
    name: str
    active: bool
    is_default: bool
    required: list[str]


def org_form_values(org: ReceivingOrg | None) -> dict[str, Any]:
    if org is None:
        return {"code": "", "name": "", "active": True, "is_default": False, "required": set(DEFAULT_REQUIRED)}
    return {"code": org.code, "name": org.name, "active": org.active, "is_default": org.is_default,
            "required": set(org.required_codes)}  # fmt: skip


def parse_org_form(form: Mapping[str, Any], getlist: Any, *, new: bool) -> tuple[OrgInput, dict[str, Any], dict[str, str]]:
    """Check the beheerder's form. ``getlist(name)`` gives every value of a checkbox group."""
    known = {v.code for v in VOORLEGGER_ITEMS}
    values: dict[str, Any] = {
        "code": (form.get("code") or "").strip().lower(),
        "name": (form.get("name") or "").strip(),
        "active": form.get("active") == "ja",
        "is_default": form.get("is_default") == "ja",
        "required": {c for c in getlist("required") if c in known},
    }
    errors: dict[str, str] = {}
    if new:
        code = values["code"]
        if not code:
            errors["code"] = N_("Vul een korte code in, bijvoorbeeld kredietbank.")
        elif len(code) > 30 or not set(code) <= ORG_CODE_CHARS:
            errors["code"] = N_("Gebruik alleen kleine letters, cijfers, - en _ (hooguit 30 tekens).")
    if not values["name"]:
        errors["name"] = N_("Vul de naam van de organisatie in.")
    elif len(values["name"]) > 80:
        errors["name"] = N_("Gebruik hooguit 80 tekens.")
    if values["is_default"] and not values["active"]:
        errors["is_default"] = N_("De standaard-organisatie moet actief zijn.")
    data = OrgInput(values["code"], values["name"], values["active"], values["is_default"],
                    [v.code for v in VOORLEGGER_ITEMS if v.code in values["required"]])  # fmt: skip
    return data, values, errors


def save_org(db: Session, org: ReceivingOrg | None, data: OrgInput, *, expected_version: int, by_user_id: int) -> ReceivingOrg:
    """Create or change an organisation. Exactly one active organisation stays the default."""
    ensure_receiving_orgs(db)
    if org is None:
        if db.scalar(select(ReceivingOrg.id).where(ReceivingOrg.code == data.code)) is not None:
            raise HandoverError(N_("Deze code bestaat al. Kies een andere."), field="code")
        org = ReceivingOrg(code=data.code)
        db.add(org)
    elif org.version != expected_version:
        raise StaleEdit
    elif org.is_default and not data.is_default:
        raise HandoverError(
            N_("Er moet altijd één standaard-organisatie zijn. Maak eerst een andere organisatie de standaard."),
            field="is_default",
        )
    org.name = data.name
    org.active = data.active
    org.required_items = json.dumps(data.required)
    org.updated_by = by_user_id
    org.updated_at = utcnow()
    if data.is_default and not org.is_default:
        for other in db.scalars(select(ReceivingOrg).where(ReceivingOrg.is_default.is_(True))):
            other.is_default = False
    org.is_default = data.is_default
    try:
        db.flush()
    except (StaleDataError, IntegrityError) as e:
        db.rollback()
        raise StaleEdit from e
    audit.record("receiving_org_save", object_type="receiving_org", object_id=org.id, session=db)
    return org


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
YES_NO = ("ja", "nee")


def answers_form_values(state: ReadinessState | None) -> dict[str, str]:
    """The stored answers as the coach would type them."""
    values: dict[str, str] = {}
    for code, (value, on) in stored_answers(state).items():
        values[f"a_{code}"] = value
        values[f"d_{code}"] = format_date_input(on)
    f = stored_facts(state)
    values.update(car=f.car, car_value=format_for_input(f.car_value), alimony=f.alimony, nihil=f.nihil)
    return values


def _parse_day(text: str, today: date, errors: dict[str, str], name: str) -> date | None:
    try:
        day = parse_date_nl(text, allow_empty=True)
    except DateError as e:
        errors[name] = str(e)
        return None
    if day is not None and day > today:
        errors[name] = N_("Deze datum ligt in de toekomst.")
        return None
    return day


def parse_answers_form(
    form: Mapping[str, str], today: date
) -> tuple[dict[str, tuple[str, date | None]], Facts, dict[str, str], dict[str, str]]:
    """(answers, facts, typed values, Dutch errors per field). An answer without a date is
    dated today; a date without an answer is an error."""
    values = {k: (form.get(k) or "").strip() for k in form}
    errors: dict[str, str] = {}
    answers: dict[str, tuple[str, date | None]] = {}
    for entry in item_catalogue():
        value = values.get(f"a_{entry.code}", "")
        if value == "open":  # "nog niet": no answer, whatever the date field says
            continue
        day = _parse_day(values.get(f"d_{entry.code}", ""), today, errors, f"d_{entry.code}")
        if value == "":
            if values.get(f"d_{entry.code}") and f"d_{entry.code}" not in errors:
                errors[f"a_{entry.code}"] = N_("Kies ja, nee of n.v.t. bij deze datum.")
            continue
        if value not in ANSWER_VALUES:
            errors[f"a_{entry.code}"] = N_("Kies ja, nee of n.v.t.")
        elif value == "nvt" and not entry.nvt_allowed:
            errors[f"a_{entry.code}"] = N_("N.v.t. kan hier niet: dit is altijd nodig.")
        else:
            answers[entry.code] = (value, day or today)
    car, alimony, nihil = values.get("car", ""), values.get("alimony", ""), values.get("nihil", "")
    for name, v in (("car", car), ("alimony", alimony), ("nihil", nihil)):
        if v not in ("", *YES_NO):
            errors[name] = N_("Kies ja of nee.")
    car_value: Money | None = None
    try:
        car_value = parse_amount(values.get("car_value", ""), allow_empty=True)
    except AmountError as e:
        errors["car_value"] = str(e)
    if car == "ja" and car_value is None and "car_value" not in errors:
        errors["car_value"] = N_("Vul in hoeveel de auto ongeveer waard is.")
    if car != "ja" and car_value is not None:
        errors["car"] = N_("Kies ja als er een auto is. Anders: laat de waarde leeg.")
    facts = Facts(car=car, car_value=car_value if car == "ja" else None, alimony=alimony,
                  nihil=nihil if alimony == "ja" else "", on=today)  # fmt: skip
    return answers, facts, values, errors


def _state_for_update(db: Session, case: Case, expected_version: int) -> ReadinessState:
    state = state_of(db, case.id)
    if (state.version if state else 0) != expected_version:
        raise StaleEdit
    if state is None:
        state = ReadinessState(case_id=case.id, answers="{}", documents="{}")
        db.add(state)
    return state


def _flush_state(db: Session) -> None:
    try:
        db.flush()
    except (StaleDataError, IntegrityError) as e:
        db.rollback()
        raise StaleEdit from e


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
    _flush_state(db)
    audit.record("readiness_answers", object_type="case", object_id=case.id, location_id=case.location_id,
                 detail=f"answered:{len(answers)}", session=db)  # fmt: skip
    return state


# --- the voorlegger form ------------------------------------------------------------------
DOCUMENT_VALUES = tuple(s.value for s in DocumentStatus)


def documents_form_values(state: ReadinessState | None) -> dict[str, str]:
    values: dict[str, str] = {}
    for code, (value, on) in stored_documents(state).items():
        values[f"v_{code}"] = value
        values[f"vd_{code}"] = format_date_input(on)
    return values


def parse_documents_form(
    form: Mapping[str, str], today: date
) -> tuple[dict[str, tuple[str, date | None]], dict[str, str], dict[str, str]]:
    values = {k: (form.get(k) or "").strip() for k in form}
    errors: dict[str, str] = {}
    documents: dict[str, tuple[str, date | None]] = {}
    for item in VOORLEGGER_ITEMS:
        value = values.get(f"v_{item.code}", "")
        if value == "open":
            continue
        day = _parse_day(values.get(f"vd_{item.code}", ""), today, errors, f"vd_{item.code}")
        if value == "":
            if values.get(f"vd_{item.code}") and f"vd_{item.code}" not in errors:
                errors[f"v_{item.code}"] = N_("Kies ontvangen, ontbreekt of n.v.t. bij deze datum.")
            continue
        if value not in DOCUMENT_VALUES:
            errors[f"v_{item.code}"] = N_("Kies ontvangen, ontbreekt of n.v.t.")
            continue
        documents[item.code] = (value, day or today)
    return documents, values, errors


def save_documents(
    db: Session, case: Case, documents: Mapping[str, tuple[str, date | None]], *, expected_version: int, by_user_id: int
) -> ReadinessState:
    state = _state_for_update(db, case, expected_version)
    state.documents = _dump_pairs(documents)
    state.updated_by = by_user_id
    state.updated_at = utcnow()
    _flush_state(db)
    audit.record("readiness_documents", object_type="case", object_id=case.id, location_id=case.location_id,
                 detail=f"answered:{len(documents)}", session=db)  # fmt: skip
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


# ==================================================================== the workflow
def rounds_of(db: Session, case: Case) -> list[Handover]:
    return list(db.scalars(select(Handover).where(Handover.case_id == case.id).order_by(Handover.id.desc())))


def latest_round(db: Session, case: Case) -> Handover | None:
    return db.scalar(select(Handover).where(Handover.case_id == case.id).order_by(Handover.id.desc()).limit(1))


def open_round(db: Session, case: Case) -> Handover | None:
    h = latest_round(db, case)
    return h if h is not None and h.is_open else None


def _event(h: Handover, kind: HandoverEventKind, on: date, by: int | None, *, text: str | None = None,
           result: str | None = None) -> HandoverEvent:  # fmt: skip
    ev = HandoverEvent(case_id=h.case_id, kind=kind.value, on=on, by_user_id=by, result=result)
    if text:
        ev.text = text
    h.events.append(ev)
    return ev


def _audit(case: Case, action: str, detail: str, db: Session) -> None:
    audit.record(action, object_type="case", object_id=case.id, location_id=case.location_id, detail=detail, session=db)


class HandoverStale(HandoverError):
    """The round changed since the form was opened."""


def _check_version(h: Handover, expected: int | None) -> None:
    if expected is not None and h.version != expected:
        raise HandoverStale(N_("Iemand anders heeft de overdracht net veranderd. Kijk hieronder hoe het nu staat."))


def _check_date(on: date, case: Case, after: date | None, what: str) -> None:
    if on < case.opened_on:
        raise HandoverError(N_("Deze datum ligt voor de opening van het dossier."), field="on")
    if after is not None and on < after:
        raise HandoverError(N_("Deze datum ligt voor %(what)s."), field="on", what=what)


TEXT_LIMIT = 2000


def _text(value: str | None, field: str, *, required: bool, message: str) -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise HandoverError(message, field=field)
    if len(text) > TEXT_LIMIT:
        raise HandoverError(N_("Gebruik hooguit %(n)s tekens."), field=field, n=TEXT_LIMIT)
    return text or None


def _org(db: Session, org_id: int | str | None) -> ReceivingOrg:
    try:
        org = db.get(ReceivingOrg, parse_id(org_id)) if org_id not in (None, "") else None
    except (TypeError, ValueError):
        org = None
    if org is None or not org.active:
        raise HandoverError(N_("Kies een organisatie uit de lijst."), field="org")
    return org


def _route(value: str | None) -> Route:
    try:
        return Route(value or "")
    except ValueError:
        raise HandoverError(N_("Kies een route."), field="route") from None


def _consent_on(case: Case) -> date | None:
    given, since = current_consent(case, ConsentPurpose.MADI)
    return since if given else None


@dataclass
class ReadyCheck:
    """What blocks the chosen route now (shown before the coach marks the case ready)."""

    blocking: list[Item]
    missing_documents: list[VoorleggerLine]

    @property
    def blocked(self) -> bool:
        return bool(self.blocking or self.missing_documents)


def ready_check(view: ReadinessView, route: str | None) -> ReadyCheck:
    missing = [line for line in view.voorlegger if line.required and line.status is DocumentStatus.ONTBREEKT]
    return ReadyCheck(view.blocking_for(route), missing)


def mark_ready(
    db: Session, case: Case, *, route: str, org_id: int | str | None, on: date, reason: str | None,
    by_user_id: int, today: date,
) -> Handover:  # fmt: skip
    """The coach: "klaar voor overdracht". Only when nothing blocks for the chosen route,
    or with an explicit reason (stored sealed). Moves the case to klaar_voor_overdracht."""
    if case.stage != Stage.C_AANPAK.value:
        raise HandoverError(N_("Een dossier kan pas klaar voor overdracht zijn vanuit fase C (aanpak)."))
    if open_round(db, case) is not None:
        raise HandoverError(N_("Er loopt al een overdracht voor dit dossier."))
    chosen_route = _route(route)
    org = _org(db, org_id)
    _check_date(on, case, None, "")
    check = ready_check(readiness_for(db, case, today, org), chosen_route.value)
    text = _text(reason, "reason", required=check.blocked,
                 message=N_("Er blokkeert nog iets. Schrijf op waarom het dossier toch over moet, of los het eerst op."))  # fmt: skip
    h = Handover(case_id=case.id, state=HandoverState.KLAAR.value, route=chosen_route.value, receiving_org_id=org.id,
                 blocking_at_ready=len(check.blocking), missing_documents_at_ready=len(check.missing_documents),
                 ready_on=on, ready_by=by_user_id)  # fmt: skip
    h.receiving_org = org
    if text and check.blocked:
        h.override_reason = text
    db.add(h)
    _event(h, HandoverEventKind.KLAAR, on, by_user_id, text=text if check.blocked else None)
    change_stage(db, case, Stage.KLAAR_VOOR_OVERDRACHT, by_user_id, on, via_handover=True)
    db.flush()
    detail = f"route:{chosen_route.value};org:{org.id};blocking:{len(check.blocking)};docs:{len(check.missing_documents)}"
    _audit(case, "handover_ready", detail + (";override" if check.blocked else ""), db)
    return h


def _round_in(db: Session, case: Case, *states: HandoverState) -> Handover:
    h = open_round(db, case)
    if h is None or h.state not in {s.value for s in states}:
        raise HandoverError(N_("Deze stap past niet bij hoe de overdracht nu staat. Kijk hieronder hoe het staat."))
    return h


def _back_to_c(db: Session, case: Case, by_user_id: int | None, on: date) -> None:
    if case.stage in (Stage.KLAAR_VOOR_OVERDRACHT.value, Stage.OVERGEDRAGEN.value):
        change_stage(db, case, Stage.C_AANPAK, by_user_id, on, via_handover=True)


def withdraw(db: Session, case: Case, *, on: date, by_user_id: int, expected_version: int | None = None) -> Handover:
    """The coach takes the "klaar" back before the coordinator has checked it."""
    h = _round_in(db, case, HandoverState.KLAAR)
    _check_version(h, expected_version)
    _check_date(on, case, h.ready_on, "de melding klaar voor overdracht")
    h.state = HandoverState.INGETROKKEN.value
    h.closed_on = on
    _event(h, HandoverEventKind.INGETROKKEN, on, by_user_id)
    _back_to_c(db, case, by_user_id, on)
    db.flush()
    _audit(case, "handover_withdrawn", f"round:{h.id}", db)
    return h


def sign_off(db: Session, case: Case, *, on: date, by_user_id: int, expected_version: int | None = None) -> Handover:
    """A coordinator checked the file and agrees. Not the person who marked it ready, and
    not without the resident's consent to share."""
    h = _round_in(db, case, HandoverState.KLAAR)
    _check_version(h, expected_version)
    if h.ready_by == by_user_id:
        raise HandoverError(N_("U heeft het dossier zelf klaar gemeld. Een andere coördinator moet het controleren."))
    if _consent_on(case) is None:
        raise HandoverError(N_("De bewoner heeft nog geen toestemming gegeven om het dossier te delen. Leg die eerst vast."))
    _check_date(on, case, h.ready_on, "de melding klaar voor overdracht")
    h.state = HandoverState.AKKOORD.value
    h.signed_off_on = on
    h.signed_off_by = by_user_id
    _event(h, HandoverEventKind.AKKOORD, on, by_user_id)
    db.flush()
    _audit(case, "handover_signoff", f"round:{h.id}", db)
    return h


def send_back(
    db: Session, case: Case, *, on: date, comment: str | None, by_user_id: int, expected_version: int | None = None
) -> Handover:
    """A coordinator sends the file back to the coach, with a comment (sealed)."""
    h = _round_in(db, case, HandoverState.KLAAR, HandoverState.AKKOORD)
    _check_version(h, expected_version)
    text = _text(comment, "comment", required=True, message=N_("Schrijf op wat de coach nog moet doen."))
    _check_date(on, case, h.ready_on, "de melding klaar voor overdracht")
    h.state = HandoverState.TERUGGESTUURD.value
    h.closed_on = on
    _event(h, HandoverEventKind.TERUGGESTUURD, on, by_user_id, text=text)
    _back_to_c(db, case, by_user_id, on)
    db.flush()
    _audit(case, "handover_sent_back", f"round:{h.id}", db)
    return h


def mark_sent(
    db: Session, case: Case, *, on: date, org_id: int | str | None, route: str, by_user_id: int,
    confirmed: bool, expected_version: int | None = None,
) -> Handover:  # fmt: skip
    """The file went to the receiving organisation: date, organisation and route. Needs the
    coordinator's sign-off and the resident's consent to share."""
    h = _round_in(db, case, HandoverState.AKKOORD)
    _check_version(h, expected_version)
    chosen_route = _route(route)
    org = _org(db, org_id)
    if _consent_on(case) is None:
        raise HandoverError(N_("De bewoner heeft geen toestemming (meer) gegeven om het dossier te delen. Zonder toestemming gaat er niets weg."))
    if not confirmed:
        raise HandoverError(N_("Vink aan dat het dossier echt is verstuurd."), field="confirm")
    _check_date(on, case, h.signed_off_on, "het akkoord van de coördinator")
    h.state = HandoverState.OVERGEDRAGEN.value
    h.route = chosen_route.value
    h.receiving_org_id = org.id
    h.receiving_org = org
    h.sent_on = on
    h.sent_by = by_user_id
    _event(h, HandoverEventKind.OVERGEDRAGEN, on, by_user_id)
    if case.stage == Stage.KLAAR_VOOR_OVERDRACHT.value:
        change_stage(db, case, Stage.OVERGEDRAGEN, by_user_id, on, via_handover=True)
    db.flush()
    _audit(case, "handover_sent", f"round:{h.id};route:{chosen_route.value};org:{org.id}", db)
    return h


def record_result(
    db: Session, case: Case, *, result: str, on: date, reason: str | None, by_user_id: int,
    expected_version: int | None = None,
) -> Handover:  # fmt: skip
    """What the receiving organisation decided. Teruggestuurd and afgewezen (with their
    reason, sealed) end the round and bring the case back to step C."""
    h = _round_in(db, case, HandoverState.OVERGEDRAGEN)
    _check_version(h, expected_version)
    try:
        outcome = HandoverResult(result or "")
    except ValueError:
        raise HandoverError(N_("Kies wat de uitslag is."), field="result") from None
    text = _text(reason, "reason", required=outcome in RESULTS_NEEDING_REASON,
                 message=N_("Schrijf op welke reden de organisatie gaf."))  # fmt: skip
    _check_date(on, case, h.sent_on, "de overdracht")
    h.result = outcome.value
    h.result_on = on
    _event(h, HandoverEventKind.UITSLAG, on, by_user_id, text=text, result=outcome.value)
    if outcome in RESULTS_ENDING_ROUND:
        h.state = HandoverState.AFGEROND.value
        h.closed_on = on
        _back_to_c(db, case, by_user_id, on)
    db.flush()
    _audit(case, "handover_result", f"round:{h.id};result:{outcome.value}", db)
    return h


# ===================================================================== for the reports
_REPORT_RESULT = {
    HandoverResult.GEACCEPTEERD.value: "geaccepteerd",
    HandoverResult.TERUGGESTUURD.value: "teruggestuurd",
    HandoverResult.REGELING_GESTART.value: "regeling gestart",
    HandoverResult.WSNP_TOEGELATEN.value: "wsnp toegelaten",
    HandoverResult.AFGEWEZEN.value: "afgewezen",
}


def handovers_for_reports(db: Session) -> dict[int, ReportHandover]:
    """``{case id: reports.indicators.Handover(day, route, result)}`` for every case that
    was handed over: its latest round that was sent. ``result`` uses the report's
    vocabulary ("regeling gestart", "wsnp toegelaten", ...) or None when nothing came back
    yet. Plaintext columns only, so erased cases (their rows stay as a skeleton) count too."""
    out: dict[int, ReportHandover] = {}
    rows = db.execute(
        select(Handover.case_id, Handover.sent_on, Handover.route, Handover.result)
        .where(Handover.sent_on.is_not(None))
        .order_by(Handover.case_id, Handover.id)
    )
    for case_id, sent_on, route, result in rows:
        out[case_id] = ReportHandover(day=sent_on, route=route, result=_REPORT_RESULT.get(result or ""))
    return out


# ================================================================ dossier and overview
@dataclass
class BudgetSection:
    version: BudgetVersion | None = None
    picture: BudgetPicture | None = None
    cap: CapacityView | None = None
    offer: OfferView | None = None


def budget_section(db: Session, case: Case) -> BudgetSection:
    from schoonschip.budget import service as budget_service
    from schoonschip.cases.casefile.resident import household_facts
    from schoonschip.cases.debts.service import open_debts_for_offer

    version = budget_service.current_version(db, case.id)
    if version is None:
        return BudgetSection()
    cap = budget_service.capacity_for(db, version, case_facts=household_facts(case))
    offer = budget_service.offer_for(version, cap, open_debts_for_offer(db, case))
    return BudgetSection(version, budget_service.budget_picture(version), cap, offer)


@dataclass
class DossierData:
    case: Case
    printed_on: date
    location_name: str
    coach_name: str | None
    coordinator_name: str | None
    consent_on: date
    resident: Any | None
    household: Any | None
    members: list[Any]
    debts: Any
    budget: BudgetSection
    readiness: ReadinessView
    story_origin: str | None
    story_effort: str | None
    crises: tuple[CrisisFlag, ...]
    mediation: list[tuple[str, str]]
    handover: Handover | None
    format_difference: Any = None


class ConsentMissing(HandoverError):
    """No recorded consent to share with the receiving organisation: no dossier."""


def _location_name(db: Session, case: Case) -> str:
    loc = db.get(Location, case.location_id)
    return loc.name if loc else ""


def dossier_context(db: Session, case: Case, today: date) -> DossierData:
    """Everything the dossier shows. Refuses (:class:`ConsentMissing`) without the
    resident's consent to share."""
    from schoonschip.budget.service import format_difference
    from schoonschip.cases.casefile.resident import household_facts, resident_of
    from schoonschip.cases.debts.service import debt_overview

    consent_on = _consent_on(case)
    if consent_on is None:
        raise ConsentMissing(N_("Er is geen toestemming van de bewoner om het dossier te delen. Leg die eerst vast bij Toestemming."))
    h = latest_round(db, case)
    names = user_names(db, [case.coach_id, h.signed_off_by if h else None])
    resident = resident_of(db, case.id)
    story = story_of(db, case.id)
    return DossierData(
        case=case,
        printed_on=today,
        location_name=_location_name(db, case),
        coach_name=names.get(case.coach_id) if case.coach_id else None,
        coordinator_name=names.get(h.signed_off_by) if h and h.signed_off_by else None,
        consent_on=consent_on,
        resident=resident,
        household=household_facts(case, today),
        members=list(resident.members) if resident else [],
        debts=debt_overview(db, case),
        budget=budget_section(db, case),
        readiness=readiness_for(db, case, today),
        story_origin=story.how_it_arose if story else None,
        story_effort=story.doing_now if story else None,
        crises=crises_for(db, case),
        mediation=mediation_lines(db, case, today),
        handover=h,
        format_difference=format_difference,
    )


@dataclass
class OverviewData:
    """What the resident takes home: no notes, no comments, the story only when chosen."""

    case: Case
    printed_on: date
    name: str
    coach_name: str | None
    location_name: str
    debts: Any
    budget: BudgetSection
    next_steps: list[tuple[str, dict[str, str]]]
    documents_needed: list[str]
    story_origin: str | None = None
    story_effort: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Step = tuple[str, dict[str, str]]  # a Dutch message (msgid) and its parameters


def _next_steps(db: Session, case: Case, view: ReadinessView) -> list[Step]:
    """Plain-language next steps (B1), from the handover state and the checklist."""
    steps: list[Step] = []
    if any(not c.handled for c in view.inp.crises) or view.crisis_flag_without_details:
        steps.append((N_("Er is een crisis. Uw coach helpt u daar eerst mee."), {}))
    h = latest_round(db, case)
    org = {"org": h.receiving_org.name if h is not None else view.org.name}
    if h is None or not h.is_open:
        if h is not None and h.state == HandoverState.TERUGGESTUURD.value:
            steps.append((N_("Uw coach maakt uw dossier nog beter in orde."), {}))
        steps.append((N_("Uw coach en u maken uw dossier klaar voor %(org)s."), org))
    elif h.state == HandoverState.KLAAR.value:
        steps.append((N_("Een coördinator kijkt uw dossier na."), {}))
    elif h.state == HandoverState.AKKOORD.value:
        steps.append((N_("Uw dossier gaat binnenkort naar %(org)s."), org))
    elif h.sent_on is not None:
        sent = {**org, "date": h.sent_on.strftime("%d-%m-%Y")}
        steps.append((N_("Uw dossier is op %(date)s naar %(org)s gegaan. %(org)s neemt contact met u op."), sent))
        if h.result == HandoverResult.GEACCEPTEERD.value:
            steps.append((N_("%(org)s helpt u verder."), org))
        elif h.result == HandoverResult.REGELING_GESTART.value:
            steps.append((N_("Uw schuldregeling is begonnen. Betaal elke maand wat is afgesproken."), {}))
        elif h.result == HandoverResult.WSNP_TOEGELATEN.value:
            steps.append((N_("De rechter heeft u toegelaten tot de WSNP. Uw bewindvoerder helpt u verder."), {}))
    steps.append((N_("Betaal elke maand de huur, de energie en de zorgverzekering. Maak geen nieuwe schulden."), {}))
    steps.append((N_("Krijgt u een nieuwe brief over geld? Neem die mee naar uw coach."), {}))
    return steps


def resident_overview_context(db: Session, case: Case, today: date) -> OverviewData:
    from schoonschip.cases.casefile.resident import resident_of
    from schoonschip.cases.debts.service import debt_overview

    resident = resident_of(db, case.id)
    view = readiness_for(db, case, today)
    names = user_names(db, [case.coach_id])
    data = OverviewData(
        case=case,
        printed_on=today,
        name=(resident.full_name if resident and resident.full_name else None) or case.alias or "",
        coach_name=names.get(case.coach_id) if case.coach_id else None,
        location_name=_location_name(db, case),
        debts=debt_overview(db, case),
        budget=budget_section(db, case),
        next_steps=_next_steps(db, case, view),
        documents_needed=[line.item.label for line in view.voorlegger if line.required and line.status is DocumentStatus.ONTBREEKT],
    )
    story = story_of(db, case.id)
    if story is not None and story.in_resident_overview:
        data.story_origin = story.how_it_arose
        data.story_effort = story.doing_now
    return data


# ============================================================================ the PDF
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
PDF_BASE_URL = "https://pdf.schoonschip.invalid/"
_ALLOWED_SUFFIXES = {".css", ".svg", ".png"}


class ResourceRefused(ValueError):
    """The PDF asked for something that is not one of our own static files."""


def local_static(url: str) -> tuple[bytes, str]:
    """The bytes and type of one of our static files, for a URL under PDF_BASE_URL/static/.
    Anything else (another host, a file: or data: URL, a path outside static/) is refused:
    the PDF never reaches the network or the rest of the disk."""
    prefix = PDF_BASE_URL + "static/"
    if not url.startswith(prefix):
        raise ResourceRefused("only the app's own static files")
    rel = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    path = (STATIC_DIR / rel).resolve()
    if not path.is_relative_to(STATIC_DIR) or path.suffix not in _ALLOWED_SUFFIXES or not path.is_file():
        raise ResourceRefused("not a static file")
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _fetcher() -> Any:
    import weasyprint.urls as wurls

    base = getattr(wurls, "URLFetcher", None)
    if base is None:  # WeasyPrint < 66: a plain function returning a dict
        def fetch(url: str) -> dict[str, Any]:
            body, mime = local_static(url)
            return {"string": body, "mime_type": mime, "redirected_url": url}

        return fetch

    class LocalOnlyFetcher(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, mime = local_static(url)
            return wurls.URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalOnlyFetcher()


def render_pdf(html: str) -> bytes:
    """A PDF of one of our print layouts, in memory (never written to disk)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher()).write_pdf()


# ============================================================================= demo
def demo_handovers(db: Session, _locs: Mapping[str, Any], users: Mapping[str, Any], today: date) -> None:
    """DEMO_STEPS: handover rounds on the demo cases, deterministic.

    * every case in "klaar voor overdracht" waits for the coordinator (its checklist
      answered, its documents received);
    * every case in "overgedragen" was handed over; the results go round: geaccepteerd,
      WSNP toegelaten, regeling gestart;
    * one case in step C was sent back by the coordinator with a comment.
    Runs once: cases that already have a round are left alone.
    """
    ensure_receiving_orgs(db)
    if db.scalar(select(Handover.id).limit(1)) is not None:
        return
    org = db.scalar(select(ReceivingOrg).where(ReceivingOrg.is_default.is_(True))) or db.scalars(select(ReceivingOrg)).first()
    assert org is not None
    cases = list(db.scalars(select(Case).where(Case.erased_at.is_(None)).order_by(Case.reference)))
    coordinator_ids = [u.id for name, u in sorted(users.items()) if name.startswith("coordinator.")]
    results = [HandoverResult.GEACCEPTEERD, HandoverResult.WSNP_TOEGELATEN, HandoverResult.REGELING_GESTART]
    sent_n = 0
    sent_back_done = False
    for case in cases:
        since = _stage_reached(case)
        if case.stage == Stage.KLAAR_VOOR_OVERDRACHT.value:
            _demo_answers(db, case, since)
            h = _demo_round(db, case, org, Route.MINNELIJK, since)
            _event(h, HandoverEventKind.KLAAR, since, case.coach_id, text=_demo_check(db, case, h, today))
        elif case.stage == Stage.OVERGEDRAGEN.value:
            _demo_answers(db, case, since)
            result = results[sent_n % len(results)]
            sent_n += 1
            route = Route.WSNP if result is HandoverResult.WSNP_TOEGELATEN else Route.MINNELIJK
            ready = max(case.opened_on, since - timedelta(days=14))
            signed = max(ready, since - timedelta(days=7))
            h = _demo_round(db, case, org, route, ready)
            reason = _demo_check(db, case, h, today)
            coordinator = coordinator_ids[0] if coordinator_ids else None
            h.state, h.signed_off_on, h.signed_off_by = HandoverState.OVERGEDRAGEN.value, signed, coordinator
            h.sent_on, h.sent_by = since, case.coach_id
            result_on = min(today, since + timedelta(days=21))
            h.result, h.result_on = result.value, result_on
            _event(h, HandoverEventKind.KLAAR, ready, case.coach_id, text=reason)
            _event(h, HandoverEventKind.AKKOORD, signed, coordinator)
            _event(h, HandoverEventKind.OVERGEDRAGEN, since, case.coach_id)
            _event(h, HandoverEventKind.UITSLAG, result_on, case.coach_id, result=result.value)
        elif case.stage == Stage.C_AANPAK.value and not sent_back_done and coordinator_ids:
            # Sent back by the coordinator of this location, if the demo has one there.
            coordinator = _coordinator_at(db, case.location_id, coordinator_ids)
            if coordinator is None:
                continue
            sent_back_done = True
            on = max(case.opened_on, since)
            change_stage(db, case, Stage.KLAAR_VOOR_OVERDRACHT, case.coach_id, on, via_handover=True)
            change_stage(db, case, Stage.C_AANPAK, coordinator, on, via_handover=True)
            h = _demo_round(db, case, org, Route.MINNELIJK, on)
            h.state, h.closed_on = HandoverState.TERUGGESTUURD.value, on
            h.blocking_at_ready = 1
            h.override_reason = "Demo: de bewoner wil snel verder; het identiteitsbewijs komt volgende week."
            _event(h, HandoverEventKind.KLAAR, on, case.coach_id, text=h.override_reason)
            _event(h, HandoverEventKind.TERUGGESTUURD, on, coordinator,
                   text="Demo: de loonstroken van de laatste 3 maanden ontbreken nog. Graag aanvullen.")  # fmt: skip
        db.flush()


def _demo_check(db: Session, case: Case, h: Handover, today: date) -> str | None:
    """What blocked when the demo case was marked ready, as the real workflow records it;
    with an (invented) reason when something did."""
    db.flush()
    check = ready_check(readiness_for(db, case, today, h.receiving_org), h.route)
    h.blocking_at_ready = len(check.blocking)
    h.missing_documents_at_ready = len(check.missing_documents)
    if not check.blocked:
        return None
    h.override_reason = "Demo: de bewoner wil snel hulp; de laatste papieren komen deze week."
    return h.override_reason


def _coordinator_at(db: Session, location_id: int, candidates: list[int]) -> int | None:
    from schoonschip.auth.models import Role, RoleAssignment

    rows = db.scalars(
        select(RoleAssignment.user_id).where(
            RoleAssignment.location_id == location_id,
            RoleAssignment.role == Role.COORDINATOR.value,
            RoleAssignment.user_id.in_(candidates),
        )
    ).all()
    return min(rows) if rows else None


def _stage_reached(case: Case) -> date:
    for change in reversed(case.stage_history):
        if change.to_stage == case.stage:
            return change.on
    return case.opened_on


def _demo_round(db: Session, case: Case, org: ReceivingOrg, route: Route, on: date) -> Handover:
    h = Handover(case_id=case.id, state=HandoverState.KLAAR.value, route=route.value, receiving_org_id=org.id,
                 ready_on=on, ready_by=case.coach_id)  # fmt: skip
    h.receiving_org = org
    db.add(h)
    return h


def _demo_answers(db: Session, case: Case, on: date) -> None:
    """A fully answered checklist and every required document received."""
    if state_of(db, case.id) is not None:
        return
    answers = {e.code: ("ja", on) for e in item_catalogue() if e.kind is ItemKind.BLOKKEREND}
    answers["belastingaangiften"] = ("ja", on)
    answers["inkomen_partner"] = ("nvt", on)
    docs = {code: (DocumentStatus.ONTVANGEN.value, on) for code in DEFAULT_REQUIRED}
    state = ReadinessState(case_id=case.id, answers=_dump_pairs(answers), documents=_dump_pairs(docs))
    state.facts = {"car": "nee", "car_value": None, "alimony": "nee", "nihil": "", "on": on.isoformat()}
    db.add(state)


# Re-exported for templates and views.
__all__ += ["ItemSource", "ItemStatus", "ItemKind", "DocumentStatus", "Track", "SOURCES", "ReceivingOrg"]
