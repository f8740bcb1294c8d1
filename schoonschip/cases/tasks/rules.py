"""Rules for the coach's tasks. Pure: no Flask, no SQLAlchemy.

A task is *open* until it is marked done; an open task is *overdue* from the day after its
due date (a task due today is due, not late). A new task may be due from today up to
:data:`MAX_DAYS_AHEAD` days ahead: a reminder further away than a year is not a task for
this worklist, and a due date in the past makes no sense for something still to do.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from schoonschip.i18n import N_, Msg

__all__ = ["TEXT_LIMIT", "MAX_DAYS_AHEAD", "TaskState", "task_state", "due_date_problem", "text_problem"]

TEXT_LIMIT = 300
MAX_DAYS_AHEAD = 366


class TaskState(StrEnum):
    OPEN = "open"
    DUE_TODAY = "vandaag"
    OVERDUE = "te_laat"
    DONE = "klaar"


def task_state(due_on: date, done_on: date | None, today: date) -> TaskState:
    if done_on is not None:
        return TaskState.DONE
    if due_on < today:
        return TaskState.OVERDUE
    if due_on == today:
        return TaskState.DUE_TODAY
    return TaskState.OPEN


def due_date_problem(due_on: date, today: date) -> Msg | None:
    """A Dutch message when the due date cannot be used, else None."""
    if due_on < today:
        return N_("Kies vandaag of een dag na vandaag.")
    if due_on > today + timedelta(days=MAX_DAYS_AHEAD):
        return N_("Kies een datum binnen een jaar.")
    return None


def text_problem(text: str) -> Msg | None:
    if not text.strip():
        return N_("Schrijf op wat er moet gebeuren.")
    if len(text) > TEXT_LIMIT:
        return N_("Schrijf het korter: hoogstens %(n)s tekens.", n=TEXT_LIMIT)
    return None
