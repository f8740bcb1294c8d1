"""The tabs of a case page. Each feature registers its own tab when its views module
is imported, so features do not edit each other's templates."""

from __future__ import annotations

from dataclasses import dataclass

from schoonschip.i18n import N_


@dataclass(frozen=True)
class CaseTab:
    key: str
    label: str  # Dutch; translated in the template with _()
    endpoint: str  # takes case_id
    order: int


CASE_TABS: list[CaseTab] = []


def register_tab(key: str, label: str, endpoint: str, order: int) -> None:
    if any(t.key == key for t in CASE_TABS):
        return
    CASE_TABS.append(CaseTab(key, label, endpoint, order))
    CASE_TABS.sort(key=lambda t: t.order)


register_tab("overzicht", N_("Overzicht"), "cases.show", 10)
