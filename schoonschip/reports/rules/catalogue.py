"""What a funder report can show: the vocabularies of its categories, the indicators and
the profiles (one selection of indicators per audience). Data, not code; the counting is in
:mod:`schoonschip.reports.rules.indicators`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from schoonschip.i18n import N_
from schoonschip.money import Money
from schoonschip.reports.rules.family import register_tables

TOTAL_LABEL = N_("Totaal")
# ---------------------------------------------------------------- vocabularies


def _vocab(*pairs: tuple[str, str]) -> dict[str, str]:
    return dict(pairs)


HANDOVER_ROUTES = _vocab(
    ("minnelijk", N_("Minnelijk traject")), ("wsnp", N_("WSNP")), ("budgetbeheer", N_("Budgetbeheer")), ("anders", N_("Anders"))
)
HANDOVER_RESULTS = _vocab(
    ("geaccepteerd", N_("Geaccepteerd")),
    ("teruggestuurd", N_("Teruggestuurd")),
    ("regeling gestart", N_("Regeling gestart")),
    ("wsnp toegelaten", N_("WSNP toegelaten")),
    ("afgewezen", N_("Afgewezen")),
    ("nog geen uitslag", N_("Nog geen uitslag")),
)
CLOSE_REASONS = _vocab(
    ("doel bereikt", N_("Doel bereikt")),
    ("overgedragen", N_("Overgedragen")),
    ("geen contact meer", N_("Geen contact meer")),
    ("verhuisd", N_("Verhuisd")),
    ("op eigen verzoek", N_("Op eigen verzoek")),
    ("anders", N_("Anders")),
)
REFERRAL_SOURCES = _vocab(
    ("zelf", N_("Zelf gekomen")),
    ("buren", N_("Buren of bekenden")),
    ("wpi-klantmanager", N_("WPI-klantmanager")),
    ("woningcorporatie", N_("Woningcorporatie")),
    ("buurtteam", N_("Buurtteam")),
    ("voedselbank", N_("Voedselbank")),
    ("anders", N_("Anders")),
    ("onbekend", N_("Onbekend")),
)
LANDLORDS = _vocab(
    ("eigen haard", N_("Eigen Haard")),
    ("ymere", N_("Ymere")),
    ("rochdale", N_("Rochdale")),
    ("stadgenoot", N_("Stadgenoot")),
    ("de key", N_("De Key")),
    ("de alliantie", N_("De Alliantie")),
    ("particulier", N_("Particuliere verhuurder")),
    ("anders", N_("Anders")),
    ("onbekend", N_("Onbekend")),
)
TALLY_TOPICS = _vocab(
    ("brief", N_("Brief")), ("formulier", N_("Formulier")), ("schuld", N_("Schuld")), ("huur", N_("Huur")), ("anders", N_("Anders"))
)
CREDITOR_CATEGORIES = _vocab(
    ("belastingdienst", N_("Belastingdienst")),
    ("toeslagen", "Toeslagen"),
    ("cjib", "CJIB"),
    ("duo", "DUO"),
    ("uwv", N_("UWV")),
    ("svb", N_("SVB")),
    ("cak", N_("CAK")),
    ("gemeente", N_("Gemeente")),
    ("waterbedrijf", N_("Waterbedrijf")),
    ("energieleverancier", N_("Energieleverancier")),
    ("zorgverzekeraar", N_("Zorgverzekeraar")),
    ("woningcorporatie/verhuurder", N_("Woningcorporatie of verhuurder")),
    ("telecom", "Telecom"),
    ("bank/kredietverstrekker", N_("Bank of kredietverstrekker")),
    ("webwinkel/achteraf betalen", N_("Webwinkel of achteraf betalen")),
    ("incassobureau", N_("Incassobureau")),
    ("deurwaarder", N_("Deurwaarder")),
    ("anders", N_("Anders")),
)
CREDITOR_BANDS = _vocab(("1-2", N_("1 of 2")), ("3-5", N_("3 tot en met 5")), ("6-10", N_("6 tot en met 10")), (">10", N_("Meer dan 10")))
DEBT_BANDS = _vocab(
    ("<5000", N_("Minder dan € 5.000")),
    ("5000-15000", N_("€ 5.000 tot € 15.000")),
    ("15000-30000", N_("€ 15.000 tot € 30.000")),
    (">=30000", N_("€ 30.000 of meer")),
)


def _norm(value: str | None, vocab: Mapping[str, str], missing: str = "onbekend") -> str:
    """A vocabulary code; unknown or typed text becomes "anders", nothing becomes ``missing``."""
    if value is None or not value.strip():
        return missing if missing in vocab else "anders"
    key = value.strip().lower()
    return key if key in vocab else "anders"


def norm_code(value: str | None, vocab: Mapping[str, str], missing: str = "onbekend") -> str:
    """A vocabulary code for a stored code (see ``_norm``)."""
    return _norm(value, vocab, missing)


def creditor_band(n_creditors: int) -> str:
    if n_creditors <= 2:
        return "1-2"
    if n_creditors <= 5:
        return "3-5"
    if n_creditors <= 10:
        return "6-10"
    return ">10"


def debt_band(total: Money) -> str:
    if total.cents < 5_000_00:
        return "<5000"
    if total.cents < 15_000_00:
        return "5000-15000"
    if total.cents < 30_000_00:
        return "15000-30000"
    return ">=30000"


# ------------------------------------------------------------------- indicators

IndicatorKind = Literal["row", "table", "amount"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One thing a report can show. ``row``: a line in the core table (one number per
    location); ``table``: its own table with categories as rows; ``amount``: a line with
    an amount statistic. ``margin``: for a table, the row indicator its column totals
    equal (so both hide the same entries)."""

    code: str
    label: str
    unit: str
    kind: IndicatorKind
    margin: str | None = None
    categories: Mapping[str, str] | None = None


_ROW_INDICATORS = (
    Indicator(
        "klanten",
        N_("Formulierenbrigade, schuldhulptoeleiding en bemiddeling bij huurachterstanden — klanten"),
        N_("Klanten"),
        "row",
    ),
    Indicator("unique_residents", N_("Bewoners geholpen met schulden"), N_("Uniek #"), "row"),
    Indicator("new_cases", N_("Nieuwe dossiers"), N_("Dossiers"), "row"),
    Indicator("step_a", N_("Stap A bereikt: het verhaal achter de schulden"), N_("Dossiers"), "row"),
    Indicator("step_b", N_("Stap B bereikt: inzicht in schulden, inkomen en uitgaven"), N_("Dossiers"), "row"),
    Indicator("step_c", N_("Stap C bereikt: samen de schulden aanpakken"), N_("Dossiers"), "row"),
    Indicator("handovers", N_("Overgedragen aan de schuldhulpverlening"), N_("Dossiers"), "row"),
    Indicator("closed", N_("Afgesloten dossiers"), N_("Dossiers"), "row"),
    Indicator("cases_with_debts", N_("Dossiers met schulden in beeld"), N_("Dossiers"), "row"),
    Indicator("mediations_started", N_("Bemiddelingen bij huurachterstand gestart"), N_("Aantal"), "row"),
    Indicator("arrangements_made", N_("Betalingsregelingen met de verhuurder gemaakt"), N_("Aantal"), "row"),
    Indicator("instalments_kept", N_("Termijnen op tijd betaald"), N_("Termijnen"), "row"),
    Indicator("instalments_missed", N_("Termijnen gemist"), N_("Termijnen"), "row"),
    Indicator("evictions_averted", N_("Huisuitzetting voorkomen"), N_("Aantal"), "row"),
    Indicator("evictions_carried_out", N_("Huisuitzetting uitgevoerd"), N_("Aantal"), "row"),
    Indicator("contact_moments", N_("Contactmomenten"), N_("Aantal"), "row"),
    Indicator("contact_hours", N_("Uren contact met bewoners"), N_("Uren"), "row"),
    Indicator("tally_total", N_("Korte vragen (turflijst)"), N_("Aantal"), "row"),
)

_MEDIATION_MEASURES = (
    "mediations_started",
    "arrangements_made",
    "instalments_kept",
    "instalments_missed",
    "evictions_averted",
    "evictions_carried_out",
)

_TABLE_INDICATORS = (
    Indicator("handovers_by_route", N_("Overgedragen, naar soort traject"), N_("Dossiers"), "table", "handovers",
              HANDOVER_ROUTES),
    Indicator("handovers_by_result", N_("Overgedragen, naar uitkomst"), N_("Dossiers"), "table", "handovers",
              HANDOVER_RESULTS),
    Indicator("closed_by_reason", N_("Afgesloten, naar reden"), N_("Dossiers"), "table", "closed", CLOSE_REASONS),
    Indicator("referral_sources", N_("Nieuwe dossiers, naar wie de bewoner stuurde"), N_("Dossiers"), "table",
              "new_cases", REFERRAL_SOURCES),
    Indicator("creditor_bands", N_("Aantal schuldeisers per dossier"), N_("Dossiers"), "table", "cases_with_debts",
              CREDITOR_BANDS),
    Indicator("debt_bands", N_("Totale schuld per dossier"), N_("Dossiers"), "table", "cases_with_debts", DEBT_BANDS),
    Indicator("tally_by_topic", N_("Korte vragen, naar onderwerp"), N_("Aantal"), "table", "tally_total", TALLY_TOPICS),
) + tuple(
    Indicator(f"{m}_by_landlord", N_("%(label)s, per woningcorporatie", label=label), unit, "table", m, LANDLORDS)
    for m, label, unit in (
        ("mediations_started", N_("Bemiddelingen bij huurachterstand gestart"), N_("Aantal")),
        ("arrangements_made", N_("Betalingsregelingen met de verhuurder gemaakt"), N_("Aantal")),
        ("instalments_kept", N_("Termijnen op tijd betaald"), N_("Termijnen")),
        ("instalments_missed", N_("Termijnen gemist"), N_("Termijnen")),
        ("evictions_averted", N_("Huisuitzetting voorkomen"), N_("Aantal")),
        ("evictions_carried_out", N_("Huisuitzetting uitgevoerd"), N_("Aantal")),
    )
)  # fmt: skip

_AMOUNT_INDICATORS = (
    Indicator("debt_total", N_("Totale schuld"), "€", "amount"),
    Indicator("debt_median", N_("Mediaan van de schuld per bewoner (afgerond op € 100)"), "€", "amount"),
    Indicator("costs_share", N_("Deel van de schuld dat kosten en boetes zijn"), "%", "amount"),
    Indicator("category_share", N_("Deel van de schuld per soort schuldeiser"), "%", "amount"),
)

INDICATORS: dict[str, Indicator] = {i.code: i for i in _ROW_INDICATORS + _TABLE_INDICATORS + _AMOUNT_INDICATORS}
register_tables({i.code: (i.margin or "", tuple(i.categories or ())) for i in _TABLE_INDICATORS})


# --------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class Profile:
    """A selection of indicators for one audience. Data, not code."""

    code: str
    title: str
    audience: str
    indicators: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = [c for c in self.indicators if c not in INDICATORS]
        if unknown:
            raise ValueError(f"Onbekende indicatoren in profiel {self.code}: {', '.join(unknown)}")


PROFILES: dict[str, Profile] = {
    p.code: p
    for p in (
        Profile(
            "gemeente",
            N_("Jaaroverzicht schuldhulp voor de gemeente"),
            N_("Gemeente Amsterdam, stadsdeel Zuidoost"),
            (
                "klanten", "unique_residents", "new_cases", "step_a", "step_b", "step_c", "handovers", "closed",
                "mediations_started", "evictions_averted", "contact_moments", "contact_hours", "tally_total",
                "handovers_by_route", "closed_by_reason", "referral_sources", "tally_by_topic",
            ),
        ),
        Profile(
            "woningcorporaties",
            N_("Bemiddeling bij huurachterstand, per woningcorporatie"),
            N_("Eigen Haard, Rochdale, Ymere, Stadgenoot en andere verhuurders"),
            _MEDIATION_MEASURES + tuple(f"{m}_by_landlord" for m in _MEDIATION_MEASURES),
        ),
        Profile(
            "vsnk",
            N_("Schuldhulp voor Van Schulden naar Kansen"),
            N_("Stichting Van Schulden naar Kansen (Nationale Nederlanden)"),
            (
                "unique_residents", "new_cases", "step_a", "step_b", "step_c", "handovers", "cases_with_debts",
                "contact_hours", "handovers_by_route", "handovers_by_result", "creditor_bands", "debt_bands",
                "debt_total", "debt_median", "costs_share", "category_share",
            ),
        ),
        Profile("alles", N_("Alle cijfers"), N_("Beheerder"), tuple(INDICATORS)),
    )
}  # fmt: skip
