"""The shared checker of published files (publish/checker.py), one rule at a time, on small hand-made files.

Each rule is shown catching a planted leak and accepting the same file without it, at the edges
(a count of 1, t − 1, t; thresholds per indicator; exempt indicators), so mutation testing of the
gate (`make mutation`) has fast tests that fail when a rule is weakened.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from suengine.publish.checker import (
    Rules,
    check_docx,
    check_file,
    check_html,
    check_markdown,
    check_published_folder,
    check_results,
    check_rows,
    check_search_index,
    check_workbook,
    check_year_changes,
    read_results_file,
)
from suengine.publish.results import COLUMNS

RULES = Rules(threshold=5, thresholds={"strikt": 10}, exempt=frozenset({"personal"}),
              kinds={"andel": "andel", "strikt": "andel", "personal": "andel"})


def _row(indicator: str = "andel", period: str = "2024", hidden: bool = False, **values) -> dict:
    row = {c: None for c in COLUMNS}
    row.update(indikator_id=indicator, period=period, uppdelning="total", stratum="", kategori="", undertryckt=hidden)
    row.update(values)
    return row


def _messages(findings) -> list[str]:
    return [f.message() for f in findings]


@pytest.mark.parametrize("column", ["urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare",
                                    "bortfall_nämnare", "bortfall_täljare", "värde", "ki_låg", "ki_hög", "föregående_värde", "förändring"])
def test_a_hidden_row_shows_no_number(column: str) -> None:
    assert check_results(pd.DataFrame([_row(hidden=True)]), RULES) == []
    leak = _messages(check_results(pd.DataFrame([_row(hidden=True, **{column: 0})]), RULES, "resultat.csv"))
    assert leak == [f"resultat.csv (andel 2024 total=): dold rad visar {column}"]


@pytest.mark.parametrize(("count", "limit", "indicator", "leak"), [
    (0, 5, "andel", False), (1, 5, "andel", True), (4, 5, "andel", True), (5, 5, "andel", False), (4.5, 5, "andel", True),
    (9, 10, "strikt", True), (10, 10, "strikt", False), (1, 5, "personal", False),
])
def test_a_shown_count_is_zero_or_at_least_the_threshold(count: float, limit: int, indicator: str, leak: bool) -> None:
    for column in ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare"):
        found = _messages(check_results(pd.DataFrame([_row(indicator, **{column: count})]), RULES))
        assert found == ([f"resultat ({indicator} 2024 total=): {column} {count:g} under gränsen {limit} publiceras"] if leak else [])


def test_the_count_rule_reads_text_as_written_in_resultat_csv() -> None:
    table = pd.DataFrame([_row(nämnare="3", täljare="", undertryckt="false"), _row(period="2023", värde="", undertryckt="true")])
    assert _messages(check_results(table, RULES)) == ["resultat (andel 2024 total=): nämnare 3 under gränsen 5 publiceras"]
    assert check_results(pd.DataFrame([_row(hidden="1", nämnare="nan")]), RULES) == []
    assert _messages(check_results(pd.DataFrame([_row(hidden="TRUE", nämnare="12")]), RULES)) == ["resultat (andel 2024 total=): dold rad visar nämnare"]


def test_no_previous_value_next_to_a_hidden_previous_period() -> None:
    before = _row(period="2023", hidden=True)
    now = _row(period="2024", värde=50.0, nämnare=20, täljare=10, föregående_värde=40.0)
    found = _messages(check_results(pd.DataFrame([before, now]), RULES))
    assert found == ["resultat (andel 2024 total=): föregående värde eller förändring visas fast föregående period är dold"]
    now_change = dict(now, föregående_värde=None, förändring=10.0)
    assert len(check_results(pd.DataFrame([before, now_change]), RULES)) == 1
    shown_before = _row(period="2023", värde=40.0, nämnare=20, täljare=8)
    assert check_results(pd.DataFrame([shown_before, now]), RULES) == []
    assert check_results(pd.DataFrame([before, dict(now, föregående_värde=None)]), RULES) == []
    other_stratum = dict(before, uppdelning="kön", stratum="flicka")
    assert check_results(pd.DataFrame([other_stratum, now]), RULES) == []
    assert check_results(pd.DataFrame([before, now]), Rules()) == []  # without kinds the rule cannot pair rows


TABLE = [["Period", "Värde", "95 % KI", "Täljare", "Nämnare", "Status", "Anmärkning"]]


@pytest.mark.parametrize(("cells", "figures"), [
    (["2024", "..", "..", "..", "..", "ingen", "för få"], []),
    (["2024", "..", "", "", "", "", ""], []),
    (["2024", "..", "16–75 %", "", "", "", ""], ["95 % KI 16–75 %"]),
    (["2024", "..", "15,8–74,9", "", "", "", ""], ["95 % KI 15,8–74,9"]),
    (["2024", "..", "", "3", "7", "", ""], ["Täljare 3", "Nämnare 7"]),
    (["2024", "..", "", "", "1\u00a0234", "", ""], ["Nämnare 1\u00a0234"]),
    (["2024", "..", "", "", "", "", "3"], []),  # a figure under a column that is not the value's
])
def test_a_hidden_value_carries_no_figure_in_its_row(cells: list[str], figures: list[str]) -> None:
    found = _messages(check_rows(TABLE + [cells], "sida"))
    assert found == ([f"sida (tabellrad 2): rad med dolt värde visar {', '.join(figures)}: {' | '.join(cells)}"] if figures else [])


def test_the_value_column_is_headed_varde_or_the_first_year() -> None:
    overview = [["Indikator", "2023", "2024", "Förändring"], ["Andel", "..", "50 %", "+3"]]
    assert len(check_rows(overview, "översikt")) == 1  # 2023 is the value column: the change beside it is a leak
    assert check_rows([["Indikator", "Text"], ["Andel", ".."]], "x") == []  # no value column: nothing to check
    assert check_rows([], "x") == []


@pytest.mark.parametrize(("count", "leak"), [("0", False), ("1", True), ("4", True), ("5", False), ("12 345", False), ("50 %", False)])
def test_with_a_limit_a_shown_row_shows_no_small_count(count: str, leak: bool) -> None:
    rows = [["Grupp", "Värde", "Täljare", "Nämnare", "Antal"], ["Flicka", "60 %", count, "20", "20"]]
    assert bool(check_rows(rows, "sida", limit=5)) == leak
    assert check_rows(rows, "sida") == []  # without a limit only hidden rows are checked


def test_markdown_pipe_tables_are_read_with_their_escapes() -> None:
    page = (
        "# Rubrik\n\nText | med streck.\n\n"
        "| Grupp | Värde | 95 % KI | Täljare | Nämnare |\n| --- | ---: | ---: | ---: | ---: |\n"
        "| Flicka \\| yngre | .. | 16–75 % | | |\n| Pojke | 60 % | 40–80 % | 12 | 20 |\n\nSlut.\n"
        "|Grupp|Värde|Antal|\n|:--|--:|--:|\n|A|..|3|\n"
    )
    found = _messages(check_markdown(page, "sida.md", limit=5))
    assert found == [
        "sida.md (tabellrad 2): rad med dolt värde visar 95 % KI 16–75 %: Flicka | yngre | .. | 16–75 % |  | ",
        "sida.md (tabellrad 2): rad med dolt värde visar Antal 3: A | .. | 3",
    ]
    assert check_markdown("| a | b |\n| c | d |\n", "x") == []  # no rule line: not a table


def test_html_tables_of_the_report_and_the_site() -> None:
    html = ("<table><thead><tr><th>Period</th><th>Värde</th><th>Nämnare</th></tr></thead>"
            "<tbody><tr><td>2024</td><td><span>..</span></td><td>7</td></tr>"
            "<tr><td>2023</td><td>50&nbsp;%</td><td>20</td></tr></tbody></table>")
    assert _messages(check_html(html, "r.html")) == ["r.html (tabellrad 2): rad med dolt värde visar Nämnare 7: 2024 | .. | 7"]
    assert check_html(html.replace(">7<", ">..<"), "r.html") == []


def test_search_index_entries_are_checked_like_pages(tmp_path: Path) -> None:
    table = "<table><tr><th>Grupp</th><th>Värde</th><th>Täljare</th></tr><tr><td>A</td><td>..</td><td>2</td></tr></table>"
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"docs": [{"location": "ind/", "text": table}, {"location": "", "text": "inget"}]}), encoding="utf-8")
    assert _messages(check_search_index(index)) == ["search_index.json (ind/) (tabellrad 2): rad med dolt värde visar Täljare 2: A | .. | 2"]
    index.write_text("inte json", encoding="utf-8")
    assert check_search_index(index) == []


def _docx(path: Path, rows: list[list[str]]) -> Path:
    from docx import Document

    document = Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(path)
    return path


def test_docx_tables(tmp_path: Path) -> None:
    leaky = _docx(tmp_path / "rapport.docx", [["Period", "Värde", "Täljare"], ["2024", "..", "3"]])
    assert _messages(check_docx(leaky)) == ["rapport.docx (tabellrad 2): rad med dolt värde visar Täljare 3: 2024 | .. | 3"]
    assert check_docx(_docx(tmp_path / "ren.docx", [["Period", "Värde", "Täljare"], ["2024", "..", ".."]])) == []


UNDERLAG = ["Id", "Indikator", "Period", "Värde", "KI låg", "KI hög", "Täljare", "Nämnare"]


def _workbook(path: Path, rows: list[list[object]], other: list[list[object]] | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Underlag"
    for row in [UNDERLAG, *rows]:
        sheet.append(row)
    if other:
        extra = book.create_sheet("Resultat")
        for row in other:
            extra.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(("row", "found"), [
    (["andel", "A", "2024", "..", None, None, None, None], []),
    (["andel", "A", "2024", "..", "16", None, None, None], ["dold rad visar KI låg"]),
    (["andel", "A", "2024", "..", None, None, "3", "7"], ["dold rad visar Täljare, Nämnare"]),
    (["andel", "A", "2024", "60 %", 40, 80, 12, 20], []),
    (["andel", "A", "2024", "60 %", 40, 80, 3, 20], ["Täljare 3 under gränsen 5 publiceras"]),
    (["andel", "A", "2024", "60 %", 40, 80, 5, 20], []),
    (["strikt", "S", "2024", "60 %", 40, 80, 9, 20], ["Täljare 9 under gränsen 10 publiceras"]),
    (["personal", "P", "2024", "60 %", 40, 80, 3, 4], []),
    (["andel", "A", "2024", "60 %", 40, 80, "1 200", 0], []),
])
def test_the_workbook_underlag(tmp_path: Path, row: list[object], found: list[str]) -> None:
    messages = _messages(check_workbook(_workbook(tmp_path / "su-resultat.xlsx", [row]), RULES))
    assert messages == [f"su-resultat.xlsx (Underlag) (rad 2): {text}" for text in found]


def test_other_sheets_are_read_as_tables(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "b.xlsx", [], other=[["Grupp", "Värde", "Nämnare"], ["A", "..", 8]])
    assert _messages(check_workbook(path, RULES)) == ["b.xlsx (Resultat) (tabellrad 2): rad med dolt värde visar Nämnare 8: A | .. | 8"]


RESULTAT_TOP = [["Systematisk uppföljning – Exempelby: resultat per indikator och år"], ["Version: 2025.1. .. = för få observationer (dolt)."], []]
RESULTAT_HEADER = ["Id", "Grupp", "2023", "Status 2023", "2024", "Status 2024", "2025", "Status 2025", "Förändring 2025", "Bedömning 2025"]


@pytest.mark.parametrize(("values", "change", "found"), [
    (["40 %", "50 %", "60 %"], 10.0, []),
    (["40 %", "50 %", ".."], None, []),
    (["40 %", "..", "60 %"], None, []),
    (["40 %", "50 %", ".."], 10.0, ["Förändring 2025 10 visas fast värdet för 2025 är dolt"]),
    (["40 %", "..", "60 %"], 10.0, ["Förändring 2025 10 visas fast värdet för 2024 är dolt"]),
    (["..", "50 %", "60 %"], 10.0, []),  # the year before the previous one says nothing about the change
])
def test_the_resultat_sheet_below_its_title(tmp_path: Path, values: list[str], change: float | None, found: list[str]) -> None:
    """The Resultat sheet opens with a title and notes; its table (header on row 4) is still read,
    and a change is shown only beside two shown years."""
    row = ["a", "Totalt"]
    for value in values:
        row += [value, "ej färgsatt" if value != ".." else "ej redovisad"]
    row += [change, "inom slumpens marginal"]
    path = _workbook(tmp_path / "r.xlsx", [], other=[*RESULTAT_TOP, RESULTAT_HEADER, row])
    messages = _messages(check_workbook(path, RULES))
    assert [m.split(": ", 1)[1].rsplit(": ", 1)[0] for m in messages] == found
    assert all(m.startswith("r.xlsx (Resultat) (tabellrad 2)") for m in messages)


def test_a_hidden_row_below_a_title_is_read(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "b.xlsx", [], other=[["Titel"], [], ["Grupp", "Värde", "Nämnare"], ["A", "..", 8]])
    assert _messages(check_workbook(path, RULES)) == ["b.xlsx (Resultat) (tabellrad 2): rad med dolt värde visar Nämnare 8: A | .. | 8"]


def test_a_published_folder_is_checked_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "webb").mkdir()
    text = pd.DataFrame([_row(hidden=True, nämnare=3)]).to_csv(index=False)
    (tmp_path / "resultat.csv").write_text("# kommentar\n" + text, encoding="utf-8")
    (tmp_path / "resultat.json").write_text(json.dumps([_row(nämnare=2)]), encoding="utf-8")
    (tmp_path / "webb" / "sida.html").write_text(
        "<table><tr><th>Grupp</th><th>Värde</th><th>Täljare</th></tr><tr><td>A</td><td>..</td><td>2</td></tr></table>", encoding="utf-8")
    (tmp_path / "webb" / "search_index.json").write_text(json.dumps({"docs": []}), encoding="utf-8")
    _docx(tmp_path / "rapport.docx", [["Period", "Värde", "Täljare"], ["2024", "..", "3"]])
    _workbook(tmp_path / "su-resultat.xlsx", [["andel", "A", "2024", "..", "1", None, None, None]])
    (tmp_path / "annat.csv").write_text("värde,nämnare\n..,3\n", encoding="utf-8")  # not a published results file
    found = _messages(check_published_folder(tmp_path, RULES))
    assert found == [
        "rapport.docx (tabellrad 2): rad med dolt värde visar Täljare 3: 2024 | .. | 3",
        "resultat.csv (andel 2024 total=): dold rad visar nämnare",
        "resultat.json (andel 2024 total=): nämnare 2 under gränsen 5 publiceras",
        "su-resultat.xlsx (Underlag) (rad 2): dold rad visar KI låg",
        "webb/sida.html (tabellrad 2): rad med dolt värde visar Täljare 2: A | .. | 2",
    ]
    assert list(read_results_file(tmp_path / "resultat.csv")["nämnare"]) == ["3"]  # the comment line is skipped


def test_every_row_is_read_after_a_clean_hidden_or_exempt_one() -> None:
    """A hidden row, a clean row or an exempt indicator's row does not end the reading: the leaks
    after them are found, each named by its indicator, period, breakdown, stratum and category."""
    table = pd.DataFrame([
        _row(hidden=True),
        _row("personal", nämnare=2),
        _row(nämnare=20, täljare=10),
        _row(hidden=True, uppdelning="kön", stratum="flicka", nämnare=7),
        _row(uppdelning="utfall", stratum="pojke", kategori="familjehem", täljare=3),
    ])
    assert _messages(check_results(table, RULES, "r.csv")) == [
        "r.csv (andel 2024 kön=flicka): dold rad visar nämnare",
        "r.csv (andel 2024 utfall=pojke familjehem): täljare 3 under gränsen 5 publiceras",
    ]


def test_the_previous_value_check_names_the_stratum() -> None:
    table = pd.DataFrame([
        _row(period="2023", uppdelning="kön", stratum="flicka", hidden=True),
        _row(period="2024", uppdelning="kön", stratum="flicka", värde=50, föregående_värde=40),
        _row(period="2023", uppdelning="kön", stratum="pojke", värde=30),
        _row(period="2024", uppdelning="kön", stratum="pojke", värde=50, föregående_värde=30),
    ])
    assert _messages(check_results(table, RULES, "r.csv")) == [
        "r.csv (andel 2024 kön=flicka): föregående värde eller förändring visas fast föregående period är dold"]


def test_every_table_row_is_read_after_a_clean_or_hidden_one() -> None:
    rows = [["Grupp", "Värde", "Täljare", "Nämnare"],
            ["A", "..", "..", ".."],
            ["B", "50 %", "10", "20"],
            ["C", "..", "4", ".."],
            ["D", "50 %", "3", "6"]]
    assert _messages(check_rows(rows, "t", limit=5)) == [
        "t (tabellrad 4): rad med dolt värde visar Täljare 4: C | .. | 4 | ..",
        "t (tabellrad 5): Täljare 3 under gränsen 5 publiceras: D | 50 % | 3 | 6",
    ]


def _sheets(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_every_sheet_of_a_workbook_is_read_and_wanted_picks_them(tmp_path: Path) -> None:
    leak = [["Grupp", "Värde", "Nämnare"], ["A", "..", 8]]
    path = _sheets(tmp_path / "b.xlsx", {"Ren": [["Grupp", "Värde"], ["A", ".."]], "Första": leak, "Andra": leak,
                                         "Underlag": [UNDERLAG, ["strikt", "S", "2024", "60 %", 40, 80, 9, 20]]})
    found = [m.split(" (tabellrad")[0].split(" (rad")[0] for m in _messages(check_workbook(path, RULES))]
    assert found == ["b.xlsx (Första)", "b.xlsx (Andra)", "b.xlsx (Underlag)"]
    only = check_workbook(path, RULES, lambda sheet: sheet.title in ("Ren", "Andra"))
    assert [f.message().split(" (tabellrad")[0] for f in only] == ["b.xlsx (Andra)"]
    # check_file hands the workbook its rules (the per-indicator threshold 10) and the sheets wanted
    assert [f.message().split(": ", 1)[1] for f in check_file(path, tmp_path, RULES, lambda s: s.title == "Underlag")] == [
        "Täljare 9 under gränsen 10 publiceras"]


@pytest.mark.parametrize("name", ["sida.html", "sida.htm"])
def test_html_pages_of_either_suffix_are_checked(tmp_path: Path, name: str) -> None:
    page = tmp_path / "webb" / name
    page.parent.mkdir()
    page.write_bytes("<table><tr><th>Grupp</th><th>Värde</th><th>Täljare</th></tr><tr><td>Å\xe4</td><td>..</td><td>2</td></tr></table>".encode("utf-8") + b"\xff")
    assert _messages(check_file(page, tmp_path, RULES)) == [f"webb/{name} (tabellrad 2): rad med dolt värde visar Täljare 2: Åä | .. | 2"]


def test_a_search_index_is_checked_by_its_name(tmp_path: Path) -> None:
    index = {"docs": [{"location": "a/", "text": "<table><tr><th>Värde</th><th>Nämnare</th></tr><tr><td>..</td><td>3</td></tr></table>"}]}
    for name in ("search_index.json", "annat.json"):
        (tmp_path / name).write_text(json.dumps(index), encoding="utf-8")
    assert _messages(check_file(tmp_path / "search_index.json", tmp_path, RULES)) == [
        "search_index.json (a/) (tabellrad 2): rad med dolt värde visar Nämnare 3: .. | 3"]
    assert check_file(tmp_path / "annat.json", tmp_path, RULES) == []


@pytest.mark.parametrize(("row", "found"), [
    (["andel", "A", "2024", "60 %", 40, 80, 1, 20], ["Täljare 1 under gränsen 5 publiceras"]),
    (["andel", "A", "2024", "60 %", 40, 80, "4,5", 20], ["Täljare 4.5 under gränsen 5 publiceras"]),
    (["andel", "A", "2024", "..", "1 6", None, None, None], ["dold rad visar KI låg"]),
])
def test_the_workbook_underlag_reads_written_numbers(tmp_path: Path, row: list[object], found: list[str]) -> None:
    """Counts as the workbook may hold them as text: 1 (the lowest small count), a decimal comma,
    a thousands space; and the rows after a hidden one are still read."""
    rows = [["andel", "A", "2023", "..", None, None, None, None], row]
    messages = _messages(check_workbook(_workbook(tmp_path / "u.xlsx", rows), RULES))
    assert messages == [f"u.xlsx (Underlag) (rad 3): {text}" for text in found]


def _docx_tables(path: Path, tables: list[list[list[list[str]]]]) -> Path:
    """A DOCX whose cells hold each text in one or more runs (a cell given as a list of runs)."""
    from docx import Document

    document = Document()
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, cells in enumerate(rows):
            for c, runs in enumerate(cells):
                paragraph = table.cell(r, c).paragraphs[0]
                for run in ([runs] if isinstance(runs, str) else runs):
                    paragraph.add_run(run)
    document.save(path)
    return path


def test_every_docx_table_is_read_and_a_cell_is_the_join_of_its_runs(tmp_path: Path) -> None:
    header = ["Period", "Värde", "Täljare"]
    path = _docx_tables(tmp_path / "r.docx", [[header, ["2023", "..", ["1", "2"]]], [header, ["2024", "..", "3"]]])
    assert _messages(check_docx(path)) == ["r.docx (tabellrad 2): rad med dolt värde visar Täljare 12: 2023 | .. | 12",
                                           "r.docx (tabellrad 2): rad med dolt värde visar Täljare 3: 2024 | .. | 3"]


def test_a_change_beside_two_hidden_years_and_a_short_row(tmp_path: Path) -> None:
    rows = [RESULTAT_HEADER, ["a", "Totalt", "40 %", "", "..", "", "..", "", "5", ""], ["b", "Totalt", "40 %"]]
    assert [m.split(": ", 1)[1].rsplit(": ", 1)[0] for m in _messages(check_year_changes(rows, "s"))] == [
        "Förändring 2025 5 visas fast värdet för 2025 och 2024 är dolt"]


def test_results_files_with_and_without_a_comment_line(tmp_path: Path) -> None:
    text = pd.DataFrame([_row(hidden=True, nämnare=3), _row(nämnare=20)]).to_csv(index=False)
    (tmp_path / "utan.csv").write_text(text, encoding="utf-8")
    (tmp_path / "med.csv").write_text("# kommentar\n" + text, encoding="utf-8")
    for name in ("utan.csv", "med.csv"):
        table = read_results_file(tmp_path / name)
        assert len(table) == 2 and table["nämnare"].tolist() == ["3", "20"], name
    (tmp_path / "r.json").write_text(json.dumps([_row(nämnare="Å")]), encoding="utf-8")
    assert read_results_file(tmp_path / "r.json")["nämnare"].tolist() == ["Å"]


def test_a_search_index_entry_without_text_or_location(tmp_path: Path) -> None:
    index = {"docs": [{"text": "<table><tr><th>Värde</th><th>Nämnare</th></tr><tr><td>..</td><td>3</td></tr></table>"}, {"location": "b/"}]}
    (tmp_path / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert _messages(check_search_index(tmp_path / "search_index.json")) == [
        "search_index.json () (tabellrad 2): rad med dolt värde visar Nämnare 3: .. | 3"]
    (tmp_path / "search_index.json").write_text(json.dumps({}), encoding="utf-8")
    assert check_search_index(tmp_path / "search_index.json") == []


def test_a_markdown_page_of_one_indicator_is_held_to_its_threshold() -> None:
    page = "| Grupp | Värde | Täljare |\n|---|---|---|\n| A | 50 % | 3 |\n| B | 60 % | 12 |\n"
    assert _messages(check_markdown(page, "sida.md", limit=5)) == ["sida.md (tabellrad 2): Täljare 3 under gränsen 5 publiceras: A | 50 % | 3"]
    assert check_markdown(page, "sida.md", limit=3) == []


def test_a_short_row_and_an_exempt_row_do_not_end_the_reading(tmp_path: Path) -> None:
    rows = [["Grupp", "Enhet", "Värde", "Nämnare"], ["A"], ["B", "x", "..", "6"]]
    assert _messages(check_rows(rows, "t")) == ["t (tabellrad 3): rad med dolt värde visar Nämnare 6: B | x | .. | 6"]
    underlag = [["personal", "P", "2024", "60 %", 40, 80, 3, 4], ["andel", "A", "2024", "60 %", 40, 80, 2, 20]]
    assert _messages(check_workbook(_workbook(tmp_path / "u.xlsx", underlag), RULES)) == [
        "u.xlsx (Underlag) (rad 3): Täljare 2 under gränsen 5 publiceras"]


@pytest.mark.parametrize("flag", [True, "True", "true", "1", 1])
def test_a_row_is_hidden_however_the_flag_is_written(flag: object) -> None:
    assert _messages(check_results(pd.DataFrame([_row(undertryckt=flag, nämnare=8)]), RULES, "r")) == ["r (andel 2024 total=): dold rad visar nämnare"]
