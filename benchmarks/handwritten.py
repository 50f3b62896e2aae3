"""Hand-written DuckDB SQL for the six representative indicators — the yardstick for the engine.

Written the way an analyst would write them directly against the same tables (loaded as
native DuckDB tables, `native_connection`): filter the urval in WHERE, join barn for kön and
age, a nämnare of the records whose answer is known (an unknown one is internt bortfall), one GROUP BY GROUPING SETS per indicator, COUNT(DISTINCT barn_id) where children are
counted, and the re-aktualisering window as an ASOF join (the nearest later aktualisering with
the same huvudorsak), the fastest form DuckDB offers. Each returns
(period, uppdelning, stratum, nämnare, täljare-or-value) so the benchmark can check the
engine's numbers against them.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

YEARS = "u.{date} >= DATE '{first}-01-01' AND u.{date} <= DATE '{last}-12-31'"


def _age(birth: str, at: str) -> str:
    return (
        f"(year({at}) - year({birth}) - CASE WHEN month({at}) < month({birth}) OR "
        f"(month({at}) = month({birth}) AND day({at}) < day({birth})) THEN 1 ELSE 0 END)"
    )


def _group(age: str) -> str:
    return f"CASE WHEN {age} BETWEEN 0 AND 12 THEN '0–12 år' WHEN {age} BETWEEN 13 AND 20 THEN '13–20 år' END"


_SETS = "GROUPING SETS ((period), (period, kön), (period, åldersgrupp))"


def queries(first: int, last: int, extraction: dt.date) -> dict[str, str]:
    """SQL per benchmark indicator id."""
    return {
        "b-utredning-4-man": f"""
            SELECT period, kön, åldersgrupp, GROUPING(kön) AS gk, GROUPING(åldersgrupp) AS ga, count(ok) AS nämnare, count_if(ok) AS täljare FROM (
              SELECT year(u.slut) AS period, b."kön", {_group(_age('b.födelsedatum', 'u.start'))} AS åldersgrupp,
                     u.slut <= u.start + INTERVAL 4 MONTH AS ok
              FROM utredning u LEFT JOIN barn b ON b.barn_id = u.barn_id
              WHERE u.utredningstyp = 'barnavård' AND {YEARS.format(date='slut', first=first, last=last)})
            GROUP BY {_SETS}""",
        "b-forhandsbedomning-14-dagar": f"""
            SELECT period, kön, åldersgrupp, GROUPING(kön) AS gk, GROUPING(åldersgrupp) AS ga, count(ok) AS nämnare, count_if(ok) AS täljare FROM (
              SELECT year(u.datum) AS period, b."kön", {_group(_age('b.födelsedatum', 'u.datum'))} AS åldersgrupp,
                     u.förhandsbedömning_klar <= u.datum + INTERVAL 14 DAY AS ok
              FROM aktualisering u LEFT JOIN barn b ON b.barn_id = u.barn_id
              WHERE u.typ = 'anmälan' AND {YEARS.format(date='datum', first=first, last=last)})
            GROUP BY {_SETS}""",
        "b-enskilt-samtal": f"""
            SELECT period, kön, åldersgrupp, GROUPING(kön) AS gk, GROUPING(åldersgrupp) AS ga, count(enskilt_samtal) AS nämnare, count_if(enskilt_samtal) AS täljare FROM (
              SELECT year(u.slut) AS period, b."kön", {_group(_age('b.födelsedatum', 'u.start'))} AS åldersgrupp, u.enskilt_samtal
              FROM utredning u LEFT JOIN barn b ON b.barn_id = u.barn_id
              WHERE u.utredningstyp = 'barnavård' AND u.avslutsorsak NOT IN ('flyttat', 'överflyttad')
                AND {YEARS.format(date='slut', first=first, last=last)})
            GROUP BY {_SETS}""",
        "b-ateraktualisering-24-man": f"""
            WITH i AS (
              SELECT u.barn_id, u.slut, u.huvudorsak, year(u.slut) AS period, b."kön",
                     {_group(_age('b.födelsedatum', 'u.slut'))} AS åldersgrupp
              FROM insats u LEFT JOIN barn b ON b.barn_id = u.barn_id
              WHERE u.insatskategori = 'öppenvård' AND {YEARS.format(date='slut', first=first, last=last)}
                AND u.slut + INTERVAL 24 MONTH <= DATE '{extraction.isoformat()}'),
            r AS (
              SELECT i.*, coalesce(a.datum <= i.slut + INTERVAL 24 MONTH, FALSE) AS hit
              FROM i ASOF LEFT JOIN (SELECT barn_id, huvudorsak, datum FROM aktualisering WHERE datum IS NOT NULL) a
                ON a.barn_id = i.barn_id AND a.huvudorsak = i.huvudorsak AND a.datum > i.slut)
            SELECT period, kön, åldersgrupp, GROUPING(kön) AS gk, GROUPING(åldersgrupp) AS ga, count(DISTINCT barn_id) AS nämnare,
                   count(DISTINCT barn_id) FILTER (WHERE hit) AS täljare
            FROM r GROUP BY {_SETS}""",
        "b-anmalda-barn-per-1000": f"""
            SELECT period, kön, åldersgrupp, GROUPING(kön) AS gk, GROUPING(åldersgrupp) AS ga, count(DISTINCT barn_id) AS nämnare, NULL AS täljare FROM (
              SELECT u.barn_id, year(u.datum) AS period, b."kön", {_group(_age('b.födelsedatum', 'u.datum'))} AS åldersgrupp
              FROM aktualisering u LEFT JOIN barn b ON b.barn_id = u.barn_id
              WHERE u.typ = 'anmälan' AND {_age('b.födelsedatum', 'u.datum')} BETWEEN 0 AND 17
                AND {YEARS.format(date='datum', first=first, last=last)})
            GROUP BY {_SETS}""",
        "b-median-utredningstid": f"""
            SELECT period, kön, åldersgrupp, GROUPING(kön) AS gk, GROUPING(åldersgrupp) AS ga, count(dagar) AS nämnare, median(dagar) AS täljare FROM (
              SELECT year(u.slut) AS period, b."kön", {_group(_age('b.födelsedatum', 'u.start'))} AS åldersgrupp,
                     date_diff('day', u.start, u.slut) AS dagar
              FROM utredning u LEFT JOIN barn b ON b.barn_id = u.barn_id
              WHERE u.utredningstyp = 'barnavård' AND {YEARS.format(date='slut', first=first, last=last)})
            GROUP BY {_SETS}""",
    }


def native_connection(tables: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding every table as a native table, dates as DATE (the engine's types)."""
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    for name, frame in tables.items():
        connection.register("_frame", frame)
        columns = ", ".join(
            f'CAST("{c}" AS DATE) AS "{c}"' if pd.api.types.is_datetime64_any_dtype(frame[c]) else f'"{c}"' for c in frame.columns
        )
        connection.execute(f'CREATE TABLE "{name}" AS SELECT {columns or "*"} FROM _frame')
        connection.unregister("_frame")
    return connection


def run(connection: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Rows as (indikator-free) period, uppdelning, stratum, nämnare, täljare; NULL strata dropped."""
    frame = connection.execute(sql).df()
    rows = []
    for r in frame.itertuples(index=False):
        if r.gk and r.ga:
            rows.append((str(r.period), "total", "", r.nämnare, r.täljare))
        elif not r.gk and not pd.isna(r.kön):
            rows.append((str(r.period), "kön", r.kön, r.nämnare, r.täljare))
        elif not r.ga and not pd.isna(r.åldersgrupp):
            rows.append((str(r.period), "åldersgrupp", r.åldersgrupp, r.nämnare, r.täljare))
    return pd.DataFrame(rows, columns=["period", "uppdelning", "stratum", "nämnare", "täljare"])
