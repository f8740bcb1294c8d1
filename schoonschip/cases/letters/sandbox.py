"""Filling in a letter template that a beheerder typed: Jinja in an immutable sandbox that
sees only the whitelisted fields of :data:`schoonschip.cases.letters.rules.FIELDS`.

Two walls. First the template is read and checked: only text, fields (``{{ schuldeiser }}``),
``{% if %}`` and a few harmless filters are allowed; an unknown field, an attribute or item
(``{{ ''.__class__ }}``, ``{{ x['y'] }}``), a call, a loop, ``set``, ``include``, ``import`` or
``extends`` is refused with a Dutch message naming the line. Then it is rendered by an
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` that refuses every attribute and item
access and every unknown name (``StrictUndefined``), whatever the first wall missed. The
output is plain text (no HTML: the letter page escapes it) and at most :data:`MAX_OUTPUT`
characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from schoonschip.cases.letters.rules import FIELD_NAMES, only_whitelisted
from schoonschip.i18n import N_, Msg

__all__ = ["TemplateProblem", "check_template", "render_text", "MAX_TEMPLATE", "MAX_OUTPUT", "ALLOWED_FILTERS"]

MAX_TEMPLATE = 20_000
MAX_OUTPUT = 40_000
ALLOWED_FILTERS = frozenset({"upper", "lower", "capitalize", "title", "trim", "default"})

_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If, nodes.CondExpr,
    nodes.Filter, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Concat,
)  # fmt: skip


class TemplateProblem(ValueError):
    """The template cannot be used; the message (a Dutch :class:`Msg`) says why and where."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


class _LetterEnvironment(ImmutableSandboxedEnvironment):
    """No attribute, no item, no call of anything: the fields are plain texts."""

    intercepted_binops = frozenset({"*", "**", "//", "%", "+", "-", "/"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def getitem(self, obj: Any, argument: Any) -> Any:
        raise SecurityError("item access is not allowed in a letter template")

    def getattr(self, obj: Any, attribute: str) -> Any:
        raise SecurityError("attribute access is not allowed in a letter template")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError("arithmetic is not allowed in a letter template")


def _environment() -> _LetterEnvironment:
    env = _LetterEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters = {name: f for name, f in env.filters.items() if name in ALLOWED_FILTERS}
    env.tests = {}
    env.globals = {}
    return env


_ENV = _environment()


def _walk(node: nodes.Node) -> list[nodes.Node]:
    out = [node]
    for child in node.iter_child_nodes():
        out.extend(_walk(child))
    return out


def _refusal(node: nodes.Node) -> Msg:
    line = getattr(node, "lineno", 1)
    if isinstance(node, nodes.Getattr | nodes.Getitem):
        return N_(
            "Regel %(line)s: een sjabloon mag alleen de velden zelf gebruiken, zoals {{ schuldeiser }}, "
            "niet iets ván een veld (met een punt of blokhaken).",
            line=line,
        )
    if isinstance(node, nodes.Call):
        return N_("Regel %(line)s: in een sjabloon kunt u niets aanroepen (geen haakjes achter een naam).", line=line)
    if isinstance(node, nodes.For):
        return N_("Regel %(line)s: herhalingen ({%% for %%}) kunnen niet in een brief.", line=line)
    return N_(
        "Regel %(line)s: dit kan niet in een briefsjabloon. Gebruik alleen tekst, velden zoals "
        "{{ schuldeiser }} en {%% if veld %%} … {%% endif %%}.",
        line=line,
    )


def check_template(source: str) -> None:
    """Raise :class:`TemplateProblem` when ``source`` cannot be used as a letter template."""
    if len(source) > MAX_TEMPLATE:
        raise TemplateProblem(N_("De brieftekst is te lang: hoogstens %(n)s tekens.", n=MAX_TEMPLATE))
    if not source.strip():
        raise TemplateProblem(N_("De brieftekst is leeg."))
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            N_(
                "Regel %(line)s: de opmaak klopt niet. Kijk of elke {{ wordt gesloten met }} en of elke "
                "{%% if … %%} een {%% endif %%} heeft.",
                line=exc.lineno or 1,
            )
        ) from None
    for node in _walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise TemplateProblem(_refusal(node))
        if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            raise TemplateProblem(
                N_("Regel %(line)s: het filter '%(name)s' kan niet in een brief.", line=node.lineno, name=node.name[:40])
            )
        if isinstance(node, nodes.Name) and node.name not in FIELD_NAMES:
            raise TemplateProblem(
                N_(
                    "Regel %(line)s: het veld '%(name)s' bestaat niet. Gebruik alleen de velden uit de lijst.",
                    line=node.lineno, name=node.name[:40],
                )
            )  # fmt: skip


def render_text(source: str, values: Mapping[str, str]) -> str:
    """The template filled in with the whitelisted fields (``values`` may hold more: it is cut
    down to the whitelist first). Raises :class:`TemplateProblem` (checked first, then rendered
    in the sandbox)."""
    check_template(source)
    try:
        text = _ENV.from_string(source).render(only_whitelisted(values))
    except SecurityError:
        raise TemplateProblem(N_("Dit sjabloon probeert iets wat niet mag in een brief.")) from None
    except TemplateError:
        raise TemplateProblem(N_("Dit sjabloon kan niet worden ingevuld. Kijk de velden na.")) from None
    if len(text) > MAX_OUTPUT:
        raise TemplateProblem(N_("De ingevulde brief wordt te lang."))
    return text


def raw_sandbox_render(source: str, values: Mapping[str, str]) -> str:
    """Render without the first wall (tests: the sandbox itself refuses)."""
    return _ENV.from_string(source).render(only_whitelisted(values))
