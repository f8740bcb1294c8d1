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
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, event, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, object_session, relationship

from schoonschip import audit, clock
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.errors import StaleEdit, flush_or_stale
from schoonschip.dates import FactContext
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
    """The case's resident row. Remembered in the session until its next flush, commit or
    rollback: a page asks for it several times (overview, household, budget, readiness),
    and the answer is the same row of the session's identity map (docs/performance.md)."""
    memo: dict[int, Resident] = db.info.setdefault(_MEMO, {})
    found = memo.get(case_id)
    if found is None:
        found = db.scalar(select(Resident).where(Resident.case_id == case_id))
        if found is not None:
            memo[case_id] = found
    return found


_MEMO = "casefile.resident_of"


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_residents(session: Session, *_args: object) -> None:
    session.info.pop(_MEMO, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    """An UPDATE or DELETE statement (erasure, bulk changes) may remove or change the row."""
    if not state.is_select:
        state.session.info.pop(_MEMO, None)


def fact_context(db: Session, case: Case, today: date) -> FactContext:
    """What the one date rule (:func:`schoonschip.dates.check_fact_date`) needs about a case:
    today, the day the case was opened and the resident's birth date (when known). Every
    area's form that records a fact of this case checks its dates against it."""
    resident = resident_of(db, case.id)
    return FactContext(today=today, case_start=case.opened_on,
                       birth_date=resident.birth_date if resident is not None else None)  # fmt: skip


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


# --- the input (checked by ResidentForm, cases/casefile/forms.py) ---------------------
TEXT_LIMITS = {"full_name": 120, "address": 160, "postcode": 10, "phone": 30, "languages": 120, "bewind_by": 120}
MAX_CHILDREN = 15
MAX_OTHER_ADULTS = 10


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
