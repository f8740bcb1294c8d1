"""The worklists, composed from the other areas' named service functions on every view.

* :func:`coach_worklist`: "Wat vandaag aandacht vraagt" for one coach, over the open cases
  assigned to or shared with them (never more: the coach's own cases only);
* :func:`coordinator_worklist`: one location, for its coordinator: handovers waiting for a
  check or to be sent, crises, missed instalments, the retention list and the workload per
  coach. Cases a user declared a conflict on are left out (``visible_cases_clause``).

The other areas' functions take a condition on ``Case`` and join it: for a coach their own
case ids, for a coordinator the location. So a coach's page costs the same at 1.000 or
20.000 cases, and a coordinator's grows with the location's open alerts (and its coaches),
not with its cases. Only the aliases of the lines shown are opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from schoonschip.budget.service import current_version, snapshots_of
from schoonschip.cases.casefile.access import visible_cases_clause
from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.casefile.records import (
    CONSENT_LABELS_NL,
    consents_given_by_case,
    last_contact_by_case,
    story_of,
)
from schoonschip.cases.casefile.search import mine_clause, preload_keys
from schoonschip.cases.casefile.service import CoachLoad, workload_at
from schoonschip.cases.debts.alerts import priority_debts_in_collection
from schoonschip.cases.debts.rules import DebtStatus
from schoonschip.cases.debts.service import debts_of
from schoonschip.cases.handover.rounds import rounds_needing_attention
from schoonschip.cases.letters.rules import days_waiting, waiting_text
from schoonschip.cases.letters.service import unanswered_letters
from schoonschip.cases.mediation.rules import CRISIS_LABELS_NL, CrisisKind
from schoonschip.cases.mediation.service import (
    crisis_alerts,
    instalment_alerts,
    mediations_of,
    offers_of_help_waiting,
)
from schoonschip.cases.tasks.service import open_tasks
from schoonschip.cases.worklist.rules import (
    Item,
    ItemKind,
    StageFacts,
    answer_due_on,
    consent_needs_renewal,
    consent_renewal_on,
    contact_due_on,
    debt_deadline,
    letter_due_on,
    letter_needs_follow_up,
    needs_contact,
    offer_due_on,
    proposed_stage,
    sort_items,
)
from schoonschip.i18n import N_, join
from schoonschip.privacy.retention import expiring_cases, purge_date

# A coordinator checks a file marked ready within a week (house rule, shown as the deadline).
HANDOVER_CHECK_DAYS = 7
# Stages in which the coach still works with the resident (contact and consent matter).
_WORKING = [s.value for s in Stage if s not in (Stage.AFGESLOTEN, Stage.OVERGEDRAGEN)]


@dataclass
class Worklist:
    items: list[Item]
    aliases: dict[int, str]  # case id -> alias, for the cases on the list


def _aliases(db: Session, cases: list[Case]) -> dict[int, str]:
    preload_keys(db, [c.id for c in cases])
    return {c.id: c.alias or "" for c in cases}


def _instalment_items(db: Session, case_ids: Any, refs: dict[int, str], today: date, *, missed_only: bool = False) -> list[Item]:
    out = []
    for a in instalment_alerts(db, case_ids, today, missed_only=missed_only):
        if a.missed:
            out.append(Item(ItemKind.TERMIJN_GEMIST, a.case_id, refs[a.case_id], a.due_on,
                            N_("Termijn van %(d)s niet betaald: bel de verhuurder.", d=a.due_on.strftime("%d-%m-%Y")),
                            "mediation.overview"))  # fmt: skip
        elif not missed_only:
            text = (N_("Nog niet afgevinkt: is de termijn betaald?") if a.due_on < today else N_("Termijn betalen of afvinken."))
            out.append(Item(ItemKind.TERMIJN, a.case_id, refs[a.case_id], a.due_on, text, "mediation.overview"))
    return out


def _crisis_items(db: Session, case_ids: Any, refs: dict[int, str]) -> list[Item]:
    return [
        Item(ItemKind.CRISIS, c.case_id, refs[c.case_id], c.deadline, CRISIS_LABELS_NL[CrisisKind(c.kind)], "mediation.overview", "crisis")
        for c in crisis_alerts(db, case_ids, few_cases=True)
    ]


def coach_worklist(db: Session, user: Any, today: date, *, shown: int | None = None) -> Worklist:
    """Everything that asks for the coach's attention in their open cases, by deadline.
    ``shown``: how many lines the page shows (only their cases' aliases are opened)."""
    clause = and_(visible_cases_clause(user), mine_clause(user.user_id), Case.stage != Stage.AFGESLOTEN.value)
    cases = list(db.scalars(select(Case).where(clause)))
    if not cases:
        return Worklist([], {})
    by_id = {c.id: c for c in cases}
    refs = {c.id: c.reference for c in cases}
    ids = Case.id.in_(list(by_id))  # the condition the other areas' functions take
    preload_keys(db, list(by_id))  # one query for every data key the list opens (aliases, task texts, names)
    items: list[Item] = _crisis_items(db, ids, refs) + _instalment_items(db, ids, refs, today)
    debts_by_case: dict[int, list[tuple[date, str]]] = {}
    for d in priority_debts_in_collection(db, ids):
        text = N_("%(creditor)s: %(status)s", creditor=d.creditor, status=DebtStatus(d.status).label)
        debts_by_case.setdefault(d.case_id, []).append((debt_deadline(d.status, d.since), text))
    for cid, debts in debts_by_case.items():  # one line per case, its earliest deadline
        debts.sort()
        items.append(Item(ItemKind.PRIORITEIT, cid, refs[cid], debts[0][0], join("; ", [t for _d, t in debts]), "debts.overview"))
    for r in rounds_needing_attention(db, ids):
        if r.kind == "terug":
            items.append(Item(ItemKind.OVERDRACHT_TERUG, r.case_id, refs[r.case_id], r.on,
                              N_("Teruggestuurd: lees waarom en pas het dossier aan."), "handover.handover"))  # fmt: skip
        elif r.kind == "wacht":  # the coach's own report waits for a coordinator: it does not vanish from view
            items.append(Item(ItemKind.OVERDRACHT_WACHT, r.case_id, refs[r.case_id], r.on + timedelta(days=HANDOVER_CHECK_DAYS),
                              N_("Klaar voor overdracht gemeld: wacht op controle door een coördinator."), "handover.handover"))  # fmt: skip
        elif r.kind == "antwoord":
            items.append(Item(ItemKind.ANTWOORD, r.case_id, refs[r.case_id], answer_due_on(r.on),
                              N_("Overgedragen aan %(org)s: nog geen antwoord.", org=r.organisation), "handover.handover"))  # fmt: skip
    for w in unanswered_letters(db, ids):
        if letter_needs_follow_up(w.sent_on, today):
            items.append(Item(ItemKind.ANTWOORD, w.case_id, refs[w.case_id], letter_due_on(w.sent_on),
                              waiting_text(w.kind, w.creditor, days_waiting(w.sent_on, today)), "debts.overview"))  # fmt: skip
    for o in offers_of_help_waiting(db, ids):
        items.append(Item(ItemKind.ANTWOORD, o.case_id, refs[o.case_id], offer_due_on(o.since),
                          N_("Aanbod van hulp gedaan: nog geen antwoord van de bewoner."), "mediation.overview"))  # fmt: skip
    working = [c.id for c in cases if c.stage in _WORKING]
    if working:
        last = last_contact_by_case(db, Case.id.in_(working))
        for cid in working:
            case = by_id[cid]
            if needs_contact(last.get(cid), case.opened_on, today):
                items.append(Item(ItemKind.GEEN_CONTACT, cid, refs[cid], contact_due_on(last.get(cid), case.opened_on),
                                  N_("Laatste contact: %(d)s.", d=last[cid].strftime("%d-%m-%Y")) if cid in last else N_("Nog geen contact opgeschreven."),
                                  "cases.contacts"))  # fmt: skip
        for cid, purposes in consents_given_by_case(db, Case.id.in_(working)).items():
            due = [(consent_renewal_on(on), p) for p, on in purposes.items() if consent_needs_renewal(on, today)]
            if due:
                items.append(Item(ItemKind.TOESTEMMING, cid, refs[cid], min(d for d, _p in due),
                                  join(", ", [CONSENT_LABELS_NL[p] for _d, p in sorted(due)]), "cases.consent"))  # fmt: skip
    for t in open_tasks(db, ids):
        items.append(Item(ItemKind.TAAK, t.case_id, refs[t.case_id], t.due_on, t.text, "tasks.page", task_id=t.task_id))
    items = sort_items(items)
    on_list = {i.case_id for i in items[:shown]}
    return Worklist(items, {cid: by_id[cid].alias or "" for cid in on_list})


# ---------------------------------------------------------------- the coordinator
@dataclass
class RetentionRow:
    case_id: int
    reference: str
    closed_on: date
    purge_on: date


@dataclass
class LocationWorklist:
    location_id: int
    items: list[Item]
    aliases: dict[int, str]
    retention: list[RetentionRow] = field(default_factory=list)
    retention_total: int = 0
    workload: list[CoachLoad] = field(default_factory=list)


def coordinator_worklist(
    db: Session, user: Any, location_id: int, today: date, *, retention_days: int, notice_days: int, retention_limit: int = 10,
    shown: int | None = None,
) -> LocationWorklist:
    """The location's handovers waiting for a check (or to be sent), its crises and missed
    instalments (by deadline), the cases the retention policy erases soon, and the workload
    per coach. The caller has checked that ``user`` coordinates ``location_id``."""
    ids = and_(Case.location_id == location_id, visible_cases_clause(user))  # joined, not IN (subquery): flat in the location's size
    alerts: list[Item] = []
    refs_needed: set[int] = set()
    rounds = rounds_needing_attention(db, ids, waiting_only=True)
    crises = crisis_alerts(db, ids)
    instalments = instalment_alerts(db, ids, today, missed_only=True)
    refs_needed.update(r.case_id for r in rounds)
    refs_needed.update(c.case_id for c in crises)  # the missed instalments come with their case's reference (a long list)
    refs = dict(db.execute(select(Case.id, Case.reference).where(Case.id.in_(refs_needed))).all()) if refs_needed else {}
    for r in rounds:
        text = (N_("Klaar voor overdracht: controleer het dossier.") if r.kind == "wacht"
                else N_("Akkoord gegeven: nog versturen naar %(org)s.", org=r.organisation))  # fmt: skip
        alerts.append(Item(ItemKind.OVERDRACHT_WACHT, r.case_id, refs[r.case_id], r.on + timedelta(days=HANDOVER_CHECK_DAYS), text, "handover.handover"))
    for c in crises:
        alerts.append(Item(ItemKind.CRISIS, c.case_id, refs[c.case_id], c.deadline, CRISIS_LABELS_NL[CrisisKind(c.kind)], "mediation.overview", "crisis"))
    texts: dict[date, str] = {}  # one text per due date, shared by the lines (many fall on the same day)
    for a in instalments:
        if (text := texts.get(a.due_on)) is None:
            text = texts[a.due_on] = N_("Termijn van %(d)s niet betaald.", d=a.due_on.strftime("%d-%m-%Y"))
        alerts.append(Item(ItemKind.TERMIJN_GEMIST, a.case_id, a.reference, a.due_on, text, "mediation.overview"))
    expiring = expiring_cases(today, retention_days, notice_days, [location_id])
    total = int(db.scalar(select(func.count()).select_from(expiring.order_by(None).subquery())) or 0)
    retention = [
        RetentionRow(c.id, c.reference, c.closed_on, purge_date(c.closed_on, retention_days))
        for c in db.scalars(expiring.limit(retention_limit))
        if c.closed_on is not None
    ]
    alerts = sort_items(alerts)
    on_list = {i.case_id for i in alerts[:shown]}
    cases = list(db.scalars(select(Case).where(Case.id.in_(on_list)))) if on_list else []
    return LocationWorklist(location_id, alerts, _aliases(db, cases), retention, total, workload_at(db, location_id))


# ------------------------------------------------------------ stages follow the work
def stage_facts(db: Session, case: Case) -> StageFacts:
    """What the case holds, for :func:`proposed_stage` (a few small queries on one case)."""
    version = current_version(db, case.id)
    return StageFacts(
        story_or_contact=story_of(db, case.id) is not None or bool(last_contact_by_case(db, Case.id == case.id)),
        debts=bool(debts_of(db, case)),
        budget=version is not None and bool(version.entries),
        plan=bool(mediations_of(db, case)) or (version is not None and bool(snapshots_of(db, version.id))),
    )


def stage_proposal(db: Session, case: Case) -> str | None:
    """The next stage the work on this case shows it has reached (a stage value), or None."""
    if case.stage not in (Stage.AANMELDING.value, Stage.A_VERHAAL.value, Stage.B_INZICHT.value):
        return None
    return proposed_stage(case.stage, stage_facts(db, case))
