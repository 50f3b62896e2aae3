"""Read and write case data as a plain folder of CSV files (until real deliveries are ingested).

Folder layout (documented in demo/exempeldata/README.md):

    leverans.yml          kommun: <namn>, uttagsdatum: ÅÅÅÅ-MM-DD   (optionally källsystem)
    <entitet>.csv         one file per data-model entity, e.g. barn.csv, utredning.csv
    <entitet>.parquet     (written by `suengine ingest`) the same table with the data model's types

When an entity has a Parquet file (not older than its CSV), the engine reads that file directly
and a DataFrame is only built if something asks for the table (`casedata.columnar`); a CSV changed
after ingest is read instead.

CSV files are UTF-8, comma separated, with a header of data-model field names; dates are
ISO (ÅÅÅÅ-MM-DD), booleans ja/nej (or true/false), missing values empty. A missing file is an
empty table; an unknown column or entity is an error, because a misspelt column would
otherwise silently become all-missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import yaml

from suengine.casedata.columnar import PARQUET_SUFFIX, LazyTables, check_parquet, parquet_for, read_frame
from suengine.casedata.tables import CaseData, coerce_table, empty_table
from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.errors import SuengineError

MANIFEST = "leverans.yml"


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        raise SuengineError(f"{path} saknas (ska ange kommun och uttagsdatum)")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict) or "uttagsdatum" not in raw:
        raise SuengineError(f"{path}: uttagsdatum saknas")
    return raw


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise SuengineError(f"{where}: ogiltigt datum '{value}' (skriv ÅÅÅÅ-MM-DD)") from exc


def read_case_data(folder: Path | str, model: DataModel | None = None) -> CaseData:
    """CaseData from a CSV folder; SuengineError with file and column for any problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SuengineError(f"hittar inte datamappen '{folder}'")
    model = model or load_datamodel()
    manifest = _read_manifest(folder)
    unknown = sorted({p.stem for pattern in ("*.csv", f"*{PARQUET_SUFFIX}") for p in folder.glob(pattern) if p.stem not in model.entities})
    if unknown:
        raise SuengineError(f"{folder}: okända tabeller {', '.join(unknown)} (tillåtna: {', '.join(model.entities)})")
    tables = {}
    columns: dict[str, frozenset[str]] = {}  # entity → the columns its file has (what was delivered)
    files: dict[str, Path] = {}
    file_columns: dict[str, tuple[str, ...]] = {}
    for name, entity in model.entities.items():
        parquet = parquet_for(folder, name)
        if parquet is not None:
            file_columns[name], problem = check_parquet(parquet, entity)  # in the file's order
            columns[name] = frozenset(file_columns[name])
            if problem:
                raise SuengineError(f"{parquet}: {problem}")
            files[name] = parquet
            continue
        path = folder / f"{name}.csv"
        if not path.exists():
            tables[name] = empty_table(entity)
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        columns[name] = frozenset(frame.columns)
        extra = [c for c in frame.columns if c not in entity.fields]
        if extra:
            raise SuengineError(f"{path}: okända kolumner {', '.join(extra)}")
        try:
            table = coerce_table(entity, frame.replace({"": None}))
        except (ValueError, TypeError) as exc:
            raise SuengineError(f"{path}: {exc}") from exc
        key = list(entity.key)
        if len(table) and table.duplicated(subset=key).any():
            raise SuengineError(f"{path}: nyckeln {', '.join(key)} förekommer flera gånger")
        tables[name] = table
    loaders = {name: (lambda path=path, entity=model.entities[name]: read_frame(path, entity)) for name, path in files.items()}
    return CaseData(
        tables=LazyTables(list(model.entities), tables, loaders),  # type: ignore[arg-type]
        files=files,
        file_columns=file_columns,
        extraction_date=_date(manifest["uttagsdatum"], f"{folder / MANIFEST}"),
        municipality=str(manifest.get("kommun", "")),
        source_system=str(manifest.get("källsystem", "")),
        metadata=_period(manifest),
        delivered=_delivered(manifest, columns),
    )


def _period(manifest: dict) -> dict[str, str]:
    period = manifest.get("period") if isinstance(manifest.get("period"), dict) else {}
    return {f"period_{end}": str(period.get(end) or "") for end in ("från", "till")}


def _delivered(manifest: dict, columns: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """What the delivery covered: leverans.yml `levererat` (written by ingest), else the files and their columns."""
    declared = manifest.get("levererat")
    if isinstance(declared, dict):
        return {str(entity): frozenset(str(f) for f in fields or ()) for entity, fields in declared.items()}
    return columns


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_case_data(data: CaseData, folder: Path | str) -> None:
    """Write CaseData as a CSV folder that `read_case_data` reads back unchanged."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"kommun": data.municipality, "uttagsdatum": data.extraction_date.isoformat()}
    if data.source_system:
        manifest["källsystem"] = data.source_system
    start, end = data.covered_period()
    if start or end:
        manifest["period"] = {"från": start.isoformat() if start else "", "till": end.isoformat() if end else ""}
    if data.delivered is not None:
        manifest["levererat"] = {name: sorted(fields) for name, fields in sorted(data.delivered.items())}
    (folder / MANIFEST).write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, table in data.tables.items():
        if table.empty:
            continue
        plain = pd.DataFrame({c: [_cell(v) for v in table[c].astype(object)] for c in table.columns})
        plain.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
