"""Password policy (NIST SP 800-63B style): length, not a known or trivially guessable
password, not the username. No composition rules.

Pure: no Flask or SQLAlchemy. Views turn the problem code into a Dutch message.

A password is refused when, lower-cased:
* it is shorter than 12 or longer than 200 characters;
* it contains the username;
* it is in the bundled list (``common_passwords.txt``), or it *is* a listed word with
  only digits, spaces or punctuation around it (``Wachtwoord123!``, ``welkom123456``);
* it is one short piece repeated (``abcabcabcabc``, ``welkomwelkom``), a run of
  neighbouring keys or digits (``123456789012``, ``qwertyuiop12``), or uses fewer than
  four different characters.
"""

from __future__ import annotations

import enum
import functools
import string
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 200

LIST_FILE = Path(__file__).with_name("common_passwords.txt")

_AFFIX = string.digits + string.punctuation + string.whitespace
_RUNS = (
    "01234567890123456789",
    "98765432109876543210",
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "qwertyuiopasdfghjklzxcvbnm",
    "mnbvcxzlkjhgfdsapoiuytrewq",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "!@#$%^&*()",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})


class Problem(enum.StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    CONTAINS_USERNAME = "contains_username"
    COMMON = "common"


@functools.cache
def common_words() -> frozenset[str]:
    words = set()
    for line in LIST_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def _is_repeat(s: str) -> bool:
    """One piece of at most a third of the length, repeated (``abcabcabcabc``)."""
    n = len(s)
    return any(n % k == 0 and s[:k] * (n // k) == s for k in range(1, n // 2 + 1))


def _is_run(s: str) -> bool:
    """Consecutive characters of a keyboard row, the alphabet or the digits."""
    if len(s) < 4:
        return False
    return any(s in run for run in _RUNS)


def _trivial(s: str) -> bool:
    return len(set(s)) < 4 or _is_repeat(s) or _is_run(s)


def _candidates(password: str) -> set[str]:
    low = password.lower()
    core = low.strip(_AFFIX)
    out = {low, core, low.replace(" ", ""), core.replace(" ", "")}
    out |= {c.translate(_LEET) for c in list(out)}
    # a word with a run of digits/keys glued to it: "qwertyuiop12" -> "qwertyuiop"
    stripped_tail = low.rstrip(_AFFIX)
    stripped_head = low.lstrip(_AFFIX)
    out |= {stripped_tail, stripped_head}
    return {c for c in out if c}


def check(password: str, username: str = "") -> Problem | None:
    """The first thing wrong with this password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return Problem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return Problem.TOO_LONG
    low = password.lower()
    user = username.strip().lower()
    if user and len(user) >= 3 and user in low:
        return Problem.CONTAINS_USERNAME
    words = common_words()
    compact = low.replace(" ", "")
    if _trivial(compact):
        return Problem.COMMON
    core = low.strip(_AFFIX).replace(" ", "")
    if len(core) >= 6 and _trivial(core):
        return Problem.COMMON
    for cand in _candidates(password):
        if cand in words:
            return Problem.COMMON
        # a listed word doubled or repeated: "welkomwelkom", "passwordpassword"
        if _is_repeat(cand) and any(cand[:k] in words for k in range(3, len(cand) // 2 + 1) if len(cand) % k == 0):
            return Problem.COMMON
    return None
