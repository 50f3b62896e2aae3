"""The Excel workbook, laid out like the Öppna jämförelser workbook.

Sheet *Resultat*: one row per indicator and breakdown group (and category), two columns per year:
the value, filled grön/gul/röd, and beside it the status in words ("Grön", "Gul", "Röd",
"Ej färgsatt"), so the colour is never the only signal and the status survives printing in black
and white, sorting and filtering. A hidden value is `..` (and its status `..`), a missing one `–`.
Further sheets: *Underlag* (every published figure in long form, with interval and counts),
*Definitioner*, *Datakvalitet* and *Teckenförklaring*.

The workbook reads only the results table and hides suppressed figures through
`suengine.render.site.published`. It is byte-reproducible: fixed document dates and fixed
timestamps inside the zip archive.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from suengine.definitions.model import Indicator
from suengine.render import labels as code_labels
from suengine.render.excel_comparison import SHEET as COMPARISON_SHEET, comparison_sheet
from suengine.render.definition_text import KIND_TEXT, population_or_none, scoring_text, target_text
from suengine.render.excel_cells import (
    BOLD,
    BOX,
    RIGHT,
    STATUS_WORD,
    TITLE,
    WRAP,
    header as _header,
    number_or_text,
    put as _put,
    status_text,
    strings_only as _strings_only,
    widths as _widths,
)
from suengine.render.excel_results import long_sheet, results_sheet
from suengine.render.format import STATUS_FILL, STATUS_MEANING, STATUS_SYMBOL, SYMBOL_LEGEND
from suengine.render.site.overview import area_label
from suengine.render.site.published import IndicatorResults, small_count_text
from suengine.render.quality_labels import problem_rows, summary_rows
from suengine.render.site.quality import load_quality

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class WorkbookOptions:
    municipality: str = "Exempelkommun"
    version_title: str = "Utkast"
    min_count: int = 5
    created: dt.datetime = FIXED_TIME  # document dates; fixed so two builds are identical
    comparisons: Any = None  # reference.comparison.Comparisons: adds the sheet Jämförelser (None: no sheet)


def _definitions_sheet(sheet: Worksheet, indicators: list[Indicator], data: dict[str, IndicatorResults]) -> None:
    names = ["Id", "Namn", "Kortnamn", "Mått", "Syfte", "Typ", "Indikatorområde", "Kvalitetsområde", "Räknas i",
             "Beräkning", "Urval", "Nämnare", "Exkludering", "Undantag", "Täljare", "Målvärde", "Källa",
             "Felkällor", "Jämförbarhet", "Version"]
    _header(sheet, 1, names)
    for row, indicator in enumerate(indicators, start=2):
        values = [
            indicator.id, indicator.name, indicator.short_name, indicator.measure, indicator.purpose,
            KIND_TEXT.get(indicator.kind, indicator.kind), area_label(indicator.indicator_area),
            indicator.quality_area.replace("_", " "), indicator.basis, scoring_text(indicator),
            population_or_none(indicator, "urval"), population_or_none(indicator, "nämnare"),
            population_or_none(indicator, "exkludering"), population_or_none(indicator, "undantag"),
            population_or_none(indicator, "täljare"), target_text(indicator, data[indicator.id].unit()),
            indicator.source, indicator.error_sources, indicator.comparability, indicator.version,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value).alignment = WRAP
    sheet.freeze_panes = "C2"
    _widths(sheet, {column: 16 if column in (1, 6, 7, 8, 9, 20) else 40 for column in range(1, len(names) + 1)})


def _quality_sheet(sheet: Worksheet, indicators: list[Indicator], data: dict[str, IndicatorResults], quality_dir: Path | None, options: WorkbookOptions) -> None:
    quality = load_quality(quality_dir)
    sheet["A1"] = "Datakvalitet"
    sheet["A1"].font = TITLE
    row = 3

    def frame(title: str, table: pd.DataFrame | None, missing: str) -> None:
        nonlocal row
        _put(sheet, row, 1, title).font = BOLD
        row += 1
        if table is None:
            _put(sheet, row, 1, missing)
            row += 2
            return
        _header(sheet, row, [str(c).replace("_", " ") for c in table.columns])
        for record in table.itertuples(index=False):
            row += 1
            for column, value in enumerate(record, start=1):
                cell = _put(sheet, row, column, number_or_text(str(value)))
                if isinstance(cell.value, (int, float)):
                    cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.0##"
                    if str(getattr(record, "Mått", "")).startswith("Andel"):  # a share: a fraction, shown in percent
                        cell.number_format = "0.0%"
        row += 2

    summary = quality.summary
    if summary is not None and {"avsnitt", "mått", "värde"} <= set(summary.columns):
        summary = summary_rows(summary, field_ids=True)
    problems = problem_rows(quality.problems, field_ids=True) if quality.problems is not None else None
    frame("Dataleveransen", summary, "Ingen sammanfattning av dataleveransen följde med.")
    frame("Problem i leveransen (antal per slag; enskilda poster redovisas inte)", problems, "Ingen problemtabell följde med.")
    _put(sheet, row, 1, "Internt bortfall per indikator, senaste period").font = BOLD
    row += 1
    _header(sheet, row, ["Id", "Indikator", "Period", "Bortfall nämnare", "Bortfall täljare", "Censurerade", "Exkluderade"])
    for indicator in indicators:
        head = data[indicator.id].headline()
        if head is None:
            continue
        row += 1
        counts: list[str]
        if head.suppressed:
            counts = [head.hidden_symbol] * 4
        else:
            counts = [
                small_count_text(head.row.get(name), options.min_count, nbsp=False)
                for name in ("bortfall_nämnare", "bortfall_täljare", "censurerade", "exkluderade")
            ]
        for column, value in enumerate([indicator.id, indicator.short_name, head.period, *counts], start=1):
            cell = _put(sheet, row, column, number_or_text(value) if column > 3 else value)
            if isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0"
    _widths(sheet, {1: 28, 2: 34, 3: 14, 4: 16, 5: 16, 6: 14, 7: 14})


def _legend_sheet(sheet: Worksheet, options: WorkbookOptions) -> None:
    sheet["A1"] = "Teckenförklaring"
    sheet["A1"].font = TITLE
    sheet["A3"] = "Status (värdecellen är färgad och statusen står i kolumnen bredvid)"
    sheet["A3"].font = BOLD
    row = 4
    for key in ("grön", "gul", "röd", "ingen"):
        cell = _put(sheet, row, 1, f"{STATUS_SYMBOL[key]} {STATUS_WORD[key]}")
        if key != "ingen":
            cell.fill = PatternFill("solid", fgColor=STATUS_FILL[key])
        cell.border = BOX
        _put(sheet, row, 2, STATUS_MEANING[key])
        row += 1
    row += 1
    _put(sheet, row, 1, "Symboler").font = BOLD
    for symbol, meaning in SYMBOL_LEGEND:
        row += 1
        _put(sheet, row, 1, symbol).alignment = RIGHT
        _put(sheet, row, 2, meaning)
    row += 2
    notes = [
        f"Antal mellan 1 och {options.min_count - 1} och andelar med nämnare under {options.min_count} redovisas inte (..). "
        "Andra värden som skulle göra det möjligt att räkna fram ett dolt värde döljs också.",
        "Ett dolt värde visar inte heller sin status, sitt konfidensintervall eller sina antal.",
        "Andelar är i procent (0–100). KI = 95 % konfidensintervall enligt Wilson.",
        "Värden från olika definitionsversioner är inte jämförbara (kolumnen Definitionsversion på fliken Underlag).",
    ]
    for note in notes:
        _put(sheet, row, 1, note)
        row += 1
    _widths(sheet, {1: 22, 2: 80})


def _deterministic_bytes(workbook: Workbook) -> bytes:
    """Save without openpyxl's 'modified = now' and with fixed zip timestamps."""
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    raw.seek(0)
    with zipfile.ZipFile(raw) as source:
        return zip_parts([(name, source.read(name)) for name in source.namelist()])


def zip_parts(parts: list[tuple[str, bytes]]) -> bytes:
    """The workbook file from its parts, in order: fixed timestamps and modes, so equal parts give equal bytes."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return fixed.getvalue()


def build_workbook(results: pd.DataFrame, indicators: list[Indicator], quality_dir: Path | None = None, options: WorkbookOptions | None = None) -> Workbook:
    options = options or WorkbookOptions()
    results = code_labels.apply(results, indicators)  # readers see labels, not codes
    data = {indicator.id: IndicatorResults(results, indicator.id, nbsp=False) for indicator in indicators}
    years = sorted({period for results_ in data.values() for period in results_.periods})
    workbook = Workbook()
    workbook.properties.creator = "suengine"
    workbook.properties.lastModifiedBy = "suengine"
    workbook.properties.title = f"Systematisk uppföljning – {options.municipality}"
    workbook.properties.language = "sv-SE"
    workbook.properties.created = options.created
    workbook.properties.modified = options.created
    results_sheet(workbook.active, indicators, data, years, options.municipality, options.version_title)
    long_sheet(workbook.create_sheet("Underlag"), indicators, data)
    _definitions_sheet(workbook.create_sheet("Definitioner"), indicators, data)
    _quality_sheet(workbook.create_sheet("Datakvalitet"), indicators, data, quality_dir, options)
    if options.comparisons is not None:
        comparison_sheet(workbook.create_sheet(COMPARISON_SHEET), options.comparisons, {i.id: i.short_name for i in indicators})
    _legend_sheet(workbook.create_sheet("Teckenförklaring"), options)
    _strings_only(workbook)
    return workbook


def write_workbook(
    results: pd.DataFrame,
    indicators: list[Indicator],
    path: Path,
    quality_dir: Path | None = None,
    options: WorkbookOptions | None = None,
) -> Path:
    """Write the workbook to `path` (folders are created) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(results, indicators, quality_dir, options))
    return path


def workbook_bytes(results: pd.DataFrame, indicators: list[Indicator], quality_dir: Path | None = None,
                   options: WorkbookOptions | None = None) -> bytes:
    """The workbook file's bytes (what `write_workbook` writes)."""
    return _deterministic_bytes(build_workbook(results, indicators, quality_dir, options))


__all__ = ["WorkbookOptions", "build_workbook", "status_text", "workbook_bytes", "write_workbook", "zip_parts"]
