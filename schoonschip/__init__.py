"""Schoon Schip: casework for peer debt coaches. ``create_app`` is the only thing here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask

from schoonschip.config import Defaults, apply_environment, check_production_config

ROOT = Path(__file__).resolve().parent.parent



def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("SCHOONSCHIP_INSTANCE_PATH")
        or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    apply_environment(app.config)
    if test_config is not None:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from schoonschip import web
    from schoonschip.keys import load_keyring

    keyring = load_keyring(app)
    check_production_config(app.config, master_key_available=keyring is not None)
    app.extensions["keyring"] = keyring

    _trust_proxy(app)

    from schoonschip import db

    db.init_app(app)
    web.init_app(app)

    for blueprint in _blueprints():
        app.register_blueprint(blueprint)

    from schoonschip.ops import cli

    cli.init_app(app)
    return app


def _trust_proxy(app: Flask) -> None:
    """Behind a TLS proxy: take the client address (login throttle per address) and the
    scheme from X-Forwarded-For / X-Forwarded-Proto, trusting exactly the configured number
    of proxies. Off by default: then those headers are ignored (a client could forge them)."""
    x_for = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    x_proto = int(app.config.get("PROXY_FIX_X_PROTO") or 0)
    if x_for < 0 or x_proto < 0:
        raise ValueError("PROXY_FIX_X_FOR and PROXY_FIX_X_PROTO must be 0 or more")
    if x_for or x_proto:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto, x_host=0, x_port=0, x_prefix=0)  # type: ignore[method-assign]


def _blueprints() -> list[Blueprint]:
    """Every area's blueprint, named once (imported here, after the app is configured)."""
    from schoonschip.auth import admin as auth_admin
    from schoonschip.auth import views as auth_views
    from schoonschip.budget import admin_views as budget_admin
    from schoonschip.budget import views as budget_views
    from schoonschip.budget.statements import views as statement_views
    from schoonschip.cases.casefile import views as casefile_views
    from schoonschip.cases.debts import views as debt_views
    from schoonschip.cases.documents import views as document_views
    from schoonschip.cases.handover import views as handover_views
    from schoonschip.cases.letters import views as letter_views
    from schoonschip.cases.mediation import views as mediation_views
    from schoonschip.cases.tasks import views as task_views
    from schoonschip.cases.worklist import views as worklist_views
    from schoonschip.privacy import retention_views
    from schoonschip.privacy import views as privacy_views
    from schoonschip.reports import tally_views
    from schoonschip.reports import views as report_views
    from schoonschip.web import views as web_views

    return [
        auth_views.bp,
        auth_admin.bp,
        web_views.bp,
        casefile_views.bp,
        budget_views.bp,
        budget_admin.bp,
        statement_views.bp,
        tally_views.bp,
        debt_views.bp,
        letter_views.bp,
        mediation_views.bp,
        handover_views.bp,
        task_views.bp,
        document_views.bp,
        worklist_views.bp,
        privacy_views.bp,
        retention_views.bp,
        report_views.bp,
    ]
