"""The handover area's error: a step that is not allowed now, with the form field it belongs to."""

from __future__ import annotations

from schoonschip.cases.errors import CaseActionError


class HandoverError(CaseActionError):
    """A workflow step that is not allowed now. Dutch message (``N_``); ``field`` is the form
    field it belongs next to."""

    def __init__(self, message: str, *, field: str = "handover", **params: object) -> None:
        super().__init__(message, **params)
        self.field = field
