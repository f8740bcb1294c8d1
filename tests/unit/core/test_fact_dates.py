"""The one date rule for facts (issue 12 item 6): schoonschip.dates.check_fact_date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.dates import (
    BACKDATED,
    BEFORE_BIRTH,
    IN_FUTURE,
    DateError,
    FactContext,
    FactKind,
    backdated_note,
    check_fact_date,
)

TODAY = date(2026, 12, 7)
OPENED = date(2026, 3, 1)
BORN = date(1980, 5, 17)
CTX = FactContext(today=TODAY, case_start=OPENED, birth_date=BORN)


def test_a_consent_22_months_before_the_case_is_accepted_with_the_note():
    consent = date(2024, 5, 1)  # 22 months before 1 March 2026
    assert check_fact_date(consent, CTX) is True
    msgid, params = backdated_note(CTX)
    assert msgid == BACKDATED and params == {"start": "01-03-2026"}


def test_a_contact_on_the_day_the_case_started_is_ordinary():
    assert check_fact_date(OPENED, CTX) is False


def test_today_is_allowed_and_tomorrow_is_not():
    assert check_fact_date(TODAY, CTX) is False
    with pytest.raises(DateError) as exc:
        check_fact_date(TODAY + timedelta(days=1), CTX)
    assert str(exc.value) == IN_FUTURE


def test_a_budget_dated_next_year_is_refused():
    with pytest.raises(DateError, match="toekomst"):
        check_fact_date(date(2027, 1, 1), CTX, FactKind.CASEWORK)


def test_nothing_before_the_residents_birth():
    with pytest.raises(DateError) as exc:
        check_fact_date(BORN - timedelta(days=1), CTX, FactKind.LIFE)
    assert str(exc.value) == BEFORE_BIRTH
    assert check_fact_date(BORN, CTX, FactKind.LIFE) is False


def test_life_facts_never_get_the_note_and_birth_dates_only_the_future_check():
    assert check_fact_date(date(2001, 1, 1), CTX, FactKind.LIFE) is False  # a debt from long ago
    assert check_fact_date(date(1950, 1, 1), CTX, FactKind.BIRTH) is False  # a partner older than the resident
    with pytest.raises(DateError):
        check_fact_date(TODAY + timedelta(days=1), CTX, FactKind.BIRTH)


def test_without_a_known_birth_or_start_only_the_future_counts():
    bare = FactContext(today=TODAY)
    assert check_fact_date(date(1901, 1, 1), bare) is False


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(on=days, today=days, start=st.none() | days, born=st.none() | days, kind=st.sampled_from(FactKind))
def test_the_rule_is_one_of_three_answers_and_consistent(on, today, start, born, kind):
    ctx = FactContext(today=today, case_start=start, birth_date=born)
    try:
        backdated = check_fact_date(on, ctx, kind)
    except DateError as exc:
        # refused only for the two reasons, each when it really holds
        assert str(exc) in (IN_FUTURE, BEFORE_BIRTH)
        if str(exc) == IN_FUTURE:
            assert on > today
        else:
            assert kind is not FactKind.BIRTH and born is not None and on < born
        return
    assert on <= today
    if kind is not FactKind.BIRTH and born is not None:
        assert on >= born
    # the note exactly when a casework fact lies before the case's start
    assert backdated == (kind is FactKind.CASEWORK and start is not None and on < start)
