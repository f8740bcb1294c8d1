"""Alembic environment. Runs on SQLite (batch mode) and PostgreSQL alike."""

from __future__ import annotations

from alembic import context

from schoonschip.db import Base
from schoonschip.models import import_all

import_all()
config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from schoonschip import create_app
        from schoonschip.db import database_url, make_engine

        engine = make_engine(database_url(create_app()))
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
