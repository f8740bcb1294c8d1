"""The "Klaar?" tab: both checklists built from the case's own data, blocking items apart
from warnings, each triggered and cleared by data through the app; the answer form; the
voorlegger per receiving organisation. (The pure rules have their own unit tests.)"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from schoonschip.budget.forms import ItemData
from schoonschip.budget.service import add_entry, current_version
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import CaseStory, ConsentPurpose, record_consent
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.handover.models import ReadinessState
from schoonschip.cases.mediation.models import Crisis
from schoonschip.cases.mediation.rules import CrisisAction
from schoonschip.cases.mediation.rules import CrisisKind as MediationCrisisKind
from schoonschip.cases.mediation.service import add_crisis, handle_crisis
from schoonschip.dates import format_date_input
from schoonschip.db import new_session, write_transaction
from schoonschip.money import Money
from tests.conftest import TOTP_SECRET
from tests.integration.handover_support import (
    CaseSpec,
    DebtSpec,
    audit_actions,
    build_case,
    readiness_version,
    text_of,
    today,
)

BLOCK, WARN, OK = "blocking", "warnings", "ok"


def groups(html: str, track: str) -> dict[str, set[str]]:
    """Item codes per group (blocking / warnings / ok) in one track's column of the page."""
    start = html.index(f'aria-labelledby="h-track-{track}"')
    part = html[start : html.index("</section>", start)]
    b = part.index("Blokkeert: dit moet eerst")
    w = part.index("Let op: de hulpverlener beslist")
    o = part.index("<details class=\"ready-ok\"", w)
    codes = lambda s: set(re.findall(r'data-code="([a-z0-9_]+)"', s))  # noqa: E731
    return {BLOCK: codes(part[b:w]), WARN: codes(part[w:o]), OK: codes(part[o:])}


def page(web, cid: int) -> str:  # type: ignore[no-untyped-def]
    resp = web.get(f"/dossiers/{cid}/klaar")
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def where(web, cid: int, code: str, track: str = "minnelijk") -> str:  # type: ignore[no-untyped-def]
    g = groups(page(web, cid), track)
    found = [k for k, v in g.items() if code in v]
    assert len(found) == 1, (code, g)
    return found[0]


def answers_form(app, cid: int, **answers: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The stored answers as the page would post them, with some changed."""
    from schoonschip.cases.handover.readiness import answers_form_values, state_of

    with app.app_context():
        db = new_session()
        try:
            form = answers_form_values(state_of(db, cid))
        finally:
            db.close()
    form.update(answers)
    form["version"] = str(readiness_version(app, cid))
    return form


def post_answers(web, app, cid: int, **answers: str):  # type: ignore[no-untyped-def]
    return web.post(f"/dossiers/{cid}/klaar/antwoorden", answers_form(app, cid, **answers))


def mutate(app, cid: int, fn) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), write_transaction() as db:
        fn(db, db.get(Case, cid))


# --------------------------------------------------------------------- the whole page
def test_a_complete_case_blocks_nothing_and_shows_where_data_comes_from(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    html = page(web, cid)
    for track in ("minnelijk", "wsnp"):
        g = groups(html, track)
        assert g[BLOCK] == set(), (track, g[BLOCK])
        assert g[WARN] == set(), (track, g[WARN])
    assert "wsnp_285_verklaring" in groups(html, "wsnp")[OK]
    assert "wsnp_285_verklaring" not in groups(html, "minnelijk")[OK]
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "0 punten blokkeren" in text and "%" not in text.split("Vragen voor de checklist")[0]  # no single score
    assert "Berekend uit: Schulden" in text and "Berekend uit: Toestemming" in text
    assert f"Beantwoord door de coach op {format_date_input(today())}" in text
    # A computed item links to the tab its data comes from.
    assert f'href="/dossiers/{cid}/schulden"' in html and f'href="/dossiers/{cid}/verhaal"' in html


def test_an_empty_case_blocks_on_everything_it_lacks(app, web, people):
    spec = CaseSpec(partner=None, consent=False, story=False, debts=[], income=[], fixed_costs=False, answers=False, documents=False)
    cid = build_case(app, people, spec)
    web.login("coach.a")
    g = groups(page(web, cid), "minnelijk")
    assert {"identiteitsbewijs", "inkomen_bewoner", "schuldenlijst_compleet", "schuldenlijst_akkoord",
            "vaste_lasten_betaald", "toelichting_coach", "toestemming_delen", "aanvraag_volmacht"} <= g[BLOCK]  # fmt: skip
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "De gezinssituatie is nog niet ingevuld" in text
    assert "Er is nog geen budget" in text
    wsnp = groups(page(web, cid), "wsnp")
    assert {"wsnp_staat_schuldeisers", "wsnp_inkomen_vaste_lasten", "wsnp_285_verklaring"} <= wsnp[BLOCK]


# ------------------------------------------------------------- blocking, from data
def test_consent_blocks_until_recorded_and_again_when_withdrawn(app, web, people):
    cid = build_case(app, people, CaseSpec(consent=False))
    web.login("coach.a")
    assert where(web, cid, "toestemming_delen") == BLOCK
    mutate(app, cid, lambda db, c: record_consent(db, c, purpose=ConsentPurpose.MADI, given=True, on=today(), by_user_id=people.coach_a))
    assert where(web, cid, "toestemming_delen") == OK
    mutate(app, cid, lambda db, c: record_consent(db, c, purpose=ConsentPurpose.MADI, given=False, on=today(), by_user_id=people.coach_a))
    assert where(web, cid, "toestemming_delen") == BLOCK


def test_the_coachs_explanation_blocks_until_both_fields_are_written(app, web, people):
    cid = build_case(app, people, CaseSpec(story=False))
    web.login("coach.a")
    assert where(web, cid, "toelichting_coach") == BLOCK
    resp = web.post(f"/dossiers/{cid}/verhaal", {"version": "0", "how_it_arose": "Demo: ontstaan na ontslag.", "doing_now": ""})
    assert resp.status_code == 302
    assert where(web, cid, "toelichting_coach") == BLOCK  # one of the two is not enough
    with app.app_context():
        db = new_session()
        version = db.scalar(select(CaseStory.version).where(CaseStory.case_id == cid))
        db.close()
    web.post(f"/dossiers/{cid}/verhaal", {"version": str(version), "how_it_arose": "Demo: ontstaan na ontslag.", "doing_now": "Demo: betaalt vaste lasten."})
    assert where(web, cid, "toelichting_coach") == OK


def test_an_incomplete_debt_blocks_until_its_reference_is_filled_in(app, web, people):
    cid = build_case(app, people, CaseSpec(debts=[DebtSpec(reference=None), DebtSpec("Vattenfall", 40000, "VF-1")]))
    web.login("coach.a")
    assert where(web, cid, "schuldenlijst_compleet") == BLOCK

    def fix(db, case):  # type: ignore[no-untyped-def]
        for d in db.scalars(select(Debt).where(Debt.case_id == case.id)):
            d.creditor_reference = d.creditor_reference or "EH-ALSNOG"

    mutate(app, cid, fix)
    assert where(web, cid, "schuldenlijst_compleet") == OK


def test_income_evidence_follows_the_budget_and_the_answers(app, web, people):
    cid = build_case(app, people, CaseSpec(income=[], answers=False))
    web.login("coach.a")
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert where(web, cid, "inkomen_bewoner") == BLOCK
    assert "Er staan nog geen inkomsten in de begroting" in text

    def weekly_wage(db, case):  # type: ignore[no-untyped-def]
        add_entry(db, case, current_version(db, case.id), ItemData("inkomen", "loon", "bewoner", "week", Money(450_00), None))

    mutate(app, cid, weekly_wage)
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "loon: 13 specificaties van de laatste 13 weken" in text  # the pay-frequency rule, from the budget
    assert where(web, cid, "inkomen_bewoner") == BLOCK  # not answered yet
    assert post_answers(web, app, cid, a_inkomen_bewoner="ja", d_inkomen_bewoner="").status_code == 302
    assert where(web, cid, "inkomen_bewoner") == OK


def test_partner_income_blocks_when_the_partner_earns_and_na_is_refused(app, web, people):
    spec = CaseSpec(partner=True, income=[("loon", "bewoner", "maand"), ("ww", "partner", "vier_weken")])
    cid = build_case(app, people, spec)
    web.login("coach.a")
    assert where(web, cid, "inkomen_partner") == OK  # answered ja by the helper
    post_answers(web, app, cid, a_inkomen_partner="open")
    assert where(web, cid, "inkomen_partner") == BLOCK
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "uitkering van UWV: 4 specificaties van de laatste 4 periodes van 4 weken" in text
    post_answers(web, app, cid, a_inkomen_partner="nvt")
    assert where(web, cid, "inkomen_partner") == BLOCK  # n.v.t. cannot be: the budget shows income
    post_answers(web, app, cid, a_inkomen_partner="ja")
    assert where(web, cid, "inkomen_partner") == OK


@pytest.mark.parametrize("code", ["identiteitsbewijs", "schuldenlijst_akkoord", "vaste_lasten_betaald", "aanvraag_volmacht", "inkomen_voorzieningen"])
def test_answered_items_block_on_nee_and_clear_on_ja(app, web, people, code):
    cid = build_case(app, people)
    web.login("coach.a")
    assert post_answers(web, app, cid, **{f"a_{code}": "nee"}).status_code == 302
    assert where(web, cid, code) == BLOCK
    assert where(web, cid, code, "wsnp") == BLOCK
    post_answers(web, app, cid, **{f"a_{code}": "ja"})
    assert where(web, cid, code) == OK


def test_wsnp_only_items(app, web, people):
    cid = build_case(app, people, CaseSpec(fixed_costs=False))
    web.login("coach.a")
    post_answers(web, app, cid, a_wsnp_285_verklaring="open")
    html = page(web, cid)
    assert {"wsnp_285_verklaring", "wsnp_inkomen_vaste_lasten"} <= groups(html, "wsnp")[BLOCK]
    assert groups(html, "minnelijk")[BLOCK] == set()  # neither blocks the minnelijk traject

    def costs(db, case):  # type: ignore[no-untyped-def]
        add_entry(db, case, current_version(db, case.id), ItemData("uitgave", "energie", "bewoner", "maand", Money(120_00), None))

    mutate(app, cid, costs)
    post_answers(web, app, cid, a_wsnp_285_verklaring="ja")
    assert groups(page(web, cid), "wsnp")[BLOCK] == set()


def test_a_crisis_from_the_mediation_service_blocks_until_handled(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    on = today()
    reported: list[int] = []

    def report(db, case):  # type: ignore[no-untyped-def]
        reported.append(add_crisis(db, case, MediationCrisisKind.ONTRUIMING, since=on, by_user_id=None, today=on).id)

    def handle(db, case):  # type: ignore[no-untyped-def]
        crisis = db.get(Crisis, reported[0])
        handle_crisis(db, case, crisis, CrisisAction.REGELING_GETROFFEN, on=on, by_user_id=None, today=on)

    mutate(app, cid, report)
    assert where(web, cid, "crisis_ontruiming") == BLOCK
    assert where(web, cid, "crisis_afsluiting_energie_water") == OK
    mutate(app, cid, handle)
    assert where(web, cid, "crisis_ontruiming") == OK


def test_without_a_recorded_crisis_kind_there_is_no_crisis_item_but_the_flag_is_shown(app, web, people):
    cid = build_case(app, people)
    mutate(app, cid, lambda db, c: setattr(c, "crisis_since", today() - timedelta(days=2)))
    web.login("coach.a")
    assert "de soort crisis is nog niet bekend" in text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert where(web, cid, "crisis_ontruiming") == OK  # the mediation service knows no crisis kind


# -------------------------------------------------------------- warnings, from data
def test_fraud_warns_and_blocks_wsnp_until_explained(app, web, people):
    cid = build_case(app, people, CaseSpec(debts=[DebtSpec(fraud=True, arisen_days_ago=400)]))
    web.login("coach.a")
    post_answers(web, app, cid, a_goede_trouw_toelichting="open")
    html = page(web, cid)
    assert "fraudevordering" in groups(html, "minnelijk")[WARN]
    assert "goede_trouw_toelichting" in groups(html, "wsnp")[BLOCK]
    assert "schulden_laatste_3_jaar" in groups(html, "minnelijk")[WARN]
    post_answers(web, app, cid, a_goede_trouw_toelichting="ja")
    assert "goede_trouw_toelichting" in groups(page(web, cid), "wsnp")[OK]

    def no_fraud(db, case):  # type: ignore[no-untyped-def]
        for d in db.scalars(select(Debt).where(Debt.case_id == case.id)):
            d.fraud = False

    mutate(app, cid, no_fraud)
    assert where(web, cid, "fraudevordering") == OK


def test_criminal_cjib_fine_and_garnishment_warn(app, web, people):
    spec = CaseSpec(debts=[DebtSpec("CJIB", 30000, "CJIB-1", cjib_kind="strafrechtelijk"), DebtSpec(garnishment=True)])
    cid = build_case(app, people, spec)
    web.login("coach.a")
    g = groups(page(web, cid), "minnelijk")
    assert {"cjib_strafrechtelijk", "beslag_loopt"} <= g[WARN]

    def clear(db, case):  # type: ignore[no-untyped-def]
        for d in db.scalars(select(Debt).where(Debt.case_id == case.id)):
            d.cjib_kind = "wahv" if d.cjib_kind else None
            d.garnishment_kind = None
            d.garnishment_amount = None

    mutate(app, cid, clear)
    g = groups(page(web, cid), "minnelijk")
    assert {"cjib_strafrechtelijk", "beslag_loopt"} <= g[OK]


def test_car_value_above_the_limit_warns(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    assert post_answers(web, app, cid, car="ja", car_value="4.100").status_code == 302
    assert where(web, cid, "auto_waarde") == WARN
    post_answers(web, app, cid, car="ja", car_value="3.350,00")
    assert where(web, cid, "auto_waarde") == OK  # the limit itself is fine
    post_answers(web, app, cid, car="nee", car_value="")
    assert where(web, cid, "auto_waarde") == OK


def test_alimony_without_nihilstelling_warns_from_answers_and_from_the_budget(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    post_answers(web, app, cid, alimony="ja", nihil="nee")
    assert where(web, cid, "alimentatie_nihilstelling") == WARN
    post_answers(web, app, cid, alimony="ja", nihil="ja")
    assert where(web, cid, "alimentatie_nihilstelling") == OK
    other = build_case(app, people, CaseSpec(alias="Demo Alimentatie Testpersoon", alimony_expense=True))
    assert where(web, other, "alimentatie_nihilstelling") == WARN  # paid, per the budget
    post_answers(web, app, other, alimony="nee", nihil="")  # the budget still says it is paid
    assert where(web, other, "alimentatie_nihilstelling") == WARN
    post_answers(web, app, other, alimony="ja", nihil="ja")
    assert where(web, other, "alimentatie_nihilstelling") == OK


def test_missing_tax_returns_warn(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    post_answers(web, app, cid, a_belastingaangiften="nee")
    assert where(web, cid, "belastingaangiften") == WARN
    post_answers(web, app, cid, a_belastingaangiften="nvt")
    assert where(web, cid, "belastingaangiften") == OK


# ------------------------------------------------------------------------- the form
def test_form_errors_are_dutch_next_to_the_field_and_keep_what_was_typed(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    future = format_date_input(today() + timedelta(days=5))
    resp = post_answers(web, app, cid, a_identiteitsbewijs="nvt", d_vaste_lasten_betaald=future, car="ja", car_value="veel")
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert 'id="e-a_identiteitsbewijs"' in body and "N.v.t. kan hier niet" in body
    assert 'id="e-d_vaste_lasten_betaald"' in body and "toekomst" in body
    assert 'id="e-car_value"' in body
    assert 'value="veel"' in body and f'value="{future}"' in body
    assert "Er gaat iets mis" in body  # the error summary
    resp = post_answers(web, app, cid, car="ja", car_value="")
    assert resp.status_code == 422 and "Vul in hoeveel de auto ongeveer waard is." in resp.get_data(as_text=True)


def test_a_date_without_an_answer_is_refused_but_nog_niet_clears_the_answer(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    resp = post_answers(web, app, cid, a_identiteitsbewijs="", d_identiteitsbewijs="01-02-2025")
    assert resp.status_code == 422 and "Kies ja, nee of n.v.t. bij deze datum." in resp.get_data(as_text=True)
    assert post_answers(web, app, cid, a_identiteitsbewijs="open").status_code == 302  # the old date is ignored
    assert where(web, cid, "identiteitsbewijs") == BLOCK


def test_a_stale_save_is_refused_and_keeps_the_input(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    form = answers_form(app, cid, a_identiteitsbewijs="nee")
    assert post_answers(web, app, cid, a_belastingaangiften="nee").status_code == 302  # someone else, first
    resp = web.post(f"/dossiers/{cid}/klaar/antwoorden", form)
    assert resp.status_code == 409
    body = resp.get_data(as_text=True)
    assert "Iemand anders heeft de checklist net ook veranderd" in body
    assert re.search(r'name="a_identiteitsbewijs" value="nee"\s+checked', body)
    assert where(web, cid, "identiteitsbewijs") == OK  # the stale save changed nothing


def test_answers_are_coded_dated_and_audited_without_content(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    post_answers(web, app, cid, car="ja", car_value="5.000")
    with app.app_context():
        db = new_session()
        state = db.scalar(select(ReadinessState).where(ReadinessState.case_id == cid))
        assert '"identiteitsbewijs": ["ja", "' in state.answers
        assert b"5000" not in (state.facts_enc or b"") and state.facts["car_value"] == Money(5_000_00)
        db.close()
    actions = audit_actions(app, "readiness_")
    assert actions and all(d is None or d.startswith("answered:") for _a, d in actions)


# --------------------------------------------------------------------- the voorlegger
def _voorlegger_rows(html: str) -> dict[str, str]:
    table = html[html.index('class="table voorlegger-table"') :]
    table = table[: table.index("</table>")]
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]:
        m = re.search(r'name="v_([a-z_]+)"', row)
        out[m.group(1)] = "verplicht" if ">verplicht<" in row else "vrij"
    return out


def test_voorlegger_statuses_per_document(app, web, people):
    cid = build_case(app, people, CaseSpec(documents=False))
    web.login("coach.a")
    text = text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert "Documenten (voorlegger) voor MaDi" in text
    assert re.search(r"(\d+) verplichte documenten ontbreken", text)
    form = {"version": str(readiness_version(app, cid)), "v_legitimatie": "ontvangen", "vd_legitimatie": "01-01-2025",
            "v_auto": "nvt", "v_bkr_inzage": "ontbreekt"}  # fmt: skip
    assert web.post(f"/dossiers/{cid}/klaar/documenten", form).status_code == 302
    html = page(web, cid)
    assert re.search(r'name="v_legitimatie" value="ontvangen"\s+checked', html)
    assert 'value="01-01-2025"' in html
    bad = web.post(f"/dossiers/{cid}/klaar/documenten", {"version": str(readiness_version(app, cid)), "vd_kostgeld": "01-01-2025"})
    assert bad.status_code == 422 and "Kies ontvangen, ontbreekt of n.v.t. bij deze datum." in bad.get_data(as_text=True)


def test_a_beheerder_sets_the_required_documents_per_organisation(app, web, people):
    cid = build_case(app, people, CaseSpec(documents=False))
    web.login("coach.a")
    before = _voorlegger_rows(page(web, cid))
    assert before["bkr_inzage"] == "verplicht" and before["kostgeld"] == "vrij"
    web.logout()
    web.login("beheerder.x", totp_secret=TOTP_SECRET)
    listing = web.get("/beheer/ontvangers")
    assert listing.status_code == 200
    text = text_of(listing)
    assert "MaDi" in text and "Kredietbank Amsterdam" in text and "standaard" in text
    with app.app_context():
        from schoonschip.cases.handover.models import ReceivingOrg

        db = new_session()
        madi = db.scalar(select(ReceivingOrg).where(ReceivingOrg.code == "madi"))
        madi_id, version, required = madi.id, madi.version, madi.required_codes
        db.close()
    wanted = [c for c in required if c != "bkr_inzage"] + ["kostgeld"]
    form = {"version": str(version), "name": "MaDi Zuidoost", "active": "ja", "is_default": "ja", "required": wanted}
    assert web.post(f"/beheer/ontvangers/{madi_id}", form).status_code == 302
    stale = web.post(f"/beheer/ontvangers/{madi_id}", form)  # the old version again
    assert stale.status_code == 409 and "Iemand anders heeft deze organisatie net ook veranderd" in stale.get_data(as_text=True)
    # The default cannot simply be switched off, and a new organisation needs a proper code.
    resp = web.post(f"/beheer/ontvangers/{madi_id}", {**form, "version": str(version + 1), "is_default": ""})
    assert resp.status_code == 422 and "Er moet altijd één standaard-organisatie zijn" in resp.get_data(as_text=True)
    resp = web.post("/beheer/ontvangers/nieuw", {"version": "0", "code": "Geen Spaties!", "name": "", "required": []})
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "Gebruik alleen kleine letters" in body and "Vul de naam van de organisatie in." in body
    resp = web.post("/beheer/ontvangers/nieuw", {"version": "0", "code": "schuldhulp-x", "name": "Demo Schuldhulp", "active": "ja", "is_default": "ja", "required": ["legitimatie"]})
    assert resp.status_code == 302
    with app.app_context():
        db = new_session()
        defaults = db.scalars(select(ReceivingOrg.code).where(ReceivingOrg.is_default.is_(True))).all()
        db.close()
    assert defaults == ["schuldhulp-x"]  # exactly one default
    web.logout()
    web.login("coach.a")
    html = page(web, cid)
    assert "Documenten (voorlegger) voor Demo Schuldhulp" in text_of(web.get(f"/dossiers/{cid}/klaar"))
    assert [c for c, v in _voorlegger_rows(html).items() if v == "verplicht"] == ["legitimatie"]
    assert ("receiving_org_save", None) in audit_actions(app, "receiving_org")


def test_only_a_beheerder_manages_receiving_organisations(app, web, people):
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert web.get("/beheer/ontvangers").status_code == 404
    assert web.post("/beheer/ontvangers/nieuw", {"code": "x", "name": "X"}).status_code == 404


def test_a_crisis_recorded_in_the_mediation_feature_blocks_until_handled(app, web, people):
    from schoonschip.cases.mediation.rules import CrisisAction
    from schoonschip.cases.mediation.rules import CrisisKind as MediationCrisis
    from schoonschip.cases.mediation.service import add_crisis, crises_of, handle_crisis

    cid = build_case(app, people)
    web.login("coach.a")
    mutate(app, cid, lambda db, c: add_crisis(db, c, MediationCrisis.AFSLUITING_WATER, since=today() - timedelta(days=1),
                                              by_user_id=people.coach_a, today=today()))  # fmt: skip
    assert where(web, cid, "crisis_afsluiting_energie_water") == BLOCK
    assert "de soort crisis is nog niet bekend" not in text_of(web.get(f"/dossiers/{cid}/klaar"))
    mutate(app, cid, lambda db, c: handle_crisis(db, c, crises_of(db, c)[0], CrisisAction.OPGELOST, on=today(),
                                                 by_user_id=people.coach_a, today=today()))  # fmt: skip
    assert where(web, cid, "crisis_afsluiting_energie_water") == OK
