"""Comparisons with Kolada as plain rows and sentences, shared by the report, the site and the workbook.

`view` turns one `IndicatorComparison` into a table (year, own value, riket and each group, relative colour,
jämfört med riket) and the sentences that must stand beside it: source and KPI, which Kolada year is shown
(never another year passed off as the report year), how the definitions differ, and why a value has no
relative colour. The renderers only choose the Markdown of a status; no figure is computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from suengine.reference.comparison import Comparisons, IndicatorComparison, YearRow
from suengine.render.format import SYMBOL_MISSING, format_number

RELATIVE_COLUMN = "Relativ färg"
RIKET_COLUMN = "Jämfört med riket"
NOT_IN_KOLADA = "ej i Kolada"
NO_INTERVAL = "inget intervall"
STATUSES = ("grön", "gul", "röd")


@dataclass(frozen=True)
class ComparisonView:
    title: str
    header: list[str]
    rows: list[list[str]]  # plain text cells; the relative colour cell holds the status key (grön/gul/röd) or text
    statuses: list[str | None]  # the relative colour per row (None: none)
    notes: list[str]  # plain sentences, in order


def number(value: float | None) -> str:
    """Kolada's figures with one decimal (a group mean is seldom whole)."""
    return SYMBOL_MISSING if value is None else format_number(round(value, 1), 1)


def view(comparison: IndicatorComparison, own_label: str = "Kommunen") -> ComparisonView:
    """The table: the relative colour column only for a relativ målvärde; riket first among the areas."""
    relative = [RELATIVE_COLUMN] if comparison.relative_target else []
    header = ["År", own_label, *comparison.columns, *relative, RIKET_COLUMN]
    rows, statuses = [], []
    for row in comparison.rows:
        in_kolada = any(v is not None for v in row.areas) or row.kommuner > 0
        areas = [number(v) if v is not None else (SYMBOL_MISSING if in_kolada else NOT_IN_KOLADA) for v in row.areas]
        colour = [row.relative or ("–" if in_kolada else NOT_IN_KOLADA)] if comparison.relative_target else []
        rows.append([str(row.year), number(row.own), *areas, *colour, versus_riket_text(row)])
        statuses.append(row.relative)
    return ComparisonView(f"Jämförelse med riket och andra kommuner (Kolada {comparison.kpi})", header, rows, statuses,
                          notes(comparison))


def versus_riket_text(row: YearRow) -> str:
    """The interval's verdict; says so when there is a riket value but no interval to decide with."""
    if row.versus_riket:
        return row.versus_riket
    riket = row.areas[0] if row.areas else None
    return NO_INTERVAL if riket is not None and row.own is not None else SYMBOL_MISSING


def notes(comparison: IndicatorComparison) -> list[str]:
    out = [f"Källa: {comparison.source}, nyckeltal {comparison.kpi}" + (f" {comparison.kpi_title}" if comparison.kpi_title else "")
           + ". Jämförelsevärdena är offentlig statistik och röjandekontrolleras inte.",
           comparison.year_text()]
    if any(r.members and any(r.members) for r in comparison.rows):
        out.append("En grupps värde är ovägt medelvärde av de kommuner i gruppen som har ett värde i Kolada.")
    if comparison.difference:
        out.append(f"Skillnad mot indikatorns definition: {comparison.difference.strip()}")
    report = comparison.report_row
    if report is not None and report.relative is None and report.reason:
        out.append(f"{comparison.report_year}: {report.reason}.")
    if comparison.relative_target:
        out.append("Relativ färg: kvartil bland alla kommuner med värde samma år (grön = bästa fjärdedelen, röd = sämsta).")
    out.append("Jämfört med riket: högre eller lägre bara när rikets värde ligger utanför kommunens konfidensintervall, "
               "annars ingen säker skillnad; utan intervall (indikatorn har inget) görs ingen jämförelse.")
    if comparison.note:
        out.append(comparison.note.strip())
    return out


def relative_counts(comparisons: Comparisons | None, year: int) -> dict[str, int]:
    """How many relativ indicators got each colour for `year`, and how many could not be coloured (`ingen`)."""
    counts = {s: 0 for s in (*STATUSES, "ingen")}
    if comparisons is None:
        return counts
    for comparison in comparisons.by_indicator.values():
        if not comparison.relative_target:
            continue
        row = next((r for r in comparison.rows if r.year == year), None)
        counts[row.relative if row is not None and row.relative else "ingen"] += 1
    return counts


def relative_summary(comparisons: Comparisons | None, year: int) -> str:
    """One sentence for the summary: relative colours counted apart from the målvärde colours."""
    counts = relative_counts(comparisons, year)
    total = sum(counts.values())
    if comparisons is None or total == 0:
        return ""
    text = (f"Relativ färg (jämfört med alla kommuner i Kolada, räknas för sig och inte bland målvärdesfärgerna) för "
            f"{total} {'indikator' if total == 1 else 'indikatorer'} {year}: {counts['grön']} gröna, {counts['gul']} gula, "
            f"{counts['röd']} röda")
    if counts["ingen"]:
        latest = max((c.latest_year for c in comparisons.by_indicator.values() if c.latest_year), default=None)
        why = f" (Koladas senaste år i referensdata är {latest})" if latest and latest < year else ""
        text += f", {counts['ingen']} utan relativ färg{why}"
    return text + "."


def workbook_rows(comparisons: Comparisons | None, names: Mapping[str, str]) -> tuple[list[str], list[list[object]]]:
    """The workbook's comparison columns: one row per indicator and year, a column per area, numbers as numbers."""
    areas = [a.title for a in comparisons.setting.areas] if comparisons is not None else []
    header = ["Indikator", "Id", "År", "Eget värde", *areas, RELATIVE_COLUMN, RIKET_COLUMN,
              "Kolada-nyckeltal", "Källa", "Senaste jämförelseår"]
    rows: list[list[object]] = []
    if comparisons is None:
        return header, rows
    for indicator_id, comparison in comparisons.by_indicator.items():
        for row in comparison.rows:
            values = [None if v is None else round(v, 4) for v in row.areas]
            rows.append([names.get(indicator_id, indicator_id), indicator_id, row.year, row.own, *values,
                         row.relative or "", versus_riket_text(row) if row.own is not None else "",
                         comparison.kpi, comparison.source, comparison.latest_year])
    return header, rows
