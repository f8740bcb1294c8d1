"""The handover workflow: ready (only when nothing blocks, or with a reason) → a coordinator
signs off or sends it back with a comment → overgedragen → the result. Stage changes go
through change_stage, which refuses the handover stages from the plain stage form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from schoonschip.cases.casefile.models import Case, StageChange
from schoonschip.cases.casefile.records import ConsentPurpose, record_consent
from schoonschip.cases.casefile.service import change_stage, erase_case
from schoonschip.cases.errors import CaseActionError
from schoonschip.cases.handover.models import Handover, HandoverEvent
from schoonschip.cases.handover.rounds import handovers_for_reports
from schoonschip.dates import format_date_input
from schoonschip.db import new_session, write_transaction
from schoonschip.reports.rules.indicators import Handover as ReportHandover
from tests.conftest import TOTP_SECRET
from tests.integration.casefile_helpers import case_version
from tests.integration.handover_support import (
    CaseSpec,
    audit_actions,
    build_case,
    case_stage,
    handover_version,
    text_of,
    today,
)


def on(days_ago: int = 0) -> str:
    return format_date_input(today() - timedelta(days=days_ago))


def org_id(app, code: str = "madi") -> str:  # type: ignore[no-untyped-def]
    from schoonschip.cases.handover.models import ReceivingOrg
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs

    with app.app_context(), write_transaction() as db:
        ensure_receiving_orgs(db)
        return str(db.scalar(select(ReceivingOrg.id).where(ReceivingOrg.code == code)))


def ready(web, app, cid: int, **extra: str):  # type: ignore[no-untyped-def]
    form = {"route": "minnelijk", "org": org_id(app), "on": on(), "reason": ""}
    form.update(extra)
    return web.post(f"/dossiers/{cid}/overdracht/klaar", form)


def step(web, app, cid: int, url: str, **form: str):  # type: ignore[no-untyped-def]
    data = {"on": on(), "version": str(handover_version(app, cid))}
    data.update(form)
    return web.post(f"/dossiers/{cid}/overdracht/{url}", data)


def as_coordinator(web) -> None:  # type: ignore[no-untyped-def]
    web.logout()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)


def as_coach(web) -> None:  # type: ignore[no-untyped-def]
    web.logout()
    web.login("coach.a")


def rounds(app, cid: int) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return [(h.state, h.result) for h in db.scalars(select(Handover).where(Handover.case_id == cid).order_by(Handover.id))]
        finally:
            db.close()


# ------------------------------------------------------------------------ ready
def test_ready_is_refused_while_something_blocks_unless_a_reason_is_given(app, web, people):
    cid = build_case(app, people, CaseSpec(story=False))
    web.login("coach.a")
    page = text_of(web.get(f"/dossiers/{cid}/overdracht"))
    assert "Toelichting van de coach" in page  # what blocks is listed before the coach decides
    resp = ready(web, app, cid)
    assert resp.status_code == 422
    assert "Er blokkeert nog iets. Schrijf op waarom" in resp.get_data(as_text=True)
    assert case_stage(app, cid) == "c_aanpak" and rounds(app, cid) == []
    reason = "Reden-Test: de bewoner schrijft het verhaal morgen zelf op."
    assert ready(web, app, cid, reason=reason).status_code == 302
    assert case_stage(app, cid) == "klaar_voor_overdracht"
    assert rounds(app, cid) == [("klaar", None)]
    with app.app_context():
        db = new_session()
        h = db.scalar(select(Handover).where(Handover.case_id == cid))
        assert h.blocking_at_ready == 1 and h.override_reason == reason
        assert reason.encode() not in h.override_reason_enc  # sealed
        db.close()
    assert reason in text_of(web.get(f"/dossiers/{cid}/overdracht"))  # the coordinator reads it
    assert audit_actions(app, "handover_ready")[-1][1].endswith(";override")
    assert "Reden-Test" not in str(audit_actions(app, ""))


def test_ready_without_blocking_needs_no_reason_but_needs_step_c(app, web, people):
    early = build_case(app, people, CaseSpec(alias="Demo Vroeg Testpersoon", stage="b_inzicht"))
    cid = build_case(app, people)
    web.login("coach.a")
    resp = ready(web, app, early)
    assert resp.status_code == 422 and "vanuit fase C (aanpak)" in resp.get_data(as_text=True)
    assert ready(web, app, cid, route="").status_code == 422  # a route must be chosen
    assert ready(web, app, cid).status_code == 302
    assert rounds(app, cid) == [("klaar", None)]
    assert audit_actions(app, "handover_ready")[-1][1] == f"route:minnelijk;org:{org_id(app)};blocking:0;docs:0"
    assert ready(web, app, cid).status_code == 422  # not twice


def test_wsnp_route_checks_the_wsnp_list(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    from tests.integration.handover.test_handover_readiness import post_answers

    post_answers(web, app, cid, a_wsnp_285_verklaring="open")
    assert ready(web, app, cid, route="wsnp").status_code == 422  # the 285-verklaring blocks the WSNP
    assert ready(web, app, cid, route="minnelijk").status_code == 302  # not the minnelijk traject


# -------------------------------------------------------------- coordinator's check
def test_coordinator_signs_off_the_coach_cannot_and_nobody_checks_their_own(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    ready(web, app, cid)
    assert step(web, app, cid, "akkoord").status_code == 404  # a coach does not sign off
    as_coordinator(web)
    listing = text_of(web.get("/overdracht"))
    assert "Wacht op uw controle (1)" in listing and "Demo Klaar Testpersoon" in listing
    resp = step(web, app, cid, "akkoord", on=on(40))
    assert resp.status_code == 422 and "Deze datum ligt voor de melding klaar voor overdracht." in resp.get_data(as_text=True)
    assert step(web, app, cid, "akkoord").status_code == 302
    assert rounds(app, cid) == [("akkoord", None)] and case_stage(app, cid) == "klaar_voor_overdracht"
    assert "Akkoord, nog niet verstuurd (1)" in text_of(web.get("/overdracht"))
    assert audit_actions(app, "handover_signoff")

    # A coordinator who marked it ready cannot check it too.
    other = build_case(app, people, CaseSpec(alias="Demo Zelf Testpersoon"))
    assert ready(web, app, other).status_code == 302
    resp = step(web, app, other, "akkoord")
    assert resp.status_code == 422 and "Een andere coördinator moet het controleren." in resp.get_data(as_text=True)


def test_sign_off_needs_consent(app, web, people):
    cid = build_case(app, people, CaseSpec(consent=False))
    web.login("coach.a")
    assert ready(web, app, cid, reason="Reden-Test: toestemming volgt").status_code == 302
    as_coordinator(web)
    resp = step(web, app, cid, "akkoord")
    assert resp.status_code == 422 and "nog geen toestemming" in resp.get_data(as_text=True)


def test_sent_back_with_a_comment_returns_the_case_to_step_c(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    ready(web, app, cid)
    as_coordinator(web)
    resp = step(web, app, cid, "terugsturen", back_on=on(), comment="")
    assert resp.status_code == 422 and "Schrijf op wat de coach nog moet doen." in resp.get_data(as_text=True)
    comment = "Commentaar-Test: de BKR-inzage is ouder dan 6 maanden."
    assert step(web, app, cid, "terugsturen", back_on=on(), comment=comment).status_code == 302
    assert rounds(app, cid) == [("teruggestuurd", None)] and case_stage(app, cid) == "c_aanpak"
    as_coach(web)
    page = text_of(web.get(f"/dossiers/{cid}/overdracht"))
    assert "Teruggestuurd naar de coach" in page and comment in page
    with app.app_context():
        db = new_session()
        ev = db.scalars(select(HandoverEvent).where(HandoverEvent.case_id == cid, HandoverEvent.kind == "teruggestuurd")).one()
        assert comment.encode() not in ev.text_enc
        db.close()
    assert audit_actions(app, "handover_sent_back") and "Commentaar" not in str(audit_actions(app, ""))
    # The coach fixes it and marks it ready again: a new round.
    assert ready(web, app, cid).status_code == 302
    assert rounds(app, cid) == [("teruggestuurd", None), ("klaar", None)]


def test_the_coach_can_withdraw_before_the_check(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    ready(web, app, cid)
    assert step(web, app, cid, "intrekken").status_code == 302
    assert rounds(app, cid) == [("ingetrokken", None)] and case_stage(app, cid) == "c_aanpak"
    assert audit_actions(app, "handover_withdrawn")


# ----------------------------------------------------------------- sent and result
def _signed_off(app, web, people, **spec) -> int:  # type: ignore[no-untyped-def]
    cid = build_case(app, people, CaseSpec(**spec))
    web.login("coach.a")
    assert ready(web, app, cid).status_code == 302
    as_coordinator(web)
    assert step(web, app, cid, "akkoord").status_code == 302
    as_coach(web)
    return cid


def test_sent_needs_confirmation_and_consent_then_results_come_back(app, web, people):
    cid = _signed_off(app, web, people)
    kb = org_id(app, "kredietbank")
    resp = step(web, app, cid, "verstuurd", org=kb, route="wsnp")
    assert resp.status_code == 422 and "Vink aan dat het dossier echt is verstuurd." in resp.get_data(as_text=True)
    with app.app_context(), write_transaction() as db:  # the resident withdraws consent
        record_consent(db, db.get(Case, cid), purpose=ConsentPurpose.MADI, given=False, on=today(), by_user_id=people.coach_a)
    resp = step(web, app, cid, "verstuurd", org=kb, route="wsnp", confirm="ja")
    assert resp.status_code == 422 and "Zonder toestemming gaat er niets weg." in resp.get_data(as_text=True)
    with app.app_context(), write_transaction() as db:
        record_consent(db, db.get(Case, cid), purpose=ConsentPurpose.MADI, given=True, on=today(), by_user_id=people.coach_a)
    assert step(web, app, cid, "verstuurd", org=kb, route="wsnp", confirm="ja").status_code == 302
    assert case_stage(app, cid) == "overgedragen" and rounds(app, cid) == [("overgedragen", None)]
    assert audit_actions(app, "handover_sent")[-1][1].endswith(f"route:wsnp;org:{kb}")
    assert handovers_for_reports_of(app)[cid] == ReportHandover(day=today(), route="wsnp", result=None)

    assert step(web, app, cid, "uitslag", result="").status_code == 422
    assert step(web, app, cid, "uitslag", result="geaccepteerd").status_code == 302
    assert step(web, app, cid, "uitslag", result="wsnp_toegelaten").status_code == 302
    assert case_stage(app, cid) == "overgedragen"
    assert rounds(app, cid) == [("overgedragen", "wsnp_toegelaten")]
    assert handovers_for_reports_of(app)[cid] == ReportHandover(day=today(), route="wsnp", result="wsnp toegelaten")
    page = text_of(web.get(f"/dossiers/{cid}/overdracht"))
    assert "Uitslag: Geaccepteerd" in page and "Uitslag: WSNP toegelaten" in page and "Kredietbank Amsterdam" in page
    assert [d for _a, d in audit_actions(app, "handover_result")][-1].endswith("result:wsnp_toegelaten")


def test_returned_by_the_organisation_needs_a_reason_and_ends_the_round(app, web, people):
    cid = _signed_off(app, web, people)
    step(web, app, cid, "verstuurd", org=org_id(app), route="minnelijk", confirm="ja")
    resp = step(web, app, cid, "uitslag", result="teruggestuurd", reason="")
    assert resp.status_code == 422 and "Schrijf op welke reden de organisatie gaf." in resp.get_data(as_text=True)
    assert step(web, app, cid, "uitslag", result="teruggestuurd", reason="Reden-MaDi: loonstroken ontbreken").status_code == 302
    assert case_stage(app, cid) == "c_aanpak" and rounds(app, cid) == [("afgerond", "teruggestuurd")]
    assert handovers_for_reports_of(app)[cid].result == "teruggestuurd"
    assert "Reden-MaDi: loonstroken ontbreken" in text_of(web.get(f"/dossiers/{cid}/overdracht"))


def test_a_stale_form_is_refused(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    ready(web, app, cid)
    old = handover_version(app, cid)
    as_coordinator(web)
    assert step(web, app, cid, "akkoord").status_code == 302
    resp = step(web, app, cid, "terugsturen", back_on=on(), comment="Commentaar", version=str(old))
    assert resp.status_code == 409 and "Iemand anders heeft de overdracht net veranderd" in resp.get_data(as_text=True)
    assert rounds(app, cid) == [("akkoord", None)]


def handovers_for_reports_of(app) -> dict[int, ReportHandover]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return handovers_for_reports(db)
        finally:
            db.close()


# ------------------------------------------------------------ the plain stage form
def test_the_plain_stage_form_cannot_reach_or_leave_the_handover_stages(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    page = web.get(f"/dossiers/{cid}").get_data(as_text=True)
    assert 'value="klaar_voor_overdracht"' not in page  # no button for it
    assert f'href="/dossiers/{cid}/overdracht"' in page  # but a pointer to the Overdracht tab
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "klaar_voor_overdracht", "on": on(), "version": str(case_version(app, cid))})
    assert resp.status_code == 422
    assert "gaat een dossier via het tabblad Overdracht" in resp.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "overgedragen", "on": on(), "version": str(case_version(app, cid))})
    assert resp.status_code == 422 and case_stage(app, cid) == "c_aanpak"
    ready(web, app, cid)
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "c_aanpak", "on": on(), "version": str(case_version(app, cid))})
    assert resp.status_code == 422 and "Dit dossier zit in de overdracht" in resp.get_data(as_text=True)
    # Closing is always possible, and reopening goes back to where it was.
    form = {"to_stage": "afgesloten", "close_on": on(), "reason": "eigen_verzoek", "version": str(case_version(app, cid))}
    assert web.post(f"/dossiers/{cid}/fase", form).status_code == 302
    resp = web.post(f"/dossiers/{cid}/fase", {"to_stage": "klaar_voor_overdracht", "on": on(), "version": str(case_version(app, cid))})
    assert resp.status_code == 302 and case_stage(app, cid) == "klaar_voor_overdracht"


def test_change_stage_guard_in_the_service(app, people):
    cid = build_case(app, people)
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cid)
        with pytest.raises(CaseActionError):
            change_stage(db, case, "klaar_voor_overdracht", people.coach_a, today())
        change_stage(db, case, "klaar_voor_overdracht", people.coach_a, today(), via_handover=True)
        with pytest.raises(CaseActionError):
            change_stage(db, case, "overgedragen", people.coach_a, today())
        with pytest.raises(CaseActionError):
            change_stage(db, case, "b_inzicht", people.coach_a, today())


def test_every_step_is_dated_in_the_stage_history(app, web, people):
    cid = _signed_off(app, web, people)
    step(web, app, cid, "verstuurd", org=org_id(app), route="minnelijk", confirm="ja")
    with app.app_context():
        db = new_session()
        hist = [(c.to_stage, c.on) for c in db.scalars(select(StageChange).where(StageChange.case_id == cid).order_by(StageChange.id))]
        events = [(e.kind, e.on) for e in db.scalars(select(HandoverEvent).where(HandoverEvent.case_id == cid).order_by(HandoverEvent.id))]
        db.close()
    assert hist[-2:] == [("klaar_voor_overdracht", today()), ("overgedragen", today())]
    assert events == [("klaar", today()), ("akkoord", today()), ("overgedragen", today())]


# ------------------------------------------------------------------------ access
def test_other_location_gets_404_everywhere(app, web, people):
    cid = build_case(app, people)
    web.login("coach.b")
    for url in ("klaar", "overdracht", "overdracht/dossier", "overdracht/dossier.pdf", "overzicht-bewoner", "overzicht-bewoner.pdf"):
        assert web.get(f"/dossiers/{cid}/{url}").status_code == 404, url
    for url in ("klaar/antwoorden", "klaar/documenten", "overdracht/klaar", "overdracht/uitslag"):
        assert web.post(f"/dossiers/{cid}/{url}", {"on": on()}).status_code == 404, url
    assert rounds(app, cid) == []
    refused = [d for a, d in audit_actions(app, "case_refused")]
    assert refused  # each refusal is in the audit log


def test_erasure_keeps_the_rounds_for_the_counts_without_their_texts(app, web, people):
    cid = _signed_off(app, web, people)
    step(web, app, cid, "verstuurd", org=org_id(app), route="minnelijk", confirm="ja")
    with app.app_context(), write_transaction() as db:
        erase_case(db, db.get(Case, cid), reason="verzoek_bewoner", by_user_id=people.coordinator_a)
    with app.app_context():
        db = new_session()
        h = db.scalar(select(Handover).where(Handover.case_id == cid))
        assert h is not None and h.override_reason_enc is None and h.sent_on == today()
        assert db.scalar(select(HandoverEvent.id).where(HandoverEvent.case_id == cid)) is None
        db.close()
    assert handovers_for_reports_of(app)[cid].route == "minnelijk"
