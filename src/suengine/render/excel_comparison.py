"""The workbook's sheet Jämförelser: own value beside riket and Kolada's groups, one row per indicator, year and area.

Long format, so the columns can be filtered and pivoted: numbers are numeric cells, the relative colour and the
verdict against riket are words, and every row names its Kolada KPI, source and latest comparison year.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from suengine.reference.comparison import Comparisons
from suengine.render.comparison import workbook_rows

SHEET = "Jämförelser"
WIDTHS = {1: 36, 2: 30, 3: 6, 4: 11}  # the area columns get AREA_WIDTH
AREA_WIDTH = 22


def comparison_sheet(sheet: Worksheet, comparisons: Comparisons, names: dict[str, str]) -> None:
    header, rows = workbook_rows(comparisons, names)
    sheet.cell(row=1, column=1, value="Jämförelser med Kolada (offentlig statistik, röjandekontrolleras inte)").font = Font(bold=True)
    note = comparisons.setting.note.strip()
    sheet.cell(row=2, column=1, value=note or "Värden ur projektets referens/ (suengine referens hämta/läs).")
    for column, name in enumerate(header, start=1):
        sheet.cell(row=4, column=column, value=name).font = Font(bold=True)
    for offset, row in enumerate(rows, start=5):
        for column, value in enumerate(row, start=1):
            cell: Any = sheet.cell(row=offset, column=column, value=value)
            if isinstance(value, float):
                cell.number_format = "0.0"
    for column in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(column, AREA_WIDTH)
    sheet.freeze_panes = "A5"
    sheet.auto_filter.ref = f"A4:{get_column_letter(len(header))}{4 + len(rows)}"
