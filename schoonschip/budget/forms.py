"""The budget forms on WTForms, and the data they give the service.

Each form's ``check(...)`` returns the data, or None when there are errors; ``values()`` is
what the coach typed (trimmed), to put back into the form; ``error_texts()`` maps a field
name to a Dutch message (translated) that never repeats the input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext
from flask_babel import gettext as _
from wtforms import StringField

from schoonschip.budget.models import EXPENSE, INCOME
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.budget.rules.vtlb import AgeBand
from schoonschip.dates import FactContext, FactKind, format_date_input
from schoonschip.i18n import N_, Msg, message_of
from schoonschip.money import Money, format_decimal_nl, format_for_input
from schoonschip.web.forms import DutchDateField, Form, Limit, MoneyField, strip

Errors = dict[str, str]
Values = dict[str, str]

LABEL_MAX = 80
SUPPLIER_MAX = 120
_DECIMAL = re.compile(r"^\d{1,4}([.,]\d{1,2})?$")
date_for_input = format_date_input


def parse_decimal_nl(text: str, what: str, *, maximum: Decimal) -> Decimal:
    """A small non-negative number with a decimal comma (12,5) or dot (12.5)."""
    s = re.sub(r"\s+", "", text or "")
    if not s:
        return Decimal(0)
    if not _DECIMAL.match(s):
        raise ValueError(N_("Vul bij %(what)s een getal in, zoals 12,5.", what=what))
    try:
        d = Decimal(s.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - excluded by the regex
        raise ValueError(N_("Vul bij %(what)s een getal in, zoals 12,5.", what=what)) from None
    if d > maximum:
        raise ValueError(N_("Dit getal is te groot voor %(what)s.", what=what))
    return d


def decimal_for_input(d: Decimal | None) -> str:
    if d is None:
        return ""
    places = 0 if d == d.to_integral_value() else 1 if d * 10 == (d * 10).to_integral_value() else 2
    return format_decimal_nl(d, places)


def parse_count(text: str, what: str, *, maximum: int) -> int:
    s = (text or "").strip()
    if not s:
        return 0
    if not s.isdecimal() or int(s) > maximum:
        raise ValueError(
            N_("Vul bij %(what)s een heel getal van 0 tot en met %(maximum)s in.", what=what, maximum=maximum)
        )
    return int(s)


def _translated(exc: BaseException) -> str:
    """The Dutch message of a ValueError raised here (a Msg with parameters), translated."""
    message = message_of(exc)
    if isinstance(message, Msg):
        return gettext(
            message.msgid, **{k: gettext(v) if isinstance(v, str) else v for k, v in message.params.items()}
        )
    return gettext(message)


# --- budget items --------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    direction: str
    kind: str
    person: str
    frequency: str
    amount: Money
    label: str | None
    source: str | None = None  # None: typed by the coach; models.SOURCE_STATEMENT: from a bank statement


def item_values(direction: str, prefix: str = "") -> Values:
    return {
        prefix + "kind": "",
        prefix + "person": Person.BEWONER.value,
        prefix + "frequency": Frequency.MAAND.value,
        prefix + "amount": "",
        prefix + "label": "",
    }


def entry_values(kind: str, person: str, frequency: str, amount: Money, label: str | None) -> Values:
    return {
        "kind": kind,
        "person": person,
        "frequency": frequency,
        "amount": format_for_input(amount),
        "label": label or "",
    }


class ItemForm(Form):
    """An income or expense line. Field names carry a prefix (``in_`` or ``ex_``: two forms
    on one page); the edit form of one line has none."""

    kind = StringField(filters=[strip])
    person = StringField(filters=[strip])
    frequency = StringField(filters=[strip])
    amount = MoneyField(maximum_cents=10_000_000)  # € 100.000 per keer
    label = StringField(filters=[strip], validators=[Limit(LABEL_MAX)])

    def check(self, direction: str) -> ItemData | None:
        self.validate()
        kinds = {k.value for k in (IncomeKind if direction == INCOME else ExpenseKind)}
        if self.kind.data not in kinds:
            self.add_error(self.kind.short_name, _("Kies wat voor inkomen het is.") if direction == INCOME
                           else _("Kies wat voor uitgave het is."))  # fmt: skip
        if direction == EXPENSE and not self.person.data:
            self.person.data = Person.BEWONER.value
        if self.person.data not in {p.value for p in Person}:
            self.add_error(self.person.short_name, _("Kies van wie het inkomen is."))
        if self.frequency.data not in {f.value for f in Frequency}:
            self.add_error(self.frequency.short_name, _("Kies hoe vaak het bedrag komt."))
        amount = self.amount.data
        if amount is not None and amount.cents == 0:
            self.add_error(self.amount.short_name,
                           _("Vul een bedrag groter dan € 0 in. Is er niets? Laat de regel dan weg."), replace=True)  # fmt: skip
        if self.error_texts() or amount is None:
            return None
        return ItemData(
            direction, self.kind.data, self.person.data, self.frequency.data, amount, self.label.data or None
        )


# --- versions --------------------------------------------------------------------------


class PeildatumForm(Form):
    """The peildatum of a new budget version: a fact date (the app's one date rule: never in
    the future; before the case's start allowed with a note). The view passes the case's facts."""

    peildatum = DutchDateField(fact=FactKind.CASEWORK)


# --- household facts -------------------------------------------------------------------


def household_values(f: HouseholdFacts | None) -> Values:
    f = f or HouseholdFacts()
    return {
        "has_partner": "ja" if f.has_partner else "nee",
        "resident_birth_date": format_date_input(f.resident_birth_date),
        "resident_age_band": f.resident_age_band.value if f.resident_age_band else "",
        "partner_birth_date": format_date_input(f.partner_birth_date),
        "partner_age_band": f.partner_age_band.value if f.partner_age_band else "",
        "children_under_18": str(f.children_under_18),
        "kostendelers_27plus": str(f.kostendelers_27plus),
    }


class HouseholdForm(Form):
    has_partner = StringField(filters=[strip])
    resident_birth_date = DutchDateField(allow_empty=True, fact=FactKind.BIRTH)
    resident_age_band = StringField(filters=[strip])
    partner_birth_date = DutchDateField(allow_empty=True, fact=FactKind.BIRTH)
    partner_age_band = StringField(filters=[strip])
    children_under_18 = StringField(filters=[strip])
    kostendelers_27plus = StringField(filters=[strip])

    def check(self, today: date) -> HouseholdFacts | None:
        self.validate()
        if self.has_partner.data not in ("ja", "nee"):
            self.add_error("has_partner", _("Kies of er een partner is."))
        has_partner = self.has_partner.data == "ja"
        bands = {b.value for b in AgeBand}
        self.check_fact_dates(FactContext(today=today))
        for who in ("resident", "partner"):
            band = self[f"{who}_age_band"].data
            if band and band not in bands:
                self.add_error(f"{who}_age_band", _("Kies een leeftijdsgroep."))
        if not self.resident_birth_date._value() and not self.resident_age_band.data:  # noqa: SLF001
            self.add_error(
                "resident_age_band",
                _("Vul de geboortedatum of de leeftijdsgroep van de bewoner in."),
                replace=True,
            )
        if has_partner and not self.partner_birth_date._value() and not self.partner_age_band.data:  # noqa: SLF001
            self.add_error(
                "partner_age_band",
                _("Vul de geboortedatum of de leeftijdsgroep van de partner in."),
                replace=True,
            )
        counts: dict[str, int] = {}
        for name, what, maximum in (
            ("children_under_18", N_("kinderen onder 18"), 15),
            ("kostendelers_27plus", N_("huisgenoten van 27 jaar en ouder"), 15),
        ):
            try:
                counts[name] = parse_count(self[name].data or "", what, maximum=maximum)
            except ValueError as exc:
                self.add_error(name, _translated(exc))
        if self.error_texts():
            return None
        resident_band, partner_band = self.resident_age_band.data, self.partner_age_band.data
        return HouseholdFacts(
            has_partner=has_partner,
            resident_birth_date=self.resident_birth_date.data,
            partner_birth_date=self.partner_birth_date.data if has_partner else None,
            children_under_18=counts["children_under_18"],
            kostendelers_27plus=counts["kostendelers_27plus"],
            resident_age_band=AgeBand(resident_band) if resident_band else None,
            partner_age_band=AgeBand(partner_band) if has_partner and partner_band else None,
        )


# --- corrections -----------------------------------------------------------------------


@dataclass(frozen=True)
class Corrections:
    """VTLB corrections with evidence, per budget version (rules.md §1.3)."""

    work_travel_km_per_day: Decimal = Decimal(0)
    work_days_per_week: int = 5
    childcare_uncovered: Money | None = None
    alimony_paid: Money | None = None
    eigen_risico: bool = False
    #: Kwijtschelding of the municipal taxes granted: then the taxes in the budget do not count.
    municipal_tax_remitted: bool = False
    #: Kindgebonden budget the household has a right to at bijstand level (per month).
    kindgebonden_budget_due: Money | None = None
    study_costs_children: Money | None = None
    other_label: str | None = None
    other_amount: Money | None = None

    def to_dict(self) -> dict[str, Any]:
        def _c(m: Money | None) -> int | None:
            return None if m is None else m.cents

        return {
            "work_travel_km_per_day": str(self.work_travel_km_per_day),
            "work_days_per_week": self.work_days_per_week,
            "childcare_uncovered": _c(self.childcare_uncovered),
            "alimony_paid": _c(self.alimony_paid),
            "eigen_risico": self.eigen_risico,
            "municipal_tax_remitted": self.municipal_tax_remitted,
            "kindgebonden_budget_due": _c(self.kindgebonden_budget_due),
            "study_costs_children": _c(self.study_costs_children),
            "other_label": self.other_label,
            "other_amount": _c(self.other_amount),
        }

    @property
    def other_corrections(self) -> tuple[tuple[str, Money], ...]:
        if not self.other_amount:
            return ()
        return ((self.other_label or N_("zonder omschrijving"), self.other_amount),)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Corrections:
        if not d:
            return cls()

        def _m(v: Any) -> Money | None:
            return Money(int(v)) if isinstance(v, int) and not isinstance(v, bool) else None

        return cls(
            work_travel_km_per_day=Decimal(str(d.get("work_travel_km_per_day") or "0")),
            work_days_per_week=int(d.get("work_days_per_week") or 5),
            childcare_uncovered=_m(d.get("childcare_uncovered")),
            alimony_paid=_m(d.get("alimony_paid")),
            eigen_risico=bool(d.get("eigen_risico")),
            municipal_tax_remitted=bool(d.get("municipal_tax_remitted")),
            kindgebonden_budget_due=_m(d.get("kindgebonden_budget_due")),
            study_costs_children=_m(d.get("study_costs_children")),
            other_label=d.get("other_label") if isinstance(d.get("other_label"), str) else None,
            other_amount=_m(d.get("other_amount")),
        )


def corrections_values(c: Corrections) -> Values:
    return {
        "work_travel_km_per_day": decimal_for_input(c.work_travel_km_per_day)
        if c.work_travel_km_per_day
        else "",
        "work_days_per_week": str(c.work_days_per_week),
        "childcare_uncovered": format_for_input(c.childcare_uncovered),
        "alimony_paid": format_for_input(c.alimony_paid),
        "eigen_risico": "ja" if c.eigen_risico else "nee",
        "municipal_tax_remitted": "ja" if c.municipal_tax_remitted else "nee",
        "kindgebonden_budget_due": format_for_input(c.kindgebonden_budget_due),
        "study_costs_children": format_for_input(c.study_costs_children),
        "other_label": c.other_label or "",
        "other_amount": format_for_input(c.other_amount),
    }


class CorrectionsForm(Form):
    work_travel_km_per_day = StringField(filters=[strip])
    work_days_per_week = StringField(filters=[strip])
    childcare_uncovered = MoneyField(allow_empty=True, maximum_cents=1_000_000)
    alimony_paid = MoneyField(allow_empty=True, maximum_cents=1_000_000)
    eigen_risico = StringField(filters=[strip])
    municipal_tax_remitted = StringField(filters=[strip])
    kindgebonden_budget_due = MoneyField(allow_empty=True, maximum_cents=1_000_000)
    study_costs_children = MoneyField(allow_empty=True, maximum_cents=1_000_000)
    other_label = StringField(filters=[strip], validators=[Limit(LABEL_MAX)])
    other_amount = MoneyField(allow_empty=True, maximum_cents=1_000_000)

    def check(self) -> Corrections | None:
        self.validate()
        km = Decimal(0)
        try:
            km = parse_decimal_nl(
                self.work_travel_km_per_day.data or "", N_("kilometers per dag"), maximum=Decimal(500)
            )
        except ValueError as exc:
            self.add_error("work_travel_km_per_day", _translated(exc))
        days = 5
        try:
            days = parse_count(self.work_days_per_week.data or "5", N_("werkdagen per week"), maximum=7)
            if days == 0 and km:
                self.add_error(
                    "work_days_per_week", _("Vul in hoeveel dagen per week de bewoner naar het werk reist.")
                )
        except ValueError as exc:
            self.add_error("work_days_per_week", _translated(exc))
        if self.eigen_risico.data not in ("ja", "nee", ""):
            self.add_error("eigen_risico", _("Kies ja of nee."))
        if (self.municipal_tax_remitted.data or "nee") not in ("ja", "nee"):
            self.add_error("municipal_tax_remitted", _("Kies ja of nee."))
        if self.other_amount.data and not (self.other_label.data or "").strip():
            self.add_error("other_label", _("Schrijf kort op waarvoor deze andere correctie is."))
        if self.error_texts():
            return None
        return Corrections(
            work_travel_km_per_day=km,
            work_days_per_week=days,
            childcare_uncovered=self.childcare_uncovered.data or None,
            alimony_paid=self.alimony_paid.data or None,
            eigen_risico=self.eigen_risico.data == "ja",
            municipal_tax_remitted=self.municipal_tax_remitted.data == "ja",
            kindgebonden_budget_due=self.kindgebonden_budget_due.data or None,
            study_costs_children=self.study_costs_children.data or None,
            other_label=(self.other_label.data or None) if self.other_amount.data else None,
            other_amount=self.other_amount.data or None,
        )


# --- offer settings --------------------------------------------------------------------


@dataclass(frozen=True)
class OfferSettings:
    assets: Money = Money(0)
    fee: bool = True
    preferent_factor: Decimal = Decimal(1)

    def to_dict(self) -> dict[str, Any]:
        return {"assets": self.assets.cents, "fee": self.fee, "preferent_factor": str(self.preferent_factor)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> OfferSettings:
        if not d:
            return cls()
        return cls(
            assets=Money(int(d.get("assets") or 0)),
            fee=bool(d.get("fee", True)),
            preferent_factor=Decimal(str(d.get("preferent_factor") or "1")),
        )


def offer_values(s: OfferSettings) -> Values:
    return {
        "assets": format_for_input(s.assets) if s.assets else "",
        "fee": "ja" if s.fee else "nee",
        "preferent_factor": decimal_for_input(s.preferent_factor),
    }


class OfferForm(Form):
    assets = MoneyField(allow_empty=True)
    fee = StringField(filters=[strip])
    preferent_factor = StringField(filters=[strip])

    def check(self) -> OfferSettings | None:
        self.validate()
        if self.fee.data not in ("ja", "nee"):
            self.add_error("fee", _("Kies of de kosten van de schuldhulp meetellen."))
        factor = Decimal(1)
        try:
            factor = parse_decimal_nl(self.preferent_factor.data or "1", N_("de weging"), maximum=Decimal(5))
            if factor < 1:
                self.add_error(
                    "preferent_factor", _("De weging is 1 (gewoon naar rato) of hoger, tot en met 5.")
                )
        except ValueError as exc:
            self.add_error("preferent_factor", _translated(exc))
        if self.error_texts():
            return None
        return OfferSettings(
            assets=self.assets.data or Money(0), fee=self.fee.data == "ja", preferent_factor=factor
        )


# --- official VTLB ---------------------------------------------------------------------


@dataclass(frozen=True)
class OfficialData:
    amount: Money
    established_on: date
    supplied_by: str


def official_values() -> Values:
    return {"amount": "", "established_on": "", "supplied_by": ""}


class OfficialForm(Form):
    amount = MoneyField(maximum_cents=1_000_000)
    established_on = DutchDateField(fact=FactKind.LIFE)
    supplied_by = StringField(filters=[strip])

    def check(self, today: date) -> OfficialData | None:
        self.validate()
        self.check_fact_dates(FactContext(today=today))
        if not self.supplied_by.data:
            self.add_error("supplied_by", _("Vul in van wie de officiële VTLB komt (organisatie of naam)."))
        elif len(self.supplied_by.data) > SUPPLIER_MAX:
            self.add_error("supplied_by", _("Gebruik hooguit %(n)s tekens.", n=SUPPLIER_MAX))
        if self.error_texts() or self.amount.data is None or self.established_on.data is None:
            return None
        return OfficialData(self.amount.data, self.established_on.data, self.supplied_by.data or "")
