"""Login: password step, second factor (TOTP, recovery codes, enrolment), throttle,
timeouts, logout and revocation."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlalchemy import select, text, update

from schoonschip import create_app
from schoonschip.auth import totp as totp_mod
from schoonschip.auth.core import hash_password
from schoonschip.auth.models import LoginAttempt, RecoveryCode, Role, User, UserSession
from schoonschip.db import new_session, utcnow, write_transaction
from tests.conftest import TEST_PASSWORD, TOTP_SECRET, Web, base_config
from tests.factories import make_user

THROTTLE_WORDS = "te vaak een verkeerd wachtwoord"


def body(resp) -> str:  # type: ignore[no-untyped-def]
    return resp.get_data(as_text=True)


def password_step(web, username: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    """Log in with the password and open the page it sends us to, as a browser does."""
    resp = web.post("/login", {"username": username, "password": password})
    if resp.status_code == 302:
        web.get(resp.headers["Location"])
    return resp


def audit_rows(app) -> list[tuple]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        rows = db.execute(text("SELECT action, actor_id, object_id, outcome, detail FROM audit_events ORDER BY id")).all()
        db.close()
    return [tuple(r) for r in rows]


# --- password step ---------------------------------------------------------------------------


def test_coach_logs_in_with_password_only(web, people):
    resp = web.login("coach.a")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/start")
    assert web.get("/start").status_code == 200


def test_wrong_password_three_times_dutch_error_keeps_username(app, web, people):
    for _ in range(3):
        resp = web.post("/login", {"username": "coach.a", "password": "niet het goede wachtwoord"})
        assert resp.status_code == 401
        page = body(resp)
        assert "Gebruikersnaam of wachtwoord klopt niet" in page
        assert 'value="coach.a"' in page
    assert web.get("/start").status_code == 302
    failed = [r for r in audit_rows(app) if r[0] == "login_failed"]
    assert len(failed) == 3 and all(r[2] == str(people.coach_a) for r in failed)


def test_unknown_user_and_inactive_user_get_the_same_answer(app, web, people):
    with app.app_context(), write_transaction() as db:
        db.get(User, people.coach_a2).active = False
    a = web.post("/login", {"username": "bestaat.niet", "password": TEST_PASSWORD})
    b = web.post("/login", {"username": "coach.a2", "password": TEST_PASSWORD})
    assert a.status_code == b.status_code == 401
    assert "klopt niet" in body(a) and "klopt niet" in body(b)


def test_audit_of_logins_holds_no_username(app, web, people):
    web.post("/login", {"username": "coach.a", "password": "fout fout fout fout"})
    web.post("/login", {"username": "iemand.anders", "password": "fout fout fout fout"})
    web.login("coach.a")
    rows = audit_rows(app)
    assert [r[0] for r in rows] == ["login_failed", "login_failed", "login"]
    assert rows[1][2] is None  # unknown user: no id, and certainly no name
    assert "coach.a" not in repr(rows) and "iemand.anders" not in repr(rows)


def test_next_page_after_login_only_local(web, people):
    web.get("/dossiers/")  # anonymous: sent to login, remembers the path
    resp = web.login("coach.a")
    assert resp.headers["Location"].endswith("/dossiers/")
    web.logout()
    with web.client.session_transaction() as s:
        s["pending_next"] = "//evil.example/x"
    resp = web.login("coach.a")
    assert resp.headers["Location"].endswith("/start")


# --- second factor ------------------------------------------------------------------------------


def test_coordinator_needs_code_after_password(web, people):
    resp = password_step(web, "coordinator.a")
    assert resp.status_code == 302 and "/login/code" in resp.headers["Location"]
    # password alone does not open anything
    assert web.get("/start").status_code == 302
    assert "Code invullen" in body(web.get("/login/code"))
    resp = web.post("/login/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/start")
    assert web.get("/start").status_code == 200


def test_conftest_login_helper_contract(web, people):
    resp = web.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert resp.status_code == 302
    assert web.get("/beheer/gebruikers").status_code == 200


def test_wrong_code_is_refused_in_dutch(app, web, people):
    password_step(web, "coordinator.a")
    resp = web.post("/login/code", {"code": "000000"})
    assert resp.status_code == 401
    assert "Deze code klopt niet" in body(resp)
    assert web.get("/start").status_code == 302
    assert ("login_failed", None, str(people.coordinator_a), "failed", "second_factor") in audit_rows(app)


def test_totp_code_cannot_be_replayed(web, make_web, people):
    code = pyotp.TOTP(TOTP_SECRET).now()
    password_step(web, "coordinator.a")
    assert web.post("/login/code", {"code": code}).status_code == 302
    other = make_web()
    password_step(other, "coordinator.a")
    resp = other.post("/login/code", {"code": code})
    assert resp.status_code == 401 and "al gebruikt" in body(resp)
    assert other.get("/start").status_code == 302


def test_recovery_code_works_once(app, web, make_web, people):
    with app.app_context(), write_transaction() as db:
        codes = totp_mod.new_recovery_codes(db, db.get(User, people.coordinator_a))
        stored = [r.code_hash for r in db.scalars(select(RecoveryCode))]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert not any(c in stored for c in codes)  # only hashes are kept
    password_step(web, "coordinator.a")
    resp = web.post("/login/code", {"code": codes[3].upper()})
    assert resp.status_code == 302
    assert "nog 9" in body(web.get("/start"))
    again = make_web()
    password_step(again, "coordinator.a")
    assert again.post("/login/code", {"code": codes[3]}).status_code == 401
    assert again.post("/login/code", {"code": codes[4]}).status_code == 302


def test_pending_second_factor_expires(app, web, people):
    password_step(web, "coordinator.a")
    with app.app_context(), write_transaction() as db:
        db.execute(update(UserSession).values(created_at=utcnow() - timedelta(minutes=11)))
    resp = web.post("/login/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/login")
    assert web.get("/start").status_code == 302


def _make_unenrolled(app, username: str, role: Role, location_id: int | None) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        return make_user(db, username, role, location_id).id


def test_required_role_enrols_at_first_login(app, web, people):
    uid = _make_unenrolled(app, "beheerder.nieuw", Role.BEHEERDER, None)
    resp = password_step(web, "beheerder.nieuw")
    assert resp.status_code == 302 and "/login/instellen" in resp.headers["Location"]
    # the code step sends an unenrolled user to the set-up page
    assert "/login/instellen" in web.get("/login/code").headers["Location"]
    page = body(web.get("/login/instellen"))
    secret_grouped = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret_grouped)
    assert "<svg" in page and "<title>" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    secret = secret_grouped.replace(" ", "")
    # the same secret on a reload (the app already scanned stays valid)
    assert secret_grouped in body(web.get("/login/instellen"))
    assert web.post("/login/instellen", {"code": "123456"}).status_code == 422
    resp = web.post("/login/instellen", {"code": pyotp.TOTP(secret).now()})
    assert resp.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", body(resp))
    assert len(codes) == 10
    assert web.get("/start").status_code == 200
    with app.app_context():
        db = new_session()
        user = db.get(User, uid)
        assert user.totp_enrolled_at is not None and user.totp_secret == secret
        assert len(db.scalars(select(RecoveryCode).where(RecoveryCode.user_id == uid)).all()) == 10
        db.close()
    assert ("totp_enrolled", uid, str(uid), "ok", None) in audit_rows(app)


def test_user_who_enrolled_voluntarily_is_asked_for_code(app, web, people):
    with app.app_context(), write_transaction() as db:
        u = db.get(User, people.coach_a)
        u.totp_secret = TOTP_SECRET
        u.totp_enrolled_at = utcnow()
    resp = web.post("/login", {"username": "coach.a", "password": TEST_PASSWORD})
    assert "/login/code" in resp.headers["Location"]


def test_new_recovery_codes_need_password_and_replace_old(app, web, people):
    with app.app_context(), write_transaction() as db:
        old = totp_mod.new_recovery_codes(db, db.get(User, people.coordinator_a))
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    web.get("/account")
    resp = web.post("/account/herstelcodes", {"password": "fout wachtwoord hier"})
    assert resp.status_code == 422  # the form again, the error next to the password field
    assert 'id="e-password"' in body(resp) and "Uw wachtwoord klopt niet" in body(resp)
    resp = web.post("/account/herstelcodes", {"password": TEST_PASSWORD})
    new = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", body(resp))
    assert len(new) == 10 and not set(new) & set(old)
    with app.app_context():
        db = new_session()
        user = db.get(User, people.coordinator_a)
        assert not totp_mod.use_recovery_code(db, user, old[0])
        assert totp_mod.use_recovery_code(db, user, new[0])
        db.rollback()
        db.close()


# --- throttle ---------------------------------------------------------------------------------


def _fail(web, username: str, n: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        web.post("/login", {"username": username, "password": "verkeerd wachtwoord!"})


def _age_attempts(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """As if ``seconds`` had passed since every attempt so far."""
    with app.app_context(), write_transaction() as db:
        for row in db.scalars(select(LoginAttempt)):  # in Python: SQLite has no datetime arithmetic
            row.at = row.at - timedelta(seconds=seconds)


def test_wrong_passwords_make_the_next_attempt_wait_even_the_right_password(app, web, people):
    _fail(web, "coach.a", 2)
    resp = web.post("/login", {"username": "coach.a", "password": "verkeerd wachtwoord!"})
    assert resp.status_code == 401  # three failures are looked at without a wait, then it starts
    resp = web.post("/login", {"username": "coach.a", "password": TEST_PASSWORD})
    assert resp.status_code == 429
    assert THROTTLE_WORDS in body(resp) and "Wacht" in body(resp) and 'value="coach.a"' in body(resp)
    assert web.get("/start").status_code == 302
    # same words for a name that does not exist: nothing revealed
    _fail(web, "bestaat.niet", 3)
    other = web.post("/login", {"username": "bestaat.niet", "password": TEST_PASSWORD})
    assert other.status_code == 429 and THROTTLE_WORDS in body(other)
    # another user is not affected
    assert web.login("coach.a2").status_code == 302
    throttled = [r for r in audit_rows(app) if r[0] == "login_throttled"]
    assert throttled[0][2] == str(people.coach_a) and throttled[1][2] is None


def test_no_lock_out_the_right_password_works_after_a_short_wait(app, web, people):
    """Finding 5 of issue 16: five wrong passwords used to lock the account for 15 minutes."""
    _fail(web, "coach.a", 5)
    assert web.post("/login", {"username": "coach.a", "password": TEST_PASSWORD}).status_code == 429
    _age_attempts(app, 30)  # half a minute later, not a quarter of an hour
    assert web.login("coach.a").status_code == 302


def test_the_wait_grows_with_the_failures(app, web, people):
    from schoonschip.auth import throttle

    with app.test_request_context("/login"):
        waits = [throttle.delay_after(n, 3) for n in range(0, 12)]
    assert waits[:3] == [0, 0, 0]
    assert all(a < b for a, b in zip(waits[3:9], waits[4:10], strict=True))
    assert max(waits) == app.config["LOGIN_DELAY_MAX_SECONDS"]


def test_a_known_device_is_not_kept_out_by_someone_else(app, web, make_web, people):
    """The user's own browser (it logged in before) gets in at once while someone
    elsewhere keeps trying passwords on the account and from the same office address."""
    assert web.login("coach.a").status_code == 302
    web.logout()
    attacker = make_web()
    for _ in range(25):
        _age_attempts(app, 400)  # the attacker waits out every delay
        assert attacker.post("/login", {"username": "coach.a", "password": "verkeerd wachtwoord!"}).status_code == 401
    stranger = make_web()  # a browser that never logged in as coach.a waits
    assert stranger.post("/login", {"username": "coach.a", "password": TEST_PASSWORD}).status_code == 429
    assert web.login("coach.a").status_code == 302


def test_throttle_is_stored_without_names(app, web, people):
    _fail(web, "coach.a", 2)
    with app.app_context():
        db = new_session()
        rows = db.scalars(select(LoginAttempt)).all()
        dump = repr(db.execute(text("SELECT * FROM login_attempts")).all())
        db.close()
    assert len(rows) == 2 and "coach" not in dump and "127.0.0.1" not in dump


def test_throttle_holds_in_a_fresh_app_on_the_same_database(app, tmp_path, keyring_json, people):
    _fail(Web(app.test_client()), "coach.a", 5)
    # a second process: a new app object on the same instance and database
    again = create_app(base_config(tmp_path / "instance", keyring_json))
    web2 = Web(again.test_client())
    resp = web2.post("/login", {"username": "coach.a", "password": TEST_PASSWORD})
    assert resp.status_code == 429
    with again.app_context():
        from schoonschip.db import engine

        engine().dispose()


def test_throttle_ends_after_the_window(app, web, people):
    _fail(web, "coach.a", 5)
    _age_attempts(app, 61 * 60)
    assert web.login("coach.a").status_code == 302


def test_success_resets_the_username_count(app, web, people):
    _fail(web, "coach.a", 3)
    _age_attempts(app, 10)
    assert web.login("coach.a").status_code == 302
    web.logout()
    _fail(web, "coach.a", 2)  # counted from the success: two more are still free
    assert web.login("coach.a").status_code == 302


def test_per_address_delay(app, web, people):
    app.config["LOGIN_FREE_FAILURES_PER_ADDRESS"] = 4
    for name in ("een.naam", "twee.naam", "drie.naam", "vier.naam"):
        _fail(web, name, 1)
    resp = web.post("/login", {"username": "coach.a", "password": TEST_PASSWORD})
    assert resp.status_code == 429
    # from another address the user gets in
    other = Web(app.test_client())
    resp = other.client.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', body(resp)).group(1)
    resp = other.client.post(
        "/login", data={"username": "coach.a", "password": TEST_PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert resp.status_code == 302
    # and from the same address after the wait
    _age_attempts(app, 10)
    assert web.login("coach.a").status_code == 302


def test_repeated_failures_leave_a_notice_for_the_user_and_the_beheerder(app, web, make_web, people):
    app.config["LOGIN_FREE_FAILURES"] = 100  # no waiting in this test
    app.config["LOGIN_FREE_FAILURES_PER_ADDRESS"] = 100
    _fail(web, "coach.a", app.config["LOGIN_NOTICE_AFTER"])
    page = body(web.get(web.login("coach.a").headers["Location"]))
    assert "keer geprobeerd in te loggen op uw account" in page
    # once: the next login does not say it again
    web.logout()
    assert "keer geprobeerd in te loggen" not in body(web.get(web.login("coach.a").headers["Location"]))
    boss = make_web()
    boss.login("beheerder.x", totp_secret=TOTP_SECRET)
    shown = body(boss.get(f"/beheer/gebruikers/{people.coach_a}"))
    assert "Mislukte inlogpogingen" in shown
    assert "Mislukte inlogpogingen" in body(boss.get("/beheer/gebruikers"))


def test_wrong_codes_end_the_pending_login(app, web, people):
    password_step(web, "coordinator.a")
    for _ in range(app.config["LOGIN_CODE_MAX_PER_LOGIN"]):
        web.post("/login/code", {"code": "000000"})
    resp = web.post("/login/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/login")
    assert web.get("/start").status_code == 302
    assert "te vaak een verkeerde code" in body(web.get("/login"))


def test_reentering_the_password_does_not_reset_the_code_count(app, web, people):
    """Finding 1 of issue 16: with the password, 4 wrong codes, the password again, 4 more ...
    used to go on for ever (the password step counted as a success); then the right code got in."""
    per_login = app.config["LOGIN_CODE_MAX_PER_LOGIN"] - 1
    rounds = app.config["LOGIN_CODE_MAX_FAILURES"] // per_login + 1
    for _ in range(rounds):
        password_step(web, "coordinator.a")
        for _ in range(per_login):
            web.post("/login/code", {"code": "000000"})
        _age_attempts(app, 400)  # wait out any password delay: only the code count matters here
    password_step(web, "coordinator.a")
    resp = web.post("/login/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/login")
    assert web.get("/start").status_code == 302
    # the count is per user over the code window: after it, the right code works again
    _age_attempts(app, 61 * 60)
    with app.app_context(), write_transaction() as db:
        db.execute(update(User).values(totp_last_step=None))
    assert web.login("coordinator.a", totp_secret=TOTP_SECRET).status_code == 302
    assert web.get("/start").status_code == 200


# --- timeouts, logout, revocation ----------------------------------------------------------


def _age_sessions(app, **delta) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        db.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(**delta)))


def test_idle_timeout_sends_to_login_with_dutch_message(app, web, people):
    web.login("coach.a")
    _age_sessions(app, minutes=21)
    resp = web.get("/dossiers/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    page = body(web.get(resp.headers["Location"]))
    assert "U was te lang niet actief" in page
    assert web.get("/start").status_code == 302  # and it stays ended
    with app.app_context():
        db = new_session()
        assert db.scalar(select(UserSession.revoked_reason)) == "idle"
        db.close()


def test_idle_message_also_when_going_to_login_directly(app, web, people):
    web.login("coach.a")
    _age_sessions(app, minutes=25)
    assert "U was te lang niet actief" in body(web.get("/login"))


def test_activity_keeps_the_session_alive(app, web, people):
    web.login("coach.a")
    _age_sessions(app, minutes=19)
    assert web.get("/start").status_code == 200
    _age_sessions(app, minutes=1)  # the visit above moved last_seen_at to now
    assert web.get("/start").status_code == 200


def test_absolute_timeout(app, web, people):
    web.login("coach.a")
    with app.app_context(), write_transaction() as db:
        db.execute(update(UserSession).values(created_at=utcnow() - timedelta(hours=11)))
    resp = web.get("/start")
    assert resp.status_code == 302
    assert "lang ingelogd" in body(web.get(resp.headers["Location"]))


def test_cookie_replayed_after_logout_is_refused(app, web, people):
    web.login("coach.a")
    cookie = web.client.get_cookie("schoonschip").value
    assert web.get("/start").status_code == 200
    web.logout()
    thief = app.test_client()
    thief.set_cookie("schoonschip", cookie)
    resp = thief.get("/start")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_no_remember_me_cookie(web, people):
    resp = web.login("coach.a")
    cookies = resp.headers.getlist("Set-Cookie")
    assert not any(c.lower().startswith("remember_token") for c in cookies)
    session_cookie = next(c for c in cookies if c.startswith("schoonschip="))
    assert "HttpOnly" in session_cookie and "Expires" not in session_cookie


def test_password_change_revokes_other_sessions(app, web, make_web, people):
    laptop, phone = web, make_web()
    laptop.login("coach.a")
    phone.login("coach.a")
    laptop.get("/wachtwoord")
    new = "fiets naar de markt op zaterdag"
    resp = laptop.post("/wachtwoord", {"current_password": TEST_PASSWORD, "new_password": new, "new_password_repeat": new})
    assert resp.status_code == 302
    assert laptop.get("/start").status_code == 200
    assert phone.get("/start").status_code == 302
    phone.logout()
    assert phone.login("coach.a").status_code == 401
    assert phone.login("coach.a", password=new).status_code == 302
    assert ("password_changed", people.coach_a, str(people.coach_a), "ok", None) in audit_rows(app)


def test_password_change_form_errors(web, people):
    web.login("coach.a")
    web.get("/wachtwoord")
    resp = web.post("/wachtwoord", {"current_password": "fout", "new_password": "welkom123456", "new_password_repeat": "x"})
    page = body(resp)
    assert resp.status_code == 422
    assert "Uw huidige wachtwoord klopt niet" in page and "te bekend" in page
    resp = web.post("/wachtwoord", {"current_password": TEST_PASSWORD, "new_password": "een lange goede zin", "new_password_repeat": "een andere zin hier"})
    assert "niet gelijk" in body(resp)
    resp = web.post("/wachtwoord", {"current_password": TEST_PASSWORD, "new_password": "ik ben coach.a hoor", "new_password_repeat": "ik ben coach.a hoor"})
    assert "gebruikersnaam" in body(resp)


def test_must_change_password_blocks_everything_else(app, web, people):
    with app.app_context(), write_transaction() as db:
        u = db.get(User, people.coach_a)
        u.must_change_password = True
        u.password_hash = hash_password("tijdelijke-code-1234")
    resp = web.login("coach.a", password="tijdelijke-code-1234")
    assert resp.status_code == 302
    for url in ("/start", "/dossiers/", "/account"):
        r = web.get(url)
        assert r.status_code == 302 and r.headers["Location"].endswith("/wachtwoord"), url
    page = body(web.get("/wachtwoord"))
    assert "Kies eerst een eigen wachtwoord" in page
    new = "mijn eigen lange wachtzin"
    web.post("/wachtwoord", {"current_password": "tijdelijke-code-1234", "new_password": new, "new_password_repeat": new})
    assert web.get("/start").status_code == 200


def test_deleted_or_deactivated_user_session_refused(app, web, people):
    web.login("coach.a")
    with app.app_context(), write_transaction() as db:
        db.get(User, people.coach_a).active = False
    assert web.get("/start").status_code == 302
