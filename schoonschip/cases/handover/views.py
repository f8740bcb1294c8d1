"""The "Klaar?" tab (readiness checklists and voorlegger), the "Overdracht" tab (the
handover workflow), the dossier and the resident's overview (print layout and PDF), the
coordinator's handover list and the beheerder's receiving organisations.

Thin: load the case (``load_case``: 404 and audit when not allowed), parse, call
:mod:`schoonschip.cases.handover.service`, render. Every print and download is audited
(``case_print`` / ``case_export``, detail ``dossier`` or ``resident_overview``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import audit, clock
from schoonschip.auth.core import login_required, role_required
from schoonschip.auth.models import Role
from schoonschip.auth.service import user_names
from schoonschip.cases.casefile.access import can_coordinate, load_case, visible_cases_clause
from schoonschip.cases.casefile.models import STAGE_LABELS_NL, Case
from schoonschip.cases.casefile.records import ConsentPurpose, current_consent
from schoonschip.cases.casefile.resident import BEWIND_LABELS_NL, LANDLORD_LABELS_NL
from schoonschip.cases.casefile.search import preload_keys
from schoonschip.cases.documents.service import voorlegger_codes_with_documents
from schoonschip.cases.errors import CaseActionError, StaleEdit
from schoonschip.cases.handover import dossier as hdossier
from schoonschip.cases.handover import package as hpackage
from schoonschip.cases.handover import readiness as hready
from schoonschip.cases.handover import receivers as horgs
from schoonschip.cases.handover import service as hs
from schoonschip.cases.handover.forms import (
    OrgForm,
    OverrideForm,
    WorkflowForm,
    answers_form,
    check_answers,
    check_documents,
    documents_form,
    typed,
)
from schoonschip.cases.handover.models import (
    EVENT_LABELS_NL,
    RESULT_LABELS_NL,
    ROUTE_LABELS_NL,
    STATE_LABELS_NL,
    Handover,
    HandoverState,
    ReceivingOrg,
)
from schoonschip.cases.handover.rules import (
    DOCUMENT_STATUS_LABELS_NL,
    VOORLEGGER_ITEMS,
    CrisisKind,
    ItemKind,
    ItemSource,
    ItemStatus,
    Track,
    item_catalogue,
)
from schoonschip.dates import format_date_input
from schoonschip.db import get_session
from schoonschip.i18n import N_
from schoonschip.web import translate_message
from schoonschip.web.forms import Form, claim_once, save_locked
from schoonschip.web.pdf import download, pdf_of, print_or_pdf
from schoonschip.web.tabs import register_tab

bp = Blueprint("handover", __name__)

register_tab("klaar", N_("Klaar?"), "handover.readiness", 70)
register_tab("overdracht", N_("Overdracht"), "handover.handover", 80)

CRISIS_LABELS_NL = {
    CrisisKind.ONTRUIMING: N_("Ontruiming van de woning"),  # as the mediation page names it
    CrisisKind.AFSLUITING_ENERGIE_WATER: N_("Afsluiting van energie of water"),
    CrisisKind.ZORGVERZEKERING_OPGEZEGD: N_("Zorgverzekering opgezegd"),
}




def _failed(case: Case) -> None:
    """A refused change: undo anything half-done, keep the audit event of opening the case."""
    db = get_session()
    db.rollback()
    audit.record("case_view", object_type="case", object_id=case.id, location_id=case.location_id,
                 detail="form_error", commit=True)  # fmt: skip


def _common(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "stage_labels": STAGE_LABELS_NL,
        "route_labels": ROUTE_LABELS_NL,
        "result_labels": RESULT_LABELS_NL,
        "state_labels": STATE_LABELS_NL,
        "event_labels": EVENT_LABELS_NL,
        "document_labels": DOCUMENT_STATUS_LABELS_NL,
        "track_labels": {t: t.label for t in Track},
        "ItemStatus": ItemStatus,
        "ItemSource": ItemSource,
        "ItemKind": ItemKind,
        "sources": hready.SOURCES,
        "combined": hready.combined_checklist,
        "crisis_labels": CRISIS_LABELS_NL,
        "landlord_labels": LANDLORD_LABELS_NL,
        "bewind_labels": BEWIND_LABELS_NL,
    }


# ============================================================================ Klaar?
def _render_readiness(
    case: Case,
    *,
    answer_values: dict[str, str] | None = None,
    document_values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    status: int = 200,
    override_values: dict[str, str] | None = None,
) -> tuple[str, int]:
    db = get_session()
    view = hready.readiness_for(db, case, clock.today())
    return (
        render_template(
            "handover/readiness.html",
            view=view,
            catalogue=item_catalogue(),
            voorlegger_items=VOORLEGGER_ITEMS,
            answer_values=answer_values if answer_values is not None else hready.answers_form_values(view.state),
            document_values=document_values if document_values is not None else hready.documents_form_values(view.state),
            version=view.state.version if view.state else 0,
            errors=errors or {},
            stale=stale,
            override_values=override_values or {},
            with_documents=voorlegger_codes_with_documents(db, case.id),
            active_tab="klaar",
            **_common(case),
        ),
        status,
    )


STALE_READINESS = N_("Iemand anders heeft de checklist net ook veranderd. Uw invoer staat hieronder nog. Kijk hoe het nu staat en sla opnieuw op.")


@bp.route("/dossiers/<int:case_id>/klaar")
@login_required
def readiness(case_id: int) -> Any:
    case = load_case(case_id)
    return _render_readiness(case)


def _save_checklist(
    case_id: int, make_form: Callable[[], Form], check: Callable[[Any, date], Any], save: Callable[[Session, Case, Any, int], object],
    *, values_arg: str, done: str, anchor: str,
) -> Any:  # fmt: skip
    """Saving one part of the readiness page (the checklist answers, or the voorlegger
    documents): the page again with the errors (422), or with what was typed and a warning
    when someone else saved in between (409); else a message and back to that part."""
    case = load_case(case_id, "case_change")
    db = get_session()
    form = make_form()
    checked = check(form, clock.today())
    values = {values_arg: typed(form)}
    if checked is None:
        _failed(case)
        return _render_readiness(case, **values, errors=form.error_texts(), status=422)

    def conflict() -> tuple[str, int]:
        _failed(case)
        return _render_readiness(case, **values, stale=_(STALE_READINESS), status=409)

    saved = save_locked(db, lambda: save(db, case, checked, form.version.data), conflict, stale=(StaleEdit,))
    if saved.stale:
        return saved.conflict
    flash(done, "success")
    return redirect(url_for("handover.readiness", case_id=case.id, _anchor=anchor))


@bp.route("/dossiers/<int:case_id>/klaar/antwoorden", methods=["POST"])
@login_required
def save_answers(case_id: int) -> Any:
    def save(db: Session, case: Case, checked: Any, version: int) -> object:
        answers, facts = checked
        return hready.save_answers(db, case, answers, facts, expected_version=version, by_user_id=current_user.user_id)

    return _save_checklist(case_id, answers_form, check_answers, save, values_arg="answer_values",
                           done=_("De antwoorden zijn opgeslagen."), anchor="checklists")  # fmt: skip


@bp.route("/dossiers/<int:case_id>/klaar/documenten", methods=["POST"])
@login_required
def save_documents(case_id: int) -> Any:
    def save(db: Session, case: Case, checked: Any, version: int) -> object:
        documents, reasons = checked
        return hready.save_documents(db, case, documents, expected_version=version, by_user_id=current_user.user_id,
                                     nvt_reasons=reasons)  # fmt: skip

    def check(form: Any, today: date) -> Any:
        return check_documents(form, today, hready.required_documents(get_session(), case_id))

    return _save_checklist(case_id, documents_form, check, save, values_arg="document_values",
                           done=_("De documenten zijn opgeslagen."), anchor="voorlegger")  # fmt: skip


def _override_step(case_id: int, *, remove: bool) -> Any:
    """Set a computed item aside with a reason, or take that back: the Klaar? page again with
    the error (422) or the stale warning (409), else a message and back to the checklists."""
    case = load_case(case_id, "case_change")
    db = get_session()
    form = OverrideForm()
    form.validate()
    code = form.code.data or ""
    key = f"override_{code}"

    def conflict() -> tuple[str, int]:
        _failed(case)
        return _render_readiness(case, stale=_(STALE_READINESS), override_values={key: form.reason.data or ""}, status=409)

    def run() -> object:
        if remove:
            return hready.remove_override(db, case, code, expected_version=form.version.data, by_user_id=current_user.user_id)
        return hready.set_override(db, case, code, form.reason.data or "", on=clock.today(), expected_version=form.version.data,
                                   by_user_id=current_user.user_id, today=clock.today())  # fmt: skip

    try:
        saved = save_locked(db, run, conflict, stale=(StaleEdit,))
    except hready.OverrideRefused as exc:
        _failed(case)
        return _render_readiness(case, errors={key: exc.message}, override_values={key: form.reason.data or ""}, status=422)
    if saved.stale:
        return saved.conflict
    flash(_("Het punt staat weer open.") if remove else _("Het punt is opzij gezet. De reden staat in het dossier."), "success")
    return redirect(url_for("handover.readiness", case_id=case.id, _anchor="checklists"))


@bp.route("/dossiers/<int:case_id>/klaar/opzij", methods=["POST"])
@login_required
def save_override(case_id: int) -> Any:
    return _override_step(case_id, remove=False)


@bp.route("/dossiers/<int:case_id>/klaar/opzij/intrekken", methods=["POST"])
@login_required
def remove_override(case_id: int) -> Any:
    return _override_step(case_id, remove=True)


# ========================================================================= Overdracht
def _render_handover(
    case: Case, *, form: dict[str, str] | None = None, errors: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    db = get_session()
    today = clock.today()
    view = hready.readiness_for(db, case, today)
    rounds = hs.rounds_of(db, case)
    latest = rounds[0] if rounds else None
    current = latest if latest is not None and latest.is_open else None
    events = [(h, ev) for h in rounds for ev in h.events]
    events.sort(key=lambda pair: (pair[1].on, pair[1].id), reverse=True)
    names = user_names(db, [ev.by_user_id for _h, ev in events] + [case.coach_id])
    consent_given, consent_on = current_consent(case, ConsentPurpose.MADI)
    defaults = {
        "on": format_date_input(today),
        "route": current.route if current else "",
        "org": str(current.receiving_org_id if current else view.org.id),
        "reason": "",
        "back_on": format_date_input(today),
        "comment": "",
        "result": "",
        "confirm": "",
    }
    defaults.update(form or {})
    return (
        render_template(
            "handover/handover.html",
            view=view,
            rounds=rounds,
            latest=latest,
            current=current,
            events=events,
            names=names,
            checks={route: hs.ready_check(view, route) for route in ("minnelijk", "wsnp")},
            consent_on=consent_on if consent_given else None,
            orgs=[(str(o.id), o.name) for o in horgs.receiving_orgs(db, active_only=True)],
            routes=[(r.value, label) for r, label in ROUTE_LABELS_NL.items()],
            results=[(r.value, label) for r, label in RESULT_LABELS_NL.items()],
            can_coordinate=can_coordinate(case),
            package=hpackage.package_state(db, case) if can_coordinate(case) else None,
            is_own_ready=current is not None and current.ready_by == current_user.user_id,
            form=defaults,
            errors=errors or {},
            active_tab="overdracht",
            **_common(case),
        ),
        status,
    )


@bp.route("/dossiers/<int:case_id>/overdracht")
@login_required
def handover(case_id: int) -> Any:
    case = load_case(case_id)
    return _render_handover(case)


STALE_HANDOVER = N_("Iemand anders heeft de overdracht net veranderd. Kijk hieronder hoe het nu staat.")


def _workflow_step(case_id: int, step: str, *, coordinator_only: bool = False) -> Any:
    case = load_case(case_id, "case_change")
    if coordinator_only and not can_coordinate(case):
        db = get_session()
        db.rollback()
        audit.record("case_refused", object_type="case", object_id=case.id, outcome="refused", detail=step, commit=True)
        abort(404)
    db = get_session()
    posted = WorkflowForm()
    posted.validate()
    date_key = "back_on" if step == "send_back" else "on"
    on = posted.day(date_key, clock.today())
    errors: dict[str, str] = {date_key: posted.error_texts()[date_key]} if posted[date_key].errors else {}
    form = posted.values()
    expected = posted.expected_version()
    stale = False
    if on is not None and not errors:
        uid = current_user.user_id

        def run() -> str:
            if step == "ready":
                hs.mark_ready(db, case, route=form["route"], org_id=form["org"], on=on, reason=form["reason"],
                              by_user_id=uid, today=clock.today())  # fmt: skip
                return _("Het dossier staat nu op klaar voor overdracht. Een coördinator kijkt het na.")
            if step == "withdraw":
                hs.withdraw(db, case, on=on, by_user_id=uid, expected_version=expected)
                return _("De melding is ingetrokken. Het dossier staat weer in fase C.")
            if step == "signoff":
                hs.sign_off(db, case, on=on, by_user_id=uid, expected_version=expected)
                return _("U heeft het dossier gecontroleerd en akkoord gegeven.")
            if step == "send_back":
                hs.send_back(db, case, on=on, comment=form["comment"], by_user_id=uid, expected_version=expected)
                return _("Het dossier is teruggestuurd naar de coach.")
            if step == "sent":
                hs.mark_sent(db, case, on=on, org_id=form["org"], route=form["route"], by_user_id=uid,
                             confirmed=form["confirm"] == "ja", expected_version=expected)  # fmt: skip
                return _("Het dossier staat nu op overgedragen.")
            hs.record_result(db, case, result=form["result"], on=on, reason=form["reason"], by_user_id=uid,
                             expected_version=expected)  # fmt: skip
            return _("De uitslag is opgeslagen.")

        try:
            saved = save_locked(db, run, lambda: _(STALE_HANDOVER), stale=(hs.HandoverStale,))
        except hs.HandoverError as e:
            errors[date_key if e.field == "on" else e.field] = e.message
        except CaseActionError as e:  # from change_stage
            errors["handover"] = e.message
        else:
            if saved.stale:
                stale, errors["handover"] = True, saved.conflict
            else:
                flash(saved.value, "success")
                return redirect(url_for("handover.handover", case_id=case.id))
    _failed(case)
    return _render_handover(case, form=form, errors=errors, status=409 if stale else 422)


@bp.route("/dossiers/<int:case_id>/overdracht/klaar", methods=["POST"])
@login_required
def ready(case_id: int) -> Any:
    return _workflow_step(case_id, "ready")


@bp.route("/dossiers/<int:case_id>/overdracht/intrekken", methods=["POST"])
@login_required
def withdraw(case_id: int) -> Any:
    return _workflow_step(case_id, "withdraw")


@bp.route("/dossiers/<int:case_id>/overdracht/akkoord", methods=["POST"])
@login_required
def signoff(case_id: int) -> Any:
    return _workflow_step(case_id, "signoff", coordinator_only=True)


@bp.route("/dossiers/<int:case_id>/overdracht/terugsturen", methods=["POST"])
@login_required
def send_back(case_id: int) -> Any:
    return _workflow_step(case_id, "send_back", coordinator_only=True)


@bp.route("/dossiers/<int:case_id>/overdracht/verstuurd", methods=["POST"])
@login_required
def sent(case_id: int) -> Any:
    return _workflow_step(case_id, "sent")


@bp.route("/dossiers/<int:case_id>/overdracht/uitslag", methods=["POST"])
@login_required
def result(case_id: int) -> Any:
    return _workflow_step(case_id, "result")


# ===================================================================== print and PDF
def _dossier(case_id: int, *, pdf: bool) -> Any:
    case = load_case(case_id)
    db = get_session()
    try:
        data = hdossier.dossier_context(db, case, clock.today())
    except hdossier.ConsentMissing as e:
        audit.record("case_print", object_type="case", object_id=case.id, location_id=case.location_id,
                     outcome="refused", detail="dossier:no_consent")  # fmt: skip
        return render_template("handover/no_consent.html", message=e.message, **_common(case)), 409
    audit.record("case_export" if pdf else "case_print", object_type="case", object_id=case.id,
                 location_id=case.location_id, detail="dossier")  # fmt: skip
    return print_or_pdf("print/dossier.html", f"dossier-{case.reference}.pdf", pdf=pdf, d=data, **_common(case))


@bp.route("/dossiers/<int:case_id>/overdracht/dossier")
@login_required
def dossier(case_id: int) -> Any:
    return _dossier(case_id, pdf=False)


@bp.route("/dossiers/<int:case_id>/overdracht/dossier.pdf")
@login_required
def dossier_pdf(case_id: int) -> Any:
    return _dossier(case_id, pdf=True)


@bp.route("/dossiers/<int:case_id>/overdracht/pakket", methods=["POST"])
@login_required
def package(case_id: int) -> Any:
    """The sealed package (docs/handover.md): for a coordinator of the location, after the
    sign-off, only for an organisation with an age key; never unencrypted."""
    case = load_case(case_id, "case_export")
    db = get_session()
    if not can_coordinate(case):
        db.rollback()
        audit.record("case_refused", object_type="case", object_id=case.id, outcome="refused", detail="package", commit=True)
        abort(404)
    state = hpackage.package_state(db, case)
    if not state.available:
        db.commit()
        flash(translate_message(state.reason), "error")
        return redirect(url_for("handover.handover", case_id=case.id, _anchor="pakket"))
    try:
        data = hdossier.dossier_context(db, case, clock.today())
    except hdossier.ConsentMissing as e:
        db.commit()
        flash(translate_message(e.message), "error")
        return redirect(url_for("handover.handover", case_id=case.id, _anchor="pakket"))
    pdf = pdf_of("print/dossier.html", d=data, **_common(case))
    sealed = hpackage.make_package(db, case, dossier_pdf=pdf, today=clock.today())
    db.commit()
    return download(sealed.data, sealed.filename, "application/octet-stream")


def _overview(case_id: int, *, pdf: bool) -> Any:
    case = load_case(case_id)
    db = get_session()
    data = hdossier.resident_overview_context(db, case, clock.today())
    audit.record("case_export" if pdf else "case_print", object_type="case", object_id=case.id,
                 location_id=case.location_id, detail="resident_overview")  # fmt: skip
    return print_or_pdf("print/resident_overview.html", f"overzicht-{case.reference}.pdf", pdf=pdf, d=data,
                        **_common(case))  # fmt: skip


@bp.route("/dossiers/<int:case_id>/overzicht-bewoner")
@login_required
def resident_overview(case_id: int) -> Any:
    return _overview(case_id, pdf=False)


@bp.route("/dossiers/<int:case_id>/overzicht-bewoner.pdf")
@login_required
def resident_overview_pdf(case_id: int) -> Any:
    return _overview(case_id, pdf=True)


# ================================================================ coordinator's list
@bp.route("/overdracht")
@role_required(Role.COORDINATOR)
def queue() -> Any:
    db = get_session()
    locations = current_user.locations(Role.COORDINATOR)
    rows = db.execute(
        select(Handover, Case)
        .join(Case, Case.id == Handover.case_id)
        .where(
            Case.location_id.in_(locations),
            visible_cases_clause(),
            Handover.state.in_([HandoverState.KLAAR.value, HandoverState.AKKOORD.value, HandoverState.OVERGEDRAGEN.value]),
        )
        .order_by(Handover.ready_on, Handover.id)
    ).all()
    preload_keys(db, [c.id for _h, c in rows])
    waiting = [(h, c) for h, c in rows if h.state == HandoverState.KLAAR.value]
    to_send = [(h, c) for h, c in rows if h.state == HandoverState.AKKOORD.value]
    sent_open = [(h, c) for h, c in rows if h.state == HandoverState.OVERGEDRAGEN.value and h.result is None]
    names = user_names(db, [c.coach_id for _h, c in rows])
    return render_template(
        "handover/queue.html",
        waiting=waiting,
        to_send=to_send,
        sent_open=sent_open,
        names=names,
        route_labels=ROUTE_LABELS_NL,
    )


# ======================================================== beheer: receiving organisations
@bp.route("/beheer/ontvangers")
@role_required(Role.BEHEERDER)
def orgs() -> Any:
    db = get_session()
    return render_template("handover/orgs.html", orgs=horgs.receiving_orgs(db), total=len(VOORLEGGER_ITEMS))


def _render_org(org: ReceivingOrg | None, values: dict[str, Any], errors: dict[str, str], *, version: int,
                stale: bool = False, status: int = 200) -> tuple[str, int]:  # fmt: skip
    return (
        render_template("handover/org_form.html", org=org, values=values, errors=errors, version=version,
                        stale=stale, items=VOORLEGGER_ITEMS),  # fmt: skip
        status,
    )


def _save_org(org: ReceivingOrg | None) -> Any:
    db = get_session()
    once = claim_once(db) if org is None else None
    form = OrgForm()
    data, values, errors = form.check(request.form.getlist("required"), new=org is None)
    version = form.version.data
    if errors:
        return _render_org(org, values, errors, version=version, status=422)

    def save() -> ReceivingOrg:
        org_saved = horgs.save_org(db, org, data, expected_version=version, by_user_id=current_user.user_id)
        if once is not None:
            once.done(db, url_for("handover.org_edit", org_id=org_saved.id))
        return org_saved

    def conflict() -> tuple[str, int]:
        fresh = db.get(ReceivingOrg, org.id) if org is not None else None
        return _render_org(fresh, values, {}, version=fresh.version if fresh else 0, stale=True, status=409)

    try:
        outcome = save_locked(db, save, conflict, stale=(StaleEdit,))
    except hs.HandoverError as e:
        db.rollback()
        return _render_org(org, values, {e.field: e.message}, version=version, status=422)
    if outcome.stale:
        return outcome.conflict
    saved = outcome.value
    assert saved is not None
    flash(_("%(name)s is opgeslagen.", name=saved.name), "success")
    return redirect(url_for("handover.orgs"))


@bp.route("/beheer/ontvangers/nieuw", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def org_new() -> Any:
    if request.method == "POST":
        return _save_org(None)
    return _render_org(None, OrgForm.blank_values(None), {}, version=0)


@bp.route("/beheer/ontvangers/<int:org_id>", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def org_edit(org_id: int) -> Any:
    db = get_session()
    horgs.receiving_orgs(db)  # the defaults exist
    org = db.get(ReceivingOrg, org_id)
    if org is None:
        abort(404)
    if request.method == "POST":
        return _save_org(org)
    return _render_org(org, OrgForm.blank_values(org), {}, version=org.version)
