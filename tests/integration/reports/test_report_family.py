"""Issue 13: contribution rows kept at write time, consent and erasure, frozen periods,
the closed family of views, DISCLOSURE_K and the rapportage second factor."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from schoonschip import clock
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import record_consent
from schoonschip.cases.casefile.service import erase_case
from schoonschip.cases.debts.models import Debt
from schoonschip.db import new_session, write_transaction
from schoonschip.money import Money
from schoonschip.reports.models import PublishedPeriod, ReportContribution
from schoonschip.reports.publish import close_period, disclosure_k, family_for
from tests.conftest import TOTP_SECRET
from tests.integration.reports_support import YEAR, _case, insert_golden


def _current_year_cases(app, people, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """n cases at location A opened this month (an open period), each its own resident."""
    today = clock.today()
    ids = []
    with app.app_context(), write_transaction() as db:
        for i in range(n):
            ids.append(_case(db, loc=people.loc_a, coach=people.coach_a, opened=date(today.year, today.month, 1),
                             name=f"Testpersoon Open {i}", birth=date(1970 + i, 1, 1), steps=1, debt=True))  # fmt: skip
    return ids


def _residents(app, year: int, col: str = "Locatie A") -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return family_for(db, year, 5).values[("unique_residents", col, str(year))]
        finally:
            db.close()


def _row(app, case_id: int) -> ReportContribution | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            row = db.get(ReportContribution, case_id)
            if row is not None:
                db.expunge(row)
            return row
        finally:
            db.close()


def test_contribution_row_is_written_with_the_change(app, people):
    ids = insert_golden(app, people)
    row = _row(app, ids["a"][0])
    assert row is not None and row.counted and row.debt_band == "<5000" and row.step_c_on is not None
    assert "Golden" not in row.resident_key and len(row.resident_key) == 32
    # Cases 1 and 2 at A are the same resident (name typed differently): the same key.
    assert row.resident_key == _row(app, ids["a"][1]).resident_key  # type: ignore[union-attr]
    assert row.resident_key != _row(app, ids["a"][2]).resident_key  # type: ignore[union-attr]
    # A debt edit updates the row in the same commit.
    with app.app_context(), write_transaction() as db:
        debt = db.scalars(select(Debt).where(Debt.case_id == ids["a"][0])).first()
        debt.hoofdsom = Money(2_000_000)
    assert _row(app, ids["a"][0]).debt_band == "15000-30000"  # type: ignore[union-attr]


def test_a_resident_who_said_no_is_counted_nowhere(app, people):
    ids = _current_year_cases(app, people, 6)
    year = clock.today().year
    assert _residents(app, year) == 6
    with app.app_context(), write_transaction() as db:
        record_consent(db, db.get(Case, ids[0]), purpose="rapportage", given=False, on=clock.today(), by_user_id=people.coach_a)
    assert _row(app, ids[0]).counted is False  # type: ignore[union-attr]
    assert _residents(app, year) == 5
    with app.app_context():
        db = new_session()
        fam = family_for(db, year, 5)
        month = f"{year}-{clock.today().month:02d}"
        assert fam.values[("new_cases", "Locatie A", month)] == 5
        assert fam.values[("step_a", "Locatie A", month)] == 5
        db.close()
    # Saying yes again counts them again.
    with app.app_context(), write_transaction() as db:
        record_consent(db, db.get(Case, ids[0]), purpose="rapportage", given=True, on=clock.today(), by_user_id=people.coach_a)
    assert _residents(app, year) == 6


@pytest.mark.parametrize(("reason", "stays"), [("vergissing", False), ("geen_toestemming", False), ("bewaartermijn", True)])
def test_erasure_reasons(app, people, reason, stays):
    ids = _current_year_cases(app, people, 6)
    year = clock.today().year
    with app.app_context(), write_transaction() as db:
        erase_case(db, db.get(Case, ids[0]), reason=reason, by_user_id=people.coordinator_a)
    row = _row(app, ids[0])
    assert (row is not None) is stays
    assert _residents(app, year) == (6 if stays else 5)
    if stays:
        assert row.erased_reason == "bewaartermijn" and row.debt_band == "<5000"  # type: ignore[union-attr]


def _csv(web, query: str) -> bytes:  # type: ignore[no-untyped-def]
    resp = web.get(f"/rapportage/export.csv?{query}")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    return resp.get_data()


def test_a_closed_period_never_changes(app, web, people):
    ids = insert_golden(app, people)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    queries = [f"soort=jaar&jaar={YEAR}&profiel={p}&locatie=alle" for p in ("alles", "vsnk")]
    queries.append(f"soort=maand&jaar={YEAR}&maand=9&profiel=alles&locatie={people.loc_a}")
    before = [_csv(web, q) for q in queries]
    with app.app_context():  # the year ended more than 30 days ago: closed and stored on the first view
        db = new_session()
        assert {str(YEAR), f"{YEAR}-09", f"{YEAR}-Q3", f"{YEAR}-H2"} <= set(db.scalars(select(PublishedPeriod.period_code)))
        db.close()
    with app.app_context(), write_transaction() as db:
        debt = db.scalars(select(Debt).where(Debt.case_id == ids["a"][0])).first()
        debt.hoofdsom = Money(5_432_100)  # € 54.321,00
        case = db.get(Case, ids["b"][1])
        case.opened_on = date(YEAR, 9, 2)  # and a date moved into September
    after = [_csv(web, q) for q in queries]
    assert after == before  # byte for byte
    assert b"Deze periode is afgesloten" not in before[0]  # the CSV holds figures, the page says it
    page = web.get(f"/rapportage/?{queries[0]}").get_data(as_text=True)
    assert "Deze periode is afgesloten" in page


def test_beheerder_closes_an_ended_period(app, web, people):
    _current_year_cases(app, people, 6)
    today = clock.today()
    last_month = date(today.year, today.month, 1).replace(day=1)
    code = f"{last_month.year}-{last_month.month:02d}"
    with app.app_context(), write_transaction() as db:
        with pytest.raises(ValueError):
            close_period(db, code, 5, today, None)  # this month has not ended yet
    web.login("beheerder.x", totp_secret=TOTP_SECRET)
    page = web.get(f"/rapportage/afsluiten?jaar={YEAR}")
    assert page.status_code == 200 and f'data-period="{YEAR}-03"' in page.get_data(as_text=True)
    resp = web.post("/rapportage/afsluiten", {"periode": f"{YEAR}-03", "jaar": str(YEAR)})
    assert "Vink aan" in resp.get_data(as_text=True)
    resp = web.post("/rapportage/afsluiten", {"periode": f"{YEAR}-Q1", "jaar": str(YEAR), "bevestig": "ja"})
    assert resp.status_code == 302
    with app.app_context():
        db = new_session()
        codes = set(db.scalars(select(PublishedPeriod.period_code)))
        db.close()
    assert {f"{YEAR}-Q1", f"{YEAR}-01", f"{YEAR}-02", f"{YEAR}-03"} <= codes and str(YEAR) not in codes
    web.logout()
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    assert web.get("/rapportage/afsluiten").status_code == 404


def test_only_the_closed_family_can_be_asked(app, web, people):
    insert_golden(app, people)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    for query in (
        f"soort=bereik&jaar={YEAR}&van=01-01-{YEAR}&tot=30-09-{YEAR}",
        f"soort=jaar&jaar={YEAR}&van=20-11-{YEAR}&tot=20-11-{YEAR}",
    ):
        resp = web.get(f"/rapportage/?{query}")
        assert "Kies een maand, kwartaal, halfjaar of jaar" in resp.get_data(as_text=True)
        assert 'data-row="new_cases"' not in resp.get_data(as_text=True)
        assert web.get(f"/rapportage/export.csv?{query}").status_code == 302
    resp = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&locatie={people.loc_a}&locatie={people.loc_b}")
    assert "Kies één locatie of alle locaties" in resp.get_data(as_text=True)
    resp = web.get(f"/rapportage/?soort=halfjaar&halfjaar=2&jaar={YEAR}&locatie={people.loc_a}")
    assert resp.status_code == 200 and f"{YEAR} halfjaar 2" in resp.get_data(as_text=True)


def test_disclosure_k_is_used_and_refused_below_3(app, web, people):
    assert disclosure_k({}) == 5
    assert disclosure_k({"DISCLOSURE_K": 3}) == 3
    for bad in (2, 0, "5", True):
        with pytest.raises(ValueError):
            disclosure_k({"DISCLOSURE_K": bad})
    from schoonschip import create_app

    with pytest.raises(ValueError, match="DISCLOSURE_K"):
        create_app({**app.config, "DISCLOSURE_K": 2})  # refused at start
    insert_golden(app, people)
    app.config["DISCLOSURE_K"] = 7
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    body = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&profiel=alles").get_data(as_text=True)
    assert 'rep-value">&lt;7<' in body and 'rep-value">&lt;5<' not in body
    assert "De drempel is nu 7." in body


def test_rapportage_needs_a_second_factor(app, web, people):
    resp = web.login("rapportage.x")  # password only
    assert "/login/code" in (resp.headers.get("Location") or "")
    assert web.get("/rapportage/").status_code in (302, 401, 404)


def test_pdf_fits_ten_locations_with_long_names(app, web, people):
    import io

    import pypdf

    from schoonschip.auth.models import Location

    insert_golden(app, people)
    words = ["Zevenhuizen", "Bijlmerpark", "Gaasperdam", "Holendrecht", "Reigersbos", "Venserpolder", "Kantershof", "Nellestein"]
    with app.app_context(), write_transaction() as db:
        for n, word in enumerate(words):
            db.add(Location(code=f"lang-{n}", name=f"Buurtwerkkamer {word} aan de Lange Straatnaamweg"))
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    resp = web.get(f"/rapportage/export.pdf?soort=jaar&jaar={YEAR}&profiel=gemeente&locatie=alle")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(resp.get_data()))
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape
    xs: list[float] = []

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert xs and max(xs) < float(first.mediabox.width)  # nothing is drawn beyond the page edge
    text = " ".join(page.extract_text() for page in reader.pages)
    for word in words + ["Locatie A", "Locatie B", "Totaal"]:
        assert word in text, word
    # The Totaal column of the core table is there: the year's contact moments, 13.
    assert "13" in text
