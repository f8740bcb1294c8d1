"""Norm sets for the beheerder: list builtin + imported sets, import a new one (this form, or
``flask --app schoonschip import-norms FILE`` in ops/cli.py). An existing set is never overwritten."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip import clock
from schoonschip.auth.core import role_required
from schoonschip.auth.models import Role
from schoonschip.budget import normsets
from schoonschip.budget.rules import norms
from schoonschip.budget.rules.norms import NormSetError
from schoonschip.db import get_session

bp = Blueprint("budget_admin", __name__, url_prefix="/beheer/normen")

MAX_UPLOAD = 200_000


def _render(
    text: str = "",
    errors: list[str] | None = None,
    status: int = 200,
    preview: normsets.NormSetPreview | None = None,
) -> tuple[str, int]:
    db = get_session()
    catalogue = normsets.normset_catalogue(db)
    sets = [i.normset for i in catalogue]
    today = clock.today()
    try:
        outdated = norms.is_outdated(sets, today)
    except NormSetError:
        outdated = True
    return (
        render_template(
            "budget/admin_norms.html",
            catalogue=catalogue,
            text=text,
            errors=errors or [],
            outdated=outdated,
            newest=catalogue[0].normset if catalogue else None,
            today=today,
            preview=preview,
        ),
        status,
    )


@bp.route("/", methods=["GET"])
@role_required(Role.BEHEERDER)
def index() -> Any:
    return _render()


@bp.route("/", methods=["POST"])
@role_required(Role.BEHEERDER)
def upload() -> Any:
    text = request.form.get("json_text") or ""
    upload = request.files.get("json_file")
    if upload is not None and upload.filename:
        raw = upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            return _render(text, [_("Dit bestand is te groot voor een normenset.")], 422)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _render(
                text, [_("Dit bestand is geen tekst (UTF-8). Kies het JSON-bestand van de normenset.")], 422
            )
    db = get_session()
    if request.form.get("confirm") != "1":
        # first step: every check, and a preview of every changed amount; nothing is stored
        try:
            preview = normsets.preview_normset_text(db, text)
        except NormSetError as exc:
            return _render(text, exc.errors, 422)
        finally:
            db.rollback()
        return _render(text, preview=preview)
    try:
        ns = normsets.import_normset_text(db, text, user_id=current_user.user_id)
        db.commit()
    except NormSetError as exc:
        db.rollback()
        return _render(text, exc.errors, 422)
    flash(
        _(
            "Normenset %(code)s (vanaf %(d)s) is toegevoegd.",
            code=ns.code,
            d=ns.valid_from.strftime("%d-%m-%Y"),
        ),
        "success",
    )
    return redirect(url_for("budget_admin.index"))
