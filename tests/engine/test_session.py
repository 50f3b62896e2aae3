"""The engine's DuckDB session (`engine/run.py`), called in-process: memory and threads, the shared
database, tables read from Parquet files or DataFrames with the data model's types, the per-record
states of `explain --intern`. (The CLI tests reach these through the whole catalogue; these are fast.)"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from suengine.casedata.columnar import write_tables
from suengine.casedata.datamodel import load_datamodel
from suengine.casedata.tables import CaseData
from suengine.engine import run as engine_run
from suengine.engine.periods import periods_for_years
from suengine.engine.run import MEMORY_VARIABLE, Session, connect, database_config, evaluate_indicator, record_states
from suengine.errors import SuengineError
from engine.helpers import SHARE, children, data, indicator


def _setting(connection: duckdb.DuckDBPyConnection, name: str) -> object:
    return connection.execute(f"SELECT current_setting('{name}')").fetchall()[0][0]


def test_the_memory_limit_is_the_argument_then_the_variable_then_2GB(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMORY_VARIABLE, raising=False)
    spill = str(Path(tempfile.gettempdir()) / f"suengine-duckdb-{os.getpid()}")
    assert MEMORY_VARIABLE == "SUENGINE_MINNESGRANS"
    assert database_config() == {"memory_limit": "2GB", "temp_directory": spill}
    monkeypatch.setenv(MEMORY_VARIABLE, "700MB")
    assert database_config() == {"memory_limit": "700MB", "temp_directory": spill}
    assert database_config("300MB", threads=3) == {"memory_limit": "300MB", "temp_directory": spill, "threads": 3}
    monkeypatch.setenv(MEMORY_VARIABLE, "")  # set but empty: the default
    assert database_config()["memory_limit"] == "2GB"


def test_connect_applies_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMORY_VARIABLE, raising=False)
    with connect("500MB", threads=1) as connection:
        assert _setting(connection, "memory_limit") == "476.8 MiB"  # 500 000 000 bytes
        assert _setting(connection, "threads") == 1
        assert _setting(connection, "temp_directory") == database_config()["temp_directory"]
    monkeypatch.setenv(MEMORY_VARIABLE, "400MB")
    with connect() as connection:
        assert _setting(connection, "memory_limit") == "381.4 MiB"


@pytest.mark.parametrize("limit", ["mycket", "2 äpplen"])
def test_an_invalid_memory_limit_names_the_variable(limit: str) -> None:
    with pytest.raises(SuengineError) as caught:
        connect(limit)
    assert str(caught.value) == f"ogiltig minnesgräns '{limit}' (skriv t.ex. 2GB eller 500MB i SUENGINE_MINNESGRANS)"
    assert isinstance(caught.value.__cause__, duckdb.Error)


def test_one_shared_database_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_run, "_DATABASE", None)
    first = engine_run._database()
    assert isinstance(first, duckdb.DuckDBPyConnection)
    assert engine_run._database() is first and engine_run._DATABASE is first
    first.close()


def _records() -> dict:
    """Four utredningar ending in 2024: a girl with and without a samtal, a boy with one, a child of no
    known sex without one."""
    kids = children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2016-05-05"), ("b3", None, "2017-01-01"))
    rows = [("u1", "b1", True), ("u2", "b1", False), ("u3", "b2", True), ("u4", "b3", False)]
    utredning = [{"utredning_id": u, "barn_id": b, "utredningstyp": "barnavård", "start": "2024-01-10", "slut": "2024-03-01",
                  "enskilt_samtal": s} for u, b, s in rows]
    return {"barn": kids, "utredning": utredning}


def _counts(rows: list[dict]) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r["uppdelning"], r["stratum"]): (r["nämnare"], r["täljare"]) for r in rows if r["period"] == "2024"}


EXPECTED = {("total", ""): (4, 2), ("kön", "flicka"): (2, 1), ("kön", "pojke"): (1, 1)}


@pytest.mark.parametrize("own", [False, True])
def test_a_session_with_its_own_connection_or_the_shared_one(own: bool) -> None:
    case_data = data(_records())
    settings = {"threads": 1, "memory_limit": "600MB"} if own else {}
    with Session(case_data, load_datamodel(), **settings) as session:
        assert _setting(session.connection, "enable_progress_bar") is False
        if own:
            assert _setting(session.connection, "threads") == 1
            assert _setting(session.connection, "memory_limit") == "572.2 MiB"
        assert _counts(evaluate_indicator(session, indicator(SHARE), [2024])) == EXPECTED
        assert session.rows("SELECT count(*) AS n FROM utredning") == [{"n": 4}]
    with pytest.raises(duckdb.Error):  # closed on leaving the block
        session.connection.execute("SELECT 1")


@pytest.mark.parametrize(("settings", "threads", "limit"), [({"threads": 1}, 1, None), ({"memory_limit": "600MB"}, None, "572.2 MiB")])
def test_either_setting_alone_gives_a_connection_of_its_own(settings: dict, threads: int | None, limit: str | None) -> None:
    with Session(data(_records()), load_datamodel(), **settings) as session:
        assert _setting(session.connection, "threads") == (threads or _setting(engine_run._database(), "threads"))
        assert _setting(session.connection, "memory_limit") == (limit or _setting(engine_run._database(), "memory_limit"))
        with pytest.raises(duckdb.Error):  # not the shared database: a table made there is not seen here
            engine_run._database().execute("CREATE OR REPLACE TABLE suengine_test_own AS SELECT 1 AS x")
            try:
                session.connection.execute("SELECT x FROM suengine_test_own").fetchall()
            finally:
                engine_run._database().execute("DROP TABLE suengine_test_own")


def test_tables_are_loaded_when_first_needed_and_only_once() -> None:
    case_data = data(_records())
    with Session(case_data, load_datamodel()) as session:
        session.register({"utredning"})
        assert session._registered == {"utredning"}
        tables = session.rows("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY table_name", set())
        assert [t["table_name"] for t in tables] == ["utredning"]
        # a table already loaded is not read again: a change to its DataFrame is not seen
        case_data.tables["utredning"] = case_data.tables["utredning"].iloc[:1]
        assert session.rows("SELECT count(*) AS n FROM utredning", {"utredning"}) == [{"n": 4}]
        # with no tables named, every entity of the data model is loaded (empty ones empty)
        frame = session.frame("SELECT count(*) AS n FROM insats")
        assert list(frame["n"]) == [0] and session._registered == set(session.model.entities)
        assert list(session.frame("SELECT count(*) AS n FROM barn", {"barn"})["n"]) == [3]


def test_tables_read_from_parquet_files_give_the_same_results(tmp_path: Path) -> None:
    frames = data(_records())
    write_tables({name: frames.tables[name] for name in ("barn", "utredning")}, tmp_path, csv=False)
    files = {name: tmp_path / f"{name}.parquet" for name in ("barn", "utredning")}
    # the DataFrames are left out: the session must read the files (an empty utredning would give 0)
    tables = {name: frame.iloc[:0] for name, frame in frames.tables.items()}
    from_files = CaseData(tables=tables, extraction_date=frames.extraction_date, files=files)
    # Its own connection: DuckDB's Parquet reader in the process-wide database hangs in a forked process
    # once the parent has read Parquet (mutmut forks per mutant); the files are loaded the same way.
    with Session(from_files, load_datamodel(), memory_limit="1GB") as session:
        assert _counts(evaluate_indicator(session, indicator(SHARE), [2024])) == EXPECTED
        slut = session.rows("SELECT typeof(min(slut)) AS t, min(slut) AS d FROM utredning", {"utredning"})
    assert slut == [{"t": "DATE", "d": dt.date(2024, 3, 1)}]


def test_dates_of_a_dataframe_are_dates_and_other_columns_keep_their_type() -> None:
    frames = data(_records())
    utredning = frames.tables["utredning"]
    assert str(utredning["slut"].dtype).startswith("datetime64")
    with Session(frames, load_datamodel()) as session:
        types = session.rows("SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE table_name = 'utredning'",
                             {"utredning"})
    types = {t["c"]: t["t"] for t in types}
    assert list(types) == [str(c) for c in utredning.columns]  # every column, in the frame's order
    assert types["slut"] == types["start"] == "DATE"
    assert types["utredning_id"] == "VARCHAR" and types["enskilt_samtal"] == "BOOLEAN"


def test_typed_select_names_and_casts_each_column() -> None:
    fields = load_datamodel().entities["utredning"].fields
    sql = engine_run._typed_select("_pandas_utredning", fields, ["utredning_id", "slut", "extra"])
    assert sql == 'SELECT "utredning_id", CAST("slut" AS DATE) AS "slut", "extra" FROM "_pandas_utredning"'
    assert engine_run._typed_select("v", fields, []) == 'SELECT * FROM "v"'


def test_record_states_name_the_breakdowns() -> None:
    case_data = data(_records())
    with Session(case_data, load_datamodel()) as session:
        states = record_states(session, indicator(SHARE), periods_for_years([2024], "år"))
    assert list(states.columns) == ["_key", "_barn", "_period", "s_urval", "s_cens", "s_exkl", "s_und", "s_eff", "s_bn",
                                    "s_talj", "s_bt", "kön"]
    by_key = {r["_key"]: r for r in states.to_dict("records")}
    assert sorted(by_key) == ["u1", "u2", "u3", "u4"]
    assert (by_key["u1"]["_barn"], by_key["u1"]["kön"], bool(by_key["u1"]["s_talj"])) == ("b1", "flicka", True)
    assert (by_key["u2"]["s_talj"], by_key["u2"]["s_eff"]) == (False, True)
    assert pd.isna(by_key["u4"]["kön"])


def test_missing_strata_and_the_order_of_strata_nobody_declared() -> None:
    assert all(engine_run._missing(v) for v in (None, pd.NA, float("nan")))
    assert not any(engine_run._missing(v) for v in (0, 0.0, "", False, "nan"))
    # declared values first as declared, then the others seen: numbers before text, each in order
    assert engine_run._ordered(("b", "a"), {"a", "c", 3, 1, "b0"}) == ["b", "a", 1, 3, "b0", "c"]
    assert engine_run._ordered((), set()) == []


def test_record_states_search_related_records_and_censor_at_the_extraction_date() -> None:
    from engine.helpers import FOLLOW_UP

    insats = [{"insats_id": i, "barn_id": b, "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": slut} for i, b, slut in (("i1", "b1", "2024-03-01"), ("i2", "b2", "2024-09-01"))]
    records = {"barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")), "insats": insats,
               "aktualisering": [{"aktualisering_id": "a1", "barn_id": "b1", "datum": "2025-01-10", "typ": "anmälan"}]}
    # 24 months after i1 had passed on the extraction date (1 June 2026), after i2 not yet
    case_data = data(records, dt.date(2026, 6, 1))
    with Session(case_data, load_datamodel()) as session:
        states = record_states(session, indicator(FOLLOW_UP), periods_for_years([2024], "år"))
        assert session._registered == {"insats", "aktualisering"}  # only the tables the indicator reads
    by_key = {r["_key"]: r for r in states.to_dict("records")}
    assert (by_key["i1"]["s_talj"], by_key["i1"]["s_cens"], by_key["i1"]["s_eff"]) == (True, False, True)
    assert (by_key["i2"]["s_talj"], by_key["i2"]["s_cens"], by_key["i2"]["s_eff"]) == (False, True, False)


def test_frame_loads_only_the_tables_named() -> None:
    with Session(data(_records()), load_datamodel()) as session:
        assert list(session.frame("SELECT count(*) AS n FROM barn", {"barn"})["n"]) == [3]
        assert session._registered == {"barn"}


def test_prepare_builds_the_lookup_tables_before_any_indicator_runs() -> None:
    from engine.helpers import FOLLOW_UP
    from suengine.engine.run import prepare

    with Session(data({"barn": children(("b1", "flicka", "2015-01-01"))}), load_datamodel()) as session:
        prepare(session, [indicator(SHARE)])  # no relation: nothing to build
        assert session._registered == set() and not session._lookups
        prepare(session, [indicator(FOLLOW_UP)])
        built = session.rows("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE '\\_rel\\_%' ESCAPE '\\'", set())
        assert len(built) == 1 and set(session._lookups) == {built[0]["table_name"]}
        assert {"insats", "aktualisering"} <= session._registered


def test_a_session_without_settings_works_in_the_shared_database() -> None:
    shared = engine_run._database()
    shared.execute("CREATE OR REPLACE TABLE suengine_test_shared AS SELECT 7 AS x")
    try:
        with Session(data(_records()), load_datamodel()) as session:
            assert session.rows("SELECT x FROM suengine_test_shared", set()) == [{"x": 7}]
    finally:
        shared.execute("DROP TABLE suengine_test_shared")


def test_an_entity_without_a_table_is_loaded_empty_with_its_columns() -> None:
    frames = data(_records())
    only = CaseData(tables={name: frames.tables[name] for name in ("barn", "utredning")}, extraction_date=frames.extraction_date)
    with Session(only, load_datamodel()) as session:
        assert session.rows("SELECT count(*) AS n, count(slut) AS s FROM insats", {"insats"}) == [{"n": 0, "s": 0}]
        columns = session.rows("SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE table_name = 'insats'", set())
    assert {c["c"]: c["t"] for c in columns}["slut"] == "DATE"


def test_a_lookup_table_grows_with_the_own_records_of_another_entity() -> None:
    """Re-aktualisering after an utredning and after an insats search the same relation: one lookup table.
    Evaluated one after the other without prepare, the second adds its own records to the table (keys
    already there skipped), and each gives what it gives in a session of its own."""
    from engine.helpers import FOLLOW_UP

    after_insats = indicator(FOLLOW_UP)
    after_utredning = indicator(FOLLOW_UP.replace("bas: insats", "bas: utredning"))
    insats = [{"insats_id": f"i{n}", "barn_id": f"b{n}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": "2024-03-01"} for n in (1, 2, 3)]
    utredning = [{"utredning_id": f"u{n}", "barn_id": f"b{n}", "utredningstyp": "barnavård", "start": "2023-10-01",
                  "slut": "2024-02-01"} for n in (1, 2, 3, 4)]
    aktualisering = [{"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-02-15", "typ": "anmälan"},  # after u1, before i1
                     {"aktualisering_id": "a2", "barn_id": "b2", "datum": "2025-01-10", "typ": "anmälan"},
                     {"aktualisering_id": "a4", "barn_id": "b4", "datum": "2024-06-01", "typ": "anmälan"}]
    kids = children(*((f"b{n}", "flicka", "2015-01-01") for n in (1, 2, 3, 4)))
    case_data = data({"barn": kids, "insats": insats, "utredning": utredning, "aktualisering": aktualisering}, dt.date(2026, 6, 1))

    def alone(ind: object) -> list[tuple]:
        with Session(case_data, load_datamodel()) as own:
            return [(r["nämnare"], r["täljare"]) for r in evaluate_indicator(own, ind, [2024])]  # type: ignore[arg-type]

    assert alone(after_utredning) == [(4, 3)] and alone(after_insats) == [(3, 1)]
    with Session(case_data, load_datamodel()) as session:
        first = [(r["nämnare"], r["täljare"]) for r in evaluate_indicator(session, after_utredning, [2024])]
        second = [(r["nämnare"], r["täljare"]) for r in evaluate_indicator(session, after_insats, [2024])]
        again = [(r["nämnare"], r["täljare"]) for r in evaluate_indicator(session, after_utredning, [2024])]
        (name,) = session._lookups
        assert len(session._lookups[name]) == 2  # the own records of both entities
        size = session.rows(f'SELECT count(*) AS n FROM "{name}"', set())[0]["n"]
    assert (first, second, again) == ([(4, 3)], [(3, 1)], [(4, 3)])
    # a row per own record with a related record found, none twice: u1, u2, u4 and i2
    assert size == 4
