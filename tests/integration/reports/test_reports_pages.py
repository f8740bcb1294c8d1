"""The report pages and exports: who sees what, period and location choice, audit,
no personal data in any export, spreadsheet-formula escaping, the targets sheet."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from schoonschip.auth.models import Location
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.resident import Resident
from schoonschip.db import new_session, write_transaction
from schoonschip.demo.service import load_demo
from schoonschip.reports.exports import escape_cell, report_csv, report_xlsx
from schoonschip.reports.rules.indicators import CaseFact, Period, ReportFacts, build_report
from schoonschip.reports.service import ReportTarget
from tests.conftest import TOTP_SECRET
from tests.integration.reports_support import GOLDEN_NAMES, YEAR, insert_golden

DEMO_PASSWORD = "demo password for tests"  # noqa: S105 - synthetic


def _page_text(resp) -> str:  # type: ignore[no-untyped-def]
    body = resp.get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&lt;", "<").replace("&#34;", '"')


def _row(resp, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The values (first line of each cell) of one core-table row on the page."""
    body = resp.get_data(as_text=True)
    m = re.search(rf'<tr data-row="{code}">(.*?)</tr>', body, flags=re.S)
    assert m, code
    return [v.replace("&lt;", "<") for v in re.findall(r'<span class="rep-value">([^<]*)</span>', m.group(1))]


def _audit(app) -> list[tuple[str, int | None, str | None]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return list(db.execute(text(
                "SELECT action, actor_id, detail FROM audit_events WHERE action LIKE 'report%' ORDER BY id"
            )).all())  # fmt: skip
        finally:
            db.close()


# ---------------------------------------------------------------- access per role
def test_rapportage_sees_every_location_and_the_method(app, web, people):
    insert_golden(app, people)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    resp = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&profiel=alles")
    assert resp.status_code == 200
    assert _row(resp, "unique_residents") == ["x", "<5", "10"]
    assert _row(resp, "contact_hours") == ["<5", "x", "9"]
    page = _page_text(resp)
    assert "Locatie A" in page and "Locatie B" in page
    assert "Een klein aantal (1 tot en met 4) laten we zien als \"<5\"" in page  # the method, on the page
    assert "Groen: 80 % tot en met 120 %" in page and "meer dan 120 %" in page  # the boundaries
    assert "<svg" in resp.get_data(as_text=True)
    for name in GOLDEN_NAMES:
        assert name not in resp.get_data(as_text=True)
    assert "Rapportage" in page  # the nav link


def test_coach_sees_only_own_cases(app, web, people):
    insert_golden(app, people)
    web.login("coach.a")
    resp = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&profiel=alles")
    assert resp.status_code == 200
    assert "alleen de cijfers van uw eigen dossiers" in _page_text(resp)
    # coach.a holds 6 of the 7 cases at A (one is coach.a2's): 5 unique residents, 6 new cases.
    assert _row(resp, "unique_residents") == ["5", "5"]
    # Six new cases, one a month: each month "<5", so the year would give them away: hidden.
    assert _row(resp, "new_cases") == ["x", "x"]
    assert _row(resp, "tally_total") == ["0", "0"]  # the tally belongs to the location, not to a coach
    assert "Locatie B" not in _page_text(resp)
    # Asking for location B is refused, not answered.
    resp = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&locatie={people.loc_b}")
    assert "Kies een locatie uit de lijst." in _page_text(resp)
    assert 'data-row="unique_residents"' not in resp.get_data(as_text=True)
    resp = web.get(f"/rapportage/export.csv?soort=jaar&jaar={YEAR}&locatie={people.loc_b}")
    assert resp.status_code == 302 and resp.mimetype != "text/csv"


def test_coordinator_sees_their_location_only(app, web, people):
    insert_golden(app, people)
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    resp = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&profiel=alles")
    # A's 6 is the partner of B's "<5" in the family of views: hidden in A's own view too,
    # or A's view and the all-locations view together would give B away.
    assert _row(resp, "unique_residents") == ["x", "x"]
    assert _row(resp, "tally_total") == ["12", "12"]
    assert "Locatie B" not in _page_text(resp)
    body = web.get(f"/rapportage/export.csv?soort=jaar&jaar={YEAR}&profiel=alles").get_data(as_text=True)
    assert "Locatie B" not in body and "Locatie A" in body


def test_rapportage_never_reaches_a_case(app, web, people):
    ids = insert_golden(app, people)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    for url in (f"/dossiers/{ids['a'][0]}", f"/dossiers/{ids['a'][0]}/schulden", "/dossiers/"):
        assert web.get(url).status_code == 404
    assert web.get("/rapportage/streefcijfers").status_code == 404


# ---------------------------------------------------------------- period and location
@pytest.mark.parametrize(
    ("query", "label"),
    [
        (f"soort=jaar&jaar={YEAR}", str(YEAR)),
        (f"soort=kwartaal&jaar={YEAR}&kwartaal=3", f"{YEAR} kwartaal 3"),
        (f"soort=maand&jaar={YEAR}&maand=9", f"september {YEAR}"),
        (f"soort=halfjaar&jaar={YEAR}&halfjaar=2", f"{YEAR} halfjaar 2"),
    ],
)
def test_period_choice(app, web, people, query, label):
    insert_golden(app, people)
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    resp = web.get(f"/rapportage/?{query}&profiel=gemeente&locatie={people.loc_a}")
    assert resp.status_code == 200
    page = _page_text(resp)
    assert f"Periode {label}" in page
    if "maand=9" in query:
        # September: no new cases at A; residents are a year figure only.
        assert _row(resp, "new_cases") == ["0", "0"]
        assert 'data-row="unique_residents"' not in resp.get_data(as_text=True)
        assert "staan alleen in het jaaroverzicht" in page


def test_bad_period_is_a_dutch_error_and_keeps_the_input(app, web, people):
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    resp = web.get("/rapportage/?soort=bereik&jaar=2025&van=31-02-2025&tot=01-01-2025")
    assert resp.status_code == 200
    page = _page_text(resp)
    assert "Er gaat iets mis" in page and "Een eigen periode of losse dagen kunnen niet" in page
    resp = web.get("/rapportage/?soort=jaar&jaar=twintig")
    assert "Vul een jaar in" in _page_text(resp)
    assert 'value="twintig"' in resp.get_data(as_text=True)


# ---------------------------------------------------------------- exports
def test_exports_hold_no_personal_data_and_are_audited(app, web, people):
    with app.app_context():
        load_demo(password=DEMO_PASSWORD, totp_secret=TOTP_SECRET, today=date(YEAR, 11, 20))
        db = new_session()
        try:
            names = [r.full_name for r in db.scalars(select(Resident)) if r.full_name]
            aliases = [c.alias for c in db.scalars(select(Case)) if c.alias]
            refs = list(db.scalars(select(Case.reference)))
        finally:
            db.close()
    assert len(names) > 20
    web.login("rapportage", DEMO_PASSWORD, totp_secret=TOTP_SECRET)
    query = f"soort=jaar&jaar={YEAR}&profiel=alles"
    page = web.get(f"/rapportage/?{query}")
    assert page.status_code == 200
    assert "<5" in _page_text(page) and "doel" in _page_text(page)  # the demo report has suppressed cells and targets

    csv_resp = web.get(f"/rapportage/export.csv?{query}")
    assert csv_resp.mimetype == "text/csv"
    assert "attachment" in csv_resp.headers["Content-Disposition"]
    csv_text = csv_resp.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert ["onderdeel", "rij", "kolom", "eenheid", "waarde", "streefcijfer", "percentage", "kleur", "toelichting"] in rows
    assert any(r[:3] == ["Kerncijfers", "Bewoners geholpen met schulden", "Casa Jepie Makandra"] for r in rows)
    assert any(len(r) > 4 and r[4] == "<5" for r in rows)

    xlsx = web.get(f"/rapportage/export.xlsx?{query}")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(xlsx.data))
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    xlsx_text = "\n".join(cells)

    pdf = web.get(f"/rapportage/export.pdf?{query}")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Bewoners geholpen met schulden" in pdf_text and "Casa Jepie Makandra" in pdf_text

    for blob in (csv_text, xlsx_text, pdf_text, page.get_data(as_text=True)):
        for value in names + aliases + refs:
            assert value not in blob
        for first_name in {n.split()[1] for n in names}:  # "Demo Amara Testpersoon": not even "Amara"
            assert not re.search(rf"\b{re.escape(first_name)}\b", blob), first_name

    events = _audit(app)
    user_id = _rapportage_id(app)
    assert [(a, d) for a, _u, d in events] == [
        ("report_view", f"page:alles:{YEAR}:loc=alle"),
        ("report_export", f"csv:alles:{YEAR}:loc=alle"),
        ("report_export", f"xlsx:alles:{YEAR}:loc=alle"),
        ("report_export", f"pdf:alles:{YEAR}:loc=alle"),
    ]
    assert {u for _a, u, _d in events} == {user_id}


def _rapportage_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.scalar(text("SELECT id FROM users WHERE username = 'rapportage'"))
        finally:
            db.close()


def test_audit_of_a_coach_says_own_counts_and_location(app, web, people):
    web.login("coach.a")
    web.get(f"/rapportage/?soort=kwartaal&jaar={YEAR}&kwartaal=2&locatie={people.loc_a}&profiel=vsnk")
    (event,) = _audit(app)
    assert event[0] == "report_view" and event[2] == f"page:vsnk:{YEAR}-Q2:loc=1:eigen"


def test_spreadsheet_formulas_are_escaped():
    assert escape_cell("=1+1") == "'=1+1"
    assert escape_cell("+31") == "'+31" and escape_cell("-5") == "'-5" and escape_cell("@SUM(A1)") == "'@SUM(A1)"
    assert escape_cell("<5") == "<5" and escape_cell("Totaal") == "Totaal"
    # A location typed by a beheerder as a formula reaches the exports only as text.
    facts = ReportFacts(cases=(CaseFact(case_key=1, resident_key=1, location="=HYPERLINK(\"http://x\")", opened=date(YEAR, 3, 1)),
                               CaseFact(case_key=2, resident_key=2, location="@SUM(A1)", opened=date(YEAR, 3, 1))))  # fmt: skip
    report = build_report(facts, Period.year(YEAR), profile="gemeente")
    wb = load_workbook(io.BytesIO(report_xlsx(report, date(YEAR, 12, 31))))
    ws = wb.active
    values = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in values)
    texts = [str(c.value) for c in values]
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    assert "'=HYPERLINK(\"http://x\")" in texts and "'@SUM(A1)" in texts
    rows = list(csv.reader(io.StringIO(report_csv(report, date(YEAR, 12, 31)).decode("utf-8-sig")), delimiter=";"))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any("'=HYPERLINK(\"http://x\")" in row for row in rows)


# ---------------------------------------------------------------- targets
def test_beheerder_sets_targets_per_year(app, web, people):
    insert_golden(app, people)
    web.login("beheerder.x", totp_secret=TOTP_SECRET)
    resp = web.get(f"/rapportage/streefcijfers?jaar={YEAR}")
    assert resp.status_code == 200
    a, b = people.loc_a, people.loc_b
    # A wrong value: Dutch error next to the field, nothing lost, nothing saved.
    resp = web.post("/rapportage/streefcijfers", {"jaar": str(YEAR), f"t_contact_moments_{a}": "tien", f"t_contact_moments_{b}": "2"})
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    assert "Vul een heel getal in" in body and 'value="tien"' in body and 'value="2"' in body
    assert _targets(app) == []
    resp = web.post("/rapportage/streefcijfers", {"jaar": str(YEAR), f"t_contact_moments_{a}": "10", f"t_contact_moments_{b}": "2",
                                                  f"t_step_b_{a}": "50"})  # fmt: skip
    assert resp.status_code == 302
    assert _targets(app) == [(a, YEAR, "contact_moments", 10), (a, YEAR, "step_b", 50), (b, YEAR, "contact_moments", 2)]
    page = web.get(f"/rapportage/?soort=jaar&jaar={YEAR}&profiel=alles").get_data(as_text=True)
    row = re.search(r'<tr data-row="contact_moments">(.*?)</tr>', page, flags=re.S).group(1)  # type: ignore[union-attr]
    assert "band-groen" in row and "80,0 %" in row and "band-donkergroen" in row and "250,0 %" in row
    row_b = re.search(r'<tr data-row="step_b">(.*?)</tr>', page, flags=re.S).group(1)  # type: ignore[union-attr]
    assert "niet getoond" in row_b and "band-" not in row_b  # 5 of 50, but hidden (5 months of 1): no percentage
    # Next year a different set: the step_b target goes, another comes; 2025 stays as it was.
    web.post("/rapportage/streefcijfers", {"jaar": str(YEAR + 1), f"t_new_cases_{a}": "30"})
    sheet = {"jaar": str(YEAR), f"t_contact_moments_{a}": "10", f"t_contact_moments_{b}": "2"}
    resp = web.post("/rapportage/streefcijfers", sheet)  # removing a target asks first
    assert resp.status_code == 200 and "Weet u het zeker?" in resp.get_data(as_text=True)
    assert "Stap B bereikt" in _page_text(resp).split("Weet u het zeker?")[1].split("Ja, opslaan")[0]
    assert len(_targets(app)) == 4
    assert web.post("/rapportage/streefcijfers", {**sheet, "bevestig": "ja"}).status_code == 302
    assert _targets(app) == [(a, YEAR, "contact_moments", 10), (b, YEAR, "contact_moments", 2), (a, YEAR + 1, "new_cases", 30)]
    # A new year can start from last year's sheet; nothing is saved by looking.
    resp = web.get(f"/rapportage/streefcijfers?jaar={YEAR + 2}&van_jaar={YEAR + 1}")
    assert f'name="t_new_cases_{a}" value="30"' in resp.get_data(as_text=True)
    assert len(_targets(app)) == 3
    assert [a for a, _u, _d in _audit(app) if a == "report_targets"] == ["report_targets"] * 3


def _targets(app) -> list[tuple[int, int, str, int]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return [(t.location_id, t.year, t.indicator_code, t.value)
                    for t in db.scalars(select(ReportTarget).order_by(ReportTarget.year, ReportTarget.location_id, ReportTarget.indicator_code))]  # fmt: skip
        finally:
            db.close()


def test_demo_targets_exist_for_the_three_locations(app):
    with app.app_context():
        load_demo(password=DEMO_PASSWORD, totp_secret=None, today=date(YEAR, 6, 1))
        with write_transaction() as db:
            codes = {loc.id: loc.code for loc in db.scalars(select(Location))}
            rows = list(db.scalars(select(ReportTarget)))
    assert {codes[t.location_id] for t in rows} == {"cjm", "multibron", "handreiking"}
    assert {t.year for t in rows} == {YEAR}


def test_odd_location_names_give_a_dutch_message_not_an_error(app, web, people):
    insert_golden(app, people)
    with app.app_context(), write_transaction() as db:
        db.get(Location, people.loc_b).name = "Buurthuis 1102 AB"  # looks like a postcode: the export guard refuses
    web.login("rapportage.x", totp_secret=TOTP_SECRET)
    query = f"soort=jaar&jaar={YEAR}&profiel=gemeente"
    assert web.get(f"/rapportage/?{query}").status_code == 200
    resp = web.get(f"/rapportage/export.csv?{query}")
    assert resp.status_code == 302
    assert "er lijkt iets persoonlijks in te staan" in _page_text(web.get(resp.headers["Location"]))
    assert ("report_export", "refused") in _audit_outcomes(app)
    with app.app_context(), write_transaction() as db:
        db.get(Location, people.loc_b).name = "Locatie A"  # two locations with one name
    resp = web.get(f"/rapportage/?{query}")  # 2025 is closed: shown as published, with the names of then
    assert resp.status_code == 200 and "Buurthuis 1102 AB" in _page_text(resp)
    this_year = date.today().year
    resp = web.get(f"/rapportage/?soort=jaar&jaar={this_year}&profiel=gemeente")  # an open year: computed now
    assert resp.status_code == 200 and "kunnen niet samen in één overzicht" in _page_text(resp)


def _audit_outcomes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return [tuple(r) for r in db.execute(text("SELECT action, outcome FROM audit_events WHERE action LIKE 'report%'"))]
        finally:
            db.close()
