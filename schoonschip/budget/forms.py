"""Parsing the budget forms (no Flask here: takes the submitted fields as a mapping).

Each ``parse_*`` returns ``(data, values, errors)``: ``data`` is None when there are errors;
``values`` is what the coach typed (trimmed), to put back into the form; ``errors`` maps a
field name to a Dutch message that never repeats the input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from schoonschip.budget.models import EXPENSE, INCOME
from schoonschip.budget.rules.household import HouseholdFacts
from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.budget.rules.vtlb import AgeBand
from schoonschip.dates import DateError, format_date_input, parse_date_nl
from schoonschip.i18n import N_, message_of
from schoonschip.money import AmountError, Money, format_decimal_nl, format_for_input, parse_amount

Errors = dict[str, str]
Values = dict[str, str]

LABEL_MAX = 80
SUPPLIER_MAX = 120
_DECIMAL = re.compile(r"^\d{1,4}([.,]\d{1,2})?$")


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
        raise ValueError(N_("Vul bij %(what)s een heel getal van 0 tot en met %(maximum)s in.", what=what, maximum=maximum))
    return int(s)


def _field(form: Mapping[str, Any], name: str) -> str:
    v = form.get(name)
    return v.strip() if isinstance(v, str) else ""


# --- budget items --------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    direction: str
    kind: str
    person: str
    frequency: str
    amount: Money
    label: str | None


ITEM_FIELDS = ("kind", "person", "frequency", "amount", "label")


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


def parse_item(
    form: Mapping[str, Any], direction: str, prefix: str = ""
) -> tuple[ItemData | None, Values, Errors]:
    """An income or expense line. Field names carry ``prefix`` (two forms on one page)."""
    v = {k: _field(form, prefix + k) for k in ITEM_FIELDS}
    errors: Errors = {}
    kinds = {k.value for k in (IncomeKind if direction == INCOME else ExpenseKind)}
    if v["kind"] not in kinds:
        errors["kind"] = (
            N_("Kies wat voor inkomen het is.")
            if direction == INCOME
            else N_("Kies wat voor uitgave het is.")
        )
    if direction == EXPENSE and not v["person"]:
        v["person"] = Person.BEWONER.value
    if v["person"] not in {p.value for p in Person}:
        errors["person"] = N_("Kies van wie het inkomen is.")
    if v["frequency"] not in {f.value for f in Frequency}:
        errors["frequency"] = N_("Kies hoe vaak het bedrag komt.")
    amount: Money | None = None
    try:
        amount = parse_amount(v["amount"], maximum_cents=10_000_000)  # € 100.000 per keer
    except AmountError as exc:
        errors["amount"] = message_of(exc)
    if amount is not None and amount.cents == 0:
        errors["amount"] = N_("Vul een bedrag groter dan € 0 in. Is er niets? Laat de regel dan weg.")
    if len(v["label"]) > LABEL_MAX:
        errors["label"] = N_("Gebruik hooguit %(n)s tekens.", n=LABEL_MAX)
    values = {prefix + k: val for k, val in v.items()}
    errors = {prefix + k: msg for k, msg in errors.items()}
    if errors or amount is None:
        return None, values, errors
    return (
        ItemData(direction, v["kind"], v["person"], v["frequency"], amount, v["label"] or None),
        values,
        errors,
    )


# --- versions --------------------------------------------------------------------------


def parse_peildatum(form: Mapping[str, Any]) -> tuple[date | None, Values, Errors]:
    values = {"peildatum": _field(form, "peildatum")}
    try:
        d = parse_date_nl(values["peildatum"])
    except DateError as exc:
        return None, values, {"peildatum": message_of(exc)}
    return d, values, {}


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


def parse_household(form: Mapping[str, Any], today: date) -> tuple[HouseholdFacts | None, Values, Errors]:
    names = (
        "has_partner",
        "resident_birth_date",
        "resident_age_band",
        "partner_birth_date",
        "partner_age_band",
        "children_under_18",
        "kostendelers_27plus",
    )
    values = {k: _field(form, k) for k in names}
    errors: Errors = {}
    if values["has_partner"] not in ("ja", "nee"):
        errors["has_partner"] = N_("Kies of er een partner is.")
    has_partner = values["has_partner"] == "ja"
    bands = {b.value for b in AgeBand}
    dates: dict[str, date | None] = {}
    for who in ("resident", "partner"):
        try:
            d = parse_date_nl(values[f"{who}_birth_date"], allow_empty=True)
            if d is not None and d > today:
                raise DateError(N_("Een geboortedatum kan niet in de toekomst liggen."))
            dates[who] = d
        except DateError as exc:
            errors[f"{who}_birth_date"] = message_of(exc)
            dates[who] = None
        if values[f"{who}_age_band"] and values[f"{who}_age_band"] not in bands:
            errors[f"{who}_age_band"] = N_("Kies een leeftijdsgroep.")
    if not values["resident_birth_date"] and not values["resident_age_band"]:
        errors["resident_age_band"] = N_("Vul de geboortedatum of de leeftijdsgroep van de bewoner in.")
    if has_partner and not values["partner_birth_date"] and not values["partner_age_band"]:
        errors["partner_age_band"] = N_("Vul de geboortedatum of de leeftijdsgroep van de partner in.")
    counts: dict[str, int] = {}
    for name, what, maximum in (
        ("children_under_18", N_("kinderen onder 18"), 15),
        ("kostendelers_27plus", N_("huisgenoten van 27 jaar en ouder"), 15),
    ):
        try:
            counts[name] = parse_count(values[name], what, maximum=maximum)
        except ValueError as exc:
            errors[name] = message_of(exc)
    if errors:
        return None, values, errors
    facts = HouseholdFacts(
        has_partner=has_partner,
        resident_birth_date=dates["resident"],
        partner_birth_date=dates["partner"] if has_partner else None,
        children_under_18=counts["children_under_18"],
        kostendelers_27plus=counts["kostendelers_27plus"],
        resident_age_band=AgeBand(values["resident_age_band"]) if values["resident_age_band"] else None,
        partner_age_band=(
            AgeBand(values["partner_age_band"]) if has_partner and values["partner_age_band"] else None
        ),
    )
    return facts, values, {}


# --- corrections -----------------------------------------------------------------------


@dataclass(frozen=True)
class Corrections:
    """VTLB corrections with evidence, per budget version (rules.md §1.3)."""

    work_travel_km_per_day: Decimal = Decimal(0)
    work_days_per_week: int = 5
    childcare_uncovered: Money | None = None
    alimony_paid: Money | None = None
    eigen_risico: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "work_travel_km_per_day": str(self.work_travel_km_per_day),
            "work_days_per_week": self.work_days_per_week,
            "childcare_uncovered": None
            if self.childcare_uncovered is None
            else self.childcare_uncovered.cents,
            "alimony_paid": None if self.alimony_paid is None else self.alimony_paid.cents,
            "eigen_risico": self.eigen_risico,
        }

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
    }


def parse_corrections(form: Mapping[str, Any]) -> tuple[Corrections | None, Values, Errors]:
    names = (
        "work_travel_km_per_day",
        "work_days_per_week",
        "childcare_uncovered",
        "alimony_paid",
        "eigen_risico",
    )
    values = {k: _field(form, k) for k in names}
    errors: Errors = {}
    km = Decimal(0)
    try:
        km = parse_decimal_nl(values["work_travel_km_per_day"], N_("kilometers per dag"), maximum=Decimal(500))
    except ValueError as exc:
        errors["work_travel_km_per_day"] = message_of(exc)
    days = 5
    try:
        days = parse_count(values["work_days_per_week"] or "5", N_("werkdagen per week"), maximum=7)
        if days == 0 and km:
            errors["work_days_per_week"] = N_("Vul in hoeveel dagen per week de bewoner naar het werk reist.")
    except ValueError as exc:
        errors["work_days_per_week"] = message_of(exc)
    money: dict[str, Money | None] = {}
    for name in ("childcare_uncovered", "alimony_paid"):
        try:
            m = parse_amount(values[name], allow_empty=True, maximum_cents=1_000_000)
            money[name] = m if m else None
        except AmountError as exc:
            errors[name] = message_of(exc)
    if values["eigen_risico"] not in ("ja", "nee", ""):
        errors["eigen_risico"] = "Kies ja of nee."
    if errors:
        return None, values, errors
    return (
        Corrections(
            work_travel_km_per_day=km,
            work_days_per_week=days,
            childcare_uncovered=money["childcare_uncovered"],
            alimony_paid=money["alimony_paid"],
            eigen_risico=values["eigen_risico"] == "ja",
        ),
        values,
        {},
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


def parse_offer_settings(form: Mapping[str, Any]) -> tuple[OfferSettings | None, Values, Errors]:
    values = {k: _field(form, k) for k in ("assets", "fee", "preferent_factor")}
    errors: Errors = {}
    assets = Money(0)
    try:
        assets = parse_amount(values["assets"], allow_empty=True) or Money(0)
    except AmountError as exc:
        errors["assets"] = message_of(exc)
    if values["fee"] not in ("ja", "nee"):
        errors["fee"] = N_("Kies of de kosten van de schuldhulp meetellen.")
    factor = Decimal(1)
    try:
        factor = parse_decimal_nl(values["preferent_factor"] or "1", N_("de weging"), maximum=Decimal(5))
        if factor < 1:
            errors["preferent_factor"] = N_("De weging is 1 (gewoon naar rato) of hoger, tot en met 5.")
    except ValueError as exc:
        errors["preferent_factor"] = message_of(exc)
    if errors:
        return None, values, errors
    return OfferSettings(assets=assets, fee=values["fee"] == "ja", preferent_factor=factor), values, {}


# --- official VTLB ---------------------------------------------------------------------


@dataclass(frozen=True)
class OfficialData:
    amount: Money
    established_on: date
    supplied_by: str


def official_values() -> Values:
    return {"amount": "", "established_on": "", "supplied_by": ""}


def parse_official(form: Mapping[str, Any], today: date) -> tuple[OfficialData | None, Values, Errors]:
    values = {k: _field(form, k) for k in ("amount", "established_on", "supplied_by")}
    errors: Errors = {}
    amount: Money | None = None
    try:
        amount = parse_amount(values["amount"], maximum_cents=1_000_000)
    except AmountError as exc:
        errors["amount"] = message_of(exc)
    on: date | None = None
    try:
        on = parse_date_nl(values["established_on"])
        if on is not None and on > today:
            errors["established_on"] = N_("Deze datum ligt in de toekomst.")
    except DateError as exc:
        errors["established_on"] = message_of(exc)
    if not values["supplied_by"]:
        errors["supplied_by"] = N_("Vul in van wie de officiële VTLB komt (organisatie of naam).")
    elif len(values["supplied_by"]) > SUPPLIER_MAX:
        errors["supplied_by"] = N_("Gebruik hooguit %(n)s tekens.", n=SUPPLIER_MAX)
    if errors or amount is None or on is None:
        return None, values, errors
    return OfficialData(amount, on, values["supplied_by"]), values, {}
