"""Bank statement pages: upload on the budget page, the column mapping of an unknown CSV, the
review of the proposed budget, and the signals' actions on the debts page. Thin: load the
case, parse, call the service, render. Nothing from a statement is logged or put in a URL.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from schoonschip.auth.core import login_required
from schoonschip.budget import service as budget_service
from schoonschip.budget.rules.items import ExpenseGroup, ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.budget.statements import forms, service
from schoonschip.budget.statements.rules.detect import MAX_FILE_BYTES
from schoonschip.budget.statements.rules.model import BAD_FILE, StatementError
from schoonschip.budget.statements.rules.recognise import INCOME
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.documents.service import keep_statement_files
from schoonschip.db import get_session, parse_id
from schoonschip.i18n import message_of
from schoonschip.web.forms import save_locked

bp = Blueprint("statements", __name__, url_prefix="/dossiers")

MAX_FILES = 6


def _options() -> dict[str, Any]:
    return {
        "income_kinds": [(k.value, k.label) for k in IncomeKind],
        "expense_groups": [
            (g.label, [(k.value, k.label) for k in ExpenseKind if k.group is g]) for g in ExpenseGroup
        ],
        "persons": [(p.value, p.label) for p in Person],
        "frequencies": [(f.value, f.label) for f in Frequency],
        "INCOME": INCOME,
    }


def _render_review(
    case: Case,
    *,
    status: int = 200,
    upload_error: str | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    stale: str | None = None,
) -> tuple[str, int]:
    db = get_session()
    review = service.review_view(db, case.id)
    version = budget_service.current_version(db, case.id)
    lines = review.lines if review is not None else []
    return (
        render_template(
            "statements/review.html",
            case=case,
            active_tab="budget",
            review=review,
            version=version,
            lines=lines,
            values=values if values is not None else forms.line_values(lines),
            errors=errors or {},
            upload_error=upload_error,
            stale=stale,
            pending=service.pending_csv(db, case.id) is not None,
            **_options(),
        ),
        status,
    )


@bp.route("/<int:case_id>/budget/bankafschrift", methods=["GET"])
@login_required
def review(case_id: int) -> Any:
    case = load_case(case_id)
    return _render_review(case)


def _read_uploads() -> list[tuple[str, bytes]]:
    """The uploaded files as (name, bytes); the name is used only when the coach keeps them."""
    files = [f for f in request.files.getlist("bestanden") if f and f.filename]
    if not files:
        raise StatementError(_("Kies een of meer bestanden met bankafschriften."))
    if len(files) > MAX_FILES:
        raise StatementError(_("Lees hoogstens %(n)s bestanden tegelijk in.", n=MAX_FILES))
    out = []
    for f in files:
        data = f.stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise StatementError(_("Dit bestand is te groot. Een bestand mag hoogstens 2 MB zijn."))
        out.append((f.filename or "", data))
    return out


@bp.route("/<int:case_id>/budget/bankafschrift", methods=["POST"])
@login_required
def upload(case_id: int) -> Any:
    case = load_case(case_id, "statement_import")
    db = get_session()
    try:
        uploads = _read_uploads()
        result = service.import_files(db, case, [data for _name, data in uploads], user_id=current_user.user_id)
        if request.form.get("bewaren") == "ja":
            # The coach chose to keep the files as voorlegger documents (sealed like every
            # document); without that choice nothing of the file itself is stored.
            keep_statement_files(db, case, uploads, by_user_id=current_user.user_id)
        db.commit()
    except StatementError as exc:
        db.rollback()
        return _render_review(case, status=422, upload_error=message_of(exc))
    except Exception:  # noqa: BLE001 - a file we cannot read is one plain message, never a 500
        db.rollback()
        return _render_review(case, status=422, upload_error=str(BAD_FILE))
    if request.form.get("bewaren") == "ja":
        flash(ngettext("Het bestand is bewaard bij de voorlegger (bankafschriften).",
                       "De bestanden zijn bewaard bij de voorlegger (bankafschriften).", len(uploads)), "success")  # fmt: skip
    if result.needs_mapping:
        return redirect(url_for("statements.mapping", case_id=case.id))
    if result.duplicates:
        flash(
            _("%(added)s transacties ingelezen; %(dup)s stonden er al in en zijn overgeslagen.",
              added=result.added, dup=result.duplicates),
            "success",
        )  # fmt: skip
    else:
        flash(_("%(added)s transacties ingelezen.", added=result.added), "success")
    return redirect(url_for("statements.review", case_id=case.id))


@bp.route("/<int:case_id>/budget/bankafschrift/kolommen", methods=["GET", "POST"])
@login_required
def mapping(case_id: int) -> Any:
    case = load_case(case_id, "statement_import" if request.method == "POST" else "case_view")
    db = get_session()
    unknown = service.pending_csv(db, case.id)
    if unknown is None:
        return render_template("statements/mapping.html", case=case, active_tab="budget", nothing=True)
    columns = max(len(unknown.header), *(len(r) for r in unknown.rows[:50]))
    values, errors, error = forms.mapping_values(), {}, None
    if request.method == "POST":
        chosen, errors, values = forms.parse_mapping(request.form, columns)
        if chosen is not None:
            try:
                result = service.apply_csv_mapping(db, case, chosen, user_id=current_user.user_id)
                db.commit()
            except StatementError as exc:
                db.rollback()
                error = message_of(exc)
            except Exception:  # noqa: BLE001 - rows that do not fit the columns: one plain message
                db.rollback()
                error = _("Met deze kolommen kunnen we het bestand niet lezen. Kijk de keuze na.")
            else:
                flash(_("%(added)s transacties ingelezen.", added=result.added), "success")
                return redirect(url_for("statements.review", case_id=case.id))
    header = list(unknown.header) + [""] * (columns - len(unknown.header))
    column_options = [(str(i), f"{i + 1}: {header[i][:30]}") for i in range(columns)]
    return (
        render_template(
            "statements/mapping.html",
            case=case,
            active_tab="budget",
            header=header,
            sample=[list(r) + [""] * (columns - len(r)) for r in unknown.rows[:5]],
            column_options=column_options,
            values=values,
            errors=errors,
            error=error,
        ),
        422 if request.method == "POST" else 200,
    )


@bp.route("/<int:case_id>/budget/bankafschrift/overnemen", methods=["POST"])
@login_required
def accept(case_id: int) -> Any:
    case = load_case(case_id, "budget_item_add")
    db = get_session()
    view = service.review_view(db, case.id)
    try:
        version_id: int | None = parse_id(request.form.get("version_id"))
    except ValueError:
        version_id = None
    version = budget_service.version_of_case(db, case.id, version_id)
    if view is None or version is None:
        flash(_("Er is geen bankafschrift meer om na te kijken."), "warning")
        return redirect(url_for("budget.budget", case_id=case.id))
    choices, errors, values = forms.parse_lines(request.form, view.lines)
    if errors:
        return _render_review(case, status=422, errors=errors, values=values)
    saved = save_locked(
        db,
        lambda: service.accept_lines(db, case, version, choices, user_id=current_user.user_id),
        None,
        stale=(budget_service.StaleError,),
    )
    if saved.stale:
        return _render_review(case, status=409, values=values, stale=str(budget_service.StaleError().message))
    flash(_("%(n)s regels uit het bankafschrift staan nu in de begroting.", n=saved.value or 0), "success")
    return redirect(url_for("budget.budget", case_id=case.id))


@bp.route("/<int:case_id>/budget/bankafschrift/stoppen", methods=["GET", "POST"])
@login_required
def discard(case_id: int) -> Any:
    case = load_case(case_id)
    db = get_session()
    if request.method == "POST":
        service.discard_review(db, case)
        db.commit()
        flash(_("Het bankafschrift is weggegooid. Er is niets van bewaard."), "success")
        return redirect(url_for("budget.budget", case_id=case.id))
    return render_template("statements/discard.html", case=case, active_tab="budget")


@bp.route("/<int:case_id>/schulden/signalen/<int:number>/weg", methods=["POST"])
@login_required
def dismiss(case_id: int, number: int) -> Any:
    case = load_case(case_id)
    db = get_session()
    if service.dismiss_signal(db, case, number, user_id=current_user.user_id):
        db.commit()
        flash(_("De melding is weggehaald."), "success")
    else:  # the review expired or was discarded in the meantime
        flash(_("Deze melding is er niet meer."), "warning")
    return redirect(url_for("debts.overview", case_id=case.id))
