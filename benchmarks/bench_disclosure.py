"""Benchmark: disclosure pass over linked tables + the independent LP audit, whole catalogue.

    .venv/bin/python benchmarks/bench_disclosure.py                      # Mölndal-size demo, five years
    .venv/bin/python benchmarks/bench_disclosure.py --leverans demo/leverans-2026-01

Generates the Mölndal-size demo delivery (`suengine.demo.delivery --skala mölndal`) in a
temporary folder unless one is given, ingests it, evaluates every indicator for the five years
before the uttagsdatum once, and then times, best of N repetitions:
  * the disclosure pass (`disclosure.suppress_rows` on the engine's rows: cells, relations,
    primary and secondary suppression) and the published form,
  * the audit (`audit.audit`: build the reader's linear system, bounds of every hidden cell).
Goal (issue 12): both together add at most 5 s to a build.

Measured 2026-11-29 on the shared 2-core build machine, load average 10–13 (five times
oversubscribed), best of 3 (figures in benchmarks/README.md, section Röjandekontroll):
  Mölndal-size (`--skala mölndal`), 2021–2025, 54 indikatorer, 3 240 result rows: disclosure pass
  0.8–1.1 s, audit 3.0–3.5 s (2 320 linear programmes, 1 049 hidden rows, 0 leaks): 4.0–4.6 s
  together, under the 5 s goal. The audit's HiGHS runs through scipy's public `milp`, all
  components' programmes of a round as one block-diagonal programme.
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leverans", type=Path, help="en leveransmapp (standard: skapa Mölndal-storlek)")
    parser.add_argument("--upprepningar", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SUENGINE_PSEUDONYM_KEY", "benchmark-nyckel-0123456789")

    from suengine.casedata.datamodel import load_datamodel
    from suengine.definitions import load_definitions
    from suengine.engine import Session, evaluate_indicator
    from suengine.ingest import ingest_delivery
    from suengine.publish import disclosure, linkage, results
    from suengine.publish.audit import audit

    with tempfile.TemporaryDirectory() as tmp:
        delivery = args.leverans
        if delivery is None:
            delivery = Path(tmp) / "molndal"
            subprocess.run([sys.executable, "-m", "suengine.demo.delivery", str(delivery), "--skala", "mölndal"],
                           check=True, capture_output=True)
        ingested = ingest_delivery(delivery)
        data = ingested.case_data
        years = list(range(data.extraction_date.year - 5, data.extraction_date.year))
        indicators = load_definitions(ROOT / "indicators").indicators
        session = Session(data, load_datamodel())
        rows = [r for i in indicators for r in evaluate_indicator(session, i, years)]
        session.close()
        meta = {i.id: results.IndicatorMeta(i.scoring.kind, disclosure.threshold(i.min_n), i.records not in linkage.AGGREGATE_ENTITIES)
                for i in indicators}
        facts = {i.id: linkage.facts(i, meta[i.id].threshold) for i in indicators}
        best_suppress = best_audit = float("inf")
        for _ in range(args.upprepningar):
            work = copy.deepcopy(rows)
            start = time.perf_counter()
            built = results.build_results(work, indicators)
            published = built.published()
            best_suppress = min(best_suppress, time.perf_counter() - start)
            start = time.perf_counter()
            report = audit(published, facts)
            best_audit = min(best_audit, time.perf_counter() - start)
        hidden = int(built.table["undertryckt"].sum())
        print(f"{delivery.name}: {len(rows)} resultatrader, {len(indicators)} indikatorer, år {years[0]}–{years[-1]}")
        print(f"  röjandekontroll (inkl. mål, föregående år, publicerad form): {best_suppress:.2f} s; {hidden} dolda rader")
        print(f"  granskning (LP): {best_audit:.2f} s; {report.programmes} linjära program; {len(report.leaks)} läckor")
        print(f"  sammanlagt {best_suppress + best_audit:.2f} s (mål ≤ 5 s)")
        print(f"  {report.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
