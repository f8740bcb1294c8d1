"""A lost laptop: log a user out everywhere, from the command line
(``sessions-revoke --user USERNAME`` / ``--all``) or with the button on the user's page."""

from __future__ import annotations

from sqlalchemy import select

from schoonschip.audit import AuditEvent
from schoonschip.db import new_session
from tests.conftest import TOTP_SECRET


def _logged_in(make_web, username: str, **kw):  # type: ignore[no-untyped-def]
    web = make_web()
    assert web.login(username, **kw).status_code == 302
    assert web.get("/start").status_code == 200
    return web


def _events(app, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        finally:
            db.close()


def test_cli_logs_one_user_out_everywhere(app, runner, make_web, people) -> None:  # type: ignore[no-untyped-def]
    laptop, phone = _logged_in(make_web, "coach.a"), _logged_in(make_web, "coach.a")
    colleague = _logged_in(make_web, "coach.a2")
    result = runner.invoke(args=["sessions-revoke", "--user", "Coach.A"])
    assert result.exit_code == 0, result.output
    assert "Ended 2 open session(s) of coach.a." in result.output
    for web in (laptop, phone):
        resp = web.get("/start")
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    assert colleague.get("/start").status_code == 200
    # The account itself is fine: logging in again works.
    assert _logged_in(make_web, "coach.a")
    (event,) = _events(app, "sessions_ended")
    assert event.object_id == str(people.coach_a) and event.detail == "count:2" and event.actor_id is None


def test_cli_logs_everybody_out(app, runner, make_web, people) -> None:  # type: ignore[no-untyped-def]
    webs = [_logged_in(make_web, "coach.a"), _logged_in(make_web, "coach.b")]
    result = runner.invoke(args=["sessions-revoke", "--all"])
    assert result.exit_code == 0 and "Ended 2 open session(s) of all users." in result.output
    assert all(w.get("/start").status_code == 302 for w in webs)
    assert len(_events(app, "sessions_ended_all")) == 1


def test_cli_needs_exactly_one_known_choice(runner, people) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke(args=["sessions-revoke"]).exit_code != 0
    assert runner.invoke(args=["sessions-revoke", "--all", "--user", "coach.a"]).exit_code != 0
    unknown = runner.invoke(args=["sessions-revoke", "--user", "bestaat.niet"])
    assert unknown.exit_code != 0 and "Unknown username" in unknown.output


def test_coordinator_button_logs_a_coach_out(app, make_web, people) -> None:  # type: ignore[no-untyped-def]
    coach = _logged_in(make_web, "coach.a")
    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    page = coord.get(f"/beheer/gebruikers/{people.coach_a}").get_data(as_text=True)
    assert 'id="end-sessions"' in page
    resp = coord.post(f"/beheer/gebruikers/{people.coach_a}/uitloggen")
    assert resp.status_code == 302
    assert "overal uitgelogd" in coord.get(resp.headers["Location"]).get_data(as_text=True)
    assert coach.get("/start").status_code == 302
    assert coord.get("/start").status_code == 200  # their own session stays
    (event,) = _events(app, "sessions_ended")
    assert event.actor_id == people.coordinator_a and event.object_id == str(people.coach_a)
    # Not for one's own account (that is what "uitloggen" is for).
    assert coord.post(f"/beheer/gebruikers/{people.coordinator_a}/uitloggen").status_code == 302
    assert coord.get("/start").status_code == 200
    assert len(_events(app, "sessions_ended")) == 1
