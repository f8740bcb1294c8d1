"""The demo data: 30+ cases over the three locations, every stage, deterministic."""

from collections import Counter
from datetime import date

from sqlalchemy import select

from schoonschip.cases.casefile.models import STAGE_ORDER, Case
from schoonschip.cases.casefile.records import CaseStory, ConsentEvent, ContactMoment
from schoonschip.cases.casefile.resident import HouseholdMember, Resident
from schoonschip.db import new_session
from schoonschip.demo.service import load_demo

TODAY = date(2025, 6, 16)


def _snapshot(app):
    with app.app_context():
        load_demo(password="demo password for tests", totp_secret=None, today=TODAY)
        db = new_session()
        cases = db.scalars(select(Case).order_by(Case.reference)).all()
        residents = db.scalars(select(Resident)).all()
        snap = {
            "cases": [(c.reference, c.location_id, c.stage, c.opened_on, c.close_reason, c.alias, c.coach_id is None, c.crisis_since) for c in cases],
            "names": sorted(r.full_name for r in residents),
            "stories": db.query(CaseStory).count(),
            "contacts": sorted((m.on, m.kind, m.minutes, m.note) for m in db.scalars(select(ContactMoment))),
            "consents": db.query(ConsentEvent).count(),
            "members": db.query(HouseholdMember).count(),
        }
        db.close()
    return snap


def test_demo_cases_cover_locations_and_stages(app):
    snap = _snapshot(app)
    cases = snap["cases"]
    assert len(cases) >= 30
    assert len(Counter(c[1] for c in cases)) == 3
    stages = {c[2] for c in cases}
    assert stages == {s.value for s in STAGE_ORDER}
    for loc in {c[1] for c in cases}:
        assert {c[2] for c in cases if c[1] == loc} == {s.value for s in STAGE_ORDER}
    closed = [c for c in cases if c[2] == "afgesloten"]
    assert closed and all(c[4] for c in closed)
    assert all(c[5].startswith("Demo ") for c in cases)
    assert all(n.startswith("Demo ") and n.endswith(" Testpersoon") for n in snap["names"])
    assert len(snap["names"]) >= 20 and snap["stories"] >= 20 and snap["consents"] >= 60 and snap["contacts"]
    assert snap["members"] > 0
    assert any(c[6] for c in cases) and any(c[7] for c in cases)  # one waits for a coach, some in crisis


def test_demo_is_deterministic_and_idempotent(app, tmp_path, keyring_json, migrated_template):
    from tests.conftest import fresh_app

    first = _snapshot(app)
    again = _snapshot(app)  # loading again adds nothing
    assert again == first
    other = fresh_app(tmp_path / "second", keyring_json, migrated_template)
    second = _snapshot(other)
    assert second == first
