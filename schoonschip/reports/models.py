"""Tables of the reports area: the contribution of each case, and the published tables.

``ReportContribution``: one small row per case, kept up to date **at write time** (see
``schoonschip.reports.contributions``), so that a funder report is a query over these rows
and never opens a case. Nothing in it identifies a resident:

* ``resident_key`` is a keyed hash (HMAC-SHA256 with a key derived from the master key,
  purpose ``reports-resident``) of the resident's normalised name and birth date: the same
  resident at two cases gets the same key ("Uniek #"), but the key cannot be turned back
  into a name without the master key, and it is never shown;
* dates are the case's own plaintext dates (opened, closed, steps, handover), codes are
  the plaintext codes the case file already keeps (close reason, referral, landlord);
* debts appear as two coarse bands in plaintext, and the exact amounts (total, costs and
  fines, per creditor category) only **sealed** with the ``reports`` system data key
  (design §4: no exact amount in plaintext);
* contact moments and mediation events as counts per month / dated events, no notes.

The primary key is ``contrib_case_id``, on purpose not ``case_id``: ``erase_case``
deletes every row with a ``case_id`` column, and what happens to the contribution at an
erasure depends on the reason (see ``contributions``).

``PublishedPeriod``: the tables of a closed period as published, stored once and never
changed (issue 13 item 3).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from schoonschip.db import BIGINT, Base, utcnow
from schoonschip.sealing import Sealed, SealedField

REPORTS_SUBJECT = "reports"  # the system data key of the reports (as privacy.retention uses)


class ReportContribution(Sealed, Base):
    __tablename__ = "report_contributions"

    contrib_case_id: Mapped[int] = mapped_column(BIGINT, primary_key=True, autoincrement=False)
    location_id: Mapped[int] = mapped_column(Integer, index=True)
    resident_key: Mapped[str] = mapped_column(String(64))
    counted: Mapped[bool] = mapped_column(Boolean, default=True)
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(String(30))
    referral: Mapped[str | None] = mapped_column(String(40))
    landlord: Mapped[str | None] = mapped_column(String(40))
    step_a_on: Mapped[date | None] = mapped_column(Date)
    step_b_on: Mapped[date | None] = mapped_column(Date)
    step_c_on: Mapped[date | None] = mapped_column(Date)
    handover_on: Mapped[date | None] = mapped_column(Date)
    handover_route: Mapped[str | None] = mapped_column(String(30))
    handover_result: Mapped[str | None] = mapped_column(String(30))
    creditor_band: Mapped[str | None] = mapped_column(String(10))
    debt_band: Mapped[str | None] = mapped_column(String(12))
    # {"contacts": {"2026-03": [moments, minutes]}, "mediation": [[measure, "2026-03-05", landlord]]}
    events: Mapped[str] = mapped_column(Text, default="{}")
    amounts_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    amounts = SealedField("json")  # {"total": cents, "costs": cents, "cats": {category: [total, costs]}}
    erased_reason: Mapped[str | None] = mapped_column(String(30))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def sealed_binding(self) -> tuple[str, int | str]:
        return REPORTS_SUBJECT, f"contrib:{self.contrib_case_id}"


class PublishedPeriod(Base):
    """A closed period's tables, exactly as published (JSON), with who closed it."""

    __tablename__ = "report_published_periods"

    period_code: Mapped[str] = mapped_column(String(12), primary_key=True)  # "2026", "2026-H1", "2026-Q2", "2026-05"
    closed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    k: Mapped[int] = mapped_column(Integer)
    cases_seen: Mapped[int] = mapped_column(BigInteger, default=0)
    payload: Mapped[str] = mapped_column(Text)
