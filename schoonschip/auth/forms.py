"""The beheerder's and coordinator's forms on WTForms: a new user, a role, a new location,
renaming and ending a location. (The login, code and password forms stay hand-written in
auth/views.py: each answer there is part of the throttling and the audit trail.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import StringField

from schoonschip.auth.models import Location, Role
from schoonschip.auth.service import (
    LOCATION_CODE_RE,
    USERNAME_RE,
    parse_date_nl,
    parse_role_choice,
    username_taken,
)
from schoonschip.web.forms import Form, VersionField, strip


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _one_space(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


class UserForm(Form):
    """A new user with their first role (``options``: the roles this admin may grant)."""

    username = StringField(filters=[strip, _lower])
    display_name = StringField(filters=[_one_space])
    role = StringField(filters=[lambda v: v or ""])

    def check(self, db: Session, options: list[tuple[str, str]]) -> tuple[Role, int | None] | None:
        self.validate()
        if not USERNAME_RE.fullmatch(self.username.data or ""):
            self.add_error("username", _(
                "Gebruik 3 tot 60 tekens: kleine letters, cijfers, punt, streepje of liggend streepje. "
                "Bijvoorbeeld: coach.amina"
            ))  # fmt: skip
        elif username_taken(db, self.username.data or ""):
            self.add_error("username", _("Deze gebruikersnaam bestaat al. Kies een andere."))
        if not self.display_name.data:
            self.add_error("display_name", _("Vul de naam in zoals collega's die kennen."))
        elif len(self.display_name.data) > 100:
            self.add_error("display_name", _("Gebruik hooguit 100 tekens."))
        choice = parse_role_choice(self.role.data or "", options)
        if choice is None:
            self.add_error("role", _("Kies een rol."))
        return None if self.error_texts() else choice


class RoleForm(Form):
    role = StringField(filters=[lambda v: v or ""])


class LocationForm(Form):
    """A new location: a short code and a name."""

    code = StringField(filters=[strip, _lower])
    name = StringField(filters=[_one_space])

    def check(self, db: Session) -> bool:
        self.validate()
        if not LOCATION_CODE_RE.fullmatch(self.code.data or ""):
            self.add_error(
                "code",
                _(
                    "Gebruik 2 tot 30 tekens: kleine letters, cijfers of een streepje. Bijvoorbeeld: multibron"
                ),
            )
        elif db.scalar(select(Location.id).where(Location.code == self.code.data)) is not None:
            self.add_error("code", _("Deze korte naam bestaat al."))
        _check_name(self)
        return not self.error_texts()


def _check_name(form: Form) -> None:
    name = form["name"].data
    if not name:
        form.add_error("name", _("Vul de naam van de locatie in."))
    elif len(name) > 100:
        form.add_error("name", _("Gebruik hooguit 100 tekens."))


class LocationNameForm(Form):
    name = StringField(filters=[_one_space])
    version = VersionField(empty=0)

    def check(self) -> bool:
        self.validate()
        _check_name(self)
        return not self.error_texts()


class LocationEndForm(Form):
    """The end date of a location (``31-12-2025``; also ``31-12-25``)."""

    ended_on = StringField(filters=[strip])
    version = VersionField(empty=0)

    def check(self, loc: Location) -> date | None:
        self.validate()
        ended_on = parse_date_nl(self.ended_on.data or "")
        if ended_on is None:
            self.add_error("ended_on", _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2025."))
        elif loc.started_on is not None and ended_on < loc.started_on:
            self.add_error("ended_on", _("De einddatum ligt vóór de startdatum van de locatie."))
        return None if self.error_texts() else ended_on
