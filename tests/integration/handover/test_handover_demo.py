"""The demo step: rounds on the demo cases (ready, sent back with a comment, accepted, WSNP
toegelaten), deterministic and added once; the demo's dossiers render."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.handover.models import Handover, HandoverEvent, ReadinessState
from schoonschip.cases.handover.rounds import handovers_for_reports
from schoonschip.db import new_session
from schoonschip.demo.service import DEMO_STEPS, load_demo

TODAY = date(2025, 6, 16)


def _snapshot(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load_demo(password="demo password for tests", totp_secret=None, today=TODAY)
        db = new_session()
        rounds = []
        for h, ref, stage in db.execute(select(Handover, Case.reference, Case.stage).join(Case, Case.id == Handover.case_id).order_by(Case.reference)):
            texts = [e.text for e in db.scalars(select(HandoverEvent).where(HandoverEvent.handover_id == h.id).order_by(HandoverEvent.id))]
            rounds.append((ref, stage, h.state, h.route, h.result, h.ready_on, h.sent_on, tuple(t or "" for t in texts)))
        reports = handovers_for_reports(db)  # case ids are random: compare what is counted
        reports = sorted((h.day, h.route, h.result or "") for h in reports.values())
        states = db.query(ReadinessState).count()
        db.close()
    return rounds, reports, states


def test_demo_has_every_handover_situation(app):
    from schoonschip.demo.handover import demo_handovers

    assert DEMO_STEPS[-1] is demo_handovers  # after the cases, debts and budgets it builds on
    rounds, reports, states = _snapshot(app)
    by_state = {}
    for r in rounds:
        by_state.setdefault(r[2], []).append(r)
    assert len(by_state["klaar"]) >= 1 and all(r[1] == "klaar_voor_overdracht" for r in by_state["klaar"])
    sent_back = by_state["teruggestuurd"]
    assert len(sent_back) == 1 and sent_back[0][1] == "c_aanpak"
    assert any(t.startswith("Demo: ") for t in sent_back[0][7])  # the coordinator's comment
    results = {r[4] for r in by_state["overgedragen"]}
    assert {"geaccepteerd", "wsnp_toegelaten"} <= results
    assert all(r[1] == "overgedragen" and r[6] is not None for r in by_state["overgedragen"])
    assert {r[2] for r in reports} >= {"geaccepteerd", "wsnp toegelaten"}
    assert states >= len(by_state["klaar"]) + len(by_state["overgedragen"])


def test_demo_handovers_are_deterministic_and_added_once(app, tmp_path, keyring_json, migrated_template):
    from tests.conftest import fresh_app

    first = _snapshot(app)
    assert _snapshot(app) == first  # loading again adds nothing
    assert _snapshot(fresh_app(tmp_path / "second", keyring_json, migrated_template)) == first


def test_every_demo_case_renders_its_handover_pages(app, web):
    """The pages and print layouts on varied demo data (private creditors, CJIB, crises,
    official VTLB, cases without resident details) at the coordinator's location."""
    from schoonschip.auth.models import Location
    from tests.conftest import TOTP_SECRET

    password = "demo password for tests"
    with app.app_context():
        load_demo(password=password, totp_secret=TOTP_SECRET, today=TODAY)
        db = new_session()
        loc = db.scalar(select(Location.id).where(Location.code == "cjm"))
        cases = [(c.id, c.stage) for c in db.scalars(select(Case).where(Case.location_id == loc))]
        with_round = set(db.scalars(select(Handover.case_id)))
        db.close()
    web.login("coordinator.cjm", password=password, totp_secret=TOTP_SECRET)
    assert web.get("/overdracht").status_code == 200
    for cid, _stage in cases:
        for url in ("klaar", "overdracht", "overzicht-bewoner"):
            assert web.get(f"/dossiers/{cid}/{url}").status_code == 200, (url, _stage)
        resp = web.get(f"/dossiers/{cid}/overdracht/dossier")
        assert resp.status_code in (200, 409), _stage
        if cid in with_round and _stage in ("klaar_voor_overdracht", "overgedragen"):
            assert resp.status_code == 200  # these demo cases have consent to share
    sample = next(cid for cid, stage in cases if stage == "overgedragen")
    assert web.get(f"/dossiers/{sample}/overdracht/dossier.pdf").data.startswith(b"%PDF")
    assert web.get(f"/dossiers/{sample}/overzicht-bewoner.pdf").data.startswith(b"%PDF")
