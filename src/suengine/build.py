"""One build from one data delivery: check → ingest → evaluate → report, workbook, site → privacy → publish.

Layout of the output folder (`build/` by default):

    build/<version>/             one published version, never overwritten
        su-rapport-<version>.html/.pdf/.docx, manifest.json, andringslogg.md, quarto/
        resultat.csv, resultat.json   the publishable results table
        su-resultat.xlsx              the Excel workbook
        webb/                         the built website of this version
    build/webb/                   the current website: every version side by side, versions.json,
                                  index.html → the newest (this is what CI deploys)

Everything for a version is written to a hidden staging folder inside `build/` and renamed into
place only after every stage and the privacy gate passed; on any failure the staging folder is
removed and nothing that was published before changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from suengine.engine.coverage import choose_years
from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
from suengine.casedata.datamodel import load_datamodel
from suengine.publish.disclosure import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD
from suengine.errors import SuengineError
from suengine.definitions.indicator_set import IndicatorSet
from suengine.definitions.model import Indicator
from suengine.publish.privacy import check_published_counts, scan_outputs
from suengine.progress import Stages

SITE_ROOT = "webb"
VERSION_SITE = "webb"
RESULTS_CSV = "resultat.csv"
RESULTS_JSON = "resultat.json"
WORKBOOK = "su-resultat.xlsx"
DELIVERY_MANIFEST = "leverans.yml"

Progress = Callable[[str], None]


@dataclass
class BuildRequest:
    delivery: Path  # one delivery folder, or a folder of deliveries (the newest is built)
    out: Path = Path("build")
    indicators: Path | IndicatorSet = Path("indicators")  # a folder, or a project's catalogue selection
    years: list[int] | None = None  # default: the five whole years before the uttagsdatum
    threshold: int = DEFAULT_THRESHOLD
    bortfall_limit: float = DEFAULT_BORTFALL_LIMIT  # percent (suengine.yml högsta_bortfall)
    commentary: Path | None = None
    municipality: str | None = None  # default: the delivery's kommun
    committee: str | None = None  # the nämnd, named on the website


@dataclass
class BuildOutcome:
    version: str
    folder: Path
    site: Path
    timings: dict[str, float] = field(default_factory=dict)


def _extraction_date(folder: Path) -> dt.date | None:
    try:
        raw = yaml.safe_load((folder / DELIVERY_MANIFEST).read_text(encoding="utf-8")) or {}
        value = raw.get("uttagsdatum")
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except (OSError, ValueError, yaml.YAMLError, AttributeError):
        return None


def choose_delivery(path: Path) -> Path:
    """`path` itself when it is a delivery, else its newest delivery (by uttagsdatum, then name)."""
    if not path.is_dir():
        raise SuengineError(f"{path}: leveransmappen finns inte")
    if (path / DELIVERY_MANIFEST).is_file():
        return path
    candidates = [p for p in path.iterdir() if p.is_dir() and (p / DELIVERY_MANIFEST).is_file()]
    if not candidates:
        raise SuengineError(f"{path}: ingen leverans.yml, varken i mappen eller i någon undermapp")
    return max(candidates, key=lambda p: (_extraction_date(p) or dt.date.min, p.name))


def _load_indicators(folder: Path | IndicatorSet) -> list[Indicator]:
    from suengine.definitions import load_definitions

    loaded = load_definitions(folder)
    errors = [i for i in loaded.issues if i.is_error]
    if errors:
        listing = "\n".join(i.format() for i in errors[:30])
        raise SuengineError(f"indikatordefinitionerna har {len(errors)} fel; inget byggs:\n{listing}")
    if not loaded.indicators:
        raise SuengineError(f"{folder}: inga indikatorer att bygga")
    return loaded.indicators


def build(request: BuildRequest, progress: Progress = print) -> BuildOutcome:
    """Run the whole pipeline for one delivery and publish a new version, or raise and publish nothing."""
    from suengine.engine import evaluate
    from suengine.ingest.output import write_quality
    from suengine.ingest.pipeline import ingest_delivery
    from suengine.render.excel import WorkbookOptions, write_workbook
    from suengine.render.report.build import ReportRequest, build_report
    from suengine.render.report.versions import next_version
    from suengine.render.site import Downloads, SiteOptions, build_site, publish_version, read_versions, write_site
    from suengine.publish.results import write_csv, write_json

    if request.threshold < MINIMUM_THRESHOLD:
        raise SuengineError(f"gränsen för röjandekontroll får inte vara under {MINIMUM_THRESHOLD}")
    stages = Stages(progress, marker="▸ ")
    model = load_datamodel()
    source = request.indicators.describe() if isinstance(request.indicators, IndicatorSet) else f"Indikatorer: {request.indicators}"
    with stages.stage(f"Kontrollerar indikatordefinitionerna ({source})"):
        indicators = _load_indicators(request.indicators)
        progress(f"  {len(indicators)} indikatorer utan fel")
    delivery = choose_delivery(request.delivery)
    with stages.stage(f"Läser och pseudonymiserar leveransen {delivery}"):
        ingested = ingest_delivery(delivery, model=model, progress=lambda m: progress(f"  {m}"))
    data = ingested.case_data
    default = list(range(data.extraction_date.year - 5, data.extraction_date.year))
    years = choose_years(data, request.years, default, progress)
    year = years[-1]
    with stages.stage(f"Beräknar {len(indicators)} indikatorer för {years[0]}–{year}"):
        results = evaluate(indicators, data, years, model=model, threshold=request.threshold, bortfall_limit=request.bortfall_limit)
        published = results.published()

    out = request.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    version = next_version(out, year)
    municipality = request.municipality or data.municipality or "Kommunen"
    title = f"Årsrapport {year} (version {version})"
    staging_root = Path(tempfile.mkdtemp(prefix=".bygge-", dir=out))
    try:
        quality = staging_root / "kvalitet"  # internal: problem rows never enter the published folder
        quality.mkdir()
        write_quality(ingested, quality)
        with stages.stage(f"Renderar rapporten, version {version}"):
            report = build_report(
                ReportRequest(
                    results=published, year=year, indicators=indicators, out=staging_root, quality=quality,
                    commentary=request.commentary, version=version, min_n=request.threshold, history=out, scan=False,
                    bortfall_limit=request.bortfall_limit,
                ),
                progress=lambda m: progress(f"  {m}"),
            )
        staged = report.folder
        with stages.stage("Skriver resultattabell och Excelarbetsbok"):
            write_csv(published, staged / RESULTS_CSV)
            write_json(published, staged / RESULTS_JSON)
            write_workbook(
                published, indicators, staged / WORKBOOK, quality_dir=quality,
                options=WorkbookOptions(municipality=municipality, version_title=title, min_count=request.threshold),
            )
        with stages.stage("Bygger webbplatsen (mkdocs build --strict)"):
            earlier = tuple(v for v in read_versions(out / SITE_ROOT) if v.version != version)
            downloads = Downloads(
                report_pdf=report.outputs.get("pdf"), report_docx=report.outputs.get("docx"),
                results_csv=staged / RESULTS_CSV, results_json=staged / RESULTS_JSON, excel=staged / WORKBOOK,
            )
            options = SiteOptions(
                committee=request.committee or SiteOptions.committee, municipality=municipality, version=version, version_title=title, earlier_versions=earlier,
                downloads=downloads, quality_dir=quality, comments_dir=request.commentary, min_count=request.threshold,
            )
            config = write_site(published, indicators, staging_root / "webbprojekt", options)
            build_site(config, site_dir=staged / VERSION_SITE)
        with stages.stage("Integritetskontroll av alla utdata"):
            not_about_children = {i for i, meta in results.meta.items() if not meta.protected}
            own_limits = {i: meta.threshold for i, meta in results.meta.items()}
            findings = scan_outputs(staged) + check_published_counts(published, request.threshold, not_about_children, own_limits)
            if findings:
                raise SuengineError(
                    "integritetskontrollen stoppade bygget; inget publiceras:\n"
                    + "\n".join(f.message().replace(str(staging_root), "") for f in findings[:20])
                )
        with stages.stage(f"Publicerar {out / version} och uppdaterar webbplatsen {out / SITE_ROOT}"):
            final = out / version
            if final.exists():
                raise SuengineError(f"{final} finns redan; en publicerad version skrivs aldrig över")
            staged.rename(final)
            site = publish_version(final / VERSION_SITE, out / SITE_ROOT, version, title)
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return BuildOutcome(version=version, folder=final, site=site, timings=stages.timings)
