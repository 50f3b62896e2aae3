"""The workbook's two result sheets: *Resultat* (OJ layout, two columns per year) and *Underlag* (long form).

*Resultat* has one row per indicator and breakdown group (and category), the value of each year
filled grön/gul/röd with the status in words beside it, and for the last year the change and its
verdict ("säker förändring" / "inom slumpens marginal"). Its panes are frozen after Id and
Indikator, so a laptop screen shows five years beside the indicator's name. *Underlag* has every
published figure with its interval, täljare and nämnare, all as numbers. Cell formats, change
wording, units and the order of the count columns come from suengine.render.presentation.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from suengine.definitions.model import Indicator
from suengine.render import labels as code_labels
from suengine.render.excel_cells import (
    BOX,
    INTERVAL_FORMAT,
    RIGHT,
    TITLE,
    fill,
    header,
    put,
    put_change,
    put_count,
    put_value,
    status_text,
    text_cell,
    widths,
)
from suengine.render.format import SYMBOL_BORTFALL, SYMBOL_FOLLOW_UP, SYMBOL_MISSING, SYMBOL_SUPPRESSED, is_follow_up_pending
from suengine.render.presentation import CHANGE_TITLE, VERDICT_TITLE, count_headers, unit_name
from suengine.render.site.overview import area_label, target_short
from suengine.render.site.published import TOTAL, IndicatorResults, Shown

FIRST_YEAR_COLUMN = 9  # columns A–H describe the row
FROZEN_COLUMNS = 2  # Id and Indikator stay in view while the years scroll
DESCRIPTION_WIDTHS = {1: 22, 2: 30, 3: 14, 4: 12, 5: 12, 6: 14, 7: 10, 8: 10}
YEAR_WIDTHS = (9, 11)  # value, status


def row_keys(data: IndicatorResults) -> list[tuple[str, str, str]]:
    """(dimension, stratum, category): the total first, then categories, then each breakdown's groups."""
    keys = [(TOTAL, "", "")]
    keys += [(TOTAL, "", category) for category in data.categories]
    for dimension in data.dimensions:
        keys += [(dimension, stratum, "") for stratum in data.strata[dimension]]
    return keys


def _row_unit(results: IndicatorResults, dimension: str, stratum: str, category: str) -> str:
    """The unit of one row: a category row of a distribution or a scale is a share, its total is not."""
    for period in results.periods:
        item = results.get(period, dimension, stratum, category)
        if item is not None and item.unit:
            return item.unit
    return results.unit()


def results_sheet(sheet: Worksheet, indicators: list[Indicator], data: dict[str, IndicatorResults], years: list[str],
                  municipality: str, version_title: str) -> None:
    sheet.title = "Resultat"
    sheet["A1"] = f"Systematisk uppföljning – {municipality}: resultat per indikator och år"
    sheet["A1"].font = TITLE
    sheet["A2"] = (
        f"Version: {version_title}. Varje år har två kolumner: värdet, färgat efter status, och statusen i text. "
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
    last = years[-1] if years else ""
    if last:
        names += [f"{CHANGE_TITLE} {last}", f"{VERDICT_TITLE} {last}"]
    header(sheet, header_row, names)
    row = header_row + 1
    for indicator in indicators:
        results = data[indicator.id]
        for dimension, stratum, category in row_keys(results):
            unit = _row_unit(results, dimension, stratum, category)
            labels = [
                indicator.id, indicator.short_name, area_label(indicator.indicator_area),
                code_labels.dimension_title(dimension), stratum or "Totalt",
                category.replace("_", " "), unit_name(unit), target_short(indicator, results.unit()).replace("\u00a0", " "),
            ]
            for column, label in enumerate(labels, start=1):
                put(sheet, row, column, label).border = BOX
            for index, year in enumerate(years):
                item = results.get(year, dimension, stratum, category) if year in results.periods else None
                value_cell = sheet.cell(row=row, column=FIRST_YEAR_COLUMN + 2 * index)
                status_cell = put(sheet, row, FIRST_YEAR_COLUMN + 2 * index + 1, status_text(item))
                put_value(value_cell, item)
                colour = fill(item)
                for cell in (value_cell, status_cell):
                    cell.border = BOX
                    if colour is not None:
                        cell.fill = colour
            column = FIRST_YEAR_COLUMN + 2 * len(years)
            if follow_up:
                put(sheet, row, column, _latest_complete(results, dimension, stratum, category)).border = BOX
                column += 1
            if last:
                item = results.get(last, dimension, stratum, category) if last in results.periods else None
                put_change(sheet.cell(row=row, column=column), item)
                put(sheet, row, column + 1, item.verdict if item is not None else SYMBOL_MISSING)
                for offset in (0, 1):
                    sheet.cell(row=row, column=column + offset).border = BOX
            row += 1
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=FROZEN_COLUMNS + 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(names))}{max(row - 1, header_row)}"
    widths(sheet, DESCRIPTION_WIDTHS)
    for index in range(len(years)):
        widths(sheet, {FIRST_YEAR_COLUMN + 2 * index: YEAR_WIDTHS[0], FIRST_YEAR_COLUMN + 2 * index + 1: YEAR_WIDTHS[1]})
    extra = FIRST_YEAR_COLUMN + 2 * len(years)
    widths(sheet, {extra: 14, extra + 1: 16, extra + 2: 20})


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


LONG_NAMES = ["Id", "Indikator", "Period", "Uppdelning", "Grupp", "Kategori", "Värde", "Enhet", "KI låg", "KI hög",
              "Täljare", "Nämnare", "Status", CHANGE_TITLE, VERDICT_TITLE, "Anmärkning", "Definitionsversion"]


def _interval(cell: Any, item: Shown, bound: float | None) -> None:
    if item.value is None:
        text_cell(cell, item.hidden_symbol)
        cell.alignment = RIGHT
    elif bound is not None:
        cell.value = round(bound, 6)
        cell.number_format = INTERVAL_FORMAT


def long_sheet(sheet: Worksheet, indicators: list[Indicator], data: dict[str, IndicatorResults]) -> None:
    header(sheet, 1, LONG_NAMES)
    column = {name: index for index, name in enumerate(LONG_NAMES, start=1)}
    row = 2
    for indicator in indicators:
        results = data[indicator.id]
        numerator, denominator = count_headers(indicator)
        counts_note = f"täljare = {numerator.lower()}, nämnare = {denominator.lower()}" if indicator.scoring.kind == "kvot" else ""
        for period in results.periods:
            for dimension, stratum, category in row_keys(results):
                item = results.get(period, dimension, stratum, category)
                if item is None:
                    continue
                texts = {
                    "Id": indicator.id, "Indikator": indicator.short_name, "Period": period,
                    "Uppdelning": code_labels.dimension_title(dimension), "Grupp": stratum or "Totalt",
                    "Kategori": category.replace("_", " "), "Enhet": unit_name(item.unit), "Status": status_text(item),
                    VERDICT_TITLE: item.verdict,
                    "Anmärkning": "; ".join(n for n in (item.reason, item.bortfall, counts_note) if n),
                }
                for name, text in texts.items():
                    put(sheet, row, column[name], text)
                put(sheet, row, column["Definitionsversion"], item.version)
                put_value(sheet.cell(row=row, column=column["Värde"]), item)
                _interval(sheet.cell(row=row, column=column["KI låg"]), item, item.low)
                _interval(sheet.cell(row=row, column=column["KI hög"]), item, item.high)
                put_count(sheet.cell(row=row, column=column["Täljare"]), item, "täljare")
                put_count(sheet.cell(row=row, column=column["Nämnare"]), item, "nämnare")
                put_change(sheet.cell(row=row, column=column[CHANGE_TITLE]), item)
                colour = fill(item)
                if colour is not None:
                    sheet.cell(row=row, column=column["Värde"]).fill = colour
                    sheet.cell(row=row, column=column["Status"]).fill = colour
                row += 1
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(LONG_NAMES))}{max(row - 1, 1)}"
    widths(sheet, {1: 22, 2: 30, 3: 9, 4: 12, 5: 12, 6: 14, 7: 10, 8: 10, 9: 8, 10: 8, 11: 9, 12: 9, 13: 11, 14: 14, 15: 20,
                   16: 40, 17: 10})
