"""Configuration: defaults (no secrets) → instance/config.py → SCHOONSCHIP_* environment.

`check_production_config` refuses to start a production app with a default secret
key, debug on, no master key, or a session cookie without Secure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - a marker, refused in production


class Defaults:
    ENV_NAME = "production"  # "development" only via instance config or env
    DEBUG = False
    TESTING = False
    SECRET_KEY = DEFAULT_SECRET_KEY
    # Database: SQLite in the instance folder unless DATABASE_URL is set.
    DATABASE_URL: str | None = None
    # Master keys: a file in instance/ (mode 0600), or SCHOONSCHIP_MASTER_KEYS (JSON).
    MASTER_KEY_FILE = "master_keys.json"
    MASTER_KEYS: str | None = None
    # Sessions (shared laptops in the community rooms).
    IDLE_TIMEOUT_MINUTES = 20
    ABSOLUTE_TIMEOUT_HOURS = 10
    SESSION_COOKIE_NAME = "schoonschip"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True  # relaxed automatically on plain-http localhost in development
    REMEMBER_COOKIE_DURATION = 0
    # Login throttle (auth/throttle.py): no lock-out; a wrong password makes the next attempt
    # wait, growing with the failures per account and per address within the window (after a
    # few free ones; a known device waits only for its own failures).
    LOGIN_WINDOW_MINUTES = 60
    LOGIN_FREE_FAILURES = 3
    LOGIN_FREE_FAILURES_PER_ADDRESS = 20
    LOGIN_DELAY_BASE_SECONDS = 2
    LOGIN_DELAY_MAX_SECONDS = 300
    LOGIN_NOTICE_AFTER = 10  # wrong passwords in the window: a notice to the user and the beheerder
    # Second-factor codes: per pending login, and per user over a window (no reset by a password).
    LOGIN_CODE_MAX_PER_LOGIN = 5
    LOGIN_CODE_MAX_FAILURES = 10
    LOGIN_CODE_WINDOW_MINUTES = 60
    # Behind a reverse proxy (nginx): how many proxies in front of the app set
    # X-Forwarded-For / X-Forwarded-Proto. 0 (default): the headers are ignored and the
    # address is the socket's peer. Set to 1 ONLY when the app is reachable through exactly
    # one proxy and nothing else can connect to it (gunicorn on 127.0.0.1 or a unix socket);
    # otherwise anyone can forge their address and slip past the per-address login throttle.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    # Second factor, required per role (configurable).
    TOTP_REQUIRED_ROLES = ("coordinator", "beheerder", "rapportage")  # rapportage sees every location
    TOTP_ISSUER = "Schoon Schip"
    # Reports
    DISCLOSURE_K = 5  # smallest count shown in funder reports; refused below 3 (reports.publish.disclosure_k)
    # A report period closes (its tables are stored as published) this many days after its end.
    REPORT_CLOSE_AFTER_DAYS = 30
    # Retention (issue 7): closed cases erased this many days after closing.
    RETENTION_DAYS_AFTER_CLOSE = 730
    # Coordinators see the cases that will go this many days before they are purged.
    RETENTION_NOTICE_DAYS = 30
    # Backups (docs/backup.md). The backup key lives apart from the master keys: a file
    # (relative to instance/ or absolute, mode 0600) or SCHOONSCHIP_BACKUP_KEY (JSON).
    BACKUP_KEY_FILE = "backup_key.json"
    BACKUP_KEY: str | None = None
    # The backup location: every erasure is also written to its erasure ledger.
    BACKUP_DIR: str | None = None
    ERASURE_LEDGER_FILE = "erasure-ledger.jsonl"
    # Interface
    BABEL_DEFAULT_LOCALE = "nl"
    LANGUAGES = ("nl", "en")
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; sessions expire on their own
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    PASSWORD_HASH_PARAMS: dict[str, int] = {}  # argon2 defaults; tests use cheaper ones
    DEMO_MODE = False


ENV_PREFIX = "SCHOONSCHIP_"
_BOOL = {"1": True, "true": True, "yes": True, "ja": True, "0": False, "false": False, "no": False, "nee": False}


def _coerce(current: Any, raw: str) -> Any:
    """Environment strings to the type of the default."""
    if isinstance(current, bool):
        try:
            return _BOOL[raw.strip().lower()]
        except KeyError:
            raise ValueError(f"expected a yes/no value, got {raw!r}") from None
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, tuple | list | dict):
        return type(current)(json.loads(raw))
    return raw


def apply_environment(config: dict[str, Any], environ: dict[str, str] | None = None) -> None:
    """Override config keys from SCHOONSCHIP_<KEY> variables; DATABASE_URL is read as is."""
    environ = dict(os.environ if environ is None else environ)
    if environ.get("DATABASE_URL"):
        config["DATABASE_URL"] = environ["DATABASE_URL"]
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX) :]
        if key in {"DEMO_PASSWORD", "DEMO_TOTP_SECRET"}:
            continue  # read by the demo command only
        config[key] = _coerce(config.get(key), raw) if key in config else raw


class UnsafeConfig(RuntimeError):
    pass


def check_production_config(config: dict[str, Any], master_key_available: bool) -> None:
    """Refuse to serve real data with settings that are only fit for a developer's laptop."""
    if config.get("TESTING") or config.get("ENV_NAME") == "development":
        return
    problems = []
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(config["SECRET_KEY"]) < 32:
        problems.append("SECRET_KEY is the default or too short")
    if config.get("DEBUG"):
        problems.append("DEBUG is on")
    if not config.get("SESSION_COOKIE_SECURE", True):
        problems.append(
            "SESSION_COOKIE_SECURE is off (the session cookie would travel over plain http; "
            "remove the line from instance/config.py)"
        )
    if not master_key_available:
        problems.append("no master key (instance/master_keys.json or SCHOONSCHIP_MASTER_KEYS)")
    if problems:
        raise UnsafeConfig("Refusing to start in production: " + "; ".join(problems))


def instance_config_path(instance_path: str | Path) -> Path:
    return Path(instance_path) / "config.py"
