"""One delivered file → accepted rows of one entity, with every problem logged.

The rule (also in mappings/README.md):
- a required column that is missing, or two columns with the same name, stop the delivery;
- a missing or unusable value in a required field, dates in the wrong order, or a row with
  more or (CSV) fewer values than the header drop the row (varning);
- an unusable value in an optional field becomes missing (internt bortfall, varning);
- unmapped columns are dropped and noted by name only (info); `släpp` columns are dropped quietly.

Columns are parsed once per distinct cell (`columns.parse_column`); the checks here are masks
over whole columns, and only rows with a problem are visited one by one, to log them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from suengine.casedata.datamodel import Entity
from suengine.ingest.columns import CellProblem, ColumnContext, ParsedColumn, parse_column
from suengine.ingest.mapping import EntityMapping
from suengine.ingest.mapping_reshape import parse_date_column, pivot_table
from suengine.ingest.personnummer import Personnummer
from suengine.ingest.problems import ACTION_BLANK, ACTION_DROP, ProblemLog
from suengine.ingest.read import RawTable, normalise_header
from suengine.ingest.values import is_blank

# Pairs of dates that must be in order; a violation drops the row because we cannot tell
# which of the two dates is wrong (blanking `slut` would make a closed case look open).
DATE_ORDER = {
    "aktualisering": [("datum", "förhandsbedömning_klar")],
    "utredning": [("start", "slut")],
    "insats": [("start", "slut")],
}
ROW_COLUMNS = ("_fil", "_rad")


@dataclass
class FileResult:
    file: str
    entity: str
    frame: pd.DataFrame  # accepted rows: model fields as Python objects (object columns), plus _fil and _rad
    rows_read: int
    rows_rejected: int
    delivered: set[str] = field(default_factory=set)
    unmapped: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    unknown_codes: dict[tuple[str, str], int] = field(default_factory=dict)
    derived: dict[str, int] = field(default_factory=dict)  # field -> values filled in by a härledd rule


def _match_columns(table: RawTable, em: EntityMapping, entity: Entity, log: ProblemLog) -> dict[str, int] | None:
    """field -> column position; None if a stopping problem was found."""
    where = {"file": table.file, "entity": em.entity, "row": table.header_row}
    positions: dict[str, int] = {}
    stopped = False
    for index, name in enumerate(table.header):
        norm = normalise_header(name)
        if not norm:
            if any(not is_blank(v) for v in table.column(index).values):
                log.info("kolumn_utan_rubrik", f"Kolumn {index + 1} har värden men ingen rubrik; den tas bort.", **where)
            continue
        if norm in positions:
            log.stop("kolumn_dubblett", f"Rubriken '{name}' förekommer två gånger i {table.file}; döp om den ena.", column=name, **where)
            stopped = True
        positions.setdefault(norm, index)
    by_field: dict[str, int] = {}
    for local, field_name in em.columns.items():
        index = positions.get(normalise_header(local))
        if index is not None:
            by_field[field_name] = index
        elif entity.fields[field_name].required and field_name not in em.derived:
            log.stop("kolumn_saknas", f"Kolumnen '{local}' saknas i {table.file}; den behövs för det obligatoriska fältet {field_name}.", column=local, field=field_name, **where)
            stopped = True
        else:
            log.info("kolumn_saknas", f"Kolumnen '{local}' saknas i {table.file}; fältet {field_name} blir saknat på alla rader.", column=local, field=field_name, **where)
    return None if stopped else by_field


def _missing(values: np.ndarray) -> np.ndarray:
    return np.equal(values, None)


def _ordinals(values: np.ndarray) -> np.ndarray:
    """Day numbers of a column of dates (None → -1), computed once per distinct date."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    table = np.array([*(d.toordinal() for d in distinct), -1], dtype=np.int64)
    return table[codes]


def _derive(em: EntityMapping, columns: dict[str, ParsedColumn], n: int) -> dict[str, np.ndarray]:
    derived: dict[str, np.ndarray] = {}
    pnr = columns.get("barn_id")
    for field_name, rule in em.derived.items():
        if rule.rule == "kön_från_personnummer" and pnr is not None:
            derived[field_name] = pnr.per_cell(lambda digits: Personnummer(digits).sex)
        elif rule.rule == "födelsedatum_från_personnummer" and pnr is not None:
            derived[field_name] = pnr.per_cell(lambda digits: Personnummer(digits).birth_date)
        elif rule.rule == "uppslag" and rule.source_field in columns:
            source = columns[rule.source_field]
            table = np.array([rule.values.get(v) if isinstance(v, str) else None for v in source.results], dtype=object)
            derived[field_name] = table[source.codes]
        elif rule.rule == "konstant":
            derived[field_name] = np.full(n, rule.value, dtype=object)
    return derived


def transform(
    table: RawTable,
    em: EntityMapping,
    entity: Entity,
    codes: dict[str, dict[str, str | None]],
    ctx: ColumnContext,
    log: ProblemLog,
    headers_only: bool = False,
) -> FileResult | None:
    """Map one file; None if it stops the delivery (or only its headers were wanted)."""
    if em.pivot is not None:
        pivoted = pivot_table(table, em.pivot, em.entity, log)
        if pivoted is None:
            return None
        table = pivoted
    by_field = _match_columns(table, em, entity, log)
    mapped_norms = {normalise_header(c) for c in em.columns}
    dropped_norms = {normalise_header(c) for c in em.dropped}
    dropped_columns = [h for h in table.header if normalise_header(h) in dropped_norms]
    unmapped = [h for h in table.header if normalise_header(h) and normalise_header(h) not in mapped_norms | dropped_norms]
    for name in unmapped:
        log.info("okänd_kolumn", f"Kolumnen '{name}' finns inte i mappningen och tas bort.", file=table.file, entity=em.entity, row=table.header_row, column=name)
    if by_field is None or headers_only:
        return None
    n = table.n_rows
    width = len(table.header)
    row_numbers = table.row_numbers
    rejected = np.zeros(n, dtype=bool)
    for position in np.flatnonzero(table.lengths > width).tolist():
        rejected[position] = True
        log.warn("fel_antal_kolumner", f"Raden har {table.lengths[position]} värden men rubrikraden bara {width}; raden avvisas.", ACTION_DROP, file=table.file, entity=em.entity, row=row_numbers[position])
    if table.fields is not None:  # CSV: a row with fewer separators than the header is cut short
        for position in np.flatnonzero((table.fields < width) & (table.lengths <= width)).tolist():
            rejected[position] = True
            log.warn("fel_antal_kolumner", f"Raden har bara {table.fields[position]} värden men rubrikraden har {width} (raden kan vara avkortad); raden avvisas.", ACTION_DROP, file=table.file, entity=em.entity, row=row_numbers[position])
    columns = {
        f: parse_date_column(table.column(i), em.date_formats[f], ctx.missing_values) if f in em.date_formats
        else parse_column(entity.fields[f], table.column(i), codes.get(f, {}), ctx)
        for f, i in by_field.items()
    }
    derived_counts: dict[str, int] = {}
    values: dict[str, np.ndarray] = {f: c.values for f, c in columns.items()}
    problem_masks = {f: c.problem_mask for f, c in columns.items()}
    for field_name, derived in _derive(em, columns, n).items():
        current = values.setdefault(field_name, np.full(n, None, dtype=object))
        fill = _missing(current)
        if field_name in problem_masks:
            fill &= ~problem_masks[field_name]
        fill &= ~_missing(derived)
        current[fill] = derived[fill]
        derived_counts[field_name] = int(fill.sum())
    problems: dict[str, dict[int, CellProblem]] = {f: c.problems for f, c in columns.items()}
    extraction = ctx.extraction_date.toordinal()
    ordinals: dict[str, np.ndarray] = {}
    for field_name, vals in values.items():
        if entity.fields[field_name].type != "datum":
            continue
        days = ordinals[field_name] = _ordinals(vals)
        late = np.flatnonzero(days > extraction)
        for i in late.tolist():
            value = vals[i]
            problems.setdefault(field_name, {})[i] = CellProblem("datum_efter_uttag", f"{value.isoformat()} ligger efter uttagsdatum {ctx.extraction_date.isoformat()}", value.isoformat())
        vals[late] = None
        days[late] = -1
    for field_name, f in entity.fields.items():
        local = em.column_for(field_name) or ""
        for i, problem in sorted(problems.get(field_name, {}).items()):
            where = dict(file=table.file, entity=em.entity, row=row_numbers[i], column=local, field=field_name, value=problem.shown)
            subject = f"Kolumnen '{local}'" if local else f"Fältet {field_name}"
            if f.required:
                rejected[i] = True
                log.warn(problem.code, f"{subject}: {problem.detail}; raden avvisas.", ACTION_DROP, **where)
            else:
                log.warn(problem.code, f"{subject}: {problem.detail}; värdet räknas som saknat (internt bortfall).", ACTION_BLANK, **where)
        if not f.required:
            continue
        absent = _missing(values[field_name]) if field_name in values else np.ones(n, dtype=bool)
        rule = em.derived.get(field_name)
        excused = [problems.get(field_name, {})]
        if rule and rule.rule == "uppslag":
            excused.append(problems.get(rule.source_field, {}))
        for known in excused:
            if known:
                absent[np.fromiter(known, dtype=np.int64, count=len(known))] = False
        text = f"Obligatoriskt värde saknas i kolumnen '{local}' (fältet {field_name})" if local else f"Fältet {field_name} kunde inte härledas"
        for i in np.flatnonzero(absent).tolist():
            rejected[i] = True
            log.warn("värde_saknas", f"{text}; raden avvisas.", ACTION_DROP, file=table.file, entity=em.entity, row=row_numbers[i], column=local, field=field_name)
    for first, second in DATE_ORDER.get(em.entity, []):
        if first not in ordinals or second not in ordinals:
            continue
        a, b = ordinals[first], ordinals[second]
        for i in np.flatnonzero((a >= 0) & (b >= 0) & (b < a)).tolist():
            rejected[i] = True
            start, end = values[first][i], values[second][i]
            log.warn("slut_före_start", f"{second} ({end.isoformat()}) ligger före {first} ({start.isoformat()}); raden avvisas.", ACTION_DROP, file=table.file, entity=em.entity, row=row_numbers[i], column=em.column_for(second) or "", field=second, value=end.isoformat())
    keep = np.flatnonzero(~rejected)
    frame = pd.DataFrame({f: values[f][keep] for f in values}, columns=list(values), dtype=object)
    frame["_fil"] = table.file
    frame["_rad"] = np.asarray(row_numbers, dtype=np.int64)[keep]
    unknown = {(f, code): count for f, c in columns.items() for code, count in (c.unknown_codes or {}).items()}
    return FileResult(
        file=table.file,
        entity=em.entity,
        frame=frame,
        rows_read=n,
        rows_rejected=int(rejected.sum()),
        delivered=set(values),
        unmapped=unmapped,
        dropped_columns=dropped_columns,
        unknown_codes=unknown,
        derived=derived_counts,
    )
