"""Typed tables as Parquet files, written and read by DuckDB with no Python per value.

Ingest writes every entity twice from one typed DuckDB table: `<entitet>.parquet` with the data
model's SQL types (what `evaluate` reads, straight into the engine's DuckDB tables) and
`<entitet>.csv` for people to read. A DataFrame is only built from a Parquet file when something
asks for it (`LazyTables`), so evaluating a national delivery never holds it in pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path

import duckdb
import pandas as pd

from suengine.casedata.datamodel import Entity
from suengine.casedata.tables import PANDAS_DTYPES

PARQUET_SUFFIX = ".parquet"
SQL_TYPES = {
    "id": "VARCHAR",
    "kod": "VARCHAR",
    "text": "VARCHAR",
    "datum": "DATE",
    "heltal": "BIGINT",
    "decimal": "DOUBLE",
    "boolesk": "BOOLEAN",
}
# A CSV is read instead of the Parquet file beside it when it was changed after the Parquet file was written.
FRESH_SECONDS = 2.0


def _ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _text(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def typed_select(source: str, entity: Entity, columns: list[str]) -> str:
    """The entity's fields, in data-model order, cast to their SQL types (missing columns as NULL)."""
    parts = []
    for name, f in entity.fields.items():
        value = _ident(name) if name in columns else "NULL"
        parts.append(f"CAST({value} AS {SQL_TYPES[f.type]}) AS {_ident(name)}")
    return f"SELECT {', '.join(parts)} FROM {source}"


def _sql_type(column: pd.Series) -> str:
    """The SQL type of a CaseData column, from its pandas dtype (casedata.tables)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return "DATE"
    if pd.api.types.is_bool_dtype(column):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(column):
        return "BIGINT"
    if pd.api.types.is_float_dtype(column):
        return "DOUBLE"
    return "VARCHAR"


def write_tables(tables: Mapping[str, pd.DataFrame], folder: Path, csv: bool = True) -> list[Path]:
    """`<entity>.parquet` (and `<entity>.csv`) for every CaseData table, columns in the table's order; the paths.

    CSV cells as documented in ingest/output.py: dates ÅÅÅÅ-MM-DD, booleans ja/nej, missing values empty."""
    written = []
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        connection.execute("SET enable_progress_bar = false")
        for name, frame in tables.items():
            types = {str(c): _sql_type(frame[c]) for c in frame.columns}
            connection.register("_frame", frame)
            typed = ", ".join(f"CAST({_ident(c)} AS {t}) AS {_ident(c)}" for c, t in types.items()) or "*"
            connection.execute(f"CREATE OR REPLACE TEMP TABLE _typed AS SELECT {typed} FROM _frame")
            connection.unregister("_frame")
            if csv:
                cells = ", ".join(
                    f"CASE WHEN {_ident(c)} THEN 'ja' WHEN NOT {_ident(c)} THEN 'nej' END AS {_ident(c)}" if t == "BOOLEAN" else _ident(c)
                    for c, t in types.items()
                )
                path = folder / f"{name}.csv"
                connection.execute(f"COPY (SELECT {cells} FROM _typed) TO {_text(path)} (FORMAT csv, HEADER, DELIMITER ',')")
                written.append(path)
            path = folder / f"{name}{PARQUET_SUFFIX}"  # after the CSV, so it is never older than it
            connection.execute(f"COPY _typed TO {_text(path)} (FORMAT parquet)")
            written.append(path)
            connection.execute("DROP TABLE _typed")
    finally:
        connection.close()
    return written


def parquet_for(folder: Path, name: str) -> Path | None:
    """The entity's Parquet file, unless a CSV beside it was changed after it was written."""
    parquet, csv = folder / f"{name}{PARQUET_SUFFIX}", folder / f"{name}.csv"
    if not parquet.is_file():
        return None
    if csv.is_file() and csv.stat().st_mtime > parquet.stat().st_mtime + FRESH_SECONDS:
        return None
    return parquet


def check_parquet(path: Path, entity: Entity) -> tuple[tuple[str, ...], str | None]:
    """The file's columns, and what is wrong with it (unknown column, wrong type, duplicate key) or None."""
    connection = duckdb.connect()
    try:
        described = connection.execute(f"DESCRIBE SELECT * FROM read_parquet({_text(path)})").fetchall()
        types = {str(row[0]): str(row[1]) for row in described}
        unknown = [c for c in types if c not in entity.fields]
        if unknown:
            return tuple(types), f"okända kolumner {', '.join(unknown)}"
        wrong = [c for c, t in types.items() if t != SQL_TYPES[entity.fields[c].type]]
        if wrong:
            return tuple(types), f"fel datatyp i {', '.join(wrong)} (skriv om filen med suengine ingest)"
        key = ", ".join(_ident(k) for k in entity.key)
        rows, distinct = connection.execute(
            f"SELECT count(*), count(DISTINCT ({key})) FROM read_parquet({_text(path)})"
        ).fetchone()
        if rows != distinct:
            return tuple(types), f"nyckeln {', '.join(entity.key)} förekommer flera gånger"
        return tuple(types), None
    finally:
        connection.close()


def read_frame(path: Path, entity: Entity) -> pd.DataFrame:
    """The Parquet file as a DataFrame with the CaseData dtypes (casedata.tables)."""
    connection = duckdb.connect()
    try:
        frame = connection.execute(typed_select(f"read_parquet({_text(path)})", entity, list(entity.fields))).df()
    finally:
        connection.close()
    return pd.DataFrame({name: frame[name].astype(PANDAS_DTYPES[f.type]) for name, f in entity.fields.items()}, index=frame.index)


class LazyTables(MutableMapping):
    """CaseData.tables whose DataFrames are built on first use (`loaders`: entity → function)."""

    def __init__(self, order: list[str], ready: dict[str, pd.DataFrame], loaders: dict[str, Callable[[], pd.DataFrame]]) -> None:
        self._order = [n for n in order if n in ready or n in loaders]
        self._ready = dict(ready)
        self._loaders = dict(loaders)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._ready:
            if name not in self._loaders:
                raise KeyError(name)
            self._ready[name] = self._loaders.pop(name)()
        return self._ready[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._loaders.pop(name, None)
        self._ready[name] = frame
        if name not in self._order:
            self._order.append(name)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaders.pop(name, None)
        self._ready.pop(name, None)
        self._order.remove(name)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._ready or name in self._loaders
