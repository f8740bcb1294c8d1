"""``N_`` marks a Dutch message for translation without translating it (pure modules
have no request and no flask). ``pybabel extract -k N_`` finds it; templates translate
the message when they show it (the ``t`` filter in web.py, used by the form macros)."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - Babel's conventional name
    return message
