"""The story (step A), contact moments and consent per purpose.

* The story: two sealed free-text notes, edited with optimistic locking. They stay out
  of anything printed for the resident unless ``in_resident_overview`` is set.
* Contact moments: date, kind and minutes are plaintext (funders count hours without
  opening cases); the short note is sealed.
* Consent: every "given" or "withdrawn" is a row (purpose, date, who recorded it), never
  an update, so the full history stays. No free text, so nothing is sealed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from schoonschip import audit
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.errors import CaseActionError, StaleEdit, flush_or_stale
from schoonschip.db import Base, utcnow
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.sealing import Sealed, SealedField


# --- the story ---------------------------------------------------------------------
class CaseStory(Sealed, Base):
    __tablename__ = "case_stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    # The resident's printed overview shows the story only when this is chosen.
    in_resident_overview: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    how_it_arose_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    how_it_arose = SealedField(str)  # "Hoe zijn de schulden ontstaan?"
    doing_now_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    doing_now = SealedField(str)  # "Wat doet de bewoner nu?" (inspanningsverplichting)

    __mapper_args__ = {"version_id_col": version}


STORY_LIMIT = 5000


_STORY_OF = select(CaseStory).where(CaseStory.case_id == bindparam("case_id"))  # built once: docs/performance.md


def story_of(db: Session, case_id: int) -> CaseStory | None:
    return db.scalar(_STORY_OF, {"case_id": case_id})


def save_story(
    db: Session,
    case: Case,
    *,
    how_it_arose: str | None,
    doing_now: str | None,
    in_resident_overview: bool,
    expected_version: int,
    by_user_id: int,
) -> CaseStory:
    """Store the story; ``expected_version`` 0 means "there was none yet"."""
    story = story_of(db, case.id)
    if (story.version if story else 0) != expected_version:
        raise StaleEdit
    if story is None:
        story = CaseStory(case_id=case.id)
        db.add(story)
    story.how_it_arose = how_it_arose or None
    story.doing_now = doing_now or None
    story.in_resident_overview = in_resident_overview
    story.updated_by = by_user_id
    story.updated_at = utcnow()
    flush_or_stale(db)
    audit.record_case("story_update", case, session=db)
    return story


# --- contact moments -------------------------------------------------------------------
class ContactKind(LabelledEnum):
    SPREEKUUR = "spreekuur", N_("Spreekuur")
    AFSPRAAK = "afspraak", N_("Afspraak")
    HUISBEZOEK = "huisbezoek", N_("Huisbezoek")
    TELEFOON = "telefoon", N_("Telefoon")
    SAMEN_NAAR_INSTANTIE = "samen_naar_instantie", N_("Samen naar een instantie")
    # Also used for contact attempts with the landlord (rent-arrears mediation).
    EMAIL = "email", N_("E-mail")
    BRIEF = "brief", N_("Brief")


CONTACT_KIND_LABELS_NL = ContactKind.labels()

MAX_CONTACT_MINUTES = 600
CONTACT_NOTE_LIMIT = 1000


class ContactMoment(Sealed, Base):
    __tablename__ = "contact_moments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    minutes: Mapped[int] = mapped_column(Integer)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A contact attempt with the landlord in a rent-arrears mediation (cases/mediation.py):
    # which mediation, and whether someone was reached. Empty for other contact moments.
    mediation_id: Mapped[int | None] = mapped_column(ForeignKey("mediations.id", ondelete="SET NULL"), index=True)
    reached: Mapped[bool | None] = mapped_column(Boolean)

    note_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    note = SealedField(str)


def add_contact(
    db: Session,
    case: Case,
    *,
    on: date,
    kind: str,
    minutes: int,
    note: str | None,
    by_user_id: int | None,
    mediation_id: int | None = None,
    reached: bool | None = None,
) -> ContactMoment:
    if kind not in {k.value for k in ContactKind}:
        raise CaseActionError(N_("Kies wat voor contact het was."))
    if not 1 <= minutes <= MAX_CONTACT_MINUTES:
        raise CaseActionError(N_("De duur moet tussen 1 en %(n)s minuten liggen."), n=MAX_CONTACT_MINUTES)
    moment = ContactMoment(
        case_id=case.id, on=on, kind=kind, minutes=minutes, by_user_id=by_user_id, mediation_id=mediation_id, reached=reached
    )
    moment.note = note or None
    db.add(moment)
    db.flush()
    audit.record_case("contact_add", case, session=db)
    return moment


def delete_contact(db: Session, case: Case, moment: ContactMoment) -> None:
    if moment.case_id != case.id:
        raise CaseActionError(N_("Dit contact hoort niet bij dit dossier."))
    db.delete(moment)
    db.flush()
    audit.record_case("contact_delete", case, session=db)


def contacts_of(db: Session, case_id: int) -> list[ContactMoment]:
    return list(
        db.scalars(select(ContactMoment).where(ContactMoment.case_id == case_id).order_by(ContactMoment.on.desc(), ContactMoment.id.desc()))
    )


def contact_minutes(db: Session, case_id: int) -> int:
    """Total minutes of contact on one case (shown on the case page)."""
    return int(db.scalar(select(func.coalesce(func.sum(ContactMoment.minutes), 0)).where(ContactMoment.case_id == case_id)) or 0)


def contact_minutes_by_case(
    db: Session,
    *,
    location_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[int, int]:
    """Minutes of contact per case id, for funders' reports: contacts dated in
    [start, end] (both inclusive, either open), at one location or all. Erased cases
    keep their contact rows without the note, so their hours still count."""
    stmt = select(ContactMoment.case_id, func.sum(ContactMoment.minutes)).group_by(ContactMoment.case_id)
    if location_id is not None:
        stmt = stmt.join(Case, Case.id == ContactMoment.case_id).where(Case.location_id == location_id)
    if start is not None:
        stmt = stmt.where(ContactMoment.on >= start)
    if end is not None:
        stmt = stmt.where(ContactMoment.on <= end)
    return {cid: int(total) for cid, total in db.execute(stmt)}


def format_minutes(total: int) -> str:
    """``195`` -> ``3 uur 15 min``."""
    hours, minutes = divmod(int(total), 60)
    if hours and minutes:
        return f"{hours} uur {minutes} min"
    if hours:
        return f"{hours} uur"
    return f"{minutes} min"


# --- consent -------------------------------------------------------------------------
class ConsentPurpose(LabelledEnum):
    BEWAREN = "bewaren", N_("Het dossier bewaren")
    MADI = "madi", N_("Gegevens delen met MaDi (schuldhulpverlening)")
    VERHUURDER = "verhuurder", N_("Contact opnemen met de verhuurder")
    SCHULDEISERS = "schuldeisers", N_("Contact opnemen met schuldeisers")
    RAPPORTAGE = "rapportage", N_("Meetellen in cijfers zonder naam")


CONSENT_PURPOSES = list(ConsentPurpose)
CONSENT_LABELS_NL = ConsentPurpose.labels()
# What the printed form says, in plain words (B1), one sentence per purpose.
CONSENT_FORM_TEXT_NL = {
    ConsentPurpose.BEWAREN: N_("Mijn coach mag mijn gegevens en papieren over mijn schulden bewaren in het dossier."),
    ConsentPurpose.MADI: N_("Mijn coach mag mijn dossier geven aan MaDi of het buurtteam, als ik hulp krijg van hen."),
    ConsentPurpose.VERHUURDER: N_("Mijn coach mag met mijn verhuurder praten over mijn huur en een regeling."),
    ConsentPurpose.SCHULDEISERS: N_("Mijn coach mag bellen of schrijven met de mensen en bedrijven waar ik geld aan moet betalen."),
    ConsentPurpose.RAPPORTAGE: N_("Ik mag meetellen in cijfers voor wie de buurtwerkkamer betaalt. Mijn naam staat daar nooit in."),
}


class ConsentEvent(Base):
    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    given: Mapped[bool] = mapped_column(Boolean)
    on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def record_consent(db: Session, case: Case, *, purpose: str, given: bool, on: date, by_user_id: int) -> ConsentEvent:
    if purpose not in {p.value for p in ConsentPurpose}:
        raise CaseActionError(N_("Kies waarvoor de toestemming is."))
    event = ConsentEvent(case_id=case.id, purpose=purpose, given=given, on=on, recorded_by=by_user_id)
    db.add(event)
    db.flush()
    audit.record_case("consent_given" if given else "consent_withdrawn", case, detail=purpose, session=db)
    return event


def _latest_first(stmt):  # type: ignore[no-untyped-def]
    # The latest by the date it happened; among equal dates, the last one recorded.
    return stmt.order_by(ConsentEvent.on.desc(), ConsentEvent.id.desc())


# Built once, not on every case page (docs/performance.md).
_CURRENT_CONSENT = _latest_first(
    select(ConsentEvent).where(ConsentEvent.case_id == bindparam("case_id"), ConsentEvent.purpose == bindparam("purpose"))
).limit(1)
_CONSENT_EVENTS = _latest_first(select(ConsentEvent).where(ConsentEvent.case_id == bindparam("case_id")))


def current_consent(case: Case, purpose: ConsentPurpose | str) -> tuple[bool, date | None]:
    """(given, since when) for one purpose. Never asked: ``(False, None)``; withdrawn:
    ``(False, date of withdrawal)``."""
    db = object_session(case)
    if db is None:
        raise ValueError("current_consent needs a case attached to a session")
    event = db.scalar(_CURRENT_CONSENT, {"case_id": case.id, "purpose": str(purpose)})
    if event is None:
        return False, None
    return event.given, event.on


def consent_overview(db: Session, case_id: int) -> dict[str, ConsentEvent | None]:
    """The latest event per purpose (None: never recorded)."""
    out: dict[str, ConsentEvent | None] = {p.value: None for p in ConsentPurpose}
    for event in db.scalars(_CONSENT_EVENTS, {"case_id": case_id}):
        if out.get(event.purpose) is None:
            out[event.purpose] = event
    return out


def consent_history(db: Session, case_id: int) -> list[ConsentEvent]:
    return list(db.scalars(_latest_first(select(ConsentEvent).where(ConsentEvent.case_id == case_id))))


# --- for the worklist (many cases at once) ------------------------------------------
def last_contact_by_case(db: Session, cases: Any) -> dict[int, date]:
    """The date of the latest contact moment of each case the condition ``cases`` (on
    ``Case``) selects; a case without any contact is absent."""
    rows = db.execute(
        select(ContactMoment.case_id, func.max(ContactMoment.on))
        .join(Case, Case.id == ContactMoment.case_id)
        .where(cases)
        .group_by(ContactMoment.case_id)
    )
    return {case_id: on for case_id, on in rows}


def consents_given_by_case(db: Session, cases: Any) -> dict[int, dict[str, date]]:
    """Per case, the purposes whose latest consent event is "given", with that event's date
    (a withdrawn or never asked purpose is absent)."""
    out: dict[int, dict[str, date]] = {}
    latest: set[tuple[int, str]] = set()
    stmt = _latest_first(
        select(ConsentEvent.case_id, ConsentEvent.purpose, ConsentEvent.given, ConsentEvent.on).join(Case, Case.id == ConsentEvent.case_id).where(cases)
    )
    for case_id, purpose, given, on in db.execute(stmt):
        if (case_id, purpose) in latest:
            continue
        latest.add((case_id, purpose))
        if given:
            out.setdefault(case_id, {})[purpose] = on
    return out
