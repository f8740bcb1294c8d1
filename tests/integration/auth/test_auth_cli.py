"""`flask create-user` and the demo accounts' password handling."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from schoonschip.auth.models import Location, User
from schoonschip.db import new_session, write_transaction


def _code(output: str) -> str:
    return re.search(r"One-time code .*: ([a-z2-9-]{19})", output).group(1)


def test_create_first_beheerder_and_log_in(app, runner, web):
    result = runner.invoke(args=["create-user", "--username", "Eerste.Beheerder", "--name", "Eerste Beheerder"])
    assert result.exit_code == 0, result.output
    code = _code(result.output)
    with app.app_context():
        db = new_session()
        user = db.scalar(select(User).where(User.username == "eerste.beheerder"))
        assert user.must_change_password and user.role_set() == {("beheerder", None)}
        db.close()
    # beheerder: password (the code), then set up the second factor, then choose a password
    resp = web.login("eerste.beheerder", password=code)
    assert "/login/instellen" in resp.headers["Location"]
    page = web.get("/login/instellen").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert web.post("/login/instellen", {"code": pyotp.TOTP(secret).now()}).status_code == 200
    assert web.get("/beheer/gebruikers").headers["Location"].endswith("/wachtwoord")
    web.get("/wachtwoord")
    new = "de eerste beheerder kiest dit"
    web.post("/wachtwoord", {"current_password": code, "new_password": new, "new_password_repeat": new})
    assert web.get("/beheer/gebruikers").status_code == 200


def test_create_coach_needs_a_known_open_location(app, runner, people):
    base = ["create-user", "--username", "coach.cli", "--name", "Coach Cli", "--role", "coach"]
    assert runner.invoke(args=base).exit_code != 0
    assert "Unknown location" in runner.invoke(args=[*base, "--location", "nergens"]).output
    with app.app_context(), write_transaction() as db:
        db.scalar(select(Location).where(Location.code == "loc-b")).ended_on = date(2000, 1, 1)
    assert "ended" in runner.invoke(args=[*base, "--location", "loc-b"]).output
    result = runner.invoke(args=[*base, "--location", "loc-a"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=[*base, "--location", "loc-a"])
    assert again.exit_code != 0 and "exists already" in again.output


def test_create_user_refuses_bad_username(runner):
    result = runner.invoke(args=["create-user", "--username", "x", "--name", "X"])
    assert result.exit_code != 0 and "Username" in result.output


def test_demo_generated_password_stored_0600_and_shown_again(app, runner, monkeypatch):
    monkeypatch.delenv("SCHOONSCHIP_DEMO_PASSWORD", raising=False)
    monkeypatch.delenv("SCHOONSCHIP_DEMO_TOTP_SECRET", raising=False)
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    password = re.search(r"Password for all demo accounts: (\S+)", first.output).group(1)
    path = Path(app.instance_path) / "demo_password.txt"
    assert path.read_text().strip() == password
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "already loaded" in second.output and "coordinator.cjm" in second.output and str(path) in second.output
    assert password not in second.output
    from tests.conftest import Web

    web = Web(app.test_client())
    assert web.login("coach.cjm", password=password).status_code == 302
    web.logout()
    assert "/login/instellen" in web.login("coordinator.cjm", password=password).headers["Location"]


def test_demo_with_given_password_and_totp_secret(app, runner, monkeypatch):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    monkeypatch.setenv("SCHOONSCHIP_DEMO_PASSWORD", "demo wachtwoord voor tests")
    monkeypatch.setenv("SCHOONSCHIP_DEMO_TOTP_SECRET", secret)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert not (Path(app.instance_path) / "demo_password.txt").exists()
    from tests.conftest import Web

    web = Web(app.test_client())
    assert web.login("beheerder", password="demo wachtwoord voor tests", totp_secret=secret).status_code == 302
    assert web.get("/beheer/locaties").status_code == 200
    assert "SCHOONSCHIP_DEMO_PASSWORD" in runner.invoke(args=["demo"]).output


@pytest.mark.parametrize("secret", ["JBSWY3DPEHPK3PXP", "not base32 at all!"])
def test_demo_refuses_an_unusable_totp_secret_plainly(app, runner, monkeypatch, secret):
    monkeypatch.setenv("SCHOONSCHIP_DEMO_PASSWORD", "demo wachtwoord voor tests")
    monkeypatch.setenv("SCHOONSCHIP_DEMO_TOTP_SECRET", secret)
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "SCHOONSCHIP_DEMO_TOTP_SECRET is not a usable second-factor secret" in result.output
    assert "Traceback" not in result.output and secret not in result.output
    with app.app_context(), new_session() as db:
        assert db.scalar(select(User).where(User.username == "beheerder")) is None
