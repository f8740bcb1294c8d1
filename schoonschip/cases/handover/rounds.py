"""Handover rounds as stored: the latest and the open round of a case, and the rounds the
reports count (:func:`handovers_for_reports`, no personal data)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.handover.models import RESULTS_ENDING_ROUND, Handover, HandoverResult, HandoverState
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


def rounds_needing_attention(db: Session, cases: Any, *, waiting_only: bool = False) -> list[RoundAlert]:
    """The latest round of each case the condition ``cases`` (on ``Case``) selects that waits
    for a check, for sending, for an answer, or came back. Nothing sealed is opened.

    ``waiting_only``: only the rounds waiting for a coordinator (a check, or sending); those
    are always a case's latest round, so they are found by their state, from the few of them
    instead of from every case (a location's list stays flat)."""
    if waiting_only:
        stmt = (
            select(Handover)
            .join(Case, Case.id == Handover.case_id)
            .where(cases, Handover.state.in_([HandoverState.KLAAR.value, HandoverState.AKKOORD.value]))
        )
    else:
        latest = (
            select(func.max(Handover.id)).join(Case, Case.id == Handover.case_id).where(cases).group_by(Handover.case_id).scalar_subquery()
        )
        stmt = select(Handover).where(Handover.id.in_(latest))
    rows = db.scalars(stmt.options(selectinload(Handover.receiving_org)))
    out: list[RoundAlert] = []
    for h in rows:
        org = h.receiving_org.name if h.receiving_org is not None else ""
        if h.state == HandoverState.KLAAR.value:
            out.append(RoundAlert(h.case_id, "wacht", h.ready_on, org))
        elif h.state == HandoverState.AKKOORD.value:
            out.append(RoundAlert(h.case_id, "versturen", h.signed_off_on or h.ready_on, org))
        elif h.state == HandoverState.OVERGEDRAGEN.value and h.result is None:
            out.append(RoundAlert(h.case_id, "antwoord", h.sent_on or h.ready_on, org))
        elif h.state == HandoverState.TERUGGESTUURD.value or (
            h.state == HandoverState.AFGEROND.value and h.result in {r.value for r in RESULTS_ENDING_ROUND}
        ):
            out.append(RoundAlert(h.case_id, "terug", h.closed_on or h.result_on or h.ready_on, org))
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
