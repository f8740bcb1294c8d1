"""The letter template sandbox: only whitelisted fields, no attribute or item access, no calls,
no loops; clear Dutch messages naming the line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SecurityError

from schoonschip.cases.letters.rules import FIELD_NAMES, FIELDS, example_fields, only_whitelisted
from schoonschip.cases.letters.sandbox import TemplateProblem, check_template, raw_sandbox_render, render_text
from schoonschip.cases.letters.texts import DEFAULT_TEXTS


def test_fields_are_filled_in():
    out = render_text("Aan {{ schuldeiser }}, kenmerk {{ kenmerk }}.", {"schuldeiser": "Voorbeeld BV", "kenmerk": "K-1"})
    assert out == "Aan Voorbeeld BV, kenmerk K-1."


def test_if_and_filters_work():
    src = "{% if incassant %}p/a {{ incassant|upper }}{% else %}direct{% endif %}"
    assert render_text(src, {"incassant": "deurwaarder"}) == "p/a DEURWAARDER"
    assert render_text(src, {}) == "direct"


def test_only_whitelisted_values_reach_the_template():
    values = only_whitelisted({"schuldeiser": "A", "geheim": "x", "__class__": "y"})
    assert set(values) == FIELD_NAMES
    assert "geheim" not in values


@pytest.mark.parametrize(
    "src",
    [
        "{{ ''.__class__ }}",
        "{{ schuldeiser.__class__.__mro__ }}",
        "{{ schuldeiser['upper'] }}",
        "{{ schuldeiser.upper() }}",
        "{{ lipsum.__globals__ }}",
        "{% for x in range(10) %}{{ x }}{% endfor %}",
        "{% set x = 1 %}",
        "{% include 'base.html' %}",
        "{% import 'x' as y %}",
        "{{ schuldeiser * 100000000 }}",
        "{{ self }}",
        "{{ schuldeiser|attr('__class__') }}",
        "{{ cycler }}",
    ],
)
def test_dangerous_templates_are_refused_with_a_dutch_message(src):
    with pytest.raises(TemplateProblem) as exc:
        render_text(src, example_fields())
    message = str(exc.value.message)
    assert "Regel 1" in message or "veld" in message or "kan niet" in message
    assert "__globals__" not in message and "Traceback" not in message


def test_the_sandbox_itself_refuses_class_access_even_without_the_first_check():
    """The second wall: rendering ``{{ ''.__class__ }}`` in the sandbox raises, it never shows
    ``<class 'str'>``."""
    with pytest.raises(SecurityError):
        raw_sandbox_render("{{ ''.__class__ }}", {})
    with pytest.raises(SecurityError):
        raw_sandbox_render("{{ schuldeiser.upper() }}", {"schuldeiser": "x"})
    with pytest.raises(UndefinedError):
        raw_sandbox_render("{{ onbekend }}", {})


def test_unknown_field_is_named_with_its_line():
    with pytest.raises(TemplateProblem) as exc:
        check_template("Regel een\nAan {{ schuldeisr }}")
    message = str(exc.value.message)
    assert "Regel 2" in message and "schuldeisr" in message and "bestaat niet" in message


def test_syntax_error_gives_the_line():
    with pytest.raises(TemplateProblem) as exc:
        check_template("Goed\n{% if kenmerk %}open zonder einde")
    assert "Regel" in str(exc.value.message) and "opmaak" in str(exc.value.message)


def test_empty_and_huge_templates_refused():
    with pytest.raises(TemplateProblem):
        check_template("   ")
    with pytest.raises(TemplateProblem):
        check_template("x" * 20_001)


@pytest.mark.parametrize("kind", list(DEFAULT_TEXTS))
def test_every_default_text_passes_and_uses_known_fields(kind):
    out = render_text(DEFAULT_TEXTS[kind], example_fields())
    assert "{{" not in out and "{%" not in out
    assert "Demo Voorbeeldpersoon" in out or "VB-000123" in out


def test_every_field_has_a_synthetic_example():
    for f in FIELDS:
        assert f.example and f.label


@given(st.text(alphabet=st.sampled_from(list("abc {}%()._'[]|\n")), max_size=60))
def test_any_text_either_renders_or_is_refused_never_crashes(src):
    try:
        out = render_text(src, example_fields())
    except TemplateProblem as exc:
        assert str(exc.message)
    else:
        assert "<class" not in out
