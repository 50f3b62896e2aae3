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
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from suengine.definitions.model import Indicator
from suengine.render import labels as code_labels
from suengine.render.format import (
    STATUS_FILL,
    STATUS_MEANING,
    STATUS_SYMBOL,
    STATUS_TEXT,
    SYMBOL_LEGEND,
    SYMBOL_MISSING,
    SYMBOL_SUPPRESSED,
    SYMBOL_BORTFALL,
    SYMBOL_FOLLOW_UP,
    is_follow_up_pending,
)
from suengine.render.definition_text import KIND_TEXT, population_or_none, scoring_text, target_text
from suengine.render.site.overview import area_label, target_short
from suengine.render.site.published import TOTAL, IndicatorResults, Shown, small_count_text
from suengine.render.site.quality import load_quality

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right")
NUMBER_FORMAT = {"procent": '0" %"', "antal": "#,##0", "kronor": '#,##0" kr"'}
STATUS_WORD = {key: STATUS_TEXT[key] for key in STATUS_TEXT}
FIRST_YEAR_COLUMN = 9  # columns A–H describe the row


@dataclass(frozen=True)
class WorkbookOptions:
    municipality: str = "Exempelkommun"
    version_title: str = "Utkast"
    min_count: int = 5
    created: dt.datetime = FIXED_TIME  # document dates; fixed so two builds are identical


def status_text(item: Shown | None) -> str:
    """The status column's text: the status in words, `..` when hidden, `–` when there is no value."""
    if item is None:
        return SYMBOL_MISSING
    if item.suppressed:
        return item.hidden_symbol
    if item.value is None:
        return SYMBOL_MISSING
    return STATUS_WORD.get(item.status or "ingen", STATUS_WORD["ingen"])


def _fill(item: Shown | None) -> PatternFill | None:
    if item is None or item.value is None or item.status not in ("grön", "gul", "röd"):
        return None
    return PatternFill("solid", fgColor=STATUS_FILL[item.status])


def _put_value(cell: Any, item: Shown | None) -> None:
    if item is None or item.value is None:
        cell.value = item.hidden_symbol if item is not None else SYMBOL_MISSING
        cell.alignment = RIGHT
        return
    if item.row.get("svar"):  # a kategori indicator's answer (Ja, Delvis, …), not its share
        cell.value = item.value_text
        cell.alignment = RIGHT
        return
    cell.value = round(item.value, 6)
    cell.number_format = NUMBER_FORMAT.get(item.unit, "0.0")


MAX_CELL_TEXT = 32_767  # Excel's limit for the text of one cell


def _text_cell(cell: Any, text: str) -> None:
    """Text as a string cell, always: a value starting with =, +, - or @ stays inert text (never a
    formula), characters XML cannot hold are dropped, and Excel's length limit is kept."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]
    cell.data_type = "s"


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        _text_cell(cell, value)
    else:
        cell.value = value
    return cell


def _strings_only(workbook: Workbook) -> None:
    """No cell of ours is a formula: whatever text came in (names, codes, column headers) is a string."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    _text_cell(cell, cell.value)


def _header(sheet: Worksheet, row: int, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = _put(sheet, row, column, name)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, Alignment(wrap_text=True, vertical="center")


def _widths(sheet: Worksheet, widths: dict[int, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _row_keys(data: IndicatorResults) -> list[tuple[str, str, str]]:
    """(dimension, stratum, category): the total first, then categories, then each breakdown's groups."""
    keys = [(TOTAL, "", "")]
    keys += [(TOTAL, "", category) for category in data.categories]
    for dimension in data.dimensions:
        keys += [(dimension, stratum, "") for stratum in data.strata[dimension]]
    return keys


def _results_sheet(sheet: Worksheet, indicators: list[Indicator], data: dict[str, IndicatorResults], years: list[str], options: WorkbookOptions) -> None:
    sheet.title = "Resultat"
    sheet["A1"] = f"Systematisk uppföljning – {options.municipality}: resultat per indikator och år"
    sheet["A1"].font = TITLE
    sheet["A2"] = (
        f"Version: {options.version_title}. Varje år har två kolumner: värdet, färgat efter status, och statusen i text. "
        f"{SYMBOL_SUPPRESSED} = för få observationer (dolt), {SYMBOL_BORTFALL} = för stort bortfall, {SYMBOL_FOLLOW_UP} = "
        f"uppföljningstiden har inte gått ut, {SYMBOL_MISSING} = uppgift saknas. Se fliken Teckenförklaring."
    )
    header_row = 4
    names = ["Id", "Indikator", "Indikatorområde", "Uppdelning", "Grupp", "Kategori", "Enhet", "Målvärde (grön)"]
    for year in years:
        names += [year, f"Status {year}"]
    follow_up = any(i.follow_up is not None for i in indicators)
    if follow_up:  # the figure a nämnd is given while the latest cohorts are still followed up
        names.append("Senaste år med hela uppföljningstiden")
    _header(sheet, header_row, names)
    row = header_row + 1
    for indicator in indicators:
        results = data[indicator.id]
        unit = results.unit()
        for dimension, stratum, category in _row_keys(results):
            labels = [
                indicator.id, indicator.short_name, area_label(indicator.indicator_area),
                code_labels.dimension_title(dimension), stratum or "Totalt",
                category.replace("_", " "), unit, target_short(indicator, unit).replace("\u00a0", " "),
            ]
            for column, label in enumerate(labels, start=1):
                _put(sheet, row, column, label).border = BOX
            for index, year in enumerate(years):
                item = results.get(year, dimension, stratum, category) if year in results.periods else None
                value_cell = sheet.cell(row=row, column=FIRST_YEAR_COLUMN + 2 * index)
                status_cell = _put(sheet, row, FIRST_YEAR_COLUMN + 2 * index + 1, status_text(item))
                _put_value(value_cell, item)
                fill = _fill(item)
                for cell in (value_cell, status_cell):
                    cell.border = BOX
                    if fill is not None:
                        cell.fill = fill
            if follow_up:
                sheet.cell(row=row, column=len(names), value=_latest_complete(results, dimension, stratum, category)).border = BOX
            row += 1
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=FIRST_YEAR_COLUMN)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(names))}{max(row - 1, header_row)}"
    _widths(sheet, {1: 28, 2: 34, 3: 18, 4: 14, 5: 14, 6: 12, 7: 11, 8: 12})
    for index in range(len(years)):
        _widths(sheet, {FIRST_YEAR_COLUMN + 2 * index: 9, FIRST_YEAR_COLUMN + 2 * index + 1: 12})


def _latest_complete(results: IndicatorResults, dimension: str, stratum: str, category: str) -> str:
    """'50 % (2023)' when the latest period waits for its follow-up window, else ''."""
    periods = [p for p in results.periods if results.get(p, dimension, stratum, category) is not None]
    latest = results.get(periods[-1], dimension, stratum, category) if periods else None
    if latest is None or not is_follow_up_pending(latest.row):
        return ""
    for period in reversed(periods):
        item = results.get(period, dimension, stratum, category)
        if item is not None and not is_follow_up_pending(item.row):
            return f"{item.value_text} ({period})".replace("\u00a0", " ")
    return ""


def _long_sheet(sheet: Worksheet, indicators: list[Indicator], data: dict[str, IndicatorResults]) -> None:
    names = ["Id", "Indikator", "Period", "Uppdelning", "Grupp", "Kategori", "Värde", "Enhet", "KI låg", "KI hög",
             "Täljare", "Nämnare", "Status", "Anmärkning", "Definitionsversion"]
    _header(sheet, 1, names)
    row = 2
    for indicator in indicators:
        results = data[indicator.id]
        numerator, denominator = count_headers(indicator)
        counts_note = f"täljare = {numerator.lower()}, nämnare = {denominator.lower()}" if indicator.scoring.kind == "kvot" else ""
        for period in results.periods:
            for dimension, stratum, category in _row_keys(results):
                item = results.get(period, dimension, stratum, category)
                if item is None:
                    continue
                hidden = item.value is None
                values: list[Any] = [
                    indicator.id, indicator.short_name, period, code_labels.dimension_title(dimension),
                    stratum or "Totalt", category.replace("_", " "), None, item.unit,
                    item.hidden_symbol if hidden else (round(item.low, 6) if item.low is not None else ""),
                    item.hidden_symbol if hidden else (round(item.high, 6) if item.high is not None else ""),
                    item.numerator_text.replace("\u00a0", " "), item.denominator_text.replace("\u00a0", " "),
                    status_text(item), "; ".join(n for n in (item.reason, item.bortfall, counts_note) if n), item.version,
                ]
                for column, value in enumerate(values, start=1):
                    _put(sheet, row, column, value)
                _put_value(sheet.cell(row=row, column=7), item)
                for column in (9, 10):
                    if not hidden and isinstance(sheet.cell(row=row, column=column).value, float):
                        sheet.cell(row=row, column=column).number_format = "0.0"
                fill = _fill(item)
                if fill is not None:
                    sheet.cell(row=row, column=7).fill = fill
                    sheet.cell(row=row, column=13).fill = fill
                row += 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(row - 1, 1)}"
    _widths(sheet, {1: 28, 2: 34, 3: 9, 4: 14, 5: 14, 6: 12, 7: 9, 8: 10, 9: 8, 10: 8, 11: 9, 12: 9, 13: 12, 14: 40, 15: 10})


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
                text = str(value)
                number = text.replace(" ", "").replace(",", ".")
                _put(sheet, row, column, int(number) if number.isdigit() else text)
        row += 2

    frame("Dataleveransen", quality.summary, "Ingen sammanfattning av dataleveransen följde med.")
    frame("Problem i leveransen (antal per slag; enskilda poster redovisas inte)", quality.problems, "Ingen problemtabell följde med.")
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
            _put(sheet, row, column, int(value) if value.isdigit() else value)
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
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
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
    _results_sheet(workbook.active, indicators, data, years, options)
    _long_sheet(workbook.create_sheet("Underlag"), indicators, data)
    _definitions_sheet(workbook.create_sheet("Definitioner"), indicators, data)
    _quality_sheet(workbook.create_sheet("Datakvalitet"), indicators, data, quality_dir, options)
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
    path.write_bytes(_deterministic_bytes(build_workbook(results, indicators, quality_dir, options)))
    return path


__all__ = ["WorkbookOptions", "build_workbook", "status_text", "write_workbook"]
