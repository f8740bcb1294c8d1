"""The central guards against hostile form input: control characters and oversized ids."""

from __future__ import annotations

import pytest
from flask import Flask

from schoonschip.db import MAX_ID, parse_id
from schoonschip.web import CleanRequest, strip_control


@pytest.mark.parametrize("raw", ["1", " 42 ", str(MAX_ID)])
def test_parse_id_accepts_ids_that_fit(raw: str) -> None:
    assert parse_id(raw) == int(raw)


@pytest.mark.parametrize("raw", ["", "0", "-1", str(MAX_ID + 1), "9" * 30, "1.5", "²", "١٢", "x", None])
def test_parse_id_refuses_the_rest(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_id(raw)


def test_strip_control_keeps_tab_newline_and_text() -> None:
    assert strip_control("a\x00b\x1b[0m\x7f\tc\r\nd\u202e") == "ab[0m\tc\r\nd\u202e"


def test_every_form_value_is_cleaned_before_a_view_sees_it() -> None:
    app = Flask(__name__)
    app.request_class = CleanRequest
    with app.test_request_context("/", method="POST", data={"name": ["x\x00y", "ok\x07"], "plain": "tekst"}):
        from flask import request

        assert request.form.getlist("name") == ["xy", "ok"]
        assert request.form["plain"] == "tekst"
