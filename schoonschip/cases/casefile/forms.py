"""Forms of the case file on WTForms: a new case, the resident (Persoon tab), the story
(Verhaal tab), contact moments and consent.

Field names are those of templates/cases/*.html. Errors are Dutch texts of the catalogue.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import gettext as _
from wtforms import StringField

from schoonschip.cases.casefile.models import ErasureReason
from schoonschip.cases.casefile.records import (
    CONTACT_NOTE_LIMIT,
    MAX_CONTACT_MINUTES,
    STORY_LIMIT,
    ConsentPurpose,
    ContactKind,
)
from schoonschip.cases.casefile.resident import (
    MAX_CHILDREN,
    MAX_OTHER_ADULTS,
    TEXT_LIMITS,
    BewindKind,
    Landlord,
    MemberKind,
    ReferralSource,
    Resident,
    ResidentInput,
)
from schoonschip.dates import FactContext, FactKind
from schoonschip.i18n import N_
from schoonschip.web.forms import DutchDateField, EnumSelectField, Form, IdField, Limit, VersionField, strip

_POSTCODE = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")
_PHONE = re.compile(r"^[0-9+()\-\s]{6,30}$")
_YEARS_SPLIT = re.compile(r"[\s,;/]+")
_CHOOSE = N_("Kies een van de mogelijkheden.")


def _text(limit: int | None = None) -> StringField:
    return StringField(filters=[strip], validators=[Limit(limit)] if limit else [])


# --- a new case --------------------------------------------------------------------------
class NewCaseForm(Form):
    alias = _text()
    location_id = StringField(default="")
    coach = StringField(default="me", filters=[lambda v: v or "me"])

    def check(
        self, *, locations: set[int], coordinated: set[int], workers: dict[int, list[Any]], me: int
    ) -> tuple[int, int | None]:
        """Validate against what this user may choose; returns (location id, coach id)."""
        self.validate()
        alias = self.alias.data or ""
        if not alias:
            self.add_error("alias", _("Vul een voornaam of een bijnaam in."))
        elif len(alias) > 80:
            self.add_error("alias", _("Gebruik hooguit 80 tekens."))
        raw = self.location_id.data or ""
        location_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else -1
        if location_id not in locations:
            self.add_error("location_id", _("Kies een locatie."))
        coach_id: int | None = me
        if self.coach.data != "me":
            if location_id not in coordinated:
                self.add_error("coach", _("Alleen een coördinator kiest een andere coach."))
            elif self.coach.data == "none":
                coach_id = None
            else:
                ids = {str(u.id): u.id for u in workers.get(location_id, [])}
                if self.coach.data not in ids:
                    self.add_error("coach", _("Deze coach werkt niet op de gekozen locatie."))
                else:
                    coach_id = ids[self.coach.data]
        return location_id, coach_id


# --- access: coach, sharing, transfer, erasure ----------------------------------------------
class AccessForm(Form):
    """The coordinator's small forms on the Toegang page (each posts one of these ids)."""

    coach_id = IdField()
    user_id = IdField()
    location_id = IdField()
    bevestigd = StringField()


class BulkReassignForm(Form):
    """All cases of one coach at a location to another coach (a confirmation step first)."""

    from_id = IdField()
    to_id = IdField()
    bevestigd = StringField()

    def check(self, *, holders: set[int], workers: set[int]) -> bool:
        self.validate()
        for name, allowed in (("from_id", holders), ("to_id", workers)):
            if self[name].data not in allowed:
                self.add_error(name, _("Kies een coach."))
        if not self.error_texts() and self.from_id.data == self.to_id.data:
            self.add_error("to_id", _("Kies twee verschillende coaches."))
        return not self.error_texts()


class EraseForm(Form):
    reason = EnumSelectField(enum=ErasureReason, message=N_("Kies waarom dit dossier gewist wordt."))
    reference = StringField(filters=[strip])

    def check(self, case_reference: str) -> bool:
        self.validate()
        if (self.reference.data or "").upper() != case_reference:
            self.add_error("reference", _("Het dossiernummer klopt niet. Typ het precies over."))
        return not self.error_texts()


# --- a stage change ------------------------------------------------------------------------
class StageForm(Form):
    """The next stage of a case; closing it has its own date field and a reason."""

    on = DutchDateField(fact=FactKind.CASEWORK)
    close_on = DutchDateField(fact=FactKind.CASEWORK)
    reason = StringField(default="")
    to_stage = StringField(default="")
    version = StringField(default="")

    def check(self, *, closing: bool, today: date) -> date | None:
        """The date of the change, or None with the errors in the form."""
        self.validate()
        key, other = ("close_on", "on") if closing else ("on", "close_on")
        self[other].errors = []  # only the date of this kind of change counts
        on = self[key].data
        self.check_fact_dates(FactContext(today=today), only=[key])
        if closing and not self.reason.data:
            self.add_error("reason", _("Kies waarom het dossier wordt afgesloten."))
        return None if self.error_texts() else on

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}


# --- the story ---------------------------------------------------------------------------
class StoryForm(Form):
    how_it_arose = _text(STORY_LIMIT)
    doing_now = _text(STORY_LIMIT)
    in_resident_overview = StringField(filters=[lambda v: "ja" if v == "ja" else ""])
    version = VersionField(empty=0)

    @classmethod
    def of(cls, story: Any | None) -> StoryForm:
        if story is None:
            return cls(formdata=None, data={"version": 0})
        return cls(formdata=None, data={
            "how_it_arose": story.how_it_arose or "",
            "doing_now": story.doing_now or "",
            "in_resident_overview": "ja" if story.in_resident_overview else "",
            "version": story.version,
        })  # fmt: skip

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}


# --- contact moments and consent ----------------------------------------------------------
class ContactForm(Form):
    on = DutchDateField(fact=FactKind.CASEWORK)
    kind = EnumSelectField(enum=ContactKind, message=N_("Kies wat voor contact het was."))
    minutes = _text()
    note = _text(CONTACT_NOTE_LIMIT)
    date_notes: dict[str, str]

    def check(self, ctx: FactContext) -> bool:
        """Validate; the one date rule gives ``date_notes`` for a date before the case."""
        self.validate()
        self.date_notes = self.check_fact_dates(ctx)
        raw = self.minutes.data or ""
        if not (raw.isascii() and raw.isdecimal()) or not 1 <= int(raw) <= MAX_CONTACT_MINUTES:
            self.add_error("minutes", _("Vul het aantal minuten in, van 1 tot %(n)s.", n=MAX_CONTACT_MINUTES))
        return not self.error_texts()


class ConsentForm(Form):
    purpose = EnumSelectField(enum=ConsentPurpose, message=N_("Kies waarvoor de toestemming is."))
    given = StringField(filters=[strip])
    on = DutchDateField(fact=FactKind.CASEWORK)
    date_notes: dict[str, str]

    def check(self, ctx: FactContext) -> bool:
        """Validate; the one date rule gives ``date_notes`` for a date before the case."""
        self.validate()
        if self.given.data not in ("ja", "nee"):
            self.add_error("given", _("Kies: gegeven of ingetrokken."))
        self.date_notes = self.check_fact_dates(ctx)
        return not self.error_texts()


# --- the resident -------------------------------------------------------------------------
def _coded(enum: Any) -> EnumSelectField[Any]:
    return EnumSelectField(enum=enum, message=_CHOOSE, allow_empty=True)


class ResidentForm(Form):
    """The Persoon tab. Nothing is required: the coach fills in what is known."""

    full_name = _text(TEXT_LIMITS["full_name"])
    birth_date = DutchDateField(allow_empty=True, fact=FactKind.BIRTH)
    address = _text(TEXT_LIMITS["address"])
    postcode = _text(TEXT_LIMITS["postcode"])
    phone = _text(TEXT_LIMITS["phone"])
    languages = _text(TEXT_LIMITS["languages"])
    reads_dutch_hard = StringField(filters=[strip])
    has_partner = StringField(filters=[strip])
    partner_birth_date = DutchDateField(allow_empty=True, fact=FactKind.BIRTH)
    children_birth_years = _text()
    adults_27plus = _text()
    adults_under_27 = _text()
    landlord = _coded(Landlord)
    bewind_kind = _coded(BewindKind)
    bewind_by = _text(TEXT_LIMITS["bewind_by"])
    bewind_since = DutchDateField(allow_empty=True, fact=FactKind.LIFE)
    referral_source = _coded(ReferralSource)
    version = VersionField(empty=0)

    @classmethod
    def of(cls, resident: Resident | None) -> ResidentForm:
        """The stored values as the coach would type them (for the form and the conflict view)."""
        if resident is None:
            return cls(formdata=None, data={"version": 0})

        def yn(v: bool | None) -> str:
            return "" if v is None else ("ja" if v else "nee")

        children = sorted(
            m.birth_year for m in resident.members if m.kind == MemberKind.CHILD and m.birth_year
        )
        adults = [m for m in resident.members if m.kind == MemberKind.ADULT]
        data: dict[str, Any] = {name: getattr(resident, name) for name in (
            "full_name", "birth_date", "address", "postcode", "phone", "languages", "partner_birth_date",
            "bewind_by", "bewind_since", "version")}  # fmt: skip
        for name, enum in (
            ("landlord", Landlord),
            ("bewind_kind", BewindKind),
            ("referral_source", ReferralSource),
        ):
            data[name] = enum(getattr(resident, name)) if getattr(resident, name) else None
        data.update(
            reads_dutch_hard=yn(resident.reads_dutch_hard),
            has_partner=yn(resident.has_partner),
            children_birth_years=", ".join(str(y) for y in children),
            adults_27plus=str(sum(1 for m in adults if m.age_27_plus)) if adults else "",
            adults_under_27=str(sum(1 for m in adults if not m.age_27_plus)) if adults else "",
        )
        return cls(formdata=None, data=data)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in super().values().items() if k != "version"}

    def check(self, today: date) -> ResidentInput | None:
        """Validate; the parsed values, or None (errors in ``error_texts()``)."""
        self.validate()
        data = ResidentInput()
        for name in TEXT_LIMITS:
            setattr(data, name, self[name].data or None)
        if data.postcode and not self.postcode.errors:
            if not _POSTCODE.match(data.postcode):
                self.add_error("postcode", _("Schrijf de postcode zo: 1102 AB."))
            else:
                pc = data.postcode.replace(" ", "").upper()
                data.postcode = f"{pc[:4]} {pc[4:]}"
        if data.phone and not self.phone.errors and not _PHONE.match(data.phone):
            self.add_error("phone", _("Gebruik alleen cijfers, spaties, + en -."))
        # The typed birth date is the one "nothing before birth" is checked against.
        self.check_fact_dates(FactContext(today=today, birth_date=self.birth_date.data))
        for name in ("birth_date", "partner_birth_date", "bewind_since"):
            value = self[name].data
            if value is not None and not self[name].errors:
                setattr(data, name, value)
        data.reads_dutch_hard = {"ja": True, "nee": False}.get(self.reads_dutch_hard.data or "")
        data.has_partner = {"ja": True, "nee": False}.get(self.has_partner.data or "")
        if data.has_partner is not True and data.partner_birth_date is not None:
            self.add_error("partner_birth_date", _("Vul dit alleen in als er een partner is."), replace=True)
        data.children_birth_years = self._years(today)
        for name in ("adults_27plus", "adults_under_27"):
            raw = self[name].data or ""
            if raw == "":
                setattr(data, name, 0)
            elif raw.isascii() and raw.isdecimal() and int(raw) <= MAX_OTHER_ADULTS:
                setattr(data, name, int(raw))
            else:
                self.add_error(name, _("Vul een aantal in, van 0 tot %(n)s.", n=MAX_OTHER_ADULTS))
        for name in ("landlord", "referral_source", "bewind_kind"):
            setattr(data, name, self[name].data.value if self[name].data is not None else None)
        if data.bewind_kind in (None, BewindKind.GEEN) and (data.bewind_by or data.bewind_since):
            self.add_error("bewind_kind", _("Kies eerst beschermingsbewind of budgetbeheer."), replace=True)
        return None if self.error_texts() else data

    def _years(self, today: date) -> list[int]:
        years: list[int] = []
        for part in filter(None, _YEARS_SPLIT.split(self.children_birth_years.data or "")):
            if not (part.isascii() and part.isdecimal()) or not today.year - 40 <= int(part) <= today.year:
                self.add_error("children_birth_years", _(
                    "Schrijf geboortejaren zo: 2012, 2015 (tussen %(a)s en %(b)s).", a=today.year - 40, b=today.year
                ))  # fmt: skip
                return years
            years.append(int(part))
        if len(years) > MAX_CHILDREN:
            self.add_error("children_birth_years", _("Hooguit %(n)s kinderen.", n=MAX_CHILDREN), replace=True)
        return years
