"""Turn one delivered column into data-model values: types, local codes, pseudonyms.

Each distinct raw cell is parsed once (deliveries repeat dates and codes thousands of times)
and the results are spread over the rows by the column's codes; dates and personnummer in the
usual shapes are parsed with numpy, everything else by the per-value functions in `values` and
`personnummer`, which also decide every value the fast paths do not. Every value that cannot be
used comes back as a `CellProblem` for the caller to decide on: drop the row (required field)
or blank the value (optional field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from suengine.casedata.datamodel import Field
from suengine.ingest.mapping import normalise_code
from suengine.ingest.personnummer import parse_personnummer, parse_personnummer_texts
from suengine.ingest.problems import shown_value
from suengine.ingest.pseudonym import Pseudonymizer
from suengine.ingest.read import RawColumn, normalise_header
from suengine.ingest.values import (
    ValueProblem,
    cell_text,
    is_blank,
    parse_bool,
    parse_date,
    parse_dates,
    parse_integer,
    parse_number,
)


@dataclass(frozen=True)
class CellProblem:
    code: str
    detail: str  # Swedish, lower-case start, never contains an identifier
    shown: str  # the value as the problems table may show it


@dataclass
class ParsedColumn:
    """Results per distinct cell, spread over the rows by `codes` (the last entry of each
    per-cell array stands for "no cell": None, no problem)."""

    codes: np.ndarray  # per row: index into the arrays below
    results: np.ndarray  # object per distinct cell: the value, or None where missing or unusable
    cell_problems: list[CellProblem | None]  # per distinct cell
    personnummer: np.ndarray | None = None  # barn_id: the 12 digits per distinct cell (None if unusable)
    unknown_codes: dict[str, int] | None = None  # shown code -> count

    @property
    def values(self) -> np.ndarray:
        return self.results[self.codes]

    @property
    def problem_mask(self) -> np.ndarray:
        return np.array([p is not None for p in self.cell_problems], dtype=bool)[self.codes]

    @property
    def problems(self) -> dict[int, CellProblem]:
        """Row position -> problem."""
        mask = self.problem_mask
        return {int(i): self.cell_problems[c] for i, c in zip(np.flatnonzero(mask).tolist(), self.codes[mask].tolist())}  # type: ignore[misc]

    def per_cell(self, function: Callable[[str], object]) -> np.ndarray:
        """`function` of each distinct personnummer, spread over the rows (None where there is none)."""
        assert self.personnummer is not None
        table = np.array([None if d is None else function(d) for d in self.personnummer], dtype=object)
        return table[self.codes]


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


def _usable(cells: list[object], missing: frozenset[str]) -> list[int]:
    """Positions of the cells that are neither blank nor a missing-value marker."""
    # A marker is compared after normalise_header (whitespace runs → one space, casefold). A
    # printable stripped text without double spaces only changes case there, and casefold never
    # shortens a text, so one longer than every marker cannot be one: no need to normalise it.
    longest = max((len(m) for m in missing), default=-1)
    out = []
    for i, cell in enumerate(cells):
        if type(cell) is str:
            text = cell.strip()
            if not text:
                continue
            if (len(text) <= longest or "  " in text or not text.isprintable()) and normalise_header(cell) in missing:
                continue
        elif is_blank(cell):
            continue
        out.append(i)
    return out


def _parse_many(f: Field, cells: list[object], codes: dict[str, str | None], ctx: ColumnContext) -> list[object]:
    """Parsed value or ValueProblem per cell (no cell is blank or a missing-value marker)."""
    texts = [i for i, c in enumerate(cells) if type(c) is str]
    fast: dict[int, object] = {}
    if f.name == "barn_id" and texts:
        fast = dict(zip(texts, parse_personnummer_texts([cells[i] for i in texts], ctx.extraction_date)))  # type: ignore[misc]
    elif f.type == "datum" and texts:
        fast = dict(zip(texts, parse_dates([cells[i].strip() for i in texts])))  # type: ignore[union-attr]
    elif f.type == "id" and f.name != "barn_id":
        # records() strips and folds whitespace itself; only cells that are not text need cell_text
        names = cells if set(map(type, cells)) <= {str} else [c if type(c) is str else cell_text(c) for c in cells]
        return list(ctx.pseudonyms.records(f.name, names))  # type: ignore[arg-type]
    parse = _parser(f, codes, ctx)
    out: list[object] = []
    for i, cell in enumerate(cells):
        if i in fast:
            out.append(fast[i])
            continue
        try:
            value = parse(cell)
            out.append(value.digits if f.name == "barn_id" else value)  # type: ignore[attr-defined]
        except ValueProblem as exc:
            out.append(exc)
    return out


def parse_column(f: Field, raw: RawColumn, codes: dict[str, str | None], ctx: ColumnContext) -> ParsedColumn:
    hidden = is_identifier(f)
    cells = raw.values
    usable = _usable(cells, ctx.missing_values)
    parsed = _parse_many(f, [cells[i] for i in usable], codes, ctx)
    results = np.full(len(cells) + 1, None, dtype=object)
    problems: list[CellProblem | None] = [None] * (len(cells) + 1)
    for i, value in zip(usable, parsed):
        if isinstance(value, ValueProblem):
            problems[i] = CellProblem(value.code, value.detail, shown_value(cell_text(cells[i]), hidden=hidden))
        else:
            results[i] = value
    row_codes = np.where(raw.codes < 0, len(cells), raw.codes)
    column = ParsedColumn(codes=row_codes, results=results, cell_problems=problems)
    unknown_cells = [i for i, p in enumerate(problems) if p is not None and p.code == "okänd_kod"]
    unknown: dict[str, int] = {}
    if unknown_cells:
        counts = np.bincount(row_codes, minlength=len(cells) + 1)
        seen, first_rows = np.unique(row_codes, return_index=True)
        first = dict(zip(seen.tolist(), first_rows.tolist()))
        for c in sorted(unknown_cells, key=first.__getitem__):  # in the order the rows show them
            shown = problems[c].shown  # type: ignore[union-attr]
            unknown[shown] = unknown.get(shown, 0) + int(counts[c])
    column.unknown_codes = unknown
    if f.name == "barn_id":
        column.personnummer = results
        digits = [d for d in results[:-1] if d is not None]
        pseudonyms = dict(zip(digits, ctx.pseudonyms.children(digits)))
        column.results = np.array([None if d is None else pseudonyms[d] for d in results], dtype=object)
    return column
