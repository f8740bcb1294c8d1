"""Pure domain modules import neither Flask nor SQLAlchemy (DESIGN.md §2).

To guard another module, add its path (relative to the repository root) to PURE_MODULES.
The check reads the source with ``ast``, so it also catches imports inside functions and
``if TYPE_CHECKING`` blocks, and it follows imports of other ``schoonschip`` modules.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PURE_MODULES = [
    "schoonschip/money.py",
    "schoonschip/budget/exact.py",
    "schoonschip/budget/items.py",
    "schoonschip/budget/norms.py",
    "schoonschip/budget/vtlb.py",
    "schoonschip/budget/offer.py",
    "schoonschip/backupfile.py",
]

FORBIDDEN = {"flask", "sqlalchemy", "flask_login", "flask_wtf", "werkzeug"}


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def module_path(name: str) -> Path | None:
    rel = Path(*name.split("."))
    for candidate in (ROOT / rel.with_suffix(".py"), ROOT / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def forbidden_imports(start: Path) -> list[str]:
    """Forbidden imports reachable from ``start`` through schoonschip modules."""
    seen: set[Path] = set()
    todo = [start]
    found: list[str] = []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in sorted(imported_names(path)):
            if name.split(".")[0] in FORBIDDEN:
                found.append(f"{path.relative_to(ROOT)} imports {name}")
            elif name.split(".")[0] == "schoonschip":
                target = module_path(name)
                if target is not None:
                    todo.append(target)
    return found


@pytest.mark.parametrize("rel", PURE_MODULES)
def test_pure_module_imports_no_web_or_database_framework(rel):
    path = ROOT / rel
    assert path.is_file(), f"{rel} is listed as pure but does not exist"
    assert forbidden_imports(path) == []


def test_the_checker_itself_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from sqlalchemy.orm import Session\n    import werkzeug\n", encoding="utf-8")
    assert imported_names(bad) >= {"sqlalchemy.orm", "werkzeug"}
    dynamic = tmp_path / "dyn.py"
    dynamic.write_text("import importlib\nimportlib.import_module('flask')\n", encoding="utf-8")
    assert "flask" in imported_names(dynamic)
