"""Issue 16, findings 2 and 3: every redirect goes through one URL-safety check; ids and
page numbers are range-checked where they are parsed (one converter for every id route)."""

from __future__ import annotations

import pytest

from schoonschip.db import MAX_CASE_ID, MAX_ID
from schoonschip.web.urls import IdConverter

HUGE = [str(2**31), str(2**63), str(2**64), "9" * 30]  # 2^31: PostgreSQL's integer; 2^63: SQLite's


@pytest.mark.parametrize("nxt", ["/\t/evil.example/", "/\n/evil.example/", "/\\evil.example", "//evil.example",
                                 "https://evil.example/", "/start\r\nX: y"])
def test_language_switch_never_leaves_the_site(web, nxt):
    resp = web.post("/taal", {"lang": "en", "next": nxt})
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location


def test_language_switch_keeps_a_local_path(web):
    resp = web.post("/taal", {"lang": "en", "next": "/login"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"


def test_the_404_page_puts_no_hostile_path_in_its_language_form(web):
    resp = web.get("/%09/evil.example/")
    assert resp.status_code == 404
    page = resp.get_data(as_text=True)
    assert "evil.example" not in page


def test_login_next_is_checked_too(app, web, people):
    with web.client.session_transaction() as s:
        from schoonschip.auth.core import NEXT_KEY

        s[NEXT_KEY] = "/\t/evil.example/"
    resp = web.login("coach.a")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/start")


def test_every_id_route_uses_the_bounded_converter(app):
    ints = [(r.rule, c) for r in app.url_map.iter_rules() for c in r._converters.values() if "int" in type(c).__name__.lower()
            or isinstance(c, IdConverter)]
    assert ints, "no id routes found"
    assert all(isinstance(c, IdConverter) for _r, c in ints), [r for r, c in ints if not isinstance(c, IdConverter)]
    for rule in app.url_map.iter_rules():
        for name, conv in rule._converters.items():
            if isinstance(conv, IdConverter):
                assert conv.max == (MAX_CASE_ID if name == "case_id" else MAX_ID), (rule.rule, name)


@pytest.mark.parametrize("huge", HUGE)
def test_huge_ids_are_404_not_500(app, web, people, huge):
    from tests.factories import open_test_case

    case_id = open_test_case(app, alias="Groot Getal", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    for url in (f"/dossiers/{huge}", f"/dossiers/{case_id}/schulden/{huge}", f"/dossiers/{huge}/schulden/{huge}",
                f"/dossiers/{case_id}/budget?versie={huge}"):
        assert web.get(url).status_code == 404, url
    assert web.get(f"/dossiers/?pagina={huge}").status_code == 200


@pytest.mark.parametrize("huge", HUGE)
def test_huge_row_ids_are_404_on_every_database(app, web, people, huge):
    from tests.conftest import TOTP_SECRET

    web.login("beheerder.x", totp_secret=TOTP_SECRET)
    for url in (f"/beheer/gebruikers/{huge}", f"/beheer/locaties/{huge}", f"/beheer/ontvangers/{huge}", f"/schuldeisers/voorstellen/{huge}"):
        status = web.get(url).status_code
        assert status == 404, (url, status)


def test_control_characters_in_query_and_next_are_no_server_error(app, web, people):
    web.login("coach.a")
    for value in ("\n", "\x00", "1\r\n2", "\t"):
        assert web.get("/dossiers/", query_string={"pagina": value, "fase": value}).status_code < 500
    assert web.post("/taal", {"lang": "nl", "next": "/start\nX"}).status_code == 302
