"""Import every model module so the metadata is complete (Alembic, create_all, tests)."""

from __future__ import annotations


def import_all() -> None:
    """Every module that defines tables, named once; the import registers them on ``Base``."""
    from schoonschip import audit, sealing  # noqa: F401
    from schoonschip.auth import models as auth_models  # noqa: F401
    from schoonschip.budget import models as budget_models  # noqa: F401
    from schoonschip.budget.statements import models as statement_models  # noqa: F401
    from schoonschip.cases.casefile import models as casefile_models  # noqa: F401
    from schoonschip.cases.casefile import records, resident  # noqa: F401
    from schoonschip.cases.debts import models as debt_models  # noqa: F401
    from schoonschip.cases.documents import models as document_models  # noqa: F401
    from schoonschip.cases.handover import models as handover_models  # noqa: F401
    from schoonschip.cases.letters import models as letter_models  # noqa: F401
    from schoonschip.cases.mediation import models as mediation_models  # noqa: F401
    from schoonschip.cases.tasks import models as task_models  # noqa: F401
    from schoonschip.privacy import retention  # noqa: F401
    from schoonschip.reports import (  # noqa: F401
        contributions,
        tally,  # noqa: F401
    )
    from schoonschip.reports import models as reports_models  # noqa: F401
    from schoonschip.web import models as web_models  # noqa: F401
