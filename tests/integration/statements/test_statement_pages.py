"""Bank statement import through the web client: upload, de-duplication, the proposal, the
accept flow into the budget (source "bankafschrift"), bad files, the mapping screen, the
signals on the debts page and privacy (audit text, sealed state). Synthetic people only."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from schoonschip.audit import AuditEvent
from schoonschip.budget.models import BudgetEntry
from schoonschip.budget.statements.models import StatementReview
from schoonschip.db import new_session
from tests.factories import open_test_case
from tests.integration.budget_helpers import start_budget, text_of
from tests.statements_support import household, to_camt, to_ing_csv


@pytest.fixture
def case_a(app, people):
    return open_test_case(app, alias="Testpersoon Afschrift", location_id=people.loc_a, coach_id=people.coach_a)


@pytest.fixture
def coach(web, people):
    assert web.login("coach.a").status_code == 302
    return web


def _upload(web, case_id, *files):  # type: ignore[no-untyped-def]
    web.get(f"/dossiers/{case_id}/budget")
    return web.post(
        f"/dossiers/{case_id}/budget/bankafschrift",
        {"bestanden": [(io.BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data",
    )


def _rows(app, case_id):  # type: ignore[no-untyped-def]
    with app.app_context():
        s = new_session()
        try:
            return [(e.direction, e.kind, e.amount.cents, e.frequency, e.source)
                    for e in s.scalars(select(BudgetEntry).where(BudgetEntry.case_id == case_id))]  # fmt: skip
        finally:
            s.close()


def test_upload_overlap_accept_and_privacy(app, coach, case_a):
    start_budget(coach, case_a)
    h = household(3, signals=True)
    txs = h.transactions
    cut = len(txs) * 2 // 3
    resp = _upload(coach, case_a, ("afschrift.xml", to_camt(txs[:cut])), ("ing.csv", to_ing_csv(txs[cut // 2 :])))
    assert resp.status_code == 302, text_of(resp)
    page = coach.get(f"/dossiers/{case_a}/budget/bankafschrift")
    text = text_of(page)
    assert f"Ingelezen: {len(txs)} transacties" in text  # the overlap counted once
    body = page.get_data(as_text=True)
    takes = re.findall(r'name="(l\d+_take)" value="1" checked', body)
    assert takes
    # accept what is proposed as it is
    form = {m.group(1): m.group(2) for m in re.finditer(r'name="(l\d+_(?:label|amount))" value="([^"]*)"', body)}
    for m in re.finditer(r'<select id="f-(l\d+_\w+)" name="\1">(.*?)</select>', body, re.S):
        sel = re.search(r'<option value="([^"]*)" selected', m.group(2))
        form[m.group(1)] = sel.group(1) if sel else ""
    for t in takes:
        form[t] = "1"
    form["version_id"] = re.search(r'name="version_id" value="(\d+)"', body).group(1)
    resp = coach.post(f"/dossiers/{case_a}/budget/bankafschrift/overnemen", form)
    assert resp.status_code == 302, text_of(resp)
    rows = _rows(app, case_a)
    assert len(rows) == len(takes)
    assert all(r[4] == "bankafschrift" for r in rows)
    assert "uit bankafschrift" in text_of(coach.get(f"/dossiers/{case_a}/budget"))
    with app.app_context():
        s = new_session()
        try:
            details = [e.detail or "" for e in s.scalars(select(AuditEvent))]
            review = s.scalar(select(StatementReview).where(StatementReview.case_id == case_a))
            raw = review.state_enc if review is not None else b""
        finally:
            s.close()
    assert f"bankafschrift geïmporteerd, {len(txs)} transacties" in details
    names = {t.counterparty for t in txs}
    assert not any(n and n in d for n in names for d in details)  # no counterparty in the audit
    assert b"Ymere" not in raw and b"Albert" not in raw  # the paused state is sealed


def test_bad_files_get_one_plain_message(coach, case_a):
    start_budget(coach, case_a)
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Document>&lol2;</Document>'
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>'
    for data in (bomb, xxe, b"\x00\x01\x02\xff" * 100, b"", "Datum;Bedrag\n".encode("utf-16-le")):
        resp = _upload(coach, case_a, ("x.xml", data))
        assert resp.status_code == 422
        text = text_of(resp)
        assert "Het bestand is niet ingelezen" in text
        assert "passwd" not in text and "lol" not in text


def test_unknown_csv_goes_to_the_mapping_screen(app, coach, case_a):
    start_budget(coach, case_a)
    csv = "Wanneer|Hoeveel|Wie|Wat\n05-06-2025|-812,00|Ymere|Huur juni\n05-07-2025|-812,00|Ymere|Huur juli\n05-08-2025|-812,00|Ymere|Huur augustus\n"
    resp = _upload(coach, case_a, ("eigen.csv", csv.encode()))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/bankafschrift/kolommen")
    page = coach.get(f"/dossiers/{case_a}/budget/bankafschrift/kolommen")
    assert "Welke kolom is wat?" in text_of(page)
    resp = coach.post(f"/dossiers/{case_a}/budget/bankafschrift/kolommen", {"date": "0", "amount": "", "header": "1"})
    assert resp.status_code == 422 and "Kies de kolom met het bedrag." in text_of(resp)
    resp = coach.post(
        f"/dossiers/{case_a}/budget/bankafschrift/kolommen",
        {"date": "0", "amount": "1", "counterparty": "2", "description": "3", "header": "1"},
    )
    assert resp.status_code == 302
    text = text_of(coach.get(f"/dossiers/{case_a}/budget/bankafschrift"))
    assert "Ingelezen: 3 transacties" in text
    assert "812,00" in text


def test_signals_on_the_debts_page_start_a_prefilled_debt(app, coach, case_a):
    from schoonschip.money import Money
    from tests.statements_support import ACCOUNT, Transaction  # noqa: F401

    start = date(2025, 6, 1)
    txs = [
        Transaction(ACCOUNT, start + timedelta(days=30 * i), Money(-5000), "Intrum Nederland BV", "", "Regeling 123", f"R{i}")
        for i in range(3)
    ] + [
        Transaction(ACCOUNT, start + timedelta(days=5), Money(-2500), "Holland Casino Online", "", "iDEAL", "G1"),
        Transaction(ACCOUNT, start + timedelta(days=9), Money(-15000), "Eneco", "", "Storno termijn", "S1", returned=True),
    ]
    assert _upload(coach, case_a, ("a.xml", to_camt(txs, opening=1000))).status_code == 302
    page = coach.get(f"/dossiers/{case_a}/schulden")
    text = text_of(page)
    assert "Meldingen uit het bankafschrift" in text
    assert "Betalingen aan een incassobureau of deurwaarder : Intrum" in text
    assert "Betalingen aan gokbedrijven : Holland Casino Online" in text
    assert "Storneringen" in text and "Rood staan" in text
    body = page.get_data(as_text=True)
    link = re.search(r'href="(/dossiers/\d+/schulden/nieuw\?signaal=\d+)"', body).group(1)
    form = coach.get(link).get_data(as_text=True)
    assert 'value="Intrum"' in form or re.search(r'<option value="\d+"\s+selected[^>]*>Intrum', form)
    # nothing was stored as a debt by the signal or by opening the prefilled form
    from schoonschip.cases.debts.models import Debt

    with app.app_context():
        s = new_session()
        try:
            assert s.scalar(select(Debt).where(Debt.case_id == case_a)) is None
        finally:
            s.close()
    n = re.search(r'/schulden/signalen/(\d+)/weg', body).group(1)
    assert coach.post(f"/dossiers/{case_a}/schulden/signalen/{n}/weg").status_code == 302
    assert text_of(coach.get(f"/dossiers/{case_a}/schulden")).count("Niet van toepassing") == text.count("Niet van toepassing") - 1


def test_a_review_expires_after_24_hours_and_discarding_deletes_it(app, coach, case_a):
    from datetime import datetime

    from schoonschip.budget.statements.service import purge_expired
    from schoonschip.db import write_transaction

    start_budget(coach, case_a)
    assert _upload(coach, case_a, ("a.xml", to_camt(household(4).transactions))).status_code == 302
    with app.app_context(), write_transaction() as db:
        row = db.scalar(select(StatementReview).where(StatementReview.case_id == case_a))
        assert row is not None and row.expires_at > datetime.utcnow() + timedelta(hours=23)
        row.expires_at = datetime.utcnow() - timedelta(minutes=1)
    assert "Er is nog geen bankafschrift ingelezen." in text_of(coach.get(f"/dossiers/{case_a}/budget/bankafschrift"))
    with app.app_context(), write_transaction() as db:
        assert purge_expired(db) == 1
        assert db.scalar(select(StatementReview)) is None
    assert _upload(coach, case_a, ("a.xml", to_camt(household(4).transactions))).status_code == 302
    page = coach.get(f"/dossiers/{case_a}/budget/bankafschrift/stoppen")
    assert "Alles van het bankafschrift weggooien?" in text_of(page)
    assert coach.post(f"/dossiers/{case_a}/budget/bankafschrift/stoppen").status_code == 302
    with app.app_context(), write_transaction() as db:
        assert db.scalar(select(StatementReview)) is None


def test_the_coach_changes_a_line_and_a_bad_amount_keeps_what_was_typed(app, coach, case_a):
    start_budget(coach, case_a)
    h = household(8, signals=False)
    assert _upload(coach, case_a, ("a.xml", to_camt(h.transactions))).status_code == 302
    body = coach.get(f"/dossiers/{case_a}/budget/bankafschrift").get_data(as_text=True)
    version_id = re.search(r'name="version_id" value="(\d+)"', body).group(1)
    rent = re.search(r'<tr class="proposal-line" data-rule="huur">.*?name="(l\d+)_take"', body, re.S).group(1)
    form = {"version_id": version_id, f"{rent}_take": "1", f"{rent}_kind": "huur_servicekosten",
            f"{rent}_person": "bewoner", f"{rent}_frequency": "maand", f"{rent}_label": "Huur", f"{rent}_amount": "8oo"}
    resp = coach.post(f"/dossiers/{case_a}/budget/bankafschrift/overnemen", form)
    assert resp.status_code == 422
    assert f'name="{rent}_amount" value="8oo"' in resp.get_data(as_text=True)
    assert "Dit is geen bedrag" in text_of(resp)
    assert _rows(app, case_a) == []
    form[f"{rent}_amount"] = "900,00"  # the coach knows the rent went up
    resp = coach.post(f"/dossiers/{case_a}/budget/bankafschrift/overnemen", form)
    assert resp.status_code == 302
    assert _rows(app, case_a) == [("uitgave", "huur_servicekosten", 90000, "maand", "bankafschrift")]  # only the ticked line


def test_the_coach_may_keep_the_files_as_voorlegger_documents(app, coach, case_a):
    """Only with the box ticked: the statement files become sealed documents of the voorlegger
    item "Bankafschriften laatste 3 maanden" (Klaar? then says a document is there); without
    it nothing of the file itself is stored (issue 17, item 4)."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.documents.models import CaseDocument
    from schoonschip.cases.documents.service import content_of

    start_budget(coach, case_a)
    budget_page = coach.get(f"/dossiers/{case_a}/budget").get_data(as_text=True)
    assert 'name="bewaren" value="ja"' in budget_page and ">Naar het voorstel</a>" in budget_page
    txs = household(5).transactions
    camt, csv = to_camt(txs), to_ing_csv(txs)
    assert _upload(coach, case_a, ("zonder.xml", camt)).status_code == 302
    with app.app_context():
        s = new_session()
        assert s.scalars(select(CaseDocument).where(CaseDocument.case_id == case_a)).all() == []
        s.close()
    coach.get(f"/dossiers/{case_a}/budget")
    resp = coach.post(
        f"/dossiers/{case_a}/budget/bankafschrift",
        {"bestanden": [(io.BytesIO(camt), "../../afschrift juni.xml"), (io.BytesIO(csv), "ing.csv")], "bewaren": "ja"},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302, text_of(resp)
    with app.app_context():
        s = new_session()
        try:
            docs = s.scalars(select(CaseDocument).where(CaseDocument.case_id == case_a).order_by(CaseDocument.id)).all()
            assert [(d.kind, d.link_kind, d.voorlegger_code, d.name) for d in docs] == [
                ("afs_xml", "voorlegger", "bankafschriften", "afschrift juni.xml"),
                ("afs_tekst", "voorlegger", "bankafschriften", "ing.txt"),
            ]
            case = s.get(Case, case_a)
            assert content_of(s, case, docs[0]) == camt and content_of(s, case, docs[1]) == csv
            assert camt[-200:] not in docs[0].content_enc  # sealed
            doc_id = docs[0].id
        finally:
            s.close()
    download = coach.get(f"/dossiers/{case_a}/documenten/{doc_id}/bestand")
    assert download.status_code == 200 and download.data == camt
    assert download.headers["Content-Disposition"].startswith("attachment")
    klaar = coach.get(f"/dossiers/{case_a}/klaar").get_data(as_text=True)
    row = klaar.split("Bankafschriften laatste 3 maanden", 1)[1].split("</tr>", 1)[0]
    assert "document aanwezig" in row
