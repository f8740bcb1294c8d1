"""The inzage speaks to the resident with "u", like every page for the resident (issue 12 item 7)."""

from __future__ import annotations

import re

from tests.conftest import TOTP_SECRET
from tests.integration.handover_support import build_case, text_of

JE = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def test_inzage_says_u(app, web, people):
    cid = build_case(app, people)
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    resp = web.get(f"/dossiers/{cid}/inzage")
    assert resp.status_code == 200
    text = text_of(resp)
    assert "Inzage in uw gegevens" in text
    assert not JE.search(text), JE.search(text)
