"""Bygg webbplatsen (MkDocs Material) och Excelarbetsboken ur resultattabellen.

Skriver ett MkDocs-projekt (mkdocs.yml, docs/, overrides/) i --projekt (standard: site/), bygger
det strikt till site/html/ och skriver Excelarbetsboken site/su-resultat.xlsx, som också läggs på
webbplatsens sida Nedladdningar. Dolda värden (röjandekontroll) visas som `..` överallt.

Med --publicera MAPP läggs den byggda versionen i MAPP/<version>/ bredvid tidigare versioner, och
MAPP/versions.json uppdateras så att versionsväljaren och arkivsidan når dem; MAPP/index.html leder
till den senaste. Öppna webbplatsen via en webbserver, t.ex.
`python -m http.server -d MAPP` och http://localhost:8000/ (sökningen fungerar inte från file://).

Exempel:
  suengine site --resultat build/resultat
  suengine site --resultat build/resultat --version 2025.1 --titel "Årsrapport 2025" \\
      --kvalitet build/kvalitet --kommentarer kommentarer \\
      --bifoga build/2025.1/su-rapport-2025.1.pdf --publicera build/webb
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from suengine.errors import SuengineError
from suengine.definitions.model import Indicator
from suengine.render.excel import WorkbookOptions, write_workbook
from suengine.render.site import Downloads, SiteOptions, build_site, publish_version, read_versions, write_site

WORKBOOK_NAME = "su-resultat.xlsx"
ATTACHMENT_KINDS = {".pdf": "report_pdf", ".docx": "report_docx", ".csv": "results_csv", ".json": "results_json"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resultat", required=True, metavar="MAPP", type=Path,
                        help="mapp med resultat.csv eller resultat.json (eller filen själv)")
    parser.add_argument("--indikatorer", metavar="MAPP", type=Path, help="indikatordefinitioner (standard: SU-projektets indikatorer enligt suengine.yml)")
    parser.add_argument("--projekt", metavar="MAPP", type=Path, default=Path("site"),
                        help="mapp för det genererade MkDocs-projektet (standard: site/)")
    parser.add_argument("--kvalitet", metavar="MAPP", type=Path,
                        help="mapp med kvalitet_sammanfattning.csv och problem.csv från inläsningen")
    parser.add_argument("--kommentarer", metavar="MAPP", type=Path, help="verksamhetens kommentarer, <år>/<indikator-id>.md")
    parser.add_argument("--version", metavar="VERSION", dest="site_version", default="utkast",
                        help="versionsbeteckning, även mappnamn vid publicering (standard: utkast)")
    parser.add_argument("--titel", metavar="TEXT", help="versionens namn för läsaren (standard: versionsbeteckningen)")
    parser.add_argument("--kommun", metavar="NAMN", default="Exempelkommun", help="kommunens namn")
    parser.add_argument("--bifoga", metavar="FIL", type=Path, nargs="+", default=[],
                        help="filer till sidan Nedladdningar: rapportens .pdf/.docx, publicerbar resultat.csv/.json")
    parser.add_argument("--publicera", metavar="MAPP", type=Path,
                        help="lägg den byggda versionen i MAPP/<version>/ och uppdatera versions.json")


def _indicators(args: argparse.Namespace) -> list[Indicator]:
    from suengine.definitions.loader import load_definitions
    from suengine.project.context import describe_source, indicator_source, open_project

    config = open_project(args)
    source = indicator_source(args.indikatorer, config, "--indikatorer")
    loaded = load_definitions(source)
    if not loaded.ok:
        raise SuengineError(f"{describe_source(source, config)}: {loaded.errors} fel; kör `suengine check`")
    return loaded.indicators


def _comparisons(results, indicators, args: argparse.Namespace):
    """Kolada's values from the project's referens/ when suengine.yml has `jämförelse:` (else none)."""
    from suengine.project.context import open_project
    from suengine.publish.comparison import for_results

    config = open_project(args)
    return for_results(results, indicators, config.root if config.file is not None else None, config.comparison)


def _downloads(files: list[Path], workbook: Path) -> Downloads:
    chosen: dict[str, Path] = {"excel": workbook}
    for path in files:
        kind = ATTACHMENT_KINDS.get(path.suffix.lower())
        if kind is None:
            raise SuengineError(f"{path}: kan bara bifoga .pdf, .docx, .csv och .json")
        if not path.is_file():
            raise SuengineError(f"{path}: filen finns inte")
        chosen[kind] = path
    return Downloads(**chosen)


def run(args: argparse.Namespace) -> int:
    from suengine.render.report.data import load_results
    from suengine.render.report.versions import build_time
    from suengine.render.site.quality import delivery_fact, load_quality

    start = time.perf_counter()

    def step(text: str, since: float) -> float:
        now = time.perf_counter()
        print(f"{text} ({f'{now - since:.1f}'.replace('.', ',')} s)", flush=True)
        return now

    results = load_results(args.resultat)
    indicators = _indicators(args)
    results, compared = _comparisons(results, indicators, args)
    mark = step(f"Läste {len(results)} resultatrader och {len(indicators)} indikatorer", start)
    title = args.titel or args.site_version
    project: Path = args.projekt
    workbook = write_workbook(results, indicators, project / WORKBOOK_NAME, quality_dir=args.kvalitet,
                              options=WorkbookOptions(municipality=args.kommun, version_title=title, comparisons=compared))
    mark = step(f"Excelarbetsbok: {workbook}", mark)
    earlier = tuple(v for v in read_versions(args.publicera) if v.version != args.site_version) if args.publicera else ()
    dates = {"published": build_time()[:10] if args.publicera else "",
             "extraction_date": delivery_fact(load_quality(args.kvalitet), "uttagsdatum")}
    options = SiteOptions(
        municipality=args.kommun, version=args.site_version, version_title=title, earlier_versions=earlier,
        downloads=_downloads(args.bifoga, workbook), quality_dir=args.kvalitet, comments_dir=args.kommentarer, **dates,
        comparisons=compared,
    )
    config = write_site(results, indicators, project, options)
    mark = step(f"Webbplatsens sidor genererade i {project}", mark)
    html = build_site(config)
    mark = step(f"Webbplatsen byggd (mkdocs build --strict): {html}", mark)
    if args.publicera:
        target = publish_version(html, args.publicera, args.site_version, title, **dates)
        step(f"Publicerad som version {args.site_version}: {target}", mark)
    total = f"{time.perf_counter() - start:.1f}".replace(".", ",")
    print(f"Klart på {total} s. Öppna {html / 'index.html'} eller servera mappen med `python -m http.server`.")
    return 0
