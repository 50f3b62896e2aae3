"""One checker of published files, used by the build's privacy gate, `suengine granska` and the tests.

What it asserts, on the files as a reader gets them:

* results table (resultat.csv, resultat.json): a hidden row shows no number at all (counts,
  value, interval, previous value, change); a shown row shows no count between 1 and t − 1
  (indicators over children only); no previous value or change is shown next to a previous
  period that was hidden; given the indicators' `linkage` facts, a shown urval does not pin down
  its units out of the effective nämnare for no published reason to 1..t−1 (`linkage.urval_rest`).
* Excel workbook: on *Underlag*, a row whose value is hidden shows no interval, täljare or
  nämnare, and no täljare/nämnare between 1 and t − 1 is shown; every sheet: no cell holds a
  hidden value's text (`..` rows carry no figures).
* HTML (report, site pages): in every table row whose value shows `..`, no interval, täljare,
  nämnare, antal or förändring is shown.
* the site's search index, and the report's DOCX tables: the same rule.
* Markdown pages (the site's pages and the report's .qmd before rendering; the property tests
  check them for every random delivery): the same rule on their pipe tables, and, given the
  page's indicator threshold, no shown Täljare/Nämnare/Antal between 1 and t − 1.

PDF text has lost its table structure; the PDF is rendered from the same document as the
HTML and DOCX, which are checked, and is scanned for personnummer (`privacy`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pandas as pd

from suengine.publish.linkage import IndicatorFacts, urval_rest_leaks
from suengine.publish.privacy import Finding
from suengine.publish.row_keys import previous_keys

COUNTS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")
NUMBERS_OF_A_ROW = (*COUNTS, "värde", "ki_låg", "ki_hög", "föregående_värde", "förändring")
HIDDEN = ".."
_NUMBER = r"[+±−–-]?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?"
_UNIT = r"\s*(?:%|‰|procentenheter|dagar|steg|kr|månader|per\s.*)?"
_FIGURE = re.compile(rf"^{_NUMBER}{_UNIT}(?:\s*[–-]\s*{_NUMBER}{_UNIT})?$")  # a value, or an interval "15,8–74,9 %"
_YEAR = re.compile(r"^(?:19|20)\d\d(?:-[TK]\d)?$")
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S | re.I)
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Rules:
    """Per indicator: its threshold; indicators over data that describe no child are exempt from the count rule."""

    threshold: int = 5
    thresholds: Mapping[str, int] | None = None
    exempt: frozenset[str] = frozenset()
    kinds: Mapping[str, str] | None = None
    facts: Mapping[str, IndicatorFacts] | None = None  # what the definitions tell about a row's counts

    def limit(self, indicator: str) -> int:
        return (self.thresholds or {}).get(indicator, self.threshold)


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    text = str(value).strip()
    if text in ("", "nan", "<NA>", "None", "NaN"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _hidden(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1")


def check_results(table: pd.DataFrame, rules: Rules, source: str = "resultat") -> list[Finding]:
    """The disclosure rules on a published results table (as written: text or typed columns)."""
    findings: list[Finding] = []
    records = table.to_dict("records")
    for row in records:
        place = f"{row.get('indikator_id')} {row.get('period')} {row.get('uppdelning')}={row.get('stratum') or ''} {row.get('kategori') or ''}".strip()
        if _hidden(row.get("undertryckt")):
            shown = [c for c in NUMBERS_OF_A_ROW if c in row and _number(row[c]) is not None]
            if shown:
                findings.append(Finding(source, place, f"dold rad visar {', '.join(shown)}"))
            continue
        indicator = str(row.get("indikator_id"))
        if indicator in rules.exempt:
            continue
        limit = rules.limit(indicator)
        for column in COUNTS:
            value = _number(row.get(column))
            if value is not None and 0 < value < limit:
                findings.append(Finding(source, place, f"{column} {value:g} under gränsen {limit} publiceras"))
        facts = (rules.facts or {}).get(indicator)
        rest = urval_rest_leaks(facts, {c: _number(row.get(c)) for c in COUNTS}, limit) if facts is not None else None
        if rest is not None:
            low, high = rest
            findings.append(Finding(source, place, f"urval ger {low:g}–{high:g} enheter utanför nämnaren utan angiven orsak (gränsen {limit})"))
    if records and rules.kinds is not None:
        key_columns = ["indikator_id", "uppdelning", "stratum", "kategori", "period"]
        keys = previous_keys(table[key_columns].astype(object).fillna("").astype(str), dict(rules.kinds))
        hidden = dict(zip(keys["key"], (_hidden(r.get("undertryckt")) for r in records)))
        for (previous_key, row) in zip(keys["previous_key"], records):
            if hidden.get(previous_key) and any(_number(row.get(c)) is not None for c in ("föregående_värde", "förändring")):
                findings.append(Finding(source, f"{row.get('indikator_id')} {row.get('period')} {row.get('uppdelning')}={row.get('stratum') or ''}",
                                        "föregående värde eller förändring visas fast föregående period är dold"))
    return findings


def read_results_file(path: Path) -> pd.DataFrame:
    if path.suffix == ".json":
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    text = path.read_text(encoding="utf-8")
    skip = 1 if text.startswith("#") else 0
    return pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=skip)


def _is_figure(text: str) -> bool:
    text = text.strip()
    return bool(text) and not _YEAR.match(text) and bool(_FIGURE.match(text))


VALUE_HEADERS = ("Värde",)
WITH_THE_VALUE = ("95 % KI", "KI låg", "KI hög", "Täljare", "Nämnare", "Antal", "Förändring")


COUNT_HEADERS = ("Täljare", "Nämnare", "Antal")


def _count(text: str) -> float | None:
    if not _is_figure(text) or not re.match(r"^\d[\d\s\u00a0\u202f]*$", text.strip()):
        return None
    return float(re.sub(r"\s", "", text))


def check_rows(rows: Iterable[list[str]], source: str, limit: int | None = None) -> list[Finding]:
    """One table (header row first, cell texts): a row whose value cell shows `..` shows no figure
    under a column that belongs to the value (interval, täljare, nämnare, antal, förändring).
    With `limit` (the threshold of the one indicator the table shows), a shown row shows no whole
    number between 1 and limit − 1 under Täljare, Nämnare or Antal.

    The value column is the one headed `Värde`, or the first headed by a year (overview tables)."""
    rows = [[unescape(_TAG.sub("", c)).strip() for c in cells] for cells in rows]
    if not rows:
        return []
    header = rows[0]
    value_columns = [i for i, h in enumerate(header) if h in VALUE_HEADERS] or [i for i, h in enumerate(header) if _YEAR.match(h)][:1]
    if not value_columns:
        return []
    value = value_columns[0]
    linked = [i for i, h in enumerate(header) if h in WITH_THE_VALUE]
    findings = []
    counts = [i for i, h in enumerate(header) if h in COUNT_HEADERS]
    for number, texts in enumerate(rows[1:], start=2):
        if len(texts) <= value:
            continue
        if texts[value] != HIDDEN:
            small = [f"{header[i]} {texts[i]}" for i in counts if limit is not None and i < len(texts)
                     and (n := _count(texts[i])) is not None and 0 < n < limit]
            if small:
                findings.append(Finding(source, f"tabellrad {number}", f"{', '.join(small)} under gränsen {limit} publiceras: {' | '.join(texts)}"))
            continue
        figures = [f"{header[i]} {texts[i]}" for i in linked if i < len(texts) and _is_figure(texts[i])]
        if figures:
            findings.append(Finding(source, f"tabellrad {number}", f"rad med dolt värde visar {', '.join(figures)}: {' | '.join(texts)}"))
    return findings


def from_header(rows: list[list[str]]) -> list[list[str]]:
    """The rows from a table's header on: the first row with a value or year heading (`check_rows`)."""
    for index, row in enumerate(rows):
        if any(c.strip() in VALUE_HEADERS or _YEAR.match(c.strip()) for c in row):
            return rows[index:]
    return []


_CHANGE_OF_YEAR = re.compile(r"^Förändring ((?:19|20)\d\d)$")


def check_year_changes(rows: list[list[str]], source: str) -> list[Finding]:
    """A table with a value column per year and a column `Förändring ÅR` (the workbook's Resultat
    sheet) shows the change only where the value of ÅR and of the year before are both shown."""
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    column = {h: i for i, h in enumerate(header)}
    findings = []
    for change, title in enumerate(header):
        if not (match := _CHANGE_OF_YEAR.match(title)):
            continue
        year = match.group(1)
        values = [column[y] for y in (year, str(int(year) - 1)) if y in column]
        for number, texts in enumerate(rows[1:], start=2):
            if change < len(texts) and _is_figure(texts[change]):
                hidden = [header[i] for i in values if i < len(texts) and texts[i].strip() == HIDDEN]
                if hidden:
                    findings.append(Finding(source, f"tabellrad {number}", f"{title} {texts[change]} visas fast värdet för {' och '.join(hidden)} är dolt: {' | '.join(texts)}"))
    return findings


_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_PIPE = re.compile(r"(?<!\\)\|")
_RULE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")


def markdown_tables(text: str) -> list[list[list[str]]]:
    """The pipe tables of a Markdown page (site pages, the report's .qmd files): header row first,
    cells unescaped (`\\|` is a bar inside a cell, `\\.` a dot)."""
    tables: list[list[list[str]]] = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            block.append(line.strip())
            continue
        if len(block) >= 2 and _RULE.match(block[1]):
            rows = [block[0], *block[2:]]
            tables.append([[re.sub(r"\\(.)", r"\1", c).strip() for c in _PIPE.split(row.strip("|"))] for row in rows])
        block = []
    return tables


def check_markdown(text: str, source: str, limit: int | None = None) -> list[Finding]:
    """The rules of `check_rows` on every pipe table of a Markdown page."""
    findings = []
    for rows in markdown_tables(text):
        findings += check_rows(rows, source, limit)
    return findings


def check_html(text: str, source: str) -> list[Finding]:
    findings = []
    for table in _TABLE.findall(text):
        findings += check_rows((_CELL.findall(row) for row in _ROW.findall(table)), source)
    return findings


def check_workbook(path: Path, rules: Rules, wanted: Callable[[Any], bool] | None = None) -> list[Finding]:
    """Every sheet of the workbook (with `wanted`, only the sheets it says yes to)."""
    from openpyxl import load_workbook

    findings: list[Finding] = []
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if wanted is not None and not wanted(sheet):
                continue
            rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            if sheet.title == "Underlag" and rows:
                findings += _check_underlag(rows, rules, f"{path.name} (Underlag)")
            elif table := from_header(rows):  # a sheet may open with a title and notes above its table
                findings += check_rows(table, f"{path.name} ({sheet.title})")
                findings += check_year_changes(table, f"{path.name} ({sheet.title})")
    finally:
        workbook.close()
    return findings


def _check_underlag(rows: list[list[str]], rules: Rules, source: str) -> list[Finding]:
    header = rows[0]
    column = {name: i for i, name in enumerate(header)}
    findings = []
    for number, row in enumerate(rows[1:], start=2):
        indicator = row[column["Id"]]
        value = row[column["Värde"]].strip()
        if value == HIDDEN:
            shown = [name for name in ("KI låg", "KI hög", "Täljare", "Nämnare") if _number(row[column[name]].replace(" ", "")) is not None]
            if shown:
                findings.append(Finding(source, f"rad {number}", f"dold rad visar {', '.join(shown)}"))
            continue
        if indicator in rules.exempt:
            continue
        limit = rules.limit(indicator)
        for name in ("Täljare", "Nämnare"):
            count = _number(row[column[name]].replace(" ", "").replace(",", "."))
            if count is not None and 0 < count < limit:
                findings.append(Finding(source, f"rad {number}", f"{name} {count:g} under gränsen {limit} publiceras"))
    return findings


_W_ROW = re.compile(r"<w:tr\b.*?</w:tr>", re.S)
_W_CELL = re.compile(r"<w:tc\b.*?</w:tc>", re.S)
_W_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def check_docx(path: Path) -> list[Finding]:
    """The report's DOCX: its tables, row by row, from word/document.xml."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8", errors="replace")
    findings = []
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S):
        rows = [[unescape("".join(_W_TEXT.findall(cell))) for cell in _W_CELL.findall(row)] for row in _W_ROW.findall(table)]
        findings += check_rows(rows, path.name)
    return findings


def check_search_index(path: Path) -> list[Finding]:
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    findings = []
    for doc in index.get("docs", []):
        findings += check_html(str(doc.get("text", "")), f"{path.name} ({doc.get('location', '')})")
    return findings


def check_file(path: Path, folder: Path, rules: Rules, wanted: Callable[[Any], bool] | None = None) -> list[Finding]:
    """One published file (`folder` is the version folder it lies in, for the messages); [] for a file the rules
    do not apply to. `wanted` picks the sheets of a workbook to check (default: all)."""
    name = path.name
    if name in ("resultat.csv", "resultat.json"):
        return check_results(read_results_file(path), rules, str(path.relative_to(folder)))
    if path.suffix == ".docx":
        return check_docx(path)
    if path.suffix == ".xlsx":
        return check_workbook(path, rules, wanted)
    if name == "search_index.json":
        return check_search_index(path)
    if path.suffix in (".html", ".htm"):
        return check_html(path.read_text(encoding="utf-8", errors="replace"), str(path.relative_to(folder)))
    return []


def check_published_folder(folder: Path, rules: Rules) -> list[Finding]:
    """Every published file under `folder` that the rules apply to."""
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        findings += check_file(path, folder, rules)
    return findings
