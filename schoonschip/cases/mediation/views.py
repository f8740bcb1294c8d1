"""Rent-arrears mediation and crisis pages: the "Huur" tab of a case, one mediation, its
print page, and the coordinator's list per location. Thin: parse → service → render.

Every case page loads the case through ``load_case`` (404 + audit when not allowed) and
every mediation, instalment, arrangement and crisis through the case, so an id of
another case is a 404 too. Every change form carries the version it was opened at; a
stale save is refused (409) with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from schoonschip import audit, clock
from schoonschip.auth.core import login_required
from schoonschip.auth.models import Location, Role
from schoonschip.auth.service import user_names
from schoonschip.cases.casefile.access import (
    first_coordinated_location_id,
    load_case,
    load_coordinated_location,
)
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import CONTACT_KIND_LABELS_NL
from schoonschip.cases.casefile.resident import LANDLORD_LABELS_NL, fact_context
from schoonschip.cases.mediation.forms import (
    ArrangementForm,
    AttemptForm,
    CrisisForm,
    EndArrangementForm,
    HandleCrisisForm,
    MarkForm,
    MediationForm,
    OutcomeForm,
    StageForm,
)
from schoonschip.cases.mediation.models import Mediation
from schoonschip.cases.mediation.overview import (
    case_alerts,
    crisis_cases_without_mediation,
    location_mediations,
)
from schoonschip.cases.mediation.rules import (
    ARRANGEMENT_END_LABELS_NL,
    CRISIS_ACTION_LABELS_NL,
    CRISIS_LABELS_NL,
    EVENT_DATE_STAGES,
    OUTCOME_LABELS_NL,
    STAGE_LABELS_NL,
    CrisisKind,
    InstalmentStatus,
    MediationStage,
    crisis_deadline,
    format_months_nl,
    working_days_left,
)
from schoonschip.cases.mediation.service import (
    ATTEMPT_KINDS,
    MediationError,
    add_attempt,
    add_crisis,
    attempts_of,
    create_mediation,
    crises_of,
    crisis_deadline_of,
    delete_mediation,
    end_arrangement,
    get_arrangement,
    get_crisis,
    get_instalment,
    get_mediation,
    handle_crisis,
    make_arrangement,
    mark_instalment,
    mediations_of,
    owed_now,
    plan_check_of,
    prefill_from_case,
    running_mediation,
    summarise,
    update_mediation,
)
from schoonschip.cases.mediation.service import change_stage as do_change_stage
from schoonschip.cases.mediation.service import set_outcome as do_set_outcome
from schoonschip.dates import FactContext, format_date_input
from schoonschip.db import get_session
from schoonschip.i18n import N_, message_of
from schoonschip.money import format_eur
from schoonschip.web import translate_message
from schoonschip.web.forms import VersionForm, claim_once, flash_date_notes, save_locked
from schoonschip.web.tabs import register_tab

bp = Blueprint("mediation", __name__)

register_tab("huur", N_("Huur"), "mediation.overview", 60)

FIELD_LABELS = {
    "landlord": N_("Verhuurder"),
    "contract_number": N_("Contract- of klantnummer"),
    "kale_huur": N_("Kale huur per maand"),
    "servicekosten": N_("Servicekosten per maand"),
    "huurtoeslag": N_("Huurtoeslag per maand"),
    "toeslag_to_landlord": N_("Huurtoeslag gaat naar de verhuurder"),
    "arrears": N_("Huurachterstand"),
    "oldest_unpaid_month": N_("Oudste maand die niet betaald is"),
    "collection_costs": N_("Incassokosten"),
    "court_costs": N_("Gerechtelijke kosten"),
    "peildatum": N_("Peildatum"),
    "benefit_deduction": N_("Huur wordt ingehouden op de uitkering"),
    "benefit_deduction_since": N_("Ingehouden sinds"),
    "started_on": N_("Bemiddeling begonnen op"),
    "stage": N_("Waar staat het nu?"),
    "event_on": N_("Datum van de zitting of de ontruiming"),
}
EDIT_FIELDS = [k for k in FIELD_LABELS if k not in ("stage", "event_on")]


# ------------------------------------------------------------------ template hooks
@bp.app_template_global("crisis_deadline")
def crisis_deadline_global(case: Case) -> date | None:
    """For the red "Crisis" badge on every case list and case page."""
    return crisis_deadline_of(case)


@bp.app_template_global("case_alerts")
def case_alerts_global(case: Case) -> list[Any]:
    """Banners above every page of a case (templates/cases/_tabs.html)."""
    if case is None or getattr(case, "id", None) is None or case.erased_at is not None:
        return []
    return case_alerts(get_session(), case, clock.today())


@bp.app_template_global("working_days_left")
def working_days_left_global(deadline: date) -> int:
    return working_days_left(clock.today(), deadline)


def _choices() -> dict[str, Any]:
    return {
        "landlords": [(k.value, _(v)) for k, v in LANDLORD_LABELS_NL.items()],
        "stages": [(k.value, _(v)) for k, v in STAGE_LABELS_NL.items()],
        "outcomes": [(k.value, _(v)) for k, v in OUTCOME_LABELS_NL.items()],
        "crisis_kinds": [(k.value, _(v)) for k, v in CRISIS_LABELS_NL.items()],
        "crisis_actions": [(k.value, _(v)) for k, v in CRISIS_ACTION_LABELS_NL.items()],
        "end_reasons": [(k.value, _(v)) for k, v in ARRANGEMENT_END_LABELS_NL.items()],
        "attempt_kinds": [(k.value, _(CONTACT_KIND_LABELS_NL[k])) for k in ATTEMPT_KINDS],
        "stage_labels": STAGE_LABELS_NL,
        "outcome_labels": OUTCOME_LABELS_NL,
        "crisis_labels": CRISIS_LABELS_NL,
        "action_labels": CRISIS_ACTION_LABELS_NL,
        "end_labels": ARRANGEMENT_END_LABELS_NL,
        "landlord_labels": LANDLORD_LABELS_NL,
        "contact_labels": CONTACT_KIND_LABELS_NL,
        "event_stages": [s.value for s in EVENT_DATE_STAGES],
        "months_nl": format_months_nl,
        "crisis_deadline_for": lambda c: crisis_deadline(c.since),
    }


def _today_text() -> str:
    return format_date_input(clock.today())


def _facts(case: Case) -> FactContext:
    """The case's facts for the one date rule (schoonschip.dates)."""
    return fact_context(get_session(), case, clock.today())


def _dates_valid(posted: Any, case: Case) -> Callable[[], bool]:
    """A form's validation plus the one date rule on its fact dates."""

    def valid() -> bool:
        posted.validate()
        posted.check_fact_dates(_facts(case))
        return not posted.error_texts()

    return valid


def _load(case_id: int, mediation_id: int, action: str | None = None) -> tuple[Case, Mediation]:
    case = load_case(case_id, action or ("case_view" if request.method == "GET" else "case_change"))
    m = get_mediation(get_session(), case, mediation_id)
    if m is None:
        abort(404)
    return case, m


# ----------------------------------------------------------------- the Huur tab
def _detail_context(case: Case, m: Mediation) -> dict[str, Any]:
    db = get_session()
    today = clock.today()
    attempts = attempts_of(db, m)
    ids: set[int | None] = {h.by_user_id for h in m.stage_history} | {a.by_user_id for a in attempts}
    for arr in m.arrangements:
        ids |= {i.marked_by_user_id for i in arr.instalments}
    return {
        "m": m,
        "s": summarise(m, today),
        # Instalments can be marked from a month before their due date (paid early).
        "mark_until": today + timedelta(days=31),
        "attempts": attempts,
        "names": user_names(db, ids),
        "plan": plan_check_of(db, case, m),
        "owed_now": owed_now(db, case, m) if m.debt_id is not None else None,
    }


def _blank_forms(m: Mediation | None) -> dict[str, dict[str, str]]:
    today = _today_text()
    forms: dict[str, dict[str, str]] = {
        "crisis_new": {"crisis_kind": "", "crisis_since": today},
        "stage": {"stage": "", "stage_on": today, "event_on": ""},
        "outcome": {"outcome": "", "outcome_on": today},
        "attempt": {"kind": "telefoon", "on": today, "reached": "", "minutes": "5"},
    }
    if m is not None:
        forms["outcome"]["outcome"] = m.outcome or ""
        if m.outcome_on:
            forms["outcome"]["outcome_on"] = format_date_input(m.outcome_on)
    return forms


def _render_case(case: Case, *, mediation: Mediation | None = None, forms: dict[str, dict[str, str]] | None = None,
                 errors: dict[str, dict[str, str]] | None = None, stale: str | None = None, status: int = 200,
                 template: str = "mediation/case.html") -> tuple[str, int]:  # fmt: skip
    """The Huur tab (``mediation`` None: the running one) or one mediation's page."""
    db = get_session()
    all_mediations = mediations_of(db, case)
    shown = mediation if mediation is not None else running_mediation(db, case)
    crises = crises_of(db, case)
    base = _blank_forms(shown)
    for key, values in (forms or {}).items():
        base[key] = values
    for c in crises:
        base.setdefault(f"crisis-{c.id}", {"action": "", "on": _today_text()})
    ctx: dict[str, Any] = {
        "case": case,
        "mediations": all_mediations,
        "shown": shown,
        "crises": crises,
        "crisis_names": user_names(db, {c.handled_by_user_id for c in crises}),
        "forms": base,
        "errors": errors or {},
        "stale": stale,
        "active_tab": "huur",
        "today": clock.today(),
        **_choices(),
    }
    if shown is not None:
        ctx.update(_detail_context(case, shown))
    return render_template(template, **ctx), status


@bp.route("/dossiers/<int:case_id>/huur")
@login_required
def overview(case_id: int) -> Any:
    case = load_case(case_id)
    return _render_case(case)


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>")
@login_required
def show(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    return _render_case(case, mediation=m, template="mediation/show.html")


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/afdrukken")
@login_required
def print_view(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id, "case_print")
    return render_template("mediation/print.html", case=case, printed_on=clock.today(), **_detail_context(case, m), **_choices())


# ---------------------------------------------------------------- new and edit
def _render_form(case: Case, *, form: dict[str, str], errors: dict[str, str], m: Mediation | None = None,
                 version: int | None = None, stored: dict[str, str] | None = None, status: int = 200,
                 prefill: Any = None) -> tuple[str, int]:  # fmt: skip
    summary = {name: f"{_(FIELD_LABELS.get(name, name))}: {translate_message(msg)}" for name, msg in errors.items()}
    return (
        render_template("mediation/form.html", case=case, m=m, form=form, errors=errors, summary=summary, version=version,
                        stored=stored, labels=FIELD_LABELS, active_tab="huur", prefill=prefill, **_choices()),  # fmt: skip
        status,
    )


@bp.route("/dossiers/<int:case_id>/huur/nieuw", methods=["GET", "POST"])
@login_required
def new(case_id: int) -> Any:
    case = load_case(case_id, "case_view" if request.method == "GET" else "case_change")
    db = get_session()
    running = running_mediation(db, case)
    if request.method == "GET":
        prefill = prefill_from_case(db, case)
        blank = MediationForm.blank(prefill, clock.today())
        return _render_form(case, form=blank.values(), errors={}, m=running, prefill=prefill)
    once = claim_once(db)
    posted = MediationForm()
    data = posted.check(facts=_facts(case), new=True)
    form, errors = posted.values(), posted.error_texts()
    if data is not None:
        try:
            m = create_mediation(db, case, data, by_user_id=current_user.user_id, today=clock.today())
            once.done(db, url_for("mediation.show", case_id=case.id, mediation_id=m.id))
            db.commit()
        except MediationError as exc:  # raised before anything changed
            errors = {exc.field: message_of(exc)}
        else:
            flash(_("De bemiddeling is vastgelegd."), "success")
            flash_date_notes(posted.date_notes)
            return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id))
    db.commit()  # keeps the audit event of opening the case
    return _render_form(case, form=form, errors=errors, m=running, status=422)


def _stored_differences(m: Mediation, typed: dict[str, str]) -> dict[str, str]:
    """Field -> what is saved now, where it differs from what was typed (the stale view)."""
    saved = MediationForm.of(m).values()
    out: dict[str, str] = {}
    for name in EDIT_FIELDS:
        if (saved.get(name) or "").strip() != (typed.get(name) or "").strip():
            value = saved.get(name) or ""
            if name == "landlord" and value:
                value = _(LANDLORD_LABELS_NL.get(value, value))  # type: ignore[call-overload]
            elif value == "1":
                value = _("ja")
            out[name] = value
    return out


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit(case_id: int, mediation_id: int) -> Any:
    case = load_case(case_id, "case_view" if request.method == "GET" else "case_change")
    db = get_session()
    m = get_mediation(db, case, mediation_id)
    if m is None:
        abort(404)
    if request.method == "GET":
        return _render_form(case, form=MediationForm.of(m).values(), errors={}, m=m, version=m.version)
    posted = MediationForm()
    form = posted.values()

    def conflict() -> tuple[str, int]:
        fresh = get_mediation(db, case, mediation_id) or abort(404)
        return _render_form(case, form=form, errors={}, m=fresh, version=fresh.version,
                            stored=_stored_differences(fresh, form), status=409)  # fmt: skip

    if posted.version.data != m.version:
        db.commit()
        return conflict()
    data = posted.check(facts=_facts(case), new=False)
    if data is None:
        db.commit()
        return _render_form(case, form=form, errors=posted.error_texts(), m=m, version=m.version, status=422)
    saved = save_locked(db, lambda: update_mediation(db, case, m, data, by_user_id=current_user.user_id), conflict)
    if saved.stale:
        return saved.conflict
    flash(_("De wijzigingen zijn opgeslagen."), "success")
    return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id))


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    if request.method == "POST":

        def conflict() -> Any:
            flash(_("Iemand anders heeft deze bemiddeling net gewijzigd. Bekijk hem opnieuw voordat u hem verwijdert."), "error")
            return redirect(url_for("mediation.show", case_id=case.id, mediation_id=mediation_id))

        saved = save_locked(db, lambda: delete_mediation(db, case, m), conflict,
                            expected=VersionForm().version.data, current=m.version)  # fmt: skip
        if saved.stale:
            return saved.conflict
        flash(_("De bemiddeling is verwijderd."), "success")
        return redirect(url_for("mediation.overview", case_id=case.id))
    return render_template("mediation/delete.html", case=case, m=m, active_tab="huur", **_choices())


# ------------------------------------------------------------- stage and outcome
def _stale_text() -> str:
    return _("Iemand anders heeft deze bemiddeling net gewijzigd. Er is niets opgeslagen. Kijk de gegevens na en probeer het opnieuw.")


def _refused(case: Case, m: Mediation, form_key: str, typed: dict[str, str], errors: dict[str, str], *,
             stale: bool = False) -> tuple[str, int]:  # fmt: skip
    db = get_session()
    db.rollback()
    audit.record("case_view", object_type="case", object_id=case.id, location_id=case.location_id, detail="form_error", commit=True)
    fresh = get_mediation(db, case, m.id)
    if fresh is None:
        abort(404)
    return _render_case(case, mediation=fresh, forms={form_key: typed}, errors={form_key: errors},
                        stale=_stale_text() if stale else None, status=409 if stale else 422, template="mediation/show.html")  # fmt: skip


Refusal = Callable[[dict[str, str], bool], tuple[str, int]]  # (errors, stale) -> the page again


def _save_or_refuse(posted: Any, version: int, refuse: Refusal, apply: Callable[[], object], *,
                    valid: Callable[[], object] | None = None) -> Any | None:  # fmt: skip
    """Saves one versioned form of the mediation pages: None when saved, else the refusal:
    stale (409) when the record changed since the form was shown or someone saved in
    between, the form's errors or the service's reason at its field (422)."""
    if posted.version.data != version:
        return refuse({}, True)
    if not (valid or posted.validate)():
        return refuse(posted.error_texts(), False)
    try:
        saved = save_locked(get_session(), apply, lambda: refuse({}, True))
    except MediationError as exc:
        return refuse({exc.field: message_of(exc)}, False)
    return saved.conflict if saved.stale else None


def _mediation_refusal(case: Case, m: Mediation, form_key: str, typed: dict[str, str]) -> Refusal:
    return lambda errors, stale: _refused(case, m, form_key, typed, errors, stale=stale)


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/fase", methods=["POST"])
@login_required
def change_stage(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    posted = StageForm()
    refused = _save_or_refuse(posted, m.version, _mediation_refusal(case, m, "stage", posted.values()),
                              lambda: do_change_stage(db, case, m, posted.stage.data, on=posted.stage_on.data, event_on=posted.event_on.data,
                                                      by_user_id=current_user.user_id, today=clock.today()),
                              valid=_dates_valid(posted, case))  # fmt: skip
    if refused is not None:
        return refused
    stage = posted.stage.data
    flash(_("De fase is nu: %(stage)s.", stage=_(STAGE_LABELS_NL[stage])), "success")
    if stage is MediationStage.AANZEGGING_ONTRUIMING:
        flash(_("Een aangekondigde ontruiming is een crisis: de hulp moet binnen 3 werkdagen beginnen."), "warning")
    return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id))


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/uitkomst", methods=["POST"])
@login_required
def set_outcome(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    posted = OutcomeForm()
    refused = _save_or_refuse(posted, m.version, _mediation_refusal(case, m, "outcome", posted.values()),
                              lambda: do_set_outcome(db, case, m, posted.outcome.data, on=posted.outcome_on.data,
                                                     by_user_id=current_user.user_id, today=clock.today()),
                              valid=_dates_valid(posted, case))  # fmt: skip
    if refused is not None:
        return refused
    flash(_("De uitkomst is opgeslagen."), "success")
    return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id))


# ------------------------------------------------------------------ arrangement
@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/regeling", methods=["GET", "POST"])
@login_required
def new_arrangement(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    current = summarise(m, clock.today()).arrangement
    blank = {"amount": "", "start_on": "", "months": "", "made_on": _today_text()}
    if request.method == "GET":
        return render_template("mediation/arrangement.html", case=case, m=m, current=current, form=blank, errors={},
                               version=m.version, active_tab="huur", owed=owed_now(db, case, m), **_choices())  # fmt: skip
    once = claim_once(db)
    posted = ArrangementForm()
    form = {k: v for k, v in posted.values().items() if k != "version"}
    errors: dict[str, str] = {}
    stale = posted.version.data != m.version
    if not stale:
        data = posted.check(facts=_facts(case))
        errors = posted.error_texts()
        if data is not None:

            def save() -> None:
                make_arrangement(db, case, m, data, by_user_id=current_user.user_id)
                once.done(db, url_for("mediation.show", case_id=case.id, mediation_id=m.id) + "#regeling")

            try:
                stale = save_locked(db, save, lambda: True).stale
            except MediationError as exc:  # raised before anything changed
                errors = {exc.field: message_of(exc)}
            if not stale and not errors:
                flash(_("De betalingsregeling is vastgelegd. De termijnen staan hieronder."), "success")
                flash_date_notes(posted.date_notes)
                plan = plan_check_of(db, case, m)
                if plan is not None and not plan.covers:
                    flash(_("Let op: %(n)s termijnen van %(amount)s is %(planned)s. De achterstand is %(owed)s: "
                            "er blijft %(short)s over na de regeling. Spreek met de verhuurder af hoe dat betaald wordt.",
                            n=data.months, amount=format_eur(data.amount), planned=format_eur(plan.planned),
                            owed=format_eur(plan.owed), short=format_eur(plan.shortfall)), "warning")  # fmt: skip
                return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id) + "#regeling")
    if stale:
        m = get_mediation(db, case, mediation_id) or abort(404)
        current = summarise(m, clock.today()).arrangement
    db.commit()
    return render_template("mediation/arrangement.html", case=case, m=m, current=current, form=form, errors=errors,
                           version=m.version, stale=stale, active_tab="huur", owed=owed_now(db, case, m),
                           **_choices()), (409 if stale else 422)  # fmt: skip


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/regeling/<int:arrangement_id>/stoppen", methods=["GET", "POST"])
@login_required
def end_arrangement_view(case_id: int, mediation_id: int, arrangement_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    arr = get_arrangement(db, case, m, arrangement_id)
    if arr is None:
        abort(404)
    form = {"reason": "", "on": _today_text()}
    errors: dict[str, str] = {}
    stale = False
    if request.method == "POST":
        posted = EndArrangementForm()
        form = {k: v for k, v in posted.values().items() if k != "version"}
        if posted.version.data != arr.version:
            stale = True
        else:
            errors = posted.error_texts() if not posted.validate() else {}
            if not errors:
                try:
                    stale = save_locked(db, lambda: end_arrangement(db, case, m, arr, posted.reason.data, on=posted.on.data,
                                                                    by_user_id=current_user.user_id, today=clock.today()),
                                        lambda: True).stale  # fmt: skip
                except MediationError as exc:  # raised before anything changed
                    errors = {exc.field: message_of(exc)}
                if not stale and not errors:
                    flash(_("De regeling is beëindigd."), "success")
                    return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id) + "#regeling")
        if stale:
            arr = get_arrangement(db, case, m, arrangement_id) or abort(404)
        db.commit()
    code = 409 if stale else (422 if errors else 200)
    return render_template("mediation/arrangement_end.html", case=case, m=m, arr=arr, form=form, errors=errors, stale=stale,
                           active_tab="huur", **_choices()), code  # fmt: skip


@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/termijnen/<int:instalment_id>", methods=["POST"])
@login_required
def mark(case_id: int, mediation_id: int, instalment_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    inst = get_instalment(db, case, m, instalment_id)
    if inst is None:
        abort(404)
    posted = MarkForm()
    typed = {k: v for k, v in posted.values().items() if k != "version"}

    left: list[Any] = []

    def apply() -> None:
        status = posted.status.data
        on = None if status is InstalmentStatus.OPEN else posted.on.data
        left.append(mark_instalment(db, case, m, inst, status, on=on, by_user_id=current_user.user_id, today=clock.today()))

    def valid() -> bool:
        ok = posted.check()
        if ok and posted.status.data is not InstalmentStatus.OPEN:
            posted.check_fact_dates(_facts(case))
        return not posted.error_texts()

    refused = _save_or_refuse(posted, inst.version, _mediation_refusal(case, m, f"inst-{inst.id}", typed), apply, valid=valid)
    if refused is not None:
        return refused
    if left and left[0] is not None:
        flash(_("De huurschuld in de schuldenlijst is bijgewerkt: nog open %(amount)s.", amount=format_eur(left[0])), "info")
    status = posted.status.data
    if status is InstalmentStatus.GEMIST:
        flash(_("Termijn %(n)s staat op gemist. Neem snel contact op met de verhuurder: die start anders vaak de procedure opnieuw.",
                n=inst.number), "warning")  # fmt: skip
    elif status is InstalmentStatus.BETAALD:
        flash(_("Termijn %(n)s staat op betaald.", n=inst.number), "success")
    else:
        flash(_("Termijn %(n)s staat weer open.", n=inst.number), "success")
    return redirect(url_for("mediation.show", case_id=case.id, mediation_id=m.id) + "#regeling")


# --------------------------------------------------------------- contact attempts
@bp.route("/dossiers/<int:case_id>/huur/<int:mediation_id>/contact", methods=["POST"])
@login_required
def add_attempt_view(case_id: int, mediation_id: int) -> Any:
    case, m = _load(case_id, mediation_id)
    db = get_session()
    once = claim_once(db)
    posted = AttemptForm()
    typed = posted.values()
    data = posted.check(facts=_facts(case))
    if data is None:
        return _refused(case, m, "attempt", typed, posted.error_texts())
    add_attempt(db, case, m, data, by_user_id=current_user.user_id)
    flash_date_notes(posted.date_notes)
    return once.saved(db, url_for("mediation.show", case_id=case.id, mediation_id=m.id) + "#contact",
                      _("Het contact met de verhuurder is opgeschreven."))  # fmt: skip


# ------------------------------------------------------------------------ crisis
def _crisis_refused(case: Case, form_key: str, typed: dict[str, str], errors: dict[str, str], *,
                    stale: bool = False) -> tuple[str, int]:  # fmt: skip
    db = get_session()
    db.rollback()
    audit.record("case_view", object_type="case", object_id=case.id, location_id=case.location_id, detail="form_error", commit=True)
    return _render_case(case, forms={form_key: typed}, errors={form_key: errors},
                        stale=_("Iemand anders heeft deze crisis net gewijzigd. Er is niets opgeslagen.") if stale else None,
                        status=409 if stale else 422)  # fmt: skip


@bp.route("/dossiers/<int:case_id>/crisis", methods=["POST"])
@login_required
def new_crisis(case_id: int) -> Any:
    case = load_case(case_id, "case_change")
    db = get_session()
    once = claim_once(db)
    posted = CrisisForm()
    typed = posted.values()
    if not _dates_valid(posted, case)():
        return _crisis_refused(case, "crisis_new", typed, posted.error_texts())
    kind, since = posted.crisis_kind.data, posted.crisis_since.data
    running = running_mediation(db, case)

    def save() -> None:
        add_crisis(db, case, kind, since=since, by_user_id=current_user.user_id, today=clock.today(),
                   mediation_id=running.id if running is not None and kind is CrisisKind.ONTRUIMING else None)  # fmt: skip
        once.done(db, url_for("mediation.overview", case_id=case.id) + "#crisis")

    try:
        saved = save_locked(db, save, lambda: _crisis_refused(case, "crisis_new", typed, {}, stale=True))
    except MediationError as exc:
        return _crisis_refused(case, "crisis_new", typed, {"crisis_" + exc.field: message_of(exc)})
    if saved.stale:
        return saved.conflict
    flash(_("De crisis is vastgelegd. De hulp moet binnen 3 werkdagen beginnen."), "warning")
    return redirect(url_for("mediation.overview", case_id=case.id) + "#crisis")


@bp.route("/dossiers/<int:case_id>/crisis/<int:crisis_id>/afhandelen", methods=["POST"])
@login_required
def handle_crisis_view(case_id: int, crisis_id: int) -> Any:
    case = load_case(case_id, "case_change")
    db = get_session()
    crisis = get_crisis(db, case, crisis_id)
    if crisis is None:
        abort(404)
    key = f"crisis-{crisis.id}"
    posted = HandleCrisisForm()
    typed = {k: v for k, v in posted.values().items() if k != "version"}
    refused = _save_or_refuse(posted, crisis.version, lambda errors, stale: _crisis_refused(case, key, typed, errors, stale=stale),
                              lambda: handle_crisis(db, case, crisis, posted.action.data, on=posted.on.data,
                                                    by_user_id=current_user.user_id, today=clock.today()),
                              valid=_dates_valid(posted, case))  # fmt: skip
    if refused is not None:
        return refused
    flash(_("De crisis is afgehandeld."), "success")
    return redirect(url_for("mediation.overview", case_id=case.id) + "#crisis")


# ------------------------------------------------------- the coordinator's list
@bp.route("/dossiers/locatie/huur")
@login_required
def location_home() -> Any:
    return redirect(url_for("mediation.location", location_id=first_coordinated_location_id()))


@bp.route("/dossiers/locatie/<int:location_id>/huur")
@login_required
def location(location_id: int) -> Any:
    loc = load_coordinated_location(location_id)
    db = get_session()
    today = clock.today()
    rows = location_mediations(db, location_id, today)
    crisis_only = crisis_cases_without_mediation(db, location_id, rows)
    my_locations = list(
        db.scalars(select(Location).where(Location.id.in_(current_user.locations(Role.COORDINATOR))).order_by(Location.name))
    )
    audit.record("mediation_list", object_type="location", object_id=location_id, location_id=location_id,
                 detail=f"rows:{len(rows)}")  # fmt: skip
    return render_template("mediation/location.html", location=loc, rows=rows, crisis_only=crisis_only, today=today,
                           my_locations=my_locations, **_choices())  # fmt: skip

