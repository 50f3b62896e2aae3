"""Report, site and workbook rendered from one results table agree on what a reader compares across them.

The presentation layer (suengine.render.presentation) decides status counts, change wording and its
verdict, the order of the count columns and units once; this test renders all three outputs from
the same table (with one hidden total, the case where the PDF and the site used to count 1/3/3/47
against 1/3/3/45 + 2) and reads back what each shows: the report's and the site's Markdown, and the
workbook's cells with their number formats as a Swedish Excel shows them.
"""

from __future__ import annotations

import re
import pandas as pd
import pytest

from suengine.definitions.model import Indicator
from suengine.render.excel import build_workbook
from suengine.render.presentation import count_headers
from suengine.render.report import ReportRequest, build_report
from suengine.render.site.generate import write_site
from suengine.render.site.options import SiteOptions

YEAR = "2025"
HIDDEN_ID = "placerade-barn-per-1000"
STATUS_WORDS = {"Grön": "grön", "Gul": "gul", "Röd": "röd", "Ej färgsatt": "ingen", "–": "ingen",
                "..": "dold", "(b)": "dold", "(u)": "dold"}


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("\u00a0", " "))


def excel_shows(value: object, number_format: str) -> str:
    """A cell as a Swedish Excel shows it under the formats this workbook writes: `#,##0.0" suffix"`,
    optionally three sections (positive; negative; zero) with a quoted sign in front."""
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    sections = number_format.split(";")
    section = sections[0] if number > 0 or len(sections) == 1 else sections[1] if number < 0 else sections[2]
    match = re.fullmatch(r'(?:"([^"]*)")?([#,0.]+)(?:"([^"]*)")?', section)
    assert match, section
    prefix, code, suffix = match.group(1) or "", match.group(2), match.group(3) or ""
    decimals = len(code.split(".")[1]) if "." in code else 0
    magnitude = abs(number) if len(sections) > 1 else number
    digits = f"{magnitude:,.{decimals}f}" if "," in code else f"{magnitude:.{decimals}f}"
    return prefix + digits.replace(",", " ").replace(".", ",") + suffix


@pytest.fixture(scope="module")
def table(results_table: pd.DataFrame) -> pd.DataFrame:
    out = results_table.copy()
    hidden = (out["indikator_id"] == HIDDEN_ID) & (out["period"] == YEAR) & (out["uppdelning"] == "total")
    out.loc[hidden, "undertryckt"] = True
    out.loc[hidden, "undertryckt_orsak"] = "för_få"
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, table: pd.DataFrame, indicators: list[Indicator]):
    base = tmp_path_factory.mktemp("presentation")
    built = build_report(ReportRequest(results=table, year=int(YEAR), indicators=indicators, out=base / "rapport",
                                       version="2025.1", formats=()))
    report = "\n".join(p.read_text(encoding="utf-8") for p in sorted((built.folder / "quarto").glob("*.qmd")))
    site_config = write_site(table, indicators, base / "webb", SiteOptions())
    docs = site_config.parent / "docs"
    site = {p.stem: p.read_text(encoding="utf-8") for p in (docs / "indikatorer").glob("*.md")}
    site["index"] = (docs / "index.md").read_text(encoding="utf-8")
    return _plain(report), {k: _plain(v) for k, v in site.items()}, build_workbook(table, indicators)


def _section(report: str, indicator: Indicator) -> str:
    start = report.index(f"{{#ind-{indicator.id}}}")
    end = report.find("{#ind-", start + 1)
    return report[start:end if end > 0 else None]


def _workbook_totals(book) -> dict[str, dict[str, object]]:
    sheet = book["Resultat"]
    headers = [c.value for c in sheet[4]]
    rows = {}
    for row in sheet.iter_rows(min_row=5):
        cells = dict(zip(headers, row))
        if cells["Grupp"].value == "Totalt" and not cells["Kategori"].value:
            rows[cells["Id"].value] = cells
    return rows


def test_status_counts_are_the_same_in_report_site_and_workbook(outputs, indicators) -> None:
    report, site, book = outputs
    in_report = re.search(r"Av 3 indikatorer är (.+?)\. ", report).group(1)
    line = re.search(r"Status för den senaste perioden \(3 indikatorer\): (.+?)\.</p>", site["index"]).group(1)
    pills = re.findall(r'<span class="su-status su-status--(\w+)">(\S+) <strong>(\d+)</strong> ([^<]+)</span>', line)
    assert [p[0] for p in pills] == ["gron", "gul", "rod", "ingen", "dold"], line  # each count a pill with its colour
    assert [p[1] for p in pills] == ["●", "◐", "○", "–", ".."]  # and its symbol, so colour is not the only signal
    in_site = re.sub(r"<[^>]+>", "", re.sub(r'<span class="su-status[^"]*">\S+ ', "", line))
    assert in_report == in_site
    counted = {}
    for cells in _workbook_totals(book).values():
        key = STATUS_WORDS[cells[f"Status {YEAR}"].value]
        counted[key] = counted.get(key, 0) + 1
    assert "1 ej redovisad" in in_report and counted["dold"] == 1  # the hidden total is counted apart, everywhere
    for key, words in (("grön", "gröna?"), ("gul", "gula?"), ("röd", "röda?"), ("ingen", "ej färgsatta?"), ("dold", "ej redovisade?")):
        stated = re.search(rf"(\d+) {words}\b", in_report)
        assert int(stated.group(1)) == counted.get(key, 0), (key, in_report, counted)


def test_change_and_verdict_read_the_same_in_report_site_and_workbook(outputs, indicators) -> None:
    report, site, book = outputs
    totals = _workbook_totals(book)
    compared = 0
    for indicator in indicators:
        if indicator.id == HIDDEN_ID:
            continue
        in_report = re.search(r"Jämfört med 2024 \([^)]*\): (.+?)\.\s", _section(report, indicator))
        in_site = re.search(r"Förändring sedan föregående period: (.+?)\.\s", site[indicator.id])
        cells = totals[indicator.id]
        change = excel_shows(cells[f"Förändring {YEAR}"].value, cells[f"Förändring {YEAR}"].number_format)
        in_workbook = f"{change} ({cells[f'Bedömning {YEAR}'].value})"
        assert in_report and in_site, indicator.id
        assert in_report.group(1) == in_site.group(1) == in_workbook, (in_report.group(1), in_site.group(1), in_workbook)
        assert "procentenheter" in in_workbook and re.search(r"\d,\d procentenheter", in_workbook)  # one decimal
        compared += 1
    assert compared == 2


def test_count_columns_are_in_the_same_order_everywhere(outputs, indicators) -> None:
    report, site, book = outputs
    underlag = [c.value for c in book["Underlag"][1]]
    assert underlag.index("Täljare") < underlag.index("Nämnare")
    for indicator in indicators:
        numerator, denominator = count_headers(indicator)
        trend = _section(report, indicator).split("### Utveckling", 1)[1]
        header = next(line for line in trend.splitlines() if line.startswith("| Period"))
        assert header.index(numerator) < header.index(denominator), (indicator.id, header)
        site_header = next(line for line in site[indicator.id].split("## Utveckling över tid", 1)[1].splitlines()
                           if line.startswith("| Period"))
        assert site_header.index(numerator) < site_header.index(denominator), (indicator.id, site_header)


def test_values_carry_the_same_unit_everywhere(outputs, indicators) -> None:
    report, site, book = outputs
    totals = _workbook_totals(book)
    for indicator in indicators:
        in_report = re.search(rf"\*\*Resultat {YEAR}: (.+?)\*\*", _section(report, indicator)).group(1)
        in_site = re.search(rf"\*\*Senaste värde \({YEAR}\):\*\* <span class=\"su-kpi\">(.+?)</span>", site[indicator.id]).group(1)
        cell = totals[indicator.id][YEAR]
        in_workbook = excel_shows(cell.value, cell.number_format)
        assert in_report == in_site == in_workbook, (indicator.id, in_report, in_site, in_workbook)
    assert excel_shows(35550.0, '#,##0" kr per dag"') == "35 550 kr per dag"
