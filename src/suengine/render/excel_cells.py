"""Cells of the Excel workbook: styles, text that can never become a formula, numbers with Swedish formats.

Every figure is stored as a number (so it can be summed, sorted and filtered) with a number format
from suengine.render.presentation: a thousands separator, the unit's decimals and suffix
(`#,##0" %"`, `#,##0" kr per dag"`). Excel writes the separators of the reader's locale, so a
Swedish Excel shows `35 550`. A value that may not be shown is its symbol as text (`..`, `–`).
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from suengine.render.format import STATUS_FILL, STATUS_TEXT, SYMBOL_MISSING, is_missing
from suengine.render.presentation import change_decimals, count_number_format, excel_change_format, excel_number_format
from suengine.render.site.published import Shown

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right")
STATUS_WORD = {key: STATUS_TEXT[key] for key in STATUS_TEXT}
MAX_CELL_TEXT = 32_767  # Excel's limit for the text of one cell
INTERVAL_FORMAT = "#,##0.0"
_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")


def status_text(item: Shown | None) -> str:
    """The status column's text: the status in words, `..` when hidden, `–` when there is no value."""
    if item is None:
        return SYMBOL_MISSING
    if item.suppressed:
        return item.hidden_symbol
    if item.value is None:
        return SYMBOL_MISSING
    return STATUS_WORD.get(item.status or "ingen", STATUS_WORD["ingen"])


def fill(item: Shown | None) -> PatternFill | None:
    if item is None or item.value is None or item.status not in ("grön", "gul", "röd"):
        return None
    return PatternFill("solid", fgColor=STATUS_FILL[item.status])


def put_value(cell: Any, item: Shown | None) -> None:
    """The value as a number with its unit's format; a symbol or an answer (Ja, Delvis, …) as text."""
    if item is None or item.value is None:
        text_cell(cell, item.hidden_symbol if item is not None else SYMBOL_MISSING)
        cell.alignment = RIGHT
        return
    if item.row.get("svar"):  # a kategori indicator's answer (Ja, Delvis, …), not its share
        text_cell(cell, item.value_text)
        cell.alignment = RIGHT
        return
    cell.value = round(item.value, 6)
    cell.number_format = excel_number_format(item.unit)


def put_count(cell: Any, item: Shown, column: str) -> None:
    """Täljare or nämnare as a number (`#,##0`), the hidden symbol when the value is hidden, `–` when missing."""
    value = item.row.get(column)
    if item.suppressed or is_missing(value):
        text_cell(cell, item.hidden_symbol if item.suppressed else SYMBOL_MISSING)
        cell.alignment = RIGHT
        return
    number = float(value)
    cell.value = int(number) if number.is_integer() else round(number, 6)
    cell.number_format = count_number_format(number)


def put_change(cell: Any, item: Shown | None) -> None:
    """The change since the previous period as a signed number written like `change_text`, or `–`."""
    if item is None or item.change is None:
        text_cell(cell, SYMBOL_MISSING)
        cell.alignment = RIGHT
        return
    cell.value = round(item.change, change_decimals(item.unit)) + 0.0
    cell.number_format = excel_change_format(item.unit)


def text_cell(cell: Any, text: str) -> None:
    """Text as a string cell, always: a value starting with =, +, - or @ stays inert text (never a
    formula), characters XML cannot hold are dropped, and Excel's length limit is kept."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]
    cell.data_type = "s"


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text_cell(cell, value)
    else:
        cell.value = value
    return cell


def strings_only(workbook: Workbook) -> None:
    """No cell of ours is a formula: whatever text came in (names, codes, column headers) is a string."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    text_cell(cell, cell.value)


def header(sheet: Worksheet, row: int, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = put(sheet, row, column, name)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, Alignment(wrap_text=True, vertical="center")


def widths(sheet: Worksheet, sizes: dict[int, float]) -> None:
    for column, width in sizes.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def number_or_text(text: str) -> Any:
    """A delivered figure as a number ('1 234' → 1234, '0,25' → 0.25), anything else (dates, codes with
    leading zeros) as the text it is."""
    plain = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not _NUMBER.match(plain):
        return text
    number = float(plain)
    return int(number) if "." not in plain else number
