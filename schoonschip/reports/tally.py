"""Quick tally: one-off questions at the spreekuur, counted per location, day and topic.

No personal data at all: just a number. The organisation's reports lost these people
because registering them was too much work; here it is one click.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from schoonschip import audit
from schoonschip.cases.errors import CaseActionError
from schoonschip.db import Base, utcnow
from schoonschip.i18n import N_
from schoonschip.reports.rules.indicators import TALLY_TOPICS as TOPIC_NAMES_NL


class TallyTopic(enum.StrEnum):
    BRIEF = "brief"
    FORMULIER = "formulier"
    SCHULD = "schuld"
    HUUR = "huur"
    ANDERS = "anders"


TALLY_TOPICS = list(TallyTopic)
# One name per topic: the tally page says what the report says (reports.rules.indicators).
TALLY_LABELS_NL = {topic: TOPIC_NAMES_NL[topic.value] for topic in TallyTopic}


class TallyCount(Base):
    __tablename__ = "tally_counts"
    __table_args__ = (UniqueConstraint("location_id", "on", "topic", name="uq_tally_counts_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


def _check_topic(topic: str) -> None:
    if topic not in {t.value for t in TallyTopic}:
        raise CaseActionError(N_("Kies een onderwerp."))


def add_one(db: Session, location_id: int, topic: str, on: date) -> int:
    """+1 for a topic today; returns the new count. The increment happens in SQL, so two
    clicks at the same moment both count."""
    _check_topic(topic)
    row = db.scalar(select(TallyCount).where(TallyCount.location_id == location_id, TallyCount.on == on, TallyCount.topic == topic))
    if row is None:
        try:
            with db.begin_nested():  # PostgreSQL: another click may insert the row first
                db.add(TallyCount(location_id=location_id, on=on, topic=topic, count=1))
            return 1
        except IntegrityError:
            row = db.scalar(select(TallyCount).where(TallyCount.location_id == location_id, TallyCount.on == on, TallyCount.topic == topic))
            assert row is not None
    db.execute(update(TallyCount).where(TallyCount.id == row.id).values(count=TallyCount.count + 1, updated_at=utcnow()))
    db.refresh(row)
    return row.count


def remove_one(db: Session, location_id: int, topic: str, on: date) -> int:
    """A correction (-1), never below zero; audited (the number only)."""
    _check_topic(topic)
    result = db.execute(
        update(TallyCount)
        .where(TallyCount.location_id == location_id, TallyCount.on == on, TallyCount.topic == topic, TallyCount.count > 0)
        .values(count=TallyCount.count - 1, updated_at=utcnow())
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise CaseActionError(N_("Er is vandaag nog niets geteld bij dit onderwerp."))
    audit.record("tally_correct", object_type="tally", location_id=location_id, detail=f"{topic}:{on.isoformat()}", session=db)
    return counts_on(db, location_id, on)[topic]


def counts_on(db: Session, location_id: int, on: date) -> dict[str, int]:
    out = {t.value: 0 for t in TallyTopic}
    for row in db.scalars(select(TallyCount).where(TallyCount.location_id == location_id, TallyCount.on == on)):
        out[row.topic] = row.count
    return out


def tally_totals(db: Session, *, start: date, end: date, location_id: int | None = None) -> dict[tuple[int, str], int]:
    """For reports: (location_id, topic) -> count over [start, end] inclusive."""
    stmt = (
        select(TallyCount.location_id, TallyCount.topic, func.sum(TallyCount.count))
        .where(TallyCount.on >= start, TallyCount.on <= end)
        .group_by(TallyCount.location_id, TallyCount.topic)
    )
    if location_id is not None:
        stmt = stmt.where(TallyCount.location_id == location_id)
    return {(loc, topic): int(n) for loc, topic, n in db.execute(stmt)}
