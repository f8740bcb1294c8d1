"""AVG inzage (issue 7): a coordinator of the case's location prints everything the file
holds about a resident, with the case's access log. Synthetic people only.

* the registry guard: every table with a ``case_id`` column is covered by the inzage, and
  every column of a covered table is shown or deliberately skipped;
* the page shows each kind of data of a fully filled-in synthetic case;
* only a coordinator of the case's location gets it (the matrix line is in
  test_authz_matrix.py; here also a coordinator of another location and the case's own coach);
* opening, printing and the PDF are in the audit log, without personal data.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import BIGINT, Column, ForeignKey, Integer, MetaData, Table, select

from schoonschip import clock
from schoonschip.db import Base, new_session, write_transaction
from tests.conftest import TOTP_SECRET
from tests.factories import make_user
from tests.integration.handover_support import (
    CONTACT_NOTE,
    STORY_EFFORT,
    STORY_ORIGIN,
    CaseSpec,
    build_case,
    text_of,
)


# ------------------------------------------------------------------ the registry guard
def uncovered(metadata: MetaData) -> list[str]:
    """Problems: case tables not in the inzage, columns neither shown nor skipped."""
    from schoonschip.privacy import inzage

    problems = []
    for table in metadata.tables.values():
        if inzage.holds_case_data(table) and table.name not in inzage.covered_tables():
            problems.append(f"table {table.name} holds case data but is in neither inzage.PARTS nor inzage.NOT_SHOWN")
    for name, reason in inzage.NOT_SHOWN.items():
        if len(reason.split()) < 4:
            problems.append(f"inzage.NOT_SHOWN[{name!r}]: say why in a sentence")
    for part in inzage.PARTS:
        table = metadata.tables.get(part.table)
        if table is None:
            continue
        cols = {c.name for c in table.columns}
        for col in sorted(cols - part.columns_shown() - set(part.skip) - inzage.ALWAYS_SKIPPED):
            problems.append(f"column {part.table}.{col} is neither shown nor skipped in inzage.PARTS")
        for col in sorted((part.columns_shown() | set(part.skip)) - cols):
            problems.append(f"inzage.PARTS names {part.table}.{col}, which does not exist")
    return problems


def test_every_table_with_case_data_is_in_the_inzage() -> None:
    from schoonschip.models import import_all

    import_all()
    problems = uncovered(Base.metadata)
    assert not problems, "AVG inzage misses case data (add it to schoonschip/privacy/inzage_registry.py PARTS):\n  " + "\n  ".join(problems)
    # The registry is not trivially empty: the core kinds of data are there.
    from schoonschip.privacy import inzage

    assert {"residents", "debts", "contact_moments", "consent_events", "budget_items", "payment_instalments",
            "readiness_states", "handovers", "stage_changes"} <= inzage.covered_tables()  # fmt: skip


def test_the_guard_fails_for_a_new_case_table_and_a_new_column() -> None:
    from schoonschip.models import import_all

    import_all()
    md = MetaData()
    for t in Base.metadata.tables.values():
        t.to_metadata(md)
    Table("case_pets", md, Column("id", Integer, primary_key=True), Column("case_id", Integer))
    Table("case_notes", md, Column("id", Integer, primary_key=True), Column("about", BIGINT, ForeignKey("cases.id")))
    md.tables["residents"].append_column(Column("shoe_size_enc", Integer))
    problems = uncovered(md)
    assert any("case_pets" in p for p in problems)
    assert any("case_notes" in p for p in problems)
    assert any("residents.shoe_size_enc" in p for p in problems)
    assert not any("audit_events" in p or "users" in p for p in problems)  # not case data


# ------------------------------------------------------------------ a fully filled case
ADDRESS = "Inzagestraat 7"
LETTER_TEXT = "Brieftekst-Inzage: graag ook de betaalde termijnen."
LETTER_NOTE = "Antwoordnotitie-Inzage: saldo klopt."
PHONE = "06-00011122"
BEWIND_BY = "Bewindbureau Voorbeeld"
OFFICIAL_BY = "Kredietbank Voorbeeld"
OVERRIDE = "Overdrachtreden-Inzage: wacht niet langer."
CONTRACT = "HUUR-INZ-77"


@pytest.fixture
def full_case(app, people):  # type: ignore[no-untyped-def]
    """A case of coach_a at location A with every kind of data the file can hold."""
    from schoonschip.budget.forms import OfficialData
    from schoonschip.budget.models import CapacitySnapshot
    from schoonschip.budget.service import current_version, record_official
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.casefile.resident import Landlord, ResidentInput, resident_of, save_resident
    from schoonschip.cases.casefile.service import declare_conflict, share
    from schoonschip.cases.debts.models import Debt
    from schoonschip.cases.debts.rules import DebtStatus
    from schoonschip.cases.debts.service import change_status
    from schoonschip.cases.handover.receivers import ensure_receiving_orgs
    from schoonschip.cases.handover.service import mark_ready
    from schoonschip.cases.mediation.rules import CrisisKind, MediationStage
    from schoonschip.cases.mediation.service import (
        ArrangementInput,
        MediationInput,
        add_crisis,
        create_mediation,
        make_arrangement,
    )
    from schoonschip.cases.mediation.service import change_stage as mediation_stage
    from schoonschip.money import Money

    cid = build_case(app, people, CaseSpec(alias="Inzage Testbewoner", contact_note=True))
    on = clock.today()
    with app.app_context(), write_transaction() as db:
        case = db.get(Case, cid)
        res = resident_of(db, cid)
        save_resident(db, case, ResidentInput(
            full_name="Inzage Testbewoner Volledig", birth_date=date(1980, 5, 17), address=ADDRESS, postcode="1100 ZZ",
            phone=PHONE, languages="Nederlands, Papiaments", has_partner=False, children_birth_years=[2015],
            adults_27plus=1, landlord="ymere", bewind_kind="beschermingsbewind", bewind_by=BEWIND_BY,
            bewind_since=date(2022, 3, 1), referral_source="buren",
        ), expected_version=res.version, by_user_id=people.coach_a)  # fmt: skip
        debt = db.scalars(select(Debt).where(Debt.case_id == cid).order_by(Debt.id)).first()
        change_status(db, case, debt, DebtStatus.BETALINGSREGELING, on=on, by_user_id=people.coach_a, today=on)
        from schoonschip.cases.letters.rules import AnswerKind, LetterKind
        from schoonschip.cases.letters.service import generate_letter, record_answer

        letter = generate_letter(db, case, debt, LetterKind.SALDO_OPGAVE, on=on, free_text=LETTER_TEXT,
                                 by_user_id=people.coach_a, today=on)  # fmt: skip
        record_answer(db, case, letter, AnswerKind.SALDO_ONTVANGEN, on=on, note=LETTER_NOTE, by_user_id=people.coach_a, today=on)
        version = current_version(db, cid)
        record_official(db, case, version, OfficialData(Money(1_234_00), on, OFFICIAL_BY), user_id=people.coach_a)
        snap = CapacitySnapshot(case_id=cid, budget_version_id=version.id, peildatum=version.peildatum,
                                normset_code="2025-07", normset_valid_from=date(2025, 7, 1), purpose="vastgelegd",
                                saved_by_id=people.coach_a)  # fmt: skip
        snap.figures = {"vtlb": 123456, "capacity": 4321}
        db.add(snap)
        m = create_mediation(db, case, MediationInput(landlord=Landlord.YMERE, started_on=on - timedelta(days=20),
                                                      arrears=Money(1_500_00), contract_number=CONTRACT),
                             by_user_id=people.coach_a, today=on)  # fmt: skip
        mediation_stage(db, case, m, MediationStage.AANBOD_HULP, on=on - timedelta(days=10), event_on=None,
                        by_user_id=people.coach_a, today=on)  # fmt: skip
        make_arrangement(db, case, m, ArrangementInput(Money(77_00), on + timedelta(days=5), 6, on - timedelta(days=1)),
                         by_user_id=people.coach_a)  # fmt: skip
        add_crisis(db, case, CrisisKind.AFSLUITING_WATER, since=on - timedelta(days=2), by_user_id=people.coach_a, today=on)
        ensure_receiving_orgs(db)
        from schoonschip.cases.handover.receivers import default_org

        mark_ready(db, case, route="minnelijk", org_id=default_org(db).id, on=on, reason=OVERRIDE,
                   by_user_id=people.coach_a, today=on)  # fmt: skip
        from schoonschip.cases.tasks.service import add_task

        add_task(db, case, due_on=on + timedelta(days=3), text="Inzage taak: saldo-opgave opvragen", by_user_id=people.coach_a, today=on)
        from schoonschip.cases.documents.rules import Link, LinkKind
        from schoonschip.cases.documents.service import upload_document
        from tests.integration.documents_support import pdf

        upload_document(db, case, filename="Inzage loonstrook.pdf", data=pdf(), link=Link(LinkKind.VOORLEGGER, voorlegger_code="inkomstenspecificatie"),
                        by_user_id=people.coach_a)  # fmt: skip
        share(db, case, people.coach_a2)
        other = make_user(db, "coach.buurman", _coach_role(), people.loc_a)
        declare_conflict(db, case, other.id)
    return cid


def _coach_role():  # type: ignore[no-untyped-def]
    from schoonschip.auth.models import Role

    return Role.COACH


def test_inzage_shows_every_kind_of_data(app, people, make_web, full_case) -> None:  # type: ignore[no-untyped-def]
    from schoonschip.cases.casefile.models import Case
    from schoonschip.privacy import inzage

    # Every section of the registry has at least one record for this case.
    with app.app_context():
        db = new_session()
        try:
            data = inzage.build(db, db.get(Case, full_case), clock.today())
            empty = [s.key for s in data.sections if not s.records]
            assert data.summary, "the current capacity is missing"
        finally:
            db.close()
    assert not empty, f"the synthetic case should fill every part; empty: {empty}"

    coach = make_web()
    coach.login("coach.a")
    assert coach.get(f"/dossiers/{full_case}").status_code == 200  # in the access log below
    web = make_web()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    resp = web.get(f"/dossiers/{full_case}/inzage")
    assert resp.status_code == 200
    page = text_of(resp)
    expected = {
        "title": "Inzage in uw gegevens",
        "name": "Inzage Testbewoner Volledig",
        "address": ADDRESS,
        "phone": PHONE,
        "household": "Andere volwassene in huis",
        "child birth year": "2015",
        "landlord": "Ymere",
        "bewind": BEWIND_BY,
        "bewind kind": "Beschermingsbewind",
        "referral": "Via buren of bekenden",
        "consent": "Gegevens delen met MaDi (schuldhulpverlening)",
        "contact note": CONTACT_NOTE,
        "story": STORY_ORIGIN,
        "story now": STORY_EFFORT,
        "creditor": "Eigen Haard",
        "debt reference": "EH-TEST-1",
        "debt amount": "€ 1.234,56",
        "debt status change": "Betalingsregeling",
        "letter": "Saldo-opgave vragen (informatieverzoek)",
        "letter free text": LETTER_TEXT,
        "letter answer": "Saldo-opgave ontvangen",
        "letter note": LETTER_NOTE,
        "creditor stance": "Saldoverzoek",
        "letter in the access log": "Brief aan een schuldeiser gemaakt",
        "budget label": "Demo werkgever",
        "income amount": "€ 2.100,00",
        "official vtlb": OFFICIAL_BY,
        "capacity now": "Afloscapaciteit (indicatief), per maand",
        "snapshot": "VTLB, per maand: € 1.234,56",
        "mediation contract": CONTRACT,
        "arrears": "€ 1.500,00",
        "instalment amount": "€ 77,00",
        "instalment status": "Nog niet betaald",
        "crisis": "Afsluiting",
        "readiness answer": "Identiteitsbewijs: Ja (",
        "readiness document": "Ontvangen",
        "handover reason": OVERRIDE,
        "handover event": "Klaar voor overdracht gemeld",
        "stage history": "C. Aanpak",
        "share": "Coach A2",
        "conflict": "Medewerkers die het dossier niet mogen zien",
        "access log": "Wie heeft uw dossier bekeken of veranderd",
        "access who": "Coach A",
        "access role": "Schuldhulpcoach",
        "access action": "Dossier bekeken",
        "access by the program": "Schuld toegevoegd",
        "this very inzage": "Inzage afgedrukt voor de bewoner",
        "document": "Inzage loonstrook.pdf",
    }
    missing = {k: v for k, v in expected.items() if v not in page}
    assert not missing, f"not on the inzage page: {missing}"
    # The conflict is counted, the colleague is not named; audit details are never shown.
    assert "Coach Buurman" not in page
    assert "user:" not in page
    # No navigation of the app on the print layout.
    body = resp.get_data(as_text=True)
    assert 'class="doc-bar no-print"' in body and "site-header" not in body


def test_inzage_english(app, people, make_web, full_case) -> None:  # type: ignore[no-untyped-def]
    web = make_web()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    with web.client.session_transaction() as s:
        s["lang"] = "en"
    page = text_of(web.get(f"/dossiers/{full_case}/inzage"))
    assert "Access to your data" in page, page[:300]
    assert "Inzage in uw gegevens" not in page


# ------------------------------------------------------------------ who may open it
def test_only_a_coordinator_of_the_location_gets_it(app, people, make_web, full_case) -> None:  # type: ignore[no-untyped-def]
    from schoonschip.auth.models import Role

    with app.app_context(), write_transaction() as db:
        make_user(db, "coordinator.b", Role.COORDINATOR, people.loc_b, totp=True)
    url = f"/dossiers/{full_case}/inzage"
    for username in ("coach.a", "coach.a2", "coach.b", "coordinator.b", "beheerder.x", "rapportage.x"):
        web = make_web()
        web.login(username, totp_secret=TOTP_SECRET)
        for u in (url, url + ".pdf"):
            assert web.get(u).status_code == 404, (username, u)
    anon = make_web()
    assert anon.get(url).status_code == 302 and "/login" in anon.get(url).headers["Location"]
    # The case's own coach sees no link to it; the coordinator does.
    coach = make_web()
    coach.login("coach.a")
    assert "inzage-link" not in coach.get(f"/dossiers/{full_case}").get_data(as_text=True)
    coord = make_web()
    coord.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert f'href="/dossiers/{full_case}/inzage"' in coord.get(f"/dossiers/{full_case}").get_data(as_text=True)
    # The refusals are audited as refusals.
    with app.app_context():
        db = new_session()
        try:
            from schoonschip.audit import AuditEvent

            refused = db.scalars(select(AuditEvent).where(AuditEvent.action == "case_refused",
                                                          AuditEvent.object_id == str(full_case))).all()  # fmt: skip
            assert {e.detail for e in refused} >= {"case_inzage", "case_inzage_pdf"}
        finally:
            db.close()


# ------------------------------------------------------------------ audit
def test_opening_and_pdf_are_audited_without_personal_data(app, people, make_web, full_case) -> None:  # type: ignore[no-untyped-def]
    from schoonschip.audit import AuditEvent, verify

    web = make_web()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    assert web.get(f"/dossiers/{full_case}/inzage").status_code == 200
    resp = web.get(f"/dossiers/{full_case}/inzage.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF")
    assert "inzage-" in resp.headers["Content-Disposition"]
    with app.app_context():
        db = new_session()
        try:
            events = db.scalars(select(AuditEvent).where(AuditEvent.action.in_(["case_inzage", "case_inzage_pdf"]))).all()
            assert [e.action for e in events] == ["case_inzage", "case_inzage_pdf"]
            for e in events:
                assert e.actor_id == people.coordinator_a
                assert e.object_id == str(full_case) and e.location_id == people.loc_a and e.outcome == "ok"
                assert e.detail is None
            assert verify(db).ok
        finally:
            db.close()
    # The next inzage lists the earlier one in the access log, by name and role.
    page = text_of(web.get(f"/dossiers/{full_case}/inzage"))
    log = page[page.index("Wie heeft uw dossier bekeken of veranderd"):]
    assert "Inzage gedownload als pdf voor de bewoner" in log
    assert "Coordinator A" in log and "Coördinator" in log


# ------------------------------------------------------------------ values in plain words
def test_stored_values_are_shown_in_plain_words() -> None:
    from schoonschip.cases.handover.rules import DOCUMENT_STATUS_LABELS_NL
    from schoonschip.privacy import inzage_values as inzage

    shown = inzage.structured_value({"vtlb": 123456, "zero_offer": False, "resident_age_band": "aow",
                                     "on": "2026-03-01", "mystery_key": "x", "car": "ja"})  # fmt: skip
    lines = [(label.text, label.translate, value.text) for label, value in shown.lines]
    assert lines == [
        ("VTLB, per maand", True, "€ 1.234,56"),  # cents shown as euros
        ("Nulaanbod", True, "Nee"),
        ("Leeftijdsgroep bewoner", True, "AOW-leeftijd"),
        ("Datum", True, "01-03-2026"),
        ("mystery_key", False, "x"),  # an unknown key is still shown, as stored
        ("Auto", True, "Ja"),
    ]
    assert inzage.structured_value(None).text == "–" and inzage.structured_value("{not json").text == "{not json"
    fmt = inzage.answers({"legitimatie": "Legitimatie"}, DOCUMENT_STATUS_LABELS_NL)
    out = fmt('{"legitimatie": ["ontvangen", "2026-02-03"], "onbekend": ["raar", null]}', inzage.Lookups())
    assert [(a.text, b.text, b.suffix) for a, b in out.lines] == [
        ("Legitimatie", "Ontvangen", " (03-02-2026)"),
        ("onbekend", "raar", ""),
    ]
    assert inzage.coded({"x": "Iks"})("y", inzage.Lookups()).text == "y"  # unknown code: as stored


# ------------------------------------------------------------------ a busy access log
def test_repeated_identical_lines_are_counted_not_repeated(app, people, make_web, full_case) -> None:  # type: ignore[no-untyped-def]
    """Every page of a case writes a "viewed" event, so a visit is many identical lines (same
    minute, person, role, action). They show as one line with a count (issue 16: a busy
    case's PDF took seconds); different people or actions stay separate lines."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.privacy import inzage

    coach = make_web()
    coach.login("coach.a")
    for _ in range(7):
        assert coach.get(f"/dossiers/{full_case}").status_code == 200
    coach2 = make_web()
    coach2.login("coach.a2")
    assert coach2.get(f"/dossiers/{full_case}").status_code == 200
    with app.app_context():
        db = new_session()
        try:
            log = inzage.access_log(db, db.get(Case, full_case))
        finally:
            db.close()
    views = [line for line in log if line.action.text == "Dossier bekeken"]
    by_a = [line for line in views if line.who == "Coach A"]
    # Within one minute the seven views are one line (a minute boundary may split them in two).
    assert sum(line.times for line in by_a) >= 7 and len(by_a) <= 2
    assert any(line.times >= 4 for line in by_a)
    assert [line.who for line in views][-1] == "Coach A2" and views[-1].times == 1
    # No two neighbouring lines are the same line.
    for before, after in zip(log, log[1:], strict=False):
        assert (before.at, before.who, before.roles, before.action, before.refused) != (
            after.at, after.who, after.roles, after.action, after.refused)  # fmt: skip
    web = make_web()
    web.login("coordinator.a", totp_secret=TOTP_SECRET)
    page = text_of(web.get(f"/dossiers/{full_case}/inzage"))
    assert "keer)" in page[page.index("Wie heeft uw dossier bekeken of veranderd"):]
