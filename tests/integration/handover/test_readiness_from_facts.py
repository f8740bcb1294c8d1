"""Readiness from the case's own facts, through the app (issue 12 item 1): a missed rent
instalment makes the dossier PDF say "niet in orde" (and never "in orde" next to "1 termijn
gemist"); a priority debt at the 14-dagenbrief links to the debt; setting an item aside
needs a reason, which the dossier prints; n.v.t. on a required document needs a reason and
never counts as received."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.handover.readiness import state_of, stored_reasons
from schoonschip.cases.mediation.rules import InstalmentStatus
from schoonschip.cases.mediation.service import (
    ArrangementInput,
    MediationInput,
    create_mediation,
    make_arrangement,
    mark_instalment,
)
from schoonschip.db import new_session, write_transaction
from schoonschip.money import Money
from tests.integration.handover.test_dossier_pdf import pdf_text
from tests.integration.handover.test_handover_readiness import BLOCK, OK, groups, page
from tests.integration.handover_support import (
    CaseSpec,
    DebtSpec,
    audit_actions,
    build_case,
    readiness_version,
    text_of,
    today,
)

FIXED = "vaste_lasten_betaald"


def with_missed_instalment(app, people, cid: int) -> int:  # type: ignore[no-untyped-def]
    """A rent arrangement of 12 × € 100 that started 2 months ago: first instalment paid,
    second missed. Returns the mediation id."""
    on = today()
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cid)
        m = create_mediation(db, case, MediationInput(started_on=on - timedelta(days=70), arrears=Money(1_234_56)),
                             by_user_id=people.coach_a, today=on)  # fmt: skip
        arr = make_arrangement(db, case, m, ArrangementInput(Money(100_00), on - timedelta(days=60), 12, on - timedelta(days=65)),
                               by_user_id=people.coach_a)  # fmt: skip
        first, second = arr.instalments[0], arr.instalments[1]
        mark_instalment(db, case, m, first, InstalmentStatus.BETAALD, on=first.due_on, by_user_id=people.coach_a, today=on)
        mark_instalment(db, case, m, second, InstalmentStatus.GEMIST, on=second.due_on, by_user_id=people.coach_a, today=on)
        return m.id


def test_a_missed_instalment_blocks_and_links_to_the_mediation(app, web, people):
    cid = build_case(app, people)  # the coach answered "vaste lasten worden betaald": ja
    mid = with_missed_instalment(app, people, cid)
    web.login("coach.a")
    html = page(web, cid)
    for track in ("minnelijk", "wsnp"):
        assert FIXED in groups(html, track)[BLOCK]
    assert f'href="/dossiers/{cid}/huur/{mid}"' in html
    assert "In de betalingsregeling voor de huur is 1 termijn gemist." in text_of(web.get(f"/dossiers/{cid}/klaar"))


def test_the_dossier_pdf_says_niet_in_orde_for_a_missed_instalment(app, web, people):
    cid = build_case(app, people)
    with_missed_instalment(app, people, cid)
    web.login("coach.a")
    resp = web.get(f"/dossiers/{cid}/overdracht/dossier.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = pdf_text(resp.data)
    assert "1 termijn(en) gemist" in text  # §7, the mediation
    checklist = text[text.index("8. Klaar voor de schuldhulpverlening"):text.index("9. Documenten")]
    row = checklist[checklist.index("Vaste lasten worden nu betaald"):]
    row = row[: row.index("berekend") + len("berekend")]
    assert "niet in orde" in row, row
    assert not re.search(r"(?<!niet )in orde", row), row


def test_a_priority_debt_at_the_14_dagenbrief_blocks_with_a_link_to_the_debt(app, web, people):
    from schoonschip.cases.debts.rules import DebtStatus

    spec = CaseSpec(debts=[DebtSpec(), DebtSpec("Vattenfall", 50_000, "VF-TEST-2", status=DebtStatus.VEERTIENDAGENBRIEF)])
    cid = build_case(app, people, spec)
    with app.app_context():
        db = new_session()
        try:
            vattenfall = db.scalars(select(Debt).where(Debt.case_id == cid).order_by(Debt.id.desc())).first().id
        finally:
            db.close()
    web.login("coach.a")
    html = page(web, cid)
    assert FIXED in groups(html, "minnelijk")[BLOCK]
    assert f'href="/dossiers/{cid}/schulden/{vattenfall}"' in html


def override(web, app, cid: int, code: str, reason: str):  # type: ignore[no-untyped-def]
    return web.post(f"/dossiers/{cid}/klaar/opzij",
                    {"code": code, "reason": reason, "version": str(readiness_version(app, cid))})  # fmt: skip


def test_setting_an_item_aside_needs_a_reason_which_the_dossier_prints(app, web, people):
    cid = build_case(app, people)
    with_missed_instalment(app, people, cid)
    web.login("coach.a")
    refused = override(web, app, cid, FIXED, "   ")
    assert refused.status_code == 422
    assert "Schrijf op waarom dit punt toch in orde is" in text_of(refused)
    assert FIXED in groups(page(web, cid), "minnelijk")[BLOCK]

    reason = "Termijn 2 is op de 5e alsnog betaald, afschrift gezien"
    done = override(web, app, cid, FIXED, reason)
    assert done.status_code == 302
    assert FIXED in groups(page(web, cid), "minnelijk")[OK]
    assert ("readiness_override", FIXED) in audit_actions(app, "readiness_override")
    with app.app_context():  # the reason is sealed, not in the plaintext columns
        db = new_session()
        try:
            state = state_of(db, cid)
            assert reason.encode() not in (state.reasons_enc or b"")
            assert stored_reasons(state).overrides[FIXED].reason == reason
        finally:
            db.close()

    html_text = text_of(web.get(f"/dossiers/{cid}/overdracht/dossier"))
    aside = html_text[html_text.index("Door de coach opzij gezet, met reden"):]
    assert reason in aside
    pdf = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    assert "opzij gezet door de coach" in pdf and "afschrift gezien" in pdf

    # Opened again: blocks again.
    web.post(f"/dossiers/{cid}/klaar/opzij/intrekken", {"code": FIXED, "version": str(readiness_version(app, cid))})
    assert FIXED in groups(page(web, cid), "minnelijk")[BLOCK]


def test_consent_and_items_in_order_cannot_be_set_aside(app, web, people):
    cid = build_case(app, people, CaseSpec(consent=False))
    web.login("coach.a")
    for code in ("toestemming_delen", "identiteitsbewijs", "schuldenlijst_compleet"):
        resp = override(web, app, cid, code, "een reden")
        assert resp.status_code == 422, code
        assert "Dit punt kan niet opzij worden gezet" in text_of(resp)
    assert "toestemming_delen" in groups(page(web, cid), "minnelijk")[BLOCK]


def documents_form(app, cid: int, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from schoonschip.cases.handover.readiness import documents_form_values

    with app.app_context():
        db = new_session()
        try:
            form = documents_form_values(state_of(db, cid))
        finally:
            db.close()
    form.update(changes)
    form["version"] = str(readiness_version(app, cid))
    return form


def test_nvt_on_a_required_document_needs_a_reason_and_never_counts_as_received(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    before = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "0 verplichte documenten ontbreken" in before

    refused = web.post(f"/dossiers/{cid}/klaar/documenten", documents_form(app, cid, v_huurspecificatie="nvt"))
    assert refused.status_code == 422
    assert "Dit document is verplicht. Schrijf op waarom het niet van toepassing is." in text_of(refused)
    with app.app_context():
        db = new_session()
        try:
            assert "huurspecificatie" not in state_of(db, cid).documents or '"huurspecificatie": ["ontvangen"' in state_of(db, cid).documents
        finally:
            db.close()

    reason = "Woont bij haar zus en betaalt geen huur"
    ok = web.post(f"/dossiers/{cid}/klaar/documenten",
                  documents_form(app, cid, v_huurspecificatie="nvt", vr_huurspecificatie=reason))  # fmt: skip
    assert ok.status_code == 302
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert f"Reden: {reason}" in text
    counts = re.search(r"ontvangen: (\d+), ontbreekt: (\d+), n\.v\.t\.: (\d+)", text)
    assert counts is not None
    dossier = text_of(web.get(f"/dossiers/{cid}/overdracht/dossier"))
    assert f"Niet van toepassing: {reason}" in dossier

    # A stored n.v.t. without a reason (older data) counts as missing.
    with app.app_context(), write_transaction() as db:
        state = state_of(db, cid)
        state.reasons = {"overrides": {}, "nvt": {}}
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "1 verplicht document ontbreekt" in text
    assert "Reden ontbreekt: telt als ontbrekend" in text


def test_the_received_count_never_includes_nvt(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    first = re.search(r"ontvangen: (\d+)", text_of(web.get(f"/dossiers/{cid}/klaar")))
    web.post(f"/dossiers/{cid}/klaar/documenten",
             documents_form(app, cid, v_huurspecificatie="nvt", vr_huurspecificatie="geen huur"))  # fmt: skip
    second = re.search(r"ontvangen: (\d+)", text_of(web.get(f"/dossiers/{cid}/klaar")))
    assert first and second and int(second.group(1)) == int(first.group(1)) - 1


def test_a_new_missed_instalment_opens_an_item_set_aside_again(app, web, people):
    cid = build_case(app, people)
    mid = with_missed_instalment(app, people, cid)
    web.login("coach.a")
    assert override(web, app, cid, FIXED, "Termijn 2 alsnog betaald, afschrift gezien").status_code == 302
    assert FIXED in groups(page(web, cid), "minnelijk")[OK]
    with app.app_context(), write_transaction() as db:  # the first (paid) instalment turns out missed after all
        from schoonschip.cases.mediation.service import get_mediation

        case = db.get(Case, cid)
        m = get_mediation(db, case, mid)
        first = m.arrangements[-1].instalments[0]
        mark_instalment(db, case, m, first, InstalmentStatus.GEMIST, on=first.due_on, by_user_id=people.coach_a, today=today())
    assert FIXED in groups(page(web, cid), "minnelijk")[BLOCK]
    assert "er is daarna iets nieuws bijgekomen" in text_of(web.get(f"/dossiers/{cid}/klaar"))


def test_the_resident_inzage_shows_the_coachs_reasons(app, make_web, people):
    from tests.conftest import TOTP_SECRET

    cid = build_case(app, people)
    with_missed_instalment(app, people, cid)
    coach = make_web()
    coach.login("coach.a")
    assert override(coach, app, cid, FIXED, "Reden-Opzij: alsnog betaald").status_code == 302
    coach.post(f"/dossiers/{cid}/klaar/documenten",
               documents_form(app, cid, v_huurspecificatie="nvt", vr_huurspecificatie="Reden-Nvt: geen huur"))  # fmt: skip
    coordinator = make_web()
    coordinator.login("coordinator.a", totp_secret=TOTP_SECRET)
    text = text_of(coordinator.get(f"/dossiers/{cid}/inzage"))
    assert "Vaste lasten worden nu betaald: Reden-Opzij: alsnog betaald" in text
    assert "Huurspecificatie: Reden-Nvt: geen huur" in text


def test_the_dossier_mediation_section_gives_the_open_amount_of_the_debt_list(app, web, people):
    """A paid instalment lowers the rent debt (§2); §7 shows that same open amount next to the
    arrears recorded when the mediation started, so the dossier does not contradict itself."""
    cid = build_case(app, people)  # Eigen Haard, € 1.234,56 open
    with_missed_instalment(app, people, cid)  # one € 100 instalment paid
    web.login("coach.a")
    text = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    mediation = " ".join(text[text.index("7. Crisis en bemiddeling"):text.index("8. Klaar voor de schuldhulpverlening")].split())
    assert "Nu nog open volgens de schuldenlijst € 1.134,56" in mediation, mediation
