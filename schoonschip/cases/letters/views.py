"""Letter pages: make a letter for a debt, the letter and its answer, the PDF (an attachment),
and the beheerder's template editor with a preview on example data. Thin: parse → service →
render. Every case page loads the case through ``load_case`` (404 + audit when not allowed),
every debt and letter through the case."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip import audit, clock
from schoonschip.auth.core import login_required, role_required
from schoonschip.auth.models import Role
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.resident import fact_context
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.debts.rules import CreditorStance
from schoonschip.cases.debts.service import creditor_label, get_debt
from schoonschip.cases.letters import service
from schoonschip.cases.letters.forms import AnswerForm, LetterForm, TemplateForm
from schoonschip.cases.letters.models import Letter
from schoonschip.cases.letters.rules import ANSWERS_BY_KIND, FIELDS, AnswerKind, LetterKind
from schoonschip.cases.letters.sandbox import TemplateProblem
from schoonschip.db import get_session
from schoonschip.i18n import message_of
from schoonschip.web import translate_message
from schoonschip.web.forms import claim_once
from schoonschip.web.pdf import download, render_pdf

bp = Blueprint("letters", __name__)

LETTER_CSS = "static/letter.css"


@bp.app_template_global()
def letter_kind_label(value: str) -> str:
    return LetterKind(value).label


@bp.app_template_global()
def creditor_stance_label(value: str) -> str:
    return CreditorStance(value).label


@bp.app_template_global()
def answer_kind_label(value: str) -> str:
    return AnswerKind(value).label


def _load_debt(case_id: int, debt_id: int) -> tuple[Case, Debt]:
    case = load_case(case_id)
    debt = get_debt(get_session(), case, debt_id)
    if debt is None:
        abort(404)
    return case, debt


def _load_letter(case_id: int, letter_id: int, action: str = "case_view") -> tuple[Case, Letter]:
    case = load_case(case_id, action)
    letter = service.get_letter(get_session(), case, letter_id)
    if letter is None:
        abort(404)
    return case, letter


# ------------------------------------------------------------------ make a letter
def _render_new(case: Case, debt: Debt, form: dict[str, str], errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    db = get_session()
    unavailable = service.unavailable_kinds(db, case, debt)
    return (
        render_template("letters/new.html", case=case, debt=debt, label=creditor_label(debt), form=form, errors=errors,
                        kinds=[(k.value, _(k.label)) for k in LetterKind if k not in unavailable],
                        unavailable=[(_(k.label), reason) for k, reason in unavailable.items()],
                        address_missing=service.address_missing(db, case), active_tab="schulden"),  # fmt: skip
        status,
    )


@bp.route("/dossiers/<int:case_id>/schulden/<int:debt_id>/brieven/nieuw", methods=["GET", "POST"])
@login_required
def new(case_id: int, debt_id: int) -> Any:
    case, debt = _load_debt(case_id, debt_id)
    db = get_session()
    if request.method == "GET":
        kind = request.args.get("soort", "")
        typed = {"kind": kind if kind in LetterKind._value2member_map_ else "", "on": clock.today().strftime("%d-%m-%Y"),
                 "free_text": ""}  # fmt: skip
        return _render_new(case, debt, typed, {})
    once = claim_once(db)
    form = LetterForm()
    typed = form.values()
    form.validate()
    form.check_fact_dates(fact_context(db, case, clock.today()))
    errors = form.error_texts()
    if not errors:
        try:
            letter = service.generate_letter(db, case, debt, form.kind.data, on=form.on.data, free_text=form.free_text.data,
                                             by_user_id=current_user.user_id, today=clock.today())  # fmt: skip
        except service.LetterRefused as exc:
            errors[exc.field or "kind"] = translate_message(message_of(exc))
        else:
            return once.saved(db, url_for("letters.show", case_id=case.id, letter_id=letter.id),
                              _("De brief is gemaakt. Download de pdf, print hem en stuur hem op."))  # fmt: skip
    db.commit()  # nothing made; keeps the audit event of opening the case
    return _render_new(case, debt, typed, errors, 422)


# ------------------------------------------------------------------ one letter
def _render_show(case: Case, letter: Letter, *, form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                 status: int = 200) -> tuple[str, int]:  # fmt: skip
    db = get_session()
    debt = service.debt_of_letter(db, case, letter)
    if debt is None:
        abort(404)
    kind = LetterKind(letter.kind)
    return (
        render_template(
            "letters/show.html", case=case, letter=letter, debt=debt, label=creditor_label(debt), kind=kind,
            content=letter.content or {}, answers=[(a.value, _(a.label)) for a in ANSWERS_BY_KIND[kind]],
            answer_label=_(AnswerKind(letter.answer_kind).label) if letter.answer_kind else None,
            form=form or {"answer": "", "on": clock.today().strftime("%d-%m-%Y"), "note": ""},
            errors=errors or {}, active_tab="schulden",
        ),
        status,
    )  # fmt: skip


@bp.route("/dossiers/<int:case_id>/brieven/<int:letter_id>")
@login_required
def show(case_id: int, letter_id: int) -> Any:
    case, letter = _load_letter(case_id, letter_id)
    return _render_show(case, letter)


@bp.route("/dossiers/<int:case_id>/brieven/<int:letter_id>/brief.pdf")
@login_required
def pdf(case_id: int, letter_id: int) -> Any:
    case, letter = _load_letter(case_id, letter_id, "case_export")
    html = render_template("letters/letter.html", case=case, letter=letter, content=letter.content or {},
                           css_href=LETTER_CSS, pdf=True)  # fmt: skip
    body = render_pdf(html)
    audit.record("case_export", object_type="case", object_id=case.id, location_id=case.location_id,
                 detail=f"letter:{letter.id}")  # fmt: skip
    return download(body, f"brief-{letter.kind.replace('_', '-')}-{case.reference}-{letter.id}.pdf")


@bp.route("/dossiers/<int:case_id>/brieven/<int:letter_id>/antwoord", methods=["POST"])
@login_required
def answer(case_id: int, letter_id: int) -> Any:
    case, letter = _load_letter(case_id, letter_id)
    db = get_session()
    form = AnswerForm()
    typed = {"answer": form.answer._value(), "on": form.on._value(), "note": form.note.data or ""}  # noqa: SLF001
    if form.version.data != letter.version:
        db.commit()
        flash(_("Iemand anders heeft deze brief net gewijzigd. Er is niets opgeslagen."), "error")
        return _render_show(case, letter, form=typed, status=409)
    form.validate()
    form.check_fact_dates(fact_context(db, case, clock.today()))
    errors = form.error_texts()
    if not errors:
        try:
            service.record_answer(db, case, letter, form.answer.data, on=form.on.data, note=form.note.data,
                                  by_user_id=current_user.user_id, today=clock.today())  # fmt: skip
        except service.LetterRefused as exc:
            errors[exc.field or "answer"] = translate_message(message_of(exc))
        else:
            db.commit()
            flash(_("Het antwoord is opgeslagen."), "success")
            return redirect(url_for("letters.show", case_id=case.id, letter_id=letter.id))
    db.commit()
    return _render_show(case, letter, form=typed, errors=errors, status=422)


# ------------------------------------------------------------ templates (beheerder)
@bp.route("/beheer/brieven")
@role_required(Role.BEHEERDER)
def templates() -> Any:
    db = get_session()
    rows = [(k, service.current_template(db, k)) for k in LetterKind]
    return render_template("letters/templates.html", rows=rows)


def _template_kind(value: str) -> LetterKind:
    try:
        return LetterKind(value)
    except ValueError:
        abort(404)


def _render_edit(kind: LetterKind, body: str, version: int, *, errors: dict[str, str] | None = None,
                 preview: str | None = None, status: int = 200) -> tuple[str, int]:  # fmt: skip
    db = get_session()
    return (
        render_template("letters/edit_template.html", kind=kind, body=body, version=version, errors=errors or {},
                        preview=preview, fields=FIELDS, history=service.template_history(db, kind),
                        current=service.current_template(db, kind)),  # fmt: skip
        status,
    )


@bp.route("/beheer/brieven/<template_kind>", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def edit_template(template_kind: str) -> Any:
    kind = _template_kind(template_kind)
    db = get_session()
    if request.method == "GET":
        current = service.current_template(db, kind)
        return _render_edit(kind, current.body, current.version, preview=service.preview(current.body))
    form = TemplateForm()
    body = (form.body.data or "").replace("\r\n", "\n")
    if request.form.get("action") == "voorbeeld":
        try:
            shown = service.preview(body)
        except TemplateProblem as exc:
            return _render_edit(kind, body, form.version.data, errors={"body": translate_message(exc.message)}, status=422)
        return _render_edit(kind, body, form.version.data, preview=shown)
    try:
        service.save_template(db, kind, body, expected_version=form.version.data, by_user_id=current_user.user_id)
    except TemplateProblem as exc:
        db.rollback()
        return _render_edit(kind, body, form.version.data, errors={"body": translate_message(exc.message)}, status=422)
    except service.StaleTemplate as exc:
        db.rollback()
        current = service.current_template(db, kind)
        return _render_edit(kind, body, current.version, errors={"body": translate_message(message_of(exc))}, status=409)
    db.commit()
    flash(_("De brieftekst is opgeslagen als een nieuwe versie."), "success")
    return redirect(url_for("letters.edit_template", template_kind=kind.value))
