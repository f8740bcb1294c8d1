"""The pure domain modules import no web or database framework (DESIGN §2)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"flask", "sqlalchemy", "flask_login", "flask_wtf", "werkzeug", "flask_babel"}
PURE = [
    "schoonschip/money.py",
    "schoonschip/crypto.py",
    "schoonschip/dates.py",
    "schoonschip/cases/ages.py",
    "schoonschip/i18n.py",
]


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level > 0 and node.module:
            roots.add("." + node.module)
    return roots


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_framework(module):
    roots = imported_roots(ROOT / module)
    assert not roots & FORBIDDEN, f"{module} imports {roots & FORBIDDEN}"
    # Relative imports may only reach other pure modules.
    for rel in (r for r in roots if r.startswith(".")):
        assert f"schoonschip/{rel[1:].replace('.', '/')}.py" in PURE or rel == ".money", f"{module} imports {rel}"


def test_checker_catches_a_framework_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from flask import g\nimport sqlalchemy.orm\n")
    assert {"flask", "sqlalchemy"} <= imported_roots(bad)
