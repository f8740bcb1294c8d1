"""The resident behind a case: details filled in when the trust is there, and the household.

Everything about the person is sealed with the case key. Only two coded categories stay
in plaintext because funders' reports count by them without opening cases: the landlord
(reports per housing corporation) and how the resident found the room (referral source).
There is no BSN field, on purpose (UAVG art. 46: no legal basis).

``household_facts(case)`` gives the household as the one
:class:`~schoonschip.budget.rules.household.HouseholdFacts` the money rules read.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session, relationship

from schoonschip import audit, clock
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.errors import StaleEdit, flush_or_stale
from schoonschip.dates import DateError, parse_date_nl
from schoonschip.db import Base, utcnow
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.sealing import Sealed, SealedField


class Landlord(LabelledEnum):
    EIGEN_HAARD = "eigen_haard", N_("Eigen Haard")
    YMERE = "ymere", N_("Ymere")
    ROCHDALE = "rochdale", N_("Rochdale")
    STADGENOOT = "stadgenoot", N_("Stadgenoot")
    DE_KEY = "de_key", N_("De Key")
    DE_ALLIANTIE = "de_alliantie", N_("De Alliantie")
    PARTICULIER = "particulier", N_("Particuliere verhuurder")
    ANDERS = "anders", N_("Anders")


LANDLORD_LABELS_NL = Landlord.labels()


class ReferralSource(LabelledEnum):
    ZELF = "zelf", N_("Zelf binnengelopen")
    BUREN = "buren", N_("Via buren of bekenden")
    WPI = "wpi_klantmanager", N_("Via de klantmanager van WPI")
    WONINGCORPORATIE = "woningcorporatie", N_("Via de woningcorporatie")
    BUURTTEAM = "buurtteam", N_("Via het buurtteam")
    VOEDSELBANK = "voedselbank", N_("Via de voedselbank")
    ANDERS = "anders", N_("Anders")


REFERRAL_LABELS_NL = ReferralSource.labels()


class BewindKind(LabelledEnum):
    GEEN = "geen", N_("Nee, geen van beide")
    BESCHERMINGSBEWIND = "beschermingsbewind", N_("Beschermingsbewind")
    BUDGETBEHEER = "budgetbeheer", N_("Budgetbeheer")


BEWIND_LABELS_NL = BewindKind.labels()


class MemberKind(enum.StrEnum):
    CHILD = "kind"
    ADULT = "volwassene"


class Resident(Sealed, Base):
    """One per case, made the first time someone saves the resident's details."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    landlord: Mapped[str | None] = mapped_column(String(20), index=True)
    referral_source: Mapped[str | None] = mapped_column(String(20), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    full_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    full_name = SealedField(str)
    birth_date_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    birth_date = SealedField(date)
    address_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    address = SealedField(str)
    postcode_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    postcode = SealedField(str)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone = SealedField(str)
    languages_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    languages = SealedField(str)
    reads_dutch_hard_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    reads_dutch_hard = SealedField(bool)
    has_partner_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    has_partner = SealedField(bool)
    partner_birth_date_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    partner_birth_date = SealedField(date)
    bewind_kind_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    bewind_kind = SealedField(str)  # a BewindKind value; sealed: it says something about health
    bewind_by_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    bewind_by = SealedField(str)
    bewind_since_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    bewind_since = SealedField(date)

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="resident", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )

    __mapper_args__ = {"version_id_col": version}


class HouseholdMember(Sealed, Base):
    """A child (with birth year) or another adult in the home (27 or older or not).
    The kind is a coded category; the ages are sealed."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))

    birth_year_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    birth_year = SealedField(int)
    age_27_plus_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    age_27_plus = SealedField(bool)

    resident: Mapped[Resident] = relationship(back_populates="members")


# --- reading ------------------------------------------------------------------------
def resident_of(db: Session, case_id: int) -> Resident | None:
    return db.scalar(select(Resident).where(Resident.case_id == case_id))


def household_facts(case: Case, on: date | None = None) -> HouseholdFacts | None:
    """The household of a case as the budget code needs it; ``on`` defaults to today.

    ``None`` until the household is filled in (the partner question answered with ja or
    nee): "not asked yet" must never read as "single, no children".
    """
    on = on or clock.today()
    db = object_session(case)
    if db is None:
        raise ValueError("household_facts needs a case attached to a session")
    resident = resident_of(db, case.id)
    if resident is None or resident.has_partner is None:
        return None
    years = tuple(sorted(m.birth_year for m in resident.members if m.kind == MemberKind.CHILD and m.birth_year))
    adults = [m for m in resident.members if m.kind == MemberKind.ADULT]
    return HouseholdFacts(
        has_partner=bool(resident.has_partner),
        partner_birth_date=resident.partner_birth_date if resident.has_partner else None,
        resident_birth_date=resident.birth_date,
        children_under_18=sum(1 for y in years if on.year - y < 18),
        kostendelers_27plus=sum(1 for m in adults if m.age_27_plus),
        children_turning_18_this_year=sum(1 for y in years if on.year - y == 18),
        children_birth_years=years,
        other_adults_under_27=sum(1 for m in adults if not m.age_27_plus),
    )


# --- the form -------------------------------------------------------------------------
TEXT_LIMITS = {"full_name": 120, "address": 160, "postcode": 10, "phone": 30, "languages": 120, "bewind_by": 120}
_POSTCODE = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")
_PHONE = re.compile(r"^[0-9+()\-\s]{6,30}$")
_YEARS_SPLIT = re.compile(r"[\s,;/]+")
MAX_CHILDREN = 15
MAX_OTHER_ADULTS = 10

FORM_FIELDS = (
    "full_name", "birth_date", "address", "postcode", "phone", "languages", "reads_dutch_hard",
    "has_partner", "partner_birth_date", "children_birth_years", "adults_27plus", "adults_under_27",
    "landlord", "bewind_kind", "bewind_by", "bewind_since", "referral_source",
)  # fmt: skip


@dataclass
class ResidentInput:
    full_name: str | None = None
    birth_date: date | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    languages: str | None = None
    reads_dutch_hard: bool | None = None
    has_partner: bool | None = None
    partner_birth_date: date | None = None
    children_birth_years: list[int] = field(default_factory=list)
    adults_27plus: int = 0
    adults_under_27: int = 0
    landlord: str | None = None
    bewind_kind: str | None = None
    bewind_by: str | None = None
    bewind_since: date | None = None
    referral_source: str | None = None


def _yes_no(value: str) -> bool | None:
    return {"ja": True, "nee": False}.get(value)


def _small_count(text: str, maximum: int) -> int:
    text = text.strip()
    if text == "":
        return 0
    if not text.isdecimal() or int(text) > maximum:
        raise ValueError
    return int(text)


def parse_resident_form(form: dict[str, str], today: date) -> tuple[ResidentInput, dict[str, str]]:
    """Check what the coach typed. Returns the parsed values and Dutch errors per field
    (the caller translates them). Nothing is required: fill in what is known."""
    f = {k: (form.get(k) or "").strip() for k in FORM_FIELDS}
    data = ResidentInput()
    errors: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        if len(f[name]) > limit:
            errors[name] = _("Gebruik hooguit %(n)s tekens.", n=limit)
        else:
            setattr(data, name, f[name] or None)
    if data.postcode:
        if not _POSTCODE.match(data.postcode):
            errors["postcode"] = _("Schrijf de postcode zo: 1102 AB.")
        else:
            pc = data.postcode.replace(" ", "").upper()
            data.postcode = f"{pc[:4]} {pc[4:]}"
    if data.phone and not _PHONE.match(data.phone):
        errors["phone"] = _("Gebruik alleen cijfers, spaties, + en -.")
    for name in ("birth_date", "partner_birth_date", "bewind_since"):
        try:
            value = parse_date_nl(f[name], allow_empty=True)
        except DateError as e:
            errors[name] = _(str(e))  # fixed messages from dates.py
            continue
        if value is not None and value > today:
            errors[name] = _("Deze datum ligt in de toekomst.")
            continue
        setattr(data, name, value)
    data.reads_dutch_hard = _yes_no(f["reads_dutch_hard"])
    data.has_partner = _yes_no(f["has_partner"])
    if data.has_partner is not True and data.partner_birth_date is not None:
        errors["partner_birth_date"] = _("Vul dit alleen in als er een partner is.")
    years: list[int] = []
    for part in filter(None, _YEARS_SPLIT.split(f["children_birth_years"])):
        if not part.isdecimal() or not today.year - 40 <= int(part) <= today.year:
            errors["children_birth_years"] = _(
                "Schrijf geboortejaren zo: 2012, 2015 (tussen %(a)s en %(b)s).", a=today.year - 40, b=today.year
            )
            break
        years.append(int(part))
    if len(years) > MAX_CHILDREN:
        errors["children_birth_years"] = _("Hooguit %(n)s kinderen.", n=MAX_CHILDREN)
    data.children_birth_years = years
    for name in ("adults_27plus", "adults_under_27"):
        try:
            setattr(data, name, _small_count(f[name], MAX_OTHER_ADULTS))
        except ValueError:
            errors[name] = _("Vul een aantal in, van 0 tot %(n)s.", n=MAX_OTHER_ADULTS)
    for name, enum_cls in (("landlord", Landlord), ("referral_source", ReferralSource), ("bewind_kind", BewindKind)):
        if f[name] and f[name] not in {e.value for e in enum_cls}:
            errors[name] = _("Kies een van de mogelijkheden.")
        else:
            setattr(data, name, f[name] or None)
    if data.bewind_kind in (None, BewindKind.GEEN) and (data.bewind_by or data.bewind_since):
        errors["bewind_kind"] = _("Kies eerst beschermingsbewind of budgetbeheer.")
    return data, errors


def form_from_resident(resident: Resident | None) -> dict[str, str]:
    """The stored values as the coach would type them (for the form and the conflict view)."""
    from schoonschip.dates import format_date_input

    if resident is None:
        return {k: "" for k in FORM_FIELDS}

    def yn(v: bool | None) -> str:
        return "" if v is None else ("ja" if v else "nee")

    children = sorted(m.birth_year for m in resident.members if m.kind == MemberKind.CHILD and m.birth_year)
    adults = [m for m in resident.members if m.kind == MemberKind.ADULT]
    return {
        "full_name": resident.full_name or "",
        "birth_date": format_date_input(resident.birth_date),
        "address": resident.address or "",
        "postcode": resident.postcode or "",
        "phone": resident.phone or "",
        "languages": resident.languages or "",
        "reads_dutch_hard": yn(resident.reads_dutch_hard),
        "has_partner": yn(resident.has_partner),
        "partner_birth_date": format_date_input(resident.partner_birth_date),
        "children_birth_years": ", ".join(str(y) for y in children),
        "adults_27plus": str(sum(1 for m in adults if m.age_27_plus)) if adults else "",
        "adults_under_27": str(sum(1 for m in adults if not m.age_27_plus)) if adults else "",
        "landlord": resident.landlord or "",
        "bewind_kind": resident.bewind_kind or "",
        "bewind_by": resident.bewind_by or "",
        "bewind_since": format_date_input(resident.bewind_since),
        "referral_source": resident.referral_source or "",
    }


# --- saving ---------------------------------------------------------------------------
def save_resident(db: Session, case: Case, data: ResidentInput, *, expected_version: int, by_user_id: int) -> Resident:
    """Store the resident's details and household. ``expected_version`` is the version the
    form was opened at (0: there was no record yet); a mismatch raises :class:`StaleEdit`."""
    resident = resident_of(db, case.id)
    current = resident.version if resident is not None else 0
    if current != expected_version:
        raise StaleEdit
    if resident is None:
        resident = Resident(case_id=case.id)
        db.add(resident)
    for name in (
        "full_name", "birth_date", "address", "postcode", "phone", "languages", "reads_dutch_hard",
        "has_partner", "bewind_kind", "bewind_by", "bewind_since",
    ):  # fmt: skip
        setattr(resident, name, getattr(data, name))
    resident.partner_birth_date = data.partner_birth_date if data.has_partner else None
    resident.landlord = data.landlord
    resident.referral_source = data.referral_source
    resident.updated_by = by_user_id
    resident.updated_at = utcnow()  # also bumps the version when only members change
    resident.members.clear()
    for year in sorted(data.children_birth_years):
        member = HouseholdMember(case_id=case.id, kind=MemberKind.CHILD.value)
        member.birth_year = year
        resident.members.append(member)
    for plus in [True] * data.adults_27plus + [False] * data.adults_under_27:
        member = HouseholdMember(case_id=case.id, kind=MemberKind.ADULT.value)
        member.age_27_plus = plus
        resident.members.append(member)
    flush_or_stale(db)
    audit.record_case("resident_update", case, session=db)
    return resident
