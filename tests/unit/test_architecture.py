"""The architecture, checked: the import-linter contracts in ``.importlinter`` hold (purity of
every rules module, money, dates, i18n and crypto; the core knows no area)."""

from __future__ import annotations

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

