"""Funder reports, the database side: who may see which counts, the facts, the targets.

:func:`load_facts` fills :class:`~schoonschip.reports.rules.indicators.ReportFacts` for a
:class:`ReportScope` and a period. What leaves this module holds **opaque integer keys
only**: no name, no alias, no case reference, no free text, no exact birth date.

* ``case_key`` is the case id (random 53 bits; never shown: only counted).
* ``resident_key`` is a number handed out per report run: two cases whose sealed full
  name and birth date match (names compared without case, accents or extra spaces) get
  the same number, so a resident with two cases at a location counts once ("Uniek #").
  The name itself never leaves :func:`_resident_keys`; the mapping is thrown away after
  the run. A case without both name and birth date is its own resident.
* Sealed values are opened only where a count needs them: the resident's name and birth
  date (for the unique count above) and the amounts of the debts (for the debt bands and
  the amount statistics). Category, status, landlord, referral source, stage dates,
  contact minutes are plaintext columns already.
* Erased cases keep counting with what is left in plaintext; their sealed values cannot
  be opened any more (the key is gone), so they have no debts and count as their own
  resident.

Speed: one query per kind of row (cases, stage changes, residents, debts, contacts,
data keys in chunks), joined to the same case filter; sealed values are opened straight
from the raw columns, without ORM objects (5.000 cases render well under a second, see
``benchmarks/reports_bench.py``).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, Select, String, UniqueConstraint, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from schoonschip.auth.models import Location, Role
from schoonschip.crypto import CryptoError, sealed_opener
from schoonschip.db import Base, utcnow
from schoonschip.money import Money
from schoonschip.reports.rules.indicators import (
    INDICATORS,
    CaseFact,
    DebtFact,
    Period,
    ReportFacts,
    TallyFact,
    Target,
)
from schoonschip.sealing import case_subject, keys_of

__all__ = [
    "ReportTarget",
    "ReportScope",
    "scope_for",
    "load_facts",
    "targets_for",
    "target_sheet",
    "save_target_sheet",
    "TARGET_INDICATORS",
]


# ---------------------------------------------------------------------- targets
class ReportTarget(Base):
    """A streefcijfer: per location, year and indicator (a row of the core table).

    The set of indicators with a target differs per year (the organisation merges and
    splits its targets): a missing row simply means "no target this year"."""

    __tablename__ = "report_targets"
    __table_args__ = (UniqueConstraint("location_id", "year", "indicator_code", name="uq_report_targets_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    indicator_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# Targets exist for the rows of the core table (one number per location).
TARGET_INDICATORS: tuple[str, ...] = tuple(code for code, ind in INDICATORS.items() if ind.kind == "row")
MAX_TARGET = 1_000_000


def targets_for(db: Session, year: int, location_names: dict[int, str]) -> list[Target]:
    rows = db.scalars(
        select(ReportTarget).where(ReportTarget.year == year, ReportTarget.location_id.in_(list(location_names)))
    )
    return [
        Target(location=location_names[t.location_id], year=t.year, indicator_code=t.indicator_code, value=t.value)
        for t in rows
        if t.indicator_code in INDICATORS
    ]


def target_sheet(db: Session, year: int) -> dict[tuple[str, int], int]:
    """``{(indicator code, location id): value}`` for one year."""
    return {(t.indicator_code, t.location_id): t.value for t in db.scalars(select(ReportTarget).where(ReportTarget.year == year))}


def field_name(code: str, location_id: int) -> str:
    return f"t_{code}_{location_id}"


def save_target_sheet(db: Session, year: int, values: dict[tuple[str, int], int | None], *, by_user_id: int | None) -> int:
    """Write one year's sheet: add, change and remove targets. Returns how many changed."""
    existing = {(t.indicator_code, t.location_id): t for t in db.scalars(select(ReportTarget).where(ReportTarget.year == year))}
    changed = 0
    for (code, loc), value in values.items():
        row = existing.get((code, loc))
        if value is None:
            if row is not None:
                db.delete(row)
                changed += 1
        elif row is None:
            db.add(ReportTarget(location_id=loc, year=year, indicator_code=code, value=value, updated_by=by_user_id))
            changed += 1
        elif row.value != value:
            row.value = value
            row.updated_by = by_user_id
            changed += 1
    db.flush()
    return changed


# ------------------------------------------------------------------------ scope
@dataclass(frozen=True)
class ReportScope:
    """What one user may count.

    ``location_ids``: the locations they may choose from. ``coach_id``: when set, only
    cases assigned to this coach count (a coach sees their own numbers); the quick
    tally, which belongs to a location and not to a coach, is then left out."""

    location_ids: frozenset[int]
    coach_id: int | None = None

    @property
    def own_only(self) -> bool:
        return self.coach_id is not None


def scope_for(db: Session, user: object) -> ReportScope | None:
    """The widest scope among the user's roles; None when reports are not for them.

    beheerder, or rapportage without a location: every location. rapportage or
    coordinator at a location: all counts at those locations. A coach (only): the cases
    assigned to them, at their locations."""
    roles: set[tuple[Role, int | None]] = getattr(user, "roles", set())
    all_ids = frozenset(db.scalars(select(Location.id)))
    if any(r is Role.BEHEERDER or (r is Role.RAPPORTAGE and loc is None) for r, loc in roles):
        return ReportScope(all_ids)
    full = frozenset(loc for r, loc in roles if r in (Role.RAPPORTAGE, Role.COORDINATOR) and loc is not None)
    if full:
        return ReportScope(full & all_ids)
    coach = frozenset(loc for r, loc in roles if r is Role.COACH and loc is not None)
    if coach:
        return ReportScope(coach & all_ids, coach_id=int(getattr(user, "user_id")))  # noqa: B009
    return None


# ------------------------------------------------------------------------ facts
def _report_code(code: str | None) -> str | None:
    """Our enum codes use "_", the report vocabulary spaces ("doel_bereikt" -> "doel bereikt")."""
    return code.replace("_", " ") if code else None


_CLOSE_REASON = {"geen_contact": "geen contact meer", "eigen_verzoek": "op eigen verzoek"}
_REFERRAL = {"wpi_klantmanager": "wpi-klantmanager"}
_CATEGORY = {
    "woningcorporatie_verhuurder": "woningcorporatie/verhuurder",
    "bank_krediet": "bank/kredietverstrekker",
    "webwinkel_achteraf": "webwinkel/achteraf betalen",
}
# The first date a case reached a step: reaching a later working stage counts too (a
# case moved straight from A to C has done B's work as well).
_STEP_STAGES = {
    "A": ("a_verhaal", "b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen"),
    "B": ("b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen"),
    "C": ("c_aanpak", "klaar_voor_overdracht", "overgedragen"),
}
_AMOUNT_COLUMNS = ("hoofdsom_enc", "rente_enc", "incassokosten_enc", "gerechtelijke_kosten_enc", "boetes_enc")
# crypto.aad_for("debts", column, case_id) is these bytes followed by the case id.
_DEBT_AAD = tuple(f"debts|{c}|".encode() for c in _AMOUNT_COLUMNS)


def _case_filter(scope: ReportScope, location_ids: Collection[int], period: Period) -> Select[tuple[int]]:
    from schoonschip.cases.casefile.models import Case

    allowed = [i for i in location_ids if i in scope.location_ids]
    stmt = select(Case.id).where(
        Case.location_id.in_(allowed),
        Case.opened_on <= period.end,
        or_(Case.closed_on.is_(None), Case.closed_on >= period.start),
    )
    if scope.coach_id is not None:
        stmt = stmt.where(Case.coach_id == scope.coach_id)
    return stmt


def _normal_name(name: str) -> str:
    if name.isascii():
        return " ".join(name.casefold().split())
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _open(keys: dict[int, Callable[[bytes, bytes], bytes] | None], case_id: int, table: str, column: str, raw: bytes | None) -> bytes | None:
    """A sealed value of a case, or None (no value, erased case, or it does not open).
    The associated data is exactly ``crypto.aad_for(table, column, case_id)``."""
    opener = keys.get(case_id)
    if opener is None or raw is None:
        return None
    try:
        return opener(raw, f"{table}|{column}|{case_id}".encode())
    except CryptoError:
        return None


_Opener = Callable[[bytes, bytes], bytes]  # opens one sealed value of a case


def _data_keys(db: Session, case_ids: Sequence[int]) -> dict[int, Callable[[bytes, bytes], bytes] | None]:
    """case id -> an opener for its sealed values (None: the case was erased)."""
    store = keys_of(db)
    store.preload([case_subject(c) for c in case_ids], chunk=900)
    out: dict[int, Callable[[bytes, bytes], bytes] | None] = {}
    for c in case_ids:
        key = store.known(case_subject(c))  # None after preload: the key is gone (erased case)
        out[c] = sealed_opener(key) if key is not None else None
    return out


def _resident_keys(db: Session, filt: Select[tuple[int]], case_ids: Sequence[int], keys: dict[int, Callable[[bytes, bytes], bytes] | None]) -> dict[int, int]:
    """case id -> resident number for this run (see the module docstring)."""
    from schoonschip.cases.casefile.resident import Resident

    salt = secrets.token_bytes(16)
    by_digest: dict[bytes, int] = {}
    out: dict[int, int] = {}
    rows = db.connection().execute(
        select(Resident.case_id, Resident.full_name_enc, Resident.birth_date_enc).where(Resident.case_id.in_(filt))
    ).all()
    for case_id, name_enc, birth_enc in rows:
        name = _open(keys, case_id, "residents", "full_name_enc", name_enc)
        birth = _open(keys, case_id, "residents", "birth_date_enc", birth_enc)
        if name is None or birth is None or not name.strip():
            continue
        digest = hashlib.blake2b(_normal_name(name.decode()).encode() + b"\x1f" + birth, key=salt, digest_size=16).digest()
        out[case_id] = by_digest.setdefault(digest, len(by_digest) + 1)
    n = len(by_digest)
    for case_id in case_ids:
        if case_id not in out:
            n += 1
            out[case_id] = n
    return out


def load_facts(db: Session, scope: ReportScope, location_ids: Collection[int], period: Period) -> ReportFacts:
    """Every fact the report over ``period`` needs, for the chosen locations within the
    scope. Cases not active in the period are left out (they add nothing)."""
    from schoonschip.cases.casefile.models import Case
    from schoonschip.cases.handover.rounds import handovers_for_reports
    from schoonschip.cases.mediation.overview import mediation_facts_for_reports

    locs = [i for i in location_ids if i in scope.location_ids]
    names = {loc.id: loc.name for loc in db.scalars(select(Location).where(Location.id.in_(locs)))}
    filt = _case_filter(scope, locs, period)
    conn = db.connection()  # Core rows: no ORM row processing for thousands of plain tuples

    cases = conn.execute(
        select(Case.id, Case.location_id, Case.opened_on, Case.closed_on, Case.close_reason).where(Case.id.in_(filt))
    ).all()
    case_ids = [c[0] for c in cases]
    stages = _stages_reached(conn, filt)
    plain = _landlord_and_referral(conn, filt)
    contacts = _contact_minutes(conn, filt, period)
    keys = _data_keys(db, case_ids)
    residents = _resident_keys(db, filt, case_ids, keys)
    debts = _debt_facts(conn, filt, keys)
    _add_purged_debts(db, locs, case_ids, keys, debts)

    handovers = handovers_for_reports(db)
    facts: list[CaseFact] = []
    for case_id, location_id, opened, closed, reason in cases:
        landlord, referral = plain.get(case_id, (None, None))
        facts.append(
            CaseFact(
                case_key=case_id,
                resident_key=residents[case_id],
                location=names[location_id],
                opened=opened,
                stages_reached=stages.get(case_id, {}),
                closed=closed,
                close_reason=_CLOSE_REASON.get(reason or "", _report_code(reason)),
                referral_source=_REFERRAL.get(referral or "", _report_code(referral)),
                handover=handovers.get(case_id),
                landlord=_report_code(landlord),
                debts=tuple(debts.get(case_id, ())),
                contact_minutes=tuple(contacts.get(case_id, ())),
            )
        )

    mediations = tuple(
        mediation_facts_for_reports(db, location_ids=locs, coach_id=scope.coach_id, started_until=period.end)
    )
    tallies = _tallies(db, scope, locs, names, period)
    return ReportFacts(cases=tuple(facts), mediations=mediations, tallies=tuple(tallies))


def _stages_reached(conn: Connection, filt: Select[tuple[int]]) -> dict[int, dict[str, date]]:
    """Per case: the first day it reached each step of the report."""
    from schoonschip.cases.casefile.models import StageChange

    stages: dict[int, dict[str, date]] = defaultdict(dict)
    for case_id, to_stage, first in conn.execute(
        select(StageChange.case_id, StageChange.to_stage, func.min(StageChange.on))
        .where(StageChange.case_id.in_(filt))
        .group_by(StageChange.case_id, StageChange.to_stage)
    ).all():
        for step, reached_by in _STEP_STAGES.items():
            if to_stage in reached_by:
                known = stages[case_id].get(step)
                if known is None or first < known:
                    stages[case_id][step] = first
    return stages


def _landlord_and_referral(conn: Connection, filt: Select[tuple[int]]) -> dict[int, tuple[str | None, str | None]]:
    """Per case: the resident's landlord and how they came to us (plaintext codes)."""
    from schoonschip.cases.casefile.resident import Resident

    return {
        case_id: (landlord, referral)
        for case_id, landlord, referral in conn.execute(
            select(Resident.case_id, Resident.landlord, Resident.referral_source).where(Resident.case_id.in_(filt))
        ).all()
    }


def _contact_minutes(conn: Connection, filt: Select[tuple[int]], period: Period) -> dict[int, list[tuple[date, int]]]:
    """Per case: the (day, minutes) of its contact moments in the period."""
    from schoonschip.cases.casefile.records import ContactMoment

    contacts: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for case_id, on, minutes in conn.execute(
        select(ContactMoment.case_id, ContactMoment.on, ContactMoment.minutes).where(
            ContactMoment.case_id.in_(filt), ContactMoment.on >= period.start, ContactMoment.on <= period.end
        )
    ).all():
        contacts[case_id].append((on, int(minutes)))
    return contacts


def _debt_facts(conn: Connection, filt: Select[tuple[int]], keys: Mapping[int, _Opener | None]) -> dict[int, list[DebtFact]]:
    """Per case: its debts that are not paid off, amounts opened with the case's data key."""
    from schoonschip.cases.debts.models import Creditor, Debt

    debts: dict[int, list[DebtFact]] = defaultdict(list)
    debt_cols = [getattr(Debt, c) for c in _AMOUNT_COLUMNS]
    for row in conn.execute(
        select(Debt.case_id, Debt.category, Creditor.category, Debt.creditor_id, Debt.status, *debt_cols)
        .outerjoin(Creditor, Creditor.id == Debt.creditor_id)
        .where(Debt.case_id.in_(filt))
        .order_by(Debt.case_id, Debt.id)
    ).all():
        case_id, own_cat, reg_cat, creditor_id, status = row[:5]
        opener = keys.get(case_id)
        if status == "afgelost" or opener is None:
            continue
        # The hot loop of a report: the same checks as _open, without a call per value.
        suffix = str(case_id).encode()
        cents = [0] * len(_AMOUNT_COLUMNS)
        for n, raw in enumerate(row[5:]):
            if raw is not None:
                try:
                    cents[n] = int(opener(raw, _DEBT_AAD[n] + suffix))
                except CryptoError:
                    pass
        category = own_cat or reg_cat or "anders"
        debts[case_id].append(
            DebtFact(
                category=_CATEGORY.get(category, category),
                total=Money(sum(cents)),
                costs_and_fines=Money(sum(cents[1:])),
                creditor_key=creditor_id,
            )
        )
    return debts


def _add_purged_debts(
    db: Session, locs: list[int], case_ids: list[int], keys: Mapping[int, _Opener | None], debts: dict[int, list[DebtFact]]
) -> None:
    # A case the retention policy erased lost its data key, but purge-expired kept its debts
    # as sealed report facts (schoonschip.privacy.retention), so past periods keep their debt figures.
    erased = {case_id for case_id in case_ids if keys.get(case_id) is None}
    if erased:
        from schoonschip.privacy.retention import purged_case_facts

        for case_id, kept in purged_case_facts(db, locs).items():
            if case_id in erased and case_id not in debts:
                debts[case_id] = [
                    DebtFact(
                        category=_CATEGORY.get(d.category, d.category),
                        total=d.total,
                        costs_and_fines=d.costs_and_fines,
                        creditor_key=d.creditor_key,
                    )
                    for d in kept
                ]


def _tallies(db: Session, scope: ReportScope, locs: list[int], names: Mapping[int, str], period: Period) -> list[TallyFact]:
    """The tally counts of the period (not in a coach's own report)."""
    from schoonschip.reports.tally import TallyCount

    tallies: list[TallyFact] = []
    if not scope.own_only:
        for location_id, on, topic, count in db.execute(
            select(TallyCount.location_id, TallyCount.on, TallyCount.topic, TallyCount.count).where(
                TallyCount.location_id.in_(locs), TallyCount.on >= period.start, TallyCount.on <= period.end
            )
        ):
            tallies.append(TallyFact(location=names[location_id], day=on, topic=topic, count=int(count)))
    return tallies
