"""Dutch UI texts that live in data, not in ``_("...")`` calls: tab labels, the
``*_LABELS*`` / ``*_TEXTS*`` dicts, the ``label`` of enums and the texts of module-level
checklists. Templates and views translate them with ``_(value)`` at render time, but
``pybabel extract`` cannot see them, so ``make translations-update`` adds them to the
.pot with this module:

    python -m schoonschip.i18n_dynamic schoonschip/translations/messages.pot
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import sys
from collections.abc import Iterator
from enum import Enum
from types import ModuleType

import schoonschip

_TEXT_CONTAINERS = re.compile(r"LABEL|TEXT", re.IGNORECASE)
# A UI text: has a letter and is not a bare code such as "minnelijk" or "wsnp".
_CODE = re.compile(r"^[a-z0-9_.\-]*$")
_SKIP_MODULES = ("schoonschip.i18n_dynamic", "schoonschip.ops.cli", "schoonschip.ops.setup_instance")


def _modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(schoonschip.__path__, "schoonschip."):
        if info.name.startswith(_SKIP_MODULES) or info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _strings(value: object, depth: int = 0) -> Iterator[str]:
    if depth > 4:
        return
    if isinstance(value, str):
        if any(c.isalpha() for c in value) and not _CODE.match(value):
            yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _strings(v, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), depth + 1)


def _is_checklist(value: object) -> bool:
    """A module-level tuple/list of dataclass instances (e.g. the manual checklist)."""
    return (
        isinstance(value, (list, tuple))
        and bool(value)
        and all(dataclasses.is_dataclass(v) and not isinstance(v, type) for v in value)
    )


def dynamic_messages() -> dict[str, set[str]]:
    """msgid -> set of 'module:NAME' where it was found."""
    found: dict[str, set[str]] = {}

    def add(text: str, where: str) -> None:
        found.setdefault(text, set()).add(where)

    for module in _modules():
        for name, value in vars(module).items():
            if getattr(value, "__module__", module.__name__) != module.__name__:
                continue  # imported from elsewhere; collected there
            where = f"{module.__name__}:{name}"
            if isinstance(value, dict) and _TEXT_CONTAINERS.search(name):
                for text in _strings(value):
                    add(text, where)
            elif isinstance(value, type) and issubclass(value, Enum):
                label = getattr(value, "label", None)
                if isinstance(label, property):
                    for member in value:
                        for text in _strings(member.label):
                            add(text, where)
            elif _is_checklist(value):
                for text in _strings(value):
                    add(text, where)
    from schoonschip.web.tabs import CASE_TABS

    for tab in CASE_TABS:
        add(tab.label, "schoonschip.web.tabs:CASE_TABS")
    return found


def add_to_pot(path: str) -> int:
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as f:
        catalog = read_po(f)
    added = 0
    for text, places in sorted(dynamic_messages().items()):
        if catalog.get(text) is None:
            added += 1
        catalog.add(text, locations=[(sorted(places)[0], None)])
    with open(path, "wb") as f:
        write_po(f, catalog, width=100)
    return added


if __name__ == "__main__":
    n = add_to_pot(sys.argv[1])
    sys.stderr.write(f"{n} texts from data added to {sys.argv[1]}\n")
