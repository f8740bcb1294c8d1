"""The case rules are pure Python: no web framework, no database layer.

Parses the source (no import needed) so a forbidden import is found even if it sits in
a branch that never runs.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_MODULES = [
    "schoonschip/cases/debtrules.py",
    "schoonschip/cases/readiness.py",
    "schoonschip/i18n.py",
    "schoonschip/money.py",
]
FORBIDDEN = {"flask", "sqlalchemy", "flask_login", "flask_wtf", "werkzeug"}


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in {"__import__", "import_module"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def forbidden_in(source: str) -> set[str]:
    return {n for n in imported_modules(source) if n.split(".")[0] in FORBIDDEN}


@pytest.mark.parametrize("path", PURE_MODULES)
def test_module_imports_no_web_or_db_framework(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    assert forbidden_in(source) == set(), f"{path} imports {forbidden_in(source)}"


@pytest.mark.parametrize("path", PURE_MODULES)
def test_project_imports_stay_inside_the_pure_set(path):
    """A pure module may only import project modules that are themselves checked here."""
    source = (ROOT / path).read_text(encoding="utf-8")
    pure_dotted = {p.removesuffix(".py").replace("/", ".") for p in PURE_MODULES}
    project = {n for n in imported_modules(source) if n.split(".")[0] == "schoonschip"}
    assert project <= pure_dotted, project - pure_dotted


@pytest.mark.parametrize(
    "snippet",
    [
        "import flask",
        "from flask import request",
        "import sqlalchemy.orm as orm",
        "from werkzeug.exceptions import NotFound",
        "def f():\n    from flask_login import current_user\n",
        "try:\n    import flask_wtf\nexcept ImportError:\n    pass\n",
        "import importlib\nimportlib.import_module('sqlalchemy')",
    ],
)
def test_checker_catches_forbidden_imports(snippet):
    assert forbidden_in(snippet)


def test_checker_allows_lookalikes():
    assert forbidden_in("import flasky\nfrom decimal import Decimal\nimport sqlalchemy_utils_fake as x") == set()
