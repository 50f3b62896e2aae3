"""One build from one data delivery: check → ingest → evaluate → report, workbook, site → privacy → publish.

Layout of the output folder (`build/` by default):

    build/<version>/             one published version, never overwritten
        su-rapport-<version>.html/.pdf/.docx, manifest.json, andringslogg.md, quarto/
        resultat.csv, resultat.json   the publishable results table
        su-resultat.xlsx              the Excel workbook
        webb/                         the built website of this version
    build/webb/                   the current website: every version side by side, versions.json,
                                  index.html → the newest (this is what CI deploys)

Before anything is written the delivery and the results pass the plausibility gates
(`publish/plausibility.py`: rejected rows, empty entities, uttagsdatum, years without data).
Everything for a version, and the whole new website, is written to hidden staging entries inside
`build/` and published in one step only after every stage and the privacy gate passed
(`publication.py`: a journal, renames, completed by the next run after kill -9); on any failure
the staging is removed and nothing that was published before changes. Row-level files (the
problems table) are only ever written to the system's temporary folder, never inside `build/`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from suengine.engine.coverage import choose_years
from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
from suengine.casedata.datamodel import load_datamodel
from suengine.publish.disclosure import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD
from suengine import cache, reuse
from suengine.cache import StageCache
from suengine.errors import SuengineError, os_error_message
from suengine.definitions.indicator_set import IndicatorSet
from suengine.definitions.model import Indicator
from suengine.publish import plausibility
from suengine.publish.audit import audit, check_versions
from suengine.publish.disclosure import suppression_counts
from suengine.publish.earlier import earlier_versions, pattern_of, read_published
from suengine.publish.checker import Rules
from suengine.publish.integrity import check_outputs
from suengine.publish.privacy import FreeText
from suengine.progress import Stages

SITE_ROOT = "webb"
VERSION_SITE = "webb"
RESULTS_CSV = "resultat.csv"
RESULTS_JSON = "resultat.json"
WORKBOOK = "su-resultat.xlsx"
DELIVERY_MANIFEST = "leverans.yml"
CACHE = ".cache"  # in the project folder: what later builds may reuse (safe to delete)

if TYPE_CHECKING:
    import pandas as pd

    from suengine.publish.results import Results
    from suengine.render.chart_cache import ChartStore

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
    max_rejected_percent: float = plausibility.DEFAULT_MAX_REJECTED_PERCENT  # per entity
    allow: tuple[str, ...] = ()  # plausibility stops overridden on purpose (recorded in manifest.json)
    today: dt.date | None = None  # for the uttagsdatum check; default: today
    reference: Path | None = None  # the project folder holding referens/ (Kolada's comparison values)
    comparison: dict = field(default_factory=dict)  # suengine.yml jämförelse: (kommun, grupper, text)
    cache: Path | None = None  # kept between builds (charts, stage results); None: nothing kept, everything anew


@dataclass
class BuildOutcome:
    version: str
    folder: Path
    site: Path
    timings: dict[str, float] = field(default_factory=dict)
    reused: dict[str, str] = field(default_factory=dict)  # stage → "från cachen" / "beräknat"; "diagram" → drawn/stored counts


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


def _previous_results(out: Path, year: int) -> tuple[str, object] | None:
    import pandas as pd

    from suengine.render.report.versions import parse_version, published_versions

    same_year = [v for v in published_versions(out) if parse_version(v)[0] == year]
    if not same_year or not (out / same_year[-1] / RESULTS_CSV).is_file():
        return None
    try:
        return same_year[-1], pd.read_csv(out / same_year[-1] / RESULTS_CSV, dtype={"period": str})
    except (OSError, ValueError):
        return None


def _gates(request: BuildRequest, ingested: object, years: list[int], progress: Progress) -> plausibility.Outcome:
    summary = ingested.summary  # type: ignore[attr-defined]
    data = ingested.case_data  # type: ignore[attr-defined]
    counts = plausibility.entity_counts(summary)
    stops = (
        plausibility.future_extraction(data.extraction_date, request.today or dt.date.today())
        + plausibility.empty_entities(counts, plausibility.delivered_entities(summary), ingested.problems)  # type: ignore[attr-defined]
        + plausibility.rejected_shares(counts, request.max_rejected_percent, ingested.problems)  # type: ignore[attr-defined]
        + plausibility.years_without_data(years, data.tables)
    )
    outcome = plausibility.check(stops, [], request.allow)
    for finding in outcome.overridden:
        progress(f"  Tillåtet med {plausibility.FLAGS[finding.check]}: {finding.message}")
    return outcome


def published_rules(results: "Results", threshold: int) -> Rules:
    """The disclosure rules the shared checker applies to every published file of this build."""
    return Rules(
        threshold=threshold,
        thresholds={i: meta.threshold for i, meta in results.meta.items()},
        exempt=frozenset(i for i, meta in results.meta.items() if not meta.protected),
        kinds={i: meta.kind for i, meta in results.meta.items()},
        facts=results.facts,
    )


def disclosure_audit(results: "Results", published: "pd.DataFrame", earlier: dict, threshold: int, progress: Progress,
                     stage_cache: StageCache | None = None) -> str:
    """Run the independent audit on what will be published; raise when a hidden value can be narrowed down,
    or when it shows what an earlier version of the year hid.

    Returns the summary (Swedish) for the build log and the report's method chapter. With `stage_cache`,
    an audit and a comparison with an earlier version that passed with the same inputs are not run again
    (`reuse.py`)."""
    stage_cache = stage_cache or StageCache(None)

    def run() -> str:
        report = audit(published, results.facts, threshold)
        counts = suppression_counts(results.table)
        leaks = [f"{i.cell.label}: kan ringas in till {i.low:g}–{i.high:g}" for i in report.leaks]
        if leaks:
            _stop(leaks + check_versions(published, earlier))
        return (
            f"Röjandekontrollen dolde {counts['rader']} rader ({counts['primära']} med för få observationer, "
            f"{counts['sekundära']} sekundärt, {counts['andra']} av andra skäl) och {counts['celler']} enskilda antal i visade rader. "
            + report.summary()
        )

    text, _kept = reuse.audited(reuse.audit_key(results, published, threshold), stage_cache, run)
    if earlier:
        text += f" Det som tidigare versioner av samma år ({', '.join(earlier)}) dolde är dolt även här."
    progress(f"  {text}")
    problems = reuse.version_problems(published, earlier, stage_cache, check_versions)
    if problems:
        _stop(problems)
    return text


def _stop(problems: list[str]) -> None:
    raise SuengineError("granskningen av röjandekontrollen stoppade bygget; inget publiceras:\n" + "\n".join(problems[:20]))


def build(request: BuildRequest, progress: Progress = print) -> BuildOutcome:
    """Run the whole pipeline for one delivery and publish a new version, or raise and publish nothing."""
    from suengine.render import chart_cache

    try:
        with chart_cache.using(request.cache) as charts:  # unchanged charts come from earlier builds
            return _build(request, progress, charts, StageCache(request.cache))
    except OSError as exc:
        raise SuengineError(os_error_message(exc, "bygget avbröts") + "; inget publicerat har ändrats") from None


def _build(request: BuildRequest, progress: Progress, charts: "ChartStore", stage_cache: StageCache) -> BuildOutcome:
    from suengine import publication
    from suengine.engine import evaluate
    from suengine.ingest.output import write_quality
    from suengine.ingest.pipeline import ingest_delivery
    from suengine.render.excel import WorkbookOptions
    from suengine.render.report.build import ReportRequest, build_report
    from suengine.render.report.versions import manifest_changelog, next_version, read_manifest, write_manifest
    from suengine.render.site import Downloads, SiteOptions, build_site, read_versions, write_site
    from suengine.render.site.build import assemble_site
    from suengine.publish.comparison import apply_relative, comparisons
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
    with stages.stage("Rimlighetskontroll av leveransen"):
        checks = _gates(request, ingested, years, progress)
    out = request.out.resolve()
    staging = publication.start(out)  # completes an interrupted publication, removes old staging
    same_year = {p.name: read_published(p / RESULTS_CSV) for p in earlier_versions(out, year)}
    carried = reuse.carried_pattern(same_year, stage_cache, pattern_of)  # each version's part kept by its table
    key = cache.evaluation_key(data, model, indicators, years, request.threshold, request.bortfall_limit)
    results = cache.reuse_results(stage_cache.get("beräkning", key), carried)  # same inputs as an earlier build
    note = " – oförändrade indata, resultatet från ett tidigare bygge" if results is not None else ""
    with stages.stage(f"Beräknar {len(indicators)} indikatorer för {years[0]}–{year}{note}"):
        if results is None:
            results = evaluate(indicators, data, years, model=model, threshold=request.threshold,
                               bortfall_limit=request.bortfall_limit, carried=carried)
            stage_cache.put("beräkning", key, cache.stored_results(results, pattern_of))
        published = results.published()
        compared = comparisons(published, indicators, request.reference, request.comparison, years)
        published = apply_relative(published, compared)
    kept = isinstance(stage_cache.get(reuse.AUDIT, reuse.audit_key(results, published, request.threshold)), str)
    note = " – oförändrade indata, granskningen från ett tidigare bygge" if kept else ""
    with stages.stage(f"Granskar röjandekontrollen: kan ett dolt värde räknas fram?{note}"):
        audit_text = disclosure_audit(results, published, same_year, request.threshold, progress, stage_cache)
    previous = _previous_results(out, year)
    if previous is not None:
        checks.warnings.extend(plausibility.jumps(published, previous[1], previous[0]))
    for finding in checks.warnings:
        progress(f"  Varning: {finding.message}")
    version = next_version(out, year)
    municipality = request.municipality or data.municipality or "Kommunen"
    title = f"Årsrapport {year} (version {version})"
    # internal: problem rows name file rows, so they never enter build/ (not even its staging)
    quality = Path(tempfile.mkdtemp(prefix="suengine-kvalitet-"))
    try:
        write_quality(ingested, quality)
        with stages.stage(f"Renderar rapporten, version {version}"):
            report = build_report(
                ReportRequest(
                    results=published, year=year, indicators=indicators, out=staging.scratch, quality=quality,
                    commentary=request.commentary, version=version, min_n=request.threshold, history=out, scan=False,
                    document_date=data.extraction_date,
                    bortfall_limit=request.bortfall_limit,
                    municipality=municipality, committee=request.committee or SiteOptions.committee,
                    extraction_date=data.extraction_date.isoformat() if data.extraction_date else None,
                    audit_summary=audit_text, comparisons=compared,
                ),
                progress=lambda m: progress(f"  {m}"),
            )
        for warning in report.warnings:  # e.g. which indicators lack commentary: for staff, not for the nämnd
            progress(f"  Obs: {warning}")
        staged = report.folder
        manifest = read_manifest(staged)
        manifest["kontroller"] = checks.manifest()
        write_manifest(staged, manifest)
        with stages.stage("Skriver resultattabell och Excelarbetsbok"):
            write_csv(published, staged / RESULTS_CSV)
            write_json(published, staged / RESULTS_JSON)
            workbook_options = WorkbookOptions(municipality=municipality, version_title=title, min_count=request.threshold,
                                               comparisons=compared)
            if reuse.write_workbook(published, indicators, staged / WORKBOOK, quality, workbook_options, stage_cache):
                progress("  Oförändrade indata: arbetsboken från ett tidigare bygge, med den nya versionens titel")
        with stages.stage("Bygger webbplatsen (mkdocs build --strict)"):
            earlier = tuple(v for v in read_versions(out / SITE_ROOT) if v.version != version)
            downloads = Downloads(
                report_pdf=report.outputs.get("pdf"), report_docx=report.outputs.get("docx"),
                committee_pdf=report.committee_outputs.get("pdf"), committee_docx=report.committee_outputs.get("docx"),
                results_csv=staged / RESULTS_CSV, results_json=staged / RESULTS_JSON, excel=staged / WORKBOOK,
            )
            dates = {"published": str(manifest.get("byggtid", ""))[:10],
                     "extraction_date": data.extraction_date.isoformat() if data.extraction_date else ""}
            options = SiteOptions(
                committee=request.committee or SiteOptions.committee, municipality=municipality, version=version, version_title=title, earlier_versions=earlier,
                downloads=downloads, quality_dir=quality, comments_dir=request.commentary, min_count=request.threshold,
                changelog=manifest_changelog(manifest), **dates,
                comparisons=compared,
            )
            config = write_site(published, indicators, staging.scratch / "webbprojekt", options)
            build_site(config, site_dir=staged / VERSION_SITE)
        progress(f"  {charts.summary()}")
        with stages.stage("Integritetskontroll av alla utdata"):
            rules = published_rules(results, request.threshold)
            checked = check_outputs(staged, published, rules, FreeText(ingested.free_text), stage_cache, lambda m: progress(f"  {m}"))
            findings = checked.findings
            if findings:
                raise SuengineError(
                    "integritetskontrollen stoppade bygget; inget publiceras:\n"
                    + "\n".join(f.message().replace(str(staging.scratch), "") for f in findings[:20])
                )
        with stages.stage(f"Publicerar {out / version} och uppdaterar webbplatsen {out / SITE_ROOT}"):
            from suengine.render.site.build import normal_modes

            normal_modes(staged)
            assemble_site(out / SITE_ROOT, staging.site, staged / VERSION_SITE, version, title, **dates)
            final = publication.commit(staging, version)
            site = out / SITE_ROOT / version
    finally:
        shutil.rmtree(quality, ignore_errors=True)
        publication.discard(staging)
    reused = {**stage_cache.log, "diagram": f"{charts.drawn} ritade, {charts.from_folder} från cachen"}
    return BuildOutcome(version=version, folder=final, site=site, timings=stages.timings, reused=reused)
