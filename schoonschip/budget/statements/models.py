"""The paused review of an imported bank statement, sealed with the case key.

Plaintext: the id, the case, who started it and when it expires (24 hours after the last
change). Everything from the statement (the transactions, the signals) is in ``state``,
sealed like the rest of the case. The row is deleted when the coach finishes the review and
the signals are dealt with, or when it expires; nothing from it is kept elsewhere.

Why the database and not memory: ``make run`` serves with two gunicorn workers, so a
per-process store would lose the review whenever the next request lands on the other worker.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from schoonschip.db import Base, utcnow
from schoonschip.sealing import Sealed, SealedField


class StatementReview(Sealed, Base):
    __tablename__ = "statement_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    state_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    state = SealedField("json")  # {"transactions": [...], "files": [...], "finished": bool, "dismissed": [...]}

    __mapper_args__ = {"version_id_col": version}
