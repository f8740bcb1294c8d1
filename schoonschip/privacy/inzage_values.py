"""How the AVG inzage shows a stored value: Dutch labels for coded values and audit actions,
and one formatter per kind of value (dates in Dutch local time, money, yes/no, people,
sealed JSON). The registry of what is shown is in :mod:`schoonschip.privacy.inzage`."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from schoonschip.auth.models import Location, User
from schoonschip.budget.models import BudgetVersion
from schoonschip.budget.rules.vtlb import AgeBand
from schoonschip.cases.debts.models import Creditor
from schoonschip.cases.handover.models import ReceivingOrg
from schoonschip.cases.handover.rules import ANSWER_LABELS_NL
from schoonschip.cases.mediation import rules as mr
from schoonschip.i18n import N_
from schoonschip.money import Money, format_eur

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")

MEMBER_KIND_LABELS_NL = {"kind": N_("Kind"), "volwassene": N_("Andere volwassene in huis")}
INSTALMENT_STATUS_LABELS_NL = {
    mr.InstalmentStatus.OPEN: N_("Nog niet betaald"),
    mr.InstalmentStatus.BETAALD: N_("Betaald"),
    mr.InstalmentStatus.GEMIST: N_("Gemist"),
}
DIRECTION_LABELS_NL = {"inkomen": N_("Inkomen"), "uitgave": N_("Uitgave")}
SNAPSHOT_PURPOSE_LABELS_NL = {"vastgelegd": N_("Vastgelegd"), "afdruk": N_("Afgedrukt")}

# What the access log says per audit action (plain words). Unknown actions are shown as
# "Andere handeling" with their code, so nothing is hidden.
ACTION_LABELS_NL = {
    "case_open": N_("Dossier aangemaakt"),
    "case_view": N_("Dossier bekeken"),
    "case_change": N_("Dossier veranderd"),
    "case_print": N_("Dossier afgedrukt"),
    "case_export": N_("Dossier gedownload als pdf"),
    "case_inzage": N_("Inzage afgedrukt voor de bewoner"),
    "case_inzage_pdf": N_("Inzage gedownload als pdf voor de bewoner"),
    "case_refused": N_("Geen toegang gekregen"),
    "case_stage": N_("Fase veranderd"),
    "case_close": N_("Dossier afgesloten"),
    "case_reopen": N_("Dossier weer geopend"),
    "case_reassign": N_("Andere coach gekozen"),
    "case_transfer": N_("Naar een andere locatie verhuisd"),
    "case_share": N_("Gedeeld met een coach"),
    "case_unshare": N_("Niet meer gedeeld met een coach"),
    "case_conflict": N_("Belangenconflict gemeld"),
    "case_erase": N_("Dossier gewist"),
    "resident_update": N_("Gegevens van de bewoner veranderd"),
    "story_update": N_("Het verhaal veranderd"),
    "contact_add": N_("Contactmoment toegevoegd"),
    "contact_delete": N_("Contactmoment verwijderd"),
    "consent_given": N_("Toestemming vastgelegd"),
    "consent_withdrawn": N_("Toestemming ingetrokken"),
    "debt_create": N_("Schuld toegevoegd"),
    "debt_update": N_("Schuld veranderd"),
    "debt_status": N_("Status van een schuld veranderd"),
    "debt_delete": N_("Schuld verwijderd"),
    "debt_payment": N_("Betaalde termijn afgetrokken van een schuld"),
    "debt_payment_undo": N_("Betaalde termijn weer bij een schuld opgeteld"),
    "letter_generate": N_("Brief aan een schuldeiser gemaakt"),
    "letter_answer": N_("Antwoord van een schuldeiser vastgelegd"),
    "mediation_create": N_("Bemiddeling huurachterstand begonnen"),
    "mediation_update": N_("Bemiddeling veranderd"),
    "mediation_stage": N_("Stap van de bemiddeling veranderd"),
    "mediation_outcome": N_("Uitkomst van de bemiddeling vastgelegd"),
    "mediation_delete": N_("Bemiddeling verwijderd"),
    "arrangement_create": N_("Betalingsregeling gemaakt"),
    "arrangement_end": N_("Betalingsregeling beëindigd"),
    "instalment_mark": N_("Termijn bijgewerkt"),
    "crisis_add": N_("Crisis gemeld"),
    "crisis_handled": N_("Crisis afgehandeld"),
    "readiness_answers": N_("Antwoorden bij Klaar? opgeslagen"),
    "readiness_documents": N_("Papieren bij Klaar? bijgewerkt"),
    "handover_ready": N_("Klaar voor overdracht gemeld"),
    "handover_withdrawn": N_("Melding klaar voor overdracht ingetrokken"),
    "handover_signoff": N_("Gecontroleerd door een coördinator"),
    "handover_sent_back": N_("Teruggestuurd naar de coach"),
    "handover_sent": N_("Overgedragen"),
    "handover_result": N_("Uitslag van de overdracht vastgelegd"),
    "handover_package": N_("Versleuteld overdrachtspakket gemaakt"),
    "handover_package_item": N_("Dossier in het versleutelde overdrachtspakket gedaan"),
    "document_add": N_("Document toegevoegd"),
    "document_view": N_("Document bekeken"),
    "document_download": N_("Document gedownload"),
    "document_link": N_("Document ergens anders bij gezet"),
    "document_delete": N_("Document verwijderd"),
}

# Keys of the sealed JSON values (budget household, VTLB corrections, offer settings, saved
# calculations, the checklist's facts): a Dutch label and how to show the value. A key not
# listed here is still shown, with its stored name, so nothing is left out.
JSON_KEY_LABELS_NL: dict[str, tuple[str, str]] = {
    "has_partner": (N_("Partner"), "bool"),
    "partner_birth_date": (N_("Geboortedatum partner"), "date"),
    "resident_birth_date": (N_("Geboortedatum bewoner"), "date"),
    "children_under_18": (N_("Kinderen onder 18"), "plain"),
    "kostendelers_27plus": (N_("Andere volwassenen in huis van 27 jaar of ouder"), "plain"),
    "resident_age_band": (N_("Leeftijdsgroep bewoner"), "age_band"),
    "partner_age_band": (N_("Leeftijdsgroep partner"), "age_band"),
    "work_travel_km_per_day": (N_("Kilometers naar het werk per dag"), "plain"),
    "work_days_per_week": (N_("Werkdagen per week"), "plain"),
    "childcare_uncovered": (N_("Kinderopvang die niet vergoed wordt, per maand"), "cents"),
    "alimony_paid": (N_("Betaalde alimentatie, per maand"), "cents"),
    "eigen_risico": (N_("Eigen risico zorgverzekering meetellen"), "bool"),
    "assets": (N_("Bezit (spaargeld, auto en dergelijke)"), "cents"),
    "fee": (N_("Kosten van de schuldhulp meetellen"), "bool"),
    "preferent_factor": (N_("Weging preferente schuldeisers"), "plain"),
    "counted_income": (N_("Inkomen dat meetelt, per maand"), "cents"),
    "vtlb": (N_("VTLB, per maand"), "cents"),
    "capacity": (N_("Afloscapaciteit, per maand"), "cents"),
    "official_vtlb": (N_("Officiële VTLB, per maand"), "cents"),
    "warnings": (N_("Aantal waarschuwingen"), "plain"),
    "offer_basis": (N_("Aanbod berekend met"), "basis"),
    "afdracht": (N_("Wat de bewoner in totaal aflost"), "cents"),
    "kosten": (N_("Kosten van de schuldhulp"), "cents"),
    "te_verdelen": (N_("Te verdelen onder de schuldeisers"), "cents"),
    "total_debt": (N_("Totale schuld"), "cents"),
    "percentage": (N_("Percentage voor de schuldeisers"), "plain"),
    "zero_offer": (N_("Nulaanbod"), "bool"),
    "car": (N_("Auto"), "answer"),
    "car_value": (N_("Waarde van de auto"), "cents"),
    "alimony": (N_("Betaalt alimentatie"), "answer"),
    "nihil": (N_("Nihilstelling gevraagd"), "answer"),
    "on": (N_("Datum"), "date"),
}
BASIS_LABELS_NL = {"indicatief": N_("Indicatieve VTLB"), "officieel": N_("Officiële VTLB")}


# ------------------------------------------------------------------------ shown values
@dataclass(frozen=True)
class Shown:
    """One value as shown. ``translate``: the text is a Dutch label (msgid), not data.
    ``lines``: a value made of several labelled parts (stored JSON, checklist answers)."""

    text: str
    translate: bool = False
    lines: tuple[tuple[Shown, Shown], ...] = ()
    suffix: str = ""  # data shown after the (translated) text, e.g. a date


EMPTY = Shown("–")
YES, NO = Shown(N_("Ja"), True), Shown(N_("Nee"), True)


@dataclass
class Lookups:
    """Names the page shows instead of ids (users, creditors, organisations, budgets)."""

    users: dict[int, User] = field(default_factory=dict)
    creditors: dict[int, Creditor] = field(default_factory=dict)
    orgs: dict[int, ReceivingOrg] = field(default_factory=dict)
    versions: dict[int, BudgetVersion] = field(default_factory=dict)
    locations: dict[int, Location] = field(default_factory=dict)
    debts: dict[int, str] = field(default_factory=dict)  # debt id -> its creditor, as shown


Formatter = Callable[[Any, Lookups], Shown]


def local_time(value: datetime) -> str:
    """Stored times are naive UTC; shown in Amsterdam time."""
    aware = value.replace(tzinfo=ZoneInfo("UTC")) if value.tzinfo is None else value
    return aware.astimezone(LOCAL_TZ).strftime("%d-%m-%Y %H:%M")


def _scalar(value: Any) -> Shown:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime):
        return Shown(local_time(value))
    if isinstance(value, date):
        return Shown(value.strftime("%d-%m-%Y"))
    if isinstance(value, Money):
        return Shown(format_eur(value))
    if isinstance(value, dict | list):
        return Shown(json.dumps(value, ensure_ascii=False, default=str))
    return Shown(str(value))


def _json_value(kind: str, value: Any) -> Shown:
    if value is None or value == "":
        return EMPTY
    try:
        if kind == "cents" and isinstance(value, int) and not isinstance(value, bool):
            return Shown(format_eur(Money(value)))
        if kind == "date" and isinstance(value, str):
            return Shown(date.fromisoformat(value).strftime("%d-%m-%Y"))
        if kind == "age_band":
            return Shown(AgeBand(value).label, True)
        if kind == "answer":
            return Shown(ANSWER_LABELS_NL[value], True)
        if kind == "basis":
            return Shown(BASIS_LABELS_NL[value], True)
    except (KeyError, ValueError):
        pass  # an unexpected stored value: shown as it is, below
    return _scalar(value)


def structured_value(value: Any) -> Shown:
    """A stored JSON object as labelled lines; anything else as one value."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return Shown(value)
    if not isinstance(value, dict):
        return _scalar(value)
    lines = []
    for key, v in value.items():
        label, kind = JSON_KEY_LABELS_NL.get(str(key), (str(key), "plain"))
        lines.append((Shown(label, str(key) in JSON_KEY_LABELS_NL), _json_value(kind, v)))
    return Shown("", lines=tuple(lines)) if lines else EMPTY


def text(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None or v == "" else Shown(str(v))


def day(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None else Shown(v.strftime("%d-%m-%Y"))


def moment(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None else Shown(local_time(v))


def yes_no(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None else (YES if v else NO)


def money(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None else Shown(format_eur(v))


_PAYMENT_PARTS = {
    "hoofdsom": N_("Hoofdsom"), "rente": N_("Rente"), "incassokosten": N_("Incassokosten"),
    "gerechtelijke_kosten": N_("Gerechtelijke kosten"), "boetes": N_("Boetes"),
}  # fmt: skip


def payment_split(v: Any, _lk: Lookups) -> Shown:
    """A payment booked on a debt, stored as ``part=cents;…``: each part with its amount."""
    if not v:
        return EMPTY
    lines = []
    for part in str(v).split(";"):
        name, _sep, cents = part.partition("=")
        if cents.lstrip("-").isdecimal():
            lines.append((Shown(_PAYMENT_PARTS.get(name, name), name in _PAYMENT_PARTS), Shown(format_eur(Money(int(cents))))))
    return Shown("", lines=tuple(lines)) if lines else Shown(str(v))


def number(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None else Shown(str(v))


def structured(v: Any, _lk: Lookups) -> Shown:
    return EMPTY if v is None or v == {} or v == "" else structured_value(v)


def person(v: Any, lk: Lookups) -> Shown:
    if v is None:
        return EMPTY
    user = lk.users.get(v)
    return Shown(user.display_name) if user else Shown(N_("Onbekende medewerker"), True)


def creditor(v: Any, lk: Lookups) -> Shown:
    c = lk.creditors.get(v) if v is not None else None
    return Shown(c.name) if c else EMPTY


def org(v: Any, lk: Lookups) -> Shown:
    o = lk.orgs.get(v) if v is not None else None
    return Shown(o.name) if o else EMPTY


def location(v: Any, lk: Lookups) -> Shown:
    loc = lk.locations.get(v) if v is not None else None
    return Shown(loc.name) if loc else EMPTY


def debt(v: Any, lk: Lookups) -> Shown:
    return Shown(lk.debts[v]) if v in lk.debts else EMPTY


def budget_version(v: Any, lk: Lookups) -> Shown:
    bv = lk.versions.get(v) if v is not None else None
    return Shown(bv.peildatum.strftime("%d-%m-%Y")) if bv else EMPTY


def coded(labels: Mapping[Any, str]) -> Formatter:
    """A coded value shown with its Dutch label; an unknown code is shown as stored."""
    by_value = {str(k): v for k, v in labels.items()}

    def fmt(v: Any, _lk: Lookups) -> Shown:
        if v is None or v == "":
            return EMPTY
        label = by_value.get(str(v))
        return Shown(label, True) if label else Shown(str(v))

    return fmt


def enum_label(*enums: type[Enum]) -> Formatter:
    labels: dict[str, str] = {}
    for e in enums:
        for member in e:
            labels.setdefault(str(member.value), member.label)  # type: ignore[attr-defined]
    return coded(labels)


def answers(labels: Mapping[str, str], values: Mapping[str, str]) -> Formatter:
    """Stored ``{code: [value, "jjjj-mm-dd"]}`` as lines ``item: answer (date)``."""

    def fmt(v: Any, _lk: Lookups) -> Shown:
        try:
            data = json.loads(v or "{}")
        except ValueError:
            return Shown(str(v))
        if not isinstance(data, dict) or not data:
            return EMPTY if not data else Shown(str(v))
        lines = []
        for code, pair in data.items():
            value, on = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (pair, None)
            label = labels.get(code)
            answer = values.get(str(value))
            shown = Shown(answer, True) if answer else Shown(str(value))
            if on:
                try:
                    shown = Shown(shown.text, shown.translate, suffix=f" ({date.fromisoformat(on).strftime('%d-%m-%Y')})")
                except (TypeError, ValueError):
                    shown = Shown(shown.text, shown.translate, suffix=f" ({on})")
            lines.append((Shown(label, True) if label else Shown(code), shown))
        return Shown("", lines=tuple(lines))

    return fmt
