"""A funder report as it leaves disclosure control: count tables, amount statistics and
the flat rows of its CSV and XLSX export. Built by :mod:`schoonschip.reports.rules.indicators`."""

from __future__ import annotations

from dataclasses import dataclass

from schoonschip.reports.rules.catalogue import TOTAL_LABEL, Profile
from schoonschip.reports.rules.disclosure import (
    SafeAmount,
    SafeShare,
    SuppressedTable,
    assert_no_identifying_fields,
)
from schoonschip.reports.rules.legend import Attainment, Band
from schoonschip.reports.rules.period import Period


@dataclass(frozen=True, slots=True)
class Section:
    """A count table after disclosure control. Columns: the locations, then Totaal
    (the row totals). ``table.col_totals`` is None for the core table, whose rows are not
    summed. ``attainment[i][j]`` per row and column (locations + Totaal), or None."""

    code: str
    title: str
    unit: str
    row_codes: tuple[str, ...]
    row_units: tuple[str, ...]
    table: SuppressedTable
    attainment: tuple[tuple[Attainment | None, ...], ...] | None = None
    notes: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.table.col_labels + (TOTAL_LABEL,)


@dataclass(frozen=True, slots=True)
class AmountSection:
    """Amount statistics per location and in total; hidden ones have value None."""

    code: str
    title: str
    row_codes: tuple[str, ...]
    row_labels: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[SafeAmount | SafeShare, ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    profile: Profile
    period: Period
    locations: tuple[str, ...]
    k: int
    sections: tuple[Section | AmountSection, ...]
    method_explanation: str
    legend: tuple[Band, ...]
    legend_rule: str
    target_note: str
    notes: tuple[str, ...] = ()

    def section(self, code: str) -> Section | AmountSection:
        for s in self.sections:
            if s.code == code:
                return s
        raise KeyError(code)

    def export_rows(self) -> list[dict[str, str]]:
        """One flat row per published figure, for CSV and XLSX. Checked by the
        identifying-field guard before it is returned."""
        rows: list[dict[str, str]] = []
        for s in self.sections:
            if isinstance(s, Section):
                n = len(s.row_codes)
                for i in range(n):
                    for j, col in enumerate(s.columns):
                        cell = s.table.entry((i, j))
                        att = s.attainment[i][j] if s.attainment else None
                        rows.append(_export_row(s.title, s.table.row_labels[i], col, s.row_units[i], cell.display, att))
                if s.table.col_totals is not None:
                    for j, col in enumerate(s.columns):
                        cell = s.table.entry((n, j))
                        rows.append(_export_row(s.title, TOTAL_LABEL, col, s.unit, cell.display, None))
            else:
                for label, cells in zip(s.row_labels, s.cells, strict=True):
                    for col, amount in zip(s.columns, cells, strict=True):
                        row = _export_row(s.title, label, col, "", amount.display, None)
                        row["toelichting"] = amount.reason or ""
                        rows.append(row)
        assert_no_identifying_fields(rows, granularity=self.period.granularity, allowed_values={self.period.label})
        return rows


def _export_row(section: str, row: str, col: str, unit: str, value: str, att: Attainment | None) -> dict[str, str]:
    return {
        "onderdeel": section,
        "rij": row,
        "kolom": col,
        "eenheid": unit,
        "waarde": value,
        "streefcijfer": "" if att is None or att.target is None else str(att.target),
        "percentage": "" if att is None else att.display,
        "kleur": "" if att is None or att.band is None else att.band.label,
        "toelichting": "",
    }
