"""Small helpers shared by the case-file tests (synthetic people only)."""

from __future__ import annotations

import re

from tests.conftest import TOTP_SECRET

CASE_URL = re.compile(r"/dossiers/(\d+)$")


def login_coordinator(web) -> None:  # type: ignore[no-untyped-def]
    web.login("coordinator.a", totp_secret=TOTP_SECRET)


def open_case_via_web(web, alias: str, location_id: int) -> int:  # type: ignore[no-untyped-def]
    resp = web.post("/dossiers/nieuw", {"alias": alias, "location_id": str(location_id)})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    m = CASE_URL.search(resp.headers["Location"])
    assert m, resp.headers["Location"]
    return int(m.group(1))


def case_version(app, case_id: int) -> int:  # type: ignore[no-untyped-def]
    from schoonschip.cases.casefile.models import Case
    from schoonschip.db import new_session

    with app.app_context():
        db = new_session()
        try:
            return db.get(Case, case_id).version
        finally:
            db.close()
