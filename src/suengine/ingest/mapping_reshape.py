"""Mapping features that reshape an export before it is mapped: long → wide pivots and date formats.

A survey export often comes in long form, one row per measurement, area and question:

    Mätdatum;Område;Fråga;Svar
    2025;Missbruk;G2;Ja
    2025;Missbruk;G2a;Nej

`pivot: {nyckel: [Mätdatum, Område], kolumn: Fråga, värde: Svar}` turns it into one row per key
with one column per question (`G2`, `G2a`), which `kolumner:` then maps like any wide file. The
first row of a key gives the row number in messages; the same question twice for one key with
different answers is a contradiction: the answer is blanked (internt bortfall) with a warning.

`datumformat:` names the format of a date column explicitly, so a year is never read as an Excel
serial number and nothing is guessed: `år` (2025 → 1 January 2025), `år_månad` (2025-03, 2025/3,
202503 → the first of the month), `månadsnamn` (mars 2025, 15 mars 2025, mar 2025; Swedish month
names and their three-letter abbreviations), `excel` (serial numbers, days since 1899-12-30) and
`iso` (ÅÅÅÅ-MM-DD only).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from suengine.ingest.columns import CellProblem, ParsedColumn
from suengine.ingest.mapping_model import Pivot
from suengine.ingest.problems import ACTION_BLANK, ACTION_DROP, ProblemLog, shown_value
from suengine.ingest.read import RawColumn, RawTable, normalise_header
from suengine.ingest.values import EXCEL_EPOCH, EXCEL_SERIAL_MAX, EXCEL_SERIAL_MIN, ValueProblem, cell_text, is_blank

DATE_FORMATS = ("år", "år_månad", "månadsnamn", "excel", "iso")
MONTHS = {
    name: number
    for number, names in enumerate(
        [("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",), ("juni", "jun"),
         ("juli", "jul"), ("augusti", "aug"), ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:[-/. ](\d{1,2})|(\d{2}))$")
_MONTH_NAME = re.compile(r"^(?:(\d{1,2})\s+)?([a-zåäö]+)\.?\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SERIAL = re.compile(r"^\d{4,5}(?:[.,]\d+)?$")


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _make(year: int, month: int, day: int, text: str, fmt: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("ogiltigt_datum", f"'{text}' är inget giltigt datum (datumformat {fmt})") from None


def parse_with_format(value: object, fmt: str) -> dt.date:
    """A date read with the mapping's explicit format; ValueProblem (Swedish) when it does not fit."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date) and fmt != "år":
        return value
    text = cell_text(value).strip()
    number = _whole_number(value)
    wrong = ValueProblem("ogiltigt_datum", f"'{text}' passar inte datumformatet {fmt} ({_EXAMPLE[fmt]})")
    if fmt == "år":
        match = _YEAR.match(text) if number is None else _YEAR.match(str(number))
        if not match:
            raise wrong
        return _make(int(match.group(1)), 1, 1, text, fmt)
    if fmt == "år_månad":
        match = _YEAR_MONTH.match(text)
        if not match:
            raise wrong
        return _make(int(match.group(1)), int(match.group(2) or match.group(3)), 1, text, fmt)
    if fmt == "månadsnamn":
        match = _MONTH_NAME.match(text.casefold())
        if not match or match.group(2) not in MONTHS:
            raise wrong
        return _make(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1) or 1), text, fmt)
    if fmt == "excel":
        serial = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if serial is None and _SERIAL.match(text):
            serial = float(text.replace(",", "."))
        if serial is None:
            raise wrong
        if not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX:
            raise ValueProblem("ogiltigt_datum", f"'{text}' är inget datum (Excel-datumnummer utanför 1910–2099)")
        return EXCEL_EPOCH + dt.timedelta(days=int(serial))
    match = _ISO.match(text)
    if not match:
        raise wrong
    return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), text, fmt)


_EXAMPLE = {
    "år": "t.ex. 2025",
    "år_månad": "t.ex. 2025-03",
    "månadsnamn": "t.ex. mars 2025",
    "excel": "ett Excel-datumnummer, t.ex. 45717",
    "iso": "ÅÅÅÅ-MM-DD",
}


def parse_date_column(raw: RawColumn, fmt: str, missing_values: frozenset[str]) -> ParsedColumn:
    """Like `columns.parse_column` for a date field, but with the mapping's explicit format."""
    cells = raw.values
    results = np.full(len(cells) + 1, None, dtype=object)
    problems: list[CellProblem | None] = [None] * (len(cells) + 1)
    for i, cell in enumerate(cells):
        if is_blank(cell) or (isinstance(cell, str) and normalise_header(cell) in missing_values):
            continue
        try:
            results[i] = parse_with_format(cell, fmt)
        except ValueProblem as exc:
            problems[i] = CellProblem(exc.code, exc.detail, shown_value(cell_text(cell)))
    codes = np.where(raw.codes < 0, len(cells), raw.codes)
    return ParsedColumn(codes=codes, results=results, cell_problems=problems, unknown_codes={})


def _raw_column(cells: list[object]) -> RawColumn:
    """Distinct cells (by type and value, as `read` keeps them) and a code per row (-1 = no cell)."""
    index: dict[tuple[type, object], int] = {}
    values: list[object] = []
    codes = np.full(len(cells), -1, dtype=np.int64)
    for row, cell in enumerate(cells):
        if cell is None:
            continue
        key = (type(cell), cell)
        if key not in index:
            index[key] = len(values)
            values.append(cell)
        codes[row] = index[key]
    return RawColumn(codes, values)


def pivot_table(table: RawTable, spec: Pivot, entity: str, log: ProblemLog) -> RawTable | None:
    """Long → wide: one row per key, one column per distinct value of the question column.

    None (with a stopping problem) when a column named in `pivot:` is missing."""
    positions = {normalise_header(name): i for i, name in enumerate(table.header) if normalise_header(name)}
    wanted = [*spec.key, spec.column, spec.value]
    missing = [name for name in wanted if normalise_header(name) not in positions]
    for name in missing:
        log.stop("kolumn_saknas", f"Kolumnen '{name}' som pivot: i mappningen använder saknas i {table.file}.",
                 file=table.file, entity=entity, row=table.header_row, column=name)
    if missing:
        return None
    key_cells = [table.column(positions[normalise_header(k)]).cells() for k in spec.key]
    questions = table.column(positions[normalise_header(spec.column)]).cells()
    answers = table.column(positions[normalise_header(spec.value)]).cells()
    others = [h for h in table.header if normalise_header(h) and normalise_header(h) not in {normalise_header(w) for w in wanted}]
    if others:
        log.info("okänd_kolumn", f"Kolumnerna {', '.join(others)} tas bort vid pivoteringen (de hör inte till nyckel, kolumn eller värde).",
                 file=table.file, entity=entity, row=table.header_row)
    rows: dict[tuple[object, ...], int] = {}
    first_row: list[int] = []
    keys: list[tuple[object, ...]] = []
    question_names: dict[str, str] = {}  # normalised -> as first written
    cells: dict[tuple[int, str], object] = {}
    conflicts: set[tuple[int, str]] = set()
    for i in range(table.n_rows):
        key = tuple(cell_text(column[i]).strip() if column[i] is not None else "" for column in key_cells)
        question = cell_text(questions[i]).strip() if questions[i] is not None else ""
        if not question:
            if any(key) or not is_blank(answers[i]):
                log.warn("värde_saknas", f"Kolumnen '{spec.column}' är tom; raden kan inte pivoteras och avvisas.", ACTION_DROP,
                         file=table.file, entity=entity, row=table.row_numbers[i], column=spec.column)
            continue
        if key not in rows:
            rows[key] = len(keys)
            keys.append(tuple(column[i] for column in key_cells))
            first_row.append(table.row_numbers[i])
        out = rows[key]
        name = normalise_header(question)
        question_names.setdefault(name, question)
        answer = answers[i]
        if (out, name) in cells and cells[(out, name)] != answer and (out, name) not in conflicts:
            conflicts.add((out, name))
            log.warn("dubblett", f"Frågan '{question}' har två olika svar för samma nyckel; svaret räknas som saknat.",
                     ACTION_BLANK, file=table.file, entity=entity, row=table.row_numbers[i], column=spec.value)
        cells.setdefault((out, name), answer)
    for out, name in conflicts:
        cells[(out, name)] = None
    log.info("pivoterad", f"{table.n_rows} rader i lång form blev {len(keys)} rader med {len(question_names)} kolumner "
             f"({', '.join(question_names.values())}).", file=table.file, entity=entity)
    header = [*spec.key, *question_names.values()]
    columns = [_raw_column([k[j] for k in keys]) for j in range(len(spec.key))]
    columns += [_raw_column([cells.get((out, name)) for out in range(len(keys))]) for name in question_names]
    return RawTable(
        file=table.file,
        header=header,
        columns=columns,
        row_numbers=first_row,
        lengths=np.full(len(keys), len(header), dtype=np.int64),
        header_row=table.header_row,
        format=table.format,
        encoding=table.encoding,
        separator=table.separator,
        sheet=table.sheet,
        notes=list(table.notes),
    )
