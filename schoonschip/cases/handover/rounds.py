"""Handover rounds as stored: the latest and the open round of a case, and the rounds the
reports count (:func:`handovers_for_reports`, no personal data)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.handover.models import (
    RESULTS_ENDING_ROUND,
    Handover,
    HandoverResult,
    HandoverState,
    ReceivingOrg,
)
from schoonschip.reports.rules.indicators import Handover as ReportHandover


# ==================================================================== the workflow
def rounds_of(db: Session, case: Case) -> list[Handover]:
    return list(db.scalars(select(Handover).where(Handover.case_id == case.id).order_by(Handover.id.desc())))


# Built once, not on every page (Klaar?, Overdracht, the dossier): docs/performance.md.
_LATEST_ROUND = select(Handover).where(Handover.case_id == bindparam("case_id")).order_by(Handover.id.desc()).limit(1)


def latest_round(db: Session, case: Case) -> Handover | None:
    return db.scalar(_LATEST_ROUND, {"case_id": case.id})


def open_round(db: Session, case: Case) -> Handover | None:
    h = latest_round(db, case)
    return h if h is not None and h.is_open else None



@dataclass(frozen=True)
class RoundAlert:
    """The latest handover round of a case, when it asks for someone's attention.

    ``kind``: ``wacht`` (marked ready, waits for a coordinator's check), ``versturen``
    (signed off, still to send), ``antwoord`` (sent, no answer from the organisation yet),
    ``terug`` (sent back by the coordinator or the organisation; the coach has work)."""

    case_id: int
    kind: str
    on: date  # the day of the last step (ready, signed off, sent, sent back)
    organisation: str


_KLAAR, _AKKOORD = HandoverState.KLAAR.value, HandoverState.AKKOORD.value
_OVERGEDRAGEN, _TERUGGESTUURD, _AFGEROND = HandoverState.OVERGEDRAGEN.value, HandoverState.TERUGGESTUURD.value, HandoverState.AFGEROND.value
_ENDING = frozenset(r.value for r in RESULTS_ENDING_ROUND)


def rounds_needing_attention(db: Session, cases: Any, *, waiting_only: bool = False) -> list[RoundAlert]:
    """The latest round of each case the condition ``cases`` (on ``Case``) selects that waits
    for a check, for sending, for an answer, or came back. Nothing sealed is opened.

    ``waiting_only``: only the rounds waiting for a coordinator (a check, or sending); those
    are always a case's latest round, so they are found by their state, from the few of them
    instead of from every case (a location's list stays flat)."""
    # Plain columns (the organisation's name joined), not Handover objects: the coordinator's
    # list holds every waiting round of the location (docs/performance.md).
    columns = (Handover.case_id, Handover.state, Handover.result, Handover.ready_on, Handover.signed_off_on, Handover.sent_on,
               Handover.closed_on, Handover.result_on, ReceivingOrg.name)  # fmt: skip
    if waiting_only:
        stmt = (
            select(*columns)
            .join(Case, Case.id == Handover.case_id)
            .where(cases, Handover.state.in_([HandoverState.KLAAR.value, HandoverState.AKKOORD.value]))
        )
    else:
        latest = (
            select(func.max(Handover.id)).join(Case, Case.id == Handover.case_id).where(cases).group_by(Handover.case_id).scalar_subquery()
        )
        stmt = select(*columns).where(Handover.id.in_(latest))
    rows = db.execute(stmt.outerjoin(ReceivingOrg, ReceivingOrg.id == Handover.receiving_org_id))
    out: list[RoundAlert] = []
    for case_id, state, result, ready_on, signed_off_on, sent_on, closed_on, result_on, org_name in rows:
        org = org_name if org_name is not None else ""
        if state == _KLAAR:
            out.append(RoundAlert(case_id, "wacht", ready_on, org))
        elif state == _AKKOORD:
            out.append(RoundAlert(case_id, "versturen", signed_off_on or ready_on, org))
        elif state == _OVERGEDRAGEN and result is None:
            out.append(RoundAlert(case_id, "antwoord", sent_on or ready_on, org))
        elif state == _TERUGGESTUURD or (state == _AFGEROND and result in _ENDING):
            out.append(RoundAlert(case_id, "terug", closed_on or result_on or ready_on, org))
    return out


# ===================================================================== for the reports
_REPORT_RESULT = {
    HandoverResult.GEACCEPTEERD.value: "geaccepteerd",
    HandoverResult.TERUGGESTUURD.value: "teruggestuurd",
    HandoverResult.REGELING_GESTART.value: "regeling gestart",
    HandoverResult.WSNP_TOEGELATEN.value: "wsnp toegelaten",
    HandoverResult.AFGEWEZEN.value: "afgewezen",
}


def handovers_for_reports(db: Session, case_ids: Collection[int] | None = None) -> dict[int, ReportHandover]:
    """``{case id: reports.indicators.Handover(day, route, result)}`` for every case that
    was handed over: its latest round that was sent. ``result`` uses the report's
    vocabulary ("regeling gestart", "wsnp toegelaten", ...) or None when nothing came back
    yet. Plaintext columns only, so erased cases (their rows stay as a skeleton) count too."""
    out: dict[int, ReportHandover] = {}
    rows = db.execute(
        select(Handover.case_id, Handover.sent_on, Handover.route, Handover.result)
        .where(Handover.sent_on.is_not(None), *([Handover.case_id.in_(list(case_ids))] if case_ids is not None else []))
        .order_by(Handover.case_id, Handover.id)
    )
    for case_id, sent_on, route, result in rows:
        out[case_id] = ReportHandover(day=sent_on, route=route, result=_REPORT_RESULT.get(result or ""))
    return out
