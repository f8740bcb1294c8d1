"""Debt ledger services: the creditor register, debts per case, the overview (demo debts: schoonschip/demo/debts.py).

Views parse nothing themselves: they hand the submitted form to :func:`parse_debt_form`,
call a service function here and render. The rules (incassokosten scale, completeness,
priorities, totals) come from :mod:`schoonschip.cases.debts.rules`; this module only turns
ledger rows into :class:`~schoonschip.cases.debts.rules.DebtFacts` and back.

Public API for other features (budget/offer, readiness):

* :func:`debt_facts_for_case` ``(db, case) -> list[DebtFacts]`` (``key`` = debt id)
* :func:`open_debts_for_offer` ``(db, case) -> list[OfferDebt]`` (and
  :func:`offer_debts_from_overview` ``(overview) -> list[OfferDebt]``)
* :func:`saldo_dates` ``(overview) -> dict[int, date | None]`` (latest saldo-opgave per debt id)
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from schoonschip import audit
from schoonschip.budget.rules.offer import OfferDebt, OutsideReason
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import CjibKind, Creditor, CreditorStatus, Debt, DebtStatusChange
from schoonschip.cases.debts.rules import (
    CollectorKind,
    CreditorCategory,
    CreditorStance,
    DebtFacts,
    DebtFinding,
    DebtStatus,
    DebtSummary,
    GarnishmentKind,
    Priority,
    check_debt,
    costs_and_fines,
    is_priority,
    legally_owed,
    max_incassokosten,
    priority,
    sort_by_priority,
    summarise_debts,
    total,
)
from schoonschip.dates import IN_FUTURE
from schoonschip.db import utcnow
from schoonschip.i18n import N_
from schoonschip.money import ZERO, Money, percentage

SEED_FILE = Path(__file__).resolve().parent / "data" / "creditors.json"

# ------------------------------------------------------------------------ register
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Match key for creditor names: case, accents, spaces and punctuation ignored."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", plain.casefold())


def _follow_merges(creditor: Creditor) -> Creditor:
    seen = set()
    while creditor.status == CreditorStatus.MERGED.value and creditor.merged_into is not None:
        if creditor.id in seen:  # pragma: no cover - a cycle is never created by merge_creditor
            break
        seen.add(creditor.id)
        creditor = creditor.merged_into
    return creditor


def find_creditor_by_name(db: Session, name: str) -> Creditor | None:
    """The register entry whose name, short name or alias matches ``name``."""
    key = name_key(name)
    if not key:
        return None
    candidates = db.scalars(select(Creditor).order_by(Creditor.id)).all()
    by_status: dict[str, list[Creditor]] = {}
    for c in candidates:
        keys = {name_key(c.name)} | {name_key(a) for a in c.alias_list()}
        if c.short_name:
            keys.add(name_key(c.short_name))
        if key in keys:
            by_status.setdefault(c.status, []).append(c)
    for status in (CreditorStatus.CONFIRMED, CreditorStatus.PROPOSED, CreditorStatus.MERGED):
        if by_status.get(status.value):
            return _follow_merges(by_status[status.value][0])
    return None


def load_seed_list(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["creditors"]
    for row in rows:
        CreditorCategory(row["category"])  # refuse a typo in the data file loudly
    return rows


def seed_creditors(db: Session, path: Path = SEED_FILE) -> int:
    """Add the common Dutch creditors that are not in the register yet. Idempotent.

    Safe to call from a data migration, the ``flask seed-creditors`` command and the demo.
    An existing entry with the same name (or alias) is left alone, also when a coordinator
    has changed its category.
    """
    added = 0
    for row in load_seed_list(path):
        if find_creditor_by_name(db, row["name"]) is not None:
            continue
        db.add(
            Creditor(
                name=row["name"],
                short_name=row.get("short_name"),
                category=row["category"],
                aliases="|".join(row.get("aliases", [])) or None,
                status=CreditorStatus.CONFIRMED.value,
                confirmed_at=utcnow(),
            )
        )
        db.flush()
        added += 1
    return added


def propose_creditor(
    db: Session, name: str, category: CreditorCategory, *, by_user_id: int | None, location_id: int | None
) -> Creditor:
    """A plaintext proposal in the register. Only for proposals made before issue 16: a name
    a coach types now stays sealed in the case (:func:`_apply`, :func:`pending_names`)."""
    existing = find_creditor_by_name(db, name)
    if existing is not None:
        return existing
    creditor = Creditor(
        name=name.strip(),
        category=category.value,
        status=CreditorStatus.PROPOSED.value,
        proposed_by_user_id=by_user_id,
        proposed_location_id=location_id,
    )
    db.add(creditor)
    db.flush()
    audit.record("creditor_propose", object_type="creditor", object_id=creditor.id, location_id=location_id, session=db)
    return creditor


def creditor_choices(db: Session, *, include_id: int | None = None) -> list[tuple[str, list[Creditor]]]:
    """Confirmed creditors grouped by category label (plus the debt's own creditor)."""
    rows = list(
        db.scalars(select(Creditor).where(Creditor.status == CreditorStatus.CONFIRMED.value).order_by(Creditor.name))
    )
    if include_id is not None and all(c.id != include_id for c in rows):
        own = db.get(Creditor, include_id)
        if own is not None:
            rows.append(own)
    groups: dict[str, list[Creditor]] = {}
    for cat in CreditorCategory:
        groups[cat.label] = []
    for c in rows:
        groups[CreditorCategory(c.category).label].append(c)
    return [(label, cs) for label, cs in groups.items() if cs]


def selectable_creditor(db: Session, creditor_id: int, *, current_id: int | None = None) -> Creditor | None:
    c = db.get(Creditor, creditor_id)
    if c is None:
        return None
    if c.status == CreditorStatus.CONFIRMED.value or c.id == current_id:
        return c
    return None


def proposed_creditors(db: Session, location_ids: Iterable[int]) -> list[Creditor]:
    locs = list(location_ids)
    if not locs:
        return []
    return list(
        db.scalars(
            select(Creditor)
            .where(Creditor.status == CreditorStatus.PROPOSED.value, Creditor.proposed_location_id.in_(locs))
            .order_by(Creditor.created_at, Creditor.id)
        )
    )


def debt_count(db: Session, creditor: Creditor) -> int:
    return int(db.scalar(select(func.count(Debt.id)).where(Debt.creditor_id == creditor.id)) or 0)


class RegisterError(ValueError):
    """Dutch message for the coordinator."""


def confirm_creditor(
    db: Session,
    creditor: Creditor,
    *,
    name: str,
    short_name: str | None,
    category: CreditorCategory,
    by_user_id: int | None,
) -> Creditor:
    name = name.strip()
    if not name:
        raise RegisterError(N_("Vul de naam van de organisatie in."))
    other = find_creditor_by_name(db, name)
    if other is not None and other.id != creditor.id:
        raise RegisterError(N_("Deze naam staat al in de lijst. Voeg de schuldeiser dan samen."))
    creditor.name = name[:120]
    creditor.short_name = (short_name or "").strip()[:40] or None
    creditor.category = category.value
    creditor.status = CreditorStatus.CONFIRMED.value
    creditor.confirmed_by_user_id = by_user_id
    creditor.confirmed_at = utcnow()
    db.flush()
    audit.record("creditor_confirm", object_type="creditor", object_id=creditor.id, session=db)
    return creditor


def merge_creditor(db: Session, source: Creditor, target: Creditor, *, by_user_id: int | None) -> int:
    """Move every debt of ``source`` to ``target`` and mark ``source`` merged. Returns the count."""
    target = _follow_merges(target)
    if target.id == source.id:
        raise RegisterError(N_("Kies een andere schuldeiser om mee samen te voegen."))
    if target.status != CreditorStatus.CONFIRMED.value:
        raise RegisterError(N_("Voeg alleen samen met een bevestigde schuldeiser."))
    moved = 0
    for debt in db.scalars(select(Debt).where(Debt.creditor_id == source.id)):
        debt.creditor_id = target.id
        moved += 1
    source.status = CreditorStatus.MERGED.value
    source.merged_into_id = target.id
    source.confirmed_by_user_id = by_user_id
    source.confirmed_at = utcnow()
    db.flush()
    audit.record(
        "creditor_merge", object_type="creditor", object_id=source.id, detail=f"into:{target.id};moved:{moved}", session=db
    )
    return moved


def creditor_is_person(db: Session, source: Creditor, *, by_user_id: int | None) -> int:
    """A coach typed a person as a new organisation: seal the name on each debt, drop the entry."""
    if source.status != CreditorStatus.PROPOSED.value:
        raise RegisterError(N_("Alleen een voorgestelde schuldeiser kan zo worden verplaatst."))
    moved = 0
    for debt in db.scalars(select(Debt).where(Debt.creditor_id == source.id)):
        debt.private_creditor_name = source.name
        debt.creditor_id = None
        if debt.category is None:
            debt.category = source.category
        moved += 1
    db.flush()
    audit.record("creditor_to_private", object_type="creditor", object_id=source.id, detail=f"moved:{moved}", session=db)
    db.delete(source)
    db.flush()
    return moved


# ------------------------------------------- names typed by coaches, sealed until the register
@dataclass
class PendingName:
    """One name coaches typed as a new organisation (the same name in several cases is one),
    opened from the cases' sealed fields for the beheerder. ``first_id`` names it in URLs."""

    first_id: int
    name: str
    category: str | None
    debt_ids: list[int] = field(default_factory=list)


def pending_names(db: Session) -> list[PendingName]:
    groups: dict[str, PendingName] = {}
    for debt in db.scalars(select(Debt).where(Debt.creditor_pending.is_(True)).order_by(Debt.id)):
        name = debt.private_creditor_name or ""
        group = groups.setdefault(name_key(name) or f"#{debt.id}", PendingName(debt.id, name, debt.category))
        group.debt_ids.append(debt.id)
    return list(groups.values())


def pending_name(db: Session, pending_id: int) -> PendingName | None:
    return next((g for g in pending_names(db) if pending_id in g.debt_ids), None)


def add_pending_to_register(
    db: Session, group: PendingName, *, name: str, short_name: str | None, category: CreditorCategory, by_user_id: int | None
) -> Creditor:
    """The beheerder adds the name to the register as an organisation (or finds it there):
    its debts point at the register entry and the sealed copy of the name goes."""
    name = name.strip()
    if not name:
        raise RegisterError(N_("Vul de naam van de organisatie in."))
    creditor = confirmed_creditor_by_name(db, name)
    if creditor is None:
        if find_creditor_by_name(db, name) is not None:
            raise RegisterError(N_("Deze naam staat al in de lijst als voorstel. Handel dat voorstel eerst af."))
        creditor = Creditor(
            name=name[:120], short_name=(short_name or "").strip()[:40] or None, category=category.value,
            status=CreditorStatus.CONFIRMED.value, confirmed_by_user_id=by_user_id, confirmed_at=utcnow(),
        )  # fmt: skip
        db.add(creditor)
        db.flush()
        audit.record("creditor_confirm", object_type="creditor", object_id=creditor.id, detail="from_cases", session=db)
    for debt in db.scalars(select(Debt).where(Debt.id.in_(group.debt_ids), Debt.creditor_pending.is_(True))):
        debt.creditor = creditor
        debt.creditor_id = creditor.id
        debt.private_creditor_name = None
        debt.creditor_pending = False
    db.flush()
    return creditor


def pending_is_person(db: Session, group: PendingName, *, by_user_id: int | None) -> int:
    """Not an organisation: the name stays sealed in the cases, as a person's name."""
    n = 0
    for debt in db.scalars(select(Debt).where(Debt.id.in_(group.debt_ids), Debt.creditor_pending.is_(True))):
        debt.creditor_pending = False
        n += 1
    db.flush()
    audit.record("creditor_pending_person", object_type="debt", object_id=group.first_id, detail=f"debts:{n}", session=db)
    return n


def seal_old_proposals(db: Session) -> int:
    """Proposals stored in the register before issue 16: their names move, sealed, into the
    cases as pending names (for the beheerder), and the register rows go. Returns the count."""
    n = 0
    for source in db.scalars(select(Creditor).where(Creditor.status == CreditorStatus.PROPOSED.value)).all():
        for debt in db.scalars(select(Debt).where(Debt.creditor_id == source.id)):
            debt.private_creditor_name = source.name
            debt.creditor_pending = True
            debt.creditor_id = None
            if debt.category is None:
                debt.category = source.category
        db.flush()
        audit.record("creditor_sealed", object_type="creditor", object_id=source.id, session=db)
        db.delete(source)
        n += 1
    db.flush()
    return n


# ------------------------------------------------------------------- the input of a debt
AMOUNT_FIELDS = (
    "hoofdsom",
    "rente",
    "incassokosten",
    "gerechtelijke_kosten",
    "boetes",
    "original_amount",
    "arrangement_amount",
    "garnishment_amount",
)
DATE_FIELDS = ("peildatum", "arisen_on", "saldo_confirmed_on", "arrangement_since")


@dataclass
class DebtInput:
    """A validated debt form (cases/debts/forms.py). ``creditor`` is resolved later (it may create a proposal)."""

    creditor_id: int | None = None
    new_creditor_name: str | None = None
    private_creditor_name: str | None = None
    category: CreditorCategory | None = None
    creditor_reference: str | None = None
    collector_kind: CollectorKind | None = None
    collector_name: str | None = None
    collector_reference: str | None = None
    hoofdsom: Money | None = None
    rente: Money | None = None
    incassokosten: Money | None = None
    gerechtelijke_kosten: Money | None = None
    boetes: Money | None = None
    original_amount: Money | None = None
    incassokosten_incl_btw: bool = False
    termijnbedrag: Money | None = None
    wki_periods: int | None = None
    collector_in_register: bool | None = None
    peildatum: date | None = None
    arisen_on: date | None = None
    preferent: bool | None = None
    vaste_lasten: bool | None = None
    fraud: bool = False
    cjib_kind: CjibKind | None = None
    studieschuld_regulier: bool = False
    zakelijk: bool = False
    saldo_confirmed_on: date | None = None
    arrangement_amount: Money | None = None
    arrangement_since: date | None = None
    garnishment_kind: GarnishmentKind | None = None
    garnishment_amount: Money | None = None
    garnishment_by: str | None = None
    status: DebtStatus | None = None
    note: str | None = None


# ---------------------------------------------------------------------- debts CRUD
_COPIED = (
    "creditor_reference",
    "collector_name",
    "collector_reference",
    *AMOUNT_FIELDS,
    "incassokosten_incl_btw",
    *DATE_FIELDS,
    "preferent",
    "vaste_lasten",
    "fraud",
    "studieschuld_regulier",
    "zakelijk",
    "garnishment_by",
    "note",
    "termijnbedrag",
    "wki_periods",
    "collector_in_register",
)


def confirmed_creditor_by_name(db: Session, name: str) -> Creditor | None:
    """The confirmed register entry (merges followed) matching ``name``; None otherwise."""
    found = find_creditor_by_name(db, name)
    return found if found is not None and found.status == CreditorStatus.CONFIRMED.value else None


def _apply(db: Session, debt: Debt, data: DebtInput, *, by_user_id: int | None, location_id: int) -> None:
    """Copy a validated form onto a debt. Resolves the creditor first, so a half-changed debt
    is never flushed on the way. A new organisation typed by a coach that the register does
    not know stays sealed in the case (``creditor_pending``) until a beheerder adds it to the
    register: it may be a person, and the register is plaintext and outlives the case."""
    creditor: Creditor | None = None
    pending_name: str | None = None
    if data.creditor_id:
        creditor = db.get(Creditor, data.creditor_id)
    elif data.new_creditor_name:
        assert data.category is not None  # checked by parse_debt_form
        creditor = confirmed_creditor_by_name(db, data.new_creditor_name)
        if creditor is None:
            pending_name = data.new_creditor_name.strip()
    debt.creditor = creditor
    debt.creditor_id = creditor.id if creditor is not None else None
    if creditor is None:
        name = pending_name or data.private_creditor_name
        if debt.private_creditor_name != name:
            debt.private_creditor_name = name
    elif debt.private_creditor_name is not None:
        debt.private_creditor_name = None
    if debt.creditor_pending != (pending_name is not None):
        debt.creditor_pending = pending_name is not None
    if data.category is not None:
        debt.category = data.category.value
    elif creditor is not None:
        debt.category = creditor.category
    else:
        debt.category = CreditorCategory.ANDERS.value
    for name in _COPIED:
        new = getattr(data, name)
        if getattr(debt, name) != new:  # only touch what changed (sealed fields re-seal on set)
            setattr(debt, name, new)
    for name in ("collector_kind", "garnishment_kind", "cjib_kind"):
        value = getattr(data, name)
        setattr(debt, name, value.value if value is not None else None)


def create_debt(db: Session, case: Case, data: DebtInput, *, by_user_id: int | None, today: date) -> Debt:
    debt = Debt(case_id=case.id, created_by_user_id=by_user_id)
    _apply(db, debt, data, by_user_id=by_user_id, location_id=case.location_id)
    db.add(debt)
    debt.status = data.status.value if data.status is not None else None
    debt.status_history.append(
        DebtStatusChange(case_id=case.id, from_status=None, to_status=debt.status, on=today, by_user_id=by_user_id)
    )
    db.flush()
    audit.record("debt_create", object_type="debt", object_id=debt.id, location_id=case.location_id, session=db)
    return debt


def update_debt(db: Session, case: Case, debt: Debt, data: DebtInput, *, by_user_id: int | None) -> Debt:
    """Save an edit. The caller has checked the version; the flush checks it again."""
    _apply(db, debt, data, by_user_id=by_user_id, location_id=case.location_id)
    debt.updated_at = utcnow()
    db.flush()
    audit.record("debt_update", object_type="debt", object_id=debt.id, location_id=case.location_id, session=db)
    return debt


def delete_debt(db: Session, case: Case, debt: Debt) -> None:
    debt_id = debt.id
    db.delete(debt)
    db.flush()
    audit.record("debt_delete", object_type="debt", object_id=debt_id, location_id=case.location_id, session=db)


def was_deleted(db: Session, debt_id: int, case: Case) -> bool:
    """Was this debt deleted (the audit log keeps the fact), at the case's location?"""
    from schoonschip.audit import AuditEvent

    return (
        db.scalar(
            select(AuditEvent.id).where(
                AuditEvent.action == "debt_delete",
                AuditEvent.object_type == "debt",
                AuditEvent.object_id == str(debt_id),
                AuditEvent.location_id == case.location_id,
            )
        )
        is not None
    )


class StatusError(ValueError):
    """Dutch message; ``field`` is the form field it belongs next to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def change_status(
    db: Session, case: Case, debt: Debt, new_status: DebtStatus, *, on: date, by_user_id: int | None, today: date
) -> DebtStatusChange:
    if debt.status == new_status.value:
        raise StatusError("status", N_("De schuld heeft deze status al."))
    if on > today:
        raise StatusError("on", IN_FUTURE)
    change = DebtStatusChange(
        case_id=case.id, from_status=debt.status, to_status=new_status.value, on=on, by_user_id=by_user_id
    )
    debt.status_history.append(change)
    debt.status = new_status.value
    debt.updated_at = utcnow()
    db.flush()
    audit.record("debt_status", object_type="debt", object_id=debt.id, location_id=case.location_id, session=db)
    return change


def set_creditor_stance(
    db: Session, case: Case, debt: Debt, stance: CreditorStance | None, *, saldo_confirmed_on: date | None = None
) -> None:
    """Where the contact with the creditor stands now (the letters area moves it when a letter is
    sent or an answer recorded); ``saldo_confirmed_on``: the creditor sent the saldo-opgave that
    day (the readiness checklist reads it). The caller audits the letter or answer."""
    if debt.case_id != case.id:
        raise ValueError("debt of another case")
    changed = False
    new = stance.value if stance is not None else None
    if debt.creditor_stance != new:
        debt.creditor_stance = new
        changed = True
    if saldo_confirmed_on is not None and (debt.saldo_confirmed_on is None or saldo_confirmed_on > debt.saldo_confirmed_on):
        debt.saldo_confirmed_on = saldo_confirmed_on
        changed = True
    if changed:
        debt.updated_at = utcnow()
        db.flush()


def creditor_stance_of(debt: Debt) -> CreditorStance | None:
    return CreditorStance(debt.creditor_stance) if debt.creditor_stance else None


# With the status history: every debt's facts read it (the 14-dagenbrief), so one query for
# all instead of one per debt; the statement is built once, not on every page (docs/performance.md).
_DEBTS_OF = (
    select(Debt)
    .where(Debt.case_id == bindparam("case_id"))
    .options(selectinload(Debt.creditor), selectinload(Debt.status_history))
    .order_by(Debt.id)
)


def debts_of(db: Session, case: Case) -> list[Debt]:
    return list(db.scalars(_DEBTS_OF, {"case_id": case.id}))


def get_debt(db: Session, case: Case, debt_id: int) -> Debt | None:
    """A debt of this case, or None (never a debt of another case)."""
    return db.scalar(select(Debt).where(Debt.id == debt_id, Debt.case_id == case.id))


# ------------------------------------------------------------------ facts and views
def creditor_label(debt: Debt) -> str:
    if debt.creditor is not None:
        return debt.creditor.label
    return debt.private_creditor_name or N_("Onbekende schuldeiser")


def debt_facts(debt: Debt) -> DebtFacts:
    """One ledger row as the pure rules see it."""
    category: CreditorCategory | None
    if debt.category:
        category = CreditorCategory(debt.category)
    elif debt.creditor is not None:
        category = CreditorCategory(debt.creditor.category)
    else:
        category = CreditorCategory.ANDERS if debt.private_creditor_name else None
    return DebtFacts(
        creditor_category=category,
        hoofdsom=debt.hoofdsom,
        rente=debt.rente,
        incassokosten=debt.incassokosten,
        gerechtelijke_kosten=debt.gerechtelijke_kosten,
        boetes=debt.boetes,
        has_reference=bool(debt.creditor_reference or debt.collector_reference),
        peildatum=debt.peildatum,
        arisen_on=debt.arisen_on,
        status=DebtStatus(debt.status) if debt.status else None,
        collector=CollectorKind(debt.collector_kind) if debt.collector_kind else None,
        fraud=bool(debt.fraud),
        cjib_strafrechtelijk=debt.cjib_kind == CjibKind.STRAFRECHTELIJK.value,
        cjib_verkeersboete=debt.cjib_kind == CjibKind.WAHV.value,
        studieschuld_regulier=bool(debt.studieschuld_regulier),
        zakelijk=bool(debt.zakelijk),
        vaste_lasten=debt.vaste_lasten,
        garnishment=GarnishmentKind(debt.garnishment_kind) if debt.garnishment_kind else None,
        preferent_override=debt.preferent,
        incassokosten_incl_btw=bool(debt.incassokosten_incl_btw),
        veertiendagenbrief_received_on=_veertiendagenbrief_on(debt),
        termijnbedrag=debt.termijnbedrag,
        wki_periods=debt.wki_periods or 1,
        collector_in_justis_register=debt.collector_in_register,
        key=debt.id,
    )


def _veertiendagenbrief_on(debt: Debt) -> date | None:
    """The date of the first status change to the 14-dagenbrief in the debt's dated history
    (the coach records the day the letter came in)."""
    days = [c.on for c in debt.status_history if c.to_status == DebtStatus.VEERTIENDAGENBRIEF.value]
    return min(days) if days else None


def debt_facts_for_case(db: Session, case: Case) -> list[DebtFacts]:
    """Every debt of the case as :class:`DebtFacts` (``key`` = debt id), in ledger order.

    For the budget/offer and readiness features. Opens sealed amounts with the case key,
    so call it only for a case loaded through ``load_case``.
    """
    return [debt_facts(d) for d in debts_of(db, case)]


def open_debts_for_offer(db: Session, case: Case) -> list[OfferDebt]:
    """Open debts (not afgelost) as the input of :func:`schoonschip.budget.rules.offer.calculate_offer`.

    ``key`` is the debt id as text; ``amount`` is everything legally owed (hoofdsom, rente,
    costs and fines, with incassokosten above the legal maximum brought down to it:
    :func:`~schoonschip.cases.debts.rules.legally_owed`); ``claimed`` and ``correction`` say
    what the creditor asks and why the offer uses less. Criminal CJIB fines are never forgiven and regular DUO study debt has its own
    repayment rules: both are marked ``outside_regeling`` with their
    :class:`~schoonschip.budget.rules.offer.OutsideReason` (rules.md §2, §3.4). Fraudevorderingen
    stay in (the professional decides); readiness sees them through :func:`debt_facts_for_case`.
    """
    return _offer_debts(debts_of(db, case))


def offer_debts_from_overview(overview: DebtOverview) -> list[OfferDebt]:
    """:func:`open_debts_for_offer` from an overview already loaded (ledger order), so the
    dossier's offer reads the same rows as its debt list and checklist."""
    return _offer_debts(r.debt for r in sorted(overview.rows, key=lambda r: r.debt.id))


def _offer_debts(debts: Iterable[Debt]) -> list[OfferDebt]:
    out: list[OfferDebt] = []
    for debt in debts:
        facts = debt_facts(debt)
        if not facts.is_open:
            continue
        reason: OutsideReason | None = None
        if facts.cjib_strafrechtelijk:
            reason = OutsideReason.STRAFRECHTELIJKE_BOETE
        elif facts.studieschuld_regulier:
            reason = OutsideReason.STUDIESCHULD
        owed = legally_owed(facts)
        out.append(
            OfferDebt(
                key=str(debt.id),
                creditor_label=creditor_label(debt),
                amount=owed.owed,
                preferent=facts.is_preferent,
                outside_regeling=reason is not None,
                reason=reason,
                claimed=owed.claimed if owed.corrected else None,
                correction=owed.reason if owed.corrected else None,
            )
        )
    return out


@dataclass
class DebtRow:
    debt: Debt
    facts: DebtFacts
    label: str
    findings: list[DebtFinding]
    incomplete: bool
    priority: Priority
    is_priority: bool
    total: Money
    costs: Money
    max_incassokosten: Money | None


@dataclass
class TotalLine:
    label: str
    amount: Money
    share: Decimal


@dataclass
class DebtOverview:
    rows: list[DebtRow]
    summary: DebtSummary
    principal_open: Money
    per_category: list[TotalLine] = field(default_factory=list)
    per_status: list[TotalLine] = field(default_factory=list)

    @property
    def open_rows(self) -> list[DebtRow]:
        return [r for r in self.rows if r.facts.is_open]

    @property
    def paid_rows(self) -> list[DebtRow]:
        return [r for r in self.rows if not r.facts.is_open]


def debt_row(debt: Debt) -> DebtRow:
    facts = debt_facts(debt)
    findings = check_debt(facts)
    maximum = (
        max_incassokosten(facts.hoofdsom, incl_btw=facts.incassokosten_incl_btw)
        if facts.hoofdsom is not None and facts.hoofdsom > ZERO
        else None
    )
    return DebtRow(
        debt=debt,
        facts=facts,
        label=creditor_label(debt),
        findings=findings,
        incomplete=any(f.makes_incomplete for f in findings),
        priority=priority(facts),
        is_priority=is_priority(facts),
        total=total(facts),
        costs=costs_and_fines(facts),
        max_incassokosten=maximum,
    )


def debt_overview(db: Session, case: Case) -> DebtOverview:
    """Everything the overview tab and its print page show."""
    rows_by_id = {d.id: debt_row(d) for d in debts_of(db, case)}
    ordered = [rows_by_id[int(f.key)] for f in sort_by_priority(r.facts for r in rows_by_id.values())]  # type: ignore[arg-type]
    summary = summarise_debts([r.facts for r in ordered])
    per_category = [
        TotalLine(cat.label if cat is not None else N_("Onbekend"), amount, percentage(amount, summary.total_open))
        for cat, amount in sorted(
            summary.per_category.items(), key=lambda kv: (-kv[1].cents, kv[0].value if kv[0] else "")
        )
    ]
    per_status = [
        TotalLine(st.label if st is not None else N_("Status onbekend"), amount, percentage(amount, summary.total_open))
        for st, amount in sorted(summary.per_status.items(), key=lambda kv: kv[0].order if kv[0] else 99)
    ]
    return DebtOverview(
        rows=ordered,
        summary=summary,
        principal_open=summary.total_open - summary.costs_and_fines_open,
        per_category=per_category,
        per_status=per_status,
    )


def saldo_dates(overview: DebtOverview) -> dict[int, date | None]:
    """The date of the latest saldo-opgave per debt id (None: never), from an overview, so
    the readiness checklist reads the same rows as the dossier's debt list."""
    return {r.debt.id: r.debt.saldo_confirmed_on for r in overview.rows}
