"""Benchmark: the engine against hand-written DuckDB SQL over native tables and naive pandas masks.

    .venv/bin/python benchmarks/bench_engine.py                 # 100 000 and 2 000 000 aktualiseringar
    .venv/bin/python benchmarks/bench_engine.py --storlekar 100000 --upprepningar 3

For each size it generates five years of synthetic case data (suengine.demo.flow, the same simulation as the demo delivery), then
prints wall time, processor time (user + sys of every thread: the fairer figure on a shared machine) and peak memory of
  * the engine on every indicator in indicators/ (the whole catalogue: all periods, all strata, targets, suppression),
  * the engine on six representative indicators with kön × åldersgrupp breakdowns,
  * hand-written DuckDB SQL for the same six (benchmarks/handwritten.py) over the same data copied into native
    DuckDB tables (the near-limit baseline: what an analyst would write, on DuckDB's own columns; the copy is timed,
    as the engine's session copies its tables too),
  * a straightforward pandas-mask evaluation of the same six (benchmarks/pandas_masks.py, independent of DuckDB),
checks that the engine's nämnare/täljare equal the hand-written SQL's for every period and
stratum, and prints the ratios, also per indicator with the queries alone (tables loaded once,
best of N runs, engine and baseline interleaved so both see the same machine load).
Measured figures are in benchmarks/README.md ("Motor och inläsning").
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten  # noqa: E402
import pandas_masks  # noqa: E402
from representative import representative  # noqa: E402

from suengine.casedata.datamodel import load_datamodel  # noqa: E402
from suengine.engine import Session, evaluate, evaluate_indicator  # noqa: E402
from suengine.engine.loading import load_indicators  # noqa: E402
from suengine.demo.flow import generate  # noqa: E402

YEARS = [2021, 2022, 2023, 2024, 2025]


CPU: dict[int, float] = {}  # id(work) → best processor time, read by `cpu_of`


def best_of(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of `repeats` runs, and the last result (the best processor time is kept in CPU)."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        result = work()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    CPU[id(work)] = best_cpu
    return best, result


def timed(repeats: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(best wall, best processor time, last result)."""
    wall, result = best_of(repeats, work)
    return wall, CPU.pop(id(work)), result


def peak_memory(work: Callable[[], Any]) -> tuple[float, float]:
    """(peak Python-heap allocation during one run, process peak RSS so far), in MB.

    tracemalloc sees pandas/Python allocations but not DuckDB's own buffers; the RSS peak
    (resource.getrusage) sees everything but only ever grows, so it bounds the whole run so far.
    """
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_indicator(data, model, indicators, repeats: int) -> list[tuple[str, float, float]]:
    """Engine vs hand-written SQL per indicator, interleaved so both see the same machine load."""
    session = Session(data, model)
    connection = handwritten.native_connection(data.tables)
    sql = handwritten.queries(YEARS[0], YEARS[-1], data.extraction_date)
    out = []
    for indicator in indicators:
        engine = hand = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            evaluate_indicator(session, indicator, YEARS)
            engine = min(engine, time.perf_counter() - start)
            start = time.perf_counter()
            handwritten.run(connection, sql[indicator.id])
            hand = min(hand, time.perf_counter() - start)
        out.append((indicator.id, engine, hand))
    session.close()
    connection.close()
    return out


def engine_six(data, model, indicators) -> pd.DataFrame:
    return evaluate(indicators, data, YEARS, model=model).table


def handwritten_six(data, indicators) -> dict[str, pd.DataFrame]:
    connection = handwritten.native_connection({name: data.tables[name] for name in ("barn", "aktualisering", "utredning", "insats")})
    sql = handwritten.queries(YEARS[0], YEARS[-1], data.extraction_date)
    out = {i.id: handwritten.run(connection, sql[i.id]) for i in indicators}
    connection.close()
    return out


def compare(engine: pd.DataFrame, hand: dict[str, pd.DataFrame]) -> list[str]:
    """Differences between the engine's and the hand-written numbers (empty when identical)."""
    problems = []
    main = engine[engine["kategori"] == ""]
    for ident, expected in hand.items():
        got = main[main["indikator_id"] == ident].set_index(["period", "uppdelning", "stratum"])
        measure = "värde" if ident == "b-median-utredningstid" else "täljare"
        for row in expected.itertuples(index=False):
            key = (row.period, row.uppdelning, row.stratum)
            if key not in got.index:
                problems.append(f"{ident} {key}: saknas i motorns resultat")
                continue
            mine = got.loc[key]
            # per 1000: the hand-written query counts the children, which the engine reports as its täljare
            # (its nämnare is the population); elsewhere nämnare and täljare/median compare directly
            counted = "täljare" if ident == "b-anmalda-barn-per-1000" else "nämnare"
            if int(mine[counted]) != int(row.nämnare):
                problems.append(f"{ident} {key}: {counted} {mine[counted]} ≠ {row.nämnare}")
            if ident != "b-anmalda-barn-per-1000" and float(mine[measure]) != float(row.täljare):
                problems.append(f"{ident} {key}: {measure} {mine[measure]} ≠ {row.täljare}")
    return problems


def run_size(n: int, repeats: int, catalogue: list) -> None:
    print(f"\n=== {n:,} aktualiseringar ===".replace(",", " "))
    start = time.perf_counter()
    data = generate(n)
    sizes = ", ".join(f"{k} {len(v):,}".replace(",", " ") for k, v in data.tables.items() if len(v))
    print(f"genererade på {time.perf_counter() - start:.1f} s: {sizes}")
    model = load_datamodel()
    six = representative()
    t_all, c_all, table_all = timed(repeats, lambda: evaluate(catalogue, data, YEARS, model=model).table) if catalogue else (0.0, 0.0, None)
    t_six, c_six, table_six = timed(repeats, lambda: engine_six(data, model, six))
    t_hand, c_hand, hand = timed(repeats, lambda: handwritten_six(data, six))
    t_pandas, c_pandas, _ = timed(max(1, repeats // 2), lambda: pandas_masks.evaluate_six(data, YEARS))
    m_six = peak_memory(lambda: engine_six(data, model, six))
    m_hand = peak_memory(lambda: handwritten_six(data, six))
    m_pandas = peak_memory(lambda: pandas_masks.evaluate_six(data, YEARS))
    problems = compare(table_six, hand)
    line = "{:<46} {:8.3f} s  CPU {:7.2f} s   Python-topp {:7.1f} MB   RSS-topp hittills {:7.0f} MB"
    print(f"belastning (load average) {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if catalogue:
        m_all = peak_memory(lambda: evaluate(catalogue, data, YEARS, model=model))
        print(line.format(f"motorn, hela katalogen ({len(catalogue)} ind., {len(table_all)} rader)", t_all, c_all, *m_all))
    print(line.format(f"motorn, sex representativa ({len(table_six)} rader)", t_six, c_six, *m_six))
    print(line.format("handskriven SQL, egna DuckDB-tabeller, samma sex", t_hand, c_hand, *m_hand))
    print(line.format("naiv pandas (masker), samma sex", t_pandas, c_pandas, *m_pandas))
    print(f"kvot motor / handskriven SQL: {t_six / t_hand:.2f} (CPU {c_six / c_hand:.2f})   pandas / handskriven SQL: {t_pandas / t_hand:.2f}")
    print("per indikator, bara frågorna (tabellerna inlästa en gång; bästa av upprepningarna, omväxlande körda):")
    rows = per_indicator(data, model, six, repeats)
    for ident, engine, hand_time in rows:
        print(f"  {ident:<32} motor {engine:7.3f} s   handskriven {hand_time:7.3f} s   kvot {engine / hand_time:.2f}")
    engine_sum, hand_sum = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"  {'summa':<32} motor {engine_sum:7.3f} s   handskriven {hand_sum:7.3f} s   kvot {engine_sum / hand_sum:.2f}")
    if problems:
        print(f"AVVIKELSER ({len(problems)}):")
        for p in problems[:20]:
            print("  " + p)
    else:
        print("siffrorna är identiska med den handskrivna SQL:en (nämnare och täljare/median, alla perioder och strata)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--storlekar", default="100000,2000000", help="antal aktualiseringar, kommaseparerat")
    parser.add_argument("--upprepningar", type=int, default=3)
    parser.add_argument("--indikatorer", default=str(HERE.parent / "indicators"))
    args = parser.parse_args(argv)
    catalogue = load_indicators(args.indikatorer) if Path(args.indikatorer).exists() else []
    print(f"duckdb {duckdb.__version__}, pandas {pd.__version__}; {len(catalogue)} indikatorer i {args.indikatorer}")
    for n in (int(s) for s in args.storlekar.split(",")):
        run_size(n, args.upprepningar, catalogue)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
