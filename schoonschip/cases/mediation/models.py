"""Rent-arrears mediation and crisis: the tables.

Domain: ``/work/shared/domain/rules.md`` §4 (what a tracker records), §3.3 and §1.4
(crisis, 3 werkdagen); the rules themselves are in :mod:`schoonschip.cases.mediation.rules`
(pure). Services are in :mod:`schoonschip.cases.mediation.service`.

What is plaintext and why (DESIGN §4):

* coded categories the reports and the coordinator's list use without opening a case:
  the landlord code (reports per housing corporation), the stage, the outcome, the
  crisis kind and what was done about it, an instalment's status;
* dates: started, peildatum, oldest unpaid month, the stage dates, the **zittingsdatum**
  and **ontruimingsdatum** (the coordinator's "next date" list), instalment due dates,
  crisis dates.

Sealed with the case key: the contract or customer number, every amount (kale huur,
servicekosten, huurtoeslag, arrears, collection and court costs, the instalment), and
what says something about income: whether the huurtoeslag goes to the landlord and
whether the rent is deducted from a benefit (and since when).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoonschip.db import Base, utcnow
from schoonschip.money import Money
from schoonschip.sealing import Sealed, SealedField


class Mediation(Sealed, Base):
    """One mediation with the landlord about rent arrears. A case usually has one; more
    over time, never more than one running (outcome empty or "regeling loopt")."""

    __tablename__ = "mediations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)

    landlord: Mapped[str | None] = mapped_column(String(20), index=True)  # resident.Landlord code
    # The rent debt in the debt ledger this mediation is about (kept instalments lower it).
    debt_id: Mapped[int | None] = mapped_column(ForeignKey("debts.id", ondelete="SET NULL"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    peildatum: Mapped[date | None] = mapped_column(Date)
    oldest_unpaid_month: Mapped[date | None] = mapped_column(Date)  # the 1st of that month
    stage: Mapped[str] = mapped_column(String(30), index=True)  # MediationStage
    stage_on: Mapped[date] = mapped_column(Date)
    hearing_on: Mapped[date | None] = mapped_column(Date)  # zittingsdatum
    eviction_on: Mapped[date | None] = mapped_column(Date)  # ontruimingsdatum
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)  # MediationOutcome
    outcome_on: Mapped[date | None] = mapped_column(Date)

    contract_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    contract_number = SealedField(str)
    kale_huur_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    kale_huur = SealedField(Money)
    servicekosten_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    servicekosten = SealedField(Money)
    huurtoeslag_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    huurtoeslag = SealedField(Money)
    toeslag_to_landlord_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    toeslag_to_landlord = SealedField(bool)
    arrears_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    arrears = SealedField(Money)
    collection_costs_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    collection_costs = SealedField(Money)  # incassokosten
    court_costs_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    court_costs = SealedField(Money)  # deurwaarder, griffierecht
    benefit_deduction_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    benefit_deduction = SealedField(bool)  # rent deducted from the benefit (inhouding)
    benefit_deduction_since_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    benefit_deduction_since = SealedField(date)

    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    stage_history: Mapped[list[MediationStageChange]] = relationship(
        back_populates="mediation", cascade="all, delete-orphan", order_by="MediationStageChange.id"
    )
    arrangements: Mapped[list[PaymentArrangement]] = relationship(
        back_populates="mediation", cascade="all, delete-orphan", order_by="PaymentArrangement.id"
    )

    __mapper_args__ = {"version_id_col": version}


class MediationStageChange(Base):
    """Dated history of the stage: from, to, on which date, by whom; ``event_on`` is the
    zittingsdatum or ontruimingsdatum given with that step."""

    __tablename__ = "mediation_stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mediation_id: Mapped[int] = mapped_column(ForeignKey("mediations.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(30))
    to_stage: Mapped[str] = mapped_column(String(30))
    on: Mapped[date] = mapped_column(Date)
    event_on: Mapped[date | None] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    mediation: Mapped[Mediation] = relationship(back_populates="stage_history")


class PaymentArrangement(Sealed, Base):
    """A payment arrangement with the landlord: an amount per month on the arrears, from
    a start date, for a number of months. Its instalments are made when it is agreed."""

    __tablename__ = "payment_arrangements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mediation_id: Mapped[int] = mapped_column(ForeignKey("mediations.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    made_on: Mapped[date] = mapped_column(Date)  # the day it was agreed
    start_on: Mapped[date] = mapped_column(Date)  # first instalment due
    months: Mapped[int] = mapped_column(Integer)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(20))  # ArrangementEnd
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    amount_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    amount = SealedField(Money)  # per month, on top of the current rent

    mediation: Mapped[Mediation] = relationship(back_populates="arrangements")
    instalments: Mapped[list[Instalment]] = relationship(
        back_populates="arrangement", cascade="all, delete-orphan", order_by="Instalment.number"
    )

    __mapper_args__ = {"version_id_col": version}


class Instalment(Base):
    """One monthly instalment. Marked paid or missed, dated, by whom. ``was_missed``
    stays set when a missed instalment is paid late (shown as "alsnog betaald")."""

    __tablename__ = "payment_instalments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    arrangement_id: Mapped[int] = mapped_column(ForeignKey("payment_arrangements.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)  # InstalmentStatus
    was_missed: Mapped[bool] = mapped_column(Boolean, default=False)
    marked_on: Mapped[date | None] = mapped_column(Date)
    marked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    arrangement: Mapped[PaymentArrangement] = relationship(back_populates="instalments")

    __mapper_args__ = {"version_id_col": version}


class Crisis(Base):
    """A threatening situation on a case (rules.md §3.3): help within 3 working days.

    An unhandled crisis sets ``Case.crisis_since`` (the earliest ``since`` of all
    unhandled crises), which puts the case on top of every list. Nothing here is free
    text, so nothing is sealed."""

    __tablename__ = "crises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    mediation_id: Mapped[int | None] = mapped_column(ForeignKey("mediations.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # CrisisKind
    since: Mapped[date] = mapped_column(Date)
    # Indexed: the coordinator's list starts from the few unhandled crises, not from every
    # case at the location (docs/performance.md).
    handled_on: Mapped[date | None] = mapped_column(Date, index=True)
    action: Mapped[str | None] = mapped_column(String(30))  # CrisisAction
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
