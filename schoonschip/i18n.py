"""``N_`` marks a Dutch message for translation without translating it (pure modules
have no request and no flask). ``pybabel extract -k N_`` finds it; templates translate
the message when they show it (the ``t`` filter in web.py, used by the form macros).

With parameters, ``N_("Vul bij %(what)s een getal in.", what=N_("de weging"))`` gives a
:class:`Msg`: it *is* the Dutch text (a ``str``, so pure code and tests read it as such) and
remembers its msgid and parameters, so the ``t`` filter can translate the msgid and every
text parameter first and fill them in afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, overload


class Msg(str):
    """A Dutch message with parameters, filled in; ``msgid`` and ``params`` kept for translation."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Msg:
        obj = super().__new__(cls, msgid % params)
        obj.msgid = msgid
        obj.params = params
        return obj

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        # copy, deepcopy and pickle rebuild from msgid and params (the filled-in text is
        # not a msgid: "95 % van" % {} would even raise).
        return (self.msgid,), self.params


@overload
def N_(message: str) -> str: ...
@overload
def N_(message: str, **params: Any) -> str: ...
def N_(message: str, **params: Any) -> str:  # noqa: N802 - Babel's conventional name
    return Msg(message, **params) if params else message


def join(separator: str, parts: Iterable[str]) -> str:
    """``separator.join(parts)`` that the ``t`` filter can still translate part by part (a
    plain join would be one Dutch string). ``separator`` is not translated: use punctuation
    only ("; ", ", ", " "); for a word like "en" use ``N_("%(a)s en %(b)s", ...)``."""
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
