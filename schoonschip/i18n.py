"""The one translation idiom: mark a Dutch text where it is defined, translate it where it
is shown.

* In pure modules (every ``rules``, money, dates), label dicts, enum labels and other texts
  defined at import time: ``N_("...")``. ``pybabel extract -k N_`` finds it (``make
  translations-update``); nothing guesses texts from variable names.
* In views and templates, for a text used on the spot: Flask-Babel's ``_`` / ``gettext``
  (``lazy_gettext`` for a text defined at import time in a module that is not pure).

``N_`` returns a :class:`Msg`: it *is* the Dutch text (a ``str``, so pure code, CSV/XLSX
exports, logs and tests read it as such) and remembers its msgid and parameters. With
parameters, ``N_("Vul bij %(what)s een getal in.", what=N_("de weging"))`` translates the
msgid and every text parameter first and fills them in afterwards.

A Msg translates itself when a template shows it: Jinja calls ``__html__``, which asks the
translator the web layer installs at app start (:func:`install_translator`; it uses the
request's language). So ``{{ error }}`` is enough; ``_(msg)`` and the ``t`` filter give the
same result and are kept for old templates. ``str(msg)``, ``%`` and f-strings give the Dutch
text, as before: Python code that needs the translated text in a view calls ``_(msg)`` or
the ``t`` filter's function. Without an installed translator (CLI, tests of pure code) a Msg
shows its Dutch text. This module imports no framework (an import-linter contract).
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
