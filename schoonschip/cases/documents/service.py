"""Documents: upload (check, normalise, seal), list, open, relink, delete, and what other
areas need (the debt page, the Klaar? checklist, the dossier, the handover package).

Every change flushes and writes an audit event (ids and codes only, never a file name) and
leaves the commit to the caller. Access is checked before (``load_case``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from schoonschip import audit, clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.service import creditor_label, debts_of, get_debt
from schoonschip.cases.documents.images import normalise
from schoonschip.cases.documents.models import CaseDocument
from schoonschip.cases.documents.rules import (
    STATEMENTS_VOORLEGGER_CODE,
    DocumentKind,
    Link,
    LinkKind,
    pdf_active_markers,
    sanitise_filename,
    size_problem,
    sniff,
    statement_kind,
)
from schoonschip.cases.errors import N_, CaseActionError
from schoonschip.cases.handover.rules import VOORLEGGER_ITEMS
from schoonschip.crypto import aad_for, open_sealed, seal
from schoonschip.db import is_sqlite
from schoonschip.sealing import case_subject, keys_of

_VOORLEGGER_LABELS = {v.code: v.label for v in VOORLEGGER_ITEMS}


class DocumentRefused(CaseActionError):
    """The file cannot be taken in (kind, size, a broken or bomb image); the message says why."""


def _aad(case_id: int, doc_id: int) -> bytes:
    return aad_for(CaseDocument.__tablename__, "content_enc", f"{case_id}.{doc_id}")


def voorlegger_choices() -> list[tuple[str, str]]:
    return [(v.code, v.label) for v in VOORLEGGER_ITEMS]


def debt_choices(db: Session, case: Case) -> list[tuple[int, str]]:
    return [(d.id, str(creditor_label(d))) for d in debts_of(db, case)]


def check_link(db: Session, case: Case, link: Link) -> Link:
    """The link, when its target belongs to this case; else refused."""
    if link.kind is LinkKind.DEBT and (link.debt_id is None or get_debt(db, case, link.debt_id) is None):
        raise CaseActionError(N_("Deze schuld hoort niet bij dit dossier. Kies een schuld uit de lijst."))
    if link.kind is LinkKind.VOORLEGGER and link.voorlegger_code not in _VOORLEGGER_LABELS:
        raise CaseActionError(N_("Kies een document van de voorlegger uit de lijst."))
    return link


def _apply_link(doc: CaseDocument, link: Link) -> None:
    doc.link_kind = link.kind.value
    doc.debt_id = link.debt_id if link.kind is LinkKind.DEBT else None
    doc.voorlegger_code = link.voorlegger_code if link.kind is LinkKind.VOORLEGGER else None


def prepare(filename: str, data: bytes) -> tuple[DocumentKind, bytes, str, bool]:
    """Check and normalise an upload: (kind, bytes to keep, safe name, active PDF?).
    Raises :class:`DocumentRefused` with a Dutch message."""
    problem = size_problem(len(data))
    if problem:
        raise DocumentRefused(problem.msgid, **problem.params)
    sniffed = sniff(data[:64])
    if sniffed.kind is None:
        assert sniffed.problem is not None
        raise DocumentRefused(sniffed.problem.msgid, **sniffed.problem.params)
    kind = sniffed.kind
    active = False
    if kind.is_image:
        result = normalise(data, kind)
        if result.data is None:
            assert result.problem is not None
            raise DocumentRefused(result.problem.msgid, **result.problem.params)
        data = result.data
    else:
        active = bool(pdf_active_markers(data))
    return kind, data, sanitise_filename(filename, kind), active


def upload_document(db: Session, case: Case, *, filename: str, data: bytes, link: Link, by_user_id: int | None) -> CaseDocument:
    kind, content, name, active = prepare(filename, data)
    check_link(db, case, link)
    return _store(db, case, kind, content, name, active, link, by_user_id)


def keep_statement_files(db: Session, case: Case, files: Sequence[tuple[str, bytes]], *, by_user_id: int | None) -> list[CaseDocument]:
    """Keep bank statement files (name, bytes) that the budget read, as documents of the
    voorlegger item "Bankafschriften laatste 3 maanden": sealed and served like every
    document. The coach chose to keep them; otherwise a statement is never stored."""
    link = Link(LinkKind.VOORLEGGER, voorlegger_code=STATEMENTS_VOORLEGGER_CODE)
    kept = []
    for filename, data in files:
        problem = size_problem(len(data))
        if problem:
            raise DocumentRefused(problem.msgid, **problem.params)
        kind = statement_kind(data)
        kept.append(_store(db, case, kind, data, sanitise_filename(filename, kind), False, link, by_user_id))
    return kept


def _store(db: Session, case: Case, kind: DocumentKind, content: bytes, name: str, active: bool, link: Link,
           by_user_id: int | None) -> CaseDocument:  # fmt: skip
    doc = CaseDocument(case_id=case.id, kind=kind.value, size=len(content), active_content=active, uploaded_by=by_user_id)
    _apply_link(doc, link)
    doc.name = name
    db.add(doc)
    db.flush()  # the id, which the sealed bytes are bound to
    key = keys_of(db).key(case_subject(case.id))
    # A plain UPDATE: the row's version stays 1 (it is one new document, not an edit).
    db.execute(update(CaseDocument.__table__).where(CaseDocument.__table__.c.id == doc.id)
               .values(content_enc=seal(key, content, _aad(case.id, doc.id))))  # fmt: skip
    db.expire(doc, ["content_enc"])
    audit.record_case("document_add", case, detail=f"doc:{doc.id} kind:{kind.value}{' active' if active else ''}", session=db)
    return doc


def get_document(db: Session, case: Case, doc_id: int) -> CaseDocument | None:
    """A document of this case, or None (never one of another case)."""
    return db.scalar(select(CaseDocument).where(CaseDocument.id == doc_id, CaseDocument.case_id == case.id))


def content_of(db: Session, case: Case, doc: CaseDocument) -> bytes:
    """The document's bytes, opened with the case key."""
    if doc.case_id != case.id or doc.content_enc is None:
        raise CaseActionError(N_("Dit document hoort niet bij dit dossier."))
    key = keys_of(db).key(case_subject(case.id))
    return open_sealed(key, doc.content_enc, _aad(case.id, doc.id))


def relink_document(db: Session, case: Case, doc: CaseDocument, link: Link, *, expected_version: int) -> CaseDocument:
    from schoonschip.cases.errors import StaleEdit

    if doc.version != expected_version:
        raise StaleEdit
    _apply_link(doc, check_link(db, case, link))
    db.flush()
    audit.record_case("document_link", case, detail=f"doc:{doc.id} {link.kind.value}", session=db)
    return doc


def delete_document(db: Session, case: Case, doc: CaseDocument) -> None:
    """Delete the row; on SQLite the freed pages are overwritten (secure_delete), so the
    ciphertext does not linger in the file while the case key still exists."""
    if doc.case_id != case.id:
        raise CaseActionError(N_("Dit document hoort niet bij dit dossier."))
    if is_sqlite(db.get_bind()):
        db.execute(text("PRAGMA secure_delete = ON"))
    doc_id = doc.id
    db.delete(doc)
    db.flush()
    audit.record_case("document_delete", case, detail=f"doc:{doc_id}", session=db)


# ----------------------------------------------------------------------------- views
@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    kind: DocumentKind
    size: int
    active_content: bool
    link: Link
    target: str  # what it is linked to, for people: "Intrum", "Loonstroken", "het dossier"
    uploaded_at: datetime  # Amsterdam time
    version: int


def _target(link: Link, debts: dict[int, str]) -> str:
    if link.kind is LinkKind.DEBT and link.debt_id is not None:
        return debts.get(link.debt_id, "")
    if link.kind is LinkKind.VOORLEGGER and link.voorlegger_code:
        return str(_VOORLEGGER_LABELS.get(link.voorlegger_code, link.voorlegger_code))
    return ""


def _link_of(doc: CaseDocument, debts: dict[int, str]) -> Link:
    if doc.link_kind == LinkKind.DEBT and doc.debt_id is not None and doc.debt_id in debts:
        return Link(LinkKind.DEBT, debt_id=doc.debt_id)
    if doc.link_kind == LinkKind.VOORLEGGER and doc.voorlegger_code in _VOORLEGGER_LABELS:
        return Link(LinkKind.VOORLEGGER, voorlegger_code=doc.voorlegger_code)
    return Link()  # the case (also when its debt was deleted)


def row_of(doc: CaseDocument, debts: dict[int, str]) -> DocumentRow:
    link = _link_of(doc, debts)
    return DocumentRow(doc.id, doc.name or "", DocumentKind(doc.kind), doc.size, doc.active_content, link,
                       _target(link, debts), clock.local(doc.uploaded_at), doc.version)  # fmt: skip


def documents_of(db: Session, case: Case, *, debt_id: int | None = None, limit: int | None = None) -> list[DocumentRow]:
    """The case's documents, newest first (without their bytes); only those linked to one
    debt when ``debt_id`` is given; the newest ``limit`` when given (the case page)."""
    stmt = select(CaseDocument).where(CaseDocument.case_id == case.id)
    if debt_id is not None:
        stmt = stmt.where(CaseDocument.link_kind == LinkKind.DEBT.value, CaseDocument.debt_id == debt_id)
    rows = list(db.scalars(stmt.order_by(CaseDocument.uploaded_at.desc(), CaseDocument.id.desc()).limit(limit)))
    # The debts' names only when a document points at a debt (the case page stays one query).
    debts = dict(debt_choices(db, case)) if any(d.link_kind == LinkKind.DEBT.value for d in rows) else {}
    return [row_of(d, debts) for d in rows]


def document_count(db: Session, case: Case) -> int:
    return db.scalar(select(func.count()).select_from(CaseDocument).where(CaseDocument.case_id == case.id)) or 0


def voorlegger_codes_with_documents(db: Session, case_id: int) -> set[str]:
    """The voorlegger items of this case that have a document linked ("document aanwezig")."""
    rows = db.scalars(
        select(CaseDocument.voorlegger_code).where(
            CaseDocument.case_id == case_id, CaseDocument.link_kind == LinkKind.VOORLEGGER.value, CaseDocument.voorlegger_code.is_not(None)
        )
    )
    return {r for r in rows if r}


@dataclass(frozen=True)
class PackagedFile:
    document_id: int
    name: str
    data: bytes
    sha256: str


def files_for_package(db: Session, case: Case) -> list[PackagedFile]:
    """Every document of the case with its bytes, oldest first, for the handover package."""
    out = []
    for doc in db.scalars(select(CaseDocument).where(CaseDocument.case_id == case.id).order_by(CaseDocument.uploaded_at, CaseDocument.id)):
        data = content_of(db, case, doc)
        out.append(PackagedFile(doc.id, doc.name or f"document{DocumentKind(doc.kind).extension}", data, hashlib.sha256(data).hexdigest()))
    return out
