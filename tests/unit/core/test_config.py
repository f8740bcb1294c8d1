import pytest

from schoonschip.config import DEFAULT_SECRET_KEY, UnsafeConfig, apply_environment, check_production_config

GOOD = {"SECRET_KEY": "x" * 40, "DEBUG": False, "ENV_NAME": "production"}


def test_production_accepts_safe_config():
    check_production_config(dict(GOOD), master_key_available=True)


@pytest.mark.parametrize(
    ("change", "key_ok", "fragment"),
    [
        ({"SECRET_KEY": DEFAULT_SECRET_KEY}, True, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, True, "SECRET_KEY"),
        ({"DEBUG": True}, True, "DEBUG"),
        ({"SESSION_COOKIE_SECURE": False}, True, "SESSION_COOKIE_SECURE"),  # issue 16, finding 4
        ({}, False, "master key"),
    ],
)
def test_production_refuses_unsafe(change, key_ok, fragment):
    with pytest.raises(UnsafeConfig, match=fragment):
        check_production_config({**GOOD, **change}, master_key_available=key_ok)


def test_environment_overrides_with_types():
    cfg = {"IDLE_TIMEOUT_MINUTES": 20, "DEBUG": False, "SECRET_KEY": "a"}
    apply_environment(
        cfg,
        {"SCHOONSCHIP_IDLE_TIMEOUT_MINUTES": "5", "SCHOONSCHIP_DEBUG": "ja", "DATABASE_URL": "postgresql://x/y"},
    )
    assert cfg["IDLE_TIMEOUT_MINUTES"] == 5
    assert cfg["DEBUG"] is True
    assert cfg["DATABASE_URL"] == "postgresql://x/y"


def test_app_refuses_to_start_without_master_key(tmp_path, monkeypatch):
    from schoonschip import create_app

    monkeypatch.delenv("SCHOONSCHIP_MASTER_KEYS", raising=False)
    with pytest.raises(UnsafeConfig):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "y" * 40})
