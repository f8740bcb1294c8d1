"""Handover rounds as stored: the latest and the open round of a case, and the rounds the
reports count (:func:`handovers_for_reports`, no personal data)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.handover.models import Handover, HandoverResult
from schoonschip.reports.rules.indicators import Handover as ReportHandover


# ==================================================================== the workflow
def rounds_of(db: Session, case: Case) -> list[Handover]:
    return list(db.scalars(select(Handover).where(Handover.case_id == case.id).order_by(Handover.id.desc())))


def latest_round(db: Session, case: Case) -> Handover | None:
    return db.scalar(select(Handover).where(Handover.case_id == case.id).order_by(Handover.id.desc()).limit(1))


def open_round(db: Session, case: Case) -> Handover | None:
    h = latest_round(db, case)
    return h if h is not None and h.is_open else None



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
