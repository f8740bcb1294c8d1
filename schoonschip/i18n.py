"""The one translation idiom: mark a Dutch text where it is defined, translate it where it
is shown.

* Where a text is defined rather than shown: ``N_("...")``. That is every text in a pure
  module (every ``rules``, money, dates), in a service (it also runs in the CLI and the demo
  data, without a language), in label dicts, enum labels, tab names and other texts defined
  at import time, in views too (a Msg is a ``str``, so it also works as a dict value, in a
  sort or a CSV cell, where Flask-Babel's ``lazy_gettext`` would not). ``pybabel extract -k
  N_`` finds it (``make translations-update``); nothing guesses texts from variable names.
* Where a text is used on the spot, in a view or a template: Flask-Babel's ``_`` / ``gettext``.

``N_`` returns a :class:`Msg`: it *is* the Dutch text (a ``str``, so pure code, CSV/XLSX
exports, logs and tests read it as such) and remembers its msgid and parameters. With
parameters, ``N_("Vul bij %(what)s een getal in.", what=N_("de weging"))`` translates the
msgid and every text parameter first and fills them in afterwards.

A Msg translates itself when a template shows it: Jinja calls ``__html__``, which asks the
translator the web layer installs at app start (:func:`install_translator`; it uses the
request's language). So ``{{ error }}`` is enough; the templates' ``_(msg)`` and the ``t``
filter give the same result (kept, so existing templates need no change). ``str(msg)``, ``%``
and f-strings give the Dutch text: a view that must have the translated text as a plain
string (``flash`` stores plain text in the session; an f-string) calls
``schoonschip.web.translate_message(msg)``. Without an installed translator (CLI, tests of
pure code) a Msg shows its Dutch text. This module imports no framework (an import-linter
contract).

Dates and amounts are not texts: templates show them with the ``date_nl``, ``month_year``,
``eur`` and ``nl_decimal`` filters (schoonschip.web, through Babel).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["Msg", "N_", "install_translator", "join", "message_of"]

#: Msg -> the text to show, HTML-escaped (set by the web layer; None: show the Dutch text).
_translator: Callable[[Msg], str] | None = None


def install_translator(translator: Callable[[Msg], str] | None) -> None:
    """Called once by the web layer: how a :class:`Msg` renders itself in a template."""
    global _translator
    _translator = translator


class Msg(str):
    """A Dutch message with parameters, filled in; ``msgid`` and ``params`` kept for translation."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Msg:
        msgid = str(msgid)
        obj = super().__new__(cls, msgid % params if params else msgid)
        obj.msgid = msgid
        obj.params = params
        return obj

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        # copy, deepcopy and pickle rebuild from msgid and params (the filled-in text is
        # not a msgid: "95 % van" % {} would even raise).
        return (self.msgid,), self.params

    def __html__(self) -> str:
        if _translator is None:
            return html.escape(str(self))
        return _translator(self)


def N_(message: str, **params: Any) -> Msg:  # noqa: N802 - Babel's conventional name
    """Mark a Dutch text for translation; it is translated when shown (see the module)."""
    return Msg(message, **params)


def join(separator: str, parts: Iterable[str]) -> str:
    """``separator.join(parts)`` that is still translated part by part when shown (a plain
    join would be one Dutch string). ``separator`` is not translated: use punctuation only
    ("; ", ", ", " "); for a word like "en" use ``N_("%(a)s en %(b)s", ...)``."""
    parts = list(parts)
    if len(parts) == 1:
        return parts[0]
    if "%" in separator:
        raise ValueError("separator may not contain %")
    params = {f"p{i}": p for i, p in enumerate(parts)}
    return Msg(separator.join(f"%(p{i})s" for i in range(len(parts))), **params) if parts else ""


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with, keeping a :class:`Msg` (``str(exc)`` would
    turn it into a plain string and lose what translation needs)."""
    first = exc.args[0] if exc.args else ""
    return first if isinstance(first, str) else str(exc)
