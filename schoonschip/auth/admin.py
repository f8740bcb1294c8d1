"""User and location management: coordinators for the users of their location,
beheerders for everyone and for the locations. Outside your scope a user is "not found"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers.response import Response

from schoonschip import audit, clock
from schoonschip.auth import throttle
from schoonschip.auth.core import role_required
from schoonschip.auth.forms import LocationEndForm, LocationForm, LocationNameForm, RoleForm, UserForm
from schoonschip.auth.models import ROLE_LABELS_NL, Location, Role, RoleAssignment, User
from schoonschip.auth.service import (
    Scope,
    add_role,
    can_manage,
    can_see,
    create_location,
    create_user,
    deactivate_user,
    end_location,
    end_sessions,
    grantable_roles,
    parse_role_choice,
    reactivate_user,
    remove_role,
    rename_location,
    reopen_location,
    reset_password,
    role_label,
    scope_of,
    visible_users,
)
from schoonschip.db import get_session
from schoonschip.web.forms import claim_once, save_locked

bp = Blueprint("admin", __name__, url_prefix="/beheer")

ADMINS = (Role.COORDINATOR, Role.BEHEERDER)


def _scope() -> Scope:
    return scope_of(current_user)


def _load_user(user_id: int, *, manage: bool) -> User:
    """The user if the actor may see (or manage) them; 404 and an audit event otherwise."""
    db = get_session()
    user = db.get(User, user_id)
    scope = _scope()
    allowed = user is not None and (can_manage(scope, user) if manage else can_see(scope, user))
    if not allowed:
        audit.record("user_refused", object_type="user", object_id=user_id, outcome="refused", commit=True)
        abort(404)
    assert user is not None
    return user


def _to_user_page(user: User) -> Response:
    return redirect(url_for("admin.user_show", user_id=user.id))


def _other_user(user_id: int, own_account_message: str) -> User:
    """A user the actor may manage, never the actor: for their own account they get
    ``own_account_message`` on their own page instead."""
    user = _load_user(user_id, manage=True)
    if user.id == current_user.user_id:
        flash(own_account_message, "error")
        abort(_to_user_page(user))
    return user


def _locations_by_id() -> dict[int, Location]:
    return {loc.id: loc for loc in get_session().scalars(select(Location))}


def _roles_text(user: User, locs: dict[int, Location]) -> list[str]:
    return sorted(role_label(r.role, locs.get(r.location_id) if r.location_id else None) for r in user.roles)


# --- users ---------------------------------------------------------------------------


@bp.route("/gebruikers")
@role_required(*ADMINS)
def users() -> str:
    db = get_session()
    scope = _scope()
    rows = db.scalars(visible_users(scope)).unique().all()
    locs = _locations_by_id()
    # Repeated failed logins (auth/throttle.py): the beheerder sees which accounts.
    notices = throttle.recent_notices(db) if scope.everything else []
    return render_template(
        "admin/users.html",
        users=[(u, _roles_text(u, locs), can_manage(scope, u)) for u in rows],
        notices=notices,
        names={u.id: u.username for u in rows},
    )


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@role_required(*ADMINS)
def user_new() -> object:
    db = get_session()
    scope = _scope()
    options = grantable_roles(db, scope, clock.today())
    form = {"username": "", "display_name": "", "role": options[0][0] if len(options) == 1 else ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        once = claim_once(db)
        posted = UserForm()
        choice = posted.check(db, options)
        form, errors = posted.values(), posted.error_texts()
        if not errors and choice is not None:
            user, code = create_user(
                db,
                username=form["username"],
                display_name=form["display_name"],
                role=choice[0],
                location_id=choice[1],
                by_user_id=current_user.user_id,
            )
            once.done(db, url_for("admin.user_show", user_id=user.id))
            db.commit()
            return render_template("admin/user_code.html", user=user, code=code, new=True)
    return render_template("admin/user_new.html", form=form, errors=errors, options=options), (422 if errors else 200)


@bp.route("/gebruikers/<int:user_id>")
@role_required(*ADMINS)
def user_show(user_id: int) -> str:
    return _render_user_show(_load_user(user_id, manage=False))


def _render_user_show(user: User, *, role_value: str = "", errors: dict[str, str] | None = None) -> str:
    scope = _scope()
    locs = _locations_by_id()
    manageable = can_manage(scope, user)
    options = grantable_roles(get_session(), scope, clock.today()) if manageable else []
    held = {f"{r.role}:{r.location_id or ''}" for r in user.roles}
    roles = sorted(
        ((r, role_label(r.role, locs.get(r.location_id) if r.location_id else None)) for r in user.roles),
        key=lambda pair: pair[1],
    )
    return render_template(
        "admin/user_show.html",
        user=user,
        roles=roles,
        manageable=manageable,
        is_self=user.id == current_user.user_id,
        options=[o for o in options if o[0] not in held],
        can_remove=manageable and len(user.roles) > 1,
        scope=scope,
        role_value=role_value,
        errors=errors or {},
        notices=throttle.recent_notices(get_session(), user.id) if scope.everything else [],
    )


@bp.route("/gebruikers/<int:user_id>/deactiveren", methods=["GET", "POST"])
@role_required(*ADMINS)
def user_deactivate(user_id: int) -> object:
    user = _other_user(user_id, _("U kunt uw eigen account niet blokkeren."))
    if request.method == "POST":
        if user.active:
            deactivate_user(get_session(), user, by_user_id=current_user.user_id)
            get_session().commit()
        flash(_("%(name)s kan niet meer inloggen. Open sessies zijn beëindigd.", name=user.display_name), "success")
        return _to_user_page(user)
    return render_template("admin/user_deactivate.html", user=user)


@bp.route("/gebruikers/<int:user_id>/uitloggen", methods=["POST"])
@role_required(*ADMINS)
def user_sessions_end(user_id: int) -> object:
    """Log someone out everywhere, e.g. when their laptop or phone is lost."""
    user = _other_user(user_id, _("Uw eigen sessies beëindigt u door uit te loggen."))
    end_sessions(get_session(), user, by_user_id=current_user.user_id)
    get_session().commit()
    flash(_("%(name)s is overal uitgelogd en moet opnieuw inloggen.", name=user.display_name), "success")
    return _to_user_page(user)


@bp.route("/gebruikers/<int:user_id>/activeren", methods=["POST"])
@role_required(*ADMINS)
def user_reactivate(user_id: int) -> object:
    user = _load_user(user_id, manage=True)
    if not user.active:
        reactivate_user(get_session(), user, by_user_id=current_user.user_id)
        get_session().commit()
    flash(_("%(name)s kan weer inloggen.", name=user.display_name), "success")
    return _to_user_page(user)


@bp.route("/gebruikers/<int:user_id>/wachtwoord", methods=["GET", "POST"])
@role_required(*ADMINS)
def user_reset(user_id: int) -> object:
    user = _other_user(user_id, _("Uw eigen wachtwoord wijzigt u via Mijn account."))
    if request.method == "POST":
        db = get_session()
        code = reset_password(
            db, user, by_user_id=current_user.user_id, reset_second_factor=request.form.get("reset_2fa") == "ja"
        )
        db.commit()
        return render_template("admin/user_code.html", user=user, code=code, new=False)
    return render_template("admin/user_reset.html", user=user)


@bp.route("/gebruikers/<int:user_id>/rollen", methods=["POST"])
@role_required(*ADMINS)
def user_role_add(user_id: int) -> object:
    user = _load_user(user_id, manage=True)
    db = get_session()
    posted = RoleForm()
    choice = parse_role_choice(posted.role.data or "", grantable_roles(db, _scope(), clock.today()))
    if choice is None:
        # The form again, with the error next to the field (not a redirect that loses it).
        errors = {"role": _("Kies een rol om toe te voegen.")}
        return _render_user_show(user, role_value=posted.role.data or "", errors=errors), 422
    if add_role(db, user, choice[0], choice[1], by_user_id=current_user.user_id):
        db.commit()
        flash(_("De rol is toegevoegd."), "success")
    return _to_user_page(user)


@bp.route("/gebruikers/<int:user_id>/rollen/<int:role_id>/verwijderen", methods=["POST"])
@role_required(*ADMINS)
def user_role_remove(user_id: int, role_id: int) -> object:
    user = _load_user(user_id, manage=True)
    db = get_session()
    assignment = next((r for r in user.roles if r.id == role_id), None)
    if assignment is None:
        abort(404)
    scope = _scope()
    in_scope = scope.everything or (
        Role(assignment.role) in (Role.COACH, Role.COORDINATOR) and assignment.location_id in scope.location_ids
    )
    if not in_scope:
        abort(404)
    if len(user.roles) <= 1:
        flash(_("Iemand heeft minstens één rol nodig. Wilt u dat deze persoon niet meer inlogt? Blokkeer dan het account."), "error")
    elif user.id == current_user.user_id and assignment.role == Role.BEHEERDER.value:
        flash(_("U kunt uw eigen beheerdersrol niet weghalen. Vraag een andere beheerder."), "error")
    else:
        remove_role(db, user, assignment, by_user_id=current_user.user_id)
        db.commit()
        flash(_("De rol is weggehaald."), "success")
    return _to_user_page(user)


# --- locations ----------------------------------------------------------------------


def _load_location(location_id: int) -> Location:
    loc = get_session().get(Location, location_id)
    if loc is None:
        abort(404)
    return loc


@bp.route("/locaties")
@role_required(Role.BEHEERDER)
def locations() -> str:
    db = get_session()
    locs = db.scalars(select(Location).order_by(Location.name)).all()
    people_at: dict[int, set[int]] = {}
    for ra in db.scalars(select(RoleAssignment).where(RoleAssignment.location_id.is_not(None))):
        people_at.setdefault(ra.location_id, set()).add(ra.user_id)  # type: ignore[arg-type]
    counts = {loc_id: len(ids) for loc_id, ids in people_at.items()}
    return render_template("admin/locations.html", locations=locs, counts=counts, today=clock.today())


@bp.route("/locaties/nieuw", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def location_new() -> object:
    form = {"code": "", "name": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        db = get_session()
        once = claim_once(db)
        posted = LocationForm()
        posted.check(db)
        form, errors = posted.values(), posted.error_texts()
        if not errors:
            created = create_location(db, code=form["code"], name=form["name"], today=clock.today(), by_user_id=current_user.user_id)
            once.done(db, url_for("admin.location_edit", location_id=created.id))
            db.commit()
            flash(_("Locatie %(name)s is toegevoegd.", name=form["name"]), "success")
            return redirect(url_for("admin.locations"))
    return render_template("admin/location_new.html", form=form, errors=errors), (422 if errors else 200)


def _stale_message() -> str:
    return _("Iemand anders heeft deze locatie net gewijzigd. Bekijk de gegevens hieronder en probeer het opnieuw.")


@bp.route("/locaties/<int:location_id>", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def location_edit(location_id: int) -> object:
    loc = _load_location(location_id)
    form = {"name": loc.name}
    errors: dict[str, str] = {}
    if request.method == "POST":
        db = get_session()
        posted = LocationNameForm()
        posted.check()
        form, errors = {"name": posted.name.data or ""}, posted.error_texts()
        if not errors:
            saved = save_locked(db, lambda: rename_location(db, loc, form["name"], by_user_id=current_user.user_id), None,
                                expected=posted.version.data, current=loc.version)  # fmt: skip
            if saved.stale:
                errors["name"] = _stale_message()
                loc = _load_location(location_id)
            else:
                flash(_("De naam is gewijzigd."), "success")
                return redirect(url_for("admin.locations"))
    return render_template(
        "admin/location_edit.html", loc=loc, form=form, errors=errors, active=loc.is_active(clock.today())
    ), (422 if errors else 200)


@bp.route("/locaties/<int:location_id>/beeindigen", methods=["GET", "POST"])
@role_required(Role.BEHEERDER)
def location_end(location_id: int) -> object:
    loc = _load_location(location_id)
    today = clock.today()
    form = {"ended_on": today.strftime("%d-%m-%Y")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        db = get_session()
        posted = LocationEndForm()
        ended_on = posted.check(loc)
        form, errors = {"ended_on": posted.ended_on.data or ""}, posted.error_texts()
        if not errors and ended_on is not None:
            saved = save_locked(db, lambda: end_location(db, loc, ended_on, by_user_id=current_user.user_id), None,
                                expected=posted.version.data, current=loc.version)  # fmt: skip
            if saved.stale:
                errors["ended_on"] = _stale_message()
                loc = _load_location(location_id)
            else:
                flash(_("Locatie %(name)s stopt op %(date)s. Voor nieuwe dossiers en gebruikers wordt zij daarna niet meer aangeboden.",
                        name=loc.name, date=ended_on.strftime("%d-%m-%Y")), "success")
                return redirect(url_for("admin.locations"))
    return render_template("admin/location_end.html", loc=loc, form=form, errors=errors), (422 if errors else 200)


@bp.route("/locaties/<int:location_id>/heropenen", methods=["POST"])
@role_required(Role.BEHEERDER)
def location_reopen(location_id: int) -> object:
    loc = _load_location(location_id)
    if loc.ended_on is not None:
        reopen_location(get_session(), loc, by_user_id=current_user.user_id)
        get_session().commit()
        flash(_("Locatie %(name)s is weer open.", name=loc.name), "success")
    return redirect(url_for("admin.location_edit", location_id=loc.id))


# --- for the start page ------------------------------------------------------------


@bp.app_template_global()
def people_overview() -> dict[str, object]:
    """What the start page shows a coordinator or beheerder: users in scope, locations."""
    if not current_user.is_authenticated or not current_user.has_role(*ADMINS):
        return {"users": [], "locations": []}
    db = get_session()
    scope = _scope()
    locs = _locations_by_id()
    # Plain columns, not User objects, and the roles of all of them in one query: the start
    # page's cost grew with a location's coaches (docs/performance.md).
    listed = visible_users(scope)
    people = db.execute(listed.with_only_columns(User.id, User.username, User.display_name, User.active)).all()
    roles: dict[int, list[str]] = {}
    if people:
        ids = listed.with_only_columns(User.id).order_by(None)
        for uid, role, loc_id in db.execute(
            select(RoleAssignment.user_id, RoleAssignment.role, RoleAssignment.location_id).where(RoleAssignment.user_id.in_(ids))
        ):
            roles.setdefault(uid, []).append(role_label(role, locs.get(loc_id) if loc_id else None))
    users = [(u, sorted(roles.get(u.id, []))) for u in people]
    locations = sorted(locs.values(), key=lambda loc: loc.name) if scope.everything else []
    return {"users": users, "locations": locations, "today": clock.today(), "role_labels": ROLE_LABELS_NL}
