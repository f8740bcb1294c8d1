"""Debt ledger pages: the "Schulden" tab of a case, one debt, the print page, and the
creditor register for coordinators. Thin: parse → service → render.

Every case page loads the case through ``load_case`` (404 + audit when not allowed) and
every debt through ``get_debt(case, id)``, so a debt id of another case is a 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import clock
from schoonschip.auth.core import login_required, role_required
from schoonschip.auth.models import Role
from schoonschip.budget.statements.service import signal_creditor as statement_signal_creditor
from schoonschip.budget.statements.service import signals_for_case as statement_signals
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.resident import fact_context
from schoonschip.cases.debts.forms import CreditorForm, DebtForm, MergeForm, StatusForm
from schoonschip.cases.debts.models import (
    CJIB_KIND_LABELS_NL,
    CREDITOR_STATUS_LABELS_NL,
    PAYMENT_EVENT_LABELS_NL,
    CjibKind,
    Creditor,
    CreditorStatus,
    Debt,
)
from schoonschip.cases.debts.payments import payment_of
from schoonschip.cases.debts.rules import CollectorKind, CreditorCategory, DebtStatus, GarnishmentKind
from schoonschip.cases.debts.service import (
    RegisterError,
    StatusError,
    add_pending_to_register,
    confirm_creditor,
    create_debt,
    creditor_choices,
    creditor_is_person,
    debt_count,
    debt_overview,
    debt_row,
    delete_debt,
    get_debt,
    merge_creditor,
    pending_is_person,
    pending_name,
    pending_names,
    proposed_creditors,
    seal_old_proposals,
    seed_creditors,
    update_debt,
    was_deleted,
)
from schoonschip.cases.documents.service import documents_of
from schoonschip.cases.letters.service import letters_of_debt, stance_label
from schoonschip.db import get_session, write_transaction
from schoonschip.i18n import N_, message_of
from schoonschip.web import translate_message
from schoonschip.web.forms import VersionForm, claim_once, save_locked
from schoonschip.web.tabs import register_tab

bp = Blueprint("debts", __name__, cli_group=None)

register_tab("schulden", N_("Schulden"), "debts.overview", 30)

# Labels of the edit form's fields, for the conflict view ("what is saved now").
FIELD_LABELS = {
    "creditor_id": N_("Schuldeiser"),
    "new_creditor_name": N_("Nieuwe organisatie"),
    "private_creditor_name": N_("Persoon of andere schuldeiser"),
    "category": N_("Soort schuldeiser"),
    "creditor_reference": N_("Kenmerk bij de schuldeiser"),
    "collector_kind": N_("Wie int de schuld nu"),
    "collector_name": N_("Naam incassobureau, deurwaarder of advocaat"),
    "collector_reference": N_("Kenmerk bij die partij"),
    "hoofdsom": N_("Hoofdsom"),
    "rente": N_("Rente"),
    "incassokosten": N_("Incassokosten"),
    "gerechtelijke_kosten": N_("Gerechtelijke kosten"),
    "boetes": N_("Boetes en verhogingen"),
    "original_amount": N_("Oorspronkelijk bedrag"),
    "incassokosten_incl_btw": N_("Btw op incassokosten"),
    "peildatum": N_("Peildatum"),
    "arisen_on": N_("Ontstaan op"),
    "preferent": N_("Preferent"),
    "vaste_lasten": N_("Vaste-lastenschuldeiser"),
    "fraud": N_("Fraudevordering"),
    "cjib_kind": N_("Soort CJIB-boete"),
    "studieschuld_regulier": N_("Gewone studieschuld"),
    "zakelijk": N_("Zakelijke schuld"),
    "saldo_confirmed_on": N_("Saldo bevestigd op"),
    "arrangement_amount": N_("Betalingsregeling per maand"),
    "arrangement_since": N_("Regeling sinds"),
    "garnishment_kind": N_("Soort beslag"),
    "garnishment_amount": N_("Bedrag beslag"),
    "garnishment_by": N_("Beslag gelegd door"),
    "note": N_("Notitie"),
}
SUMMARY_ONLY_LABELS = {"status": N_("Status")}


def _choices() -> dict[str, Any]:
    return {
        "categories": [(c.value, _(c.label)) for c in CreditorCategory],
        "collector_kinds": [(c.value, _(c.label)) for c in CollectorKind],
        "garnishment_kinds": [(g.value, _(g.label)) for g in GarnishmentKind],
        "cjib_kinds": [(k.value, _(CJIB_KIND_LABELS_NL[k])) for k in CjibKind],
        "statuses": [(s.value, _(s.label)) for s in DebtStatus],
        "tri": [("", _("Volgens de soort schuldeiser")), ("ja", _("Ja")), ("nee", _("Nee"))],
    }


def _status_label(code: str | None) -> str:
    return DebtStatus(code).label if code else "–"


def _load(case_id: int, debt_id: int) -> tuple[Case, Debt]:
    case = load_case(case_id)
    debt = get_debt(get_session(), case, debt_id)
    if debt is None:
        abort(404)
    return case, debt


# ----------------------------------------------------------------------- overview
@bp.route("/dossiers/<int:case_id>/schulden")
@login_required
def overview(case_id: int) -> str:
    case = load_case(case_id)
    db = get_session()
    ov = debt_overview(db, case)
    signals = statement_signals(db, case.id)  # suggestions from a bank statement, never facts
    return render_template("debts/overview.html", case=case, ov=ov, active_tab="schulden", signals=signals)


@bp.route("/dossiers/<int:case_id>/schulden/afdrukken")
@login_required
def print_overview(case_id: int) -> str:
    case = load_case(case_id, "case_print")
    ov = debt_overview(get_session(), case)
    return render_template("debts/print.html", case=case, ov=ov, printed_on=clock.today())


# ---------------------------------------------------------------------- add, edit
def _render_form(case: Case, *, form: dict[str, str], errors: dict[str, str], debt: Debt | None = None,
                 version: int | None = None, conflict: list[tuple[str, str, str]] | None = None,
                 gone: bool = False, status: int = 200) -> tuple[str, int]:  # fmt: skip
    db = get_session()
    current_id = debt.creditor_id if debt is not None else None
    return (
        render_template(
            "debts/form.html",
            case=case,
            debt=debt,
            form=form,
            errors=errors,
            summary={name: f"{_(FIELD_LABELS.get(name) or SUMMARY_ONLY_LABELS.get(name, name))}: {translate_message(msg)}"
                     for name, msg in errors.items()},  # fmt: skip
            version=version,
            conflict=conflict,
            gone=gone,
            creditor_groups=creditor_choices(db, include_id=current_id),
            active_tab="schulden",
            **_choices(),
        ),
        status,
    )


def _prefill_from_signal(db: Session, case: Case, values: dict[str, str]) -> None:
    """"Schuld toevoegen" from a bank-statement signal: the creditor it proposes, chosen from
    the register when it is there, else typed as a new organisation. Nothing is saved yet."""
    raw = request.args.get("signaal", "")
    if not (raw.isascii() and raw.isdecimal() and len(raw) < 4):
        return
    name = statement_signal_creditor(db, case.id, int(raw))
    if not name:
        return
    wanted = name.casefold()
    for _label, creditors in creditor_choices(db):
        for c in creditors:
            if c.name.casefold() == wanted or c.name.casefold().startswith(wanted + " "):
                values["creditor_id"] = str(c.id)
                return
    values["new_creditor_name"] = name


@bp.route("/dossiers/<int:case_id>/schulden/nieuw", methods=["GET", "POST"])
@login_required
def new_debt(case_id: int) -> Any:
    case = load_case(case_id)
    db = get_session()
    if request.method == "GET":
        values = DebtForm(formdata=None, db=db, today=clock.today()).values()
        _prefill_from_signal(db, case, values)
        return _render_form(case, form=values, errors={})
    once = claim_once(db)
    form = DebtForm(db=db, today=clock.today(), birth_date=fact_context(db, case, clock.today()).birth_date)
    if not form.validate():
        db.commit()  # keeps the audit event of opening the case
        return _render_form(case, form=form.values(), errors=form.error_texts(), status=422)
    debt = create_debt(db, case, form.to_input(), by_user_id=current_user.user_id, today=clock.today())
    once.done(db, url_for("debts.show", case_id=case.id, debt_id=debt.id))
    db.commit()
    flash(_("De schuld is toegevoegd."), "success")
    if request.form.get("next") == "another":
        return redirect(url_for("debts.new_debt", case_id=case.id))
    return redirect(url_for("debts.show", case_id=case.id, debt_id=debt.id))


def _conflict_lines(debt: Debt, typed: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field, label, value saved now) where the saved debt differs from what was typed."""
    saved = DebtForm.of(debt, db=get_session(), today=clock.today()).values()
    lines = []
    for name, label in FIELD_LABELS.items():
        if (saved.get(name) or "").strip() != (typed.get(name) or "").strip():
            value = saved.get(name) or ""
            if name == "creditor_id" and debt.creditor is not None:
                value = debt.creditor.label
            elif value in ("1", "ja"):
                value = _("ja")
            elif value == "nee":
                value = _("nee")
            lines.append((name, _(label), value or _("(leeg)")))
    return lines


@bp.route("/dossiers/<int:case_id>/schulden/<int:debt_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit(case_id: int, debt_id: int) -> Any:
    case = load_case(case_id)
    db = get_session()
    debt = get_debt(db, case, debt_id)
    if request.method == "GET":
        if debt is None:
            abort(404)
        return _render_form(case, form=DebtForm.of(debt, db=db, today=clock.today()).values(), errors={}, debt=debt,
                            version=debt.version)  # fmt: skip

    posted = DebtForm(db=db, today=clock.today(), current_creditor_id=debt.creditor_id if debt else None,
                      birth_date=fact_context(db, case, clock.today()).birth_date)  # fmt: skip
    form = posted.values()
    if debt is None:
        if not was_deleted(db, debt_id, case):
            abort(404)
        # Deleted by someone else meanwhile: keep what was typed, offer to save it as a new debt.
        db.commit()
        return _render_form(case, form=form, errors={}, gone=True, status=409)

    def conflict() -> tuple[str, int]:
        fresh = get_debt(db, case, debt_id)
        if fresh is None:
            return _render_form(case, form=form, errors={}, gone=True, status=409)
        return _render_form(case, form=form, errors={}, debt=fresh, version=fresh.version,
                            conflict=_conflict_lines(fresh, form), status=409)  # fmt: skip

    if posted.version.data != debt.version:
        db.commit()  # keeps the audit event of opening the case
        return conflict()
    if not posted.validate():
        db.commit()
        return _render_form(case, form=form, errors=posted.error_texts(), debt=debt, version=debt.version, status=422)
    saved = save_locked(db, lambda: update_debt(db, case, debt, posted.to_input(), by_user_id=current_user.user_id), conflict)
    if saved.stale:
        return saved.conflict
    flash(_("De wijzigingen zijn opgeslagen."), "success")
    return redirect(url_for("debts.show", case_id=case.id, debt_id=debt.id))


# ---------------------------------------------------------------- one debt, status
def _render_show(case: Case, debt: Debt, *, status_form: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None, stale: bool = False, code: int = 200) -> tuple[str, int]:  # fmt: skip
    return (
        render_template(
            "debts/show.html",
            case=case,
            debt=debt,
            row=debt_row(debt),
            status_form=status_form or {"status": "", "on": clock.today().strftime("%d-%m-%Y")},
            errors=errors or {},
            stale=stale,
            active_tab="schulden",
            cjib_labels=CJIB_KIND_LABELS_NL,
            status_label=_status_label,
            payment_labels=PAYMENT_EVENT_LABELS_NL,
            payment_of=payment_of,
            letters=letters_of_debt(get_session(), case, debt),
            stance=stance_label(debt),
            documents=documents_of(get_session(), case, debt_id=debt.id),
            **_choices(),
        ),
        code,
    )


@bp.route("/dossiers/<int:case_id>/schulden/<int:debt_id>")
@login_required
def show(case_id: int, debt_id: int) -> Any:
    case, debt = _load(case_id, debt_id)
    return _render_show(case, debt)


@bp.route("/dossiers/<int:case_id>/schulden/<int:debt_id>/status", methods=["POST"])
@login_required
def change_status(case_id: int, debt_id: int) -> Any:
    from schoonschip.cases.debts.service import change_status as do_change

    case, debt = _load(case_id, debt_id)
    db = get_session()
    form = StatusForm()
    typed = {"status": form.status._value(), "on": form.on._value()}  # noqa: SLF001 - the text as typed

    def conflict() -> tuple[str, int]:
        fresh = get_debt(db, case, debt_id) or abort(404)
        return _render_show(case, fresh, status_form=typed, stale=True, code=409)

    if form.version.data != debt.version:
        db.commit()
        return conflict()
    form.validate()
    form.check_fact_dates(fact_context(db, case, clock.today()))
    errors = form.error_texts()
    if not errors:
        try:
            saved = save_locked(db, lambda: do_change(db, case, debt, form.status.data, on=form.on.data,
                                                      by_user_id=current_user.user_id, today=clock.today()), conflict)  # fmt: skip
        except StatusError as exc:
            errors[exc.field] = message_of(exc)
        else:
            if saved.stale:
                return saved.conflict
            flash(_("De status is gewijzigd."), "success")
            return redirect(url_for("debts.show", case_id=case.id, debt_id=debt.id))
    db.commit()  # nothing changed; keeps the audit event of opening the case
    return _render_show(case, debt, status_form=typed, errors=errors, code=422)


@bp.route("/dossiers/<int:case_id>/schulden/<int:debt_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(case_id: int, debt_id: int) -> Any:
    case, debt = _load(case_id, debt_id)
    db = get_session()
    if request.method == "POST":

        def conflict() -> Any:
            flash(_("Iemand anders heeft deze schuld net gewijzigd. Bekijk de schuld opnieuw voordat u hem verwijdert."),
                  "error")  # fmt: skip
            return redirect(url_for("debts.show", case_id=case.id, debt_id=debt_id))

        saved = save_locked(db, lambda: delete_debt(db, case, debt), conflict,
                            expected=VersionForm().version.data, current=debt.version)  # fmt: skip
        if saved.stale:
            return saved.conflict
        flash(_("De schuld is verwijderd."), "success")
        return redirect(url_for("debts.overview", case_id=case.id))
    return render_template("debts/delete.html", case=case, debt=debt, row=debt_row(debt), active_tab="schulden")


# ------------------------------------------------------------------ the register
def _proposal_for_coordinator(creditor_id: int) -> Creditor:
    creditor = get_session().get(Creditor, creditor_id)
    if (
        creditor is None
        or creditor.status != CreditorStatus.PROPOSED.value
        or creditor.proposed_location_id not in current_user.locations(Role.COORDINATOR)
    ):
        abort(404)
    return creditor


@bp.route("/schuldeisers")
@login_required
def register() -> str:
    if not current_user.works_with_cases():
        abort(404)
    db = get_session()
    confirmed = db.scalars(select(Creditor).where(Creditor.status == CreditorStatus.CONFIRMED.value)
                           .order_by(Creditor.category, Creditor.name)).all()  # fmt: skip
    proposed = proposed_creditors(db, current_user.locations(Role.COORDINATOR))
    counts = {c.id: debt_count(db, c) for c in proposed}
    return render_template("debts/creditors.html", confirmed=confirmed, proposed=proposed, counts=counts,
                           status_labels=CREDITOR_STATUS_LABELS_NL, CreditorCategory=CreditorCategory)  # fmt: skip


@bp.route("/schuldeisers/<int:creditor_id>/bevestigen", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def confirm(creditor_id: int) -> Any:
    creditor = _proposal_for_coordinator(creditor_id)
    db = get_session()
    form = {"name": creditor.name, "short_name": creditor.short_name or "", "category": creditor.category}
    errors: dict[str, str] = {}
    if request.method == "POST":

        def save(posted: CreditorForm, typed: dict[str, str]) -> str:
            confirm_creditor(db, creditor, name=typed["name"], short_name=typed["short_name"],
                             category=posted.category.data, by_user_id=current_user.user_id)  # fmt: skip
            return _("De schuldeiser is bevestigd.")

        done, form, errors = _post_creditor(db, save, "debts.register")
        if done is not None:
            return done
    return render_template("debts/creditor_confirm.html", creditor=creditor, form=form, errors=errors,
                           categories=_choices()["categories"]), (422 if errors else 200)  # fmt: skip


def _post_creditor(
    db: Session, save: Callable[[CreditorForm, dict[str, str]], str], back_to: str
) -> tuple[Any, dict[str, str], dict[str, str]]:
    """The posted name, short name and category of a creditor: saved by ``save`` (which gives
    the message to show) and a redirect to ``back_to``; or no redirect, with the form as typed
    and its errors (a register refusal shows at the name)."""
    posted = CreditorForm()
    posted.validate()
    form, errors = posted.values(), posted.error_texts()
    if not errors:
        try:
            message = save(posted, form)
            db.commit()
            flash(message, "success")
            return redirect(url_for(back_to)), form, errors
        except RegisterError as exc:
            db.rollback()
            errors["name"] = message_of(exc)
    return None, form, errors


@bp.route("/schuldeisers/<int:creditor_id>/samenvoegen", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def merge(creditor_id: int) -> Any:
    source = _proposal_for_coordinator(creditor_id)
    db = get_session()
    n = debt_count(db, source)
    targets = db.scalars(select(Creditor).where(Creditor.status == CreditorStatus.CONFIRMED.value)
                         .order_by(Creditor.name)).all()  # fmt: skip
    posted = MergeForm()
    form = posted.values()
    errors: dict[str, str] = {}
    if request.method == "POST":
        target = next((t for t in targets if t.id == posted.target_id.data), None)
        if target is None:
            errors["target_id"] = _("Kies de schuldeiser waarmee u wilt samenvoegen.")
        else:
            try:
                moved = merge_creditor(db, source, target, by_user_id=current_user.user_id)
                db.commit()
                flash(_("Samengevoegd. %(n)s schulden staan nu bij %(name)s.", n=moved, name=target.name), "success")
                return redirect(url_for("debts.register"))
            except RegisterError as exc:
                db.rollback()
                errors["target_id"] = message_of(exc)
    return render_template("debts/creditor_merge.html", creditor=source, n=n, errors=errors, form=form,
                           targets=[(str(t.id), t.name) for t in targets]), (422 if errors else 200)  # fmt: skip


@bp.route("/schuldeisers/<int:creditor_id>/persoon", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def to_private(creditor_id: int) -> Any:
    source = _proposal_for_coordinator(creditor_id)
    db = get_session()
    if request.method == "POST":
        moved = creditor_is_person(db, source, by_user_id=current_user.user_id)
        db.commit()
        flash(_("De naam staat nu alleen versleuteld in %(n)s dossier(s).", n=moved), "success")
        return redirect(url_for("debts.register"))
    return render_template("debts/creditor_person.html", creditor=source, n=debt_count(db, source))


# ------------------------------------------ names typed by coaches (sealed), for the beheerder
@bp.route("/schuldeisers/voorstellen")
@role_required(Role.BEHEERDER)
def pending() -> str:
    """New organisations typed by coaches: sealed in their cases until added to the register."""
    return render_template("debts/pending.html", groups=pending_names(get_session()), CreditorCategory=CreditorCategory)


@bp.route("/schuldeisers/voorstellen/<int:pending_id>", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def pending_decide(pending_id: int) -> Any:
    db = get_session()
    group = pending_name(db, pending_id)
    if group is None:
        abort(404)
    form = {"name": group.name, "short_name": "", "category": group.category or ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.form.get("action") == "persoon":
            n = pending_is_person(db, group, by_user_id=current_user.user_id)
            db.commit()
            flash(_("De naam blijft alleen versleuteld in %(n)s dossier(s).", n=n), "success")
            return redirect(url_for("debts.pending"))

        def save(posted: CreditorForm, typed: dict[str, str]) -> str:
            creditor = add_pending_to_register(db, group, name=typed["name"], short_name=typed["short_name"],
                                               category=posted.category.data, by_user_id=current_user.user_id)  # fmt: skip
            return _("%(name)s staat nu in de lijst van schuldeisers.", name=creditor.name)

        done, form, errors = _post_creditor(db, save, "debts.pending")
        if done is not None:
            return done
    return render_template("debts/pending_decide.html", group=group, form=form, errors=errors,
                           categories=_choices()["categories"]), (422 if errors else 200)  # fmt: skip


# ------------------------------------------------------------------------------ CLI
@bp.cli.command("seed-creditors")
def seed_creditors_command() -> None:
    """Add the common Dutch creditors to the register (safe to run again)."""
    with write_transaction() as db:
        added = seed_creditors(db)
    click.echo(f"Creditor register: {added} added.")


@bp.cli.command("seal-creditor-proposals")
def seal_creditor_proposals_command() -> None:
    """Move creditor proposals made before issue 16 out of the plaintext register into their
    cases, sealed, for the beheerder to decide (run once after upgrading)."""
    with write_transaction() as db:
        n = seal_old_proposals(db)
    click.echo(f"Creditor register: {n} proposals moved into their cases.")
