"""The table of the coach's tasks.

Plaintext (DESIGN §4): ids, the due date, the day it was done and by whom; the worklist
filters and sorts on these without opening a case. Sealed with the case key: the text
("saldo-opgave opvragen bij Intrum"), which is personal data like every note.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from schoonschip.db import Base, utcnow
from schoonschip.sealing import Sealed, SealedField


class CaseTask(Sealed, Base):
    __tablename__ = "case_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    # No index on done_on: "open" (done_on IS NULL) is most rows, and such an index lures
    # SQLite away from the case_id index for a coach's few cases.
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    text_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    text = SealedField(str)

    __mapper_args__ = {"version_id_col": version}
