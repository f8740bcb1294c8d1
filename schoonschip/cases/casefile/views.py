"""Case pages: the lists, opening a case, the overview, stages, access and erasure.

Thin: parse input, call a service, render. Every case comes from ``load_case`` (404 and
an audit event when not allowed). No name ever appears in a URL: cases are addressed by
their random id, and the name search is a POST.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from schoonschip import audit, clock
from schoonschip.auth.core import login_required
from schoonschip.auth.models import Location, Role, User
from schoonschip.auth.service import user_names
from schoonschip.cases.casefile.access import (
    can_coordinate,
    first_coordinated_location_id,
    load_case,
    load_coordinated_location,
    visible_cases_clause,
)
from schoonschip.cases.casefile.forms import AccessForm, BulkReassignForm, EraseForm, NewCaseForm, StageForm
from schoonschip.cases.casefile.models import (
    CLOSE_REASON_LABELS_NL,
    ERASURE_REASON_LABELS_NL,
    STAGE_LABELS_NL,
    Case,
    CaseShare,
    Stage,
)
from schoonschip.cases.casefile.overview import build_overview
from schoonschip.cases.casefile.records import CONSENT_LABELS_NL, CONTACT_KIND_LABELS_NL, format_minutes
from schoonschip.cases.casefile.resident import LANDLORD_LABELS_NL
from schoonschip.cases.casefile.search import list_clause, mine_clause, page_of_cases, search_cases
from schoonschip.cases.casefile.service import (
    bulk_reassign,
    case_workers_at,
    change_stage,
    checkpoint_after_erasure,
    declare_conflict,
    erase_case,
    open_case,
    reassign,
    share,
    transfer,
    unshare,
)
from schoonschip.cases.documents.service import document_count, documents_of
from schoonschip.cases.errors import CaseActionError
from schoonschip.cases.tasks.service import tasks_of
from schoonschip.dates import format_date_input
from schoonschip.db import get_session
from schoonschip.i18n import N_
from schoonschip.web import translate_message
from schoonschip.web.forms import claim_once, save_locked
from schoonschip.web.urls import page_arg

bp = Blueprint("cases", __name__, url_prefix="/dossiers")

STAGE_FILTERS = [("open", N_("Alle open dossiers")), ("", N_("Alle dossiers"))] + [(s.value, STAGE_LABELS_NL[s]) for s in Stage]


def options(labels: dict[Any, str]) -> list[tuple[str, str]]:
    """(value, translated label) pairs for a select, from a {code: Dutch label} dict."""
    return [(str(k), _(v)) for k, v in labels.items()]


def _require_case_worker() -> None:
    if not current_user.works_with_cases():
        abort(404)


def _page_arg() -> int:
    return page_arg(request.args.get("pagina"))


def _common() -> dict[str, Any]:
    return {
        "stage_labels": STAGE_LABELS_NL,
        "close_labels": CLOSE_REASON_LABELS_NL,
        "stage_filters": STAGE_FILTERS,
    }


def _case_list(base_clause: Any, *, template_args: dict[str, Any]) -> tuple[str, int]:
    """GET: a page of the list, filtered by stage. POST: a name search (kept out of URLs)."""
    db = get_session()
    stage = (request.form.get("fase") if request.method == "POST" else request.args.get("fase", "open")) or ""
    clause = list_clause(base_clause, stage)
    term = ""
    truncated = False
    total = 0
    page = _page_arg()
    error = None
    if request.method == "POST":
        term = (request.form.get("zoek") or "").strip()[:80]
        if len(term) < 2:
            error = _("Typ minstens twee letters van de naam.")
            cases: list[Case] = []
        else:
            result = search_cases(db, clause, term)
            cases, truncated = result.cases, result.truncated
            audit.record("case_search", object_type="case_list", detail=f"hits:{len(cases)}", session=db)
            db.commit()
    else:
        cases, total = page_of_cases(db, clause, page)
    names = user_names(db, {c.coach_id for c in cases})
    args = dict(
        cases=cases,
        total=total,
        page=page,
        pages=max(1, -(-total // 50)),
        stage=stage,
        term=term,
        searched=request.method == "POST" and error is None,
        truncated=truncated,
        search_error=error,
        coach_names=names,
        **_common(),
    )
    args.update(template_args)
    return render_template("cases/list.html", **args), (422 if error else 200)


@bp.route("/", methods=["GET", "POST"])
@login_required
def my_cases() -> object:
    _require_case_worker()
    base = and_(visible_cases_clause(), mine_clause(current_user.user_id))
    return _case_list(base, template_args={"mode": "mine", "title": _("Mijn dossiers"), "location": None})


@bp.route("/locatie")
@login_required
def location_home() -> object:
    return redirect(url_for("cases.location_cases", location_id=first_coordinated_location_id()))


@bp.route("/locatie/<int:location_id>", methods=["GET", "POST"])
@login_required
def location_cases(location_id: int) -> object:
    location = load_coordinated_location(location_id)
    db = get_session()
    base = and_(visible_cases_clause(), Case.location_id == location_id)
    needing = list(
        db.scalars(
            select(Case)
            .where(base, Case.coach_id.is_(None), Case.stage != Stage.AFGESLOTEN.value)
            .order_by(Case.crisis_since.is_(None), Case.crisis_since, Case.opened_on)
        )
    )
    my_locations = list(
        db.scalars(select(Location).where(Location.id.in_(current_user.locations(Role.COORDINATOR))).order_by(Location.name))
    )
    return _case_list(
        base,
        template_args={
            "mode": "location",
            "title": _("Dossiers van %(name)s", name=location.name),
            "location": location,
            "needing_coach": needing,
            "my_locations": my_locations,
        },
    )


# --- opening ---------------------------------------------------------------------------
@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new_case() -> object:
    _require_case_worker()
    db = get_session()
    loc_ids = current_user.locations(Role.COACH, Role.COORDINATOR)
    coord_ids = current_user.locations(Role.COORDINATOR)
    locations = db.scalars(select(Location).where(Location.id.in_(loc_ids)).order_by(Location.name)).all()
    # Coordinators choose the coach among the people of their location(s).
    workers = {loc.id: case_workers_at(db, loc.id) for loc in locations if loc.id in coord_ids}
    form = {"alias": "", "location_id": str(locations[0].id) if len(locations) == 1 else "", "coach": "me"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        once = claim_once(db)
        posted = NewCaseForm()
        location_id, coach_id = posted.check(locations=loc_ids, coordinated=coord_ids, workers=workers, me=current_user.user_id)
        form, errors = posted.values(), posted.error_texts()
        if not errors:
            case = open_case(
                db,
                alias=form["alias"],
                location_id=location_id,
                coach_id=coach_id,
                by_user_id=current_user.user_id,
                today=clock.today(),
            )
            return once.saved(db, url_for("cases.show", case_id=case.id), _("Dossier %(ref)s is aangemaakt.", ref=case.reference))
    status = 422 if errors else 200
    return render_template("cases/new.html", form=form, errors=errors, locations=locations, workers=workers), status


# --- the overview and stages -------------------------------------------------------------
def _render_show(case: Case, *, stage_form: dict[str, str] | None = None, errors: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    db = get_session()
    today = clock.today()
    ov = build_overview(db, case, today, coordinator=can_coordinate(case))
    form = stage_form or {"on": format_date_input(today), "reason": "", "close_on": format_date_input(today)}
    return (
        render_template(
            "cases/show.html",
            case=case,
            ov=ov,
            today=today,
            active_tab="overzicht",
            stage_form=form,
            errors=errors or {},
            consent_labels=CONSENT_LABELS_NL,
            landlord_labels=LANDLORD_LABELS_NL,
            contact_labels=CONTACT_KIND_LABELS_NL,
            minutes_text=format_minutes(ov.minutes),
            history_names=user_names(db, {h.by_user_id for h in case.stage_history}),
            can_coordinate=can_coordinate(case),
            close_reasons=options(CLOSE_REASON_LABELS_NL),
            tasks=tasks_of(db, case, today, done_limit=0),
            documents=documents_of(db, case, limit=5),
            document_count=document_count(db, case),
            task_form={"due_on": format_date_input(today + timedelta(days=7)), "text": ""},
            **_common(),
        ),
        status,
    )


@bp.route("/<int:case_id>")
@login_required
def show(case_id: int) -> object:
    case = load_case(case_id)
    return _render_show(case)


@bp.route("/<int:case_id>/fase", methods=["POST"])
@login_required
def stage(case_id: int) -> object:
    case = load_case(case_id, "case_change")
    db = get_session()
    closing = request.form.get("to_stage") == Stage.AFGESLOTEN.value
    posted = StageForm()
    on = posted.check(closing=closing, today=clock.today())
    form = posted.values()
    errors: dict[str, str] = {}
    stale = _("Iemand anders heeft dit dossier net veranderd. Kijk of de fase nog klopt en probeer het opnieuw.")
    if posted.version.data != str(case.version):
        errors["stage"] = stale
    errors.update(posted.error_texts())
    if not errors and on is not None:
        try:
            saved = save_locked(db, lambda: change_stage(db, case, form["to_stage"], current_user.user_id, on,
                                                         reason=form["reason"] or None), None)  # fmt: skip
        except CaseActionError as e:
            errors["stage"] = e.message
        else:
            if saved.stale or saved.value is None:
                errors["stage"] = stale
            else:
                flash(_("De fase is nu: %(stage)s.", stage=_(STAGE_LABELS_NL[Stage(saved.value.to_stage)])), "success")
                return redirect(url_for("cases.show", case_id=case.id))
    _after_failure(case)
    return _render_show(case, stage_form=form, errors=errors, status=409 if errors.get("stage") == stale else 422)


# --- access: coach, sharing, conflict, transfer ----------------------------------------
def _coordinated_case(case_id: int, action: str) -> Case:
    """A case this user coordinates; 404 (and a refusal in the audit log) otherwise."""
    case = load_case(case_id, "case_view" if request.method == "GET" else "case_change")
    if not can_coordinate(case):
        db = get_session()
        if db.info.get("write_lock"):
            db.rollback()
        audit.record("case_refused", object_type="case", object_id=case.id, outcome="refused", detail=action, commit=True)
        abort(404)
    return case


def _after_failure(case: Case) -> Case:
    """A refused change: undo anything half-done, but keep the fact that the case was
    opened (the page shows it again) in the audit log."""
    db = get_session()
    db.rollback()
    audit.record("case_view", object_type="case", object_id=case.id, location_id=case.location_id, detail="form_error", commit=True)
    return case


def _render_access(case: Case, *, errors: dict[str, str] | None = None, form: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    db = get_session()
    shares = list(db.scalars(select(CaseShare.user_id).where(CaseShare.case_id == case.id)))
    names = user_names(db, {case.coach_id, *shares})
    coordinator = can_coordinate(case)
    workers = case_workers_at(db, case.location_id) if coordinator else []
    locations = (
        [loc for loc in db.scalars(select(Location).order_by(Location.name)) if loc.id != case.location_id and loc.is_active(clock.today())]
        if coordinator
        else []
    )
    return (
        render_template(
            "cases/access.html",
            case=case,
            coach_name=names.get(case.coach_id) if case.coach_id else None,
            shares=[(uid, names.get(uid, "?")) for uid in shares],
            workers=[u for u in workers if u.id != case.coach_id and u.id not in shares],
            all_workers=[u for u in workers if u.id != case.coach_id],
            locations=locations,
            coordinator=coordinator,
            errors=errors or {},
            form=form or {},
            active_tab="overzicht",
            **_common(),
        ),
        status,
    )


@bp.route("/<int:case_id>/toegang")
@login_required
def access(case_id: int) -> object:
    case = load_case(case_id, "case_view")
    return _render_access(case)


def _change_coach_access(
    case_id: int, action: str, field: str, change: Callable[[Session, Case, int], None], done: str, *, refused: str | None = None
) -> object:
    """One change to which coach works on a case (reassign, share, unshare), by a coordinator
    of its location, for the coach chosen in `field` of the AccessForm. Refused: the access
    page again with the reason at that field (422); or, given `refused`, back to the access
    page with that message."""
    case = _coordinated_case(case_id, action)
    db = get_session()
    posted = AccessForm()
    chosen = getattr(posted, field).data
    try:
        if chosen is None:
            raise ValueError
        change(db, case, chosen)
    except ValueError as e:  # CaseActionError is a ValueError; a non-number too
        if refused is not None:
            _after_failure(case)
            flash(refused, "error")
            return redirect(url_for("cases.access", case_id=case_id))
        msg = e.message if isinstance(e, CaseActionError) else _("Kies een coach.")
        return _render_access(_after_failure(case), errors={field: msg}, form=posted.values(), status=422)
    db.commit()
    flash(done, "success")
    return redirect(url_for("cases.access", case_id=case.id))


@bp.route("/<int:case_id>/coach", methods=["POST"])
@login_required
def reassign_case(case_id: int) -> object:
    return _change_coach_access(case_id, "case_reassign", "coach_id", reassign, _("De coach van dit dossier is veranderd."))


@bp.route("/<int:case_id>/delen", methods=["POST"])
@login_required
def share_case(case_id: int) -> object:
    return _change_coach_access(case_id, "case_share", "user_id", share, _("Het dossier is gedeeld."))


@bp.route("/<int:case_id>/delen/stoppen", methods=["POST"])
@login_required
def unshare_case(case_id: int) -> object:
    return _change_coach_access(
        case_id, "case_unshare", "user_id", unshare, _("Het dossier is niet meer gedeeld met deze coach."),
        refused=_("Dit dossier was niet gedeeld met deze coach."),
    )  # fmt: skip


@bp.route("/<int:case_id>/belangenconflict", methods=["GET", "POST"])
@login_required
def conflict(case_id: int) -> object:
    case = load_case(case_id, "case_change" if request.method == "POST" else "case_view")
    if request.method == "GET":
        return render_template("cases/conflict.html", case=case, active_tab="overzicht")
    db = get_session()
    try:
        declare_conflict(db, case, current_user.user_id)
    except CaseActionError as e:
        _after_failure(case)
        flash(translate_message(e.message), "error")
        return redirect(url_for("cases.my_cases"))
    reference = case.reference
    db.commit()
    flash(_("U staat niet meer op dossier %(ref)s. De coördinator zoekt zo nodig een andere coach.", ref=reference), "success")
    return redirect(url_for("cases.my_cases"))


@bp.route("/<int:case_id>/verplaatsen", methods=["POST"])
@login_required
def transfer_case(case_id: int) -> object:
    case = _coordinated_case(case_id, "case_transfer")
    db = get_session()
    posted = AccessForm()
    to_id = posted.location_id.data
    if to_id is None:
        return _render_access(_after_failure(case), errors={"location_id": _("Kies een locatie.")}, status=422)
    target = db.get(Location, to_id)
    if posted.bevestigd.data != "ja":
        if target is None or target.id == case.location_id or not target.is_active(clock.today()):
            return _render_access(_after_failure(case), errors={"location_id": _("Kies een andere locatie.")}, status=422)
        _after_failure(case)  # nothing changed yet: keep only the view in the audit log
        return render_template("cases/transfer_confirm.html", case=case, target=target, active_tab="overzicht")
    try:
        transfer(db, case, to_id, clock.today())
    except CaseActionError as e:
        return _render_access(_after_failure(case), errors={"location_id": e.message}, status=422)
    reference = case.reference
    db.commit()
    flash(_("Dossier %(ref)s hoort nu bij %(loc)s. De coördinator daar kiest een coach.", ref=reference, loc=target.name if target else ""), "success")
    if current_user.is_coordinator_at(to_id):
        return redirect(url_for("cases.show", case_id=case_id))
    return redirect(url_for("cases.location_home"))


@bp.route("/locatie/<int:location_id>/coach-wisselen", methods=["GET", "POST"])
@login_required
def bulk_reassign_view(location_id: int) -> object:
    """When a volunteer leaves: all their cases at this location to another coach."""
    location = load_coordinated_location(location_id)
    db = get_session()
    workers = case_workers_at(db, location_id)
    # Also people who left (inactive) but still hold cases here.
    holder_ids = set(
        db.scalars(select(Case.coach_id).where(Case.location_id == location_id, Case.coach_id.is_not(None), Case.erased_at.is_(None)).distinct())
    )
    holders = list(db.scalars(select(User).where(User.id.in_(holder_ids)).order_by(User.display_name)))
    counts = {
        uid: len(list(db.scalars(select(Case.id).where(Case.location_id == location_id, Case.coach_id == uid, Case.erased_at.is_(None)))))
        for uid in holder_ids
    }
    posted = BulkReassignForm(request.values)
    form = {"from_id": posted.from_id._value(), "to_id": posted.to_id._value()}  # noqa: SLF001 - as typed
    errors: dict[str, str] = {}
    if request.method == "POST":
        posted.check(holders=holder_ids, workers={u.id for u in workers})
        errors = posted.error_texts()
        ids = {"from_id": posted.from_id.data or 0, "to_id": posted.to_id.data or 0}
        if not errors and posted.bevestigd.data != "ja":
            names = user_names(db, {ids["from_id"], ids["to_id"]})
            return render_template(
                "cases/bulk_confirm.html",
                location=location,
                form=form,
                count=counts.get(ids["from_id"], 0),
                from_name=names.get(ids["from_id"]),
                to_name=names.get(ids["to_id"]),
            )
        if not errors:
            try:
                moved = bulk_reassign(db, location_id, ids["from_id"], ids["to_id"])
            except CaseActionError as e:
                db.rollback()
                errors["to_id"] = e.message
            else:
                db.commit()
                flash(_("%(n)s dossiers hebben een nieuwe coach.", n=moved), "success")
                return redirect(url_for("cases.location_cases", location_id=location_id))
    return render_template(
        "cases/bulk_reassign.html", location=location, holders=holders, workers=workers, counts=counts, form=form, errors=errors
    ), (422 if errors else 200)


# --- erasure ---------------------------------------------------------------------------
@bp.route("/<int:case_id>/wissen", methods=["GET", "POST"])
@login_required
def erase(case_id: int) -> object:
    case = _coordinated_case(case_id, "case_erase" if request.method == "POST" else "case_view")
    db = get_session()
    posted = EraseForm()
    form = posted.values()
    errors: dict[str, str] = {}
    if request.method == "POST":
        posted.check(case.reference)
        errors = posted.error_texts()
        if not errors:
            reference, location_id = case.reference, case.location_id
            erase_case(db, case, reason=form["reason"], by_user_id=current_user.user_id)
            db.commit()
            checkpoint_after_erasure(db)
            flash(_("Dossier %(ref)s is gewist. Niemand kan de inhoud nog lezen.", ref=reference), "success")
            return redirect(url_for("cases.location_cases", location_id=location_id))
    return render_template(
        "cases/erase.html",
        case=case,
        form=form,
        errors=errors,
        reasons=options(ERASURE_REASON_LABELS_NL),
        active_tab="overzicht",
    ), (422 if errors else 200)


# The other case tabs live in their own modules on this blueprint.
from schoonschip.cases.casefile import contact_views, person_views  # noqa: E402,F401
