"""Bygg en ny version av rapport, webbplats och Excel ur en dataleverans – eller ingenting alls.

Kontrollerar indikatordefinitionerna, läser och pseudonymiserar leveransen, beräknar, renderar
rapporten (HTML, PDF, DOCX), Excelarbetsboken och webbplatsen i en tillfällig mapp, kör
integritetskontrollen (inga personnummer, inga publicerade antal under gränsen) och flyttar
först därefter resultatet till UT/<version>/ och uppdaterar webbplatsen i UT/webb/.
Vid fel avslutas kommandot med felkod och tidigare publicerade versioner lämnas orörda.

Före allt annat går leveransen igenom en rimlighetskontroll som stoppar bygget när fler än
5 % av en entitets rader avvisades (största_andel_avvisade i suengine.yml), när en levererad
entitet saknar godkända rader, när uttagsdatum ligger i framtiden eller när ett redovisat år
saknar händelser. Flaggorna --tillåt-… åsidosätter en kontroll; det skrivs i manifest.json.
Ett bygge som avbröts mitt i publiceringen slutförs av nästa körning.

LEVERANS är en leveransmapp (med leverans.yml) eller en mapp med leveranser; då byggs den med
senast uttagsdatum. Standardvärden kommer från projektets suengine.yml (i arbetskatalogen, en
mapp ovanför eller --projekt; se docs/konfiguration.md): katalogens indikatorer med projektets
val och lokala ändringar, lokala indikatorer, fält och mappningar. Flaggorna nedan går före.
Utanför ett projekt måste LEVERANS anges. Pseudonymnyckeln läses från
SUENGINE_PSEUDONYM_KEY eller nyckelfilen.

Det som inte ändrats sedan ett tidigare bygge hämtas från projektets .cache/: diagrammen, och
beräkningen när leveransen, definitionerna och inställningarna är desamma (efter en ändrad
kommentar räknas och ritas inget om). Mappen får tas bort när som helst (då görs allt igen);
--utan-cache bygger allt på nytt utan att läsa eller skriva den.

Exempel:
  suengine build demo/leverans-2026-01
  suengine build leveranser --ut build --kommentarer kommentarer
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from suengine.build import CACHE, BuildRequest, build
from suengine.engine.periods import parse_years
from suengine.errors import SuengineError
from suengine.project.config import CONFIG_FILE, Config
from suengine.project.context import NO_PROJECT, add_project_argument, indicator_source, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leverans", metavar="LEVERANS", type=Path, nargs="?",
                        help="leveransmapp, eller mapp med leveranser (standard: leveranser/ enligt suengine.yml)")
    parser.add_argument("--konfig", type=Path, help="projektets inställningar (standard: ./suengine.yml om den finns)")
    parser.add_argument("--ut", type=Path, help="mapp för publicerade versioner (standard: build/)")
    parser.add_argument("--indikatorer", type=Path, help="indikatordefinitioner (standard: indicators/)")
    parser.add_argument("--år", dest="years", help="år att redovisa, t.ex. 2021-2025 (standard: de fem åren före uttagsdatum)")
    parser.add_argument("--kommentarer", type=Path, help="verksamhetens kommentarer, <år>/<indikator-id>.md")
    parser.add_argument("--minsta-antal", type=int, help="gräns för röjandekontroll (standard 5)")
    parser.add_argument("--utan-cache", dest="no_cache", action="store_true",
                        help="rita och beräkna allt på nytt, utan det som tidigare byggen sparat i .cache/")
    add_project_argument(parser)
    parser.add_argument("--tillåt-bortfall", dest="allow", action="append_const", const="bortfall",
                        help="bygg trots att fler rader än gränsen (största_andel_avvisade, standard 5 %%) avvisades i någon entitet")
    parser.add_argument("--tillåt-tom-entitet", dest="allow", action="append_const", const="tom_entitet",
                        help="bygg trots att en levererad entitet saknar godkända rader")
    parser.add_argument("--tillåt-år-utan-data", dest="allow", action="append_const", const="år_utan_data",
                        help="bygg trots att ett redovisat år saknar händelser i leveransen")


def request_from(args: argparse.Namespace, config: Config) -> BuildRequest:
    """Flags first, then suengine.yml; outside a project the delivery must be given."""
    if args.leverans is None and config.file is None:
        raise SuengineError(NO_PROJECT.format(config=CONFIG_FILE, cwd=Path.cwd(), what="LEVERANS", extra=""))
    indicators = indicator_source(args.indikatorer, config, "--indikatorer")
    commentary = args.kommentarer or (config.commentary if config.commentary.is_dir() else None)
    out = args.ut or config.out
    return BuildRequest(
        delivery=args.leverans or config.deliveries,
        out=out,
        indicators=indicators,
        years=parse_years(args.years) if args.years else None,
        threshold=args.minsta_antal or config.threshold,
        bortfall_limit=config.bortfall_limit,
        commentary=commentary,
        municipality=config.municipality,
        committee=config.committee,
        max_rejected_percent=config.max_rejected_percent,
        allow=tuple(getattr(args, "allow", None) or ()),
        reference=config.root if config.file is not None else None,
        comparison=config.comparison,
        cache=None if getattr(args, "no_cache", False) else cache_folder(config, out),
    )


def cache_folder(config: Config, out: Path) -> Path:
    """Where builds keep what the next build may reuse: the project's .cache/, outside a project UT/.cache/."""
    return (config.root if config.file is not None else out) / CACHE


def run(args: argparse.Namespace) -> int:
    return run_with(args, open_project(args))


def run_with(args: argparse.Namespace, config: Config) -> int:
    started = time.perf_counter()
    request = request_from(args, config)
    outcome = build(request, progress=lambda message: print(message, flush=True))
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    print(f"Version {outcome.version} publicerad på {seconds} s.")
    print(f"  Rapport och Excel: {outcome.folder}")
    print(f"  Webbplats: {outcome.site.parent / 'index.html'} (servera med `python -m http.server -d {outcome.site.parent}`)")
    return 0
