"""Letters to creditors: the templates (organisation texts, versioned) and the letters made
for a debt (sealed with the case key).

Plaintext and why (DESIGN §4): a template is the organisation's own text, no resident data.
On a letter only ids, the kind, dates, the template version and the coded answer kind are
plain (the worklist counts unanswered letters without opening a case). The letter as made
(names, address, amounts: ``content``), the coach's free text and the note on the answer are
sealed with the case's data key.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from schoonschip.db import Base, utcnow
from schoonschip.sealing import Sealed, SealedField


class LetterTemplate(Base):
    """One version of the text of one kind of letter. The highest version is in use; older
    versions stay, so a letter says which text it was made from."""

    __tablename__ = "letter_templates"
    __table_args__ = (UniqueConstraint("kind", "version", name="uq_letter_templates_kind_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)  # LetterKind
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Letter(Sealed, Base):
    """A letter made for one debt of a case, and the creditor's answer to it."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    debt_id: Mapped[int] = mapped_column(ForeignKey("debts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # LetterKind
    sent_on: Mapped[date] = mapped_column(Date, index=True)
    template_version: Mapped[int] = mapped_column(Integer)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    stance_before: Mapped[str | None] = mapped_column(String(20))  # CreditorStance before the letter
    stance_after: Mapped[str | None] = mapped_column(String(20))

    answer_on: Mapped[date | None] = mapped_column(Date, index=True)
    answer_kind: Mapped[str | None] = mapped_column(String(20))  # AnswerKind
    answer_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Sealed with the case key.
    content_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    content = SealedField("json")  # the fields and the filled-in text, as made (the PDF is made from this)
    free_text_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    free_text = SealedField(str)  # the coach's own extra paragraph
    answer_note_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    answer_note = SealedField(str)

    __mapper_args__ = {"version_id_col": version}
