"""The debt ledger: the creditor register and the debts of a case, with dated status history.

Domain: ``/work/shared/domain/rules.md`` §3.2 (fields per debt) and §3.3 (priorities);
the rules themselves live in :mod:`schoonschip.cases.debts.rules` (pure).

What is plaintext and why (DESIGN §4):

* ``creditors`` is a register of **organisations** (Belastingdienst, Eigen Haard, …), shared
  by every location. It holds no resident data. A person (a private landlord, a relative)
  is never put in it: their name is sealed on the debt itself (``private_creditor_name``).
* On a debt, plaintext is limited to ids, dates and coded values the reports and the
  readiness check count on without opening a case: the creditor category, the status, the
  collector kind, the garnishment kind and yes/no flags. Every name, reference, note and
  amount is sealed with the case's data key.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoonschip.db import Base, utcnow
from schoonschip.i18n import N_, LabelledEnum
from schoonschip.money import Money
from schoonschip.sealing import Sealed, SealedField


class CreditorStatus(LabelledEnum):
    CONFIRMED = "confirmed", N_("Bevestigd")  # checked by a coordinator (or seeded)
    PROPOSED = "proposed", N_("Voorgesteld door een coach")  # typed by a coach while adding a debt
    MERGED = "merged", N_("Samengevoegd")  # a duplicate: its debts moved to ``merged_into``


CREDITOR_STATUS_LABELS_NL = CreditorStatus.labels()


class CjibKind(LabelledEnum):
    """A CJIB debt is a criminal fine (never forgiven, stays outside a regeling) or a
    traffic fine under the Wahv (rules.md §3.4 warnings)."""

    STRAFRECHTELIJK = "strafrechtelijk", N_("Strafrechtelijke boete of maatregel")
    WAHV = "wahv", N_("Verkeersboete (Wahv)")


CJIB_KIND_LABELS_NL = CjibKind.labels()

# ``DebtStatusChange.event``: a row of the history that is a payment, not a status change.
PAYMENT_EVENT_LABELS_NL = {
    "betaling": N_("Termijn betaald"),
    "betaling_terug": N_("Betaalde termijn teruggedraaid"),
}


class Creditor(Base):
    """An organisation residents owe money to. Plaintext: organisations, not people."""

    __tablename__ = "creditors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    short_name: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(30), index=True)  # CreditorCategory
    aliases: Mapped[str | None] = mapped_column(String(300))  # "|"-separated other names
    notes: Mapped[str | None] = mapped_column(Text)  # about the organisation only
    status: Mapped[str] = mapped_column(String(12), default=CreditorStatus.CONFIRMED.value, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("creditors.id"))
    proposed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    confirmed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    merged_into: Mapped[Creditor | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def alias_list(self) -> list[str]:
        return [a for a in (self.aliases or "").split("|") if a.strip()]


class Debt(Sealed, Base):
    """One debt of a case (rules.md §3.2)."""

    __tablename__ = "debts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    creditor_id: Mapped[int | None] = mapped_column(ForeignKey("creditors.id"), index=True)

    # Coded plaintext (reports, readiness, priorities).
    category: Mapped[str | None] = mapped_column(String(30), index=True)  # CreditorCategory
    status: Mapped[str | None] = mapped_column(String(30), index=True)  # DebtStatus
    # Where the contact with the creditor stands (CreditorStance; None: nothing sent yet).
    creditor_stance: Mapped[str | None] = mapped_column(String(20), index=True)
    collector_kind: Mapped[str | None] = mapped_column(String(20))  # CollectorKind
    garnishment_kind: Mapped[str | None] = mapped_column(String(10))  # GarnishmentKind
    cjib_kind: Mapped[str | None] = mapped_column(String(20))  # CjibKind
    preferent: Mapped[bool | None] = mapped_column(Boolean)  # None: default of the category
    vaste_lasten: Mapped[bool | None] = mapped_column(Boolean)  # None: default of the category
    fraud: Mapped[bool] = mapped_column(Boolean, default=False)
    studieschuld_regulier: Mapped[bool] = mapped_column(Boolean, default=False)
    zakelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    incassokosten_incl_btw: Mapped[bool] = mapped_column(Boolean, default=False)
    # Incasso checks (issue 14): the coach's answer whether the incassobureau is in the Justis
    # register (None: not answered), and for a recurring claim the number of half-years of costs.
    collector_in_register: Mapped[bool | None] = mapped_column(Boolean)
    wki_periods: Mapped[int | None] = mapped_column(Integer)

    # Dates (allowed in plaintext, DESIGN §4).
    peildatum: Mapped[date | None] = mapped_column(Date)
    arisen_on: Mapped[date | None] = mapped_column(Date)
    saldo_confirmed_on: Mapped[date | None] = mapped_column(Date)
    arrangement_since: Mapped[date | None] = mapped_column(Date)

    # Sealed with the case key.
    private_creditor_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    private_creditor_name = SealedField(str)  # a person or "anders": never in the register
    # The sealed name above is an organisation a coach typed that is not in the register yet:
    # it stays sealed in the case until a beheerder adds it to the register (then this debt
    # points at the new register entry) or says it is a person (then the flag goes).
    creditor_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false(), index=True)
    creditor_reference_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    creditor_reference = SealedField(str)
    collector_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    collector_name = SealedField(str)
    collector_reference_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    collector_reference = SealedField(str)
    hoofdsom_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    hoofdsom = SealedField(Money)
    rente_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    rente = SealedField(Money)
    incassokosten_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    incassokosten = SealedField(Money)
    gerechtelijke_kosten_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    gerechtelijke_kosten = SealedField(Money)
    boetes_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    boetes = SealedField(Money)
    termijnbedrag_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    termijnbedrag = SealedField(Money)  # a recurring claim's instalment (Wki cap), per term
    original_amount_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    original_amount = SealedField(Money)
    arrangement_amount_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    arrangement_amount = SealedField(Money)  # per month
    garnishment_amount_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    garnishment_amount = SealedField(Money)
    garnishment_by_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    garnishment_by = SealedField(str)
    note_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    note = SealedField(str)  # the coach's own note; never printed for the resident

    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    creditor: Mapped[Creditor | None] = relationship()
    status_history: Mapped[list[DebtStatusChange]] = relationship(
        back_populates="debt", cascade="all, delete-orphan", order_by="DebtStatusChange.id"
    )

    __mapper_args__ = {"version_id_col": version}


class DebtStatusChange(Sealed, Base):
    """Dated history of a debt's status: from, to, on which date, by whom.

    A payment booked on the debt (a kept instalment of a rent arrangement) is a row of this
    history too: ``event`` says so (``betaling`` or ``betaling_terug`` when it was undone),
    ``reference`` names what it came from (``termijn:<id>``: ids only) and ``paid`` holds,
    sealed, how much went to which part of the debt, so undoing it restores exactly that."""

    __tablename__ = "debt_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    debt_id: Mapped[int] = mapped_column(ForeignKey("debts.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    event: Mapped[str | None] = mapped_column(String(20))  # None: a status change; "betaling", "betaling_terug"
    reference: Mapped[str | None] = mapped_column(String(40), index=True)  # e.g. "termijn:12"
    paid_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    paid = SealedField(str)  # "part=cents;part=cents" (schoonschip.cases.debts.service.record_payment)

    debt: Mapped[Debt] = relationship(back_populates="status_history")
