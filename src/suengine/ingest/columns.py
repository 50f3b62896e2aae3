"""Turn one delivered column into data-model values: types, local codes, pseudonyms.

Each distinct raw value is parsed once (deliveries repeat dates and codes thousands of
times), and every value that cannot be used comes back as a `CellProblem` for the caller to
decide on: drop the row (required field) or blank the value (optional field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from suengine.datamodel import Field
from suengine.ingest.mapping import normalise_code
from suengine.ingest.personnummer import Personnummer, parse_personnummer
from suengine.ingest.problems import shown_value
from suengine.ingest.pseudonym import Pseudonymizer
from suengine.ingest.read import normalise_header
from suengine.ingest.values import ValueProblem, cell_text, is_blank, parse_bool, parse_date, parse_integer, parse_number


@dataclass(frozen=True)
class CellProblem:
    code: str
    detail: str  # Swedish, lower-case start, never contains an identifier
    shown: str  # the value as the problems table may show it


@dataclass
class ParsedColumn:
    values: list[object]  # None where missing or unusable
    problems: dict[int, CellProblem]  # row position -> problem
    personnummer: list[Personnummer | None] | None = None  # for barn_id columns, to derive kön etc.
    unknown_codes: dict[str, int] | None = None  # shown code -> count


@dataclass(frozen=True)
class ColumnContext:
    extraction_date: dt.date
    pseudonyms: Pseudonymizer
    missing_values: frozenset[str]
    mapping_file: str


def is_identifier(f: Field) -> bool:
    return f.type == "id"


def _parser(f: Field, codes: dict[str, str | None], ctx: ColumnContext) -> Callable[[object], object]:
    if f.name == "barn_id":
        return lambda raw: parse_personnummer(raw, ctx.extraction_date)
    if f.type == "id":
        return lambda raw: ctx.pseudonyms.record(f.name, cell_text(raw))
    if f.type == "kod":
        def code(raw: object) -> object:
            key = normalise_code(cell_text(raw))
            if key not in codes:
                text = shown_value(cell_text(raw))
                raise ValueProblem(
                    "okänd_kod",
                    f"okänd kod '{text}' för fältet {f.name} — lägg till den under koder → {f.name} i {ctx.mapping_file}",
                )
            return codes[key]
        return code
    if f.type == "boolesk":
        def boolean(raw: object) -> object:
            key = normalise_code(cell_text(raw))
            if key in codes:
                national = codes[key]
                return None if national is None else national == "ja"
            return parse_bool(raw)
        return boolean
    if f.type == "datum":
        return parse_date
    if f.type in ("heltal", "decimal"):
        base = parse_integer if f.type == "heltal" else parse_number

        def number(raw: object) -> object:
            value = base(raw)
            if value in f.missing_codes:
                return None  # OJ's bortfallskod: "cannot answer" is internt bortfall, not a number
            if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
                low = "" if f.minimum is None else f"{f.minimum:g}"
                high = "" if f.maximum is None else f"{f.maximum:g}"
                raise ValueProblem("utanför_intervall", f"{raw} ligger utanför intervallet {low}–{high}")
            return value
        return number
    return lambda raw: cell_text(raw) or None


def parse_column(f: Field, raw: list[object], codes: dict[str, str | None], ctx: ColumnContext) -> ParsedColumn:
    parse = _parser(f, codes, ctx)
    cache: dict[tuple[type, object], object] = {}
    values: list[object] = []
    problems: dict[int, CellProblem] = {}
    unknown: dict[str, int] = {}
    hidden = is_identifier(f)
    for position, cell in enumerate(raw):
        if is_blank(cell) or (isinstance(cell, str) and normalise_header(cell) in ctx.missing_values):
            values.append(None)
            continue
        key = (type(cell), cell)
        if key not in cache:
            try:
                cache[key] = parse(cell)
            except ValueProblem as exc:
                cache[key] = CellProblem(exc.code, exc.detail, shown_value(cell_text(cell), hidden=hidden))
        result = cache[key]
        if isinstance(result, CellProblem):
            problems[position] = result
            values.append(None)
            if result.code == "okänd_kod":
                unknown[result.shown] = unknown.get(result.shown, 0) + 1
        else:
            values.append(result)
    column = ParsedColumn(values=values, problems=problems, unknown_codes=unknown)
    if f.name == "barn_id":
        column.personnummer = [v if isinstance(v, Personnummer) else None for v in values]
        column.values = [ctx.pseudonyms.child(v.digits) if isinstance(v, Personnummer) else None for v in values]
    return column
