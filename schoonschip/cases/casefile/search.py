"""Case lists and finding a case by name, without any name stored in plaintext.

How name search works, and why (measured with benchmarks/search_bench.py):
we decrypt, in memory, the alias and full name of the cases the user may see anyway
(``visible_cases_clause`` plus the list's own filter: one location, optionally one stage)
and match there. Measured with 2.000 cases at one location (SQLite, a busy 2-core
machine): 85–190 ms for the search itself, 95–185 ms for the whole POST request; the
data keys are fetched in batches (``CaseKeyStore.preload``), which took it down from
~350 ms. One location opens a few hundred cases a year, so this is years of headroom.

We chose this over a keyed blind index (HMAC of name tokens) because:
* it matches any part of a name ("ama" finds "Amara"), accents and case ignored; a blind
  index matches whole tokens only, unless it stores n-grams, and every n-gram is one more
  keyed value that tells a database reader "these cases share this piece of a name";
* erasure, rotation and new name fields need nothing extra: no index rows to delete,
  re-key or backfill, and no second copy of a name (even a keyed one) outlives a case;
* the search can never reach a case outside the user's access, because the candidate
  set *is* the access query.
The cost grows with the number of visible cases; if one location ever holds tens of
thousands, a blind index can be added behind ``search_cases`` without changing callers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from schoonschip.cases.casefile.access import mine_ids
from schoonschip.cases.casefile.models import Case, Stage
from schoonschip.cases.casefile.resident import Resident
from schoonschip.sealing import case_subject, keys_of

MAX_RESULTS = 100
PAGE_SIZE = 50
MIN_TERM = 2


def normalise(text: str | None) -> str:
    """Lower case, accents off, punctuation to spaces: ``"Zoë  O'Neil"`` -> ``"zoe o neil"``."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def matches(term_tokens: Sequence[str], haystack: str) -> bool:
    return all(tok in haystack for tok in term_tokens)


def crisis_first(*then: ColumnElement) -> list[ColumnElement]:  # type: ignore[type-arg]
    """Order: crisis cases first (longest in crisis on top), then the given order."""
    return [sql_case((Case.crisis_since.is_(None), 1), else_=0), Case.crisis_since.asc(), *then]


def mine_clause(user_id: int) -> ColumnElement[bool]:
    """Cases assigned to or shared with this user (combine with visible_cases_clause)."""
    return Case.id.in_(mine_ids(user_id))


def list_clause(base: ColumnElement[bool], stage: str | None) -> ColumnElement[bool]:
    if stage and stage in {s.value for s in Stage}:
        return and_(base, Case.stage == stage)
    if stage == "open":
        return and_(base, Case.stage != Stage.AFGESLOTEN.value)
    return base


def preload_keys(db: Session, case_ids: Iterable[int]) -> None:
    """Unwrap the data keys of many cases at once (a few queries instead of one per case)."""
    keys_of(db).preload([case_subject(cid) for cid in case_ids])


def page_of_cases(db: Session, clause: ColumnElement[bool], page: int = 1) -> tuple[list[Case], int]:
    """One page of a case list and the total count, crisis first, newest activity next."""
    total = db.scalar(select(func.count()).select_from(Case).where(clause)) or 0
    page = max(1, page)
    rows = list(
        db.scalars(
            select(Case)
            .where(clause)
            .order_by(*crisis_first(Case.updated_at.desc(), Case.id))
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    preload_keys(db, [c.id for c in rows])
    return rows, total


@dataclass
class SearchResult:
    cases: list[Case]
    truncated: bool


def search_cases(db: Session, clause: ColumnElement[bool], term: str) -> SearchResult:
    """Cases within ``clause`` whose alias or full name contains every word of ``term``
    (any part of a word, case and accents ignored), crisis first."""
    tokens = normalise(term).split()
    if not tokens or sum(len(t) for t in tokens) < MIN_TERM:
        return SearchResult([], False)
    candidates = list(db.scalars(select(Case).where(clause).order_by(*crisis_first(Case.updated_at.desc(), Case.id))))
    ids = [c.id for c in candidates]
    preload_keys(db, ids)
    residents: dict[int, Resident] = {}
    for i in range(0, len(ids), 500):
        for r in db.scalars(select(Resident).where(Resident.case_id.in_(ids[i : i + 500]))):
            residents[r.case_id] = r
    found: list[Case] = []
    for c in candidates:
        resident = residents.get(c.id)
        full_name = resident.full_name if resident is not None else None
        haystack = normalise(c.alias) + " | " + normalise(full_name)
        if matches(tokens, haystack):
            found.append(c)
            if len(found) > MAX_RESULTS:
                return SearchResult(found[:MAX_RESULTS], True)
    return SearchResult(found, False)
