"""Quick tally pages: one click "+1" at the spreekuur, a confirmed correction (-1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoonschip import clock
from schoonschip.auth.core import login_required
from schoonschip.auth.models import Location, Role
from schoonschip.cases.errors import CaseActionError
from schoonschip.db import get_session
from schoonschip.reports.forms import TallyForm
from schoonschip.reports.tally import (
    TALLY_LABELS_NL,
    TALLY_TOPICS,
    TallyTopic,
    add_one,
    counts_on,
    remove_one,
)
from schoonschip.web import translate_message
from schoonschip.web.forms import claim_once

bp = Blueprint("tally", __name__, url_prefix="/telling")


def _my_locations() -> list[Location]:
    ids = current_user.locations(Role.COACH, Role.COORDINATOR)
    if not ids:
        abort(404)
    return list(get_session().scalars(select(Location).where(Location.id.in_(ids)).order_by(Location.name)))


def _location(location_id: int) -> Location:
    if location_id not in current_user.locations(Role.COACH, Role.COORDINATOR):
        abort(404)
    loc = get_session().get(Location, location_id)
    if loc is None:
        abort(404)
    return loc


@bp.route("/")
@login_required
def home() -> object:
    locations = _my_locations()
    return redirect(url_for("tally.location", location_id=locations[0].id))


@bp.route("/<int:location_id>")
@login_required
def location(location_id: int) -> str:
    loc = _location(location_id)
    today = clock.today()
    counts = counts_on(get_session(), loc.id, today)
    return render_template(
        "tally/index.html",
        location=loc,
        locations=_my_locations(),
        today=today,
        counts=counts,
        total=sum(counts.values()),
        topics=TALLY_TOPICS,
        labels=TALLY_LABELS_NL,
    )


def _count_one(
    loc: Location, topic: str, today: date, change: Callable[[Session, int, str, date], int], done: Callable[[str, int], str]
) -> object:
    """+1 or -1 for one topic today, saved once per form (a second post of the same form is
    not counted again); what the service refuses comes back as a message on the tally page."""
    db = get_session()
    once = claim_once(db)
    back = url_for("tally.location", location_id=loc.id)
    try:
        n = change(db, loc.id, topic, today)
    except CaseActionError as e:
        flash(translate_message(e.message), "error")
        return redirect(back)
    return once.saved(db, back, done(_(TALLY_LABELS_NL[TallyTopic(topic)]), n))


@bp.route("/<int:location_id>/plus", methods=["POST"])
@login_required
def plus(location_id: int) -> object:
    loc = _location(location_id)
    form = TallyForm()
    form.validate()
    topic = form.topic._value()  # noqa: SLF001 - the service checks the topic and says so
    return _count_one(loc, topic, clock.today(), add_one, lambda label, n: _("Geteld: %(topic)s. Vandaag nu %(n)s.", topic=label, n=n))


@bp.route("/<int:location_id>/min", methods=["GET", "POST"])
@login_required
def minus(location_id: int) -> object:
    loc = _location(location_id)
    db = get_session()
    form = TallyForm(request.values)
    if not form.validate():
        return redirect(url_for("tally.location", location_id=loc.id))
    topic = form.topic.data.value
    today = clock.today()
    if request.method == "GET":
        return render_template(
            "tally/correct.html", location=loc, topic=topic, label=TALLY_LABELS_NL[TallyTopic(topic)], count=counts_on(db, loc.id, today)[topic]
        )
    return _count_one(
        loc, topic, today, remove_one, lambda label, n: _("Eén weggehaald bij %(topic)s. Vandaag nu %(n)s.", topic=label, n=n)
    )
