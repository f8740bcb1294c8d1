"""Letters to creditors: templates (versioned, edited by the beheerder), making a letter for a
debt (its fields, the filled-in text, the creditor's stance), the creditor's answer, and the
unanswered letters for the worklist.

Reads other areas through their services only: the debt ledger (``get_debt``, ``debt_facts``,
``creditor_label``, ``set_creditor_stance``), the case file (``resident_of``,
``household_facts``) and the budget (``current_version``, ``capacity_for``, ``offer_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.auth.models import Location, User
from schoonschip.cases.casefile.models import Case
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.debts.rules import legally_owed, total
from schoonschip.cases.debts.service import (
    creditor_label,
    creditor_stance_of,
    debt_facts,
    set_creditor_stance,
)
from schoonschip.cases.letters.models import Letter, LetterTemplate
from schoonschip.cases.letters.rules import (
    ANSWER_WITHIN_DAYS,
    ANSWERS_BY_KIND,
    TERM_MONTHS,
    AnswerKind,
    LetterKind,
    MonthlyPlan,
    answer_dates_saldo,
    example_fields,
    free_text_problem,
    long_date,
    monthly_text,
    plan_for_share,
    stance_after_answer,
    stance_after_letter,
)
from schoonschip.cases.letters.sandbox import TemplateProblem, render_text
from schoonschip.cases.letters.texts import DEFAULT_TEXTS, SUBJECTS
from schoonschip.dates import IN_FUTURE
from schoonschip.i18n import N_, Msg
from schoonschip.money import Money, format_decimal_nl, format_eur

ORGANISATION = "Schoon Schip"


class LetterRefused(ValueError):
    """This letter cannot be made or this answer not recorded; Dutch message, safe to show.
    ``field``: the form field it belongs next to (None: the whole form)."""

    def __init__(self, message: Msg, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# ====================================================================== templates
@dataclass(frozen=True)
class TemplateText:
    kind: LetterKind
    version: int
    body: str
    stored: bool  # False: the built-in default (nothing stored yet)


def current_template(db: Session, kind: LetterKind) -> TemplateText:
    """The text in use for ``kind``: the highest stored version, else the built-in default
    (version 1, stored together with version 2 when a beheerder first saves an edit)."""
    row = db.scalar(
        select(LetterTemplate).where(LetterTemplate.kind == kind.value).order_by(LetterTemplate.version.desc()).limit(1)
    )
    if row is None:
        return TemplateText(kind, 1, DEFAULT_TEXTS[kind], stored=False)
    return TemplateText(kind, row.version, row.body, stored=True)


def template_history(db: Session, kind: LetterKind) -> list[LetterTemplate]:
    return list(
        db.scalars(select(LetterTemplate).where(LetterTemplate.kind == kind.value).order_by(LetterTemplate.version.desc()))
    )


def preview(body: str) -> str:
    """The template filled in with the synthetic example fields; raises TemplateProblem."""
    return render_text(body, example_fields())


def save_template(db: Session, kind: LetterKind, body: str, *, expected_version: int, by_user_id: int | None) -> TemplateText:
    """Store ``body`` as the next version of ``kind``'s text. Refused (TemplateProblem) when it
    cannot be used; StaleTemplate when someone saved another version since the form was opened."""
    body = body.replace("\r\n", "\n")
    preview(body)  # checks it and fills it in once with the example fields
    current = current_template(db, kind)
    if current.version != expected_version:
        raise StaleTemplate(N_("Iemand anders heeft deze brieftekst net opgeslagen. Er is niets opgeslagen."))
    if not current.stored:  # keep the default as version 1, so the history is complete
        db.add(LetterTemplate(kind=kind.value, version=1, body=current.body, created_by_user_id=None))
    if body == current.body:
        raise TemplateProblem(N_("De tekst is niet veranderd."))
    db.add(LetterTemplate(kind=kind.value, version=current.version + 1, body=body, created_by_user_id=by_user_id))
    db.flush()
    audit.record("letter_template_save", object_type="letter_template", object_id=kind.value,
                 detail=f"v{current.version + 1}", session=db)  # fmt: skip
    return current_template(db, kind)


class StaleTemplate(ValueError):
    pass


# ====================================================================== the fields
def _resident(db: Session, case: Case) -> tuple[str, str, str]:
    from schoonschip.cases.casefile.resident import resident_of

    resident = resident_of(db, case.id)
    name = (resident.full_name if resident is not None else None) or case.alias or ""
    address = (resident.address if resident is not None else None) or ""
    postcode = (resident.postcode if resident is not None else None) or ""
    return name, address, postcode


def address_missing(db: Session, case: Case) -> bool:
    """The resident's address is not in the case file: the letter would have no address to answer to."""
    _name, address, postcode = _resident(db, case)
    return not (address and postcode)


@dataclass(frozen=True)
class OfferLine:
    """The offer for one creditor: what it gets over the term, per month, and the percentage."""

    share: Money
    percentage: Decimal
    plan: MonthlyPlan
    debt_amount: Money


def offer_line_for_debt(db: Session, case: Case, debt: Debt) -> OfferLine | None:
    """This debt's part of the case's offer (the budget's 18-month offer over the open debts,
    :func:`schoonschip.budget.rules.offer.calculate_offer`), or None when there is no offer
    (no budget, no capacity computed) or the debt is outside the regeling."""
    from schoonschip.budget import service as budget_service
    from schoonschip.cases.casefile.resident import household_facts
    from schoonschip.cases.debts.service import open_debts_for_offer

    version = budget_service.current_version(db, case.id)
    if version is None:
        return None
    cap = budget_service.capacity_for(db, version, case_facts=household_facts(case))
    offer = budget_service.offer_for(version, cap, open_debts_for_offer(db, case))
    if offer.result is None:
        return None
    for share in offer.result.shares:
        if share.key == str(debt.id):
            return OfferLine(share.share, share.percentage, plan_for_share(share.share, offer.result.term_months), share.debt)
    return None


def unavailable_kinds(db: Session, case: Case, debt: Debt) -> dict[LetterKind, Msg]:
    """The kinds of letter that do not fit this debt now, with the reason (Dutch): an objection
    needs incassokosten above the legal maximum, an offer letter needs the case's offer."""
    out: dict[LetterKind, Msg] = {}
    if not legally_owed(debt_facts(debt)).corrected:
        out[LetterKind.BEZWAAR_INCASSOKOSTEN] = N_("De incassokosten van deze schuld zijn niet hoger dan de wet toestaat (of nog niet ingevuld).")
    if offer_line_for_debt(db, case, debt) is None:
        out[LetterKind.AANBOD] = N_("Er is nog geen aanbod: maak eerst het budget en bereken de afloscapaciteit.")
    return out


def _creditor_name(debt: Debt) -> str:
    if debt.creditor is not None:
        return debt.creditor.name
    return creditor_label(debt)


def _percent(p: Decimal) -> str:
    return f"{format_decimal_nl(p, 2)} %"


def letter_fields(
    db: Session, case: Case, debt: Debt, kind: LetterKind, *, on: date, by_user_id: int | None,
    organisation: str = ORGANISATION,
) -> dict[str, str]:
    """The whitelisted fields of a letter of ``kind`` for ``debt`` (all text, formatted).
    Raises LetterRefused when this kind of letter does not fit the debt."""  # fmt: skip
    facts = debt_facts(debt)
    name, address, postcode = _resident(db, case)
    user = db.get(User, by_user_id) if by_user_id is not None else None
    location = db.get(Location, case.location_id)
    fields: dict[str, str] = {
        "bewoner_naam": name,
        "bewoner_adres": address,
        "bewoner_postcode": postcode,
        "schuldeiser": _creditor_name(debt),
        "kenmerk": debt.creditor_reference or debt.collector_reference or "",
        "incassant": debt.collector_name or "",
        "bedrag_totaal": format_eur(total(facts)),
        "hoofdsom": format_eur(facts.hoofdsom, blank=""),
        "incassokosten": format_eur(facts.incassokosten, blank=""),
        "looptijd_maanden": str(TERM_MONTHS),
        "datum": long_date(on),
        "antwoord_voor": long_date(on + timedelta(days=ANSWER_WITHIN_DAYS)),
        "coach_naam": user.display_name if user is not None else "",
        "locatie": location.name if location is not None else "",
        "organisatie": organisation,
    }
    if kind is LetterKind.BEZWAAR_INCASSOKOSTEN:
        owed = legally_owed(facts)
        if not owed.corrected or owed.incassokosten_allowed is None or owed.incassokosten_claimed is None:
            raise LetterRefused(
                N_(
                    "Een bezwaar tegen de incassokosten kan alleen als ze hoger zijn dan de wet toestaat. "
                    "Vul de hoofdsom en de incassokosten van deze schuld in; de controle staat bij de schuld."
                ),
                "kind",
            )
        fields["incassokosten"] = format_eur(owed.incassokosten_claimed)
        fields["incassokosten_max"] = format_eur(owed.incassokosten_allowed)
        fields["incassokosten_teveel"] = format_eur(owed.incassokosten_claimed - owed.incassokosten_allowed)
    if kind is LetterKind.AANBOD:
        line = offer_line_for_debt(db, case, debt)
        if line is None:
            raise LetterRefused(
                N_(
                    "Er is nog geen aanbod voor deze schuld. Maak eerst het budget en bereken de afloscapaciteit "
                    "(tab Budget); een schuld buiten de regeling krijgt geen aanbod."
                ),
                "kind",
            )
        fields["aanbod_per_maand"] = monthly_text(line.plan)
        fields["aanbod_totaal"] = format_eur(line.share)
        fields["aanbod_percentage"] = _percent(line.percentage)
    return fields


# ======================================================================= letters
def generate_letter(
    db: Session, case: Case, debt: Debt, kind: LetterKind, *, on: date, free_text: str | None,
    by_user_id: int | None, today: date, organisation: str = ORGANISATION,
) -> Letter:
    """Make a letter of ``kind`` for ``debt``, dated ``on``: fill in the current template, keep
    the letter as made (sealed), move the creditor's stance and audit it."""  # fmt: skip
    if debt.case_id != case.id:
        raise ValueError("debt of another case")
    if on > today:
        raise LetterRefused(IN_FUTURE, "on")
    free_text = (free_text or "").replace("\r\n", "\n").strip() or None
    if free_text is not None:
        problem = free_text_problem(free_text)
        if problem is not None:
            raise LetterRefused(problem, "free_text")
    fields = letter_fields(db, case, debt, kind, on=on, by_user_id=by_user_id, organisation=organisation)
    template = current_template(db, kind)
    try:
        body = render_text(template.body, fields)
    except TemplateProblem:
        raise LetterRefused(
            N_("De brieftekst voor deze soort brief werkt niet. Vraag de beheerder om hem na te kijken.")
        ) from None
    before = creditor_stance_of(debt)
    after = stance_after_letter(before, kind)
    letter = Letter(
        case_id=case.id, debt_id=debt.id, kind=kind.value, sent_on=on, template_version=template.version,
        by_user_id=by_user_id, stance_before=before.value if before else None, stance_after=after.value if after else None,
    )  # fmt: skip
    letter.content = {"fields": fields, "body": body, "subject": SUBJECTS[kind]}
    letter.free_text = free_text
    db.add(letter)
    set_creditor_stance(db, case, debt, after)
    db.flush()
    audit.record_case("letter_generate", case, detail=f"{kind.value} letter:{letter.id}", session=db)
    return letter


def letters_of_debt(db: Session, case: Case, debt: Debt) -> list[Letter]:
    return list(
        db.scalars(
            select(Letter).where(Letter.case_id == case.id, Letter.debt_id == debt.id).order_by(Letter.sent_on.desc(), Letter.id.desc())
        )
    )


def get_letter(db: Session, case: Case, letter_id: int) -> Letter | None:
    """A letter of this case, or None (never a letter of another case)."""
    return db.scalar(select(Letter).where(Letter.id == letter_id, Letter.case_id == case.id))


def debt_of_letter(db: Session, case: Case, letter: Letter) -> Debt | None:
    from schoonschip.cases.debts.service import get_debt

    return get_debt(db, case, letter.debt_id)


def record_answer(
    db: Session, case: Case, letter: Letter, answer: AnswerKind, *, on: date, note: str | None,
    by_user_id: int | None, today: date,
) -> Letter:
    """The creditor's answer to ``letter``: kind, date, an optional sealed note; moves the
    stance (and dates the saldo for a saldo-opgave received)."""  # fmt: skip
    kind = LetterKind(letter.kind)
    if answer not in ANSWERS_BY_KIND[kind]:
        raise LetterRefused(N_("Kies een antwoord dat bij deze brief past."), "answer")
    if on > today:
        raise LetterRefused(IN_FUTURE, "on")
    if on < letter.sent_on:
        raise LetterRefused(N_("Het antwoord kan niet eerder zijn dan de brief (%(d)s).", d=letter.sent_on.strftime("%d-%m-%Y")), "on")
    if letter.answer_kind is not None:
        raise LetterRefused(N_("Op deze brief is al een antwoord opgeslagen."))
    note = (note or "").replace("\r\n", "\n").strip() or None
    if note is not None:
        problem = free_text_problem(note)
        if problem is not None:
            raise LetterRefused(problem, "note")
    debt = debt_of_letter(db, case, letter)
    if debt is None:
        raise LetterRefused(N_("De schuld van deze brief bestaat niet meer."))
    letter.answer_kind = answer.value
    letter.answer_on = on
    letter.answer_note = note
    letter.answer_by_user_id = by_user_id
    after = stance_after_answer(creditor_stance_of(debt), kind, answer)
    set_creditor_stance(db, case, debt, after, saldo_confirmed_on=on if answer_dates_saldo(kind, answer) else None)
    db.flush()
    audit.record_case("letter_answer", case, detail=f"{answer.value} letter:{letter.id}", session=db)
    return letter


# ======================================================================= worklist
@dataclass(frozen=True)
class WaitingLetter:
    case_id: int
    debt_id: int
    kind: LetterKind
    sent_on: date
    creditor: str


def unanswered_letters(db: Session, cases: Any) -> list[WaitingLetter]:
    """The latest letter of each kind per debt that has no answer yet, for the cases matching
    the condition ``cases`` (on :class:`Case`), oldest first. Opens only the creditor name of a
    debt whose creditor is not in the register (the caller preloaded the case keys)."""
    latest = (
        select(Letter.debt_id, Letter.kind, func.max(Letter.id).label("last_id"))
        .join(Case, Case.id == Letter.case_id)
        .where(cases)
        .group_by(Letter.debt_id, Letter.kind)
        .subquery()
    )
    rows = db.scalars(
        select(Letter).join(latest, Letter.id == latest.c.last_id).where(Letter.answer_kind.is_(None)).order_by(Letter.sent_on, Letter.id)
    ).all()
    if not rows:
        return []
    debts = {d.id: d for d in db.scalars(select(Debt).where(Debt.id.in_({r.debt_id for r in rows})))}
    out = []
    for r in rows:
        debt = debts.get(r.debt_id)
        if debt is None:
            continue
        out.append(WaitingLetter(r.case_id, r.debt_id, LetterKind(r.kind), r.sent_on, creditor_label(debt)))
    return out


def stance_label(debt: Debt) -> str:
    stance = creditor_stance_of(debt)
    return stance.label if stance is not None else N_("Nog niets gestuurd")
