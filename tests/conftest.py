"""Shared fixtures: an app on a fresh, migrated database per test; a form-aware client.

Synthetic people only. Password hashing uses cheap-but-real Argon2id parameters.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings

from schoonschip import create_app
from schoonschip.crypto import KeyRing

# tests/browser_summary.py: "Browser tests: N ran ..." at the end, a banner when skipped.
# pytester: for tests/unit/test_suite_harness.py, which runs pytest on small example files.
pytest_plugins = ["pytester", "tests.browser_summary"]

# Property tests check rules, not speed: no per-example deadline (a busy CI machine made
# a 200 ms deadline fail at random). Timings belong in benchmarks/.
settings.register_profile("schoonschip", deadline=None)
settings.load_profile("schoonschip")

TEST_PASSWORD = "correct horse battery staple"  # noqa: S105 - synthetic
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def base_config(instance: Path, keyring_json: str) -> dict[str, object]:
    cfg: dict[str, object] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "INSTANCE_PATH": str(instance),
        "MASTER_KEYS": keyring_json,
        "SESSION_COOKIE_SECURE": False,
        "PASSWORD_HASH_PARAMS": CHEAP_ARGON2,
    }
    if os.environ.get("DATABASE_URL"):
        cfg["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return cfg


@pytest.fixture(scope="session")
def keyring_json() -> str:
    return KeyRing.generate().to_json()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, keyring_json: str) -> Path:
    """A SQLite database made once per test session from the models; each test gets a copy.

    The schema comes from the models (``create_all``); tests/integration/core/test_migrations.py
    proves that the Alembic migrations produce exactly the same schema, up and down.
    """
    inst = tmp_path_factory.mktemp("template-instance")
    app = create_app(base_config(inst, keyring_json))
    with app.app_context():
        from schoonschip.db import Base, engine
        from schoonschip.models import import_all

        import_all()
        Base.metadata.create_all(engine())
        engine().dispose()
    return inst / "schoonschip.sqlite"


@pytest.fixture
def app(tmp_path: Path, migrated_template: Path, keyring_json: str) -> Iterator[Flask]:
    inst = tmp_path / "instance"
    inst.mkdir()
    if not os.environ.get("DATABASE_URL"):
        shutil.copy(migrated_template, inst / "schoonschip.sqlite")
    application = create_app(base_config(inst, keyring_json))
    if os.environ.get("DATABASE_URL"):
        _reset_postgres(application)
    yield application
    with application.app_context():
        from schoonschip.db import engine

        engine().dispose()


def fresh_app(inst: Path, keyring_json: str, migrated_template: Path, *, schema: str = "second") -> Flask:
    """A second app on its own empty database (for "a fresh database gives the same").

    SQLite: a copy of the migrated template in ``inst``. PostgreSQL: the same server and
    database, but its own schema (``search_path``), made empty and filled from the models.
    """
    inst.mkdir(parents=True, exist_ok=True)
    cfg = base_config(inst, keyring_json)
    url = os.environ.get("DATABASE_URL")
    if not url:
        shutil.copy(migrated_template, inst / "schoonschip.sqlite")
        return create_app(cfg)
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"t_{schema}"
    cfg["DATABASE_URL"] = make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
        hide_password=False
    )
    application = create_app(cfg)
    with application.app_context():
        from schoonschip.db import Base, engine
        from schoonschip.models import import_all

        import_all()
        with engine().begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {name}"))
        Base.metadata.create_all(engine())
    return application


def _reset_postgres(application: Flask) -> None:
    with application.app_context():
        from sqlalchemy import text

        from schoonschip.db import Base, engine
        from schoonschip.models import import_all

        import_all()
        with engine().begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        Base.metadata.create_all(engine())


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Web:
    """A test client that fills in the CSRF token, like a browser would."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self._token: str | None = None

    def get(self, url: str, **kw: object):  # type: ignore[no-untyped-def]
        resp = self.client.get(url, **kw)
        m = _CSRF.search(resp.get_data(as_text=True)) if resp.mimetype == "text/html" else None
        if m:
            self._token = m.group(1)
        return resp

    def token(self) -> str:
        if self._token is None:
            self.get("/login")
            if self._token is None:
                self.get("/start")
        assert self._token, "no CSRF token found on /login or /start"
        return self._token

    def post(self, url: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.token())
        resp = self.client.post(url, data=payload, **kw)
        m = _CSRF.search(resp.get_data(as_text=True)) if resp.mimetype == "text/html" else None
        if m:
            self._token = m.group(1)
        return resp

    def login(self, username: str, password: str = TEST_PASSWORD, totp_secret: str | None = None):  # type: ignore[no-untyped-def]
        self._token = None
        resp = self.post("/login", {"username": username, "password": password})
        if totp_secret and resp.status_code in (200, 302) and "/login/code" in (resp.headers.get("Location") or ""):
            self._token = None
            self.get("/login/code")
            resp = self.post("/login/code", {"code": pyotp.TOTP(totp_secret).now()})
        self._token = None
        return resp

    def logout(self):  # type: ignore[no-untyped-def]
        resp = self.post("/logout")
        self._token = None
        return resp


@pytest.fixture
def web(app: Flask) -> Web:
    return Web(app.test_client())


@pytest.fixture
def make_web(app: Flask):  # type: ignore[no-untyped-def]
    return lambda: Web(app.test_client())


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def people(app: Flask):  # type: ignore[no-untyped-def]
    """Locations A and B and one synthetic user per role (TOTP enrolled where required)."""
    from tests.factories import seed_people

    return seed_people(app)
