"""Web plumbing: CSRF, translations, login manager, security headers, error pages,
template filters. Nothing here knows about cases or debts."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import IO, Any

from babel.dates import format_date
from babel.support import NullTranslations
from flask import (
    Flask,
    Request,
    Response,
    g,
    has_app_context,
    has_request_context,
    render_template,
    request,
    session,
)
from flask_babel import Babel, get_translations
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from schoonschip.i18n import Msg, install_translator
from schoonschip.money import Money, format_decimal_nl, format_eur

csrf = CSRFProtect()
babel = Babel()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


# C0 control characters except tab, newline and carriage return, and DEL. A browser form
# never sends them on purpose; stored, they break exports, PDFs and other systems.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")



def _catalog() -> NullTranslations:
    """This request's translations, looked up once per request and kept on ``g``.

    Flask-Babel's ``gettext`` looks them up again for every text (three context look-ups
    and a locale-to-string each time); a case page shows hundreds of texts, so that was a
    third of the readiness page's CPU time (docs/performance.md). Same catalogue, same
    language: the locale is fixed for the request as Flask-Babel fixes it too."""
    try:
        return g._ss_catalog  # type: ignore[no-any-return]
    except AttributeError:
        catalog = get_translations()
        g._ss_catalog = catalog
        return catalog


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's ``gettext`` (same result), through the request's cached catalogue."""
    if not has_app_context():
        return string % variables if variables else string
    text = _catalog().ugettext(string)
    return text % variables if variables else text


def translate_message(value: Any) -> Any:
    """A Dutch message in the user's language (also the ``t`` filter, kept for templates that
    use it; a :class:`~schoonschip.i18n.Msg` translates itself when shown). A Msg has its msgid
    and its text parameters translated first; outside a request it stays Dutch."""
    if not has_request_context():
        return value
    if isinstance(value, Msg):
        # A parameter that is itself a Msg (a nested sentence) is translated the same way.
        params = {k: translate_message(v) if isinstance(v, str) and v else v for k, v in value.params.items()}
        return gettext(value.msgid, **params) if params else gettext(value.msgid)
    return gettext(value) if isinstance(value, str) and value else value


def template_gettext(string: str, **variables: Any) -> str:
    """The templates' ``_``: Flask-Babel's gettext, where a :class:`Msg` (as the text or as a
    parameter) is translated with its own parameters."""
    if isinstance(string, Msg) and not variables:
        return translate_message(string)
    variables = {k: translate_message(v) if isinstance(v, Msg) else v for k, v in variables.items()}
    return gettext(string, **variables)


def _msg_html(value: Msg) -> Markup:
    """How a Msg shows itself in a template (installed into schoonschip.i18n at app start)."""
    return escape(str(translate_message(value)))


def strip_control(value: str) -> str:
    return _CONTROL.sub("", value)


# Endpoints that take a larger body than MAX_CONTENT_LENGTH (document uploads), with their
# limit in bytes; an area adds its upload endpoint with :func:`allow_upload`.
UPLOAD_LIMITS: dict[str, int] = {}


def allow_upload(endpoint: str, limit: int) -> None:
    UPLOAD_LIMITS[endpoint] = limit


class CleanRequest(Request):
    """The app's request: control characters are removed from every submitted form value
    in one place, before any view sees them. Uploaded files stay in memory (never a
    temporary file with a resident's letter on disk), bounded by the request's limit."""

    @property
    def max_content_length(self) -> int | None:  # type: ignore[override]
        limit = UPLOAD_LIMITS.get(self.endpoint or "")
        return limit if limit is not None else super().max_content_length

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:  # fmt: skip
        return io.BytesIO()

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any(_CONTROL.search(v) for _k, v in form.items(multi=True)):
            cleaned = [(k, strip_control(v)) for k, v in form.items(multi=True)]
            self.__dict__["form"] = self.parameter_storage_class(cleaned)


def select_locale() -> str:
    if not has_request_context():
        return "nl"  # a template rendered outside a request (CLI) is Dutch
    lang = session.get("lang")
    if lang in ("nl", "en"):
        return lang
    return "nl"


def page_locale() -> str:
    """The language of the page being built; Dutch outside a request (CLI, demo data)."""
    return select_locale() if has_request_context() else "nl"


def date_nl(value: date | datetime | None, style: str = "short") -> str:
    """A date on a page, through Babel. ``short`` is 07-12-2026 in both languages (how the
    date fields want it typed, see dates.parse_date_nl); ``long`` writes the month in the
    page's language: "7 december 2026", "December 7, 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if style != "long":
        # Babel's "dd-MM-yyyy" is the same digits in every language; written directly (a
        # case page shows dozens of dates; tests/unit/web/test_date_format.py compares).
        return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
    return format_date(value, "long", locale=page_locale())


def month_year(value: date | None) -> str:
    """A month on a page: "maart 2025", "March 2025"."""
    return "" if value is None else format_date(value, "LLLL y", locale=page_locale())


def eur(value: Money | None) -> str:
    """An amount on a page: Dutch notation in both languages (money.format_eur, Babel)."""
    return format_eur(value) if value is not None else "–"


def before_case(on: date | None, case: Any) -> Markup:
    """After a date in a list: the visible note when a fact lies before the case's start
    (the one date rule, schoonschip.dates: allowed, but shown)."""
    start = getattr(case, "opened_on", None)
    if on is None or start is None or on >= start:
        return Markup("")
    return Markup(' <span class="date-note">%s</span>') % gettext("(voor de start van het dossier)")


def init_app(app: Flask) -> None:
    app.request_class = CleanRequest
    # Before anything touches app.jinja_env: fixed texts translated at compile time, per
    # language (web/templating.py).
    from schoonschip.web.templating import LanguageEnvironment

    app.jinja_environment = LanguageEnvironment  # type: ignore[assignment]
    from schoonschip.web.urls import IdConverter, IdRule

    # One converter for every id in a path: <int:...> stops at what its id column holds
    # (2^31-1; a case id 2^63-1); larger: 404, never a database error.
    app.url_map.converters["int"] = IdConverter
    app.url_rule_class = IdRule
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    from schoonschip.auth.core import login_manager

    login_manager.init_app(app)
    from schoonschip.web import forms

    forms.init_app(app)
    _init_jinja(app)
    _init_context_and_headers(app)
    _init_error_pages(app)


def _init_jinja(app: Flask) -> None:
    """The template filters and globals."""
    app.jinja_env.filters["eur"] = eur
    app.jinja_env.filters["date_nl"] = date_nl
    app.jinja_env.filters["month_year"] = month_year
    app.jinja_env.filters["nl_decimal"] = format_decimal_nl
    # A Msg (N_, schoonschip.i18n) translates itself when shown, through this translator;
    # the ``t`` filter and the templates' ``_`` do the same for templates that call them.
    install_translator(_msg_html)
    app.jinja_env.filters["t"] = translate_message
    app.jinja_env.globals["_"] = template_gettext
    app.jinja_env.globals["before_case"] = before_case
    from schoonschip.web.urls import safe_local_path

    # The language form's return address: never a hostile path (a 404 for /%09/evil.example/).
    app.jinja_env.globals["safe_path"] = safe_local_path
    from schoonschip.web.tabs import CASE_TABS

    # A global (not only the context processor below), so macros imported without context
    # still see the tabs; the list fills as feature modules register their tabs.
    app.jinja_env.globals["case_tabs"] = CASE_TABS


def _init_context_and_headers(app: Flask) -> None:
    """What every template sees, and the security headers of every response."""

    @app.context_processor
    def _inject() -> dict[str, Any]:
        from schoonschip.web.nav import nav_items
        from schoonschip.web.tabs import CASE_TABS

        return {
            "nav_items": nav_items(),
            "current_lang": select_locale(),
            "current_user": current_user,
            "case_tabs": CASE_TABS,
        }

    @app.after_request
    def _headers(resp: Response) -> Response:
        h = resp.headers
        h.setdefault("Content-Security-Policy", CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "same-origin"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            h["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if not request.path.startswith("/static/"):
            h["Cache-Control"] = "no-store"
            h["Pragma"] = "no-cache"
        return resp


def _init_error_pages(app: Flask) -> None:
    # 403 looks like 404: a page the user may not see does not say that it exists.
    @app.errorhandler(403)
    @app.errorhandler(404)
    def _not_found(_e: Exception) -> tuple[str, int]:
        return render_template("errors/404.html"), 404

    @app.errorhandler(400)
    @app.errorhandler(405)
    @app.errorhandler(413)
    def _generic(e: HTTPException) -> tuple[str, int]:
        code = e.code or 400
        return render_template("errors/generic.html", code=code), code

    @app.errorhandler(CSRFError)
    def _csrf(_e: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(500)
    def _server_error(_e: Exception) -> tuple[str, int]:
        # No traceback, no request data: the generic page only.
        return render_template("errors/500.html"), 500
