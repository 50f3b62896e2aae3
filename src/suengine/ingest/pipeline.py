"""Read a whole delivery folder into pseudonymised CaseData, or say exactly why not.

Order: manifest → mapping → find files → read and map each file (collecting *all* stopping
problems before failing once) → duplicates and relations, parents first → typed tables.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from suengine.casedata.tables import CaseData, coerce_table, empty_table
from suengine.casedata.datamodel import DataModel, Entity, load_datamodel
from suengine.errors import SuengineError
from suengine.ingest.columns import ColumnContext
from suengine.ingest.manifest import MANIFEST_NAME, Manifest, load_manifest
from suengine.ingest.mapping import Mapping, load_mapping, mappings_dir, resolve_mapping_path
from suengine.ingest.mapping_check import code_lookup
from suengine.ingest.problems import ProblemLog, stop_message
from suengine.ingest.pseudonym import Pseudonymizer, load_key
from suengine.ingest.quality import EntityCounts, build_summary
from suengine.ingest.read import SEPARATOR_NAMES, RawTable, ReadError, read_file
from suengine.ingest.mapping_model import EntityMapping
from suengine.ingest.transform import ROW_COLUMNS, FileResult, transform
from suengine.ingest.validate import drop_before_birth, drop_broken_relations, drop_duplicates, parent_order

REQUIRED_ENTITIES = ("barn",)
Progress = Callable[[str], None]


@dataclass
class IngestResult:
    case_data: CaseData
    problems: pd.DataFrame  # one row per problem, see problems.COLUMNS
    summary: pd.DataFrame  # see quality.COLUMNS
    manifest: Manifest
    # Values of the name and free-text (`släpp`) columns and unknown codes of two words or more: kept in
    # memory only, for the privacy gate to make sure none of them reaches an output.
    free_text: frozenset[str] = frozenset()


class DeliveryRejected(SuengineError):
    """The delivery cannot be used; `problems` holds every problem found, stopping or not."""

    def __init__(self, message: str, problems: pd.DataFrame) -> None:
        super().__init__(message)
        self.problems = problems


def _reject(log: ProblemLog) -> DeliveryRejected:
    return DeliveryRejected(stop_message(log.stopping), log.frame())


def _assign_files(folder: Path, mapping: Mapping, log: ProblemLog, declared: tuple[str, ...] = ()) -> dict[str, list[Path]]:
    """Files per entity of the mapping. Required: barn, or, when leverans.yml declares which entities
    the delivery holds (`entiteter:`), exactly those; the others are not delivered (empty)."""
    files = sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith((".", "~$"))
    )
    assigned: dict[str, list[Path]] = {name: [] for name in mapping.entities}
    for path in files:
        owners = [
            name for name, em in mapping.entities.items()
            if any(fnmatch.fnmatch(path.name.casefold(), pattern.casefold()) for pattern in em.files)
        ]
        if len(owners) > 1:
            log.stop("fil_oläslig", f"Filen passar mönstren för flera entiteter ({', '.join(owners)}); ändra filer: i mappningen.", file=path.name)
        elif owners and declared and owners[0] not in declared:
            log.info("okänd_fil", f"Filen {path.name} hör till {owners[0]}, som leverans.yml inte anger under entiteter; den lästes inte.", file=path.name)
        elif owners:
            assigned[owners[0]].append(path)
        else:
            log.info("okänd_fil", f"Filen {path.name} hör inte till någon entitet i mappningen och lästes inte.", file=path.name)
    for name, paths in assigned.items():
        if paths or (declared and name not in declared):
            continue
        patterns = ", ".join(mapping.entities[name].files)
        if name in (declared or REQUIRED_ENTITIES):
            log.stop("fil_saknas", f"Ingen fil för {name} ({patterns}) finns i leveransen; den krävs.", entity=name)
        else:
            log.info("fil_ej_levererad", f"Ingen fil för {name} ({patterns}); {name} blir tom.", entity=name)
    return assigned


def typed_table(entity: Entity, frame: pd.DataFrame) -> pd.DataFrame:
    """`coerce_table(entity, frame)`, converting each distinct value of a column once.

    coerce_table converts value by value (dates, ja/nej, numbers, texts), so converting a
    column's distinct values and spreading them over the rows gives the same table; a national
    delivery repeats the same few thousand dates and codes millions of times. A single-field
    key is unique after drop_duplicates, so it is converted as it is."""
    n = len(frame)
    missing = coerce_table(entity, pd.DataFrame(index=pd.RangeIndex(1)))  # one row, every field missing
    columns: dict[str, pd.Series] = {}
    for name, f in entity.fields.items():
        alone = dataclasses.replace(entity, fields={name: f})
        if name not in frame.columns:
            columns[name] = missing[name].take(np.zeros(n, dtype=np.intp)).reset_index(drop=True)
        elif entity.key == (name,):
            columns[name] = coerce_table(alone, frame[[name]].reset_index(drop=True))[name]
        else:
            codes, distinct = pd.factorize(frame[name].to_numpy(dtype=object), use_na_sentinel=True)
            values = np.empty(len(distinct) + 1, dtype=object)
            values[:-1] = distinct
            values[-1] = None  # the missing value, where codes are -1
            converted = coerce_table(alone, pd.DataFrame({name: values.tolist()}))[name]
            columns[name] = converted.take(np.where(codes < 0, len(distinct), codes)).reset_index(drop=True)
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


SWAPPED_SHARE = 0.5  # more than half the rows wrong in one column: the header, not the data, is wrong
SWAPPED_MIN_ROWS = 4


def _stop_if_swapped(result: FileResult, em: EntityMapping, log: ProblemLog) -> None:
    """Stop when a personnummer column fails on most rows, or a code column (kön, …) holds mostly
    unknown values: a swapped header (Kön ↔ Namn) would otherwise publish names as unknown codes.
    The message names file, column and counts, never the values."""
    n = result.rows_read
    if n < SWAPPED_MIN_ROWS:
        return
    wrong: dict[str, int] = {}
    for (field_name, _code), count in result.unknown_codes.items():
        wrong[field_name] = wrong.get(field_name, 0) + count
    for p in log.problems:
        if p.file == result.file and p.code == "ogiltigt_personnummer":
            wrong[p.field or p.column] = wrong.get(p.field or p.column, 0) + 1
    for field_name, count in sorted(wrong.items()):
        if count > SWAPPED_SHARE * n:
            local = em.column_for(field_name) or field_name
            log.stop(
                "kolumner_förväxlade",
                f"Kolumnen '{local}' (fältet {field_name}) har ogiltiga värden eller okända koder på {count} av {n} rader. "
                "Rubrikerna är troligen förväxlade (till exempel Kön och Namn); rätta filen och leverera igen.",
                file=result.file, entity=result.entity, column=local, field=field_name,
            )


def _free_text(table: RawTable, result: FileResult) -> set[str]:
    """Texts of two words or more from dropped (name, note) columns and unknown codes."""
    texts = {str(code) for _field, code in result.unknown_codes}
    for position, header in enumerate(table.header):
        if header in result.dropped_columns and position < len(table.columns):
            texts.update(str(v) for v in table.columns[position].values if isinstance(v, str))
    return {t.strip() for t in texts if len(t.split()) >= 2 and sum(c.isalpha() for c in t) >= 6}


def _described(table: RawTable) -> RawTable:
    """What the quality summary tells about a file (format, encoding, rows) without its cells."""
    return dataclasses.replace(table, columns=[], row_numbers=range(1, table.n_rows + 1), lengths=np.zeros(0, np.int64), fields=None)  # type: ignore[arg-type]


def _describe(table: RawTable) -> str:
    if table.format == "xlsx":
        return f"XLSX, blad '{table.sheet}'"
    return f"{table.encoding}, {SEPARATOR_NAMES.get(table.separator, table.separator)}"


def ingest_delivery(
    path: Path | str,
    *,
    key: bytes | None = None,
    progress: Progress | None = None,
    model: DataModel | None = None,
) -> IngestResult:
    """Read, map, validate and pseudonymise the delivery in `path`.

    Raises DeliveryRejected (a SuengineError) when something stops the delivery; otherwise
    every dropped row and blanked value is in `problems`, and the counts are in `summary`.
    """
    folder = Path(path)
    say = progress or (lambda _message: None)
    model = model or load_datamodel()
    log = ProblemLog()
    if not folder.is_dir():
        raise SuengineError(f"Leveransmappen {folder} finns inte.")
    manifest = load_manifest(folder, log)
    if manifest is None:
        raise _reject(log)
    mapping_path = resolve_mapping_path(manifest.mapping, folder)
    mapping = load_mapping(mapping_path, model, log)
    if mapping is None:
        raise _reject(log)
    if not manifest.entities and not set(REQUIRED_ENTITIES) <= set(mapping.entities):
        log.stop("fil_saknas", f"Mappningen {mapping.system} beskriver inte barn, som krävs; ange under entiteter: i "
                 f"{MANIFEST_NAME} vilka entiteter leveransen innehåller (t.ex. [enkätsvar]).", file=MANIFEST_NAME, entity="barn")
    for name in manifest.entities:
        if name not in mapping.entities:
            log.stop("manifest_ogiltigt", f"leverans.yml anger entiteten {name}, men mappningen {mapping.system} beskriver den inte.", file=MANIFEST_NAME, entity=name)
    if log.stopping:
        raise _reject(log)
    assigned = _assign_files(folder, mapping, log, manifest.entities)
    pseudonyms = Pseudonymizer(key if key is not None else load_key())
    mapping_file = f"mappings/{mapping_path.name}" if mapping_path.parent == mappings_dir() else str(mapping_path)
    ctx = ColumnContext(manifest.extraction_date, pseudonyms, mapping.missing_values, mapping_file)
    order = [name for name in parent_order(model) if name in mapping.entities and (not manifest.entities or name in manifest.entities)]
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in order}
    counts = {name: EntityCounts() for name in order}
    described: list[tuple[str, RawTable, list[str], list[str]]] = []
    free_text: set[str] = set()
    for name in order:
        em, entity = mapping.entities[name], model.entities[name]
        codes = {f: code_lookup(model, entity, f, em.codes.get(f, {})) for f in entity.fields}
        for file_path in assigned[name]:
            try:
                table = read_file(file_path, file_path.name, em.sheet)
            except ReadError as exc:
                log.stop(exc.code, exc.message, file=file_path.name, entity=name, row=exc.row)
                say(f"{file_path.name}: kan inte läsas")
                continue
            for code, message in table.notes:
                log.info(code, message, file=table.file, entity=name)
            # once the delivery is stopped, later files only get their headers checked: every
            # stopping problem is still found, but no time is spent on rows that will not be used
            stopped_before = bool(log.stopping)
            result = transform(table, em, entity, codes, ctx, log, headers_only=stopped_before)
            if result is None:
                state = "rubrikerna kontrollerade" if stopped_before and table.file not in {p.file for p in log.stopping} else "stoppar leveransen"
                say(f"{file_path.name} → {name}: {_describe(table)} — {state}")
                continue
            _stop_if_swapped(result, em, log)
            say(f"{file_path.name} → {name}: {_describe(table)}, {result.rows_read} rader, {result.rows_rejected} avvisade")
            frames[name].append(result.frame)
            counts[name].read += result.rows_read
            counts[name].delivered |= result.delivered
            for field_name, number in result.derived.items():
                counts[name].derived[field_name] = counts[name].derived.get(field_name, 0) + number
            for code_key, number in result.unknown_codes.items():
                counts[name].unknown_codes[code_key] = counts[name].unknown_codes.get(code_key, 0) + number
            free_text.update(_free_text(table, result))
            described.append((name, _described(table), result.unmapped, result.dropped_columns))
            del table, result  # the cells are in frames now: a national file's raw columns are freed here
    if log.stopping:
        raise _reject(log)
    # Parents first; each entity's typed table is made as soon as its rows are accepted, and only the
    # columns later entities check against (keys, födelsedatum) are kept as objects: the raw, mapped
    # and typed tables of a national delivery never exist all at once.
    accepted: dict[str, pd.DataFrame] = {}
    typed: dict[str, pd.DataFrame] = {}
    for name in order:
        em, entity = mapping.entities[name], model.entities[name]
        column_of = {f: local for local, f in em.columns.items()}
        parts = [f for f in frames.pop(name) if not f.empty]
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0] if parts else pd.DataFrame(columns=[*entity.fields, *ROW_COLUMNS])
        del parts
        frame = drop_duplicates(frame, name, entity.key, log, column_of)
        frame = drop_broken_relations(frame, name, model, accepted, log, column_of)
        frame = drop_before_birth(frame, name, model, accepted, log, column_of)
        counts[name].accepted = len(frame)
        if len(frame):
            typed[name] = typed_table(entity, frame.drop(columns=list(ROW_COLUMNS)))
        accepted[name] = frame[[c for c in frame.columns if c in (*entity.key, "födelsedatum")]]
        del frame
    typed = {name: typed[name] if name in typed else empty_table(entity) for name, entity in model.entities.items()}
    problems = log.frame()
    case_data = CaseData(
        tables=typed,
        extraction_date=manifest.extraction_date,
        municipality=manifest.municipality,
        source_system=manifest.source_system,
        metadata={
            "mappning": mapping.system,
            "period_från": manifest.period_start.isoformat() if manifest.period_start else "",
            "period_till": manifest.period_end.isoformat() if manifest.period_end else "",
        },
        delivered={n: frozenset(counts[n].delivered) for n in order if counts[n].delivered},
    )
    summary = build_summary(manifest, mapping.system, described, counts, {n: typed[n] for n in order}, problems)
    absent = [n for n in model.entities if not (n in counts and counts[n].delivered)]
    if absent:  # entities the delivery did not cover at all: their indicators give "uppgift saknas"
        extra = pd.DataFrame([{"avsnitt": "ej_levererat", "mått": "ej_levererat", "värde": "", "entitet": n,
                               "fält": "(hela entiteten)"} for n in absent], columns=summary.columns)
        summary = pd.concat([summary, extra.astype(object).fillna("").astype("string")], ignore_index=True)
    return IngestResult(case_data=case_data, problems=problems, summary=summary, manifest=manifest, free_text=frozenset(free_text))


__all__ = ["DeliveryRejected", "IngestResult", "ingest_delivery"]
