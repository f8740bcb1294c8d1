"""AVG inzage (GDPR art. 15): everything the file holds about a resident, in one page.

A coordinator prints this when a resident asks to see their data. It shows every stored
value of every table that hangs off the case, plus the case's access log.

**The registry** (:mod:`.inzage_registry`, re-exported here). ``PARTS`` lists, per table, what is shown and how. Every column of a
covered table is either shown (a ``Field``) or named in ``skip`` (internal links and
counters that mean nothing to a resident). ``tests/integration/privacy/test_inzage.py`` fails when
a table with a ``case_id`` column (or any foreign key to ``cases.id``) is in neither
``PARTS`` nor ``NOT_SHOWN`` (deliberate exclusions, each with its reason), or when a covered
table gains a column that is neither shown nor skipped: a new kind of case data cannot
silently stay out of the inzage.

Labels are Dutch (``N_``), translated when shown. Values are formatted in :mod:`.inzage_values`; coded values
are shown with their Dutch label (also translated when shown), never as a bare code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from schoonschip.audit import AuditEvent
from schoonschip.auth.models import ROLE_LABELS_NL, Location, Role, User
from schoonschip.budget.models import (
    BudgetVersion,
)
from schoonschip.cases.casefile.models import (
    Case,
)
from schoonschip.cases.debts.models import (
    Creditor,
    Debt,
)
from schoonschip.cases.handover.models import (
    ReceivingOrg,
)
from schoonschip.cases.mediation.models import (
    Mediation,
)
from schoonschip.i18n import N_
from schoonschip.money import format_eur
from schoonschip.privacy.inzage_registry import (  # noqa: F401 - the registry's names, also read as inzage.*
    ALWAYS_SKIPPED,
    NOT_SHOWN,
    PARTS,
    PARTS_BY_TABLE,
    Field,
    Part,
    _debt_heading,
    covered_tables,
    holds_case_data,
)
from schoonschip.privacy.inzage_values import (
    ACTION_LABELS_NL,
    Lookups,
    Shown,
    local_time,
)


# ------------------------------------------------------------------------ building the page
@dataclass
class Record:
    heading: str | None
    cells: list[Shown]


@dataclass
class Section:
    key: str
    title: str
    intro: str
    layout: str
    labels: list[str]
    records: list[Record]


@dataclass
class AccessLine:
    at: str
    who: str
    roles: list[str]  # Dutch role labels (msgids)
    action: Shown
    refused: bool
    times: int = 1  # the same line this many times in a row (same minute, person, role, action)


@dataclass
class Inzage:
    case: Case
    printed_on: date
    location_name: str
    sections: list[Section]
    summary: list[tuple[str, Shown]]
    access_log: list[AccessLine]


def _rows(db: Session, part: Part, case: Case) -> list[Any]:
    model = part.model
    if model is Case:
        return [case]
    stmt = select(model).where(model.case_id == case.id)  # type: ignore[attr-defined]
    return list(db.scalars(stmt.order_by(*(getattr(model, c) for c in part.order))))


def _lookups(db: Session, rows: Iterable[Any], case: Case) -> Lookups:
    user_ids: set[int] = set()
    creditor_ids: set[int] = set()
    org_ids: set[int] = set()
    version_ids: set[int] = set()
    person_cols = {
        "coach_id", "updated_by", "recorded_by", "by_user_id", "created_by_user_id", "created_by_id",
        "recorded_by_id", "saved_by_id", "handled_by_user_id", "marked_by_user_id", "ready_by",
        "signed_off_by", "sent_by", "user_id",
    }  # fmt: skip
    for row in rows:
        for col in person_cols:
            v = getattr(row, col, None)
            if isinstance(v, int):
                user_ids.add(v)
        if isinstance(getattr(row, "creditor_id", None), int):
            creditor_ids.add(row.creditor_id)
        if isinstance(getattr(row, "receiving_org_id", None), int):
            org_ids.add(row.receiving_org_id)
        if isinstance(getattr(row, "budget_version_id", None), int):
            version_ids.add(row.budget_version_id)
    lk = Lookups()
    if user_ids:
        lk.users = {u.id: u for u in db.scalars(select(User).where(User.id.in_(user_ids)))}
    if creditor_ids:
        lk.creditors = {c.id: c for c in db.scalars(select(Creditor).where(Creditor.id.in_(creditor_ids)))}
    if org_ids:
        lk.orgs = {o.id: o for o in db.scalars(select(ReceivingOrg).where(ReceivingOrg.id.in_(org_ids)))}
    if version_ids:
        lk.versions = {v.id: v for v in db.scalars(select(BudgetVersion).where(BudgetVersion.id.in_(version_ids)))}
    loc = db.get(Location, case.location_id)
    if loc is not None:
        lk.locations = {loc.id: loc}
    return lk


def _capacity_summary(db: Session, case: Case) -> list[tuple[str, Shown]]:
    """The current budget's indicative capacity, as the budget page computes it."""
    from schoonschip.cases.handover.dossier import budget_section

    section = budget_section(db, case)
    cap = section.cap
    if section.version is None or cap is None:
        return []
    out: list[tuple[str, Shown]] = [(N_("Peildatum van de nieuwste begroting"), Shown(section.version.peildatum.strftime("%d-%m-%Y")))]
    if cap.result is not None:
        out += [
            (N_("Inkomen dat meetelt, per maand"), Shown(format_eur(cap.result.counted_income))),
            (N_("Indicatieve VTLB (wat de bewoner mag houden), per maand"), Shown(format_eur(cap.result.vtlb))),
            (N_("Afloscapaciteit (indicatief), per maand"), Shown(format_eur(cap.result.afloscapaciteit))),
        ]
    elif cap.error:
        out.append((N_("Afloscapaciteit"), Shown(cap.error, True)))
    official = cap.official_capacity
    if official is not None:
        out.append((N_("Afloscapaciteit met de officiële VTLB, per maand"), Shown(format_eur(official))))
    return out


def _role_labels(user: User | None, location_id: int) -> list[str]:
    if user is None:
        return []
    labels = []
    for r in user.roles:
        if r.location_id in (None, location_id):
            label = ROLE_LABELS_NL.get(Role(r.role))
            if label and label not in labels:
                labels.append(label)
    return labels


def access_log(db: Session, case: Case) -> list[AccessLine]:
    """Who did what with this case, when: from the audit log. Only the action, never the
    event's detail (codes such as the page or purpose), and never other people's text.

    Events about the case itself, and about its debts and rent mediations (logged under
    their own ids). Events about a debt or mediation that was deleted since cannot be tied
    to the case any more; the case_view of every page that touched it still is."""
    debt_ids = [str(i) for i in db.scalars(select(Debt.id).where(Debt.case_id == case.id))]
    mediation_ids = [str(i) for i in db.scalars(select(Mediation.id).where(Mediation.case_id == case.id))]
    about_case = or_(
        and_(AuditEvent.object_type == "case", AuditEvent.object_id == str(case.id)),
        and_(AuditEvent.object_type == "debt", AuditEvent.object_id.in_(debt_ids)),
        and_(AuditEvent.object_type == "mediation", AuditEvent.object_id.in_(mediation_ids)),
    )
    events = list(db.scalars(select(AuditEvent).where(about_case).order_by(AuditEvent.id)))
    ids = {e.actor_id for e in events if e.actor_id is not None}
    users = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    roles_of = {uid: _role_labels(u, case.location_id) for uid, u in users.items()}
    lines: list[AccessLine] = []
    for e in events:
        user = users.get(e.actor_id) if e.actor_id is not None else None
        label = ACTION_LABELS_NL.get(e.action)
        line = AccessLine(
            at=local_time(e.at),
            who=user.display_name if user else "",
            roles=roles_of.get(e.actor_id, []) if user else [],
            action=Shown(label, True) if label else Shown(e.action),
            refused=e.outcome != "ok",
        )
        # A line exactly like the one before it (every page of the case writes a "viewed"
        # event, so a visit is many of them within a minute) is counted on that line, not
        # repeated: nothing is lost, and a busy case's PDF stays short (docs/performance.md).
        if lines and line == replace(lines[-1], times=1):
            lines[-1].times += 1
        else:
            lines.append(line)
    return lines


def build(db: Session, case: Case, today: date, *, log_db: Session | None = None) -> Inzage:
    """The whole inzage. ``log_db``: a fresh session to read the access log with, so the log
    includes events committed during this request (the opening of this inzage)."""
    sections: list[Section] = []
    per_part = [(part, _rows(db, part, case)) for part in PARTS]
    lk = _lookups(db, [r for _, rows in per_part for r in rows], case)
    lk.debts = {d.id: _debt_heading(d, lk) for _, rows in per_part for d in rows if isinstance(d, Debt)}
    for part, rows in per_part:
        fields = list(part.fields)
        records = []
        for row in rows:
            cells = []
            for f in fields:
                cells.append(f.fmt(getattr(row, f.attr), lk))
            records.append(Record(part.heading(row, lk) if part.heading else None, cells))
        sections.append(Section(part.table, part.title, part.intro, part.layout, [f.label for f in fields], records))
    loc = lk.locations.get(case.location_id)
    return Inzage(
        case=case,
        printed_on=today,
        location_name=loc.name if loc else "",
        sections=sections,
        summary=_capacity_summary(db, case),
        access_log=access_log(log_db or db, case),
    )
