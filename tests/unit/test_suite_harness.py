"""The test suite's own rules: which warnings may pass (pyproject's filterwarnings), and the
"Browser tests: ..." line with its banner when they were skipped (tests/browser_summary.py)."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import pytest

# weasyprint/text/ffi.py, when libharfbuzz-subset is not installed (an optional library).
HARFBUZZ_SUBSET_WARNING = (
    "HarfBuzz-Subset will be required by future versions of WeasyPrint. "
    "Please install this library with your package manager."
)


def test_weasyprint_words_the_harfbuzz_subset_warning_as_pyproject_expects() -> None:
    spec = importlib.util.find_spec("weasyprint")  # finds, does not import
    assert spec is not None and spec.submodule_search_locations
    ffi = Path(next(iter(spec.submodule_search_locations))) / "text" / "ffi.py"
    # pyproject's ignore matches the start of the message, which fits on one source line.
    source = ffi.read_text(encoding="utf-8")
    assert "HarfBuzz-Subset will be required by future versions of WeasyPrint" in source, (
        "WeasyPrint changed the warning's text: update filterwarnings in pyproject.toml"
    )


def test_a_missing_harfbuzz_subset_is_no_test_failure_but_other_deprecations_are() -> None:
    # Under pyproject's filterwarnings ("error" first) this would raise without the ignore.
    warnings.warn(HARFBUZZ_SUBSET_WARNING, DeprecationWarning, stacklevel=1)
    with pytest.raises(DeprecationWarning):
        warnings.warn("something else is deprecated", DeprecationWarning, stacklevel=1)


# A miniature suite for pytester: browser tests that pass, fail or skip like the real ones.
BROWSER_TESTS = """
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def chromium_path():
    if {skip}:
        pytest.skip("/usr/bin/chromium not found: install Debian's chromium (apt-get install chromium)")
    return "/usr/bin/chromium"


def test_login(chromium_path):
    pass


def test_search(chromium_path):
    pass


def test_report(chromium_path):
    assert {report_ok}
"""
PLAIN_TESTS = """
def test_plain():
    pass
"""


def _run(
    pytester: pytest.Pytester, *args: str, skip: bool = False, report_ok: bool = True
) -> pytest.RunResult:
    pytester.makeini("[pytest]\nmarkers =\n    browser: drives the real app in headless Chromium\n")
    pytester.makepyfile(
        test_browser=BROWSER_TESTS.format(skip=skip, report_ok=report_ok), test_plain=PLAIN_TESTS
    )
    return pytester.runpytest("-p", "tests.browser_summary", "--strict-markers", *args)


def test_the_summary_counts_the_browser_tests_that_ran(pytester: pytest.Pytester) -> None:
    result = _run(pytester)
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["Browser tests: 3 ran (3 passed), 0 skipped"])
    result.stdout.no_fnmatch_line("*SKIPPED*")


def test_the_summary_counts_a_failing_browser_test(pytester: pytest.Pytester) -> None:
    result = _run(pytester, report_ok=False)
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["Browser tests: 3 ran (2 passed, 1 failed), 0 skipped"])


def test_skipped_browser_tests_get_a_loud_banner_with_the_reason(pytester: pytest.Pytester) -> None:
    result = _run(pytester, skip=True)
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(
        [
            "Browser tests: 0 ran (none), 3 skipped",
            "!!!*",
            "!!! 3 browser tests were SKIPPED: /usr/bin/chromium not found: install Debian's chromium"
            " (apt-get install chromium) !!!",
        ]
    )


def test_deselected_browser_tests_are_named_and_no_browser_tests_means_no_line(
    pytester: pytest.Pytester,
) -> None:
    result = _run(pytester, "-m", "not browser")
    result.stdout.fnmatch_lines(["Browser tests: 0 ran (none), 0 skipped, 3 deselected"])
    result = pytester.runpytest("-p", "tests.browser_summary", "test_plain.py")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("Browser tests:*")
