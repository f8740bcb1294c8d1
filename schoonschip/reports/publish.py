"""The closed family of funder tables, from contribution rows, and the closed periods.

* :func:`family_for` reads the year's ``report_contributions`` (one query, no case is
  opened) and the tally, and protects the whole family of tables of that year together
  (``rules.family``). The result is kept in memory per worker until a contribution, a
  tally count or a published period changes (a cheap fingerprint query).
* :func:`close_due` stores the tables of every period that ended more than
  ``REPORT_CLOSE_AFTER_DAYS`` days ago (``report_published_periods``); :func:`close_period`
  does the same when the beheerder closes a period. A stored period is never changed, and
  a report for it is rendered from the stored tables only.
* :func:`report_view` is what the pages and exports ask for: one view of the family.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from schoonschip.auth.models import Location
from schoonschip.money import Money
from schoonschip.reports.contributions import ensure_contributions
from schoonschip.reports.models import PublishedPeriod, ReportContribution
from schoonschip.reports.rules.disclosure import DEFAULT_K, HIDDEN_REASON, MIN_K, Cell, SafeAmount, SafeShare
from schoonschip.reports.rules.family import (
    TOTAL,
    Contribution,
    Family,
    FamilyTally,
    compute_family,
    make_cell,
    period_bounds,
    period_codes,
    period_months,
)
from schoonschip.reports.rules.indicators import (
    AMOUNT_TITLE,
    CLOSE_REASONS,
    HANDOVER_RESULTS,
    HANDOVER_ROUTES,
    LANDLORDS,
    REFERRAL_SOURCES,
    TALLY_TOPICS,
    TOTAL_LABEL,
    AmountSection,
    CaseFact,
    DebtFact,
    Period,
    Report,
    ReportFacts,
    Target,
    amount_label,
    amount_notes,
    amount_section_for,
    norm_code,
    report_from_cells,
)

__all__ = ["disclosure_k", "family_for", "close_due", "close_period", "report_view", "closed_codes", "PeriodError"]

assert TOTAL == TOTAL_LABEL


class PeriodError(ValueError):
    """A period that cannot be closed (Dutch message)."""


def disclosure_k(config: Mapping[str, Any]) -> int:
    """``DISCLOSURE_K`` from the configuration: default 5, refused below 3."""
    k = config.get("DISCLOSURE_K", DEFAULT_K)
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ValueError(f"DISCLOSURE_K moet een heel getal van minstens {MIN_K} zijn.")
    return k


# ------------------------------------------------------------------------ loading
_CLOSE = {"geen_contact": "geen contact meer", "eigen_verzoek": "op eigen verzoek"}
_REFERRAL = {"wpi_klantmanager": "wpi-klantmanager"}


def _code(value: str | None, table: Mapping[str, str], vocab: Mapping[str, str], missing: str) -> str:
    if value is None:
        return norm_code(None, vocab, missing)
    return norm_code(table.get(value, value.replace("_", " ")), vocab, missing)


def _all_locations(db: Session) -> dict[int, str]:
    return {loc.id: loc.name for loc in db.scalars(select(Location).order_by(Location.name))}


def _contributions(db: Session, year: int, names: Mapping[int, str], coach_id: int | None) -> list[Contribution]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    rc = ReportContribution
    stmt = select(
        rc.location_id, rc.resident_key, rc.opened_on, rc.closed_on, rc.close_reason, rc.referral, rc.landlord,
        rc.step_a_on, rc.step_b_on, rc.step_c_on, rc.handover_on, rc.handover_route, rc.handover_result,
        rc.creditor_band, rc.debt_band, rc.events,
    ).where(rc.counted.is_(True), rc.opened_on <= end, or_(rc.closed_on.is_(None), rc.closed_on >= start))  # fmt: skip
    if coach_id is not None:
        from schoonschip.cases.casefile.models import Case

        stmt = stmt.join(Case, Case.id == rc.contrib_case_id).where(Case.coach_id == coach_id)
    memo: dict[tuple[str, str | None], str] = {}

    def code(kind: str, value: str | None) -> str:
        hit = memo.get((kind, value))
        if hit is None:
            if kind == "close":
                hit = _code(value, _CLOSE, CLOSE_REASONS, "anders")
            elif kind == "referral":
                hit = _code(value, _REFERRAL, REFERRAL_SOURCES, "onbekend")
            elif kind == "landlord":
                hit = _code(value, {}, LANDLORDS, "onbekend")
            elif kind == "route":
                hit = _code(value, {}, HANDOVER_ROUTES, "anders")
            else:
                hit = norm_code(value, HANDOVER_RESULTS, "nog geen uitslag")
            memo[(kind, value)] = hit
        return hit

    out: list[Contribution] = []
    empty = '{"contacts":{},"mediation":[]}'
    for r in db.connection().execute(stmt):
        loc = names.get(r[0])
        if loc is None:
            continue
        contacts: dict[str, tuple[int, int]] = {}
        mediation: tuple[tuple[str, date, str], ...] = ()
        if r[15] and r[15] != empty:
            ev = json.loads(r[15])
            contacts = {m: (int(v[0]), int(v[1])) for m, v in ev.get("contacts", {}).items()}
            mediation = tuple(
                (str(e[0]), date.fromisoformat(e[1]), code("landlord", e[2])) for e in ev.get("mediation", [])
            )
        out.append(
            Contribution(
                resident_key=r[1],
                location=loc,
                opened=r[2],
                closed=r[3],
                close_reason=code("close", r[4]),
                referral=code("referral", r[5]),
                landlord=code("landlord", r[6]),
                steps=(r[7], r[8], r[9]),
                handover=(r[10], code("route", r[11]), code("result", r[12])) if r[10] is not None else None,
                creditor_band=r[13],
                debt_band=r[14],
                contacts=contacts,
                mediation=mediation,
            )
        )
    return out


def _tallies(db: Session, year: int, names: Mapping[int, str]) -> list[FamilyTally]:
    from schoonschip.reports.tally import TallyCount

    rows = db.execute(
        select(TallyCount.location_id, TallyCount.on, TallyCount.topic, TallyCount.count).where(
            TallyCount.on >= date(year, 1, 1), TallyCount.on <= date(year, 12, 31)
        )
    )
    return [
        FamilyTally(names[loc], on, norm_code(topic, TALLY_TOPICS, "anders"), int(count))
        for loc, on, topic, count in rows
        if loc in names
    ]


# ------------------------------------------------------------------- the stored periods
def _stored(db: Session, year: int) -> dict[str, PublishedPeriod]:
    codes = period_codes(year)
    return {p.period_code: p for p in db.scalars(select(PublishedPeriod).where(PublishedPeriod.period_code.in_(codes)))}


def closed_codes(db: Session, year: int) -> set[str]:
    return set(_stored(db, year))


def _frozen(stored: Mapping[str, PublishedPeriod]) -> dict[tuple[str, str, str], tuple[int, int]]:
    out: dict[tuple[str, str, str], tuple[int, int]] = {}
    for row in stored.values():
        for ind, col, code, value, hidden in json.loads(row.payload)["entries"]:
            out[(ind, col, code)] = (int(value), int(hidden))
    return out


def _cells_of(row: PublishedPeriod) -> dict[tuple[str, str, str], Cell]:
    return {
        (ind, col, code): make_cell((ind, col, code), int(value), int(hidden), row.k)
        for ind, col, code, value, hidden in json.loads(row.payload)["entries"]
    }


# -------------------------------------------------------------------------- the family
@dataclass
class _Cached:
    fingerprint: tuple[Any, ...]
    family: Family


_CACHE: dict[tuple[Any, ...], _Cached] = {}


def _fingerprint(db: Session, year: int) -> tuple[Any, ...]:
    from schoonschip.reports.tally import TallyCount

    rc = ReportContribution
    a = db.execute(select(func.count(), func.max(rc.updated_at))).one()
    b = db.execute(select(func.count(), func.max(TallyCount.updated_at), func.sum(TallyCount.count))).one()
    c = db.execute(select(func.count(), func.max(PublishedPeriod.closed_at))).one()
    return (tuple(a), tuple(b), tuple(c), tuple(sorted(_all_locations(db).items())))


def family_for(db: Session, year: int, k: int, *, coach_id: int | None = None) -> Family:
    """The protected family of the year over every location (or a coach's own cases)."""
    if ensure_contributions(db):
        db.commit()
    names = _all_locations(db)
    if len(set(names.values())) != len(names) or TOTAL in names.values():
        raise ValueError("two locations with one name, or one called Totaal")
    if coach_id is not None:  # a coach's own numbers: never stored, never cached
        return compute_family(_contributions(db, year, names, coach_id), [], year, sorted(names.values()), k)
    key = (str(db.get_bind().url), year, k)
    fp = _fingerprint(db, year)
    hit = _CACHE.get(key)
    if hit is not None and hit.fingerprint == fp:
        return hit.family
    family = compute_family(
        _contributions(db, year, names, None),
        _tallies(db, year, names),
        year,
        sorted(names.values()),
        k,
        frozen=_frozen(_stored(db, year)),
    )
    _CACHE[key] = _Cached(fp, family)
    return family


def _store(db: Session, family: Family, codes: list[str], by_user_id: int | None, amounts: dict[str, Any] | None) -> None:
    ids = {name: str(i) for i, name in _all_locations(db).items()}
    for code in codes:
        entries = sorted([ind, col, c, v, h] for (ind, col, c), (v, h) in family.period_entries(code).items())
        payload: dict[str, Any] = {"locations": {ids[n]: n for n in family.locations if n in ids}, "entries": entries}
        if amounts is not None and code == str(family.year):
            payload["amounts"] = amounts
        db.add(
            PublishedPeriod(
                period_code=code,
                closed_by=by_user_id,
                k=family.k,
                payload=json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            )
        )
    db.flush()


def _due(code: str, today: date, after_days: int) -> bool:
    return period_bounds(code)[1] + timedelta(days=after_days) < today


def close_due(db: Session, year: int, k: int, today: date, after_days: int) -> list[str]:
    """Close every period of the year that ended more than ``after_days`` ago."""
    stored = _stored(db, year)
    due = [c for c in period_codes(year) if c not in stored and _due(c, today, after_days)]
    if not due:
        return []
    return _close(db, year, k, due, None)


def close_period(db: Session, code: str, k: int, today: date, by_user_id: int | None) -> list[str]:
    """The beheerder closes a period (and the periods within it) that has ended."""
    try:
        period = Period.from_code(code)
    except ValueError as exc:
        raise PeriodError(str(exc)) from None
    if period.end >= today:
        raise PeriodError("Een periode kan pas worden afgesloten als hij voorbij is.")
    year = period.start.year
    stored = _stored(db, year)
    if code in stored:
        raise PeriodError("Deze periode is al afgesloten.")
    a, b = period_months(code)
    inside = [c for c in period_codes(year) if period_months(c)[0] >= a and period_months(c)[1] <= b and c not in stored]
    return _close(db, year, k, inside, by_user_id)


def _close(db: Session, year: int, k: int, codes: list[str], by_user_id: int | None) -> list[str]:
    family = family_for(db, year, k)
    amounts = None
    if str(year) in codes:
        amounts = _amounts_payload(db, year, k)
    _store(db, family, codes, by_user_id, amounts)
    return codes


# ----------------------------------------------------------------------------- amounts
def _amount_facts(db: Session, year: int, names: Mapping[int, str], coach_id: int | None) -> ReportFacts:
    rc = ReportContribution
    stmt = select(rc).where(
        rc.counted.is_(True),
        rc.debt_band.is_not(None),
        rc.opened_on <= date(year, 12, 31),
        or_(rc.closed_on.is_(None), rc.closed_on >= date(year, 1, 1)),
    )
    if coach_id is not None:
        from schoonschip.cases.casefile.models import Case

        stmt = stmt.join(Case, Case.id == rc.contrib_case_id).where(Case.coach_id == coach_id)
    cases: list[CaseFact] = []
    for n, row in enumerate(db.scalars(stmt), start=1):
        loc = names.get(row.location_id)
        amounts = row.amounts
        if loc is None or not amounts:
            continue
        debts = []
        for cat, (total, costs) in sorted(amounts.get("cats", {}).items()):
            category = {"woningcorporatie_verhuurder": "woningcorporatie/verhuurder", "bank_krediet": "bank/kredietverstrekker",
                        "webwinkel_achteraf": "webwinkel/achteraf betalen"}.get(cat, cat)  # fmt: skip
            debts.append(DebtFact(category=category, total=Money(int(total)), costs_and_fines=Money(min(int(costs), int(total)))))
        cases.append(
            CaseFact(case_key=n, resident_key=int(row.resident_key[:13], 16), location=loc, opened=row.opened_on,
                     closed=row.closed_on, debts=tuple(debts))
        )  # fmt: skip
    return ReportFacts(cases=tuple(cases))


def _min_contributors(k: int) -> int:
    return max(10, 2 * k)


def _amounts_payload(db: Session, year: int, k: int) -> dict[str, Any] | None:
    names = _all_locations(db)
    section = amount_section_for(
        _amount_facts(db, year, names, None), Period.year(year), sorted(names.values()), "alles",
        min_contributors=_min_contributors(k),
    )  # fmt: skip
    if section is None:
        return None
    return {  # codes and values only: labels and notes are added, translatable, when shown
        "row_codes": list(section.row_codes),
        "columns": list(section.columns),
        "cells": [[_amount_json(c) for c in row] for row in section.cells],
        "min_contributors": _min_contributors(k),
    }


def _amount_json(cell: SafeAmount | SafeShare) -> list[Any]:
    if isinstance(cell, SafeAmount):
        return ["a", None if cell.value is None else cell.value.cents, cell.display, cell.reason]
    return ["s", None if cell.percent is None else str(cell.percent), cell.display, cell.reason]


def _amount_cell(data: list[Any]) -> SafeAmount | SafeShare:
    kind, value, display, reason = data
    reason = HIDDEN_REASON if reason else None  # the one reason, translatable again
    if kind == "a":
        return SafeAmount(None if value is None else Money(int(value)), display, reason)
    return SafeShare(None if value is None else Decimal(value), display, reason)


def _amounts_from_payload(data: Mapping[str, Any], profile_codes: set[str], locations: list[str], all_view: bool) -> AmountSection:
    cols = list(data["columns"])
    wanted = [cols.index(loc) for loc in locations] + [cols.index(TOTAL if all_view else locations[0])]
    keep = [i for i, code in enumerate(data["row_codes"]) if code.split(":")[0] in profile_codes]
    return AmountSection(
        "bedragen",
        AMOUNT_TITLE,
        tuple(data["row_codes"][i] for i in keep),
        tuple(amount_label(data["row_codes"][i]) for i in keep),
        tuple(locations) + (TOTAL,),
        tuple(tuple(_amount_cell(data["cells"][i][j]) for j in wanted) for i in keep),
        amount_notes(int(data["min_contributors"])),
    )


# ------------------------------------------------------------------------------ a view
def report_view(
    db: Session,
    *,
    period: Period,
    location_id: int | None,
    profile: str,
    k: int,
    targets: list[Target],
    coach_id: int | None = None,
) -> Report:
    """One view of the family: ``location_id`` None = every location with Totaal."""
    from schoonschip.reports.rules.indicators import PROFILES

    names = _all_locations(db)
    year = period.start.year
    all_view = location_id is None
    prof = PROFILES[profile]
    stored = _stored(db, year) if coach_id is None else {}
    row = stored.get(period.code)
    amounts: AmountSection | None = None
    amount_codes = {c for c in prof.indicators if c in ("debt_total", "debt_median", "costs_share", "category_share")}
    if row is not None:
        payload = json.loads(row.payload)
        published: dict[str, str] = payload["locations"]  # as published: a later rename changes nothing
        if not all_view and str(location_id) not in published:
            raise ValueError("location not in the published period")
        locs = sorted(published.values()) if all_view else [published[str(location_id)]]
        if period.kind == "year" and amount_codes and payload.get("amounts"):
            amounts = _amounts_from_payload(payload["amounts"], amount_codes, locs, all_view)
        return report_from_cells(_cells_of(row), period, locs, all_locations=all_view, k=row.k, profile=prof,
                                 targets=targets, amounts=amounts, closed=True)  # fmt: skip
    if len(set(names.values())) != len(names) or TOTAL in names.values():
        raise ValueError("two locations with one name, or one called Totaal")
    locs = sorted(names.values()) if all_view else [names[location_id]]  # type: ignore[index]
    family = family_for(db, year, k, coach_id=coach_id)
    if period.kind == "year" and amount_codes:
        amounts = amount_section_for(
            _amount_facts(db, year, names, coach_id), period, locs, prof, min_contributors=_min_contributors(k)
        )
    return report_from_cells(family.cells, period, locs, all_locations=all_view, k=k, profile=prof, targets=targets,
                             amounts=amounts)  # fmt: skip
