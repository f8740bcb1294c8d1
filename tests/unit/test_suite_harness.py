"""The test suite's own rules: which warnings may pass (pyproject's filterwarnings)."""

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
