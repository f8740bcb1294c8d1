"""The one check for every address the app sends a browser to that came from outside the
code (a form's ``next``, the page to return to after login): a path on this site, or
nothing.

Browsers are lenient: they drop tabs and newlines anywhere in a URL, strip leading control
characters and spaces, and read a backslash as a slash, so ``/\\t/evil.example/`` becomes
``//evil.example/``, another site. So the value is normalised the way a browser would read
it first, and refused when the normalised form is not a plain local path; a value that
holds any whitespace or control character at all is refused too (it is never a path this
app makes, and a newline in a ``Location`` header is an error).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from werkzeug.routing import BaseConverter, IntegerConverter, Rule

from schoonschip.db import MAX_CASE_ID, MAX_ID, parse_id

MAX_LENGTH = 2000
_BROWSER_DROPS = re.compile(r"[\t\n\r]")


def browser_reading(target: str) -> str:
    """The URL as a browser reads it: tab/newline/CR gone, C0 and spaces stripped at the
    ends, backslashes as slashes."""
    return _BROWSER_DROPS.sub("", target).strip("".join(chr(i) for i in range(0x21))).replace("\\", "/")


def safe_local_path(target: object) -> str | None:
    """``target`` when it is a path on this site (``/dossiers/3``, with an optional query),
    else None. Use it for every redirect whose address came from a request or a session."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    if any(ch.isspace() or not ch.isprintable() or ch == "\\" for ch in target):
        return None
    seen = browser_reading(target)
    if seen != target or not seen.startswith("/") or seen.startswith("//"):
        return None
    parts = urlsplit(seen)
    if parts.scheme or parts.netloc:
        return None
    return target


# --- ids in paths and query strings --------------------------------------------------------

MAX_PAGE = 1_000_000


CASE_ID_ARGS = frozenset({"case_id"})  # BIGINT columns; every other id is a 32-bit row id


class IdConverter(IntegerConverter):
    """Every ``<int:...>`` in a route: a whole number from 0 up to what its id column holds
    (``db.MAX_ID`` = 2^31-1, PostgreSQL's integer; ``db.MAX_CASE_ID`` for ``case_id``). A
    larger one does not match the route (404), so no view or database ever sees it (SQLite
    raises OverflowError above 2^63-1, PostgreSQL "integer out of range" above 2^31-1).
    Installed as the app's ``int`` converter."""

    def __init__(self, map, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class IdRule(Rule):
    """The app's URL rule: gives an ``<int:case_id>`` the case ids' larger limit."""

    def get_converter(
        self, variable_name: str, converter_name: str, args: tuple[Any, ...], kwargs: Any
    ) -> BaseConverter:
        if converter_name == "int" and variable_name in CASE_ID_ARGS:
            kwargs = {**kwargs, "max": kwargs.get("max", MAX_CASE_ID)}
        return super().get_converter(variable_name, converter_name, args, kwargs)


def id_arg(raw: str | None) -> int | None:
    """An id from a query string (``?versie=3``): None when absent or not a valid id."""
    if raw is None:
        return None
    try:
        return parse_id(raw)
    except ValueError:
        return None


def page_arg(raw: str | None) -> int:
    """A page number from a query string (``?pagina=2``): 1 when absent or nonsense,
    at most ``MAX_PAGE`` (a page past the end just shows nothing)."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 7:
        return 1
    return min(max(1, int(text)), MAX_PAGE)
