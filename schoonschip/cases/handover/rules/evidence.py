"""How many pay specifications the voorlegger asks per kind of income (rules.md §3.1).
Pure module (see :mod:`schoonschip.cases.handover.rules`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from schoonschip.budget.rules.items import Person
from schoonschip.cases.handover.rules.vocabulary import EvidenceKind, IncomeItem, PayFrequency
from schoonschip.i18n import N_

# ------------------------------------------------------- income evidence (data)
# Number of pay specifications per pay frequency. rules.md §3.1 "Inkomstenspecificatie"
# (Amsterdam voorlegger): monthly 3 months, 4-weekly 4 periods, weekly 13 weeks,
# Participatiewet 1. ANDERS: not in the source; we ask for 3 months, like monthly pay.
SPECS_PER_FREQUENCY: Mapping[PayFrequency, int] = {
    PayFrequency.MAAND: 3,
    PayFrequency.VIER_WEKEN: 4,
    PayFrequency.WEEK: 13,
    PayFrequency.ANDERS: 3,
}
SPECS_PARTICIPATIEWET = 1

_PERIOD_TEXT = {
    PayFrequency.MAAND: N_("van de laatste 3 maanden"),
    PayFrequency.VIER_WEKEN: N_("van de laatste 4 periodes van 4 weken"),
    PayFrequency.WEEK: N_("van de laatste 13 weken"),
    PayFrequency.ANDERS: N_("van de laatste 3 maanden"),
}
# Texts marked with N_ where they are defined (extracted by pybabel -k N_).
_KIND_TEXT = {
    EvidenceKind.LOON: N_("loon"),
    EvidenceKind.PARTICIPATIEWET: N_("bijstand"),
    EvidenceKind.UITKERING_UWV: N_("uitkering van UWV"),
    EvidenceKind.UITKERING_SVB: N_("uitkering van SVB"),
    EvidenceKind.PENSIOEN: N_("pensioen"),
    EvidenceKind.ALIMENTATIE: N_("alimentatie"),
    EvidenceKind.ANDERS: N_("ander inkomen"),
}


@dataclass(frozen=True, slots=True)
class EvidenceNeed:
    """How many specifications one kind of income needs, with a Dutch text."""

    kind: EvidenceKind
    frequency: PayFrequency
    count: int
    text: str


def _need(item: IncomeItem) -> EvidenceNeed | None:
    if item.kind is EvidenceKind.TOESLAG:
        return None  # proven by the toeslagenbeschikking (voorlegger), not by specifications
    if item.kind is EvidenceKind.PARTICIPATIEWET:
        return EvidenceNeed(item.kind, item.frequency, SPECS_PARTICIPATIEWET, N_("bijstand: 1 specificatie"))
    n = SPECS_PER_FREQUENCY[item.frequency]
    return EvidenceNeed(
        item.kind, item.frequency, n,
        N_("%(kind)s: %(n)s specificaties %(period)s", kind=_KIND_TEXT[item.kind], n=n, period=_PERIOD_TEXT[item.frequency]),
    )


def income_evidence_needed(income: Iterable[IncomeItem], person: Person) -> list[EvidenceNeed]:
    """Specifications needed for ``person``, one entry per kind and frequency (rules.md §3.1)."""
    seen: dict[tuple[EvidenceKind, PayFrequency], EvidenceNeed] = {}
    for item in income:
        if item.person is not person:
            continue
        need = _need(item)
        if need is not None:
            seen.setdefault((need.kind, need.frequency), need)
    return list(seen.values())
