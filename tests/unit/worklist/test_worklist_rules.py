"""The worklist's pure rules: deadlines, working days, renewal, contact, sorting, stage proposals."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from schoonschip.cases.mediation.rules import is_working_day
from schoonschip.cases.worklist.rules import (
    KIND_ORDER,
    Item,
    ItemKind,
    StageFacts,
    Urgency,
    consent_needs_renewal,
    consent_renewal_on,
    contact_due_on,
    crisis_item_deadline,
    debt_deadline,
    needs_contact,
    proposed_stage,
    sort_items,
    urgency,
)

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def test_crisis_deadline_counts_three_working_days_over_weekend_and_holidays() -> None:
    assert crisis_item_deadline(date(2026, 12, 4)) == date(2026, 12, 9)  # Friday -> Wednesday
    # Thursday 24 December 2026: Christmas (Fri) and Tweede Kerstdag (Sat) and Sunday skipped
    assert crisis_item_deadline(date(2026, 12, 24)) == date(2026, 12, 30)


@given(days)
def test_crisis_deadline_is_a_working_day_after_the_start(since: date) -> None:
    d = crisis_item_deadline(since)
    assert d > since and is_working_day(d) and (d - since).days >= 3


def test_debt_deadline() -> None:
    assert debt_deadline("veertiendagenbrief", date(2026, 3, 1)) == date(2026, 3, 15)
    assert debt_deadline("deurwaarder_sommatie", date(2026, 3, 1)) == date(2026, 3, 1)


def test_consent_renewal_after_twelve_months_shown_thirty_days_before() -> None:
    given_on = date(2025, 12, 7)
    assert consent_renewal_on(given_on) == date(2026, 12, 7)
    assert not consent_needs_renewal(given_on, date(2026, 11, 6))
    assert consent_needs_renewal(given_on, date(2026, 11, 7))


def test_no_contact_for_four_weeks() -> None:
    opened = date(2026, 1, 1)
    assert contact_due_on(None, opened) == date(2026, 1, 29)
    assert not needs_contact(date(2026, 2, 1), opened, date(2026, 2, 28))
    assert needs_contact(date(2026, 2, 1), opened, date(2026, 3, 1))
    assert needs_contact(None, opened, date(2026, 1, 29))


def test_urgency() -> None:
    today = date(2026, 6, 10)
    assert urgency(today - timedelta(days=1), today) is Urgency.LATE
    assert urgency(today, today) is Urgency.TODAY
    assert urgency(today + timedelta(days=7), today) is Urgency.SOON
    assert urgency(today + timedelta(days=8), today) is Urgency.LATER


items = st.builds(
    Item,
    kind=st.sampled_from(list(ItemKind)),
    case_id=st.integers(1, 5),
    reference=st.sampled_from(["SS-2026-0001", "SS-2026-0002", "SS-2026-0003"]),
    deadline=days,
    task_id=st.none() | st.integers(1, 100),
)


@given(st.lists(items, max_size=30))
def test_sorted_by_deadline_then_kind(xs: list[Item]) -> None:
    out = sort_items(xs)
    assert sorted(map(id, out)) == sorted(map(id, xs))  # nothing lost or added
    keys = [(i.deadline, KIND_ORDER[i.kind], i.reference) for i in out]
    assert keys == sorted(keys)


def test_same_day_crisis_before_a_task() -> None:
    d = date(2026, 5, 4)
    task = Item(ItemKind.TAAK, 1, "SS-2026-0001", d, task_id=1)
    crisis = Item(ItemKind.CRISIS, 2, "SS-2026-0009", d)
    assert sort_items([task, crisis]) == [crisis, task]


def test_stage_proposals() -> None:
    none = StageFacts(False, False, False, False)
    assert proposed_stage("aanmelding", none) is None
    assert proposed_stage("aanmelding", StageFacts(True, False, False, False)) == "a_verhaal"
    assert proposed_stage("aanmelding", StageFacts(False, True, False, False)) == "b_inzicht"
    assert proposed_stage("a_verhaal", StageFacts(True, False, True, False)) == "b_inzicht"
    assert proposed_stage("aanmelding", StageFacts(True, True, True, True)) == "c_aanpak"
    assert proposed_stage("c_aanpak", StageFacts(True, True, True, True)) is None


@given(st.sampled_from(["aanmelding", "a_verhaal", "b_inzicht", "c_aanpak", "klaar_voor_overdracht", "overgedragen", "afgesloten"]),
       st.booleans(), st.booleans(), st.booleans(), st.booleans())  # fmt: skip
def test_a_proposal_only_moves_forward_and_never_into_handover(current: str, a: bool, b: bool, c: bool, d: bool) -> None:
    order = ["aanmelding", "a_verhaal", "b_inzicht", "c_aanpak"]
    p = proposed_stage(current, StageFacts(a, b, c, d))
    if p is not None:
        assert current in order and p in order and order.index(p) > order.index(current)
