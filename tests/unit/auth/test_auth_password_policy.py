"""Password policy: length, bundled common list, username, no composition rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schoonschip.auth.passwords import MAX_LENGTH, MIN_LENGTH, Problem, check, common_words


@pytest.mark.parametrize(
    "password",
    [
        "wachtwoord123", "welkom123456", "password1234", "qwertyuiop12", "123456789012",
        "Wachtwoord2024!", "WELKOM123456", "welkomwelkom", "passwordpassword", "P@ssw0rd1234",
        "abcabcabcabc", "aaaaaaaaaaaa", "000000000000", "Feyenoord1908", "amsterdam020!",
        "1q2w3e4r5t6y", "asdfghjkl123", "  welkom123456  ", "Zomer2025!!!!", "schoonschip123",
    ],
)  # fmt: skip
def test_common_and_trivial_passwords_are_refused(password):
    assert check(password, "coach.amina") is Problem.COMMON


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple", "fiets naar de markt op zaterdag", "Tr0mbone-Kaasbol-7",
        "192837465019", "mijn kat heet Bobbie en zij is 9", "x" * 3 + "qz7!Lp0@vN2#",
    ],
)  # fmt: skip
def test_reasonable_passwords_pass_without_composition_rules(password):
    assert check(password, "coach.amina") is None


def test_length_limits():
    assert check("kort maar k", "") is Problem.TOO_SHORT  # 11 characters
    assert len("eenzinvan12!") == MIN_LENGTH and check("eenzinvan12!", "") is None
    longest = ("de boot vaart naar de zee " * 10)[:MAX_LENGTH]
    assert len(longest) == MAX_LENGTH and check(longest, "") is None
    assert check(longest + "q", "") is Problem.TOO_LONG
    assert check("b" * (MAX_LENGTH + 1), "") is Problem.TOO_LONG


def test_password_equal_to_or_containing_username_is_refused():
    assert check("coach.amina1234", "coach.amina") is Problem.CONTAINS_USERNAME
    assert check("Coach.Amina-is-de-beste", "coach.amina") is Problem.CONTAINS_USERNAME
    assert check("coach.amina.x", "Coach.Amina") is Problem.CONTAINS_USERNAME


def test_bundled_list_is_loaded_and_lower_case():
    words = common_words()
    assert len(words) > 3000
    for w in ("wachtwoord123", "welkom123456", "password1234", "qwertyuiop12", "123456789012", "welkom", "ajax"):
        assert w in words
    assert all(w == w.lower() for w in words)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=MIN_LENGTH - 1))
def test_anything_shorter_than_minimum_is_refused(pw):
    assert check(pw, "") is Problem.TOO_SHORT
