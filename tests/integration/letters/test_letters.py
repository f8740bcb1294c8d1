"""Letters to creditors end to end: the four letters as PDF attachments with the creditor and
the amounts, the debt's history and stance, the creditor's answer, access, and the worklist."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schoonschip import clock
from schoonschip.dates import format_date_input
from tests.integration.handover_support import audit_actions, text_of
from tests.integration.letters.letters_support import (
    ADDRESS,
    FULL_NAME,
    debt_row,
    letter_case,
    letters_of,
    make_letter,
    pdf_text,
)


def today_text(days_ago: int = 0) -> str:
    return format_date_input(clock.today() - timedelta(days=days_ago))


@pytest.fixture
def case(app, people, web):  # type: ignore[no-untyped-def]
    cid, debts = letter_case(app, people)
    web.login("coach.a")
    return cid, debts


@pytest.mark.parametrize(
    ("kind", "creditor", "needles"),
    [
        ("saldo_opgave", "Eigen Haard", ["Verzoek om een saldo-opgave", "€ 1.634,56", "EH-BRIEF-1"]),
        ("pauzeknop", "Vattenfall", ["pauzeknop", "NVVK", "€ 500,00", "VF-BRIEF-2"]),
        # Hoofdsom € 1.234,56: the staffel allows 15 % = € 185,18; € 400,00 asked, € 214,82 too much.
        ("bezwaar_incassokosten", "Eigen Haard", ["Bezwaar tegen de incassokosten", "€ 400,00", "€ 185,18", "€ 214,82"]),
        ("aanbod", "Vattenfall", ["Betaalvoorstel", "Per maand", "18 maanden"]),
    ],
)
def test_each_letter_is_a_pdf_attachment_with_creditor_and_amount(app, web, case, kind, creditor, needles):
    cid, debts = case
    lid = make_letter(web, cid, debts[creditor], kind, today_text())
    resp = web.get(f"/dossiers/{cid}/brieven/{lid}/brief.pdf")
    assert resp.status_code == 200
    assert resp.mimetype == "application/pdf"
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".pdf" in disposition
    assert "Testpersoon" not in disposition  # no personal data in the file name
    text = pdf_text(resp.data)
    assert creditor in text
    assert FULL_NAME in text and ADDRESS in text
    for needle in needles:
        assert needle in text, needle
    assert ("case_export", None) in [(a, None) for a, _d in audit_actions(app, "case_export")]
    assert any(d.startswith(f"{kind} letter:") for _a, d in audit_actions(app, "letter_generate"))


def test_offer_letter_amount_is_the_creditors_share_over_18_months(app, web, case):
    """The aanbod letter names the same share as the budget's offer, per month and in total."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.debts.models import Debt
    from schoonschip.cases.letters.service import offer_line_for_debt
    from schoonschip.db import new_session
    from schoonschip.money import format_eur

    cid, debts = case
    with app.app_context():
        db = new_session()
        try:
            line = offer_line_for_debt(db, db.get(Case, cid), db.get(Debt, debts["Vattenfall"]))
        finally:
            db.close()
    assert line is not None and line.share.cents > 0
    assert sum(a.cents for a in line.plan.amounts) == line.share.cents and line.plan.months == 18
    lid = make_letter(web, cid, debts["Vattenfall"], "aanbod", today_text())
    text = pdf_text(web.get(f"/dossiers/{cid}/brieven/{lid}/brief.pdf").data)
    assert format_eur(line.share) in text
    assert format_eur(line.plan.amounts[0]) in text


def test_objection_refused_when_costs_are_within_the_law(app, web, case):
    cid, debts = case
    form_page = web.get(f"/dossiers/{cid}/schulden/{debts['Vattenfall']}/brieven/nieuw").get_data(as_text=True)
    assert 'value="bezwaar_incassokosten"' not in form_page  # not offered for this debt ...
    assert "niet hoger dan de wet toestaat" in form_page  # ... and the page says why
    assert 'value="bezwaar_incassokosten"' in web.get(f"/dossiers/{cid}/schulden/{debts['Eigen Haard']}/brieven/nieuw").get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/schulden/{debts['Vattenfall']}/brieven/nieuw",
                    {"kind": "bezwaar_incassokosten", "on": today_text(), "free_text": "Mijn eigen zin blijft staan"})  # fmt: skip
    assert resp.status_code == 422
    page = text_of(resp)
    assert "hoger zijn dan de wet toestaat" in page
    assert "Mijn eigen zin blijft staan" in resp.get_data(as_text=True)  # what was typed is kept
    assert letters_of(app, cid) == []


def test_bad_input_keeps_what_was_typed(app, web, case):
    cid, debts = case
    resp = web.post(f"/dossiers/{cid}/schulden/{debts['Vattenfall']}/brieven/nieuw",
                    {"kind": "", "on": "31-02-2026", "free_text": "Getypte tekst"})  # fmt: skip
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "Getypte tekst" in body and "31-02-2026" in body
    assert "Kies welke brief u wilt maken." in body
    future = format_date_input(clock.today() + timedelta(days=3))
    resp = web.post(f"/dossiers/{cid}/schulden/{debts['Vattenfall']}/brieven/nieuw", {"kind": "saldo_opgave", "on": future})
    assert resp.status_code == 422
    assert letters_of(app, cid) == []


def test_letter_on_debt_history_moves_stance_and_answer_is_recorded(app, web, case):
    cid, debts = case
    did = debts["Eigen Haard"]
    lid = make_letter(web, cid, did, "saldo_opgave", today_text(2), free_text="Graag ook de betaalde termijnen.")
    assert debt_row(app, did).creditor_stance == "saldoverzoek"
    page = text_of(web.get(f"/dossiers/{cid}/schulden/{did}"))
    assert "Stand bij de schuldeiser: Saldoverzoek" in page
    assert "Schuldeiser: Saldoverzoek" in text_of(web.get(f"/dossiers/{cid}/schulden"))  # the overview too
    assert "Saldo-opgave vragen" in page and "nog geen antwoord" in page
    (letter,) = letters_of(app, cid)
    assert letter.kind == "saldo_opgave" and letter.sent_on == clock.today() - timedelta(days=2)
    assert letter.free_text == "Graag ook de betaalde termijnen."
    assert "Graag ook de betaalde termijnen." in pdf_text(web.get(f"/dossiers/{cid}/brieven/{lid}/brief.pdf").data)

    # An answer that does not fit the letter, or before the letter, is refused with the input kept.
    resp = web.post(f"/dossiers/{cid}/brieven/{lid}/antwoord", {"answer": "akkoord", "on": today_text(), "note": "Notitie A", "version": "1"})
    assert resp.status_code == 422 and "Notitie A" in resp.get_data(as_text=True)
    resp = web.post(f"/dossiers/{cid}/brieven/{lid}/antwoord", {"answer": "saldo_ontvangen", "on": today_text(5), "note": "", "version": "1"})
    assert resp.status_code == 422 and "eerder" in text_of(resp)

    resp = web.post(f"/dossiers/{cid}/brieven/{lid}/antwoord",
                    {"answer": "saldo_ontvangen", "on": today_text(), "note": "Saldo klopt bijna", "version": "1"})  # fmt: skip
    assert resp.status_code == 302
    (letter,) = letters_of(app, cid)
    assert letter.answer_kind == "saldo_ontvangen" and letter.answer_on == clock.today()
    assert letter.answer_note == "Saldo klopt bijna"
    assert debt_row(app, did).saldo_confirmed_on == clock.today()  # the readiness checklist reads this
    assert any(d.startswith("saldo_ontvangen letter:") for _a, d in audit_actions(app, "letter_answer"))
    page = text_of(web.get(f"/dossiers/{cid}/schulden/{did}"))
    assert "Saldo-opgave ontvangen" in page


def test_offer_refused_then_reconsideration_then_akkoord(app, web, case):
    cid, debts = case
    did = debts["Vattenfall"]
    lid = make_letter(web, cid, did, "aanbod", today_text(3))
    assert debt_row(app, did).creditor_stance == "betaalvoorstel"
    assert web.post(f"/dossiers/{cid}/brieven/{lid}/antwoord", {"answer": "afgewezen", "on": today_text(2), "version": "1"}).status_code == 302
    assert debt_row(app, did).creditor_stance == "geen_medewerking"
    lid2 = make_letter(web, cid, did, "aanbod", today_text(1))
    assert debt_row(app, did).creditor_stance == "heroverweging"
    assert web.post(f"/dossiers/{cid}/brieven/{lid2}/antwoord", {"answer": "akkoord", "on": today_text(), "version": "1"}).status_code == 302
    assert debt_row(app, did).creditor_stance == "akkoord"


def test_coach_without_access_gets_404(app, web, case, make_web):
    cid, debts = case
    lid = make_letter(web, cid, debts["Eigen Haard"], "saldo_opgave", today_text())
    other = make_web()
    other.login("coach.b")
    assert other.get(f"/dossiers/{cid}/brieven/{lid}").status_code == 404
    assert other.get(f"/dossiers/{cid}/brieven/{lid}/brief.pdf").status_code == 404
    assert other.get(f"/dossiers/{cid}/schulden/{debts['Eigen Haard']}/brieven/nieuw").status_code == 404
    resp = other.post(f"/dossiers/{cid}/schulden/{debts['Eigen Haard']}/brieven/nieuw", {"kind": "saldo_opgave", "on": today_text()})
    assert resp.status_code == 404
    assert other.post(f"/dossiers/{cid}/brieven/{lid}/antwoord", {"answer": "saldo_ontvangen", "on": today_text(), "version": "1"}).status_code == 404
    assert len(letters_of(app, cid)) == 1 and letters_of(app, cid)[0].answer_kind is None
    # A letter id of another case through this case's URL is a 404 too.
    from tests.integration.letters.letters_support import letter_case as another

    cid2, debts2 = another(app, _SamePeople(app))
    lid2 = make_letter(web, cid2, debts2["Vattenfall"], "pauzeknop", today_text())
    assert web.get(f"/dossiers/{cid}/brieven/{lid2}").status_code == 404


class _SamePeople:
    """The fixture's people again (build_case needs the ids only)."""

    def __init__(self, app):  # type: ignore[no-untyped-def]
        from sqlalchemy import select

        from schoonschip.auth.models import Location, User
        from schoonschip.db import new_session

        with app.app_context():
            db = new_session()
            try:
                self.loc_a = db.scalar(select(Location.id).where(Location.code == "loc-a"))
                self.coach_a = db.scalar(select(User.id).where(User.username == "coach.a"))
            finally:
                db.close()


def test_worklist_says_saldo_asked_21_days_ago_without_answer(app, web, case, monkeypatch):
    cid, debts = case
    sent = clock.today()
    make_letter(web, cid, debts["Eigen Haard"], "saldo_opgave", format_date_input(sent))
    assert "saldo-opgave gevraagd" not in text_of(web.get("/start"))  # not yet: 14 days to answer
    monkeypatch.setattr(clock, "today", lambda: sent + timedelta(days=21))
    page = text_of(web.get("/start"))
    assert "Eigen Haard: saldo-opgave gevraagd 21 dagen geleden, geen antwoord" in page
    # Answered: the line goes.
    (letter,) = letters_of(app, cid)
    assert web.post(f"/dossiers/{cid}/brieven/{letter.id}/antwoord",
                    {"answer": "saldo_ontvangen", "on": format_date_input(sent + timedelta(days=20)), "version": "1"}).status_code == 302  # fmt: skip
    assert "saldo-opgave gevraagd" not in text_of(web.get("/start"))


def test_worklist_line_only_for_the_coachs_own_cases(app, web, case, monkeypatch, make_web):
    cid, debts = case
    sent = clock.today()
    make_letter(web, cid, debts["Eigen Haard"], "saldo_opgave", format_date_input(sent))
    monkeypatch.setattr(clock, "today", lambda: sent + timedelta(days=21))
    other = make_web()
    other.login("coach.a2")
    assert "saldo-opgave gevraagd" not in text_of(other.get("/start"))


def test_old_debts_stay_valid_without_a_stance(app, web, case):
    cid, debts = case
    assert debt_row(app, debts["Vattenfall"]).creditor_stance is None
    page = text_of(web.get(f"/dossiers/{cid}/schulden/{debts['Vattenfall']}"))
    assert "Stand bij de schuldeiser: Nog niets gestuurd" in page


def test_offer_letter_needs_an_offer(app, people, make_web):
    from tests.integration.handover_support import CaseSpec, DebtSpec, build_case

    cid = build_case(app, people, CaseSpec(alias="Demo Zonder Budget", income=[], fixed_costs=False,
                                           debts=[DebtSpec("Vattenfall", 50_000, "VF-GEEN-BUDGET")]))  # fmt: skip
    from sqlalchemy import select

    from schoonschip.cases.debts.models import Debt
    from schoonschip.db import new_session

    with app.app_context():
        db = new_session()
        did = db.scalar(select(Debt.id).where(Debt.case_id == cid))
        db.close()
    coach = make_web()
    coach.login("coach.a")
    page = text_of(coach.get(f"/dossiers/{cid}/schulden/{did}/brieven/nieuw"))
    assert "Er is nog geen aanbod" in page
    resp = coach.post(f"/dossiers/{cid}/schulden/{did}/brieven/nieuw", {"kind": "aanbod", "on": today_text()})
    assert resp.status_code == 422 and "Er is nog geen aanbod voor deze schuld" in text_of(resp)
    assert letters_of(app, cid) == []
