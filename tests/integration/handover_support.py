"""Helpers for the readiness and handover tests: a case filled in through the app's own
services (synthetic people only), and the page text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from schoonschip import clock
from schoonschip.budget.forms import ItemData
from schoonschip.budget.service import add_entry, create_version
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.casefile.records import ConsentPurpose, record_consent, save_story
from schoonschip.cases.casefile.resident import ResidentInput, save_resident
from schoonschip.cases.casefile.service import change_stage
from schoonschip.cases.debts.models import Creditor
from schoonschip.cases.debts.rules import DebtStatus
from schoonschip.cases.debts.service import DebtInput, create_debt, seed_creditors
from schoonschip.cases.handover.readiness import Facts, save_answers, save_documents
from schoonschip.cases.handover.receivers import DEFAULT_REQUIRED
from schoonschip.cases.handover.rules import ItemKind, item_catalogue
from schoonschip.db import new_session, write_transaction
from schoonschip.money import Money
from tests.factories import open_test_case

STORY_ORIGIN = "Verhaaltekst-Oorsprong: na een verhuizing bleef de eindafrekening liggen."
STORY_EFFORT = "Verhaaltekst-Nu: betaalt de huur weer elke maand op tijd."
DEBT_NOTE = "Notitie-Coach-Prive: bellen na de vakantie."
CONTACT_NOTE = "Contactnotitie-Prive: bewoner was erg moe vandaag."


@dataclass
class DebtSpec:
    creditor: str = "Eigen Haard"
    hoofdsom: int = 1_234_56  # cents: € 1.234,56
    reference: str | None = "EH-TEST-1"
    peildatum: date | None = None
    fraud: bool = False
    cjib_kind: str | None = None
    arisen_days_ago: int = 2000
    garnishment: bool = False
    note: str | None = None
    status: DebtStatus = DebtStatus.INCASSOBUREAU
    saldo_days_ago: int | None = 5  # the latest saldo-opgave (None: never asked)
    incassokosten: int | None = None  # cents


@dataclass
class CaseSpec:
    alias: str = "Demo Klaar Testpersoon"
    stage: str = "c_aanpak"
    partner: bool | None = False
    consent: bool = True
    story: bool = True
    in_resident_overview: bool = False
    debts: list[DebtSpec] = field(default_factory=lambda: [DebtSpec(), DebtSpec("Vattenfall", 50_000, "VF-TEST-2")])
    income: list[tuple[str, str, str]] = field(default_factory=lambda: [("loon", "bewoner", "maand")])
    fixed_costs: bool = True
    alimony_expense: bool = False
    answers: bool = True
    documents: bool = True
    contact_note: bool = False


def today() -> date:
    return clock.today()


def build_case(app, people, spec: CaseSpec | None = None) -> int:  # type: ignore[no-untyped-def]
    """A case at location A of coach_a, filled in as ``spec`` says; by default ready to hand over."""
    spec = spec or CaseSpec()
    cid = open_test_case(app, alias=spec.alias, location_id=people.loc_a, coach_id=people.coach_a)
    on = today()
    with app.app_context(), write_transaction() as db:
        seed_creditors(db)
        case = db.get(Case, cid)
        case.opened_on = on - timedelta(days=60)
        for stage in ("a_verhaal", "b_inzicht", "c_aanpak"):
            change_stage(db, case, stage, people.coach_a, on - timedelta(days=30))
            if stage == spec.stage:
                break
        if spec.partner is not None:
            save_resident(db, case, ResidentInput(full_name=f"{spec.alias} Volledig", has_partner=spec.partner,
                                                  birth_date=date(1980, 5, 17), landlord="ymere"),
                          expected_version=0, by_user_id=people.coach_a)  # fmt: skip
        if spec.story:
            save_story(db, case, how_it_arose=STORY_ORIGIN, doing_now=STORY_EFFORT,
                       in_resident_overview=spec.in_resident_overview, expected_version=0, by_user_id=people.coach_a)  # fmt: skip
        if spec.consent:
            record_consent(db, case, purpose=ConsentPurpose.MADI, given=True, on=on - timedelta(days=3), by_user_id=people.coach_a)
        register = {c.name: c for c in db.scalars(select(Creditor))}
        for d in spec.debts:
            create_debt(db, case, DebtInput(
                creditor_id=register[d.creditor].id, creditor_reference=d.reference, hoofdsom=Money(d.hoofdsom),
                peildatum=d.peildatum or on - timedelta(days=5), fraud=d.fraud, status=d.status,
                arisen_on=on - timedelta(days=d.arisen_days_ago), note=d.note,
                saldo_confirmed_on=on - timedelta(days=d.saldo_days_ago) if d.saldo_days_ago is not None else None,
                incassokosten=Money(d.incassokosten) if d.incassokosten is not None else None,
            ), by_user_id=people.coach_a, today=on)  # fmt: skip
            if d.cjib_kind or d.garnishment:
                from schoonschip.cases.debts.models import Debt

                debt = db.scalars(select(Debt).where(Debt.case_id == cid).order_by(Debt.id.desc())).first()
                debt.cjib_kind = d.cjib_kind
                if d.garnishment:
                    debt.garnishment_kind = "loon"
                    debt.garnishment_amount = Money(10000)
        if spec.income or spec.fixed_costs or spec.alimony_expense:
            version = create_version(db, case, peildatum=on - timedelta(days=2), user_id=None, expected_current_id=None)
            for kind, person, freq in spec.income:
                add_entry(db, case, version, ItemData("inkomen", kind, person, freq, Money(2_100_00), "Demo werkgever"))
            if spec.fixed_costs:
                add_entry(db, case, version, ItemData("uitgave", "huur_servicekosten", "bewoner", "maand", Money(800_00), None))
                add_entry(db, case, version, ItemData("uitgave", "boodschappen", "bewoner", "maand", Money(300_00), None))
            if spec.alimony_expense:
                add_entry(db, case, version, ItemData("uitgave", "alimentatie_betaald", "bewoner", "maand", Money(150_00), None))
        if spec.answers:
            answers = {e.code: ("ja", on) for e in item_catalogue() if e.kind is ItemKind.BLOKKEREND}
            answers["belastingaangiften"] = ("ja", on)
            if not spec.partner:
                answers["inkomen_partner"] = ("nvt", on)
            save_answers(db, case, answers, Facts(car="nee", alimony="nee", on=on), expected_version=0,
                         by_user_id=people.coach_a)  # fmt: skip
        if spec.documents:
            from schoonschip.cases.handover.readiness import state_of

            state = state_of(db, cid)
            # The required documents, and the beschikking that proves a benefit in the budget.
            save_documents(db, case, {c: ("ontvangen", on) for c in (*DEFAULT_REQUIRED, "beschikkingen")},
                           expected_version=state.version if state else 0, by_user_id=people.coach_a)  # fmt: skip
        if spec.contact_note:
            from schoonschip.cases.casefile.records import add_contact

            add_contact(db, case, on=on, kind="afspraak", minutes=30, note=CONTACT_NOTE, by_user_id=people.coach_a)
    return cid


def text_of(resp) -> str:  # type: ignore[no-untyped-def]
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    body = resp.get_data(as_text=True)
    body = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def section(text: str, start: str, end: str | None = None) -> str:
    i = text.index(start)
    j = text.index(end, i) if end else len(text)
    return text[i:j]


def readiness_version(app, case_id: int) -> int:  # type: ignore[no-untyped-def]
    from schoonschip.cases.handover.readiness import state_of

    with app.app_context():
        db = new_session()
        try:
            state = state_of(db, case_id)
            return state.version if state else 0
        finally:
            db.close()


def handover_version(app, case_id: int) -> int:  # type: ignore[no-untyped-def]
    from schoonschip.cases.handover.models import Handover

    with app.app_context():
        db = new_session()
        try:
            h = db.scalars(select(Handover).where(Handover.case_id == case_id).order_by(Handover.id.desc())).first()
            return h.version if h else 0
        finally:
            db.close()


def case_stage(app, case_id: int) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        db = new_session()
        try:
            return db.get(Case, case_id).stage
        finally:
            db.close()


def audit_actions(app, prefix: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with app.app_context():
        db = new_session()
        try:
            return [
                (a, d)
                for a, d in db.execute(
                    text("SELECT action, detail FROM audit_events WHERE action LIKE :p ORDER BY id"), {"p": prefix + "%"}
                )
            ]
        finally:
            db.close()
