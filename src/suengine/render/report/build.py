"""Build one report version: read inputs, write the Quarto project, render, check, publish atomically.

    <ut>/<version>/
        su-namndrapport-<version>.pdf / .docx / .html   Rapport till nämnden (short, ≤ 12 pages)
        su-rapport-<version>.html / .pdf / .docx   the Bilaga: every indicator, data quality, method
        manifest.json                              input hashes, engine and definition versions, build time
        andringslogg.md                            definitions changed since the previous version
        quarto/, quarto-namnd/                     the generated Quarto projects (sources, figures)

Everything is written to a hidden folder first and renamed into place when all formats rendered
and the privacy scan found nothing, so a failed build publishes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from suengine import __version__
from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
from suengine.errors import SuengineError
from suengine.progress import Stages
from suengine.definitions.model import Indicator
from suengine.publish.privacy import scan_outputs
from suengine.render import labels
from suengine.render.report import backends, render_jobs, versions
from suengine.render.report.context import DEFAULT_MIN_N, ReportContext
from suengine.render.report.data import load_results, normalise, period_year
from suengine.render.report.inputs import QualitySummary, hash_files, load_commentary, load_indicators, load_quality, sha256
from suengine.render.report.chapters.analysis import missing_commentary
from suengine.render.report.project import write_committee_project, write_project

PROJECT_FOLDER = "quarto"
COMMITTEE_FOLDER = "quarto-namnd"
EXTENSIONS = {"html": "html", "pdf": "pdf", "docx": "docx"}
FORMAT_NAMES = {"html": "HTML", "pdf": "PDF", "docx": "DOCX"}


def default_title(year: int) -> str:
    return f"Systematisk uppföljning – barn och familj {year}"


@dataclass
class ReportRequest:
    results: Path | pd.DataFrame
    year: int
    indicators: Path | Sequence[Indicator]  # a folder of YAML files, or definitions already loaded
    out: Path
    quality: Path | None = None
    commentary: Path | None = None
    version: str | None = None
    title: str | None = None
    formats: tuple[str, ...] = backends.FORMATS
    use_quarto: bool | None = None  # None: Quarto when it is on PATH
    document_date: dt.date | None = None  # PDF/DOCX metadata date (the delivery's uttagsdatum) unless SOURCE_DATE_EPOCH
    min_n: int = DEFAULT_MIN_N
    bortfall_limit: float = DEFAULT_BORTFALL_LIMIT  # percent, for the method text
    history: Path | None = None  # folder holding earlier published versions (default: out)
    municipality: str | None = None  # default: the kommun of the delivery's quality summary
    committee: str | None = None  # the nämnd, named on the cover
    extraction_date: str | None = None  # default: the uttagsdatum of the delivery's quality summary
    scan: bool = True  # privacy scan before publishing; `suengine build` scans everything itself
    audit_summary: str = ""  # the disclosure audit's summary (`suengine build`), shown in the method chapter
    comparisons: Any = None  # reference.comparison.Comparisons from `suengine build` (None: no comparison)


@dataclass
class BuildResult:
    version: str
    folder: Path
    outputs: dict[str, Path] = field(default_factory=dict)  # the Bilaga per format
    committee_outputs: dict[str, Path] = field(default_factory=dict)  # Rapport till nämnden per format
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    renderer: str = ""


def output_name(version: str, fmt: str) -> str:
    return f"su-rapport-{version}.{EXTENSIONS[fmt]}"


def committee_name(version: str, fmt: str) -> str:
    return f"su-namndrapport-{version}.{EXTENSIONS[fmt]}"


def _delivery_fact(quality: QualitySummary | None, name: str) -> str:
    """`kommun` or `uttagsdatum` from the delivery rows of the quality summary ('' when absent)."""
    frame = getattr(quality, "summary", None)
    if frame is None or not len(frame) or "mått" not in frame:
        return ""
    rows = frame[(frame["avsnitt"] == "leverans") & (frame["mått"] == name)]
    return str(rows.iloc[0]["värde"]) if len(rows) else ""


def _frame_hash(frame: pd.DataFrame) -> str:
    """sha256 of a results table handed over in memory, as the CSV it would be published as."""
    return hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()


def _check_year(results: pd.DataFrame, year: int) -> None:
    years = {y for y in (period_year(p) for p in results["period"].unique()) if y is not None}
    if year not in years:
        found = ", ".join(str(y) for y in sorted(years)) or "inga"
        raise SuengineError(f"resultattabellen har inga resultat för {year} (år i tabellen: {found})")


def _epoch(day: dt.date | None) -> int | None:
    return None if day is None else int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def build_report(request: ReportRequest, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    unknown = [f for f in request.formats if f not in backends.FORMATS]
    if unknown:
        raise SuengineError(f"okänt format {', '.join(unknown)}; välj bland {', '.join(backends.FORMATS)}")
    stages = Stages(progress)
    with stages.stage("Läser resultat och indikatorer"):
        if isinstance(request.results, pd.DataFrame):
            results = normalise(request.results)
        else:
            results = load_results(request.results)
        _check_year(results, request.year)
        if isinstance(request.indicators, Path):
            indicators = load_indicators(request.indicators)
        else:
            indicators = list(request.indicators)
        if not indicators:
            raise SuengineError(f"{request.indicators}: inga indikatordefinitioner hittades")
        defined = {i.id for i in indicators}
        undefined = sorted(set(results["indikator_id"]) - defined)
        indicators = [i for i in indicators if i.id in set(results["indikator_id"])] or indicators
        results = labels.apply(results, indicators)  # readers see labels, not codes

    version = request.version or versions.next_version(request.out, request.year)
    if versions.parse_version(version)[0] != request.year:
        raise SuengineError(f"versionen {version} hör inte till rapportåret {request.year}; använd t.ex. {request.year}.1")
    use_quarto = backends.quarto_path() is not None if request.use_quarto is None else request.use_quarto
    if use_quarto and backends.quarto_path() is None:
        raise SuengineError("quarto finns inte i PATH")

    staging = versions.staging_folder(request.out, version)
    result = BuildResult(version, request.out / version, renderer=backends.engine_name(use_quarto))
    if undefined:
        result.warnings.append("Resultat utan indikatordefinition tas inte med: " + ", ".join(undefined))
    try:
        with stages.stage(f"Skriver Quarto-projekt för version {version}"):
            history = request.history or request.out
            previous = versions.previous_version(history, version)
            definitions = versions.definition_entries(
                indicators, request.indicators if isinstance(request.indicators, Path) else None)
            changelog = versions.changelog(history / previous if previous else None, definitions)
            commentary = load_commentary(request.commentary, request.year, [i.id for i in indicators])
            quality = load_quality(request.quality)
            context = ReportContext(
                year=request.year, version=version, title=request.title or default_title(request.year),
                results=results[results["indikator_id"].isin({i.id for i in indicators})], indicators=indicators,
                commentary=commentary, quality=quality, changelog=changelog,
                project_dir=staging / PROJECT_FOLDER, min_n=request.min_n, bortfall_limit=request.bortfall_limit,
                municipality=request.municipality or _delivery_fact(quality, "kommun"), committee=request.committee or "",
                report_date=versions.build_time()[:10],
                extraction_date=request.extraction_date or _delivery_fact(quality, "uttagsdatum"),
                audit_summary=request.audit_summary, comparisons=request.comparisons,
            )
            project = write_project(context)
            committee_project = write_committee_project(context, staging / COMMITTEE_FOLDER)
            result.warnings += missing_commentary(context)
            (staging / versions.CHANGELOG).write_text(versions.changelog_markdown(changelog, version), encoding="utf-8")
        jobs = [job for fmt in request.formats for job in (
            render_jobs.Job(FORMAT_NAMES[fmt], project, fmt, staging / output_name(version, fmt)),
            render_jobs.Job(f"rapporten till nämnden, {FORMAT_NAMES[fmt]}", committee_project, fmt, staging / committee_name(version, fmt)))]
        names = ", ".join(FORMAT_NAMES[f] for f in request.formats)
        workers = render_jobs.workers_for(len(jobs), use_quarto)
        with stages.stage(f"Renderar {names} av rapporten och rapporten till nämnden ({'quarto' if use_quarto else 'pandoc'}, "
                          f"{workers} åt gången)"):
            # same bytes for the same delivery: the documents' date is the delivery's
            rendered = render_jobs.render_all(jobs, use_quarto, _epoch(request.document_date), lambda m: progress(f"    {m}"))
            result.warnings += rendered.warnings
        for fmt in request.formats:
            result.outputs[fmt] = result.folder / output_name(version, fmt)
            result.committee_outputs[fmt] = result.folder / committee_name(version, fmt)
        with stages.stage("Kontrollerar att inga personnummer finns i utdata"):
            findings = scan_outputs(staging) if request.scan else []
            if findings:
                raise SuengineError("utdata innehåller personnummerliknande strängar; inget publiceras:\n"
                                    + "\n".join(f.message() for f in findings[:20]))
        with stages.stage(f"Publicerar {request.out / version}"):
            manifest = {
                "version": version,
                "rapportår": request.year,
                "motorversion": __version__,
                "renderare": result.renderer,
                "byggtid": versions.build_time(),
                "föregående_version": previous,
                "indata": {
                    "resultat": hash_files(request.results) if isinstance(request.results, Path)
                    else {"(tabell)": _frame_hash(results)},
                    "kvalitet": hash_files(request.quality),
                    "kommentarer": {p.name: sha256(p) for p in commentary.files()},
                },
                "indikatorer": definitions,
                "ändringar": [c.as_dict() for c in changelog.changes],
                "utdata": {name: sha256(staging / name) for f in request.formats
                           for name in (committee_name(version, f), output_name(version, f))},
            }
            versions.write_manifest(staging, manifest)
            versions.publish(staging, request.out, version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.timings = stages.timings
    return result
