"""Letters to creditors: the kinds, the fields a letter template may use, how a letter or an
answer moves the creditor's stance, and the monthly amounts of the offer. Pure: no Flask, no
SQLAlchemy, no Jinja (the sandbox that fills a template in is :mod:`.sandbox`).

Domain: ``/work/shared/domain/rules.md`` §1.4 (the 18-month offer, NVVK stabilisatie), §3.2
(buitengerechtelijke incassokosten: the staffel and the Wki cap).

The stance words are those of debt-help messages (:class:`CreditorStance`):

* a **saldo-opgave** letter asks for an overview of the debt: the stance becomes
  ``saldoverzoek`` (unless the creditor already agreed to an offer);
* a **pauzeknop** letter (NVVK stabilisatie: please pause collection while the debts are sorted
  out) tells the creditor debt help has started: ``kennisgeving`` when nothing was sent before;
* a **bezwaar incassokosten** letter objects to costs above the legal scale: no move;
* an **aanbod** letter is the offer: ``betaalvoorstel``, or ``heroverweging`` when the creditor
  refused before (a request to reconsider).

An answer: ``akkoord`` on an offer makes ``akkoord``; a refusal of an offer, a saldo request or
a pause makes ``geen medewerking``; a saldo-opgave received keeps ``saldoverzoek`` (answered:
the next step is the offer) and dates the debt's saldo. A refused objection moves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from schoonschip.cases.debts.rules import CreditorStance
from schoonschip.dates import MONTHS_NL
from schoonschip.i18n import N_, LabelledEnum, Msg
from schoonschip.money import ZERO, Money, format_eur

__all__ = [
    "LetterKind",
    "AnswerKind",
    "ANSWERS_BY_KIND",
    "FIELDS",
    "FIELD_NAMES",
    "TERM_MONTHS",
    "stance_after_letter",
    "stance_after_answer",
    "answer_dates_saldo",
    "monthly_plan",
    "MonthlyPlan",
    "plan_for_share",
    "days_waiting",
    "waiting_text",
    "monthly_text",
    "long_date",
    "ANSWER_WITHIN_DAYS",
    "MAX_FREE_TEXT",
    "free_text_problem",
]


class LetterKind(LabelledEnum):
    SALDO_OPGAVE = "saldo_opgave", N_("Saldo-opgave vragen (informatieverzoek)")
    PAUZEKNOP = "pauzeknop", N_("Pauzeknop: vraag om de incasso te stoppen (stabilisatie)")
    BEZWAAR_INCASSOKOSTEN = "bezwaar_incassokosten", N_("Bezwaar tegen te hoge incassokosten")
    AANBOD = "aanbod", N_("Aanbod: betaalvoorstel voor 18 maanden")

    @property
    def short(self) -> str:
        return _SHORT[self]


_SHORT: dict[LetterKind, str] = {
    LetterKind.SALDO_OPGAVE: N_("saldo-opgave"),
    LetterKind.PAUZEKNOP: N_("pauzeknop"),
    LetterKind.BEZWAAR_INCASSOKOSTEN: N_("bezwaar incassokosten"),
    LetterKind.AANBOD: N_("aanbod"),
}


class AnswerKind(LabelledEnum):
    SALDO_ONTVANGEN = "saldo_ontvangen", N_("Saldo-opgave ontvangen")
    AKKOORD = "akkoord", N_("Akkoord")
    AFGEWEZEN = "afgewezen", N_("Afgewezen, geen medewerking")
    ANDERS = "anders", N_("Ander antwoord")


ANSWERS_BY_KIND: Mapping[LetterKind, tuple[AnswerKind, ...]] = {
    LetterKind.SALDO_OPGAVE: (AnswerKind.SALDO_ONTVANGEN, AnswerKind.AFGEWEZEN, AnswerKind.ANDERS),
    LetterKind.PAUZEKNOP: (AnswerKind.AKKOORD, AnswerKind.AFGEWEZEN, AnswerKind.ANDERS),
    LetterKind.BEZWAAR_INCASSOKOSTEN: (AnswerKind.AKKOORD, AnswerKind.AFGEWEZEN, AnswerKind.ANDERS),
    LetterKind.AANBOD: (AnswerKind.AKKOORD, AnswerKind.AFGEWEZEN, AnswerKind.ANDERS),
}


def stance_after_letter(current: CreditorStance | None, kind: LetterKind) -> CreditorStance | None:
    """The creditor's stance after sending a letter of ``kind`` (module docstring)."""
    if kind is LetterKind.SALDO_OPGAVE:
        return current if current is CreditorStance.AKKOORD else CreditorStance.SALDOVERZOEK
    if kind is LetterKind.PAUZEKNOP:
        return CreditorStance.KENNISGEVING if current is None else current
    if kind is LetterKind.AANBOD:
        if current in (CreditorStance.GEEN_MEDEWERKING, CreditorStance.HEROVERWEGING):
            return CreditorStance.HEROVERWEGING
        return CreditorStance.BETAALVOORSTEL
    return current  # bezwaar incassokosten: the objection does not move the negotiation


def stance_after_answer(current: CreditorStance | None, kind: LetterKind, answer: AnswerKind) -> CreditorStance | None:
    """The creditor's stance after their answer to a letter of ``kind``. An answer that does not
    fit the letter (:data:`ANSWERS_BY_KIND`) is a programming error."""
    if answer not in ANSWERS_BY_KIND[kind]:
        raise ValueError("answer does not fit this kind of letter")
    if answer is AnswerKind.AKKOORD and kind is LetterKind.AANBOD:
        return CreditorStance.AKKOORD
    if answer is AnswerKind.AFGEWEZEN and kind is not LetterKind.BEZWAAR_INCASSOKOSTEN:
        return CreditorStance.GEEN_MEDEWERKING
    if answer is AnswerKind.SALDO_ONTVANGEN and current is None:
        return CreditorStance.SALDOVERZOEK
    return current


def answer_dates_saldo(kind: LetterKind, answer: AnswerKind) -> bool:
    """Does this answer give the debt a confirmed saldo (the day of the answer)?"""
    return kind is LetterKind.SALDO_OPGAVE and answer is AnswerKind.SALDO_ONTVANGEN


# ----------------------------------------------------------------- the offer per month
#: The term of the minnelijk traject since 1 July 2023 (rules.md §1.4 [V]).
TERM_MONTHS = 18


@dataclass(frozen=True, slots=True)
class MonthlyPlan:
    """What one creditor gets per month over the term. ``amounts`` add up exactly to ``total``;
    they differ by at most one cent (the first months carry the spare cents)."""

    total: Money
    amounts: tuple[Money, ...]

    @property
    def months(self) -> int:
        return len(self.amounts)

    @property
    def usual(self) -> Money:
        """The amount of most months (the lowest; the first months may be a cent more)."""
        return min(self.amounts) if self.amounts else ZERO

    @property
    def even(self) -> bool:
        return len(set(self.amounts)) <= 1


def monthly_plan(total: Money, months: int = TERM_MONTHS) -> tuple[Money, ...]:
    """``total`` split over ``months`` months in whole cents: equal parts, the first
    ``total mod months`` months one cent more, so the months add up to ``total`` exactly."""
    if months < 1:
        raise ValueError("at least one month")
    if total.is_negative():
        raise ValueError("a share is not negative")
    base, spare = divmod(total.cents, months)
    return tuple(Money(base + (1 if i < spare else 0)) for i in range(months))


def plan_for_share(share: Money, months: int = TERM_MONTHS) -> MonthlyPlan:
    return MonthlyPlan(share, monthly_plan(share, months))


def monthly_text(plan: MonthlyPlan) -> str:
    """The amount per month as the letter says it (Dutch: letters to creditors are Dutch):
    ``€ 55,56``, or when the cents do not divide evenly ``€ 55,56 (de laatste 4 maanden € 55,55)``,
    so the months still add up to the total the letter names."""
    if plan.even:
        return format_eur(plan.usual)
    first, last = plan.amounts[0], plan.amounts[-1]
    n_last = sum(1 for a in plan.amounts if a == last)
    return f"{format_eur(first)} (de laatste {n_last} maanden {format_eur(last)})"


#: Letters ask for an answer within this many days (the date printed on the letter).
ANSWER_WITHIN_DAYS = 14

def long_date(d: date) -> str:
    """A date as a Dutch letter writes it: ``1 maart 2026`` (letters are Dutch, so the month
    is the Dutch name of the one list in :mod:`schoonschip.dates`, untranslated)."""
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def days_waiting(sent_on: date, today: date) -> int:
    return (today - sent_on).days


def waiting_text(kind: LetterKind, creditor: str, days: int) -> Msg:
    """The worklist line of a letter without an answer, e.g. "Intrum: saldo-opgave gevraagd 21
    dagen geleden, geen antwoord"."""
    if kind is LetterKind.SALDO_OPGAVE:
        return N_("%(creditor)s: saldo-opgave gevraagd %(days)s dagen geleden, geen antwoord", creditor=creditor, days=days)
    if kind is LetterKind.PAUZEKNOP:
        return N_("%(creditor)s: pauzeknop gevraagd %(days)s dagen geleden, geen antwoord", creditor=creditor, days=days)
    if kind is LetterKind.BEZWAAR_INCASSOKOSTEN:
        return N_("%(creditor)s: bezwaar tegen incassokosten gestuurd %(days)s dagen geleden, geen antwoord",
                  creditor=creditor, days=days)  # fmt: skip
    return N_("%(creditor)s: aanbod gestuurd %(days)s dagen geleden, geen antwoord", creditor=creditor, days=days)


# ----------------------------------------------------------------- the coach's free text
MAX_FREE_TEXT = 2000


def free_text_problem(text: str) -> Msg | None:
    if len(text) > MAX_FREE_TEXT:
        return N_("De extra tekst is te lang: hoogstens %(n)s tekens.", n=MAX_FREE_TEXT)
    return None


# --------------------------------------------------------------- the template's fields
@dataclass(frozen=True, slots=True)
class Field:
    """A field a letter template may use: ``{{ name }}``. ``example`` is the synthetic value of
    the preview (never a real person)."""

    name: str
    label: str
    example: str


FIELDS: tuple[Field, ...] = (
    Field("bewoner_naam", N_("Naam van de bewoner"), "Demo Voorbeeldpersoon"),
    Field("bewoner_adres", N_("Adres van de bewoner (straat en huisnummer)"), "Voorbeeldstraat 1"),
    Field("bewoner_postcode", N_("Postcode en plaats van de bewoner"), "1100 AA Amsterdam"),
    Field("schuldeiser", N_("Naam van de schuldeiser"), "Voorbeeld Incasso BV"),
    Field("kenmerk", N_("Kenmerk of dossiernummer bij de schuldeiser"), "VB-000123"),
    Field("incassant", N_("Wie int de schuld nu (incassobureau, deurwaarder), als dat bekend is"), "Voorbeeld Deurwaarders"),
    Field("bedrag_totaal", N_("Het bedrag dat bij ons bekend is"), "€ 1.234,56"),
    Field("hoofdsom", N_("De hoofdsom"), "€ 1.000,00"),
    Field("incassokosten", N_("De gevraagde incassokosten"), "€ 250,00"),
    Field("incassokosten_max", N_("Het wettelijk maximum aan incassokosten"), "€ 150,00"),
    Field("incassokosten_teveel", N_("Hoeveel incassokosten te veel gevraagd zijn"), "€ 100,00"),
    Field("aanbod_per_maand", N_("Het aanbod per maand voor deze schuldeiser"), "€ 12,34"),
    Field("aanbod_totaal", N_("Het aanbod in totaal (18 maanden) voor deze schuldeiser"), "€ 222,12"),
    Field("aanbod_percentage", N_("Het percentage van de schuld dat het aanbod betaalt"), "18,00 %"),
    Field("looptijd_maanden", N_("De looptijd van de regeling in maanden"), "18"),
    Field("datum", N_("De datum van de brief"), "1 maart 2026"),
    Field("antwoord_voor", N_("Graag antwoord vóór (datum)"), "15 maart 2026"),
    Field("coach_naam", N_("Naam van de coach"), "Demo Coach"),
    Field("locatie", N_("Naam van de buurtwerkkamer"), "Buurtwerkkamer Voorbeeld"),
    Field("organisatie", N_("Naam van de organisatie"), "Schoon Schip"),
)

FIELD_NAMES: frozenset[str] = frozenset(f.name for f in FIELDS)


def example_fields() -> dict[str, str]:
    """The synthetic values of every field, for the preview."""
    return {f.name: f.example for f in FIELDS}


def only_whitelisted(values: Mapping[str, str]) -> dict[str, str]:
    """The values of the whitelisted fields only, each as text (an unknown key is dropped; a
    missing one becomes empty), so a template never sees anything else."""
    return {name: str(values.get(name) or "") for name in sorted(FIELD_NAMES)}
