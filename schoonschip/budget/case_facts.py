"""Adapters to the case file and the debt ledger, which other features own.

When this was written, neither ``household_facts(case)`` (case file, expected somewhere in
``schoonschip/cases/``) nor ``open_debts_for_offer(db, case)`` (debt ledger, expected in
``schoonschip/cases/debts/service.py``) was on main. The budget pages call only the two
functions below, so they work before and after those features land:

* :func:`case_household_facts` returns the case file's facts as a :class:`HouseholdFacts`,
  or ``None`` when the case file does not (yet) provide them; the Aflossen page then lets the
  coach enter the facts per budget version.
* :func:`debts_for_offer` returns the debts in the shape the offer needs, or ``[]`` when the
  debt ledger is missing; the page then says "Nog geen schulden ingevoerd".

Both read the other module's result by attribute *or* key, so a dataclass, a named tuple or a
dict all work. Nothing here logs or raises personal data.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from schoonschip.budget.rules.offer import OutsideReason
from schoonschip.budget.rules.vtlb import AgeBand
from schoonschip.money import Money

__all__ = [
    "DebtForOffer",
    "HouseholdFacts",
    "case_household_facts",
    "debts_for_offer",
    "HOUSEHOLD_MODULES",
    "DEBT_MODULE",
]

#: Where the case-file engineer may put ``household_facts(case)``; the first hit wins.
HOUSEHOLD_MODULES = (
    "schoonschip.cases.household",
    "schoonschip.cases.client",
    "schoonschip.cases.casefile.service",
    "schoonschip.cases.casefile",
    "schoonschip.cases",
)
DEBT_MODULE = "schoonschip.cases.debts.service"


@dataclass(frozen=True)
class HouseholdFacts:
    """What the VTLB needs to know about the household on the peildatum.

    A birth date is better than an age band (the band then follows from the peildatum and the
    AOW-age of the norm set); the band is the fallback when the date is unknown.
    """

    has_partner: bool = False
    partner_birth_date: date | None = None
    resident_birth_date: date | None = None
    children_under_18: int = 0
    kostendelers_27plus: int = 0
    resident_age_band: AgeBand | None = None
    partner_age_band: AgeBand | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "has_partner": self.has_partner,
            "partner_birth_date": self.partner_birth_date.isoformat() if self.partner_birth_date else None,
            "resident_birth_date": self.resident_birth_date.isoformat() if self.resident_birth_date else None,
            "children_under_18": self.children_under_18,
            "kostendelers_27plus": self.kostendelers_27plus,
            "resident_age_band": self.resident_age_band.value if self.resident_age_band else None,
            "partner_age_band": self.partner_age_band.value if self.partner_age_band else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HouseholdFacts:
        def _d(v: Any) -> date | None:
            return date.fromisoformat(v) if isinstance(v, str) and v else None

        def _band(v: Any) -> AgeBand | None:
            return AgeBand(v) if v else None

        return cls(
            has_partner=bool(d.get("has_partner")),
            partner_birth_date=_d(d.get("partner_birth_date")),
            resident_birth_date=_d(d.get("resident_birth_date")),
            children_under_18=int(d.get("children_under_18") or 0),
            kostendelers_27plus=int(d.get("kostendelers_27plus") or 0),
            resident_age_band=_band(d.get("resident_age_band")),
            partner_age_band=_band(d.get("partner_age_band")),
        )


@dataclass(frozen=True)
class DebtForOffer:
    """One debt as the offer needs it (the debt ledger's ``open_debts_for_offer`` result)."""

    key: str
    creditor_label: str
    amount: Money
    preferent: bool
    outside_regeling: bool
    reason: OutsideReason | None
    reason_text: str | None  # the ledger's own wording of the reason, when it gives one


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _find(module_names: tuple[str, ...], attr: str) -> Callable[..., Any] | None:
    for name in module_names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        fn = getattr(module, attr, None)
        if callable(fn):
            return fn
    return None


def _call(fn: Callable[..., Any], db: Session, case: Any) -> Any:
    """Call ``fn(case)`` or ``fn(db, case)``, whichever its signature asks for."""
    try:
        params = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
        ]
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        params = []
    return fn(db, case) if len(params) >= 2 else fn(case)


def case_household_facts(db: Session, case: Any) -> HouseholdFacts | None:
    """The case file's household facts, or None when the case file gives none (yet)."""
    fn = _find(HOUSEHOLD_MODULES, "household_facts")
    if fn is None:
        return None
    raw = _call(fn, db, case)
    if raw is None:
        return None
    if isinstance(raw, HouseholdFacts):
        return raw

    def _date(v: Any) -> date | None:
        return v if isinstance(v, date) else None

    def _int(v: Any) -> int:
        return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else 0

    def _band(v: Any) -> AgeBand | None:
        try:
            return AgeBand(v) if v else None
        except ValueError:
            return None

    return HouseholdFacts(
        has_partner=bool(_get(raw, "has_partner", False)),
        partner_birth_date=_date(_get(raw, "partner_birth_date")),
        resident_birth_date=_date(_get(raw, "resident_birth_date")),
        children_under_18=_int(_get(raw, "children_under_18", 0)),
        kostendelers_27plus=_int(_get(raw, "kostendelers_27plus", 0)),
        resident_age_band=_band(_get(raw, "resident_age_band")),
        partner_age_band=_band(_get(raw, "partner_age_band")),
    )


def _reason(value: Any) -> OutsideReason | None:
    if value is None or value == "":
        return None
    if isinstance(value, OutsideReason):
        return value
    code = _get(value, "value", value)
    try:
        return OutsideReason(str(code))
    except ValueError:
        return OutsideReason.ANDERS


def debts_for_offer(db: Session, case: Any) -> list[DebtForOffer]:
    """Open debts for the offer from the debt ledger; [] when the ledger is not there yet."""
    fn = _find((DEBT_MODULE,), "open_debts_for_offer")
    if fn is None:
        return []
    out: list[DebtForOffer] = []
    for n, raw in enumerate(fn(db, case) or (), start=1):
        amount = _get(raw, "amount")
        if not isinstance(amount, Money):
            continue  # never guess an amount
        outside = bool(_get(raw, "outside_regeling", False))
        raw_reason = _get(raw, "reason") or _get(raw, "outside_reason")
        reason = _reason(raw_reason) if outside else None
        if outside and reason is None:
            reason = OutsideReason.ANDERS
        reason_text = None
        if (
            outside
            and isinstance(raw_reason, str)
            and reason is OutsideReason.ANDERS
            and raw_reason != "anders"
        ):
            reason_text = raw_reason
        key = _get(raw, "key") or _get(raw, "id") or _get(raw, "debt_id") or n
        out.append(
            DebtForOffer(
                key=str(key),
                creditor_label=str(_get(raw, "creditor_label") or _get(raw, "creditor") or "Schuldeiser"),
                amount=amount,
                preferent=bool(_get(raw, "preferent", False)),
                outside_regeling=outside,
                reason=reason,
                reason_text=reason_text,
            )
        )
    return out
