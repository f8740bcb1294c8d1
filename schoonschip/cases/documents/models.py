"""The table of the case's documents.

Where the bytes live: **in the database**, in ``content_enc``, sealed with the case's data key
(the same envelope as every sealed value; associated data ``case_documents|content_enc|
<case id>.<document id>``, so a ciphertext moved to another case or document does not open).
Not in ``instance/documents/``: in the database a document is in every backup with the rest
of the case, goes with the case's rows when the case is erased (its data key destroyed, its
row deleted with SQLite's secure_delete), and no second store can drift apart from the first
(a file without a row, a row without a file, a restore that brings back one and not the
other). 15 MB per document is well within what SQLite and PostgreSQL keep in a row.

Plaintext (DESIGN §4): ids, the kind (pdf/jpeg/png), the size, whether a PDF holds active
content, the link (a debt id or a voorlegger item code: coded, no content) and who uploaded
it when. Sealed: the file name (``brief Intrum J. Jansen.pdf`` is personal) and the bytes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from schoonschip.db import Base, utcnow
from schoonschip.sealing import Sealed, SealedField


class CaseDocument(Sealed, Base):
    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    active_content: Mapped[bool] = mapped_column(Boolean, default=False)
    link_kind: Mapped[str] = mapped_column(String(12), default="case")
    debt_id: Mapped[int | None] = mapped_column(ForeignKey("debts.id", ondelete="SET NULL"), index=True)
    voorlegger_code: Mapped[str | None] = mapped_column(String(40))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    name = SealedField(str)
    # Sealed by the service (the associated data names the document id, known after the
    # first flush); deferred: lists never load the bytes.
    content_enc: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    __mapper_args__ = {"version_id_col": version}
