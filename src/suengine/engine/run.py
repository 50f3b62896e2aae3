"""Evaluate indicators over one delivery: load the tables once, run one query per indicator.

`Session` owns a DuckDB connection holding each entity as a native table (copied once from
the DataFrame with the data model's types, or read straight from the Parquet file ingest
wrote); `evaluate_indicator` compiles, queries and assembles the result rows of one indicator.
DuckDB's memory is bounded (`memory_limit`, default 2 GB, `SUENGINE_MINNESGRANS` to change it)
and what does not fit spills to a folder in the system's temp directory.
The rows still carry the engine's helper columns (`_rad`, `_n_värde`, …) that targets,
disclosure control and the results table need; `suengine.publish.results` removes them.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from suengine.casedata.tables import CaseData, empty_table
from suengine.casedata.datamodel import DataModel
from suengine.engine.coverage import NOT_DELIVERED, OUTSIDE_DELIVERY, blank, covers, missing_inputs
from suengine.engine.measures import TOTAL, Population, category_row, main_row, population_table, withhold_category, withhold_illogical
from suengine.engine.periods import Period, periods_for_years
from suengine.engine.plan import Plan, compile_plan
from suengine.engine.query import aggregate_sql, lookups, records_sql, tables_used
from suengine.definitions.model import Indicator
from suengine.engine.sql import Lookup, ident, literal
from suengine.errors import SuengineError

DEFAULT_MEMORY_LIMIT = "2GB"
MEMORY_VARIABLE = "SUENGINE_MINNESGRANS"
_DATABASE: duckdb.DuckDBPyConnection | None = None


def database_config(memory_limit: str | None = None, threads: int | None = None) -> dict[str, Any]:
    """DuckDB settings: bounded memory, spilling to a folder of its own in the system's temp directory."""
    limit = memory_limit or os.environ.get(MEMORY_VARIABLE) or DEFAULT_MEMORY_LIMIT
    spill = Path(tempfile.gettempdir()) / f"suengine-duckdb-{os.getpid()}"
    config: dict[str, Any] = {"memory_limit": limit, "temp_directory": str(spill)}
    if threads:
        config["threads"] = threads
    return config


def connect(memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    config = database_config(memory_limit, threads)
    try:
        return duckdb.connect(config=config)
    except (duckdb.InvalidInputException, duckdb.ParserException, duckdb.BinderException) as exc:
        raise SuengineError(f"ogiltig minnesgräns '{config['memory_limit']}' (skriv t.ex. 2GB eller 500MB i {MEMORY_VARIABLE})") from exc


def _database() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per process; each Session works in its own cursor (own temporary tables)."""
    global _DATABASE
    if _DATABASE is None:
        _DATABASE = connect()
    return _DATABASE


def _typed_select(frame_name: str, entity_fields: dict, columns: list[str]) -> str:
    """The frame's columns with the data model's SQL types (dates as DATE, not nanosecond timestamps)."""
    parts = []
    for name in columns:
        f = entity_fields.get(name)
        column = ident(name)
        parts.append(f"CAST({column} AS DATE) AS {column}" if f is not None and f.type == "datum" else column)
    return f"SELECT {', '.join(parts) or '*'} FROM {ident(frame_name)}"


class Session:
    """A DuckDB cursor holding the delivery's tables, reused by every indicator of a run.

    Each table is loaded the first time a query needs it, as a native temporary table: from the
    Parquet file ingest wrote when there is one (no pandas on the way), otherwise copied once from
    the DataFrame. Queries then scan DuckDB's own columns instead of Python objects, and a small
    run does not pay for tables it never reads. Closing the session drops the tables.
    """

    def __init__(self, data: CaseData, model: DataModel, threads: int | None = None, memory_limit: str | None = None) -> None:
        self.data = data
        self.model = model
        own = threads or memory_limit
        self.connection = connect(memory_limit, threads) if own else _database().cursor()
        self.connection.execute("SET enable_progress_bar = false")  # progress is the CLI's job
        self._registered: set[str] = set()
        self._lookups: defaultdict[str, set[str]] = defaultdict(set)  # table → own-record SELECTs in it

    def register(self, tables: set[str]) -> None:
        for name in sorted(tables - self._registered):
            entity = self.model.entities[name]
            file = self.data.files.get(name)
            if file is not None:
                select = f"SELECT * FROM read_parquet({literal(str(file))})"
                self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {ident(name)} AS {select}")
            else:
                frame = self.data.tables.get(name)
                frame = frame if frame is not None else empty_table(entity)
                view = f"_pandas_{name}"
                self.connection.register(view, frame)
                select = _typed_select(view, entity.fields, [str(c) for c in frame.columns])
                self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {ident(name)} AS {select}")
                self.connection.unregister(view)
            self._registered.add(name)

    def build(self, lookups: list[Lookup]) -> None:
        """Make sure each lookup table (`query.lookups`) holds the nearest related dates for its
        own records. A table is created the first time its relation is needed, from the own
        records of every lookup given at once (one join for several entities); own records of an
        entity not searched yet are added later, keys already in the table skipped."""
        pending: dict[str, list[Lookup]] = defaultdict(list)
        for lookup in lookups:
            if lookup.keys not in self._lookups[lookup.name] | {k.keys for k in pending[lookup.name]}:
                pending[lookup.name].append(lookup)
        for name, new in pending.items():
            if not new:
                continue
            keys = " UNION ".join(lookup.keys for lookup in new)
            if not self._lookups[name]:
                self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {ident(name)} AS {new[0].select(keys)}")
            else:
                columns = ", ".join(ident(c) for c in new[0].columns)
                keys = f"({keys}) EXCEPT SELECT {columns} FROM {ident(name)}"
                self.connection.execute(f"INSERT INTO {ident(name)} {new[0].select(keys)}")
            self._lookups[name] |= {lookup.keys for lookup in new}

    def frame(self, sql: str, tables: set[str] | None = None, lookups: list[Lookup] | None = None) -> pd.DataFrame:
        self.register(tables if tables is not None else set(self.model.entities))
        self.build(lookups or [])
        return self.connection.execute(sql).df()

    def rows(self, sql: str, tables: set[str] | None = None, lookups: list[Lookup] | None = None) -> list[dict[str, Any]]:
        """Small results as plain dicts (cheaper than a DataFrame for a few hundred rows)."""
        self.register(tables if tables is not None else set(self.model.entities))
        self.build(lookups or [])
        cursor = self.connection.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _ordered(known: tuple[str, ...], seen: set[Any]) -> list[Any]:
    extra = sorted((s for s in seen if s not in known), key=lambda v: (isinstance(v, str), v))
    return [*known, *extra]


def assemble(plan: Plan, counts: list[dict[str, Any]], periods: list[Period], population: Population) -> list[dict[str, Any]]:
    """Result rows (total, strata, categories) for every period, zero-filled for known strata."""
    by_code = {p.code: p for p in periods}
    mains: dict[tuple[int, str, str], dict[str, Any]] = {}
    categories: dict[tuple[int, str, str], dict[Any, int]] = defaultdict(dict)
    seen_strata: dict[str, set[str]] = defaultdict(set)
    seen_categories: set[Any] = set()
    outside: dict[tuple[int, str], int] = {}  # (period, breakdown) → units in the nämnare without a stratum
    for cell in counts:
        code = int(cell["_period"])
        if code not in by_code:
            continue
        uppdelning, stratum = TOTAL, ""
        for i, dim in enumerate(plan.dimensions):
            if int(cell[f"_g{i}"]) == 0:
                uppdelning, stratum = dim.name, cell[f"_d{i}"]
        if _missing(stratum):  # records without the breakdown value are counted in the total only
            if not (plan.has_categories and int(cell["_gc"]) == 0):
                outside[(code, uppdelning)] = int(cell.get("nämnare") or 0)
            continue
        seen_strata[uppdelning].add(stratum)
        if plan.has_categories and int(cell["_gc"]) == 0:
            if not _missing(cell["_cat"]):
                categories[(code, uppdelning, stratum)][cell["_cat"]] = int(cell["nämnare"])
                seen_categories.add(cell["_cat"])
            continue
        mains[(code, uppdelning, stratum)] = cell
    strata = [(TOTAL, "")] + [(d.name, s) for d in plan.dimensions for s in _ordered(d.known, seen_strata[d.name])]
    category_order = _ordered(plan.categories, seen_categories) if not plan.numeric_categories else sorted(seen_categories)
    kind = plan.indicator.scoring.kind
    rows = []
    for period in periods:
        for uppdelning, stratum in strata:
            key = (period.code, uppdelning, stratum)
            cell = dict(mains.get(key, {}))
            cell["_kategorier"] = categories.get(key, {})
            head = _identity(plan.indicator, period, uppdelning, stratum)
            main = main_row(plan, cell, period, uppdelning, stratum, population)
            main["bortfall_uppdelning"] = None if uppdelning == TOTAL else outside.get((period.code, uppdelning), 0)
            withhold_illogical(plan, main, cell)
            rows.append({**head, **main})
            if kind in ("fördelning", "förändring"):
                for category in category_order:
                    count = categories.get(key, {}).get(category, 0)
                    rows.append({**head, **withhold_category(main, category_row(plan, main, category, count))})
    return rows


def _identity(indicator: Indicator, period: Period, uppdelning: str, stratum: str) -> dict[str, Any]:
    return {
        "indikator_id": indicator.id,
        "version": indicator.version,
        "period": period.label,
        "period_start": period.start,
        "period_slut": period.end,
        "uppdelning": uppdelning,
        "stratum": "" if uppdelning == TOTAL else str(stratum),
    }


def prepare(session: Session, indicators: list[Indicator]) -> None:
    """Build the lookup tables of all the indicators at once, so a relation searched from several
    entities (re-aktualisering after utredning and after insats) is joined only once."""
    plans = [compile_plan(i, session.model, session.data.extraction_date) for i in indicators]
    needed = [lookup for plan in plans for lookup in lookups(plan)]
    if needed:
        session.register(set().union(*(tables_used(plan) for plan in plans if lookups(plan))))
        session.build(needed)


def evaluate_indicator(session: Session, indicator: Indicator, years: list[int]) -> list[dict[str, Any]]:
    """All result rows of one indicator for the given calendar years."""
    periods = periods_for_years(years, indicator.period_type)
    plan = compile_plan(indicator, session.model, session.data.extraction_date)
    sql, tables = aggregate_sql(plan, periods), tables_used(plan)
    counts = session.rows(sql, tables, lookups(plan))
    population = population_table(session.data.tables.get("befolkning")) if indicator.scoring.kind == "kvot" else {}
    rows = assemble(plan, counts, periods, population)
    not_delivered = missing_inputs(session.data, tables | ({"befolkning"} if indicator.scoring.kind == "kvot" else set()), sql)
    outside = {p.label for p in periods if not covers(session.data, p)}
    for row in rows:
        if not_delivered:
            blank(row, NOT_DELIVERED)
        elif row["period"] in outside:
            blank(row, OUTSIDE_DELIVERY)
    return rows


def record_states(session: Session, indicator: Indicator, periods: list[Period]) -> pd.DataFrame:
    """Which record fell in which population (internal audit only: carries pseudonymous ids)."""
    plan = compile_plan(indicator, session.model, session.data.extraction_date)
    frame = session.frame(records_sql(plan, periods), tables_used(plan), lookups(plan))
    return frame.rename(columns={f"_d{i}": d.name for i, d in enumerate(plan.dimensions)})
