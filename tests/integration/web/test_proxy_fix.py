"""Behind a TLS proxy the login throttle must count the real client address, and only the
proxy may tell it: ``PROXY_FIX_X_FOR`` (default 0: X-Forwarded-For is ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from schoonschip import create_app
from schoonschip.auth.models import LoginAttempt
from schoonschip.config import Defaults, apply_environment
from schoonschip.db import new_session
from tests.conftest import TEST_PASSWORD, Web, base_config

PROXY = "127.0.0.1"  # the test client's socket peer: the proxy in these tests
CLIENT = "203.0.113.9"  # documentation range (RFC 5737)


@pytest.fixture
def make_app(app: Flask, tmp_path: Path, keyring_json: str) -> Iterator:  # type: ignore[type-arg]
    """Another app object on the same instance and database, with extra settings."""
    made: list[Flask] = []

    def make(**extra: object) -> Flask:
        a = create_app({**base_config(tmp_path / "instance", keyring_json), **extra})
        made.append(a)
        return a

    yield make
    for a in made:
        with a.app_context():
            from schoonschip.db import engine

            engine().dispose()


def _failed_login(a: Flask, forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    web = Web(a.test_client())
    resp = web.post("/login", {"username": "coach.a", "password": "verkeerd wachtwoord!"}, headers=headers)
    return resp.status_code


def _address_digests(a: Flask) -> list[str]:
    with a.app_context():
        db = new_session()
        try:
            return [r.address_digest for r in db.scalars(select(LoginAttempt).order_by(LoginAttempt.id))]
        finally:
            db.close()


def _digest_of(a: Flask, address: str) -> str:
    from schoonschip.auth.throttle import subject

    with a.test_request_context():
        return subject("x", address).address_digest


def test_by_default_x_forwarded_for_is_ignored(make_app, people) -> None:  # type: ignore[no-untyped-def]
    a = make_app()
    _failed_login(a, CLIENT)
    assert _address_digests(a) == [_digest_of(a, PROXY)]


def test_trusting_one_proxy_counts_the_client_address(make_app, people) -> None:  # type: ignore[no-untyped-def]
    a = make_app(PROXY_FIX_X_FOR=1)
    _failed_login(a, CLIENT)
    # A client that sends its own X-Forwarded-For: nginx appends the real address; only the
    # last entry (the one the proxy wrote) is trusted.
    _failed_login(a, f"198.51.100.7, {CLIENT}")
    assert _address_digests(a) == [_digest_of(a, CLIENT), _digest_of(a, CLIENT)]


def test_forged_addresses_do_not_escape_the_throttle_by_default(make_app, people) -> None:  # type: ignore[no-untyped-def]
    a = make_app(LOGIN_FREE_FAILURES=100, LOGIN_FREE_FAILURES_PER_ADDRESS=3)
    for i in range(3):
        _failed_login(a, f"198.51.100.{i + 1}")
    web = Web(a.test_client())
    resp = web.post("/login", {"username": "coach.a", "password": TEST_PASSWORD}, headers={"X-Forwarded-For": "198.51.100.99"})
    assert resp.status_code == 429


def test_behind_a_proxy_one_noisy_client_does_not_block_the_others(make_app, people) -> None:  # type: ignore[no-untyped-def]
    a = make_app(PROXY_FIX_X_FOR=1, LOGIN_FREE_FAILURES=100, LOGIN_FREE_FAILURES_PER_ADDRESS=3)
    for _ in range(3):
        _failed_login(a, CLIENT)
    web = Web(a.test_client())
    blocked = web.post("/login", {"username": "coach.a", "password": TEST_PASSWORD}, headers={"X-Forwarded-For": CLIENT})
    assert blocked.status_code == 429
    other = Web(a.test_client()).post(
        "/login", {"username": "coach.a", "password": TEST_PASSWORD}, headers={"X-Forwarded-For": "192.0.2.44"}
    )
    assert other.status_code == 302


def test_forwarded_proto_makes_requests_secure_only_when_trusted(make_app, people) -> None:  # type: ignore[no-untyped-def]
    plain = make_app().test_client().get("/health", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in plain.headers
    trusted = make_app(PROXY_FIX_X_PROTO=1).test_client().get("/health", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in trusted.headers


def test_environment_variables_set_it() -> None:
    cfg = {k: getattr(Defaults, k) for k in dir(Defaults) if k.isupper()}
    assert cfg["PROXY_FIX_X_FOR"] == 0 and cfg["PROXY_FIX_X_PROTO"] == 0
    apply_environment(cfg, {"SCHOONSCHIP_PROXY_FIX_X_FOR": "1", "SCHOONSCHIP_PROXY_FIX_X_PROTO": "1"})
    assert cfg["PROXY_FIX_X_FOR"] == 1 and cfg["PROXY_FIX_X_PROTO"] == 1


def test_negative_values_are_refused(tmp_path: Path, keyring_json: str) -> None:
    with pytest.raises(ValueError):
        create_app({**base_config(tmp_path / "inst", keyring_json), "PROXY_FIX_X_FOR": -1})
