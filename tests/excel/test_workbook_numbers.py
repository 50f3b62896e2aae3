"""Workbook cells a reader computes with: numbers stored as numbers, Swedish formats by unit, narrow frozen panes.

Read back with openpyxl: a täljare or nämnare stored as text cannot be summed or sorted, a value
without a thousands separator reads "35550,0", and frozen panes wider than the indicator's name
leave no room for five years on a laptop screen.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from suengine.definitions.model import Indicator
from suengine.render.excel import WorkbookOptions, build_workbook, write_workbook
from suengine.render.excel_cells import number_or_text
from suengine.render.presentation import change_text, excel_change_format, excel_number_format

LAPTOP_COLUMNS = 170  # about 1 366 px at Excel's default 7 px a character, less the row headers and scroll bar


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, results_table: pd.DataFrame, indicators: list[Indicator]) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("tal") / "su-resultat.xlsx"
    write_workbook(results_table, indicators, path, options=WorkbookOptions(version_title="Årsrapport 2025"))
    return openpyxl.load_workbook(path)


def _records(sheet, header_row: int) -> list[dict[str, object]]:
    headers = [c.value for c in sheet[header_row]]
    return [dict(zip(headers, row)) for row in sheet.iter_rows(min_row=header_row + 1)]


def test_counts_and_values_in_underlag_are_numbers_with_swedish_formats(book) -> None:
    rows = _records(book["Underlag"], 1)
    shown = [r for r in rows if r["Status"].value not in ("..", "(b)", "(u)")]
    assert shown
    for r in shown:
        for column in ("Täljare", "Nämnare"):
            cell = r[column]
            if cell.value == "–":
                continue
            assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (column, cell.value)
            assert cell.number_format in ("#,##0", "#,##0.0"), cell.number_format
        value = r["Värde"]
        if value.value == "–":  # no value (e.g. an empty nämnare): the symbol, as text
            continue
        assert value.data_type == "n", value.value
        assert value.number_format == excel_number_format(r["Enhet"].value), (r["Enhet"].value, value.number_format)
    hidden = [r for r in rows if r["Status"].value == ".."]
    assert hidden and all(r[c].value == ".." and r[c].data_type == "s" for r in hidden for c in ("Värde", "Täljare", "Nämnare"))


def test_unit_formats_have_a_thousands_separator_and_the_units_suffix() -> None:
    assert excel_number_format("procent") == '#,##0" %"'
    assert excel_number_format("antal") == "#,##0"
    assert excel_number_format("kronor") == '#,##0" kr"'
    assert excel_number_format("kronor per dag") == '#,##0" kr per dag"'
    assert excel_number_format("dagar") == '#,##0.0" dagar"'
    assert excel_number_format("per 1 000") == '#,##0.0" per 1 000"'


def test_a_change_cell_is_a_number_written_as_the_report_writes_it(book) -> None:
    rows = _records(book["Resultat"], 4)
    total = next(r for r in rows if r["Id"].value == "utredning-inom-4-manader" and r["Grupp"].value == "Totalt")
    cell = total["Förändring 2025"]
    assert cell.data_type == "n" and cell.value == 4.0  # 92 % − 88 %
    assert cell.number_format == excel_change_format("procent")
    positive, negative, zero = cell.number_format.split(";")
    assert positive == '"+"#,##0.0" procentenheter"' and negative.startswith('"\u2212"') and zero.startswith('"±"')
    assert change_text(4.0, "procent", nbsp=False) == "+4,0 procentenheter"
    assert total["Bedömning 2025"].value == "inom slumpens marginal"  # 92/100 against 88/100: Newcombe includes 0


def test_frozen_panes_leave_room_for_five_years_on_a_laptop(book) -> None:
    sheet = book["Resultat"]
    column, row = coordinate_from_string(sheet.freeze_panes)
    frozen = column_index_from_string(column) - 1
    assert frozen <= 2 and row == 5
    headers = [c.value for c in sheet[4]]
    first_year = headers.index("2021") + 1

    def width(index: int) -> float:
        return sheet.column_dimensions[get_column_letter(index)].width

    five_years = sum(width(i) for i in range(first_year, first_year + 10))
    assert sum(width(i) for i in range(1, frozen + 1)) + five_years <= LAPTOP_COLUMNS


def test_delivered_quality_figures_are_numbers_and_dates_stay_text() -> None:
    assert number_or_text("35550,0") == 35550.0 and number_or_text("1 204") == 1204
    assert number_or_text("2026-01-31") == "2026-01-31" and number_or_text("007") == "007"


def test_category_rows_show_their_own_unit(results_table: pd.DataFrame, indicators: list[Indicator]) -> None:
    """A category row of a distribution is a share of the total: its Enhet says procent, as its format does."""
    base = results_table[(results_table["indikator_id"] == "placerade-barn-per-1000")].copy()
    category = base.copy()
    category["kategori"], category["enhet"], category["värde"] = "familjehem", "procent", 40.0
    category["täljare"], category["nämnare"], category["status"] = 20, 50, "ingen"
    table = pd.concat([results_table, category], ignore_index=True)
    sheet = build_workbook(table, indicators)["Resultat"]
    rows = [r for r in _records(sheet, 4) if r["Id"].value == "placerade-barn-per-1000"]
    total, share = rows[0], rows[1]
    assert total["Enhet"].value == "per 1 000" and total["2025"].number_format == excel_number_format("per 1 000")
    assert share["Kategori"].value and share["Enhet"].value == "procent" and share["2025"].number_format == '#,##0" %"'
