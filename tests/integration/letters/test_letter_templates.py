"""The beheerder edits the letter texts: preview on example data, a bad template refused with
the text kept, every save a new version, and a coach's next letter uses it."""

from __future__ import annotations

import html

from schoonschip import clock
from schoonschip.dates import format_date_input
from tests.conftest import TOTP_SECRET
from tests.integration.handover_support import audit_actions, text_of
from tests.integration.letters.letters_support import letter_case, letters_of, make_letter, pdf_text

URL = "/beheer/brieven/saldo_opgave"


def _beheerder(make_web):  # type: ignore[no-untyped-def]
    client = make_web()
    client.login("beheerder.x", totp_secret=TOTP_SECRET)
    return client


def test_list_and_preview_on_example_data(app, people, make_web):
    b = _beheerder(make_web)
    page = text_of(b.get("/beheer/brieven"))
    assert "Saldo-opgave vragen" in page and "Aanbod" in page
    resp = b.get(URL)
    assert resp.status_code == 200
    page = text_of(resp)
    assert "Voorbeeld met verzonnen gegevens" in page
    assert "Demo Voorbeeldpersoon" in page  # the example fields, never a real person
    assert "{{ schuldeiser }}" in page  # the field list


def test_preview_of_typed_text_saves_nothing(app, people, make_web):
    b = _beheerder(make_web)
    resp = b.post(URL, {"body": "Beste {{ schuldeiser }}, kenmerk {{ kenmerk }}.", "version": "1", "action": "voorbeeld"})
    assert resp.status_code == 200
    assert "Beste Voorbeeld Incasso BV, kenmerk VB-000123." in text_of(resp)
    assert "Versie 2" not in text_of(b.get("/beheer/brieven"))


def test_bad_templates_are_refused_with_the_text_kept(app, people, make_web):
    b = _beheerder(make_web)
    for body, words in [
        ("Hallo {{ ''.__class__ }} erg", "niet iets ván een veld"),
        ("Hallo {{ onbekend_veld }}", "het veld 'onbekend_veld' bestaat niet"),
        ("Hallo {% if kenmerk %} zonder einde", "de opmaak klopt niet"),
        ("{% for x in range(9) %}{{ x }}{% endfor %}", "herhalingen"),
    ]:
        for action in ("voorbeeld", "opslaan"):
            resp = b.post(URL, {"body": body, "version": "1", "action": action})
            assert resp.status_code == 422, body
            raw = resp.get_data(as_text=True)
            assert body in html.unescape(raw)  # the typed text is kept
            assert words in html.unescape(raw), (body, words)
            assert "&lt;class" not in raw and "<class" not in raw
    assert "Voorbeeld met verzonnen gegevens" not in text_of(b.post(URL, {"body": "{{ x.y }}", "version": "1", "action": "voorbeeld"}))
    assert not audit_actions(app, "letter_template_save")


def test_save_makes_a_new_version_that_the_next_letter_uses(app, people, web, make_web):
    b = _beheerder(make_web)
    new_text = "Geachte {{ schuldeiser }},\n\nGraag een saldo-opgave voor kenmerk {{ kenmerk }}. Nieuwe-versie-zin.\n\nGroet,"
    resp = b.post(URL, {"body": new_text, "version": "1", "action": "opslaan"})
    assert resp.status_code == 302
    page = text_of(b.get(URL))
    assert "In gebruik: versie 2." in page and "Versie 1" in page
    assert ("letter_template_save", "v2") in audit_actions(app, "letter_template_save")
    # A save from a form opened at the old version is refused, the text kept.
    resp = b.post(URL, {"body": new_text + " nog eens", "version": "1", "action": "opslaan"})
    assert resp.status_code == 409 and "nog eens" in resp.get_data(as_text=True)

    cid, debts = letter_case(app, people)
    web.login("coach.a")
    lid = make_letter(web, cid, debts["Eigen Haard"], "saldo_opgave", format_date_input(clock.today()))
    assert "Nieuwe-versie-zin" in pdf_text(web.get(f"/dossiers/{cid}/brieven/{lid}/brief.pdf").data)
    assert letters_of(app, cid)[0].template_version == 2


def test_coach_cannot_reach_the_templates(app, people, web):
    web.login("coach.a")
    assert web.get("/beheer/brieven").status_code == 404
    assert web.post(URL, {"body": "x", "version": "1", "action": "opslaan"}).status_code == 404
