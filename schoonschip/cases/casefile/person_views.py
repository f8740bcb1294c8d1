"""The Persoon tab (resident details and household) and the Verhaal tab (step A).

Both use optimistic locking: the form carries the version it was opened at; a stale save
is refused with a Dutch message, the user's input stays in the form, and what the other
person saved is shown beside it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip import clock
from schoonschip.auth.core import login_required
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.forms import ResidentForm, StoryForm
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import STORY_LIMIT, save_story, story_of
from schoonschip.cases.casefile.resident import (
    BEWIND_LABELS_NL,
    LANDLORD_LABELS_NL,
    REFERRAL_LABELS_NL,
    resident_of,
    save_resident,
)
from schoonschip.cases.casefile.rules import age_facts
from schoonschip.cases.casefile.views import _after_failure, bp, options
from schoonschip.cases.errors import StaleEdit
from schoonschip.db import get_session
from schoonschip.i18n import N_
from schoonschip.web.forms import differences, save_locked
from schoonschip.web.tabs import register_tab

register_tab("persoon", N_("Persoon"), "cases.person", 20)
register_tab("verhaal", N_("Verhaal"), "cases.story", 30)

FIELD_LABELS = {
    "full_name": N_("Volledige naam"),
    "birth_date": N_("Geboortedatum"),
    "address": N_("Adres"),
    "postcode": N_("Postcode"),
    "phone": N_("Telefoon"),
    "languages": N_("Talen die de bewoner spreekt"),
    "reads_dutch_hard": N_("Nederlands lezen is moeilijk"),
    "has_partner": N_("Partner"),
    "partner_birth_date": N_("Geboortedatum partner"),
    "children_birth_years": N_("Geboortejaren van de kinderen"),
    "adults_27plus": N_("Andere volwassenen van 27 jaar of ouder"),
    "adults_under_27": N_("Andere volwassenen jonger dan 27"),
    "landlord": N_("Verhuurder"),
    "bewind_kind": N_("Beschermingsbewind of budgetbeheer"),
    "bewind_by": N_("Door wie"),
    "bewind_since": N_("Sinds"),
    "referral_source": N_("Hoe kwam de bewoner bij ons"),
}


CODED = {"landlord": LANDLORD_LABELS_NL, "referral_source": REFERRAL_LABELS_NL, "bewind_kind": BEWIND_LABELS_NL}


def _shown(field: str, value: str) -> str:
    """A stored form value as a person reads it (labels, not codes)."""
    if field in CODED and value:
        return _(CODED[field].get(value, value))  # type: ignore[call-overload]
    if value in ("ja", "nee") and field in ("reads_dutch_hard", "has_partner"):
        return _("Ja") if value == "ja" else _("Nee")
    return value


def _render_person(case: Case, form: dict[str, str], errors: dict[str, str], *, version: int, stored: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    today = clock.today()
    resident = resident_of(get_session(), case.id)
    age = age_facts(resident.birth_date, today) if resident is not None and resident.birth_date else None
    return (
        render_template(
            "cases/person.html",
            case=case,
            form=form,
            errors=errors,
            version=version,
            stored=stored,
            labels=FIELD_LABELS,
            age=age,
            landlords=options(LANDLORD_LABELS_NL),
            referrals=options(REFERRAL_LABELS_NL),
            bewind=options(BEWIND_LABELS_NL),
            active_tab="persoon",
        ),
        status,
    )


@bp.route("/<int:case_id>/persoon", methods=["GET", "POST"])
@login_required
def person(case_id: int) -> object:
    if request.method == "GET":
        case = load_case(case_id, "case_view")
        resident = resident_of(get_session(), case.id)
        return _render_person(case, ResidentForm.of(resident).values(), {}, version=resident.version if resident else 0)
    case = load_case(case_id, "case_change")
    db = get_session()
    posted = ResidentForm()
    form = posted.values()
    expected = posted.version.data
    data = posted.check(clock.today())
    if data is None:
        _after_failure(case)
        return _render_person(case, form, posted.error_texts(), version=expected, status=422)

    def conflict() -> tuple[str, int]:
        _after_failure(case)
        resident = resident_of(db, case.id)
        differing = {k: _shown(k, v) for k, v in differences(ResidentForm.of(resident).values(), form).items()}
        # The form now carries the current version: saving again, after looking, wins.
        return _render_person(case, form, {}, version=resident.version if resident else 0, stored=differing, status=409)

    saved = save_locked(db, lambda: save_resident(db, case, data, expected_version=expected, by_user_id=current_user.user_id),
                        conflict, stale=(StaleEdit,))  # fmt: skip
    if saved.stale:
        return saved.conflict
    flash(_("De gegevens van de bewoner zijn opgeslagen."), "success")
    return redirect(url_for("cases.person", case_id=case.id))


def _render_story(case: Case, form: dict[str, str], errors: dict[str, str], *, version: int, stored: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    return (
        render_template(
            "cases/story.html",
            case=case,
            form=form,
            errors=errors,
            version=version,
            stored=stored,
            limit=STORY_LIMIT,
            active_tab="verhaal",
        ),
        status,
    )


@bp.route("/<int:case_id>/verhaal", methods=["GET", "POST"])
@login_required
def story(case_id: int) -> object:
    db = get_session()
    if request.method == "GET":
        case = load_case(case_id, "case_view")
        s = story_of(db, case.id)
        return _render_story(case, StoryForm.of(s).values(), {}, version=s.version if s else 0)
    case = load_case(case_id, "case_change")
    posted = StoryForm()
    form = posted.values()
    expected = posted.version.data
    if not posted.validate():
        _after_failure(case)
        return _render_story(case, form, posted.error_texts(), version=expected, status=422)

    def conflict() -> tuple[str, int]:
        _after_failure(case)
        s = story_of(db, case.id)
        stored = {k: v for k, v in StoryForm.of(s).values().items() if v != form[k]}
        return _render_story(case, form, {}, version=s.version if s else 0, stored=stored, status=409)

    saved = save_locked(db, lambda: save_story(
        db,
        case,
        how_it_arose=form["how_it_arose"],
        doing_now=form["doing_now"],
        in_resident_overview=form["in_resident_overview"] == "ja",
        expected_version=expected,
        by_user_id=current_user.user_id,
    ), conflict, stale=(StaleEdit,))  # fmt: skip
    if saved.stale:
        return saved.conflict
    flash(_("Het verhaal is opgeslagen."), "success")
    return redirect(url_for("cases.story", case_id=case.id))
