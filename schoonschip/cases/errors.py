"""Errors the case services raise. Messages are Dutch, plain and safe to show: they never
contain a name or anything else a resident told us.

Services also run outside a request (CLI, demo data, benchmarks), so they do not
translate: an error carries its message as a :class:`~schoonschip.i18n.Msg` (marked with
``N_``, extracted by Babel) in ``error.message``; a template shows it translated
(``{{ error.message }}``), a view that flashes it translates it first.
"""

from __future__ import annotations

from schoonschip.i18n import N_, Msg


class CaseActionError(ValueError):
    """The action is not allowed or makes no sense (e.g. the same stage again)."""

    def __init__(self, message: str, **params: object) -> None:
        self.message: Msg = N_(message, **params)
        super().__init__(self.message)


class StaleEdit(Exception):
    """Someone else saved this record after the form was opened. The caller keeps the
    user's input and shows the conflict message (templates/cases/_stale.html)."""
