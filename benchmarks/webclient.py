"""A small HTTP client for the scripts (standard library only): keep-alive connection,
cookies, the CSRF token from the last HTML page, and timing of each request."""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    body: bytes
    location: str | None
    seconds: float
    content_type: str = ""


class Client:
    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.token: str | None = None
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        t0 = time.perf_counter()
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except (http.client.HTTPException, OSError):
            self.close()  # a fresh connection next time; the caller sees the error
            raise
        elapsed = time.perf_counter() - t0
        for raw in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in raw.lower() or "expires=thu, 01 jan 1970" in raw.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        ctype = resp.headers.get("Content-Type", "")
        if ctype.startswith("text/html"):
            m = _CSRF.search(data.decode("utf-8", "replace"))
            if m:
                self.token = m.group(1)
        if resp.headers.get("Connection", "").lower() == "close":
            self.close()
        return Reply(resp.status, data, resp.headers.get("Location"), elapsed, ctype)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Reply:
        if self.token is None:
            self.get("/login")
        return self.request("POST", path, {"csrf_token": self.token or "", **form})

    def login(self, username: str, password: str, totp_secret: str | None = None) -> Reply:
        self.get("/login")
        reply = self.post("/login", {"username": username, "password": password})
        if reply.status != 302:
            raise RuntimeError(f"login failed with HTTP {reply.status}")
        if totp_secret and "/login/code" in (reply.location or ""):
            import pyotp

            self.get("/login/code")
            reply = self.post("/login/code", {"code": pyotp.TOTP(totp_secret).now()})
            if reply.status != 302:
                raise RuntimeError(f"second factor failed with HTTP {reply.status}")
        return reply
