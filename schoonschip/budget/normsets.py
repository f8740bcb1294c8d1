"""Norm sets: the builtin ones (budget/norms/*.json) and those a beheerder imports, checked
against their neighbours; a stored set is never overwritten."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schoonschip import audit
from schoonschip.auth.models import User
from schoonschip.budget.models import NormSetRecord
from schoonschip.budget.rules import norms
from schoonschip.budget.rules.norms import NormAmount, NormSet, NormSetError
from schoonschip.i18n import N_


@lru_cache(maxsize=1)
def builtin_normsets() -> tuple[NormSet, ...]:
    return tuple(norms.load_builtin())


def _imported(db: Session) -> list[tuple[NormSetRecord, NormSet]]:
    out = []
    for row in db.scalars(select(NormSetRecord).order_by(NormSetRecord.valid_from)):
        out.append((row, norms.parse_normset(json.loads(row.content))))
    return out


def all_normsets(db: Session) -> list[NormSet]:
    """Builtin sets plus the imported ones, oldest first. A valid_from exists only once."""
    merged: dict[date, NormSet] = {ns.valid_from: ns for ns in builtin_normsets()}
    for _row, ns in _imported(db):
        merged.setdefault(ns.valid_from, ns)
    return [merged[k] for k in sorted(merged)]


@dataclass(frozen=True)
class NormSetInfo:
    normset: NormSet
    builtin: bool
    imported_at: datetime | None = None
    imported_by: str | None = None

    @property
    def uncertain(self) -> list[NormAmount]:
        return norms.uncertain_amounts(self.normset)

    @property
    def missing(self) -> list[NormAmount]:
        return [a for a in self.normset.amounts.values() if a.value is None]


def normset_catalogue(db: Session) -> list[NormSetInfo]:
    """Every norm set, newest first, with where it came from."""
    infos = [NormSetInfo(ns, True) for ns in builtin_normsets()]
    builtin_dates = {ns.valid_from for ns in builtin_normsets()}
    for row, ns in _imported(db):
        if ns.valid_from in builtin_dates:
            continue
        user = db.get(User, row.imported_by_id) if row.imported_by_id else None
        infos.append(NormSetInfo(ns, False, row.imported_at, user.display_name if user else None))
    return sorted(infos, key=lambda i: i.normset.valid_from, reverse=True)


def _reject_float(text: str) -> Any:
    raise NormSetError(
        [N_("Een bedrag staat als getal (%(value)s) in de JSON; schrijf het als tekst: \"%(value)s\".", value=text[:20])]
    )


@dataclass(frozen=True)
class NormSetPreview:
    """What an import would add: the set, the one before it and every amount beside it."""

    normset: NormSet
    previous: NormSet | None
    changes: list[norms.AmountChange]

    @property
    def changed(self) -> list[norms.AmountChange]:
        return [c for c in self.changes if c.changed]


def preview_normset_text(db: Session, text: str) -> NormSetPreview:
    """Every check of :func:`import_normset_text`, without storing anything: the beheerder
    sees every changed amount against the set before it first. Raises NormSetError (Dutch)."""
    ns, previous = _checked_text(db, text)
    return NormSetPreview(ns, previous, norms.compare(ns, previous))


def _checked_text(db: Session, text: str) -> tuple[NormSet, NormSet | None]:
    if not text or not text.strip():
        raise NormSetError([N_("Plak de normenset (JSON) in het veld of kies een bestand.")])
    if len(text) > 200_000:
        raise NormSetError([N_("Dit bestand is te groot voor een normenset.")])
    try:
        data = json.loads(text, parse_float=_reject_float)
    except json.JSONDecodeError as exc:
        raise NormSetError(
            [N_("Dit is geen geldige JSON (regel %(lineno)s, teken %(colno)s).", lineno=exc.lineno, colno=exc.colno)]
        ) from None
    if not isinstance(data, dict):
        raise NormSetError([N_("Een normenset moet een JSON-object zijn: { ... }.")])
    existing = all_normsets(db)
    raw_from = data.get("valid_from")
    try:
        valid_from = date.fromisoformat(raw_from) if isinstance(raw_from, str) else None
    except ValueError:
        valid_from = None
    if valid_from is not None:
        same = next((ns for ns in existing if ns.valid_from == valid_from), None)
        if same is not None:
            raise NormSetError(
                [
                    N_("Er is al een normenset met ingangsdatum %(valid_from)s (code %(code)s). Een bestaande normenset "
                       "wordt nooit overschreven. Is er iets veranderd? Maak dan een set met een nieuwe ingangsdatum.",
                       valid_from=valid_from.strftime("%d-%m-%Y"), code=same.code)
                ]
            )
    previous = None
    following = None
    if valid_from is not None:
        earlier = [ns for ns in existing if ns.valid_from < valid_from]
        later = [ns for ns in existing if ns.valid_from > valid_from]
        previous = earlier[-1] if earlier else None
        following = later[0] if later else None
    ns = norms.parse_normset(data, previous)
    if following is not None:
        try:
            norms.parse_normset(norms.normset_to_dict(following), ns)
        except NormSetError as exc:
            raise NormSetError(
                [N_("Deze set past niet vóór normenset %(code)s:", code=following.code)] + exc.errors
            ) from None
    return ns, previous


def import_normset_text(db: Session, text: str, *, user_id: int | None) -> NormSet:
    """Validate and store a norm set given as JSON text. Raises NormSetError (Dutch list).

    Refuses a valid_from that already exists (builtin or imported): a set is never
    overwritten. Checks the set against the one before it (every amount present, positive,
    no change above 15 %, alleenstaande 70 % of gehuwden) and, when it is inserted between two
    sets, the next one against it.
    """
    ns, _previous = _checked_text(db, text)
    row = NormSetRecord(
        valid_from=ns.valid_from, code=ns.code, content=norms.normset_to_json(ns), imported_by_id=user_id
    )
    db.add(row)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise NormSetError(
            [
                N_("Er is al een normenset met ingangsdatum %(valid_from)s. Een bestaande normenset wordt nooit overschreven.",
                   valid_from=ns.valid_from.strftime("%d-%m-%Y"))
            ]
        ) from None
    audit.record("normset_import", object_type="normset", object_id=ns.code, session=db)
    return ns
