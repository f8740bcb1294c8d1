"""pytest plugin: at the end of a run, say how many browser tests ran, loudly when skipped.

Loaded by tests/conftest.py (``pytest_plugins``). Counts the tests marked ``browser``::

    Browser tests: 21 ran (21 passed), 0 skipped

and when any was skipped (no Chromium on a developer machine), a banner with the reason::

    !!! 21 browser tests were SKIPPED: /usr/bin/chromium not found: ... !!!

Says nothing when the run selected no browser test (e.g. ``pytest tests/unit``). In CI
(env ``CI`` set) a missing Chromium is a failure, not a skip (tests/browser/conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest

MARK = "browser"
# When a test has reports in several categories (call passed, teardown error), the worst wins.
_RANK = {"passed": 0, "xfailed": 1, "xpassed": 2, "skipped": 3, "failed": 4, "error": 5}


class BrowserSummary:
    def __init__(self) -> None:
        self.selected: set[str] = set()
        self.deselected = 0

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        # session.items: what is left after -m / -k; pytest_deselected counts what they dropped.
        self.selected = {item.nodeid for item in session.items if item.get_closest_marker(MARK)}

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += sum(1 for item in items if item.get_closest_marker(MARK))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.selected and not self.deselected:
            return
        outcome: dict[str, str] = {}
        reasons: list[str] = []
        for category, reports in terminalreporter.stats.items():
            if category not in _RANK:
                continue
            for report in reports:
                nodeid = getattr(report, "nodeid", None)
                if nodeid not in self.selected:
                    continue
                if _RANK[category] > _RANK.get(outcome.get(nodeid, ""), -1):
                    outcome[nodeid] = category
                if category == "skipped":
                    reason = _skip_reason(report)
                    if reason not in reasons:
                        reasons.append(reason)
        counts = {category: 0 for category in _RANK}
        for category in outcome.values():
            counts[category] += 1
        skipped = counts.pop("skipped")
        ran = sum(counts.values())
        detail = ", ".join(f"{n} {_plural(category, n)}" for category, n in counts.items() if n) or "none"
        line = f"Browser tests: {ran} ran ({detail}), {skipped} skipped"
        not_run = len(self.selected) - len(outcome)
        if not_run:
            line += f", {not_run} not run"
        if self.deselected:
            line += f", {self.deselected} deselected"
        bad = counts["failed"] + counts["error"]
        terminalreporter.write_line(line, red=bool(bad), green=not bad and not skipped, yellow=bool(skipped))
        if skipped:
            noun = "browser test was" if skipped == 1 else "browser tests were"
            banner = f"!!! {skipped} {noun} SKIPPED: {'; '.join(reasons)} !!!"
            terminalreporter.write_line("!" * min(len(banner), 100), red=True, bold=True)
            terminalreporter.write_line(banner, red=True, bold=True)
            terminalreporter.write_line("!" * min(len(banner), 100), red=True, bold=True)


def _plural(category: str, n: int) -> str:
    return "errors" if category == "error" and n != 1 else category  # as pytest says it


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
        return reason.removeprefix("Skipped: ")
    return str(longrepr or "no reason given")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(BrowserSummary(), "browser-summary")
