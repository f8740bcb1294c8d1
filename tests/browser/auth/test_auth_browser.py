"""Login, second factor, idle timeout, logout and cookie replay, in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from schoonschip.auth.models import Role, UserSession
from schoonschip.db import utcnow, write_transaction
from tests.conftest import TEST_PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.browser


def test_login_page_screenshot(browser_page, live_server, screens_dir):
    browser_page.goto("/login")
    expect(browser_page.get_by_role("heading", name="Inloggen")).to_be_visible()
    browser_page.screenshot(path=str(screens_dir / "login.png"), full_page=True)
    assert (screens_dir / "login.png").stat().st_size > 5000


def test_coordinator_logs_in_with_password_and_totp(browser_page, login):
    login(browser_page, "coordinator.a", totp=True)
    page = browser_page
    expect(page.get_by_role("heading", name=re.compile("Welkom"))).to_be_visible()
    expect(page.get_by_role("heading", name="Gebruikers van uw locatie")).to_be_visible()
    assert page.locator("#start-users").get_by_text("coach.a2").is_visible()


def test_wrong_code_then_right_code(browser_page, live_server):
    page = browser_page
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill("coordinator.a")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/login/code")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verder").click()
    assert "Deze code klopt niet" in page.locator("#code-error").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/start")


def test_wrong_password_thrice_dutch_error_keeps_username(browser_page, live_server):
    page = browser_page
    page.goto("/login")
    for _ in range(3):
        page.get_by_label("Wachtwoord").fill("dit is niet goed")
        if not page.get_by_label("Gebruikersnaam").input_value():
            page.get_by_label("Gebruikersnaam").fill("coach.a")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        assert "Gebruikersnaam of wachtwoord klopt niet" in page.locator("#login-error").inner_text()
        assert page.get_by_label("Gebruikersnaam").input_value() == "coach.a"
        assert page.get_by_label("Wachtwoord").input_value() == ""
    assert page.url.endswith("/login")


def test_idle_timeout_lands_on_login_with_message(browser_page, live_server, login):
    login(browser_page, "coach.a")
    with live_server.app.app_context(), write_transaction() as db:
        db.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=21)))
    browser_page.goto("/dossiers/")
    browser_page.wait_for_url("**/login")
    assert "U was te lang niet actief" in browser_page.locator("main").inner_text()
    # logging in again returns to the page that was asked for
    browser_page.get_by_label("Gebruikersnaam").fill("coach.a")
    browser_page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    browser_page.get_by_role("button", name="Inloggen").click()
    browser_page.wait_for_url("**/dossiers/")


def test_logout_then_old_cookie_is_refused(browser, browser_context, browser_page, live_server, login):
    login(browser_page, "coach.a")
    saved = browser_context.cookies()
    assert any(c["name"] == "schoonschip" for c in saved)
    browser_page.get_by_role("button", name="Uitloggen").click()
    browser_page.wait_for_url("**/login")
    assert "U bent uitgelogd" in browser_page.locator("main").inner_text()
    thief = browser.new_context(base_url=live_server.base_url)
    try:
        thief.add_cookies(saved)
        page = thief.new_page()
        page.goto("/start")
        page.wait_for_url("**/login")
        expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
        # and a script-free request with the cookie gets no page content either
        resp = thief.request.get(live_server.url("/start"), max_redirects=0)
        assert resp.status == 302 and resp.headers["location"].endswith("/login")
    finally:
        thief.close()


def test_first_login_enrolment_shows_qr_and_recovery_codes(browser_page, live_server, screens_dir):
    from tests.factories import make_user

    with live_server.app.app_context(), write_transaction() as db:
        make_user(db, "coordinator.nieuw", Role.COORDINATOR, live_server.people.loc_a)
    page = browser_page
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill("coordinator.nieuw")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/login/instellen")
    assert page.locator(".qr-box svg").is_visible()
    page.screenshot(path=str(screens_dir / "enrol.png"), full_page=True)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit de app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name=re.compile("Ik heb de codes bewaard")).click()
    page.wait_for_url("**/start")
