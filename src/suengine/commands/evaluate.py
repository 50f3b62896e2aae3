"""Beräkna indikatorerna för en dataleverans och skriv resultattabellen (resultat.csv och resultat.json).

Ärendedata läses från en mapp med en CSV-fil per entitet och leverans.yml (se
demo/exempeldata/README.md); har `suengine ingest` också skrivit en Parquet-fil per entitet läses
den direkt (snabbare), utom när CSV-filen har ändrats efteråt. Resultatfilerna följer docs/resultat.md och är den publicerbara
formen: värden som röjandekontrollen döljer (för få) är tomma, med orsak i undertryckt_orsak.
Med --internt skrivs också resultat-internt.csv med alla värden; den får inte publiceras.

Exempel:
  suengine evaluate --data demo/exempeldata --år 2021-2025 --ut results/
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from suengine.engine.coverage import choose_years
from suengine.casedata.folder import read_case_data
from suengine.casedata.datamodel import load_datamodel
from suengine.publish.disclosure import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD
from suengine.engine import evaluate
from suengine.engine.loading import load_indicators
from suengine.engine.periods import parse_years
from suengine.errors import SuengineError
from suengine.definitions.model import Indicator
from suengine.render.format import format_value
from suengine.publish.results import write_csv, write_json
from suengine.project.context import add_project_argument, describe_source, indicator_source, open_project

INTERNAL_HEADER = "INTERNT – får inte publiceras. Innehåller värden som röjandekontrollen döljer."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="mapp med ärendedata (CSV-filer och leverans.yml)")
    parser.add_argument("--indikatorer", type=Path, help="mapp eller fil med indikatorer (standard: projektets indikatorer enligt suengine.yml)")
    parser.add_argument("--år", dest="years", help="år att beräkna, t.ex. 2021-2025 eller 2024 (standard: de fem åren före uttagsdatum)")
    parser.add_argument("--ut", type=Path, default=Path("results"), help="mapp för resultatfilerna (standard: results/)")
    parser.add_argument("--minsta-antal", type=int, default=DEFAULT_THRESHOLD, help=f"gräns för röjandekontroll (standard {DEFAULT_THRESHOLD}, aldrig under {MINIMUM_THRESHOLD})")
    parser.add_argument("--internt", action="store_true", help="skriv även resultat-internt.csv med alla värden (får inte publiceras)")
    add_project_argument(parser)


def default_years(extraction_year: int) -> list[int]:
    """The five whole years before the extraction date's year."""
    return list(range(extraction_year - 5, extraction_year))


def run(args: argparse.Namespace) -> int:
    if args.minsta_antal < MINIMUM_THRESHOLD:
        raise SuengineError(f"--minsta-antal får inte vara under {MINIMUM_THRESHOLD}")
    started = time.perf_counter()
    config = open_project(args)
    source = indicator_source(args.indikatorer, config, "--indikatorer")
    model = load_datamodel()
    indicators = load_indicators(source)
    if not indicators:
        raise SuengineError(f"inga indikatorer ({describe_source(source, config)})")
    print(describe_source(source, config))
    data = read_case_data(args.data, model)
    years = choose_years(data, parse_years(args.years) if args.years else None, default_years(data.extraction_date.year), print)
    where = f"{data.municipality}, " if data.municipality else ""
    print(f"Beräknar {len(indicators)} indikatorer för {years[0]}–{years[-1]} ({where}uttagsdatum {data.extraction_date.isoformat()}) …")

    def progress(indicator: Indicator, rows: int) -> None:
        print(f"  {indicator.id}: {rows} rader")

    results = evaluate(indicators, data, years, model=model, threshold=args.minsta_antal, progress=progress)
    published = results.published()
    args.ut.mkdir(parents=True, exist_ok=True)
    write_csv(published, args.ut / "resultat.csv")
    write_json(published, args.ut / "resultat.json")
    written = [args.ut / "resultat.csv", args.ut / "resultat.json"]
    if args.internt:
        write_csv(results.table, args.ut / "resultat-internt.csv", header_comment=INTERNAL_HEADER)
        written.append(args.ut / "resultat-internt.csv")
    _summary(results.table, indicators, years[-1])
    table = results.table
    print(
        f"Klart på {time.perf_counter() - started:.1f} s: {len(table)} rader, "
        f"{int(table['undertryckt'].sum())} undertryckta värden, {int((table['värde_saknas'] != '').sum())} rader utan värde."
    )
    print("Skrev " + ", ".join(str(p) for p in written) + ".")
    return 0


def _summary(table: pd.DataFrame, indicators: list[Indicator], year: int) -> None:
    """One line per indicator: the total for the last year, as a reader of the report would see it."""
    print(f"Totalt {year}:")
    for indicator in indicators:
        rows = table[(table["indikator_id"] == indicator.id) & (table["uppdelning"] == "total") & table["period"].str.startswith(str(year))]
        main = rows[(rows["kategori"] == "") | (indicator.scoring.kind == "kategori")]
        for _, r in main.iterrows():
            if r["undertryckt"]:
                shown = ".. (för få)"
            else:
                value = None if pd.isna(r["värde"]) else float(r["värde"])
                shown = format_value(value, str(r["enhet"]), nbsp=False)
                if r["värde_saknas"]:
                    shown += f" ({r['värde_saknas'].replace('_', ' ')})"
            label = f" {r['kategori']}" if r["kategori"] else ""
            print(f"  {indicator.id} {r['period']}: {shown}{label}, status {r['status']}")
