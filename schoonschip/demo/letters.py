"""Demo letters to creditors: in a few demo cases the first debt got a saldo-opgave letter three
weeks ago that is still unanswered (so the coach's worklist shows the follow-up line), and in one
case the creditor answered. Only through the letters' own service."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.debts.models import Debt
from schoonschip.cases.letters.models import Letter
from schoonschip.cases.letters.rules import AnswerKind, LetterKind
from schoonschip.cases.letters.service import generate_letter, record_answer

_HOW_MANY = 3


def demo_letters(db: Session, _locs: Mapping[str, Any], _users: Mapping[str, Any], today: date) -> None:
    """DEMO_STEPS: a saldo-opgave letter 21 days ago on the first debt of a few cases in stage
    C (aanpak); the last of them has the creditor's answer. Cases with letters are left alone."""
    cases = db.scalars(
        select(Case).where(Case.stage == Stage.C_AANPAK.value, Case.erased_at.is_(None)).order_by(Case.reference)
    ).all()
    picked = 0
    for case in cases:
        if picked >= _HOW_MANY:
            break
        if db.scalar(select(func.count(Letter.id)).where(Letter.case_id == case.id)):
            picked += 1
            continue
        debt = db.scalars(select(Debt).where(Debt.case_id == case.id, Debt.creditor_id.is_not(None)).order_by(Debt.id)).first()
        if debt is None:
            continue
        sent = today - timedelta(days=21)
        letter = generate_letter(db, case, debt, LetterKind.SALDO_OPGAVE, on=sent, free_text=None,
                                 by_user_id=case.coach_id, today=today)  # fmt: skip
        picked += 1
        if picked == _HOW_MANY:
            record_answer(db, case, letter, AnswerKind.SALDO_ONTVANGEN, on=today - timedelta(days=5),
                          note=None, by_user_id=case.coach_id, today=today)  # fmt: skip
