"""The household as the money rules see it: one type for the case file and the budget (pure).

The case file produces it (``schoonschip.cases.casefile.service.household_facts``) from the
resident's details; a budget version can store its own, entered by the coach
(:meth:`HouseholdFacts.to_dict`). The budget never reads the case file itself: its views pass
the case file's facts in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from schoonschip.budget.rules.vtlb import AgeBand

__all__ = ["HouseholdFacts"]


@dataclass(frozen=True)
class HouseholdFacts:
    """What the VTLB needs to know about the household on the peildatum.

    A birth date is better than an age band (the band then follows from the peildatum and the
    AOW-age of the norm set); the band is the fallback when the date is unknown, and only a
    coach enters it (per budget version). The case file knows the children's birth years only,
    so it also counts the children who turn 18 this year, and the adults under 27.
    """

    has_partner: bool = False
    partner_birth_date: date | None = None
    resident_birth_date: date | None = None
    children_under_18: int = 0  # certainly under 18 all of this calendar year
    kostendelers_27plus: int = 0  # other adults in the home aged 27+, not the partner
    resident_age_band: AgeBand | None = None
    partner_age_band: AgeBand | None = None
    children_turning_18_this_year: int = 0  # 17 or 18 on the day: the birth year cannot tell
    children_birth_years: tuple[int, ...] = ()
    other_adults_under_27: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The facts a budget version stores (what the coach can enter on the Aflossen page)."""
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
