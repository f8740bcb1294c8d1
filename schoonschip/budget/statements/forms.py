"""The statement forms: the upload (files), the column mapping of an unknown CSV, and the
review of the proposed lines (a variable number of lines, so a plain parser over the posted
fields rather than one WTForms class per line; amounts go through the same ``parse_amount``
as every money field, with its Dutch messages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext as _

from schoonschip.budget.forms import ItemData
from schoonschip.budget.models import SOURCE_STATEMENT
from schoonschip.budget.rules.items import ExpenseKind, Frequency, IncomeKind, Person
from schoonschip.budget.statements.rules.csvformats import ColumnMapping
from schoonschip.budget.statements.rules.recognise import INCOME, ProposedLine
from schoonschip.i18n import message_of
from schoonschip.money import AmountError, format_for_input, parse_amount

__all__ = ["line_values", "parse_lines", "parse_mapping", "mapping_values"]

Values = dict[str, str]


def line_values(lines: Sequence[ProposedLine]) -> Values:
    """The review form as proposed: recurring lines with a kind are ticked, others are not."""
    values: Values = {}
    for n, ln in enumerate(lines):
        p = f"l{n}_"
        values[p + "take"] = "1" if ln.kind is not None and ln.recurring else ""
        values[p + "kind"] = ln.kind.value if ln.kind is not None else ""
        values[p + "frequency"] = ln.frequency.value
        values[p + "amount"] = format_for_input(ln.amount)
        values[p + "person"] = Person.BEWONER.value
        values[p + "label"] = ln.label
    return values


def parse_lines(
    form: Mapping[str, Any], lines: Sequence[ProposedLine]
) -> tuple[list[ItemData], dict[str, str], Values]:
    """The accepted lines, errors per field, and what was typed (to show again)."""
    choices: list[ItemData] = []
    errors: dict[str, str] = {}
    values: Values = {}
    for n, ln in enumerate(lines):
        p = f"l{n}_"
        for name in ("take", "kind", "frequency", "amount", "person", "label"):
            values[p + name] = str(form.get(p + name, "") or "").strip()[:200]
        if values[p + "take"] != "1":
            continue
        kinds = {k.value for k in (IncomeKind if ln.direction == INCOME else ExpenseKind)}
        if values[p + "kind"] not in kinds:
            errors[p + "kind"] = _("Kies een soort.")
        if values[p + "frequency"] not in {f.value for f in Frequency}:
            errors[p + "frequency"] = _("Kies hoe vaak.")
        if values[p + "person"] not in {x.value for x in Person}:
            errors[p + "person"] = _("Kies van wie.")
        try:
            amount = parse_amount(values[p + "amount"])
        except AmountError as exc:
            errors[p + "amount"] = message_of(exc)
            amount = None
        if any(k.startswith(p) for k in errors) or amount is None:
            continue
        choices.append(
            ItemData(
                direction=ln.direction,
                kind=values[p + "kind"],
                person=values[p + "person"],
                frequency=values[p + "frequency"],
                amount=amount,
                label=values[p + "label"][:120] or None,
                source=SOURCE_STATEMENT,
            )
        )
    return choices, errors, values


MAPPING_FIELDS = ("date", "amount", "sign", "counterparty", "description")


def mapping_values() -> Values:
    return {"date": "", "amount": "", "sign": "", "counterparty": "", "description": "", "header": "1"}


def parse_mapping(form: Mapping[str, Any], columns: int) -> tuple[ColumnMapping | None, dict[str, str], Values]:
    values = {k: str(form.get(k, "") or "").strip()[:4] for k in (*MAPPING_FIELDS, "header")}
    errors: dict[str, str] = {}
    picked: dict[str, int | None] = {}
    for name in MAPPING_FIELDS:
        raw = values[name]
        if raw == "":
            picked[name] = None
            continue
        if not raw.isdecimal() or not 0 <= int(raw) < columns:
            errors[name] = _("Kies een kolom uit de lijst.")
            continue
        picked[name] = int(raw)
    for required in ("date", "amount"):
        if picked.get(required) is None and required not in errors:
            errors[required] = _("Kies de kolom met de datum.") if required == "date" else _(
                "Kies de kolom met het bedrag."
            )
    if errors:
        return None, errors, values
    date_col, amount_col = picked["date"], picked["amount"]
    assert date_col is not None and amount_col is not None
    return (
        ColumnMapping(
            date=date_col,
            amount=amount_col,
            sign=picked["sign"],
            counterparty=picked["counterparty"],
            description=picked["description"],
            first_row_is_header=values["header"] == "1",
        ),
        errors,
        values,
    )
