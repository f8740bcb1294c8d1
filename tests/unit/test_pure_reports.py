"""The report logic stays pure: no web framework or database imports."""

import ast
from pathlib import Path

import pytest

FORBIDDEN = {"flask", "sqlalchemy", "flask_login", "flask_wtf", "werkzeug"}
REPORTS = Path(__file__).resolve().parents[2] / "schoonschip" / "reports"
PURE_MODULES = ["disclosure.py", "legend.py", "indicators.py", "exports.py"]


def imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                roots.add(arg.value.split(".")[0])
    return roots


@pytest.mark.parametrize("name", PURE_MODULES)
def test_module_imports_no_framework(name):
    path = REPORTS / name
    assert path.exists(), f"{path} is missing"
    assert imported_roots(path.read_text(encoding="utf-8")).isdisjoint(FORBIDDEN)


@pytest.mark.parametrize(
    "source",
    [
        "import flask",
        "from flask import request",
        "import sqlalchemy.orm as orm",
        "from werkzeug.exceptions import NotFound",
        "def f():\n    import flask_login\n",
        "x = __import__('flask_wtf')",
    ],
)
def test_the_check_itself_catches_framework_imports(source):
    assert not imported_roots(source).isdisjoint(FORBIDDEN)
