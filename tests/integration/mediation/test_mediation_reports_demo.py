"""Facts for funder reports (nothing personal), the demo step, and erasure."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from schoonschip.auth.models import Location
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ContactMoment
from schoonschip.cases.mediation.models import Crisis, Mediation, PaymentArrangement
from schoonschip.cases.mediation.overview import mediation_facts_for_reports
from schoonschip.cases.mediation.rules import crisis_deadline
from schoonschip.cases.mediation.service import missed_instalments
from schoonschip.db import new_session
from schoonschip.demo.service import load_demo
from schoonschip.reports.rules.indicators import MediationFact, Period, ReportFacts, _aggregate
from tests.conftest import TOTP_SECRET
from tests.factories import open_test_case
from tests.integration.mediation_support import arrange, days_ago, load, nl, start

TODAY = date(2025, 6, 16)  # a Monday


def _facts(app) -> list[MediationFact]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return mediation_facts_for_reports(db)
        finally:
            db.close()


def test_report_facts_carry_no_personal_data_and_count_per_corporation(app, web, people):
    cid = open_test_case(app, alias="Testpersoon Rapport", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    mid = start(web, cid, landlord="eigen_haard", contract_number="EH-GEHEIM-1", started_on=nl(days_ago(120)))
    arrange(web, cid, mid, start_on=days_ago(90), months="6", made_on=days_ago(100))
    inst = load(app, mid).arrangements[0]["instalments"]
    for (iid, _n, due, _s, version, _on, _w), status in zip(inst[:3], ("betaald", "gemist", "betaald"), strict=True):
        assert web.post(f"/dossiers/{cid}/huur/{mid}/termijnen/{iid}", {"status": status, "on": nl(due + timedelta(days=1)),
                                                                      "version": str(version)}).status_code == 302  # fmt: skip
    for stage, on, event in (("aanzegging_ontruiming", days_ago(20), days_ago(5)), ("ontruiming_afgewend", days_ago(10), None)):
        assert web.post(f"/dossiers/{cid}/huur/{mid}/fase", {"stage": stage, "stage_on": nl(on), "event_on": nl(event) if event else "",
                                                           "version": str(load(app, mid).version)}).status_code == 302  # fmt: skip

    (fact,) = _facts(app)
    assert fact == MediationFact(
        location="Locatie A",
        landlord="eigen haard",
        started=days_ago(120),
        arrangement_made=days_ago(100),
        instalments=fact.instalments,
        outcome="averted",
        outcome_date=days_ago(10),
    )
    assert [(i.due, i.kept) for i in fact.instalments] == [(inst[0][2], True), (inst[1][2], False), (inst[2][2], True)]
    # Only these fields, and none holds a name, amount, reference or case id.
    assert {f.name for f in dataclasses.fields(fact)} == {
        "location", "landlord", "started", "arrangement_made", "instalments", "outcome", "outcome_date"
    }  # fmt: skip
    assert "GEHEIM" not in repr(fact) and "Rapport" not in repr(fact) and str(cid) not in repr(fact)

    # The report module counts it under the corporation's own row, not "anders".
    counts = _aggregate(ReportFacts(mediations=(fact,)), Period.between(days_ago(365), days_ago(0)), ["Locatie A"])
    assert counts.tables["mediations_started_by_landlord"][("eigen haard", "Locatie A")] == 1
    assert counts.rows[("instalments_missed", "Locatie A")] == 1
    assert counts.rows[("evictions_averted", "Locatie A")] == 1


def test_eviction_carried_out_and_erased_cases(app, web, make_web, people):
    cid = open_test_case(app, alias="Testpersoon Ontruimd", location_id=people.loc_a, coach_id=people.coach_a)
    web.login("coach.a")
    mid = start(web, cid, started_on=nl(days_ago(60)))
    assert web.post(f"/dossiers/{cid}/huur/{mid}/contact", {"kind": "telefoon", "on": nl(days_ago(2)), "reached": "ja",
                                                          "minutes": "20"}).status_code == 302  # fmt: skip
    assert web.post(f"/dossiers/{cid}/huur/{mid}/fase", {"stage": "ontruiming_uitgevoerd", "stage_on": nl(days_ago(3)), "event_on": "",
                                                       "version": str(load(app, mid).version)}).status_code == 302  # fmt: skip
    (fact,) = _facts(app)
    assert (fact.outcome, fact.outcome_date) == ("carried_out", days_ago(3))

    # Erasing the case keeps the mediation as a content-free skeleton: funders' counts survive.
    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    with app.app_context():
        db = new_session()
        ref = db.get(Case, cid).reference
        db.close()
    resp = coord.post(f"/dossiers/{cid}/wissen", {"reason": "verzoek_bewoner", "reference": ref})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    (after,) = _facts(app)
    assert (after.outcome, after.outcome_date, after.landlord) == ("carried_out", days_ago(3), fact.landlord)
    with app.app_context():
        db = new_session()
        moments = db.scalars(select(ContactMoment).where(ContactMoment.case_id == cid)).all()
        assert [(m.minutes, m.note_enc) for m in moments] == [(20, None)]
        mediation = db.scalar(select(Mediation).where(Mediation.case_id == cid))
        sealed = [c.name for c in Mediation.__table__.c if c.name.endswith("_enc")]
        assert sealed and all(getattr(mediation, c) is None for c in sealed)
        db.close()


# ------------------------------------------------------------------------- demo
def _demo_snapshot(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load_demo(password="demo password for tests", totp_secret=None, today=TODAY)
        db = new_session()
        locs = {loc.id: loc.code for loc in db.scalars(select(Location))}
        ms = db.scalars(
            select(Mediation).options(selectinload(Mediation.arrangements).selectinload(PaymentArrangement.instalments))
            .order_by(Mediation.id)
        ).all()  # fmt: skip
        rows = []
        for m in ms:
            case = db.get(Case, m.case_id)
            rows.append({
                "ref": case.reference,
                "loc": locs[case.location_id],
                "stage": m.stage,
                "outcome": m.outcome,
                "eviction_on": m.eviction_on,
                "arrears": m.arrears,
                "missed": len(missed_instalments(m)),
                "paid": sum(1 for a in m.arrangements for i in a.instalments if i.status == "betaald"),
                "open_due": sum(1 for a in m.arrangements if a.ended_on is None for i in a.instalments
                                if i.status == "open" and i.due_on <= TODAY),
                "crisis_since": case.crisis_since,
            })  # fmt: skip
        crises = [(db.get(Case, c.case_id).reference, c.kind, c.since, c.handled_on) for c in db.scalars(select(Crisis).order_by(Crisis.id))]
        flagged = {c.reference for c in db.scalars(select(Case).where(Case.crisis_since.is_not(None)))}
        db.close()
    return rows, crises, flagged


def test_demo_mediations_cover_the_four_situations_deterministically(app, tmp_path, keyring_json, migrated_template):
    from tests.conftest import fresh_app

    rows, crises, flagged = _demo_snapshot(app)
    assert len(rows) == 4
    assert {r["loc"] for r in rows} == {"cjm", "multibron", "handreiking"}
    missed = [r for r in rows if r["missed"]]
    assert len(missed) == 1 and missed[0]["loc"] == "cjm" and missed[0]["paid"] >= 1
    (evicting,) = [r for r in rows if r["stage"] == "aanzegging_ontruiming"]
    assert evicting["loc"] == "multibron" and evicting["eviction_on"] > TODAY and evicting["crisis_since"] == TODAY
    assert crisis_deadline(TODAY) == date(2025, 6, 19)  # Monday + 3 working days
    assert (evicting["ref"], "ontruiming", TODAY, None) in crises
    (well,) = [r for r in rows if r["loc"] == "handreiking"]
    assert well["paid"] >= 3 and well["missed"] == 0 and well["open_due"] == 0 and well["outcome"] == "regeling_loopt"
    (averted,) = [r for r in rows if r["stage"] == "ontruiming_afgewend"]
    assert averted["loc"] == "cjm"
    assert any(ref == averted["ref"] and kind == "ontruiming" and handled for ref, kind, _s, handled in crises)
    # Every demo case in crisis has an unhandled crisis record behind it.
    open_refs = {ref for ref, _k, _s, handled in crises if handled is None}
    assert flagged and flagged == open_refs

    # Loading again adds nothing; a fresh database gives the same.
    assert _demo_snapshot(app) == (rows, crises, flagged)
    other = fresh_app(tmp_path / "again", keyring_json, migrated_template)
    assert _demo_snapshot(other) == (rows, crises, flagged)
    with other.app_context():
        from schoonschip.db import engine

        engine().dispose()


def test_demo_coordinator_view_puts_the_crisis_first(app):
    with app.app_context():
        load_demo(password="demo password for tests", totp_secret=None, today=TODAY)
        db = new_session()
        from schoonschip.cases.mediation.overview import location_mediations

        multibron = db.scalar(select(Location).where(Location.code == "multibron"))
        cjm = db.scalar(select(Location).where(Location.code == "cjm"))
        rows_m = location_mediations(db, multibron.id, TODAY)
        rows_c = location_mediations(db, cjm.id, TODAY)
        assert rows_m[0].crisis_deadline == date(2025, 6, 19)
        assert rows_c[0].summary.missed  # the missed instalment before the one running well
        db.close()
