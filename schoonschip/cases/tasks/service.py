"""Tasks: add, mark done, list per case, and the open tasks of many cases (for the worklist).

Every function takes the request's session, flushes, writes an audit event (never the
text) and leaves the commit to the caller. Access is checked before (``load_case``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.errors import CaseActionError
from schoonschip.cases.tasks.models import CaseTask
from schoonschip.cases.tasks.rules import TaskState, due_date_problem, task_state, text_problem
from schoonschip.i18n import N_


def add_task(db: Session, case: Case, *, due_on: date, text: str, by_user_id: int | None, today: date) -> CaseTask:
    text = text.strip()
    problem = text_problem(text) or due_date_problem(due_on, today)
    if problem:
        raise CaseActionError(problem.msgid, **problem.params)
    task = CaseTask(case_id=case.id, due_on=due_on, created_by=by_user_id)
    task.text = text
    db.add(task)
    db.flush()
    audit.record_case("task_add", case, session=db)
    return task


def get_task(db: Session, case: Case, task_id: int) -> CaseTask | None:
    return db.scalar(select(CaseTask).where(CaseTask.id == task_id, CaseTask.case_id == case.id))


def complete_task(db: Session, case: Case, task: CaseTask, *, by_user_id: int | None, today: date) -> CaseTask:
    if task.case_id != case.id:
        raise CaseActionError(N_("Deze taak hoort niet bij dit dossier."))
    if task.done_on is not None:
        raise CaseActionError(N_("Deze taak is al klaar."))
    task.done_on = today
    task.done_by = by_user_id
    db.flush()
    audit.record_case("task_done", case, session=db)
    return task


@dataclass(frozen=True)
class TaskRow:
    id: int
    due_on: date
    text: str
    state: TaskState
    done_on: date | None


# Built once, not on every case page (docs/performance.md).
_OPEN_TASKS = (
    select(CaseTask).where(CaseTask.case_id == bindparam("case_id"), CaseTask.done_on.is_(None)).order_by(CaseTask.due_on, CaseTask.id)
)
_DONE_TASKS = (
    select(CaseTask)
    .where(CaseTask.case_id == bindparam("case_id"), CaseTask.done_on.is_not(None))
    .order_by(CaseTask.done_on.desc(), CaseTask.id.desc())
    .limit(bindparam("limit"))
)


def tasks_of(db: Session, case: Case, today: date, *, done_limit: int = 10) -> list[TaskRow]:
    """The case's open tasks (earliest due first), then the last ``done_limit`` done ones."""
    open_ = db.scalars(_OPEN_TASKS, {"case_id": case.id})
    done = db.scalars(_DONE_TASKS, {"case_id": case.id, "limit": done_limit})
    return [TaskRow(t.id, t.due_on, t.text or "", task_state(t.due_on, t.done_on, today), t.done_on) for t in [*open_, *done]]


@dataclass(frozen=True)
class OpenTask:
    """An open task for the worklist (the text is opened with the case key by the caller's session)."""

    case_id: int
    task_id: int
    due_on: date
    text: str


def open_tasks(db: Session, cases: Any) -> list[OpenTask]:
    """The open tasks of the cases the condition ``cases`` (on ``Case``) selects, earliest due first."""
    rows = db.scalars(
        select(CaseTask).join(Case, Case.id == CaseTask.case_id).where(cases, CaseTask.done_on.is_(None)).order_by(CaseTask.due_on, CaseTask.id)
    )
    return [OpenTask(t.case_id, t.id, t.due_on, t.text or "") for t in rows]
