"""The navigation each role sees. Features add entries here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from schoonschip.auth.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str


def nav_items() -> list[NavItem]:
    if not current_user or not current_user.is_authenticated:
        return []
    items = [NavItem("main.start", _("Start"))]
    if current_user.works_with_cases():
        items.append(NavItem("cases.my_cases", _("Mijn dossiers")))
    if current_user.has_role(Role.COORDINATOR):
        items.append(NavItem("cases.location_home", _("Locatie")))
        items.append(NavItem("mediation.location_home", _("Huur")))
    if current_user.works_with_cases():
        items.append(NavItem("tally.home", _("Telling")))
    if current_user.has_role(Role.COORDINATOR):
        items.append(NavItem("debts.register", _("Schuldeisers")))
        items.append(NavItem("handover.queue", _("Overdrachten")))
    if current_user.has_role(Role.COORDINATOR, Role.BEHEERDER):
        items.append(NavItem("admin.users", _("Gebruikers")))
    if current_user.has_role(Role.BEHEERDER):
        items.append(NavItem("admin.locations", _("Locaties")))
        items.append(NavItem("budget_admin.index", _("Normen")))
        items.append(NavItem("handover.orgs", _("Ontvangers")))
        items.append(NavItem("debts.pending", _("Nieuwe schuldeisers")))
        items.append(NavItem("letters.templates", _("Briefteksten")))
    if current_user.has_role(Role.RAPPORTAGE, Role.BEHEERDER, Role.COORDINATOR, Role.COACH):
        items.append(NavItem("reports.report", _("Rapportage")))
    items.append(NavItem("auth.account", _("Mijn account")))
    return items


def href(item: NavItem) -> str:
    return url_for(item.endpoint)
