"""Budget and Aflossen case tabs. Thin: load the case, parse, call the service, render.

Every route loads its case through ``load_case`` first (404 + audit for anyone who may not
see it), then looks up the version or item *within that case* (404 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from schoonschip import audit, clock
from schoonschip.auth.core import login_required
from schoonschip.auth.service import user_names
from schoonschip.budget import forms, service
from schoonschip.budget.models import EXPENSE, INCOME, BudgetEntry, BudgetVersion
from schoonschip.budget.rules.items import ExpenseGroup, ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.budget.rules.vtlb import AgeBand
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.resident import fact_context
from schoonschip.cases.casefile.service import household_facts
from schoonschip.cases.debts.service import open_debts_for_offer
from schoonschip.dates import format_date_input
from schoonschip.db import get_session
from schoonschip.i18n import N_, message_of
from schoonschip.web.forms import Form, Saved, claim_once, flash_date_notes, save_locked
from schoonschip.web.tabs import register_tab
from schoonschip.web.urls import id_arg

F = TypeVar("F", bound=Form)

bp = Blueprint("budget", __name__, url_prefix="/dossiers")

register_tab("budget", N_("Budget"), "budget.budget", 40)
register_tab("aflossen", N_("Aflossen"), "budget.capacity", 50)


PREFIX = {INCOME: "in_", EXPENSE: "ex_"}
DIRECTION_SLUG = {"inkomen": INCOME, "uitgave": EXPENSE}


def _options() -> dict[str, Any]:
    return {
        "income_kinds": [(k.value, k.label) for k in IncomeKind],
        "persons": [(p.value, p.label) for p in Person],
        "frequencies": [(f.value, f.label) for f in Frequency],
        "expense_groups": [
            (g.label, [(k.value, k.label) for k in ExpenseKind if k.group is g]) for g in ExpenseGroup
        ],
        "age_bands": [(b.value, b.label) for b in AgeBand],
        "INCOME": INCOME,
        "EXPENSE": EXPENSE,
    }


def _version_or_404(case: Case, version_id: int | str | None) -> BudgetVersion:
    v = service.version_of_case(get_session(), case.id, version_id)
    if v is None:
        abort(404)
    return v


def _shown_version(case: Case) -> tuple[list[BudgetVersion], BudgetVersion | None]:
    db = get_session()
    versions = service.list_versions(db, case.id)
    wanted = request.args.get("versie")
    if wanted:
        return versions, _version_or_404(case, id_arg(wanted))  # a range-checked id, else 404
    return versions, versions[0] if versions else None


def _stale_message(saved: Saved[Any]) -> str:
    """The Dutch text of the stale error (the service's own, or the usual one)."""
    error = saved.error if isinstance(saved.error, service.StaleError) else service.StaleError()
    return error.message


def _capacity_and_offer(
    db: Session, case: Case, version: BudgetVersion
) -> tuple[service.CapacityView, service.OfferView]:
    """The budget calculates with what the case file and the debt ledger give for this case."""
    cap = service.capacity_for(db, version, case_facts=household_facts(case))
    return cap, service.offer_for(version, cap, open_debts_for_offer(db, case))


# --- Budget tab ----------------------------------------------------------------------------


def _render_budget(
    case: Case,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    version_values: dict[str, str] | None = None,
) -> tuple[str, int]:
    db = get_session()
    versions, shown = _shown_version(case)
    current = versions[0] if versions else None
    all_values = {**forms.item_values(INCOME, PREFIX[INCOME]), **forms.item_values(EXPENSE, PREFIX[EXPENSE])}
    all_values.update(values or {})
    picture = service.budget_picture(shown) if shown else None
    return (
        render_template(
            "budget/budget.html",
            case=case,
            active_tab="budget",
            versions=versions,
            shown=shown,
            current=current,
            editable=shown is not None and current is not None and shown.id == current.id,
            picture=picture,
            values=all_values,
            errors=errors or {},
            stale=stale,
            version_values=version_values or {"peildatum": format_date_input(clock.today())},
            names=user_names(db, [v.created_by_id for v in versions]),
            **_options(),
        ),
        status,
    )


@bp.route("/<int:case_id>/budget")
@login_required
def budget(case_id: int) -> Any:
    case = load_case(case_id)
    return _render_budget(case)


@bp.route("/<int:case_id>/budget/versies", methods=["POST"])
@login_required
def new_version(case_id: int) -> Any:
    case = load_case(case_id, "budget_version_create")
    db = get_session()
    once = claim_once(db)
    form = forms.PeildatumForm()
    values = form.values()
    expected_raw = request.form.get("current_id", "")
    expected = int(expected_raw) if expected_raw.isascii() and expected_raw.isdecimal() else None
    form.validate()
    notes = form.check_fact_dates(fact_context(db, case, clock.today()))
    if form.error_texts() or form.peildatum.data is None:
        return _render_budget(case, status=422, errors=form.error_texts(), version_values=values)

    def save() -> BudgetVersion:
        made = service.create_version(
            db, case, peildatum=form.peildatum.data, user_id=current_user.user_id, expected_current_id=expected
        )
        once.done(db, url_for("budget.budget", case_id=case.id))
        return made

    try:
        saved = save_locked(db, save, None, stale=(service.StaleError,))
    except service.VersionError as exc:
        db.rollback()
        return _render_budget(case, status=422, errors={"peildatum": message_of(exc)}, version_values=values)
    if saved.stale or saved.value is None:
        return _render_budget(case, status=409, stale=_stale_message(saved), version_values=values)
    v = saved.value
    flash(
        _("Nieuwe versie van de begroting gemaakt, peildatum %(d)s.", d=v.peildatum.strftime("%d-%m-%Y")),
        "success",
    )
    flash_date_notes(notes)
    return redirect(url_for("budget.budget", case_id=case.id))


@bp.route("/<int:case_id>/budget/<int:version_id>/<direction>", methods=["POST"])
@login_required
def add_item(case_id: int, version_id: int, direction: str) -> Any:
    case = load_case(case_id, "budget_item_add")
    if direction not in DIRECTION_SLUG:
        abort(404)
    purpose = f"budget.add_item.{direction}"  # two forms on one page: each has its own token
    direction = DIRECTION_SLUG[direction]
    version = _version_or_404(case, version_id)
    db = get_session()
    once = claim_once(db, purpose)
    form = forms.ItemForm(prefix=PREFIX[direction])
    data = form.check(direction)
    values = form.values()
    if data is None:
        return _render_budget(case, status=422, values=values, errors=form.error_texts())

    def save() -> None:
        service.add_entry(db, case, version, data)
        once.done(db, url_for("budget.budget", case_id=case.id, _anchor="inkomsten" if direction == INCOME else "uitgaven"))

    saved = save_locked(db, save, None, stale=(service.StaleError,))
    if saved.stale:
        return _render_budget(case, status=409, values=values, stale=_stale_message(saved))
    flash(_("Inkomen toegevoegd.") if direction == INCOME else _("Uitgave toegevoegd."), "success")
    anchor = "inkomsten" if direction == INCOME else "uitgaven"
    return redirect(url_for("budget.budget", case_id=case.id, _anchor=anchor))


def _entry_or_404(case_id: int, entry_id: int, change: str) -> tuple[Case, BudgetEntry]:
    """The case and its budget line: opened for ``change`` when posted, else for viewing."""
    case = load_case(case_id, change if request.method == "POST" else "case_view")
    e = service.entry_of_case(get_session(), case.id, entry_id)
    if e is None:
        abort(404)
    return case, e


def _render_item(
    case: Case,
    entry: BudgetEntry,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    stale: str | None = None,
    version: str | None = None,
) -> tuple[str, int]:
    return (
        render_template(
            "budget/item_edit.html",
            case=case,
            active_tab="budget",
            entry=entry,
            values=values,
            errors=errors,
            stale=stale,
            form_version=version if version is not None else str(entry.version),
            **_options(),
        ),
        status,
    )


@bp.route("/<int:case_id>/budget/posten/<int:entry_id>", methods=["GET", "POST"])
@login_required
def edit_item(case_id: int, entry_id: int) -> Any:
    case, entry = _entry_or_404(case_id, entry_id, "budget_item_change")
    db = get_session()
    if request.method == "GET":
        values = forms.entry_values(entry.kind, entry.person, entry.frequency, entry.amount, entry.label)
        return _render_item(case, entry, values, {})
    form = forms.ItemForm()
    data = form.check(entry.direction)
    values = form.values()
    form_version = request.form.get("version", "")
    if data is None:
        return _render_item(case, entry, values, form.error_texts(), 422, version=form_version)
    saved = save_locked(db, lambda: service.update_entry(db, case, entry, data, form_version), None,
                        stale=(service.StaleError,))  # fmt: skip
    if saved.stale:
        return _render_item(case, entry, values, {}, 409, stale=_stale_message(saved), version=form_version)
    flash(_("De regel is gewijzigd."), "success")
    anchor = "inkomsten" if entry.direction == INCOME else "uitgaven"
    return redirect(url_for("budget.budget", case_id=case.id, _anchor=anchor))


@bp.route("/<int:case_id>/budget/posten/<int:entry_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete_item(case_id: int, entry_id: int) -> Any:
    case, entry = _entry_or_404(case_id, entry_id, "budget_item_delete")
    db = get_session()
    stale = None
    if request.method == "POST":
        saved = save_locked(db, lambda: service.delete_entry(db, case, entry, request.form.get("version")), None,
                            stale=(service.StaleError,))  # fmt: skip
        if saved.stale:
            stale = _stale_message(saved)
        else:
            flash(_("De regel is verwijderd."), "success")
            return redirect(url_for("budget.budget", case_id=case.id))
    item = entry.to_item()
    return (
        render_template(
            "budget/item_delete.html", case=case, active_tab="budget", entry=entry, item=item, stale=stale
        ),
        409 if stale else 200,
    )


# --- Aflossen tab ----------------------------------------------------------------------------


def _render_capacity(
    case: Case,
    *,
    version: BudgetVersion | None = None,
    status: int = 200,
    values: dict[str, dict[str, str]] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    stale: str | None = None,
) -> tuple[str, int]:
    db = get_session()
    versions, shown = _shown_version(case)
    if version is not None:
        shown = version
    current = versions[0] if versions else None
    ctx: dict[str, Any] = {
        "case": case,
        "active_tab": "aflossen",
        "versions": versions,
        "shown": shown,
        "current": current,
        "editable": shown is not None and current is not None and shown.id == current.id,
        "stale": stale,
        "errors": errors or {},
        **_options(),
    }
    if shown is not None:
        cap, offer = _capacity_and_offer(db, case, shown)
        v = {
            "household": forms.household_values(
                cap.household.facts if cap.household.source != "aanname" else None
            ),
            "corrections": forms.corrections_values(cap.corrections),
            "offer": forms.offer_values(offer.settings),
            "official": forms.official_values(),
        }
        for k, val in (values or {}).items():
            v[k] = val
        ctx.update(
            cap=cap,
            offer=offer,
            values=v,
            snapshots=service.snapshots_of(db, shown.id),
            names=user_names(db, [o.recorded_by_id for o in cap.official_history]),
            format_difference=service.format_difference,
        )
    return render_template("budget/capacity.html", **ctx), status


@bp.route("/<int:case_id>/aflossen")
@login_required
def capacity(case_id: int) -> Any:
    case = load_case(case_id)
    return _render_capacity(case)


def _checked(form: F, check: Callable[[F], Any]) -> tuple[Any, dict[str, str], dict[str, str]]:
    """(data or None, what was typed, errors) of a posted form."""
    data = check(form)
    return data, form.values(), form.error_texts()


def _save_version_form(
    case_id: int, version_id: int, action: str, form_key: str, parse: Any, save: Any, anchor: str
) -> Any:
    case = load_case(case_id, action)
    version = _version_or_404(case, version_id)
    db = get_session()
    data, values, errors = parse()
    if data is None and not (form_key == "household" and request.form.get("use_case_file")):
        return _render_capacity(
            case, version=version, status=422, values={form_key: values}, errors={form_key: errors}
        )
    saved = save_locked(db, lambda: save(db, case, version, data, request.form.get("version")), None,
                        stale=(service.StaleError,))  # fmt: skip
    if saved.stale:
        return _render_capacity(
            case, version=version, status=409, values={form_key: values}, stale=_stale_message(saved)
        )
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("budget.capacity", case_id=case.id, _anchor=anchor))


@bp.route("/<int:case_id>/aflossen/<int:version_id>/gezin", methods=["POST"])
@login_required
def save_household(case_id: int, version_id: int) -> Any:
    today = clock.today()

    def parse() -> tuple[Any, dict[str, str], dict[str, str]]:
        if request.form.get("use_case_file"):
            return None, forms.household_values(None), {}
        return _checked(forms.HouseholdForm(), lambda f: f.check(today))

    return _save_version_form(case_id, version_id, "budget_household", "household", parse, service.save_household, "gezin")


@bp.route("/<int:case_id>/aflossen/<int:version_id>/correcties", methods=["POST"])
@login_required
def save_corrections(case_id: int, version_id: int) -> Any:
    parse = _form_check(forms.CorrectionsForm)
    return _save_version_form(case_id, version_id, "budget_corrections", "corrections", parse, service.save_corrections,
                              "correcties")  # fmt: skip


@bp.route("/<int:case_id>/aflossen/<int:version_id>/aanbod", methods=["POST"])
@login_required
def save_offer(case_id: int, version_id: int) -> Any:
    parse = _form_check(forms.OfferForm)
    return _save_version_form(case_id, version_id, "budget_offer_settings", "offer", parse, service.save_offer_settings,
                              "aanbod")  # fmt: skip


def _form_check(form_class: Callable[[], Any]) -> Callable[[], tuple[Any, dict[str, str], dict[str, str]]]:
    """Parsing a posted form whose ``check()`` takes nothing."""
    return lambda: _checked(form_class(), lambda f: f.check())


@bp.route("/<int:case_id>/aflossen/<int:version_id>/officieel", methods=["POST"])
@login_required
def save_official(case_id: int, version_id: int) -> Any:
    case = load_case(case_id, "official_vtlb_record")
    version = _version_or_404(case, version_id)
    db = get_session()
    data, values, errors = _checked(forms.OfficialForm(), lambda f: f.check(clock.today()))
    if data is None:
        return _render_capacity(
            case, version=version, status=422, values={"official": values}, errors={"official": errors}
        )
    service.record_official(db, case, version, data, user_id=current_user.user_id)
    db.commit()
    flash(_("De officiële VTLB is opgeslagen."), "success")
    return redirect(url_for("budget.capacity", case_id=case.id, versie=version.id, _anchor="officieel"))


@bp.route("/<int:case_id>/aflossen/<int:version_id>/vastleggen", methods=["POST"])
@login_required
def snapshot(case_id: int, version_id: int) -> Any:
    case = load_case(case_id, "capacity_snapshot")
    version = _version_or_404(case, version_id)
    db = get_session()
    cap, offer = _capacity_and_offer(db, case, version)
    to_print = request.form.get("print") == "1"
    try:
        service.take_snapshot(
            db,
            case,
            version,
            cap,
            offer,
            user_id=current_user.user_id,
            purpose="afdruk" if to_print else "vastgelegd",
        )
    except service.VersionError as exc:
        db.rollback()
        return _render_capacity(case, version=version, status=422, stale=message_of(exc))
    db.commit()
    if to_print:
        return redirect(url_for("budget.print_offer", case_id=case.id, versie=version.id))
    flash(
        _(
            "De berekening is vastgelegd met normenset %(code)s.",
            code=cap.normset.code if cap.normset else "",
        ),
        "success",
    )
    return redirect(url_for("budget.capacity", case_id=case.id, versie=version.id, _anchor="vastgelegd"))


@bp.route("/<int:case_id>/aflossen/afdruk")
@login_required
def print_offer(case_id: int) -> Any:
    case = load_case(case_id)
    versions, shown = _shown_version(case)
    if shown is None:
        abort(404)
    audit.record(
        "case_print", object_type="case", object_id=case.id, location_id=case.location_id, detail="offer"
    )
    db = get_session()
    cap, offer = _capacity_and_offer(db, case, shown)
    return render_template(
        "budget/print_offer.html",
        case=case,
        shown=shown,
        cap=cap,
        offer=offer,
        printed_on=clock.today(),
        format_difference=service.format_difference,
    )
