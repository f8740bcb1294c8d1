"""The worklist's rules: what becomes an item, its deadline, and the order. Pure: no Flask,
no SQLAlchemy.

Deadlines (the date by which the coach should have acted):

* **crisis**: the third working day after the crisis became known (rules.md §1.4, the
  working days of :mod:`schoonschip.cases.mediation.rules`);
* **missed instalment**: its due date (it is late already); **next instalment**: its due date;
* **priority debt** (rent, energy, water, health insurance) at a **14-dagenbrief**: 14 days
  after the letter (art. 6:96 lid 6 BW: the term of the letter); at a deurwaarder,
  dagvaarding or vonnis: the day it got there (act now);
* **consent**: we ask consent again after :data:`CONSENT_RENEW_MONTHS` months (house rule:
  consent is freely given for a purpose and a resident's situation changes; the AVG sets no
  term); it shows up :data:`CONSENT_NOTICE_DAYS` days before;
* **no contact**: :data:`NO_CONTACT_DAYS` (4 weeks) after the last contact moment (or the
  opening of the case, when there was none);
* **waiting for an answer**: a handover sent to an organisation: :data:`ANSWER_DAYS` after
  sending (ask them); an offer of help in a rent mediation: :data:`OFFER_DAYS` after it was made;
* **a letter to a creditor without an answer** (saldo-opgave, pauzeknop, bezwaar, aanbod):
  :data:`LETTER_ANSWER_DAYS` after the letter (house rule: the letter asks for an answer within
  two weeks; after that the coach calls or writes again); the line appears from that day on;
* **returned handover**: the day it came back;
* **task**: its own due date.

Order: earliest deadline first; on the same day a crisis before a missed instalment before
the rest (:data:`KIND_ORDER`), then the case reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from schoonschip.cases.casefile.rules import add_years_months
from schoonschip.cases.mediation.rules import crisis_deadline, working_days_left
from schoonschip.i18n import N_

__all__ = [
    "ItemKind",
    "KIND_ORDER",
    "KIND_LABELS_NL",
    "Urgency",
    "Item",
    "CONSENT_RENEW_MONTHS",
    "CONSENT_NOTICE_DAYS",
    "NO_CONTACT_DAYS",
    "ANSWER_DAYS",
    "OFFER_DAYS",
    "LETTER_ANSWER_DAYS",
    "letter_due_on",
    "letter_needs_follow_up",
    "FOURTEEN_DAY_LETTER_DAYS",
    "crisis_item_deadline",
    "debt_deadline",
    "consent_renewal_on",
    "consent_needs_renewal",
    "contact_due_on",
    "needs_contact",
    "answer_due_on",
    "offer_due_on",
    "urgency",
    "sort_items",
]

CONSENT_RENEW_MONTHS = 12
CONSENT_NOTICE_DAYS = 30
NO_CONTACT_DAYS = 28
ANSWER_DAYS = 28
OFFER_DAYS = 14
#: House rule: a letter to a creditor that has no answer after this many days is followed up.
LETTER_ANSWER_DAYS = 14
FOURTEEN_DAY_LETTER_DAYS = 14


class ItemKind(StrEnum):
    CRISIS = "crisis"
    TERMIJN_GEMIST = "termijn_gemist"
    OVERDRACHT_WACHT = "overdracht_wacht"  # coordinator: marked ready, to check
    OVERDRACHT_TERUG = "overdracht_terug"
    PRIORITEIT = "prioriteit"
    TAAK = "taak"
    TERMIJN = "termijn"
    ANTWOORD = "antwoord"
    TOESTEMMING = "toestemming"
    GEEN_CONTACT = "geen_contact"


KIND_ORDER = {kind: i for i, kind in enumerate(ItemKind)}

KIND_LABELS_NL = {
    ItemKind.CRISIS: N_("Crisis"),
    ItemKind.TERMIJN_GEMIST: N_("Termijn gemist"),
    ItemKind.OVERDRACHT_WACHT: N_("Overdracht wacht op controle"),
    ItemKind.OVERDRACHT_TERUG: N_("Overdracht teruggestuurd"),
    ItemKind.PRIORITEIT: N_("Vaste lasten: schuld loopt op"),
    ItemKind.TAAK: N_("Taak"),
    ItemKind.TERMIJN: N_("Volgende termijn"),
    ItemKind.ANTWOORD: N_("Wacht op antwoord"),
    ItemKind.TOESTEMMING: N_("Toestemming opnieuw vragen"),
    ItemKind.GEEN_CONTACT: N_("Al 4 weken geen contact"),
}


class Urgency(StrEnum):
    LATE = "te_laat"
    TODAY = "vandaag"
    SOON = "binnenkort"  # within a week
    LATER = "later"


@dataclass(frozen=True)
class Item:
    """One line of the worklist. ``text`` is shown as it is (already in the user's words,
    never personal data from outside the case); ``endpoint`` is where the coach fixes it
    (an endpoint taking ``case_id``), ``anchor`` a part of that page."""

    kind: ItemKind
    case_id: int
    reference: str
    deadline: date
    text: str = ""
    endpoint: str = "cases.show"
    anchor: str = ""
    task_id: int | None = None


def crisis_item_deadline(since: date) -> date:
    return crisis_deadline(since)


def debt_deadline(status: str, since: date) -> date:
    """A 14-dagenbrief: 14 days after the letter; a later stage: the day it got there."""
    if status == "veertiendagenbrief":
        return since + timedelta(days=FOURTEEN_DAY_LETTER_DAYS)
    return since


def consent_renewal_on(given_on: date) -> date:
    return add_years_months(given_on, 0, CONSENT_RENEW_MONTHS)


def consent_needs_renewal(given_on: date, today: date) -> bool:
    return consent_renewal_on(given_on) - timedelta(days=CONSENT_NOTICE_DAYS) <= today


def contact_due_on(last_contact: date | None, opened_on: date) -> date:
    return (last_contact or opened_on) + timedelta(days=NO_CONTACT_DAYS)


def needs_contact(last_contact: date | None, opened_on: date, today: date) -> bool:
    """Four weeks or more without contact (counted from the opening when there was none)."""
    return contact_due_on(last_contact, opened_on) <= today


def answer_due_on(sent_on: date) -> date:
    return sent_on + timedelta(days=ANSWER_DAYS)


def offer_due_on(offered_on: date) -> date:
    return offered_on + timedelta(days=OFFER_DAYS)


def letter_due_on(sent_on: date) -> date:
    return sent_on + timedelta(days=LETTER_ANSWER_DAYS)


def letter_needs_follow_up(sent_on: date, today: date) -> bool:
    """A letter without an answer shows on the worklist from :data:`LETTER_ANSWER_DAYS` after it was sent."""
    return letter_due_on(sent_on) <= today


def urgency(deadline: date, today: date) -> Urgency:
    if deadline < today:
        return Urgency.LATE
    if deadline == today:
        return Urgency.TODAY
    if deadline <= today + timedelta(days=7):
        return Urgency.SOON
    return Urgency.LATER


def crisis_days_left(deadline: date, today: date) -> int:
    """Working days left until a crisis deadline (negative: late)."""
    return working_days_left(today, deadline)


def sort_items(items: Iterable[Item]) -> list[Item]:
    """Earliest deadline first; same day: by kind (crisis first), then reference, then task id."""
    return sorted(items, key=lambda i: (i.deadline, KIND_ORDER[i.kind], i.reference, i.task_id or 0))


# ------------------------------------------------------------------ stages follow the work
@dataclass(frozen=True)
class StageFacts:
    """What the case file holds already (the steps of DESIGN §1)."""

    story_or_contact: bool  # step A: the story is written down, or there was a meeting
    debts: bool  # step B: debts entered ...
    budget: bool  # ... or income and expenses
    plan: bool  # step C: a rent mediation, or a saved repayment capacity / offer


# The working stages a proposal may move between, in order (stage values of the case file).
_PROPOSABLE = ("aanmelding", "a_verhaal", "b_inzicht", "c_aanpak")


def proposed_stage(current: str, facts: StageFacts) -> str | None:
    """The furthest working stage the facts show the case has reached, when that is past the
    current stage; None otherwise. Never a handover stage (a coordinator checks those) and
    never backwards: a case in "klaar voor overdracht" or later, or closed, gets nothing."""
    if current not in _PROPOSABLE:
        return None
    reached = "aanmelding"
    if facts.story_or_contact:
        reached = "a_verhaal"
    if facts.debts or facts.budget:
        reached = "b_inzicht"
    if facts.plan:
        reached = "c_aanpak"
    return reached if _PROPOSABLE.index(reached) > _PROPOSABLE.index(current) else None
