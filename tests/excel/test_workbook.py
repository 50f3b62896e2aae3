"""The Excel workbook: OJ layout, fills and text status, symbols, definitions, quality, privacy, reproducibility."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from suengine.definitions.model import Indicator
from suengine.render.excel import WorkbookOptions, write_workbook
from suengine.render.format import STATUS_FILL

HEADER_ROW = 4


@pytest.fixture(scope="module")
def quality_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kvalitet")
    (folder / "kvalitet_sammanfattning.csv").write_text("entitet,rader_lästa,rader_avvisade\nutredning,620,6\n", encoding="utf-8")
    (folder / "problem.csv").write_text(
        "fil,rad,entitet,fält,värde,orsakskod,meddelande\n"
        "utredning.csv,17,utredning,slut,2024-13-01,ogiltigt_datum,Ogiltigt datum 2024-13-01\n"
        "utredning.csv,18,utredning,slut,2024-02-30,ogiltigt_datum,Ogiltigt datum 2024-02-30\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory, results_table: pd.DataFrame, indicators: list[Indicator], quality_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("excel") / "ut" / "su-resultat.xlsx"
    return write_workbook(results_table, indicators, path, quality_dir=quality_dir, options=WorkbookOptions(version_title="Årsrapport 2025"))


@pytest.fixture(scope="module")
def book(workbook_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook_path)


def _rows(sheet) -> dict[tuple[str, str, str], dict[str, object]]:
    """(id, uppdelning, grupp) → {header: cell} for the Resultat sheet."""
    headers = [c.value for c in sheet[HEADER_ROW]]
    found = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        cells = dict(zip(headers, row))
        found[(cells["Id"].value, cells["Uppdelning"].value, cells["Grupp"].value)] = cells
    return found


def _fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill and cell.fill.fill_type == "solid" else ""


def test_sheets_and_year_columns(book) -> None:
    assert book.sheetnames == ["Resultat", "Underlag", "Definitioner", "Datakvalitet", "Teckenförklaring"]
    headers = [c.value for c in book["Resultat"][HEADER_ROW]]
    assert headers[:8] == ["Id", "Indikator", "Indikatorområde", "Uppdelning", "Grupp", "Kategori", "Enhet", "Målvärde (grön)"]
    years = [x for year in ("2021", "2022", "2023", "2024", "2025") for x in (year, f"Status {year}")]
    assert headers[8:18] == years
    assert headers[18:] in (["Förändring 2025", "Bedömning 2025"],
                            ["Senaste år med hela uppföljningstiden", "Förändring 2025", "Bedömning 2025"])
    assert book["Resultat"].freeze_panes == "C5"  # Id and Indikator stay in view, the years scroll


def test_one_row_per_indicator_and_breakdown_group(book) -> None:
    keys = list(_rows(book["Resultat"]))
    assert keys[:5] == [
        ("utredning-inom-4-manader", "Totalt", "Totalt"),
        ("utredning-inom-4-manader", "Kön", "Flicka"),
        ("utredning-inom-4-manader", "Kön", "Pojke"),
        ("utredning-inom-4-manader", "Åldersgrupp", "0–12 år"),
        ("utredning-inom-4-manader", "Åldersgrupp", "13–20 år"),
    ]
    assert len(keys) == 9


def test_values_are_filled_and_carry_status_as_text(book) -> None:
    rows = _rows(book["Resultat"])
    total = rows[("utredning-inom-4-manader", "Totalt", "Totalt")]
    assert total["2025"].value == 92 and total["Status 2025"].value == "Grön"
    assert _fill(total["2025"]) == _fill(total["Status 2025"]) == STATUS_FILL["grön"]
    assert total["2021"].number_format == '#,##0" %"'
    assert total["Status 2024"].value == "Gul" and _fill(total["2024"]) == STATUS_FILL["gul"]
    again = rows[("ateraktualisering-inom-2-ar", "Totalt", "Totalt")]
    assert again["Status 2021"].value == "Röd" and _fill(again["2021"]) == STATUS_FILL["röd"]
    placed = rows[("placerade-barn-per-1000", "Totalt", "Totalt")]
    assert placed["2025"].value == 3.8 and placed["Status 2025"].value == "Ej färgsatt" and _fill(placed["2025"]) == ""


def test_suppressed_cells_show_dots_and_missing_show_dash(book) -> None:
    rows = _rows(book["Resultat"])
    for group in ("Flicka", "Pojke"):
        cells = rows[("utredning-inom-4-manader", "Kön", group)]
        assert cells["2025"].value == ".." and cells["Status 2025"].value == ".."
        assert _fill(cells["2025"]) == "" and _fill(cells["Status 2025"]) == ""
    total = rows[("utredning-inom-4-manader", "Totalt", "Totalt")]
    assert total["2023"].value == "–" and total["Status 2023"].value == "–"


def test_long_sheet_hides_interval_and_counts_of_suppressed_rows(book) -> None:
    sheet = book["Underlag"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    flicka = next(r for r in rows if r["Grupp"] == "Flicka" and r["Period"] == "2025" and r["Id"] == "utredning-inom-4-manader")
    assert [flicka[k] for k in ("Värde", "KI låg", "KI hög", "Täljare", "Nämnare", "Status")] == [".."] * 6
    assert flicka["Anmärkning"] == "för få observationer"
    total = next(r for r in rows if r["Grupp"] == "Totalt" and r["Period"] == "2025" and r["Id"] == "utredning-inom-4-manader")
    assert total["Täljare"] == 92 and total["Nämnare"] == 100 and round(total["KI låg"]) == 85  # numbers, not text


def test_definitions_sheet(book) -> None:
    sheet = book["Definitioner"]
    headers = [c.value for c in sheet[1]]
    for name in ("Namn", "Kortnamn", "Mått", "Täljare", "Nämnare", "Exkludering", "Målvärde"):
        assert name in headers
    first = dict(zip(headers, (c.value for c in sheet[2])))
    assert first["Kortnamn"] == "Utredning inom 4 mån"
    assert "högst 4 månader" in first["Täljare"]
    assert "avslutsorsak är ej aktuellt" in first["Exkludering"]  # the code's label, not the code
    assert "Grön: minst 90 %" in first["Målvärde"]


def test_quality_sheet_has_summary_problem_counts_and_bortfall(book) -> None:
    values = [[c.value for c in row] for row in book["Datakvalitet"].iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert ["utredning", 620, 6] in [row[:3] for row in values]
    headers = next(row for row in values if row[0] == "Fil")
    assert headers[:6] == ["Fil", "Entitet", "Variabel", "Fält-id", "Orsak", "Antal"]  # the field's name in its own id column
    assert ["utredning.csv", "Utredning", "Slut", "slut", "Värdet är inget datum i ett godkänt format", 2] in [row[:6] for row in values]
    assert "ogiltigt_datum" not in flat
    assert "2024-13-01" not in flat and not any("Ogiltigt datum" in str(v) for v in flat)
    assert "färre än 5" in flat  # bortfall 1 is not published as a number


def test_legend_explains_symbols_and_statuses(book) -> None:
    sheet = book["Teckenförklaring"]
    texts = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert "För få observationer" in texts[".."]
    assert "Uppgift saknas" in texts["–"]
    assert texts["● Grön"] == "önskvärt resultat"
    assert _fill(sheet["A4"]) == STATUS_FILL["grön"]


def test_suppressed_numbers_appear_nowhere_in_the_workbook(workbook_path: Path, suppressed_texts) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        names = archive.namelist()
        assert "xl/sharedStrings.xml" in names or any(n.startswith("xl/worksheets/") for n in names)
        assert suppressed_texts  # an empty list of needles would pass the loop below
        for name in names:
            content = archive.read(name).decode("utf-8")
            for needle in suppressed_texts:
                assert needle not in content, f"{needle!r} i {name}"


def test_two_builds_are_byte_identical(tmp_path: Path, results_table: pd.DataFrame, indicators: list[Indicator], workbook_path: Path, quality_dir: Path) -> None:
    again = write_workbook(results_table, indicators, tmp_path / "igen.xlsx", quality_dir=quality_dir, options=WorkbookOptions(version_title="Årsrapport 2025"))
    assert again.read_bytes() == workbook_path.read_bytes()
    props = openpyxl.load_workbook(again).properties
    assert props.created.year == 2000 and props.modified == props.created
