"""Import every model module so the metadata is complete (Alembic, create_all, tests)."""

from __future__ import annotations

import importlib

MODEL_MODULES = [
    "schoonschip.sealing",
    "schoonschip.audit",
    "schoonschip.auth.models",
    "schoonschip.cases.models",
    "schoonschip.budget.models",
    "schoonschip.cases.resident",
    "schoonschip.cases.records",
    "schoonschip.cases.tally",
    "schoonschip.cases.debts",
    "schoonschip.cases.mediation",
    "schoonschip.cases.handover",
    "schoonschip.retention",
    "schoonschip.reports.service",
]


def import_all() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
