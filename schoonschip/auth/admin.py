"""User and location management (coordinators for their location, beheerders for all)."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from ..db import get_session
from .core import role_required
from .models import Location, Role, User

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.route("/gebruikers")
@role_required(Role.COORDINATOR, Role.BEHEERDER)
def users() -> str:
    db = get_session()
    return render_template("admin/users.html", users=db.scalars(select(User).order_by(User.username)).all())


@bp.route("/locaties")
@role_required(Role.BEHEERDER)
def locations() -> str:
    db = get_session()
    return render_template("admin/locations.html", locations=db.scalars(select(Location).order_by(Location.name)).all())
