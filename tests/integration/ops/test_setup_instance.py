"""setup_instance writes production settings (issue 16, finding 4): the restore steps of
docs/backup.md run it, and a restored server must keep a Secure session cookie. Only
``--laptop`` (``make run``) writes the plain-http development settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from schoonschip import create_app
from schoonschip.config import UnsafeConfig
from schoonschip.ops import setup_instance


def _app(inst: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for name in ("SCHOONSCHIP_MASTER_KEYS", "SCHOONSCHIP_ENV_NAME", "SCHOONSCHIP_SESSION_COOKIE_SECURE", "SCHOONSCHIP_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SCHOONSCHIP_INSTANCE_PATH", str(inst))
    return create_app()


def test_the_restore_steps_give_a_production_config_with_a_secure_cookie(tmp_path, monkeypatch):
    inst = tmp_path / "instance"
    assert setup_instance.main(["--instance", str(inst)]) == 0  # step 1 of "Restoring" in docs/backup.md
    assert "SESSION_COOKIE_SECURE" not in (inst / "config.py").read_text()
    app = _app(inst, monkeypatch)
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_a_config_that_switches_secure_off(tmp_path, monkeypatch):
    inst = tmp_path / "instance"
    setup_instance.main(["--instance", str(inst)])
    with open(inst / "config.py", "a", encoding="utf-8") as fh:
        fh.write("SESSION_COOKIE_SECURE = False\n")
    with pytest.raises(UnsafeConfig, match="SESSION_COOKIE_SECURE"):
        _app(inst, monkeypatch)


def test_laptop_config_is_a_development_config(tmp_path, monkeypatch):
    inst = tmp_path / "instance"
    setup_instance.main(["--instance", str(inst), "--laptop"])
    app = _app(inst, monkeypatch)
    assert app.config["ENV_NAME"] == "development" and app.config["SESSION_COOKIE_SECURE"] is False


def test_an_old_laptop_config_is_completed_by_make_run(tmp_path, monkeypatch):
    inst = tmp_path / "instance"
    setup_instance.main(["--instance", str(inst)])
    cfg = inst / "config.py"
    cfg.write_text(cfg.read_text() + "# This laptop serves plain http on 127.0.0.1. Behind a TLS proxy, remove this line.\n"
                   "SESSION_COOKIE_SECURE = False\n")
    with pytest.raises(UnsafeConfig):
        _app(inst, monkeypatch)
    setup_instance.main(["--instance", str(inst), "--laptop"])
    assert _app(inst, monkeypatch).config["ENV_NAME"] == "development"
