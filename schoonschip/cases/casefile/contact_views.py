"""The Contact tab (contact moments, hours) and the Toestemming tab (consent per purpose,
the printable consent form)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip import clock
from schoonschip.auth.core import login_required
from schoonschip.auth.service import user_names
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.forms import ConsentForm, ContactForm
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import (
    CONSENT_FORM_TEXT_NL,
    CONSENT_LABELS_NL,
    CONTACT_KIND_LABELS_NL,
    ConsentPurpose,
    ContactKind,
    ContactMoment,
    add_contact,
    consent_history,
    consent_overview,
    contact_minutes,
    contacts_of,
    delete_contact,
    format_minutes,
    record_consent,
)
from schoonschip.cases.casefile.resident import fact_context
from schoonschip.cases.casefile.views import _after_failure, bp, options
from schoonschip.cases.errors import CaseActionError
from schoonschip.dates import format_date_input
from schoonschip.db import get_session
from schoonschip.i18n import N_
from schoonschip.web.forms import claim_once, flash_date_notes
from schoonschip.web.tabs import register_tab

register_tab("contact", N_("Contact"), "cases.contacts", 60)
register_tab("toestemming", N_("Toestemming"), "cases.consent", 70)


# --- contact moments -----------------------------------------------------------------
def _render_contacts(case: Case, form: dict[str, str], errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    db = get_session()
    moments = contacts_of(db, case.id)
    return (
        render_template(
            "cases/contacts.html",
            case=case,
            moments=moments,
            names=user_names(db, {m.by_user_id for m in moments}),
            total=format_minutes(contact_minutes(db, case.id)),
            kinds=options(CONTACT_KIND_LABELS_NL),
            kind_labels=CONTACT_KIND_LABELS_NL,
            form=form,
            errors=errors,
            active_tab="contact",
        ),
        status,
    )


@bp.route("/<int:case_id>/contact", methods=["GET", "POST"])
@login_required
def contacts(case_id: int) -> object:
    today = clock.today()
    blank = {"on": format_date_input(today), "kind": ContactKind.SPREEKUUR.value, "minutes": "", "note": ""}
    if request.method == "GET":
        return _render_contacts(load_case(case_id, "case_view"), blank, {})
    case = load_case(case_id, "case_change")
    db = get_session()
    once = claim_once(db)
    posted = ContactForm()
    posted.check(fact_context(db, case, today))
    form, errors = posted.values(), posted.error_texts()
    if not errors and posted.on.data is not None:
        try:
            add_contact(db, case, on=posted.on.data, kind=posted.kind.data.value, minutes=int(form["minutes"]),
                        note=form["note"] or None, by_user_id=current_user.user_id)  # fmt: skip
        except CaseActionError as e:
            errors["kind"] = e.message
        else:
            flash_date_notes(posted.date_notes)
            return once.saved(db, url_for("cases.contacts", case_id=case.id), _("Het contact is opgeschreven."))
    _after_failure(case)
    return _render_contacts(case, form, errors, status=422)


@bp.route("/<int:case_id>/contact/<int:moment_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete_contact_view(case_id: int, moment_id: int) -> object:
    case = load_case(case_id, "case_change" if request.method == "POST" else "case_view")
    db = get_session()
    moment = db.get(ContactMoment, moment_id)
    if moment is None or moment.case_id != case.id:
        abort(404)
    if request.method == "GET":
        return render_template("cases/contact_delete.html", case=case, moment=moment, kind_labels=CONTACT_KIND_LABELS_NL, active_tab="contact")
    delete_contact(db, case, moment)
    db.commit()
    flash(_("Het contact is verwijderd."), "success")
    return redirect(url_for("cases.contacts", case_id=case.id))


# --- consent -------------------------------------------------------------------------
def _render_consent(case: Case, form: dict[str, str], errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    db = get_session()
    history = consent_history(db, case.id)
    return (
        render_template(
            "cases/consent.html",
            case=case,
            current=consent_overview(db, case.id),
            history=history,
            names=user_names(db, {h.recorded_by for h in history}),
            labels=CONSENT_LABELS_NL,
            purposes=list(ConsentPurpose),
            purpose_options=options(CONSENT_LABELS_NL),
            form=form,
            errors=errors,
            active_tab="toestemming",
        ),
        status,
    )


@bp.route("/<int:case_id>/toestemming", methods=["GET", "POST"])
@login_required
def consent(case_id: int) -> object:
    today = clock.today()
    blank = {"purpose": "", "given": "", "on": format_date_input(today)}
    if request.method == "GET":
        return _render_consent(load_case(case_id, "case_view"), blank, {})
    case = load_case(case_id, "case_change")
    db = get_session()
    once = claim_once(db)
    posted = ConsentForm()
    posted.check(fact_context(db, case, today))
    form, errors = posted.values(), posted.error_texts()
    if not errors and posted.on.data is not None:
        record_consent(db, case, purpose=form["purpose"], given=form["given"] == "ja", on=posted.on.data,
                       by_user_id=current_user.user_id)  # fmt: skip
        flash_date_notes(posted.date_notes)
        return once.saved(db, url_for("cases.consent", case_id=case.id), _("De toestemming is vastgelegd."))
    _after_failure(case)
    return _render_consent(case, form, errors, status=422)


@bp.route("/<int:case_id>/toestemming/formulier")
@login_required
def consent_form(case_id: int) -> object:
    """A plain-language form to print and sign. It carries the case reference only; the
    resident writes their own name."""
    case = load_case(case_id, "case_print")
    return render_template(
        "cases/consent_form.html",
        case=case,
        purposes=list(ConsentPurpose),
        texts=CONSENT_FORM_TEXT_NL,
        labels=CONSENT_LABELS_NL,
    )
