"""The one URL-safety check (issue 16, finding 2) and the id/page parsers (finding 3)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.web.urls import MAX_PAGE, browser_reading, id_arg, page_arg, safe_local_path


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example/",  # the finding: the tab is dropped, //evil.example/ remains
        "/\n/evil.example/",
        "/\r/evil.example/",
        "\t//evil.example/",
        " //evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "/start\nSet-Cookie: x=1",
        "/\x00/evil.example",
        "/\u2028/evil.example",
        "",
        None,
        "/" + "a" * 3000,
    ],
)
def test_refused(target):
    assert safe_local_path(target) is None


@pytest.mark.parametrize("target", ["/", "/start", "/dossiers/3", "/dossiers?fase=open&pagina=2", "/login/code"])
def test_local_paths_pass_unchanged(target):
    assert safe_local_path(target) == target


@given(st.text(alphabet=st.sampled_from(list("/\\\t\n\r :.?#@%ae\x00\x0b\x1f\x7f")) | st.characters(), max_size=30))
def test_whatever_passes_is_a_path_on_this_site_as_a_browser_reads_it(target):
    ok = safe_local_path(target)
    if ok is None:
        return
    seen = browser_reading(ok)
    parts = urlsplit(seen)
    assert seen == ok
    assert seen.startswith("/") and not seen.startswith("//")
    assert not parts.scheme and not parts.netloc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), (str(2**31 - 1), 2**31 - 1), (str(2**31), None), (str(2**63), None), ("9" * 30, None), ("0", None), ("-1", None),
     ("1\n", 1), ("x", None), ("\x00", None), ("", None), (None, None), ("٣", None)],
)
def test_id_arg(raw, expected):
    assert id_arg(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2", 2), ("0", 1), ("-5", 1), ("9" * 30, 1), (str(MAX_PAGE + 5), MAX_PAGE), ("x", 1), ("\n", 1), (None, 1), ("٣", 1)],
)
def test_page_arg(raw, expected):
    assert page_arg(raw) == expected
