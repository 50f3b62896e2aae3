"""Bygg årsrapporten till nämnden som HTML, PDF och DOCX, i en ny version som aldrig skrivs över.

Läser resultattabellen (resultat.csv eller resultat.json, se docs/resultat.md) och
indikatordefinitionerna, och valfritt leveransens kvalitetssammanfattning och verksamhetens
kommentarer (kommentarer/<år>/<indikator-id>.md, se docs/kommentarer.md). Rapporten hamnar i
<ut>/<version>/: su-rapport-<version>.pdf, .html och .docx, manifest.json, andringslogg.md och
Quarto-projektet (quarto/). Versionen är rapportår.leveransnummer; utan --version tas nästa
lediga nummer för året. Quarto används om det finns i PATH, annars pandoc och typst.

Exempel:
  suengine report --resultat build/resultat --år 2025
  suengine report --resultat build/resultat --år 2025 --kvalitet build/kvalitet \\
      --kommentarer kommentarer --ut build/rapport --version 2025.2
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from suengine.errors import SuengineError
from suengine.project.context import add_project_argument

FORMATS = ("html", "pdf", "docx")  # as suengine.render.report.backends; imported lazily (pandas, matplotlib)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resultat", required=True, metavar="MAPP", type=Path,
                        help="mapp med resultat.csv eller resultat.json (eller filen själv)")
    parser.add_argument("--år", required=True, type=int, metavar="ÅR", dest="year", help="rapportår, t.ex. 2025")
    parser.add_argument("--indikatorer", metavar="MAPP", type=Path,
                        help="mapp med indikatordefinitioner (standard: projektets indikatorer enligt suengine.yml)")
    parser.add_argument("--kvalitet", metavar="MAPP", type=Path,
                        help="mapp med kvalitet_sammanfattning.csv och problem.csv från inläsningen")
    parser.add_argument("--kommentarer", metavar="MAPP", type=Path,
                        help="mapp med verksamhetens kommentarer, <år>/<indikator-id>.md")
    parser.add_argument("--ut", metavar="MAPP", type=Path, default=Path("build"),
                        help="mapp där versionen skapas (standard: build/)")
    parser.add_argument("--version", metavar="VERSION", dest="report_version",
                        help="versionsbeteckning, t.ex. 2025.1 (standard: nästa lediga för året)")
    parser.add_argument("--titel", metavar="TEXT", help="rapportens titel")
    parser.add_argument("--minsta-antal", metavar="N", type=int, default=5, dest="min_n",
                        help="gränsen för röjandekontroll som metodkapitlet anger (samma som vid evaluate; standard: 5)")
    add_project_argument(parser)
    parser.add_argument("--format", metavar="FORMAT", nargs="+", choices=FORMATS, default=list(FORMATS),
                        help="format att skapa: html, pdf, docx (standard: alla)")


def _indicators(args: argparse.Namespace, config):
    """The folder given, or the project's indicators (loaded, when they are the catalogue with local changes)."""
    from suengine.engine.loading import load_indicators
    from suengine.project.context import indicator_source

    source = indicator_source(args.indikatorer, config, "--indikatorer")
    return source if isinstance(source, Path) else load_indicators(source)


def _comparisons(args: argparse.Namespace, config, indicators):
    """Kolada's values from the project's referens/ when suengine.yml has `jämförelse:` and the indicators are loaded."""
    from suengine.publish.comparison import comparisons
    from suengine.render.report.data import load_results

    if config.file is None or not config.comparison or isinstance(indicators, Path):
        return None
    return comparisons(load_results(args.resultat), indicators, config.root, config.comparison,
                       list(range(args.year - 4, args.year + 1)))


def run(args: argparse.Namespace) -> int:
    from suengine.project.context import open_project
    from suengine.render.report import ReportRequest, build_report

    if args.min_n < 3:
        raise SuengineError("--minsta-antal får aldrig vara under 3")
    if not args.resultat.exists():
        raise SuengineError(f"{args.resultat}: resultatmappen finns inte")
    start = time.perf_counter()
    config = open_project(args)
    indicators = _indicators(args, config)
    request = ReportRequest(
        results=args.resultat, year=args.year, indicators=indicators, out=args.ut,
        quality=args.kvalitet, commentary=args.kommentarer, version=args.report_version, title=args.titel,
        formats=tuple(args.format), min_n=args.min_n, comparisons=_comparisons(args, config, indicators),
        municipality=config.municipality, committee=config.committee,  # suengine.yml's kommun and nämnd, on the cover
    )
    result = build_report(request, progress=lambda line: print(line, flush=True))
    for warning in result.warnings:
        print(f"Varning: {warning}")
    seconds = f"{time.perf_counter() - start:.1f}".replace(".", ",")
    print(f"Rapportversion {result.version} klar på {seconds} s ({result.renderer}):")
    for fmt, path in result.outputs.items():
        print(f"  {fmt.upper():<4} {path}")
    return 0
