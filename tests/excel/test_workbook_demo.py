"""The workbook of the demo delivery: no raw code of the data model in a reader-facing cell; numbers as numbers.

Every code of the data model's value sets whose label differs from it (`våld_mot_barnet`,
`flicka`) must reach the reader as its label, and so must the quality summary's codes (measures such
as `antal_saknas`, problem reasons such as `ogiltigt_datum`, field names such as
`förhandsbedömning_klar`). Only an explicit id column may hold ids: `Id` (the indicator's id) and,
in the quality tables, `Fält-id` (the data model's field name, which a quality officer looks up).
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from suengine.casedata.datamodel import load_datamodel
from suengine.definitions import load_definitions
from suengine.engine import evaluate
from suengine.ingest import ingest_delivery
from suengine.render.excel import WorkbookOptions, build_workbook
from suengine.resources import project_root

DEMO = project_root() / "demo" / "leverans-2026-01"
KEY = b"testnyckel-som-bara-finns-i-arbetsbokstesterna"
ID_COLUMNS = {"Id", "Fält-id"}
_WORD = re.compile(r"[\wåäöÅÄÖ.-]+")


@pytest.fixture(scope="module")
def delivery():
    return ingest_delivery(DEMO, key=KEY)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory, delivery) -> openpyxl.Workbook:
    quality = tmp_path_factory.mktemp("kvalitet")
    delivery.summary.to_csv(quality / "kvalitet_sammanfattning.csv", index=False)
    delivery.problems.to_csv(quality / "problem.csv", index=False)
    loaded = load_definitions(project_root() / "indicators")
    results = evaluate(loaded.indicators, delivery.case_data, years=[2021, 2022, 2023, 2024, 2025])
    return build_workbook(results.published(), loaded.indicators, quality, WorkbookOptions(municipality="Exempelby"))


def _raw_codes() -> set[str]:
    """Codes that read differently from their label: these must never be shown as they are."""
    return {code for vs in load_datamodel().value_sets.values() for code, label in vs.values.items() if code != label}


def _reader_cells(book: openpyxl.Workbook):
    """(sheet, coordinate, text) of every text cell outside an id column."""
    for sheet in book.worksheets:
        id_columns: set[int] = set()
        for row in sheet.iter_rows():
            names = {c.column for c in row if isinstance(c.value, str) and c.value in ID_COLUMNS and c.font.bold}
            id_columns |= names
            for cell in row:
                if isinstance(cell.value, str) and cell.column not in id_columns:
                    yield sheet.title, cell.coordinate, cell.value


def test_no_reader_facing_cell_shows_a_raw_code_of_the_data_model(demo_book) -> None:
    codes = _raw_codes()
    underscored = {c for c in codes if "_" in c}
    found = []
    for sheet, where, text in _reader_cells(demo_book):
        if text.strip() in codes or set(_WORD.findall(text)) & underscored:
            found.append((sheet, where, text[:80]))
    assert not found, found[:10]


def _quality_codes(delivery) -> set[str]:
    """The codes of the demo's quality summary and problems: measures, reasons and field names."""
    summary, problems = delivery.summary, delivery.problems
    words = set(summary["mått"]) | set(summary["fält"]) | set(problems["orsakskod"]) | set(problems["fält"])
    return {str(w) for w in words if "_" in str(w)}


def test_the_quality_sheet_shows_measures_reasons_and_fields_in_words(demo_book, delivery) -> None:
    codes = _quality_codes(delivery)
    assert {"antal_saknas", "rader_avvisade"} <= codes and any(c.endswith("_id") for c in codes)
    shown = [(where, text) for sheet, where, text in _reader_cells(demo_book) if sheet == "Datakvalitet"]
    assert len(shown) > 50
    found = [(where, text) for where, text in shown if set(_WORD.findall(text)) & codes]
    assert not found, found[:10]
    values = {text for _, text in shown}
    assert {"Saknade värden", "Andel saknade värden", "Avvisade rader"} <= values
    assert {"B1b – erfarenhet 1–2 år", "Förhandsbedömning klar"} <= values  # the data model's etikett, else the name written out
    shares = [row[5] for row in demo_book["Datakvalitet"].iter_rows() if row[4].value == "Andel saknade värden"]
    assert shares and all(c.number_format == "0.0%" for c in shares if isinstance(c.value, (int, float)))
    ids = [c.value for c in demo_book["Datakvalitet"]["D"] if isinstance(c.value, str)]
    assert "Fält-id" in ids and "barn_id" in ids  # the field's name, for staff, in its own id column


def test_every_count_in_underlag_is_a_number(demo_book) -> None:
    sheet = demo_book["Underlag"]
    headers = [c.value for c in sheet[1]]
    columns = [headers.index(name) for name in ("Täljare", "Nämnare")]
    cells = [row[i] for row in sheet.iter_rows(min_row=2) for i in columns]
    assert len(cells) > 1000
    text = [c.value for c in cells if c.data_type == "s"]
    assert set(text) <= {"..", "–", "(b)", "(u)"}, sorted(set(text))[:10]
    assert sum(1 for c in cells if c.data_type == "n") > len(cells) / 2
