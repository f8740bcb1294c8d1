"""Task rules: state (open, due today, overdue, done) and what a new task may say."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.tasks.rules import (
    MAX_DAYS_AHEAD,
    TEXT_LIMIT,
    TaskState,
    due_date_problem,
    task_state,
    text_problem,
)

TODAY = date(2026, 12, 7)


def test_states() -> None:
    assert task_state(TODAY + timedelta(days=1), None, TODAY) is TaskState.OPEN
    assert task_state(TODAY, None, TODAY) is TaskState.DUE_TODAY
    assert task_state(TODAY - timedelta(days=1), None, TODAY) is TaskState.OVERDUE
    assert task_state(TODAY - timedelta(days=9), TODAY, TODAY) is TaskState.DONE


@given(st.integers(-400, 400), st.booleans())
def test_done_wins_and_overdue_means_past(offset: int, done: bool) -> None:
    state = task_state(TODAY + timedelta(days=offset), TODAY if done else None, TODAY)
    if done:
        assert state is TaskState.DONE
    else:
        assert (state is TaskState.OVERDUE) == (offset < 0)


def test_due_date_window() -> None:
    assert due_date_problem(TODAY, TODAY) is None
    assert due_date_problem(TODAY + timedelta(days=MAX_DAYS_AHEAD), TODAY) is None
    assert due_date_problem(TODAY - timedelta(days=1), TODAY) == "Kies vandaag of een dag na vandaag."
    assert due_date_problem(TODAY + timedelta(days=MAX_DAYS_AHEAD + 1), TODAY) == "Kies een datum binnen een jaar."


def test_text() -> None:
    assert text_problem("Saldo-opgave opvragen") is None
    assert text_problem("   ") == "Schrijf op wat er moet gebeuren."
    assert text_problem("x" * (TEXT_LIMIT + 1)) is not None
