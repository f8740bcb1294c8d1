"""The worklist has no pages of its own (it is on the start page, web/views.py); this
blueprint gives every case page the one-click stage proposal (``stage_proposal_for``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from schoonschip import clock
from schoonschip.cases.casefile.models import STAGE_LABELS_NL, Case, Stage
from schoonschip.cases.worklist.service import stage_proposal
from schoonschip.dates import format_date_input
from schoonschip.db import get_session

bp = Blueprint("worklist", __name__)


def stage_proposal_for(case: Case) -> tuple[str, str] | None:
    """(stage value, Dutch label) of the stage the work shows this case has reached, or None."""
    value = stage_proposal(get_session(), case)
    return (value, STAGE_LABELS_NL[Stage(value)]) if value else None


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"stage_proposal_for": stage_proposal_for, "today_input": lambda: format_date_input(clock.today())}
