"""Browser-test harness: the real app behind a real WSGI server on 127.0.0.1, driven by
Playwright in Debian's Chromium (``/usr/bin/chromium``; nothing is downloaded).

Fixtures for every feature's browser tests:

* ``live_server`` — ``.base_url``, ``.app``, ``.people`` (see tests/factories.py) and
  ``.url(path)``. A fresh database per test (a copy of the schema made from the models),
  seeded with the synthetic people; served by ``werkzeug.serving.make_server`` in a thread on
  a free port.
* ``browser_context`` / ``browser_page`` — a new, empty browser context per test (no shared
  cookies) and a page in it, with ``base_url`` set, so ``page.goto("/start")`` works.
* ``login`` — ``login(page, username, totp=False, password=TEST_PASSWORD)`` logs in through
  the real form (and the code step when ``totp=True``) and waits for the start page.

Mark browser tests with ``@pytest.mark.browser``. Without ``/usr/bin/chromium`` they are
skipped on a developer machine but FAIL in CI (env ``CI`` set), so CI cannot pass silently.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import TEST_PASSWORD, TOTP_SECRET

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
SCREENS = Path("/tmp/screens")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + " — required in CI", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@dataclass
class LiveServer:
    base_url: str
    app: Flask
    people: Any
    # last TOTP time step used per username, so a second login in one test picks a fresh code
    totp_steps: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path


class _ServerThread(threading.Thread):
    def __init__(self, server: BaseWSGIServer) -> None:
        super().__init__(name="live-server", daemon=True)
        self.server = server

    def run(self) -> None:
        self.server.serve_forever(poll_interval=0.1)


@pytest.fixture
def live_server(app: Flask, people: Any, chromium_path: str) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = _ServerThread(server)
    thread.start()
    try:
        yield LiveServer(base_url=f"http://127.0.0.1:{server.server_port}", app=app, people=people)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def browser_context(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    ctx = browser.new_context(base_url=live_server.base_url, locale="nl-NL", viewport={"width": 1100, "height": 800})
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def browser_page(browser_context: Any) -> Any:
    return browser_context.new_page()


def _fresh_totp_code(server: LiveServer, username: str) -> str:
    """A code the server has not seen for this user yet (the app refuses replays).

    The app accepts one step ahead (valid_window=1), so a second login within the same
    30 s uses the next step's code; a third waits for the clock.
    """
    totp = pyotp.TOTP(TOTP_SECRET)
    while True:
        now_step = int(time.time() // 30)
        last = server.totp_steps.get(username, -1)
        step = max(now_step, last + 1)
        if step <= now_step + 1:
            server.totp_steps[username] = step
            return totp.generate_otp(step)
        time.sleep(1)


@pytest.fixture
def login(live_server: LiveServer) -> Callable[..., None]:
    """``login(page, username, totp=False, password=TEST_PASSWORD)`` via the real forms."""

    def _login(page: Any, username: str, totp: bool = False, password: str = TEST_PASSWORD) -> None:
        page.goto("/login")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        if totp:
            page.wait_for_url("**/login/code")
            page.get_by_label("Code").fill(_fresh_totp_code(live_server, username))
            page.get_by_role("button", name="Verder").click()
        page.wait_for_url("**/start")

    return _login


@pytest.fixture(scope="session")
def screens_dir() -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS
