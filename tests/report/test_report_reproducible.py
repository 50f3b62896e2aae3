"""Two renderings of the same inputs give byte-identical PDF and DOCX without SOURCE_DATE_EPOCH: the
metadata dates (PDF CreationDate/ModDate and /ID, DOCX docProps/core.xml) come from the delivery's
uttagsdatum."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from report_inputs import VERSION, YEAR, write_inputs
from report_helpers import write_indicators

from suengine.definitions.model import Indicator
from suengine.render.report import ReportRequest, build_report

UTTAG = dt.date(2026, 1, 31)


def _render(base: Path, results: pd.DataFrame, indicators: list[Indicator], day: dt.date) -> dict[str, bytes]:
    commentary, quality = write_inputs(base)
    defined = write_indicators(indicators, base / "indicators")
    request = ReportRequest(results=results, year=YEAR, indicators=defined, out=base / "build", quality=quality,
                            commentary=commentary, version=VERSION, formats=("pdf", "docx"), use_quarto=False, document_date=day)
    result = build_report(request)
    return {fmt: path.read_bytes() for fmt, path in result.outputs.items()}


def test_pdf_and_docx_are_byte_identical_and_dated_by_the_uttagsdatum(tmp_path: Path, results_table: pd.DataFrame,
                                                                       indicators: list[Indicator], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _render(tmp_path / "ett", results_table, indicators, UTTAG)
    second = _render(tmp_path / "två", results_table, indicators, UTTAG)
    assert first["pdf"] == second["pdf"]
    assert first["docx"] == second["docx"]
    assert re.search(rb"CreationDate\s*\(D:20260131", first["pdf"]) or b"2026-01-31T00:00:00" in first["pdf"]
    docx = tmp_path / "ett.docx"
    docx.write_bytes(first["docx"])
    with zipfile.ZipFile(docx) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2026-01-31T00:00:00Z" in core
