"""Bygg en ny version av rapport, webbplats och Excel ur en dataleverans – eller ingenting alls.

Kontrollerar indikatordefinitionerna, läser och pseudonymiserar leveransen, beräknar, renderar
rapporten (HTML, PDF, DOCX), Excelarbetsboken och webbplatsen i en tillfällig mapp, kör
integritetskontrollen (inga personnummer, inga publicerade antal under gränsen) och flyttar
först därefter resultatet till UT/<version>/ och uppdaterar webbplatsen i UT/webb/.
Vid fel avslutas kommandot med felkod och tidigare publicerade versioner lämnas orörda.

LEVERANS är en leveransmapp (med leverans.yml) eller en mapp med leveranser; då byggs den med
senast uttagsdatum. Pseudonymnyckeln läses från SUENGINE_PSEUDONYM_KEY eller nyckelfilen.

Exempel:
  suengine build demo/leverans-2026-01
  suengine build leveranser --ut build --kommentarer kommentarer
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from suengine.build import BuildRequest, build
from suengine.disclosure import DEFAULT_THRESHOLD
from suengine.engine.periods import parse_years
from suengine.resources import project_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leverans", metavar="LEVERANS", type=Path, help="leveransmapp, eller mapp med leveranser")
    parser.add_argument("--ut", type=Path, default=Path("build"), help="mapp för publicerade versioner (standard: build/)")
    parser.add_argument("--indikatorer", type=Path, help="indikatordefinitioner (standard: indicators/)")
    parser.add_argument("--år", dest="years", help="år att redovisa, t.ex. 2021-2025 (standard: de fem åren före uttagsdatum)")
    parser.add_argument("--kommentarer", type=Path, help="verksamhetens kommentarer, <år>/<indikator-id>.md")
    parser.add_argument("--minsta-antal", type=int, default=DEFAULT_THRESHOLD, help=f"gräns för röjandekontroll (standard {DEFAULT_THRESHOLD})")


def default_indicators() -> Path:
    local = Path("indicators")
    return local if local.is_dir() else project_root() / "indicators"


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    outcome = build(
        BuildRequest(
            delivery=args.leverans, out=args.ut, indicators=args.indikatorer or default_indicators(),
            years=parse_years(args.years) if args.years else None, threshold=args.minsta_antal,
            commentary=args.kommentarer,
        ),
        progress=lambda message: print(message, flush=True),
    )
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    print(f"Version {outcome.version} publicerad på {seconds} s.")
    print(f"  Rapport och Excel: {outcome.folder}")
    print(f"  Webbplats: {outcome.site.parent / 'index.html'} (servera med `python -m http.server -d {outcome.site.parent}`)")
    return 0
