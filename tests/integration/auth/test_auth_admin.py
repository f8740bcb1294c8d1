"""User and location management by coordinators and beheerders; start pages per role."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, text

from schoonschip import clock
from schoonschip.auth.models import Location, RecoveryCode, User
from schoonschip.db import new_session, write_transaction
from tests.conftest import TOTP_SECRET


def body(resp) -> str:  # type: ignore[no-untyped-def]
    return resp.get_data(as_text=True)


def as_coordinator(web):  # type: ignore[no-untyped-def]
    assert web.login("coordinator.a", totp_secret=TOTP_SECRET).status_code == 302
    return web


def as_beheerder(web):  # type: ignore[no-untyped-def]
    assert web.login("beheerder.x", totp_secret=TOTP_SECRET).status_code == 302
    return web


def get_user(app, user_id: int) -> User:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        user = db.get(User, user_id)
        db.expunge(user)
        db.close()
    return user


def actions(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        rows = [r[0] for r in db.execute(text("SELECT action FROM audit_events ORDER BY id"))]
        db.close()
    return rows


def one_time_code(resp) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'id="one-time-code">([a-z2-9-]+)<', body(resp)).group(1)


# --- scope --------------------------------------------------------------------------


def test_coordinator_sees_only_own_location(web, people):
    as_coordinator(web)
    page = body(web.get("/beheer/gebruikers"))
    assert "coach.a" in page and "coach.a2" in page
    assert "coach.b" not in page and "beheerder.x" not in page and "rapportage.x" not in page


def test_coordinator_cannot_manage_another_locations_user(app, web, people):
    as_coordinator(web)
    uid = people.coach_b
    assert web.get(f"/beheer/gebruikers/{uid}").status_code == 404
    assert web.get(f"/beheer/gebruikers/{uid}/deactiveren").status_code == 404
    assert web.post(f"/beheer/gebruikers/{uid}/deactiveren").status_code == 404
    assert web.post(f"/beheer/gebruikers/{uid}/wachtwoord").status_code == 404
    assert web.post(f"/beheer/gebruikers/{uid}/activeren").status_code == 404
    assert web.post(f"/beheer/gebruikers/{uid}/rollen", {"role": f"coach:{people.loc_a}"}).status_code == 404
    assert web.get(f"/beheer/gebruikers/{people.beheerder}").status_code == 404
    assert web.get("/beheer/gebruikers/99999").status_code == 404
    assert get_user(app, uid).active
    assert actions(app).count("user_refused") == 8


def test_coordinator_cannot_change_someone_who_also_works_elsewhere(app, web, people):
    with app.app_context(), write_transaction() as db:
        from schoonschip.auth.models import RoleAssignment

        db.add(RoleAssignment(user_id=people.coach_a2, role="coach", location_id=people.loc_b))
    as_coordinator(web)
    page = body(web.get(f"/beheer/gebruikers/{people.coach_a2}"))
    assert "Alleen de beheerder" in page
    assert web.post(f"/beheer/gebruikers/{people.coach_a2}/deactiveren").status_code == 404


def test_coach_and_rapportage_have_no_beheer_pages(web, make_web, people):
    web.login("coach.a")
    assert web.get("/beheer/gebruikers").status_code == 404
    assert web.get("/beheer/locaties").status_code == 404
    other = make_web()
    other.login("rapportage.x", totp_secret=TOTP_SECRET)
    assert other.get("/beheer/gebruikers/nieuw").status_code == 404


# --- create ----------------------------------------------------------------------------


def test_coordinator_creates_coach_at_own_location(app, web, make_web, people):
    as_coordinator(web)
    page = body(web.get("/beheer/gebruikers/nieuw"))
    assert f'value="coach:{people.loc_a}"' in page
    assert f'value="coach:{people.loc_b}"' not in page and 'value="beheerder:"' not in page
    resp = web.post("/beheer/gebruikers/nieuw", {"username": "Coach.Nieuw", "display_name": "Nieuwe  Coach", "role": f"coach:{people.loc_a}"})
    assert resp.status_code == 200
    code = one_time_code(resp)
    with app.app_context():
        db = new_session()
        user = db.scalar(select(User).where(User.username == "coach.nieuw"))
        assert user.display_name == "Nieuwe Coach" and user.must_change_password
        assert user.role_set() == {("coach", people.loc_a)}
        db.close()
    newbie = make_web()
    assert newbie.login("coach.nieuw", password=code).status_code == 302
    assert newbie.get("/start").headers["Location"].endswith("/wachtwoord")
    assert "user_create" in actions(app)


def test_coordinator_cannot_create_outside_scope(app, web, people):
    as_coordinator(web)
    web.get("/beheer/gebruikers/nieuw")
    for role in (f"coach:{people.loc_b}", "beheerder:", "rapportage:", "coach:"):
        resp = web.post("/beheer/gebruikers/nieuw", {"username": "poging.x", "display_name": "Poging", "role": role})
        assert resp.status_code == 422 and "Kies een rol" in body(resp)
    with app.app_context():
        db = new_session()
        assert db.scalar(select(User).where(User.username == "poging.x")) is None
        db.close()


def test_create_user_form_errors_keep_input(web, people):
    as_coordinator(web)
    web.get("/beheer/gebruikers/nieuw")
    resp = web.post("/beheer/gebruikers/nieuw", {"username": "coach.a", "display_name": "Iemand Anders", "role": ""})
    page = body(resp)
    assert resp.status_code == 422
    assert "bestaat al" in page and "Kies een rol" in page and 'value="Iemand Anders"' in page
    assert "error-summary" in page
    resp = web.post("/beheer/gebruikers/nieuw", {"username": "x!", "display_name": "", "role": ""})
    assert "kleine letters" in body(resp) and "Vul de naam in" in body(resp)


def test_beheerder_grants_cooperative_roles(app, web, people):
    as_beheerder(web)
    web.get("/beheer/gebruikers/nieuw")
    resp = web.post("/beheer/gebruikers/nieuw", {"username": "tweede.beheerder", "display_name": "Tweede", "role": "beheerder:"})
    assert resp.status_code == 200
    resp = web.post("/beheer/gebruikers/nieuw", {"username": "fonds.x", "display_name": "Fonds", "role": "rapportage:"})
    assert resp.status_code == 200
    web.get(f"/beheer/gebruikers/{people.coach_b}")
    resp = web.post(f"/beheer/gebruikers/{people.coach_b}/rollen", {"role": f"coordinator:{people.loc_b}"})
    assert resp.status_code == 302
    assert ("coordinator", people.loc_b) in get_user_roles(app, people.coach_b)


def get_user_roles(app, user_id: int) -> set:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        roles = db.get(User, user_id).role_set()
        db.close()
    return roles


def test_roles_add_and_remove_within_scope(app, web, people):
    as_coordinator(web)
    web.get(f"/beheer/gebruikers/{people.coach_a}")
    assert web.post(f"/beheer/gebruikers/{people.coach_a}/rollen", {"role": f"coordinator:{people.loc_a}"}).status_code == 302
    roles = get_user_roles(app, people.coach_a)
    assert roles == {("coach", people.loc_a), ("coordinator", people.loc_a)}
    with app.app_context():
        db = new_session()
        coach_role = next(r.id for r in db.get(User, people.coach_a).roles if r.role == "coach")
        db.close()
    web.post(f"/beheer/gebruikers/{people.coach_a}/rollen/{coach_role}/verwijderen")
    assert get_user_roles(app, people.coach_a) == {("coordinator", people.loc_a)}
    # the last role stays
    with app.app_context():
        db = new_session()
        last = db.get(User, people.coach_a).roles[0].id
        db.close()
    resp = web.post(f"/beheer/gebruikers/{people.coach_a}/rollen/{last}/verwijderen", follow_redirects=True)
    assert "minstens één rol" in body(resp)


def test_new_required_role_logs_out_unenrolled_user(app, web, make_web, people):
    coach = make_web()
    coach.login("coach.a")
    as_coordinator(web)
    web.get(f"/beheer/gebruikers/{people.coach_a}")
    web.post(f"/beheer/gebruikers/{people.coach_a}/rollen", {"role": f"coordinator:{people.loc_a}"})
    assert coach.get("/start").status_code == 302
    resp = coach.login("coach.a")
    assert "/login/instellen" in resp.headers["Location"]


# --- deactivate / reactivate / reset -----------------------------------------------


def test_deactivation_needs_confirmation_and_revokes_at_once(app, web, make_web, people):
    coach = make_web()
    coach.login("coach.a")
    assert coach.get("/start").status_code == 200
    as_coordinator(web)
    confirm = web.get(f"/beheer/gebruikers/{people.coach_a}/deactiveren")
    assert confirm.status_code == 200 and "Ja, blokkeren" in body(confirm)
    assert get_user(app, people.coach_a).active  # the GET changed nothing
    resp = web.post(f"/beheer/gebruikers/{people.coach_a}/deactiveren")
    assert resp.status_code == 302
    assert coach.get("/start").status_code == 302  # the open session is gone
    assert coach.login("coach.a").status_code == 401
    assert "user_deactivate" in actions(app)
    web.post(f"/beheer/gebruikers/{people.coach_a}/activeren")
    assert get_user(app, people.coach_a).active
    assert coach.login("coach.a").status_code == 302
    assert "user_reactivate" in actions(app)


def test_cannot_deactivate_or_reset_yourself(app, web, people):
    as_coordinator(web)
    web.get(f"/beheer/gebruikers/{people.coordinator_a}")
    own_page = f"/beheer/gebruikers/{people.coordinator_a}"
    for action in ("deactiveren", "wachtwoord", "uitloggen"):
        resp = web.post(f"{own_page}/{action}")
        assert resp.status_code == 302 and resp.headers["Location"].endswith(own_page), action
    assert get_user(app, people.coordinator_a).active
    assert not get_user(app, people.coordinator_a).must_change_password
    page = body(web.get(own_page))
    assert "U kunt uw eigen account niet blokkeren." in page
    assert "Uw eigen sessies beëindigt u door uit te loggen." in page


def test_password_reset_gives_one_time_code(app, web, make_web, people):
    coach = make_web()
    coach.login("coach.a")
    as_coordinator(web)
    assert "Ja, geef een nieuwe code" in body(web.get(f"/beheer/gebruikers/{people.coach_a}/wachtwoord"))
    code = one_time_code(web.post(f"/beheer/gebruikers/{people.coach_a}/wachtwoord"))
    assert len(code) == 19
    assert coach.get("/start").status_code == 302  # sessions revoked
    assert coach.login("coach.a").status_code == 401  # old password gone
    assert coach.login("coach.a", password=code).status_code == 302
    assert coach.get("/dossiers/").headers["Location"].endswith("/wachtwoord")
    new = "een zin die alleen ik ken"
    coach.get("/wachtwoord")
    coach.post("/wachtwoord", {"current_password": code, "new_password": new, "new_password_repeat": new})
    assert coach.get("/start").status_code == 200
    coach.logout()
    assert coach.login("coach.a", password=code).status_code == 401  # the code worked once
    assert "user_password_reset" in actions(app)


def test_reset_can_also_clear_second_factor(app, web, people):
    with app.app_context(), write_transaction() as db:
        from schoonschip.auth import totp

        totp.new_recovery_codes(db, db.get(User, people.coordinator_a))
    as_beheerder(web)
    web.get(f"/beheer/gebruikers/{people.coordinator_a}/wachtwoord")
    web.post(f"/beheer/gebruikers/{people.coordinator_a}/wachtwoord", {"reset_2fa": "ja"})
    user = get_user(app, people.coordinator_a)
    assert user.totp_enrolled_at is None and user.totp_secret_enc is None
    with app.app_context():
        db = new_session()
        assert db.scalars(select(RecoveryCode).where(RecoveryCode.user_id == people.coordinator_a)).all() == []
        db.close()


# --- locations -------------------------------------------------------------------------


def test_beheerder_adds_renames_and_ends_a_location(app, web, people):
    as_beheerder(web)
    web.get("/beheer/locaties/nieuw")
    resp = web.post("/beheer/locaties/nieuw", {"code": "gein", "name": "Buurtkamer Gein"})
    assert resp.status_code == 302
    with app.app_context():
        db = new_session()
        loc = db.scalar(select(Location).where(Location.code == "gein"))
        loc_id, version = loc.id, loc.version
        db.close()
    assert "Buurtkamer Gein" in body(web.get("/beheer/locaties"))
    web.get(f"/beheer/locaties/{loc_id}")
    assert web.post(f"/beheer/locaties/{loc_id}", {"name": "Buurtkamer Gein-Zuid", "version": version}).status_code == 302
    # a stale form (the old version) is refused and keeps the typed name
    stale = web.post(f"/beheer/locaties/{loc_id}", {"name": "Oude Naam Poging", "version": version})
    assert stale.status_code == 422 and "Iemand anders" in body(stale) and "Oude Naam Poging" in body(stale)
    web.get(f"/beheer/locaties/{loc_id}/beeindigen")
    bad = web.post(f"/beheer/locaties/{loc_id}/beeindigen", {"ended_on": "31-02-2025", "version": version + 1})
    assert bad.status_code == 422 and "dd-mm-jjjj" in body(bad)
    yesterday = (clock.today() - timedelta(days=1)).strftime("%d-%m-%Y")
    # ending before the start date is refused; today is allowed
    assert web.post(f"/beheer/locaties/{loc_id}/beeindigen", {"ended_on": yesterday, "version": version + 1}).status_code == 422
    today = clock.today().strftime("%d-%m-%Y")
    assert web.post(f"/beheer/locaties/{loc_id}/beeindigen", {"ended_on": today, "version": version + 1}).status_code == 302
    # an ended location is no longer offered for new users
    assert f'value="coach:{loc_id}"' not in body(web.get("/beheer/gebruikers/nieuw"))
    assert f'value="coach:{people.loc_a}"' in body(web.get("/beheer/gebruikers/nieuw"))
    web.get(f"/beheer/locaties/{loc_id}")
    web.post(f"/beheer/locaties/{loc_id}/heropenen")
    assert f'value="coach:{loc_id}"' in body(web.get("/beheer/gebruikers/nieuw"))
    acts = actions(app)
    for a in ("location_create", "location_rename", "location_end", "location_reopen"):
        assert a in acts


def test_location_form_errors(web, people):
    as_beheerder(web)
    web.get("/beheer/locaties/nieuw")
    resp = web.post("/beheer/locaties/nieuw", {"code": "loc-a", "name": ""})
    assert resp.status_code == 422
    assert "bestaat al" in body(resp) and "Vul de naam" in body(resp)


def test_coordinator_has_no_location_management(web, people):
    as_coordinator(web)
    assert web.get("/beheer/locaties").status_code == 404
    assert web.get(f"/beheer/locaties/{people.loc_a}").status_code == 404
    assert web.post(f"/beheer/locaties/{people.loc_a}/beeindigen", {"ended_on": "01-01-2030"}).status_code == 404


# --- start pages --------------------------------------------------------------------


def test_start_page_per_role(web, make_web, people):
    as_coordinator(web)
    page = body(web.get("/start"))
    assert "Gebruikers van uw locatie" in page and "coach.a2" in page and "coach.b" not in page
    assert "Mijn dossiers" in page and "Locaties beheren" not in page

    b = make_web()
    as_beheerder(b)
    page = body(b.get("/start"))
    assert "Locatie A" in page and "Locatie B" in page and "coach.b" in page and "Mijn dossiers" not in page

    r = make_web()
    r.login("rapportage.x", totp_secret=TOTP_SECRET)
    page = body(r.get("/start"))
    assert "Rapportages" in page and "Gebruikers" not in page and "Mijn dossiers" not in page

    c = make_web()
    c.login("coach.a")
    page = body(c.get("/start"))
    assert "Mijn dossiers" in page and "Gebruikers" not in page and "Mijn account" in page


def test_account_page(web, people):
    web.login("coach.a")
    page = body(web.get("/account"))
    assert "coach.a" in page and "Schuldhulpcoach – Locatie A" in page and "Wachtwoord wijzigen" in page


