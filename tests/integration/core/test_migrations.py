"""Migrations produce exactly the models' schema, and go down and up again cleanly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from schoonschip.db import Base, make_engine
from schoonschip.models import import_all
from schoonschip.ops.cli import downgrade_database, upgrade_database


def _fresh_app(tmp_path, keyring_json):
    from schoonschip import create_app
    from tests.conftest import base_config

    inst = tmp_path / "mig"
    inst.mkdir()
    return create_app(base_config(inst, keyring_json))


def _diff(app):
    from schoonschip.db import database_url

    import_all()
    eng = make_engine(database_url(app))
    with eng.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    eng.dispose()
    return diff


def test_migrations_match_models_and_round_trip(tmp_path, keyring_json):
    app = _fresh_app(tmp_path, keyring_json)
    with app.app_context():
        if app.config.get("DATABASE_URL"):
            from sqlalchemy import text

            from schoonschip.db import engine

            with engine().begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade_database()
        assert _diff(app) == [], "models changed without a migration: run the revision command in README"
        downgrade_database("base")
        from schoonschip.db import engine

        left = set(inspect(engine()).get_table_names()) - {"alembic_version"}
        assert left == set()
        upgrade_database()
        assert _diff(app) == []
