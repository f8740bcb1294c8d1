"""The case's documents: the list with the upload form, one document (its link, download,
delete), and the download itself.

A download is always an attachment (``Content-Disposition``, the sanitised name, never the
name as uploaded and never a name in the URL) with ``Content-Security-Policy: sandbox;
default-src 'none'`` and ``nosniff``: a PDF with JavaScript or an HTML polyglot is never
rendered inside the app's origin. Viewing a document's page and every download are audited.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip import audit
from schoonschip.auth.core import login_required
from schoonschip.cases.casefile.access import load_case
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.documents import service as ds
from schoonschip.cases.documents.forms import NO_FILE, LinkForm, UploadForm, link_value, parse_link
from schoonschip.cases.documents.rules import MAX_BYTES, DocumentKind, Link
from schoonschip.cases.errors import CaseActionError, StaleEdit
from schoonschip.db import get_session
from schoonschip.i18n import N_
from schoonschip.web import allow_upload, translate_message
from schoonschip.web.forms import VersionForm, claim_once, save_locked
from schoonschip.web.pdf import download as attachment

bp = Blueprint("documents", __name__, url_prefix="/dossiers")

# No tab of its own (the tab bar fits on one line at 1280 px): the case page, the debt page
# and Klaar? lead here.
# The body may hold a 15 MB file plus the form; a bit more still reaches the form, so a
# 16 MB file gets the plain "te groot" message instead of the bare 413 page.
allow_upload("documents.upload", MAX_BYTES + 5 * 1024 * 1024)

STALE = N_("Iemand anders heeft dit document net veranderd. Kijk hoe het nu staat en kies opnieuw.")


def _choices(case: Case) -> dict[str, Any]:
    db = get_session()
    return {"debt_choices": ds.debt_choices(db, case), "voorlegger_choices": ds.voorlegger_choices()}


def _render_page(case: Case, *, koppeling: str = "case", errors: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    db = get_session()
    return (
        render_template(
            "documents/page.html",
            case=case,
            documents=ds.documents_of(db, case),
            koppeling=koppeling,
            errors=errors or {},
            max_mb=MAX_BYTES // (1024 * 1024),
            active_tab="overzicht",
            **_choices(case),
        ),
        status,
    )


@bp.route("/<int:case_id>/documenten")
@login_required
def page(case_id: int) -> Any:
    case = load_case(case_id, "case_view")
    wanted = request.args.get("koppeling", "case")
    return _render_page(case, koppeling=wanted if parse_link(wanted) is not None else "case")


def _failed(case: Case) -> None:
    db = get_session()
    db.rollback()
    audit.record("case_view", object_type="case", object_id=case.id, location_id=case.location_id, detail="form_error", commit=True)


@bp.route("/<int:case_id>/documenten", methods=["POST"])
@login_required
def upload(case_id: int) -> Any:
    case = load_case(case_id, "case_change")
    db = get_session()
    once = claim_once(db)
    form = UploadForm()
    link = form.link()
    errors = form.error_texts()
    koppeling = form.koppeling.data or "case"
    file = request.files.get("bestand")
    data = file.read(MAX_BYTES + 1) if file is not None and file.filename else b""
    if not data and "bestand" not in errors:
        errors["bestand"] = _(NO_FILE)
    if not errors and link is not None:
        try:
            doc = ds.upload_document(db, case, filename=(file.filename or "") if file else "", data=data, link=link,
                                     by_user_id=current_user.user_id)  # fmt: skip
        except CaseActionError as e:
            errors["bestand" if isinstance(e, ds.DocumentRefused) else "koppeling"] = translate_message(e.message)
        else:
            message = _("Het document is opgeslagen.")
            if doc.active_content:
                message += " " + _("Let op: deze pdf bevat actieve inhoud (zoals JavaScript). Hij is veilig opgeslagen en wordt alleen als download gegeven.")
            return once.saved(db, url_for("documents.show", case_id=case.id, doc_id=doc.id), message)
    _failed(case)
    if "bestand" in errors:
        errors["bestand"] += " " + _("Kies het bestand daarna opnieuw: de rest van het formulier staat er nog.")
    return _render_page(case, koppeling=koppeling, errors=errors, status=422)


def _load(case_id: int, doc_id: int, action: str = "case_view") -> tuple[Case, Any]:
    case = load_case(case_id, action)
    doc = ds.get_document(get_session(), case, doc_id)
    if doc is None:
        abort(404)
    return case, doc


def _render_show(case: Case, doc: Any, *, koppeling: str | None = None, errors: dict[str, str] | None = None,
                 status: int = 200) -> tuple[str, int]:  # fmt: skip
    db = get_session()
    row = ds.row_of(doc, dict(ds.debt_choices(db, case)))
    return (
        render_template("documents/show.html", case=case, doc=row, koppeling=koppeling or link_value(row.link),
                        errors=errors or {}, active_tab="overzicht", **_choices(case)),  # fmt: skip
        status,
    )


@bp.route("/<int:case_id>/documenten/<int:doc_id>")
@login_required
def show(case_id: int, doc_id: int) -> Any:
    case, doc = _load(case_id, doc_id)
    audit.record_case("document_view", case, detail=f"doc:{doc.id}")
    return _render_show(case, doc)


@bp.route("/<int:case_id>/documenten/<int:doc_id>/bestand")
@login_required
def download(case_id: int, doc_id: int) -> Any:
    case, doc = _load(case_id, doc_id)
    db = get_session()
    data = ds.content_of(db, case, doc)
    kind = DocumentKind(doc.kind)
    name = doc.name or f"document{kind.extension}"
    audit.record_case("document_download", case, detail=f"doc:{doc.id}")
    return attachment(data, name, kind.mimetype)


@bp.route("/<int:case_id>/documenten/<int:doc_id>/koppeling", methods=["POST"])
@login_required
def relink(case_id: int, doc_id: int) -> Any:
    case, doc = _load(case_id, doc_id, "case_change")
    db = get_session()
    form = LinkForm()
    link: Link | None = form.link()
    errors = form.error_texts()
    koppeling = form.koppeling.data or ""
    if link is not None and not errors:
        try:
            saved = save_locked(db, lambda: ds.relink_document(db, case, doc, link, expected_version=form.version.data),
                                lambda: _(STALE), stale=(StaleEdit,))  # fmt: skip
        except CaseActionError as e:
            errors["koppeling"] = translate_message(e.message)
        else:
            if not saved.stale:
                flash(_("Het document is gekoppeld."), "success")
                return redirect(url_for("documents.show", case_id=case.id, doc_id=doc.id))
            errors["koppeling"] = saved.conflict
            _failed(case)
            doc = ds.get_document(get_session(), case, doc_id)
            if doc is None:
                abort(404)
            return _render_show(case, doc, koppeling=koppeling, errors=errors, status=409)
    _failed(case)
    return _render_show(case, doc, koppeling=koppeling, errors=errors, status=422)


@bp.route("/<int:case_id>/documenten/<int:doc_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(case_id: int, doc_id: int) -> Any:
    case, doc = _load(case_id, doc_id, "case_change" if request.method == "POST" else "case_view")
    db = get_session()
    if request.method == "POST":
        form = VersionForm()
        form.validate()
        if form.version.data != doc.version:
            _failed(case)
            flash(_(STALE), "error")
            return redirect(url_for("documents.show", case_id=case.id, doc_id=doc_id))
        ds.delete_document(db, case, doc)
        db.commit()
        flash(_("Het document is verwijderd."), "success")
        return redirect(url_for("documents.page", case_id=case.id))
    row = ds.row_of(doc, dict(ds.debt_choices(db, case)))
    return render_template("documents/delete.html", case=case, doc=row, active_tab="overzicht")
