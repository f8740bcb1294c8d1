"""The app's Jinja environment: fixed texts are translated when a template is compiled.

A case page calls the templates' ``_`` hundreds of times, nearly always with a fixed text:
``{{ _("Blokkeert") }}``. Each call went through Jinja's call machinery, the translation
catalogue and HTML escaping on every request; on the readiness page (~800 texts) that was
the largest part of its CPU time (docs/performance.md).

Here every ``_("fixed text")`` (a string literal and nothing else) is replaced by its
translation while the template is compiled, once per language: the template is compiled
and cached per language of the request (``nl``, ``en``), so Jinja then writes the text as
part of the page's static HTML, escaped once at compile time. Anything else, ``_(text,
n=...)``, ``_(variable)``, a Msg, stays a call at render time as before. Outside a request
(no language) nothing is replaced. The catalogue is the request's own (Flask-Babel's), so
the texts are exactly those ``_`` gives at render time.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, MutableMapping
from contextvars import ContextVar
from typing import Any

from flask import has_request_context
from flask.templating import Environment
from flask_babel import get_locale
from jinja2 import Template
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

# The catalogue's gettext while a template is compiled for a language; None: no language.
_compiling_for: ContextVar[Any] = ContextVar("schoonschip_template_catalogue", default=None)


def _language() -> str | None:
    """The language the request's texts are shown in (Flask-Babel's, fixed per request)."""
    if not has_request_context():
        return None
    locale = get_locale()
    return None if locale is None else str(locale)


class TranslatedLiterals(Extension):
    """``_("fixed text")`` -> the translated text as a string literal, at compile time."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        ugettext = _compiling_for.get()
        if ugettext is None:
            yield from stream
            return
        window: list[Token] = []
        previous: Token | None = None
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, lparen, literal, rparen = window
            if (
                name.type == "name" and name.value == "_"
                and lparen.type == "lparen" and literal.type == "string" and rparen.type == "rparen"
                and (previous is None or previous.type not in ("dot", "pipe"))
            ):  # fmt: skip
                translated = ugettext(literal.value) if literal.value else literal.value
                yield Token(literal.lineno, "string", translated)
                previous = rparen
                window = []
            else:
                previous = window.pop(0)
                yield previous
        yield from window


class LanguageEnvironment(Environment):
    """Flask's environment, with templates compiled and cached per language of the request."""

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        self.add_extension(TranslatedLiterals)

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:  # noqa: A002 - Jinja's name
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        language = _language()
        cache_key = (weakref.ref(self.loader), name, language)
        if self.cache is not None:
            template = self.cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template  # type: ignore[no-any-return]
        ugettext = None
        if language is not None:
            from schoonschip.web import _catalog

            ugettext = _catalog().ugettext
        token = _compiling_for.set(ugettext)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling_for.reset(token)
        if self.cache is not None:
            self.cache[cache_key] = template
        return template
