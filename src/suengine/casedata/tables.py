"""CaseData: one pandas DataFrame per data-model entity, plus the delivery's metadata.

This is the contract between ingest (which builds it from real exports) and the engine
(which only reads it). Column names are the data model's field names; dtypes are fixed
per field type so that every stage sees the same thing:

| data-model type | pandas dtype          |
|-----------------|-----------------------|
| id, kod, text   | string                |
| datum           | datetime64[ns] (no time of day) |
| heltal          | Int64 (nullable)      |
| decimal         | Float64 (nullable)    |
| boolesk         | boolean (nullable)    |

Missing values are <NA>/NaT. OJ's bortfallskod (e.g. 999) is turned into a missing value
by `coerce_table`, because a code meaning "cannot answer" is not a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from suengine.casedata.datamodel import DataModel, Entity

PANDAS_DTYPES = {
    "id": "string",
    "kod": "string",
    "text": "string",
    "datum": "datetime64[ns]",
    "heltal": "Int64",
    "decimal": "Float64",
    "boolesk": "boolean",
}


@dataclass
class CaseData:
    tables: dict[str, pd.DataFrame]
    extraction_date: dt.date  # uttagsdatum
    municipality: str = ""
    source_system: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    # What the delivery covers: entity → the fields it delivered (an entity not in it was not
    # delivered). None when unknown (records built in code): then everything counts as delivered.
    delivered: dict[str, frozenset[str]] | None = None
    # entity → the Parquet file ingest wrote with its typed table; the engine reads these directly
    # (`tables` then loads a DataFrame only when something asks for one, see casedata.folder)
    files: dict[str, Path] = field(default_factory=dict)
    file_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the Parquet files' columns, when known

    def table(self, entity: str) -> pd.DataFrame:
        return self.tables[entity]

    def columns(self, entity: str) -> list[str]:
        """A table's column names, read from its Parquet file's schema when it has one (no DataFrame built)."""
        path = self.files.get(entity)
        if entity in self.file_columns:
            return list(self.file_columns[entity])
        if path is None:
            frame = self.tables.get(entity)
            return [str(c) for c in frame.columns] if frame is not None else []
        import duckdb

        quoted = "'" + str(path).replace("'", "''") + "'"
        with duckdb.connect() as connection:
            return [str(row[0]) for row in connection.execute(f"DESCRIBE SELECT * FROM read_parquet({quoted})").fetchall()]

    def covered_period(self) -> tuple[dt.date | None, dt.date | None]:
        """The period the delivery declares (leverans.yml `period`), either end None when not declared."""
        def day(key: str) -> dt.date | None:
            text = self.metadata.get(key, "")
            return dt.date.fromisoformat(text) if text else None
        return day("period_från"), day("period_till")


def empty_table(entity: Entity) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=PANDAS_DTYPES[f.type]) for name, f in entity.fields.items()})


def _as_bool(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return pd.NA
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("ja", "j", "true", "sant", "1", "x"):
        return True
    if text in ("nej", "n", "false", "falskt", "0"):
        return False
    if text == "":
        return pd.NA
    raise ValueError(f"kan inte tolka {value!r} som ja/nej")


def _blank(column: pd.Series) -> np.ndarray:
    """Per row of a string column: empty or only whitespace (`not value.strip()`), with no Python
    call per value (a national delivery has millions of distinct ids)."""
    values = column.to_numpy(dtype=object, na_value="x")
    return np.fromiter(map(str.isspace, values), dtype=bool, count=len(values)) | (values == "")


def _per_distinct(column: pd.Series, convert: object) -> pd.Series:
    """`column.map(convert)` with `convert` called once per distinct value, not once per row
    (a national delivery repeats the same few codes millions of times); missing values go to convert(None)."""
    codes, distinct = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    values = [convert(v) for v in distinct] + [convert(None)]  # type: ignore[operator]
    table = pd.array(values, dtype=object)
    return pd.Series(table.take(codes), index=column.index, dtype=object)  # code -1 takes the last: missing


def coerce_table(entity: Entity, frame: pd.DataFrame) -> pd.DataFrame:
    """Give `frame` exactly the entity's columns and dtypes (missing columns become all-missing).

    Values that cannot be converted raise ValueError; ingest validates before calling this, so
    here a bad value is a programming error, not user input.
    """
    out = {}
    n = len(frame)
    for name, f in entity.fields.items():
        dtype = PANDAS_DTYPES[f.type]
        if name not in frame.columns:
            out[name] = pd.Series([pd.NA] * n, dtype=dtype, index=frame.index) if dtype != "datetime64[ns]" else pd.Series(
                pd.NaT, index=frame.index, dtype=dtype
            )
            continue
        column = frame[name]
        if f.type == "datum":
            converted = pd.to_datetime(column, errors="raise").astype("datetime64[ns]")
            converted = converted.dt.normalize()
        elif f.type == "boolesk":
            converted = _per_distinct(column, _as_bool).astype("boolean")
        elif f.type in ("heltal", "decimal"):
            converted = pd.to_numeric(column, errors="raise").astype(dtype)
            if f.missing_codes:
                converted = converted.mask(converted.isin(list(f.missing_codes)))
        else:
            converted = column.astype("string")
            converted = converted.mask(_blank(converted))
        out[name] = converted
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def case_data_from_records(
    model: DataModel, records: dict[str, list[dict]] | dict[str, tuple[dict, ...]], extraction_date: dt.date
) -> CaseData:
    """Build CaseData from plain dict records (indicator test cases, unit tests)."""
    tables = {}
    for name, entity in model.entities.items():
        rows = list(records.get(name, ()))
        frame = pd.DataFrame(rows) if rows else pd.DataFrame(index=pd.RangeIndex(0))
        tables[name] = coerce_table(entity, frame) if rows else empty_table(entity)
    return CaseData(tables=tables, extraction_date=extraction_date)
