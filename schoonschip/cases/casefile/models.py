"""The case file core: a case, who may see it, and its stage history.

Issue-specific tables (resident details, debts, budget, mediation, handover) live in
their own modules and hang off ``cases.id``. Sensitive values are ``SealedField``s.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoonschip.db import BIGINT, Base, utcnow
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.sealing import Sealed, SealedField


class Stage(LabelledEnum):
    AANMELDING = "aanmelding", N_("Aanmelding")
    A_VERHAAL = "a_verhaal", N_("A. Het verhaal")
    B_INZICHT = "b_inzicht", N_("B. Inzicht")
    C_AANPAK = "c_aanpak", N_("C. Aanpak")
    KLAAR_VOOR_OVERDRACHT = "klaar_voor_overdracht", N_("Klaar voor overdracht")
    OVERGEDRAGEN = "overgedragen", N_("Overgedragen")
    AFGESLOTEN = "afgesloten", N_("Afgesloten")


STAGE_ORDER = list(Stage)
# The stages a coach walks through with "volgende fase" / "vorige fase"; afgesloten is
# reached only by closing with a reason, and left only by reopening.
WORKING_STAGES = [s for s in STAGE_ORDER if s is not Stage.AFGESLOTEN]
STAGE_LABELS_NL = Stage.labels()




class CloseReason(LabelledEnum):
    DOEL_BEREIKT = "doel_bereikt", N_("Doel bereikt")
    OVERGEDRAGEN = "overgedragen", N_("Overgedragen")
    GEEN_CONTACT = "geen_contact", N_("Geen contact meer")
    VERHUISD = "verhuisd", N_("Verhuisd")
    EIGEN_VERZOEK = "eigen_verzoek", N_("Op eigen verzoek")
    ANDERS = "anders", N_("Anders")


CLOSE_REASON_LABELS_NL = CloseReason.labels()


class ErasureReason(LabelledEnum):
    VERZOEK_BEWONER = "verzoek_bewoner", N_("De bewoner vroeg om wissen")
    GEEN_TOESTEMMING = "geen_toestemming", N_("Geen toestemming om het dossier te bewaren")
    BEWAARTERMIJN = "bewaartermijn", N_("De bewaartermijn is voorbij")
    VERGISSING = "vergissing", N_("Per vergissing of dubbel aangemaakt")
    ANDERS = "anders", N_("Anders")


ERASURE_REASON_LABELS_NL = ErasureReason.labels()


def new_case_id() -> int:
    """Random 53-bit ids: known before the first flush (the data key is bound to the id)
    and not guessable or countable from a URL."""
    return secrets.randbelow(2**53 - 2) + 1


class Case(Sealed, Base):
    __tablename__ = "cases"

    creates_data_key = True

    id: Mapped[int] = mapped_column(BIGINT, primary_key=True, autoincrement=False, default=new_case_id)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    stage: Mapped[str] = mapped_column(String(30), default=Stage.AANMELDING.value, index=True)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set by rent-arrears mediation when eviction or disconnection threatens; crisis
    # cases sort to the top of every case list.
    crisis_since: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    alias_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    alias = SealedField(str)  # first name or alias: all a case needs to start

    shares: Mapped[list[CaseShare]] = relationship(back_populates="case", cascade="all, delete-orphan")
    stage_history: Mapped[list[StageChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="StageChange.id"
    )

    __mapper_args__ = {"version_id_col": version}
    # Covers the coordinator's workload per coach (cases/casefile/service.py workload_at):
    # counted and dated from the index alone.
    # ix_cases_location_stage_closed: the cases the retention policy erases soon, per location
    # (the coordinator's start page), found from the index instead of every case there.
    __table_args__ = (
        Index("ix_cases_location_coach_load", "location_id", "coach_id", "erased_at", "stage", "updated_at"),
        Index("ix_cases_location_stage_closed", "location_id", "stage", "closed_on"),
    )

    def __init__(self, **kw: object) -> None:
        kw.setdefault("id", new_case_id())
        super().__init__(**kw)

    def sealed_binding(self) -> tuple[str, int | str]:
        return f"case:{self.id}", self.id


class CaseShare(Base):
    """A coach who works on a case without being its main coach."""

    __tablename__ = "case_shares"
    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_case_shares_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="shares")


class CaseConflict(Base):
    """A user declared a conflict of interest (neighbour, relative, themselves): they
    can never open this case again."""

    __tablename__ = "case_conflicts"
    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_case_conflicts_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    declared_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StageChange(Base):
    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(30))
    to_stage: Mapped[str] = mapped_column(String(30))
    on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="stage_history")
