"""Budget tables: dated budget versions with their items, the official VTLB, saved
calculations and imported norm sets.

What is plaintext and why (house rules, DESIGN §4):

* ids, the case and version they belong to, dates (peildatum, date of the official VTLB),
  timestamps and the acting user;
* coded categories: an item's direction, kind, person and frequency; the norm-set code of a
  saved calculation;
* norm sets: public reference data, no personal data at all.

Everything else is sealed with the case key: every amount, the free label of an item, who
supplied the official VTLB, the household facts and corrections entered per version, the
offer settings and the figures of a saved calculation.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoonschip.budget.rules.items import BudgetItem, ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.db import Base, utcnow
from schoonschip.money import Money
from schoonschip.sealing import Sealed, SealedField

INCOME = "inkomen"
EXPENSE = "uitgave"
SOURCE_STATEMENT = "bankafschrift"


class BudgetVersion(Sealed, Base):
    """A budget on one peildatum. A new version copies the items of the one before."""

    __tablename__ = "budget_versions"
    __table_args__ = (UniqueConstraint("case_id", "peildatum", name="uq_budget_versions_case_peildatum"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    peildatum: Mapped[date] = mapped_column(Date)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("budget_versions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    household_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    household = SealedField("json")  # HouseholdFacts.to_dict() entered for this version, or None
    corrections_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    corrections = SealedField("json")  # VTLB corrections with evidence (see service.Corrections)
    offer_settings_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    offer_settings = SealedField("json")  # assets, fee on/off, preferent factor

    entries: Mapped[list[BudgetEntry]] = relationship(
        back_populates="budget_version", cascade="all, delete-orphan", order_by="BudgetEntry.id"
    )

    __mapper_args__ = {"version_id_col": version}


class _OfVersion:
    """The columns of a row that belongs to one budget version (an item, an official VTLB,
    a saved calculation): its id, the case and the version; it goes when either goes."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    budget_version_id: Mapped[int] = mapped_column(
        ForeignKey("budget_versions.id", ondelete="CASCADE"), index=True
    )


class BudgetEntry(_OfVersion, Sealed, Base):
    """One income or expense line of a budget version (the stored form of ``BudgetItem``)."""

    __tablename__ = "budget_items"

    direction: Mapped[str] = mapped_column(String(10))  # INCOME or EXPENSE
    kind: Mapped[str] = mapped_column(String(40))  # IncomeKind or ExpenseKind value
    person: Mapped[str] = mapped_column(String(20))  # Person value
    frequency: Mapped[str] = mapped_column(String(20))  # Frequency value
    # where the line came from: None (typed by the coach) or SOURCE_STATEMENT (a proposal from a
    # bank statement the coach accepted); a code, no personal data
    source: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    amount_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    amount = SealedField(Money)
    label_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    label = SealedField(str)  # free text, optional

    budget_version: Mapped[BudgetVersion] = relationship(back_populates="entries")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_income(self) -> bool:
        return self.direction == INCOME

    def to_item(self) -> BudgetItem:
        kind: IncomeKind | ExpenseKind = IncomeKind(self.kind) if self.is_income else ExpenseKind(self.kind)
        return BudgetItem(
            kind=kind,
            person=Person(self.person),
            amount=self.amount,
            frequency=Frequency(self.frequency),
            label=self.label,
        )


class OfficialVtlb(_OfVersion, Sealed, Base):
    """The binding VTLB a professional supplied (rules.md §0.1). Newest row counts; older
    rows stay as history."""

    __tablename__ = "official_vtlbs"

    established_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    amount_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    amount = SealedField(Money)
    supplied_by_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    supplied_by = SealedField(str)  # organisation and/or name of the professional


class CapacitySnapshot(_OfVersion, Sealed, Base):
    """A calculation the coach saved or printed, with the norm set it used (rules.md §0.2)."""

    __tablename__ = "capacity_snapshots"

    peildatum: Mapped[date] = mapped_column(Date)
    normset_code: Mapped[str] = mapped_column(String(10))
    normset_valid_from: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(20))  # "vastgelegd" or "afdruk"
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    figures_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    figures = SealedField("json")  # counted income, VTLB, capacity, official VTLB, offer totals


class NormSetRecord(Base):
    """A norm set a beheerder imported. Builtin sets live in budget/norms/*.json; a
    ``valid_from`` that exists in either place is never overwritten."""

    __tablename__ = "norm_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    valid_from: Mapped[date] = mapped_column(Date, unique=True)
    code: Mapped[str] = mapped_column(String(10))
    content: Mapped[str] = mapped_column(Text)  # canonical JSON (norms.normset_to_json)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
