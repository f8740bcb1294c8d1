"""Tables of the web layer: the one-time tokens of create forms that were used.

A create form carries a one-time token (``web/forms.py``). When the form is saved, the
token's hash is stored here with the address of the record it made; Back and saving the
same form again then finds the token and shows "Dit is al opgeslagen." instead of making a
second record. The address holds only ids, never a name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from schoonschip.db import Base, utcnow


class UsedFormToken(Base):
    __tablename__ = "used_form_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    used_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    record_url: Mapped[str] = mapped_column(String(300))
