"""The architecture, checked: the import-linter contracts in ``.importlinter`` hold (purity of
every rules module, money, dates, i18n and crypto; the core knows no area; inside every area
views -> service -> models -> rules; the budget never imports the case file; only ops and
demo import the demo; no service imports views), and areas find each other by name, never
through importlib."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )


def test_import_contracts_are_kept() -> None:
    result = _lint(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_is_reported(tmp_path: Path) -> None:
    """The checker can fail: a contract the code breaks (the VTLB uses money) is reported."""
    config = tmp_path / "broken.ini"
    config.write_text(
        "[importlinter]\nroot_package = schoonschip\n\n"
        "[importlinter:contract:x]\nname = vtlb without money\ntype = forbidden\n"
        "source_modules = schoonschip.budget.rules.vtlb\nforbidden_modules = schoonschip.money\n",
        encoding="utf-8",
    )
    result = _lint(config)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


# importlib.resources reads package data (the norm sets); every other importlib use is a
# module looked up by name, which no tool can follow and a typo turns into silence.
_RESOURCES_ONLY = re.compile(r"^\s*(from importlib import resources|import importlib\.resources|from importlib\.resources import )")


def importlib_uses(package: Path, root: Path = ROOT) -> list[str]:
    """Lines under ``package`` that mention importlib for anything but importlib.resources."""
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "importlib" in line and not _RESOURCES_ONLY.match(line):
                found.append(f"{name}:{n}: {line.strip()}")
    return found


def test_areas_call_each_other_by_name_not_through_importlib() -> None:
    assert importlib_uses(ROOT / "schoonschip") == []


def test_an_importlib_lookup_is_found(tmp_path: Path) -> None:
    """The check can fail: a module looked up by name is reported, importlib.resources is not."""
    package = tmp_path / "schoonschip"
    package.mkdir()
    (package / "lookup.py").write_text("from importlib import resources\nimport importlib\n", encoding="utf-8")
    assert importlib_uses(package, tmp_path) == ["schoonschip/lookup.py:2: import importlib"]
