"""The coach's tasks of a case: the page (list and form), adding one, marking one done.

The case page shows the open tasks too (casefile views call :func:`tasks_of`); the start
page lists them in the worklist.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip import audit, clock
from schoonschip.auth.core import login_required
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.errors import CaseActionError
from schoonschip.cases.tasks.forms import TaskForm
from schoonschip.cases.tasks.rules import TEXT_LIMIT
from schoonschip.cases.tasks.service import add_task, complete_task, get_task, tasks_of
from schoonschip.dates import format_date_input
from schoonschip.db import get_session
from schoonschip.web import translate_message
from schoonschip.web.forms import claim_once

bp = Blueprint("tasks", __name__, url_prefix="/dossiers")


def _render(case: Case, form: dict[str, str], errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    db = get_session()
    return (
        render_template(
            "tasks/tasks.html",
            case=case,
            tasks=tasks_of(db, case, clock.today(), done_limit=50),
            form=form,
            errors=errors,
            text_limit=TEXT_LIMIT,
            active_tab="overzicht",
        ),
        status,
    )


@bp.route("/<int:case_id>/taken")
@login_required
def page(case_id: int) -> object:
    case = load_case(case_id, "case_view")
    return _render(case, {"due_on": format_date_input(clock.today() + timedelta(days=7)), "text": ""}, {})


@bp.route("/<int:case_id>/taken", methods=["POST"])
@login_required
def add(case_id: int) -> object:
    case = load_case(case_id, "case_change")
    db = get_session()
    once = claim_once(db)
    posted = TaskForm()
    today = clock.today()
    posted.check(today=today)
    form, errors = posted.values(), posted.error_texts()
    if not errors and posted.due_on.data is not None:
        try:
            add_task(db, case, due_on=posted.due_on.data, text=form["text"], by_user_id=current_user.user_id, today=today)
        except CaseActionError as e:
            errors["text"] = e.message
        else:
            return once.saved(db, url_for("tasks.page", case_id=case.id), _("De taak staat op de lijst."))
    db.rollback()
    audit.record("case_view", object_type="case", object_id=case.id, location_id=case.location_id, detail="form_error", commit=True)
    return _render(case, form, errors, status=422)


@bp.route("/<int:case_id>/taken/<int:task_id>/klaar", methods=["POST"])
@login_required
def done(case_id: int, task_id: int) -> object:
    case = load_case(case_id, "case_change")
    db = get_session()
    task = get_task(db, case, task_id)
    if task is None:
        abort(404)
    try:
        complete_task(db, case, task, by_user_id=current_user.user_id, today=clock.today())
    except CaseActionError as e:
        db.rollback()
        flash(translate_message(e.message), "error")
    else:
        db.commit()
        flash(_("De taak is klaar."), "success")
    # Back to where the button was: the start page's worklist, the case page or the task page
    # (a fixed choice, never an address from the form).
    back = {"start": url_for("main.start"), "case": url_for("cases.show", case_id=case.id)}
    return redirect(back.get(request.form.get("back", ""), url_for("tasks.page", case_id=case.id)))
