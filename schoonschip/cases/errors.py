"""Errors the case services raise. Messages are Dutch, plain and safe to show: they never
contain a name or anything else a resident told us.

Services also run outside a request (CLI, demo data, benchmarks), so they do not
translate: they mark messages with ``N_`` (extracted by Babel) and the view shows
``error.translated()``.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - Babel's conventional name
    """Mark a message for translation without translating it here."""
    return message


class CaseActionError(ValueError):
    """The action is not allowed or makes no sense (e.g. the same stage again)."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message_id = message
        self.params = params

    def translated(self) -> str:
        from flask_babel import gettext

        return gettext(self.message_id, **self.params)


class StaleEdit(Exception):
    """Someone else saved this record after the form was opened. The caller keeps the
    user's input and shows the conflict message (templates/cases/_stale.html)."""
