"""CSV and XLSX of a :class:`~schoonschip.reports.rules.indicators.Report`, and the bar charts.

No Flask, no database: the rows come from ``Report.export_rows()``, which already passed
disclosure control and the identifying-field guard.

Spreadsheet injection: a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) would be read as a formula by Excel or LibreOffice. Such a text gets a
leading apostrophe (``'``) in CSV and XLSX, and in XLSX it is also stored as plain text,
never as a formula. Our own labels never start that way; the guard is for the future.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from schoonschip.reports.rules.indicators import AmountSection, Report, Section

__all__ = ["escape_cell", "report_csv", "report_xlsx", "header_lines", "Bar", "ChartRow", "chart_rows", "COLUMNS"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("onderdeel", "rij", "kolom", "eenheid", "waarde", "streefcijfer", "percentage", "kleur", "toelichting")


def escape_cell(value: str) -> str:
    """A text a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def header_lines(report: Report, made_on: date) -> list[tuple[str, str]]:
    """What the report is, above the numbers (also in the exports)."""
    return [
        ("rapport", report.profile.title),
        ("voor", report.profile.audience),
        ("periode", report.period.label),
        ("locaties", ", ".join(report.locations)),
        ("gemaakt in", str(made_on.year)),
        ("drempel k", str(report.k)),
        ("werkwijze", report.method_explanation),
        ("kleuren", report.legend_rule),
        ("streefcijfers", report.target_note),
    ]


def report_csv(report: Report, made_on: date) -> bytes:
    """UTF-8 with BOM (Excel opens it with the right accents), semicolon-separated
    (Dutch Excel), the header lines first, then one row per published figure."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for key, value in header_lines(report, made_on):
        writer.writerow([escape_cell(key), escape_cell(value)])
    writer.writerow([])
    writer.writerow(COLUMNS)
    for row in report.export_rows():
        writer.writerow([escape_cell(row.get(c, "")) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: Report, made_on: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Rapport"

    def put(r: int, c: int, value: str, bold: bool = False) -> None:
        cell = ws.cell(row=r, column=c)
        cell.value = escape_cell(value)
        cell.data_type = "s"  # text, never a formula
        if bold:
            cell.font = Font(bold=True)

    r = 1
    for key, value in header_lines(report, made_on):
        put(r, 1, key, bold=True)
        put(r, 2, value)
        r += 1
    r += 1
    for c, name in enumerate(COLUMNS, start=1):
        put(r, c, name, bold=True)
    for row in report.export_rows():
        r += 1
        for c, name in enumerate(COLUMNS, start=1):
            put(r, c, row.get(name, ""))
    for letter, width in zip("ABCDEFGHI", (34, 46, 22, 12, 10, 12, 12, 12, 50), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------- charts
@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    width: int  # 0..CHART_WIDTH, 0 for a hidden or zero value
    band: str | None  # legend code for the colour, None: no target
    hidden: bool


@dataclass(frozen=True)
class ChartRow:
    title: str
    bars: tuple[Bar, ...]


CHART_WIDTH = 300


def chart_rows(report: Report) -> list[ChartRow]:
    """One small bar chart per row of the core table: a bar per location (not the total,
    which would dwarf the rest). A hidden count gets no bar at all, only its "<k" or "x":
    a bar's length would give the number away."""
    out: list[ChartRow] = []
    for section in report.sections:
        if not isinstance(section, Section) or section.code != "kerncijfers":
            continue
        n_loc = len(section.table.col_labels)
        for i, title in enumerate(section.table.row_labels):
            cells = [section.table.entry((i, j)) for j in range(n_loc)]
            top = max((c.value for c in cells if c.value is not None), default=0)
            bars = []
            for j, cell in enumerate(cells):
                att = section.attainment[i][j] if section.attainment else None
                width = 0 if cell.value is None or top == 0 else max(1, cell.value * CHART_WIDTH // top)
                bars.append(
                    Bar(
                        section.table.col_labels[j],
                        cell.display,
                        width,
                        att.band.code if att is not None and att.band is not None else None,
                        cell.suppressed,
                    )
                )
            out.append(ChartRow(title, tuple(bars)))
    return out


def is_amount(section: Section | AmountSection) -> bool:
    return isinstance(section, AmountSection)
