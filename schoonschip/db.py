"""Database: engine, one session per request, metadata naming convention, CLI hooks.

SQLite (the default, in instance/) runs in WAL mode with foreign keys on. Requests
that change data take SQLite's write lock at the start of their transaction
(``BEGIN IMMEDIATE``), so two workers never both read-then-write the same snapshot:
the second simply waits (busy_timeout) instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import BigInteger, Integer, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Case ids are random 53-bit numbers, so every int column is BIGINT on PostgreSQL. On
# SQLite it stays INTEGER, so an integer primary key remains the rowid (autoincrement).
BIGINT = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {int: BIGINT}


# The largest row id on both databases: the primary keys are ``Integer``, which PostgreSQL
# stores in 32 bits (SQLite in 64); case ids are BIGINT (random 53-bit numbers). A bigger
# number typed, forged in a form or put in an address must be refused before it reaches the
# database (SQLite: OverflowError above 2^63-1; PostgreSQL: "integer out of range" above
# 2^31-1 for a row id; either a 500).
MAX_ID = 2**31 - 1
MAX_CASE_ID = 2**63 - 1


def parse_id(raw: object, *, max_id: int = MAX_ID) -> int:
    """A row id from a form: a positive whole number that fits the id columns (a case id:
    ``max_id=MAX_CASE_ID``).

    Raises ValueError otherwise, like ``int()`` does for text that is not a number."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or not 0 < int(text) <= max_id:
        raise ValueError("not an id")
    return int(text)


def utcnow() -> datetime:
    """Naive UTC timestamp (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def database_url(app: Flask) -> str:
    url = app.config.get("DATABASE_URL")
    if url:
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return "sqlite:///" + str(Path(app.instance_path) / "schoonschip.sqlite")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _rec: Any) -> None:
            # Let SQLAlchemy, not the driver, emit BEGIN (so we can choose IMMEDIATE).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            if conn.get_execution_options().get("write_lock"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def init_app(app: Flask) -> None:
    engine = make_engine(database_url(app))
    app.extensions["sqlalchemy_engine"] = engine
    app.extensions["session_factory"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["sqlalchemy_engine"]


def new_session(*, write: bool = False) -> Session:
    """A fresh session bound to the app's engine; caller owns it."""
    factory: sessionmaker[Session] = current_app.extensions["session_factory"]
    if write:
        # Every transaction of this session starts with SQLite's write lock (BEGIN IMMEDIATE).
        session = factory(bind=engine().execution_options(write_lock=True))
        session.info["write_lock"] = True
    else:
        session = factory()
    _attach_keys(session)
    return session


def get_session() -> Session:
    """The one session of this request (or CLI command / app context)."""
    if "db_session" not in g:
        write = has_request_context() and request.method not in SAFE_METHODS
        g.db_session = new_session(write=write)
    return g.db_session


def _attach_keys(session: Session) -> None:
    from schoonschip.sealing import CaseKeyStore  # local import: sealing imports db models

    session.info["case_keys"] = CaseKeyStore(session, current_app.extensions["keyring"])


def _close_session(exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is None:
        return
    try:
        if exc is not None:
            session.rollback()
    finally:
        session.close()


@contextmanager
def write_transaction() -> Iterator[Session]:
    """For CLI commands: one write transaction that commits or rolls back."""
    session = new_session(write=True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
