"""The dossier PDF and the resident's overview: opened with pypdf and read back; the consent
gate; every print and download audited; nothing fetched from outside; fast enough."""

from __future__ import annotations

import io
import re
import socket

import pypdf
import pytest

from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ConsentPurpose, record_consent
from schoonschip.dates import format_date_input
from schoonschip.db import write_transaction
from schoonschip.web.pdf import PDF_BASE_URL, ResourceRefused, local_static, render_pdf
from tests.conftest import TOTP_SECRET
from tests.integration.handover_support import (
    CONTACT_NOTE,
    DEBT_NOTE,
    STORY_EFFORT,
    STORY_ORIGIN,
    CaseSpec,
    DebtSpec,
    audit_actions,
    build_case,
    text_of,
    today,
)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def consent_date(days_ago: int = 3) -> str:
    from datetime import timedelta

    return format_date_input(today() - timedelta(days=days_ago))


# ------------------------------------------------------------------------- dossier
def test_the_dossier_pdf_carries_the_debts_totals_and_consent_date(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    resp = web.get(f"/dossiers/{cid}/overdracht/dossier.pdf")
    assert resp.status_code == 200
    assert resp.mimetype == "application/pdf" and resp.data.startswith(b"%PDF")
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert resp.headers["Cache-Control"] == "no-store"
    text = pdf_text(resp.data)
    for expected in (
        "Eigen Haard", "EH-TEST-1", "€ 1.234,56",  # the first debt, its reference and amount
        "Vattenfall", "VF-TEST-2", "€ 500,00",
        "Totaal open: € 1.734,56",  # the total
        f"gegeven op {consent_date()}",  # the consent date
        "Wonen (huur)", "Energie en water",  # priorities
        "Coach A", "Demo Klaar Testpersoon Volledig",
        STORY_ORIGIN, STORY_EFFORT,  # the coach's explanation belongs in the dossier
        "Indicatieve VTLB", "Aanbod in 18 maanden", "Legitimatie", "285-verklaring van de gemeente",
    ):  # fmt: skip
        assert expected in text, expected
    assert ("case_export", "dossier") in audit_actions(app, "case_export")


def test_the_dossier_leaves_out_the_coachs_private_notes(app, web, people):
    spec = CaseSpec(debts=[DebtSpec(note=DEBT_NOTE)], contact_note=True)
    cid = build_case(app, people, spec)
    web.login("coach.a")
    text = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    assert "Eigen Haard" in text
    assert DEBT_NOTE not in text and CONTACT_NOTE not in text


def test_the_print_layout_works_in_the_browser_and_is_audited(app, web, people):
    cid = build_case(app, people)
    web.login("coach.a")
    resp = web.get(f"/dossiers/{cid}/overdracht/dossier")
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    assert 'href="/static/print_doc.css"' in body and "no-print" in body
    assert "style=" not in body and "<script" not in body  # the CSP allows neither
    text = text_of(resp)
    assert "€ 1.234,56" in text and "€ 1.734,56" in text and f"gegeven op {consent_date()}" in text
    assert ("case_print", "dossier") in audit_actions(app, "case_print")


def test_no_dossier_without_consent(app, web, people):
    cid = build_case(app, people, CaseSpec(consent=False))
    web.login("coach.a")
    for url in ("overdracht/dossier.pdf", "overdracht/dossier"):
        resp = web.get(f"/dossiers/{cid}/{url}")
        assert resp.status_code == 409, url
        assert not resp.data.startswith(b"%PDF")
        assert "Er is geen toestemming van de bewoner om het dossier te delen" in resp.get_data(as_text=True)
    assert ("case_print", "dossier:no_consent") in audit_actions(app, "case_print")
    assert "Dossier downloaden" not in text_of(web.get(f"/dossiers/{cid}/overdracht"))
    with app.app_context(), write_transaction() as db:
        record_consent(db, db.get(Case, cid), purpose=ConsentPurpose.MADI, given=True, on=today(), by_user_id=people.coach_a)
    assert web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").status_code == 200
    with app.app_context(), write_transaction() as db:
        record_consent(db, db.get(Case, cid), purpose=ConsentPurpose.MADI, given=False, on=today(), by_user_id=people.coach_a)
    assert web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").status_code == 409  # withdrawn: no dossier


def test_the_dossier_names_the_coordinator_after_sign_off(app, web, people):
    from tests.integration.handover.test_handover_workflow import as_coordinator, ready, step

    cid = build_case(app, people)
    web.login("coach.a")
    ready(web, app, cid)
    as_coordinator(web)
    step(web, app, cid, "akkoord")
    text = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    assert f"Coordinator A ({format_date_input(today())})" in text


def test_a_bigger_dossier_holds_every_debt(app, web, people):
    """25 debts run over several pages and every one of them is in the PDF.
    (How fast it renders is measured by `make bench`, not asserted here.)"""
    creditors = ["Eigen Haard", "Vattenfall", "Waternet", "Zilveren Kruis", "KPN", "Klarna", "Wehkamp", "Vodafone", "CZ", "Ymere"]
    debts = [DebtSpec(creditors[i % len(creditors)], 10_000 + i * 1_234, f"REF-{i}") for i in range(25)]
    cid = build_case(app, people, CaseSpec(debts=debts))
    web.login("coach.a")
    resp = web.get(f"/dossiers/{cid}/overdracht/dossier.pdf")
    assert resp.status_code == 200
    text = pdf_text(resp.data)
    missing = [f"REF-{i}" for i in range(25) if f"REF-{i}" not in text]
    assert not missing, f"debts missing from the dossier PDF: {missing}"
    assert len(pypdf.PdfReader(io.BytesIO(resp.data)).pages) > 1


# ------------------------------------------------------------- nothing from outside
def test_only_our_own_static_files_can_be_fetched():
    body, mime = local_static(PDF_BASE_URL + "static/print_doc.css")
    assert b"@page" in body and mime == "text/css"
    for url in (
        "https://example.org/evil.css",
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "data:text/css,body{}",
        PDF_BASE_URL + "static/../../../etc/passwd",
        PDF_BASE_URL + "static/%2e%2e/config.py",
        PDF_BASE_URL + "etc/passwd",
        PDF_BASE_URL + "static/app.js",
    ):
        with pytest.raises(ResourceRefused):
            local_static(url)


def test_rendering_never_opens_a_network_connection(app, monkeypatch):
    calls: list[object] = []

    def refuse(*args: object, **kw: object) -> None:
        calls.append(args)
        raise OSError("network refused in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    html = (
        '<html><head><link rel="stylesheet" href="https://example.org/x.css">'
        '<link rel="stylesheet" href="static/print_doc.css"></head>'
        '<body><p>Hallo</p><img src="http://127.0.0.1:9/pixel.png" alt=""></body></html>'
    )
    with app.app_context():
        data = render_pdf(html)
    assert data.startswith(b"%PDF") and "Hallo" in pdf_text(data)
    assert calls == []


# ----------------------------------------------------------- the resident's overview
def test_the_resident_overview_has_debts_money_and_next_steps_but_no_story_or_notes(app, web, people):
    spec = CaseSpec(debts=[DebtSpec(note=DEBT_NOTE), DebtSpec("Vattenfall", 50_000, "VF-TEST-2")], contact_note=True)
    cid = build_case(app, people, spec)
    from tests.integration.handover.test_handover_workflow import as_coordinator, ready, step

    web.login("coach.a")
    ready(web, app, cid)
    as_coordinator(web)
    step(web, app, cid, "terugsturen", back_on=format_date_input(today()), comment="Commentaar-Coordinator: BKR ontbreekt")
    web.logout()
    web.login("coach.a")
    html_resp = web.get(f"/dossiers/{cid}/overzicht-bewoner")
    pdf_resp = web.get(f"/dossiers/{cid}/overzicht-bewoner.pdf")
    assert html_resp.status_code == 200 and pdf_resp.status_code == 200 and pdf_resp.data.startswith(b"%PDF")
    assert len(pypdf.PdfReader(io.BytesIO(pdf_resp.data)).pages) <= 2  # one or two pages
    for text in (text_of(html_resp), pdf_text(pdf_resp.data)):
        for expected in ("Eigen Haard", "€ 1.234,56", "€ 1.734,56", "€ 2.100,00", "Coach A", "Wat er nu gebeurt",
                         "U kunt ongeveer", "Uw coach maakt uw dossier nog beter in orde."):  # fmt: skip
            assert expected in text, expected
        assert text.index("Eigen Haard") < text.index("Vattenfall")  # priorities first
        for private in (STORY_ORIGIN, STORY_EFFORT, DEBT_NOTE, CONTACT_NOTE, "Commentaar-Coordinator", "EH-TEST-1"):
            assert private not in text, private
    actions = audit_actions(app, "case_")
    assert ("case_print", "resident_overview") in actions and ("case_export", "resident_overview") in actions


def test_the_story_is_on_the_overview_only_when_chosen(app, web, people):
    spec = CaseSpec(in_resident_overview=True, debts=[DebtSpec(note=DEBT_NOTE)], contact_note=True)
    cid = build_case(app, people, spec)
    web.login("coach.a")
    for text in (text_of(web.get(f"/dossiers/{cid}/overzicht-bewoner")), pdf_text(web.get(f"/dossiers/{cid}/overzicht-bewoner.pdf").data)):
        assert STORY_ORIGIN in text and STORY_EFFORT in text
        assert DEBT_NOTE not in text and CONTACT_NOTE not in text


def test_the_overview_needs_no_sharing_consent_but_lists_missing_papers(app, web, people):
    cid = build_case(app, people, CaseSpec(consent=False, documents=False))
    web.login("coach.a")
    text = text_of(web.get(f"/dossiers/{cid}/overzicht-bewoner"))
    assert "Deze papieren hebben we nog nodig" in text and "BKR-inzage" in text


def test_the_coordinator_prints_too_and_another_location_cannot(app, web, people):
    cid = build_case(app, people)
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert web.get(f"/dossiers/{cid}/overzicht-bewoner.pdf").status_code == 200
    web.logout()
    web.login("coach.b")
    assert web.get(f"/dossiers/{cid}/overzicht-bewoner.pdf").status_code == 404


def test_the_dossier_shows_the_rent_arrears_mediation(app, web, people):
    from datetime import timedelta

    from schoonschip.cases.casefile.resident import Landlord
    from schoonschip.cases.mediation.service import MediationInput, create_mediation
    from schoonschip.money import Money

    cid = build_case(app, people)
    with app.app_context(), write_transaction() as db:
        create_mediation(db, db.get(Case, cid), MediationInput(landlord=Landlord.YMERE, started_on=today() - timedelta(days=20),
                         arrears=Money(1_500_00)), by_user_id=people.coach_a, today=today())  # fmt: skip
    web.login("coach.a")
    text = pdf_text(web.get(f"/dossiers/{cid}/overdracht/dossier.pdf").data)
    assert "Bemiddeling huurachterstand" in text and "Ymere" in text and "€ 1.500,00" in text


def test_the_overview_says_a_housemates_income_does_not_count(app, web, people):
    """A housemate's wage is in 'Samen binnen' and the money left over, but never in what the
    resident can repay; the printed overview must say so, or the resident reads a contradiction."""
    spec = CaseSpec(income=[("loon", "bewoner", "maand"), ("loon", "huisgenoot", "maand")])
    cid = build_case(app, people, spec)
    web.login("coach.a")
    for text in (text_of(web.get(f"/dossiers/{cid}/overzicht-bewoner")), pdf_text(web.get(f"/dossiers/{cid}/overzicht-bewoner.pdf").data)):
        text = " ".join(text.split())
        assert "Hierin zit € 2.100,00 per maand van een huisgenoot" in text
        assert "telt niet mee voor wat u kunt aflossen" in text
    plain = text_of(web.get(f"/dossiers/{build_case(app, people)}/overzicht-bewoner"))
    assert "huisgenoot" not in plain
