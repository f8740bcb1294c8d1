"""The one way to load a case: checks access, 404 when not allowed, writes the audit event.

Who may see a case (DESIGN §5):
* a coach: cases of their location assigned to them or shared with them;
* a coordinator: every case of their location;
* beheerder and rapportage: no case content at all;
* nobody who declared a conflict of interest on the case;
* nobody, once the case is erased.
"""

from __future__ import annotations

from functools import lru_cache

from flask import abort
from flask_login import current_user
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    bindparam,
    exists,
    false,
    or_,
    select,
    union,
)
from sqlalchemy.orm import aliased

from schoonschip import audit
from schoonschip.auth.models import Location, Role
from schoonschip.cases.casefile.models import Case, CaseConflict, CaseShare
from schoonschip.db import get_session


def mine_ids(user_id: object) -> CompoundSelect:
    """The ids of the cases assigned to or shared with this user (a subquery).

    An ``id IN (these)`` condition, not ``coach_id = u OR EXISTS (share)``: the planner
    then starts from the user's own few cases (index on coach_id, on the shares' user_id)
    instead of scanning every case at the location with a correlated subquery per row;
    a coach's list stays flat as the location grows (benchmarks/run.py: 2.1 ms -> 0.1 ms
    for the list query at 9.000 cases on SQLite).
    """
    return union(select(_OWN.id).where(_OWN.coach_id == user_id), select(CaseShare.case_id).where(CaseShare.user_id == user_id))


# One alias for every call: building an alias is a good part of building the statement,
# and the statement is built on every case page (docs/performance.md).
_OWN = aliased(Case)


def visible_cases_clause(user: object = None) -> ColumnElement[bool]:
    """SQL condition: the cases this user may open. Used by every list and search."""
    user = user or current_user
    if not getattr(user, "is_authenticated", False):
        return false()
    return _visible(
        user.user_id,  # type: ignore[attr-defined]
        frozenset(user.locations(Role.COORDINATOR)),  # type: ignore[attr-defined]
        frozenset(user.locations(Role.COACH)),  # type: ignore[attr-defined]
    )


def _visible(uid: object, coordinator_locs: frozenset[int], coach_locs: frozenset[int]) -> ColumnElement[bool]:
    """The condition of :func:`visible_cases_clause`; ``uid`` a user id or a bound parameter."""
    conditions = []
    if coordinator_locs:
        conditions.append(Case.location_id.in_(sorted(coordinator_locs)))
    if coach_locs:
        conditions.append(
            and_(
                Case.location_id.in_(sorted(coach_locs)),
                Case.id.in_(mine_ids(uid)),  # type: ignore[arg-type]
            )
        )
    if not conditions:
        return false()
    no_conflict = ~exists().where(CaseConflict.case_id == Case.id, CaseConflict.user_id == uid)
    return and_(or_(*conditions), no_conflict, Case.erased_at.is_(None))


@lru_cache(maxsize=512)
def _case_if_visible(coordinator_locs: frozenset[int], coach_locs: frozenset[int]) -> Select[tuple[Case]]:
    """The case by id, if visible to the user (``cid``, ``uid`` bound at execution): built
    once per combination of locations instead of on every case page (building it cost more
    than running it; docs/performance.md)."""
    return select(Case).where(Case.id == bindparam("cid"), _visible(bindparam("uid"), coordinator_locs, coach_locs))


def load_case(case_id: int | str, action: str = "case_view") -> Case:
    """Load a case the current user may see, and audit the access; 404 otherwise."""
    try:
        cid = int(case_id)
    except (TypeError, ValueError):
        abort(404)
    db = get_session()
    case = None
    if current_user.is_authenticated:
        stmt = _case_if_visible(frozenset(current_user.locations(Role.COORDINATOR)), frozenset(current_user.locations(Role.COACH)))
        case = db.scalar(stmt, {"cid": cid, "uid": current_user.user_id})
    if case is None:
        audit.record("case_refused", object_type="case", object_id=cid, outcome="refused", detail=action, commit=True)
        abort(404)
    audit.record_case(action, case)
    return case


def load_coordinated_location(location_id: int) -> Location:
    """The location, for one of its coordinators; anyone else gets a 404 (audited as refused),
    as does an unknown id. The one gate for the coordinator's location pages."""
    if not current_user.is_coordinator_at(location_id):
        audit.record("access_refused", object_type="location", object_id=location_id, outcome="refused", commit=True)
        abort(404)
    location = get_session().get(Location, location_id)
    if location is None:
        abort(404)
    return location


def first_coordinated_location_id() -> int:
    """Where the "my location" links lead: the first location this user coordinates (by id);
    a 404 for someone who coordinates none."""
    locs = sorted(current_user.locations(Role.COORDINATOR))
    if not locs:
        abort(404)
    return locs[0]  # type: ignore[no-any-return]


def can_coordinate(case: Case) -> bool:
    return current_user.is_coordinator_at(case.location_id)
