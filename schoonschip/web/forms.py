"""The shared form core: WTForms fields for Dutch input, the optimistic-lock save, and the
one-time token that keeps Back-and-save-again from making a record twice.

* :class:`Form` — a Flask-WTF form without its own CSRF field: ``CSRFProtect`` (web/__init__.py)
  already checks every POST, so there is one CSRF mechanism. ``values()`` and ``error_texts()``
  give the plain dicts the templates' form macros take (templates/_macros.html).
* :class:`MoneyField` on :func:`schoonschip.money.parse_amount` (the shape of ihatemoney's
  ``CommaDecimalField``): ``1.234,56`` and ``€ 12`` parse; errors are the Dutch texts of
  :class:`~schoonschip.money.AmountError`.
* :class:`DutchDateField` on :func:`schoonschip.dates.parse_date_nl`, shown with
  :func:`~schoonschip.dates.format_date_input`.
* :class:`EnumSelectField` — choices from an Enum and its label, data coerced to the Enum.
* :class:`FlagField` (a checkbox), :class:`YesNoField` (ja/nee/unknown), :class:`IdField` (a
  row id picked from a list) and the :class:`Limit` validator (at most n characters).
* :class:`VersionField` — the hidden version number of optimistic locking (:class:`VersionForm`
  for a delete confirmation that carries nothing else).
* :func:`save_locked` — the one save-with-optimistic-lock of every edit view.
* :func:`once_field` / :func:`claim_once` — the one-time token of every create form.

Fields raise Dutch msgids (marked with ``N_`` where they are defined); ``Form.error_texts()``
gives them in the user's language. More in docs/forms.md.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar

from flask import Flask, current_app, flash, redirect, render_template, request
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms import Field, HiddenField, StringField
from wtforms.validators import ValidationError

from schoonschip.dates import (
    MAX_YEAR,
    MIN_YEAR,
    DateError,
    FactContext,
    FactKind,
    backdated_note,
    check_fact_date,
    format_date_input,
    parse_date_nl,
)
from schoonschip.db import parse_id
from schoonschip.i18n import N_
from schoonschip.money import MAX_CENTS, AmountError, Money, format_for_input, parse_amount
from schoonschip.web.urls import safe_local_path

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_NOT_AN_AMOUNT = N_("Dit is geen bedrag. Schrijf het zo: 1.234,56")
_NOT_A_DATE = N_("Dit is geen datum. Schrijf de datum zo: 31-12-2025 (dag-maand-jaar).")


def flash_date_notes(notes: Mapping[str, str]) -> None:
    """After a save: show each note of ``Form.check_fact_dates`` once (a date before the case)."""
    for text in dict.fromkeys(notes.values()):
        flash(text, "warning")


def fact_date_note(on: date | None, ctx: FactContext) -> str | None:
    """The note for a stored date, for a page that lists facts (None when there is none)."""
    if on is None:
        return None
    try:
        backdated = check_fact_date(on, ctx, FactKind.CASEWORK)
    except DateError:
        return None
    if not backdated:
        return None
    msgid, params = backdated_note(ctx)
    return gettext(msgid, **params)


def strip(value: Any) -> Any:
    """Filter: surrounding spaces off, as every hand-written parser did."""
    return value.strip() if isinstance(value, str) else value


def _non_ascii_digit(text: str) -> bool:
    """'３' or '١٢٣': Python's ``\\d`` and ``Decimal`` read them as digits; a coach never means them."""
    return any(ch.isdigit() and not ch.isascii() for ch in text)


class Form(FlaskForm):
    """Base of every form. CSRF is checked by CSRFProtect for the whole app, not per form."""

    class Meta:
        csrf = False

    def values(self) -> dict[str, str]:
        """What each field shows: the text as typed after a POST, the formatted data otherwise."""
        return {
            f.name: _shown(f) for f in self if not isinstance(f, HiddenField) or isinstance(f, VersionField)
        }

    def error_texts(self) -> dict[str, str]:
        """The first error of each field, in the user's language, in field order. (A text that
        is translated already stays as it is: it is no msgid.)"""
        return {f.name: gettext(str(f.errors[0])) for f in self if f.errors}

    def check_fact_dates(self, ctx: FactContext, *, only: Iterable[str] | None = None) -> dict[str, str]:
        """Apply the one date rule (:func:`schoonschip.dates.check_fact_date`) to every
        :class:`DutchDateField` declared with ``fact=`` (or only to the fields named in ``only``).

        A refused date becomes the field's error; a date before the case's start is accepted and
        its note returned: ``{field name: note in the user's language}``. Show the notes on the
        page or flash them after saving (:func:`flash_date_notes`)."""
        notes: dict[str, str] = {}
        wanted = set(only) if only is not None else None
        for f in self:
            if not isinstance(f, DutchDateField) or f.fact is None or f.errors or f.data is None:
                continue
            if wanted is not None and f.name not in wanted:
                continue
            try:
                if check_fact_date(f.data, ctx, f.fact):
                    msgid, params = backdated_note(ctx)
                    notes[f.name] = gettext(msgid, **params)
            except DateError as exc:
                self.add_error(f.name, str(exc))
        return notes

    def add_error(self, name: str, message: str, *, replace: bool = False) -> None:
        """An error found by a check of several fields; kept behind an earlier error of that
        field unless ``replace``."""
        errors = self[name].errors
        if not isinstance(errors, list):
            errors = self[name].errors = list(errors)
        if replace:
            errors.insert(0, message)
        elif not errors:
            errors.append(message)


def _shown(field: Field) -> str:
    value = field._value()  # noqa: SLF001 - WTForms' own "what to put in the input"
    return "" if value is None else str(value)


class _ParsedTextField(StringField):
    """A field whose text is read by one of our own parsers (amounts, dates): the parser's
    message is the field's error, and what was typed is shown again as it was typed."""

    not_this_kind: str  # the error for text with digits from another script
    refused: type[ValueError]  # what the parser raises

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def shown(self, data: Any) -> str:
        """The stored value as the input shows it ("" for none)."""
        raise NotImplementedError

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]) if valuelist else ""
        self.data = None
        if _non_ascii_digit(text):
            raise ValueError(self.not_this_kind)
        try:
            self.data = self.parse(text)
        except self.refused as exc:
            raise ValueError(str(exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0]).strip()
        return self.shown(self.data)


class MoneyField(_ParsedTextField):
    """An amount as a Dutch coach types it; ``data`` is :class:`~schoonschip.money.Money` or None.

    ``allow_empty``: an empty field is ``None`` instead of the error "Vul een bedrag in.".
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        *,
        allow_empty: bool = False,
        allow_negative: bool = False,
        maximum_cents: int = MAX_CENTS,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "class": "amount-input"})
        super().__init__(label, validators, **kwargs)
        self.allow_empty = allow_empty
        self.allow_negative = allow_negative
        self.maximum_cents = maximum_cents

    not_this_kind = _NOT_AN_AMOUNT
    refused = AmountError

    def parse(self, text: str) -> Money | None:
        return parse_amount(
            text,
            allow_empty=self.allow_empty,
            allow_negative=self.allow_negative,
            maximum_cents=self.maximum_cents,
        )

    def shown(self, data: Any) -> str:
        return format_for_input(data) if isinstance(data, Money) else ""


class DutchDateField(_ParsedTextField):
    """A date typed as ``31-12-2025`` (or ``2025-12-31``); ``data`` is a date or None.

    ``fact``: the date of something that happened (a :class:`~schoonschip.dates.FactKind`);
    ``Form.check_fact_dates`` then checks it with the one date rule of the app.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        *,
        allow_empty: bool = False,
        min_year: int = MIN_YEAR,
        max_year: int = MAX_YEAR,
        fact: FactKind | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("render_kw", {"class": "date-input", "placeholder": "dd-mm-jjjj"})
        super().__init__(label, validators, **kwargs)
        self.allow_empty = allow_empty
        self.fact = fact
        self.min_year = min_year
        self.max_year = max_year

    not_this_kind = _NOT_A_DATE
    refused = DateError

    def parse(self, text: str) -> date | None:
        return parse_date_nl(text, allow_empty=self.allow_empty, min_year=self.min_year, max_year=self.max_year)

    def shown(self, data: Any) -> str:
        return format_date_input(data) if isinstance(data, date) else ""


class EnumSelectField(StringField, Generic[E]):
    """A choice from an Enum; ``data`` is the member (or None when left empty and allowed).

    ``labels`` maps members to their Dutch label; without it the member's ``label`` attribute
    is used. An unknown value is refused with ``message`` (Dutch), never WTForms' English text.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        *,
        enum: type[E],
        message: str,
        labels: Mapping[Any, str] | None = None,
        allow_empty: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.enum = enum
        self.labels = labels
        self.message = message
        self.allow_empty = allow_empty

    def choices(self) -> list[tuple[str, str]]:
        """(value, Dutch label) of every member, for the ``select`` macro (translate on display)."""
        out = []
        for member in self.enum:
            text = (
                self.labels.get(member, str(member.value))
                if self.labels is not None
                else getattr(member, "label", None)
            )
            out.append((str(member.value), str(text if text is not None else member.value)))
        return out

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if text:
            try:
                self.data = self.enum(text)
            except ValueError:
                self.data = None

    def pre_validate(self, form: Any) -> None:
        if self.data is None and not (
            self.allow_empty and not (self.raw_data and str(self.raw_data[0]).strip())
        ):
            raise ValidationError(self.message)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0]).strip()
        return str(self.data.value) if isinstance(self.data, Enum) else ""


class FlagField(StringField):
    """A checkbox: ticked when it sent ``1``, ``on`` or ``ja``; ``data`` is a bool."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = bool(valuelist) and str(valuelist[0]).strip() in ("1", "on", "ja")

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0]).strip()
        return "1" if self.data else ""


class YesNoField(StringField):
    """A select of "" (not known), ``ja`` and ``nee``; ``data`` is None, True or False."""

    _VALUES: dict[str, bool | None] = {"": None, "ja": True, "nee": False}

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        *,
        message: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]) if valuelist else ""
        if text not in self._VALUES:
            self.data = None
            raise ValueError(self.message)
        self.data = self._VALUES[text]

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else ("ja" if self.data else "nee")


class Limit:
    """Validator: at most ``n`` characters, with the app's Dutch text."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.n:
            raise ValidationError(gettext("Gebruik hooguit %(n)s tekens.", n=self.n))


class IdField(StringField):
    """A row id picked from a list (:func:`schoonschip.db.parse_id`); ``data`` is None when the
    text is no usable id."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]) if valuelist else ""
        try:
            self.data = parse_id(text)
        except ValueError:
            self.data = None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


class VersionField(HiddenField):
    """The version the form was opened at; anything that is not a small whole number is -1,
    which never matches a stored version (a forged field is a conflict, not an error).
    ``empty``: what an empty field means (0 where 0 stands for "there was no record yet")."""

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        *,
        empty: int = -1,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.empty = empty

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        if text == "":
            self.data = self.empty
            return
        self.data = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else -1

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class VersionForm(Form):
    """A form that only carries the version it was opened at (delete confirmations)."""

    version = VersionField()


# ------------------------------------------------------------------ optimistic lock
class VersionMismatch(Exception):
    """The form was opened at another version than the one stored now."""


@dataclass
class Saved(Generic[T]):
    """The outcome of :func:`save_locked`: the service's result, or the conflict page (and
    the stale error that caused it; None when the form's version was already old)."""

    value: T | None = None
    conflict: Any = None
    stale: bool = False
    error: BaseException | None = None


def save_locked(
    db: Session,
    save: Callable[[], T],
    conflict: Callable[[], Any] | None,
    *,
    stale: tuple[type[BaseException], ...] = (),
    expected: int | None = None,
    current: int | None = None,
) -> Saved[T]:
    """Save with optimistic locking, the same way in every edit view.

    When ``expected`` (the form's version) differs from ``current`` (the stored one), nothing is
    saved. Otherwise ``save()`` runs and the transaction commits; SQLAlchemy's
    ``StaleDataError`` and the area's own stale errors (``stale``, e.g. ``StaleEdit``) roll it
    back. Either way ``conflict()`` builds the answer: the page with what the user typed and
    what is stored now (status 409). It is called after the rollback, so it reads the record
    as someone else saved it. (``conflict`` None: the caller builds it from ``Saved.error``.)
    """
    try:
        if expected is not None and current is not None and expected != current:
            raise VersionMismatch
        value = save()
        db.commit()
    except VersionMismatch:
        db.commit()  # nothing changed; keeps the audit event of opening the case
        return Saved(conflict=conflict() if conflict else None, stale=True)
    except (StaleDataError, *stale) as exc:
        db.rollback()
        return Saved(conflict=conflict() if conflict else None, stale=True, error=exc)
    return Saved(value=value)


def differences(stored: Mapping[str, str], typed: Mapping[str, str]) -> dict[str, str]:
    """Fields whose stored value differs from what was typed: ``stored`` for templates/cases/_stale.html."""
    return {k: v for k, v in stored.items() if (v or "").strip() != (typed.get(k) or "").strip()}


# ------------------------------------------------------------------ one-time tokens
ONCE_FIELD = "form_once"
_SALT = "schoonschip.form-once"


class AlreadySaved(Exception):
    """This create form was saved before (Back and save again): answered with a page that
    says so and links to what was made, instead of making it twice."""

    def __init__(self, record_url: str) -> None:
        super().__init__(record_url)
        self.record_url = record_url


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _user_id() -> int | None:
    return getattr(current_user, "user_id", None) if current_user and current_user.is_authenticated else None


def _read_token(raw: object, purpose: str) -> str | None:
    """The nonce of a token made for this form and this user, or None."""
    if not isinstance(raw, str) or not raw or len(raw) > 300:
        return None
    try:
        payload = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != purpose or payload.get("u") != _user_id():
        return None
    nonce = payload.get("n")
    return nonce if isinstance(nonce, str) else None


def new_once_token(purpose: str) -> str:
    """A token for one rendering of the create form ``purpose`` (the endpoint it posts to).
    A form shown again after an error keeps the token it was posted with. The browser's Back
    fetches a case page again (never cached) and so gets new tokens: static/once.js keeps a
    page's tokens in its history entry and puts them back, so saving again is recognised."""
    posted = request.form.get(ONCE_FIELD) if request.method == "POST" else None
    if posted and _read_token(posted, purpose) is not None:
        return posted
    return _serializer().dumps({"p": purpose, "u": _user_id(), "n": secrets.token_urlsafe(18)})


def once_field(purpose: str) -> Markup:
    """Template global: the hidden one-time token field of a create form."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (
        ONCE_FIELD,
        escape(new_once_token(purpose)),
    )


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _used(db: Session, token_hash: str) -> str | None:
    from schoonschip.web.models import UsedFormToken

    return db.scalar(select(UsedFormToken.record_url).where(UsedFormToken.token_hash == token_hash))


@dataclass
class Once:
    """The claim on a create form's token; ``done(db, url)`` records it with what was made."""

    token_hash: str | None

    def done(self, db: Session, record_url: str) -> None:
        """Record the token as used, in the transaction that made the record. When a second
        submit of the same form won the race, everything is rolled back and AlreadySaved raised."""
        if self.token_hash is None:
            return
        from schoonschip.web.models import UsedFormToken

        db.add(UsedFormToken(token_hash=self.token_hash, user_id=_user_id(), record_url=record_url[:300]))
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            raise AlreadySaved(_used(db, self.token_hash) or "") from None

    def saved(self, db: Session, record_url: str, message: str) -> Response:
        """The record is made: record the token with it (as :meth:`done`), commit, say so as a
        success message and go to the record."""
        self.done(db, record_url)
        db.commit()
        flash(message, "success")
        return redirect(safe_local_path(record_url) or "/")


def claim_once(db: Session, purpose: str | None = None) -> Once:
    """At the start of saving a create form: raises :class:`AlreadySaved` when this form's
    token was used already. ``purpose`` defaults to the endpoint that was posted to.

    A missing or foreign token (a client that sends none, an old page) is no claim: the
    record is made as before, once per post."""
    nonce = _read_token(request.form.get(ONCE_FIELD), purpose or request.endpoint or "")
    if nonce is None or _user_id() is None:
        return Once(None)
    token_hash = _hash(nonce)
    url = _used(db, token_hash)
    if url is not None:
        db.commit()  # nothing was changed; keeps the audit event of opening the case
        raise AlreadySaved(url)
    return Once(token_hash)


def _already_saved(exc: AlreadySaved) -> tuple[str, int]:
    return render_template("errors/already_saved.html", record_url=exc.record_url), 409


def init_app(app: Flask) -> None:
    app.jinja_env.globals["once_field"] = once_field
    app.register_error_handler(AlreadySaved, _already_saved)
