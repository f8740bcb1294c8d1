"""From anonymised facts to a funder report that has passed disclosure control.

Pure module: no Flask, no SQLAlchemy, no floats. The app fills the fact dataclasses
below from the database *without* names or free text (opaque integer keys only) and
calls :func:`build_report`. Everything that leaves ``build_report`` has been through
:mod:`schoonschip.reports.rules.disclosure`.

How things are counted (also shown on the report page)
------------------------------------------------------
* A case is **active in the period** when it was opened on or before the last day and
  was not closed before the first day.
* **Bewoners geholpen met schulden** ("Uniek #"): residents with an active case at the
  location. A resident counts once per location and period, however many cases they
  have there. A resident helped at two locations counts once at *each* location; the
  **Totaal column adds the locations up** (as the organisation's 2016 tables did), so
  such a resident counts twice in the total. This keeps every row additive, which the
  disclosure control relies on.
* **Nieuwe dossiers**: opened in the period. **Stap A/B/C bereikt**: the date the case
  first reached that step lies in the period (``stages_reached`` keys ``"A"``, ``"B"``,
  ``"C"``). **Overgedragen**: handover date in the period, by route and by result.
  **Afgesloten**: closing date in the period, by reason. **Verwezen door**: the
  referral source of the new cases.
* **Bemiddeling huurachterstand** per housing corporation: started, arrangement made,
  instalments due in the period kept or missed, eviction averted or carried out (by
  the outcome date). Counted per location of the mediation.
* **Schulden**: for active cases with at least one debt. Creditors per case in bands
  1–2, 3–5, 6–10, meer dan 10 (distinct ``creditor_key``; a debt without a key counts
  as its own creditor). Total debt per case in bands below € 5.000, € 5.000 to
  € 15.000, € 15.000 to € 30.000, € 30.000 and more (a band includes its lower bound).
  Amounts are the amounts as recorded now, not as on the last day of the period.
* **Bedragen** (total debt, median, share of costs and fines, share per creditor
  category) are per resident and follow the amount rules of the disclosure module
  (≥ 10 residents, nobody more than half). If a location's figure is hidden, the Totaal
  figure of that row is hidden too, or it could be found by subtraction.
* **Contactmomenten en uren**: contact moments of active and closed cases with a date
  in the period; hours are whole hours, rounded down. **Korte vragen**: the quick
  tally (no personal data) by topic.
* Unknown or free-typed labels (a referral source, a landlord, a reason) are counted
  as "anders", so typed text never reaches a report.

Disclosure across tables
------------------------
Several tables share totals (handovers by route and by result both add up to the
handovers per location; referral sources add up to the new cases; the tables per
housing corporation add up to the rows of the core table). ``build_report`` protects
*all* tables of the report together: an entry hidden in one table is hidden in every
table that shows the same number, and the tables are protected again until nothing
changes. It always does this for every indicator, whatever the profile, so two profiles
for the same period and locations hide the same entries.

Across views: the pages do not call ``build_report`` for a free period any more. They
show slices of one protected family per year (``rules.family``, see docs/reports.md), built
by ``report_from_cells``; ``build_report`` remains for one period and location selection
(tests, tools).

Targets
-------
Targets are set per location, year and indicator. They are shown, with attainment and
colour, **only for a full calendar year period**: a target is a year figure, and
pro-rating it to a quarter or month would pretend that debt work is spread evenly over
the year. The Totaal column gets a target only when every selected location has one
(the sum of them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from schoonschip.i18n import N_
from schoonschip.money import Money

# The facts, the period and the catalogue of indicators live in their own modules; they are
# named here too, so ``reports.rules.indicators`` stays the one place to import a report from.
from schoonschip.reports.rules.catalogue import (
    _AMOUNT_INDICATORS,
    _ROW_INDICATORS,
    _TABLE_INDICATORS,
    CLOSE_REASONS,
    CREDITOR_BANDS,
    CREDITOR_CATEGORIES,
    DEBT_BANDS,
    HANDOVER_RESULTS,
    HANDOVER_ROUTES,
    INDICATORS,
    LANDLORDS,
    PROFILES,
    REFERRAL_SOURCES,
    TALLY_TOPICS,
    TOTAL_LABEL,
    Indicator,
    IndicatorKind,
    Profile,
    _norm,
    creditor_band,
    debt_band,
    norm_code,
)
from schoonschip.reports.rules.disclosure import (
    AMOUNT_HIDDEN_DISPLAY,
    DEFAULT_DOMINANCE,
    DEFAULT_K,
    DEFAULT_MIN_CONTRIBUTORS,
    HIDDEN_REASON,
    Cell,
    SafeAmount,
    SafeShare,
    SuppressedTable,
    method_explanation_nl,
    safe_median,
    safe_share,
    safe_sum,
    suppress_table,
)
from schoonschip.reports.rules.facts import (
    CaseFact,
    DebtFact,
    Handover,
    Instalment,
    MediationFact,
    MediationOutcome,
    ReportFacts,
    TallyFact,
    Target,
)
from schoonschip.reports.rules.family import augmented_values
from schoonschip.reports.rules.legend import LEGEND, LEGEND_RULE_NL, Attainment, assess
from schoonschip.reports.rules.period import Period, PeriodKind
from schoonschip.reports.rules.report import AmountSection, Report, Section

__all__ = [
    "TOTAL_LABEL",
    "Period",
    "DebtFact",
    "Handover",
    "CaseFact",
    "Instalment",
    "MediationFact",
    "TallyFact",
    "ReportFacts",
    "Target",
    "Indicator",
    "INDICATORS",
    "Profile",
    "PROFILES",
    "Section",
    "AmountSection",
    "Report",
    "build_report",
    "PeriodKind",
    "IndicatorKind",
    "MediationOutcome",
    "CLOSE_REASONS",
    "CREDITOR_BANDS",
    "CREDITOR_CATEGORIES",
    "DEBT_BANDS",
    "HANDOVER_RESULTS",
    "HANDOVER_ROUTES",
    "LANDLORDS",
    "REFERRAL_SOURCES",
    "TALLY_TOPICS",
    "creditor_band",
    "debt_band",
    "norm_code",
    "report_from_cells",
    "amount_section_for",
    "amount_label",
    "amount_notes",
]

# ------------------------------------------------------------------ aggregation


def _count(counter: Mapping[tuple[str, str], int], codes: Iterable[str], locations: Sequence[str]) -> list[list[int]]:
    return [[counter.get((code, loc), 0) for loc in locations] for code in codes]


@dataclass
class _Counts:
    """Raw counts: ``rows[(indicator, location)]`` and ``tables[code][(category, location)]``."""

    rows: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    tables: dict[str, dict[tuple[str, str], int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))


def _aggregate(facts: ReportFacts, period: Period, locations: Sequence[str]) -> _Counts:
    wanted = set(locations)
    c = _Counts()
    rows, tables = c.rows, c.tables
    residents: dict[str, set[int]] = defaultdict(set)
    minutes: dict[str, int] = defaultdict(int)

    for case in facts.cases:
        loc = case.location
        if loc not in wanted:
            continue
        active = case.active_in(period)
        if active:
            residents[loc].add(case.resident_key)
        if period.contains(case.opened):
            rows[("new_cases", loc)] += 1
            tables["referral_sources"][(_norm(case.referral_source, REFERRAL_SOURCES), loc)] += 1
        for step in ("A", "B", "C"):
            if period.contains(case.stages_reached.get(step)):
                rows[(f"step_{step.lower()}", loc)] += 1
        if case.handover is not None and period.contains(case.handover.day):
            rows[("handovers", loc)] += 1
            tables["handovers_by_route"][(_norm(case.handover.route, HANDOVER_ROUTES), loc)] += 1
            result = _norm(case.handover.result, HANDOVER_RESULTS, missing="nog geen uitslag")
            tables["handovers_by_result"][(result, loc)] += 1
        if period.contains(case.closed):
            rows[("closed", loc)] += 1
            tables["closed_by_reason"][(_norm(case.close_reason, CLOSE_REASONS), loc)] += 1
        if active and case.debts:
            rows[("cases_with_debts", loc)] += 1
            keys = {d.creditor_key if d.creditor_key is not None else ("debt", n) for n, d in enumerate(case.debts)}
            tables["creditor_bands"][(creditor_band(len(keys)), loc)] += 1
            total = Money(sum(d.total.cents for d in case.debts))
            tables["debt_bands"][(debt_band(total), loc)] += 1
        for day, mins in case.contact_minutes:
            if period.contains(day):
                rows[("contact_moments", loc)] += 1
                minutes[loc] += mins

    for loc in locations:
        rows[("unique_residents", loc)] = len(residents[loc])
        rows[("contact_hours", loc)] = minutes[loc] // 60

    for med in facts.mediations:
        loc = med.location
        if loc not in wanted:
            continue
        landlord = _norm(med.landlord, LANDLORDS)
        events: list[str] = []
        if period.contains(med.started):
            events.append("mediations_started")
        if period.contains(med.arrangement_made):
            events.append("arrangements_made")
        for inst in med.instalments:
            if period.contains(inst.due):
                events.append("instalments_kept" if inst.kept else "instalments_missed")
        if med.outcome is not None and period.contains(med.outcome_date):
            events.append("evictions_averted" if med.outcome == "averted" else "evictions_carried_out")
        for measure in events:
            rows[(measure, loc)] += 1
            tables[f"{measure}_by_landlord"][(landlord, loc)] += 1

    for tally in facts.tallies:
        if tally.location in wanted and period.contains(tally.day):
            rows[("tally_total", tally.location)] += tally.count
            tables["tally_by_topic"][(_norm(tally.topic, TALLY_TOPICS), tally.location)] += tally.count
    for loc in locations:
        rows[("klanten", loc)] = rows[("unique_residents", loc)] + rows[("tally_total", loc)]
    return c


# ---------------------------------------------------------- joint protection


@dataclass
class _Spec:
    code: str
    title: str
    unit: str
    row_codes: tuple[str, ...]
    row_labels: tuple[str, ...]
    row_units: tuple[str, ...]
    matrix: list[list[int]]
    column_totals: bool
    keys: dict[tuple[int, int], tuple[str, str]]


def _specs(counts: _Counts, locations: Sequence[str]) -> list[_Spec]:
    n_loc = len(locations)
    core_codes = tuple(i.code for i in _ROW_INDICATORS)
    core_keys: dict[tuple[int, int], tuple[str, str]] = {}
    for i, code in enumerate(core_codes):
        for j, loc in enumerate(locations):
            core_keys[(i, j)] = (code, loc)
        core_keys[(i, n_loc)] = (code, TOTAL_LABEL)
    specs = [
        _Spec(
            "kerncijfers",
            "Kerncijfers",
            "",
            core_codes,
            tuple(INDICATORS[c].label for c in core_codes),
            tuple(INDICATORS[c].unit for c in core_codes),
            _count(counts.rows, core_codes, locations),
            False,
            core_keys,
        )
    ]
    for ind in _TABLE_INDICATORS:
        assert ind.categories is not None and ind.margin is not None
        cats = tuple(ind.categories)
        keys = {(len(cats), j): (ind.margin, loc) for j, loc in enumerate(locations)}
        keys[(len(cats), n_loc)] = (ind.margin, TOTAL_LABEL)
        specs.append(
            _Spec(
                ind.code,
                ind.label,
                ind.unit,
                cats,
                tuple(ind.categories.values()),
                (ind.unit,) * len(cats),
                _count(counts.tables[ind.code], cats, locations),
                True,
                keys,
            )
        )
    return specs


def _protect_jointly(specs: Sequence[_Spec], locations: Sequence[str], k: int) -> dict[str, SuppressedTable]:
    """Protect every table; hide shared entries everywhere; repeat to a fixed point."""
    # Entries that carry the same key must be the same number.
    seen: dict[tuple[str, str], int] = {}
    for spec in specs:
        values = augmented_values(spec.matrix, spec.column_totals)
        for pos, key in spec.keys.items():
            v = values[pos]
            if seen.setdefault(key, v) != v:
                raise AssertionError(f"shared entry {key} differs between tables")  # pragma: no cover

    hidden: set[tuple[str, str]] = set()
    while True:
        result: dict[str, SuppressedTable] = {}
        for spec in specs:
            force = {pos for pos, key in spec.keys.items() if key in hidden}
            result[spec.code] = suppress_table(
                spec.matrix,
                k,
                row_labels=spec.row_labels,
                col_labels=locations,
                column_totals=spec.column_totals,
                force_suppress=force,
            )
        now = {
            key
            for spec in specs
            for pos, key in spec.keys.items()
            if result[spec.code].entry(pos).suppressed
        }
        if now <= hidden:
            return result
        hidden |= now


# --------------------------------------------------------------------- amounts


def _amount_section(
    facts: ReportFacts,
    period: Period,
    locations: Sequence[str],
    codes: Sequence[str],
    min_contributors: int,
    dominance: Decimal,
) -> AmountSection:
    wanted = set(locations)
    # per column (location or TOTAL) -> resident -> amounts
    totals: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    costs: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_cat: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    categories: set[str] = set()
    for case in facts.cases:
        if case.location not in wanted or not case.active_in(period):
            continue
        for debt in case.debts:
            cat = _norm(debt.category, CREDITOR_CATEGORIES, missing="anders")
            categories.add(cat)
            for col in (case.location, TOTAL_LABEL):
                totals[col][case.resident_key] += debt.total.cents
                costs[col][case.resident_key] += debt.costs_and_fines.cents
                by_cat[col][cat][case.resident_key] += debt.total.cents

    columns = tuple(locations) + (TOTAL_LABEL,)

    def money(d: Mapping[int, int]) -> list[Money]:
        return [Money(v) for v in d.values()]

    rows: list[tuple[str, str, list[SafeAmount | SafeShare], bool]] = []
    rule = {"min_contributors": min_contributors, "dominance": dominance}
    for code in codes:
        if code == "debt_total":
            cells: list[SafeAmount | SafeShare] = [safe_sum(money(totals[c]), **rule) for c in columns]
            rows.append((code, INDICATORS[code].label, cells, True))
        elif code == "debt_median":
            cells = [safe_median(money(totals[c]), **rule) for c in columns]
            rows.append((code, INDICATORS[code].label, cells, False))
        elif code == "costs_share":
            cells = [safe_share(money(costs[c]), money(totals[c]), **rule) for c in columns]
            rows.append((code, INDICATORS[code].label, cells, True))
        elif code == "category_share":
            for cat in (c for c in CREDITOR_CATEGORIES if c in categories):
                cells = [safe_share(money(by_cat[c][cat]), money(totals[c]), **rule) for c in columns]
                label = N_("Deel van de schuld bij: %(category)s", category=CREDITOR_CATEGORIES[cat])
                rows.append((f"category_share:{cat}", label, cells, True))

    final: list[tuple[SafeAmount | SafeShare, ...]] = []
    for _code, _label, cells, additive in rows:
        if additive and any(_is_hidden(c) for c in cells[:-1]) and not _is_hidden(cells[-1]):
            reason = HIDDEN_REASON
            cells[-1] = (
                SafeAmount(None, AMOUNT_HIDDEN_DISPLAY, reason)
                if isinstance(cells[-1], SafeAmount)
                else SafeShare(None, AMOUNT_HIDDEN_DISPLAY, reason)
            )
        final.append(tuple(cells))
    return AmountSection(
        "bedragen",
        AMOUNT_TITLE,
        tuple(r[0] for r in rows),
        tuple(r[1] for r in rows),
        columns,
        tuple(final),
        amount_notes(min_contributors),
    )


AMOUNT_TITLE = N_("Bedragen")


def amount_notes(min_contributors: int) -> tuple[str, ...]:
    return (
        N_(
            "Een bedrag staat er alleen als minstens %(n)s bewoners meetellen "
            "en niemand meer dan de helft van het bedrag heeft.",
            n=min_contributors,
        ),
        N_("Bedragen zijn de schulden zoals ze nu in de dossiers staan."),
    )


def amount_label(code: str) -> str:
    """The (translatable) label of an amount row code, e.g. ``category_share:cjib``."""
    if code.startswith("category_share:"):
        cat = code.split(":", 1)[1]
        return N_("Deel van de schuld bij: %(category)s", category=CREDITOR_CATEGORIES.get(cat, cat))
    return INDICATORS[code].label


def _is_hidden(cell: SafeAmount | SafeShare) -> bool:
    return (cell.value if isinstance(cell, SafeAmount) else cell.percent) is None


# ----------------------------------------------------------------- build_report

TARGET_NOTE_YEAR = N_(
    "Streefcijfers gelden per jaar. Het percentage is het resultaat gedeeld door het streefcijfer."
)
TARGET_NOTE_OTHER = N_(
    "Streefcijfers gelden voor een heel jaar. Voor een kortere periode laten we ze niet zien: "
    "schuldhulp is niet gelijk verdeeld over het jaar."
)


def build_report(
    facts: ReportFacts,
    period: Period | str,
    locations: Sequence[str] | None = None,
    k: int = DEFAULT_K,
    profile: Profile | str = "gemeente",
    targets: Iterable[Target] = (),
    *,
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> Report:
    """Aggregate the facts for a period and locations, protect every count table
    together, attach targets (full years only) and return the profile's sections.

    ``locations`` None means every location that occurs in the facts (sorted)."""
    if isinstance(period, str):
        period = Period.parse(period)
    profile = _profile(profile)
    method_explanation_nl(k)  # checks k before any counting
    if locations is None:
        found = {c.location for c in facts.cases} | {m.location for m in facts.mediations}
        found |= {t.location for t in facts.tallies}
        locations = sorted(found)
    locs = tuple(locations)
    if not locs:
        raise ValueError("Kies minstens één locatie.")
    if len(set(locs)) != len(locs) or TOTAL_LABEL in locs:
        raise ValueError("Elke locatie mag één keer voorkomen, en heet niet 'Totaal'.")

    counts = _aggregate(facts, period, locs)
    specs = _specs(counts, locs)
    protected = _protect_jointly(specs, locs, k)

    year = period.full_year
    target_map = _target_map(targets, year, locs)

    chosen = set(profile.indicators)
    sections: list[Section | AmountSection] = []
    core_spec = specs[0]
    core_rows = [i for i, code in enumerate(core_spec.row_codes) if code in chosen]
    if core_rows:
        sections.append(_core_section(core_spec, protected["kerncijfers"], core_rows, locs, target_map, year))
    for spec in specs[1:]:
        if spec.code in chosen:
            sections.append(
                Section(
                    spec.code,
                    spec.title,
                    spec.unit,
                    spec.row_codes,
                    spec.row_units,
                    protected[spec.code],
                    notes=_withheld_note(protected[spec.code]),
                )
            )
    amount_codes = [i.code for i in _AMOUNT_INDICATORS if i.code in chosen]
    if amount_codes:
        sections.append(_amount_section(facts, period, locs, amount_codes, min_contributors, dominance))
    return _report(profile, period, locs, k, sections)


def _profile(profile: Profile | str) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if profile not in PROFILES:
        raise ValueError(f"Onbekend profiel. Kies uit: {', '.join(PROFILES)}.")
    return PROFILES[profile]


def _target_map(targets: Iterable[Target], year: int | None, locations: Sequence[str]) -> dict[tuple[str, str], int]:
    """The targets by (indicator, location); none unless the period is one full year."""
    if year is None:
        return {}
    return {(t.indicator_code, t.location): t.value for t in targets if t.year == year and t.location in locations}


def _attainment(
    table: SuppressedTable,
    rows: Sequence[tuple[int, str]],
    locations: Sequence[str],
    target_map: Mapping[tuple[str, str], int],
    *,
    total_is_sum: bool = True,
) -> tuple[tuple[Attainment | None, ...], ...]:
    """Per (table row, indicator) in ``rows``: the attainment of each location and of the
    Totaal column, whose target is the sum of the locations' (only when every location has
    one) or, when ``total_is_sum`` is false (one location), that location's own."""
    out = []
    for i, code in rows:
        loc_targets = [target_map.get((code, loc)) for loc in locations]
        if not total_is_sum:
            total_target = loc_targets[0]
        else:
            total_target = sum(t for t in loc_targets if t is not None) if None not in loc_targets else None
        row = []
        for j, tgt in enumerate(loc_targets + [total_target]):
            cell = table.entry((i, j))
            row.append(None if tgt is None else assess(cell.value, tgt, suppressed=cell.suppressed))
        out.append(tuple(row))
    return tuple(out)


def _report(
    profile: Profile,
    period: Period,
    locations: tuple[str, ...],
    k: int,
    sections: Sequence[Section | AmountSection],
    notes: tuple[str, ...] = (),
) -> Report:
    """The report around its sections: the method, the legend and the note on targets."""
    return Report(
        profile=profile,
        period=period,
        locations=locations,
        k=k,
        sections=tuple(sections),
        method_explanation=method_explanation_nl(k),
        legend=LEGEND,
        legend_rule=LEGEND_RULE_NL,
        target_note=TARGET_NOTE_YEAR if period.full_year is not None else TARGET_NOTE_OTHER,
        notes=notes,
    )


def _withheld_note(table: SuppressedTable) -> tuple[str, ...]:
    if table.withheld:
        return (N_("Deze tabel is helemaal afgeschermd: de aantallen zijn te klein om iets te laten zien."),)
    return ()


def _core_section(
    spec: _Spec,
    table: SuppressedTable,
    keep: Sequence[int],
    locations: Sequence[str],
    target_map: Mapping[tuple[str, str], int],
    year: int | None,
) -> Section:
    """The core table restricted to the profile's rows (rows are protected separately,
    so dropping rows keeps the protection intact)."""
    n_loc = len(locations)
    sub = SuppressedTable(
        tuple(spec.row_labels[i] for i in keep),
        table.col_labels,
        tuple(table.cells[i] for i in keep),
        tuple(table.row_totals[i] for i in keep),
        None,
        None,
        table.k,
        table.withheld,
    )
    attainment = None
    if year is not None:
        attainment = _attainment(table, [(i, spec.row_codes[i]) for i in keep], locations, target_map)
    assert len(sub.col_labels) == n_loc
    return Section(
        "kerncijfers",
        N_("Kerncijfers"),
        "",
        tuple(spec.row_codes[i] for i in keep),
        tuple(spec.row_units[i] for i in keep),
        sub,
        attainment,
        _withheld_note(sub),
    )


# ------------------------------------------------------------- views of the family

KLANTEN_NOTE = N_(
    "Klanten: de bewoners die we hielpen met een schuldendossier of een bemiddeling bij huurachterstand "
    "(elke bewoner één keer per locatie), plus de korte vragen van de turflijst. Die korte vragen zijn "
    "contacten, geen bewoners: iemand die twee keer langskwam telt daar twee keer."
)
YEAR_ONLY_NOTE = N_(
    "Klanten, bewoners, dossiers met schulden, uren, de tabellen naar soort (reden, traject, verhuurder, "
    "onderwerp) en de bedragen staan alleen in het jaaroverzicht. Een bewoner telt in elke maand mee waarin we "
    "hem hielpen; met maanden en kwartalen naast elkaar zou je verborgen aantallen kunnen terugrekenen."
)
CORRECTION_NOTE = N_(
    "Cijfers van een afgesloten periode veranderen niet meer. Wat later nog verandert, telt mee in de "
    "eerste open maand: de correctie."
)


def report_from_cells(
    cells: Mapping[tuple[str, str, str], Cell],
    period: Period,
    locations: Sequence[str],
    *,
    all_locations: bool,
    k: int,
    profile: Profile | str = "gemeente",
    targets: Iterable[Target] = (),
    amounts: AmountSection | None = None,
    closed: bool = False,
) -> Report:
    """One view of the protected family: the period's entries for these columns.

    ``all_locations``: the columns are every location and "Totaal" is their sum;
    otherwise one location, whose "Totaal" is itself."""
    profile = _profile(profile)
    method_explanation_nl(k)  # checks k
    view = _CellView(cells, period.code, tuple(locations), TOTAL_LABEL if all_locations else locations[0])
    is_year = period.kind == "year"
    chosen = set(profile.indicators)
    sections: list[Section | AmountSection] = []
    core = [i for i in _ROW_INDICATORS if i.code in chosen and (is_year or i.code not in _YEAR_ONLY_ROWS)]
    if core:
        year = period.full_year
        target_map = _target_map(targets, year, view.locations)
        sections.append(_core_section_from_cells(view, core, k, year, target_map, "klanten" in chosen, all_locations))
    if is_year:
        sections += [_table_section_from_cells(view, ind, k) for ind in _TABLE_INDICATORS if ind.code in chosen]
        if amounts is not None:
            sections.append(amounts)
    report_notes: list[str] = []
    if not is_year:
        report_notes.append(YEAR_ONLY_NOTE)
    report_notes.append(CORRECTION_NOTE)
    if closed:
        report_notes.append(N_("Deze periode is afgesloten: dit zijn de cijfers zoals ze zijn gepubliceerd."))
    return _report(profile, period, view.locations, k, sections, tuple(report_notes))


# Rows of the core table that only a year view shows (see YEAR_ONLY_NOTE).
_YEAR_ONLY_ROWS = frozenset({"klanten", "unique_residents", "cases_with_debts", "contact_hours"})


@dataclass(frozen=True)
class _CellView:
    """The protected family's cells of one period, for these location columns and this
    Totaal column."""

    cells: Mapping[tuple[str, str, str], Cell]
    period_code: str
    locations: tuple[str, ...]
    total_col: str

    def row(self, key_code: str) -> tuple[tuple[Cell, ...], Cell]:
        code = self.period_code
        return tuple(self.cells[(key_code, loc, code)] for loc in self.locations), self.cells[(key_code, self.total_col, code)]


def _core_section_from_cells(
    view: _CellView,
    core: Sequence[Indicator],
    k: int,
    year: int | None,
    target_map: Mapping[tuple[str, str], int],
    with_klanten_note: bool,
    all_locations: bool,
) -> Section:
    got = [view.row(i.code) for i in core]
    table = SuppressedTable(
        tuple(i.label for i in core), view.locations, tuple(g[0] for g in got), tuple(g[1] for g in got), None, None, k
    )
    attainment = None
    if year is not None:
        attainment = _attainment(
            table, [(n, ind.code) for n, ind in enumerate(core)], view.locations, target_map, total_is_sum=all_locations
        )
    notes = (KLANTEN_NOTE,) if with_klanten_note else ()
    return Section("kerncijfers", N_("Kerncijfers"), "", tuple(i.code for i in core), tuple(i.unit for i in core),
                   table, attainment, notes)  # fmt: skip


def _table_section_from_cells(view: _CellView, ind: Indicator, k: int) -> Section:
    assert ind.categories is not None and ind.margin is not None
    cats = tuple(ind.categories)
    got = [view.row(f"{ind.code}:{cat}") for cat in cats]
    margin = view.row(ind.margin)
    table = SuppressedTable(
        tuple(ind.categories.values()), view.locations, tuple(g[0] for g in got), tuple(g[1] for g in got),
        margin[0], margin[1], k,
    )  # fmt: skip
    return Section(ind.code, ind.label, ind.unit, cats, (ind.unit,) * len(cats), table)


def amount_section_for(
    facts: ReportFacts,
    period: Period,
    locations: Sequence[str],
    profile: Profile | str,
    *,
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS,
    dominance: Decimal = DEFAULT_DOMINANCE,
) -> AmountSection | None:
    """The amount statistics of a year view (None when the profile has none)."""
    codes = [i.code for i in _AMOUNT_INDICATORS if i.code in _profile(profile).indicators]
    if not codes:
        return None
    return _amount_section(facts, period, locations, codes, min_contributors, dominance)
