"""What a site build needs besides the results: names, version, files to offer, extra folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from suengine.render.report.versions import Changelog


@dataclass(frozen=True)
class VersionEntry:
    """One published report version, as listed in versions.json and on the archive page."""

    version: str  # folder name, e.g. "2025-1"
    title: str  # shown to readers, e.g. "Årsrapport 2025 (leverans 1)"
    published: str = ""  # publication date, ISO (2026-02-03); "" when not recorded
    extraction_date: str = ""  # the delivery's uttagsdatum, ISO; "" when not known
    changelog: bool = False  # the version's site has the page andringslogg.html


@dataclass(frozen=True)
class Downloads:
    """Files offered on the downloads page; each is copied into the site when given."""

    report_pdf: Path | None = None  # the Bilaga (every indicator, data quality, method)
    report_docx: Path | None = None
    committee_pdf: Path | None = None  # Rapport till nämnden
    committee_docx: Path | None = None
    results_csv: Path | None = None
    results_json: Path | None = None
    excel: Path | None = None

    def items(self) -> list[tuple[str, Path]]:
        labelled = (
            ("Rapport till nämnden som PDF", self.committee_pdf),
            ("Rapport till nämnden som Word-dokument (DOCX)", self.committee_docx),
            ("Bilaga: resultat per indikator, datakvalitet och metod, som PDF", self.report_pdf),
            ("Bilaga som Word-dokument (DOCX)", self.report_docx),
            ("Resultattabellen som CSV", self.results_csv),
            ("Resultattabellen som JSON", self.results_json),
            ("Excelarbetsbok i samma format som Öppna jämförelser", self.excel),
        )
        return [(label, path) for label, path in labelled if path is not None]


@dataclass(frozen=True)
class SiteOptions:
    municipality: str = "Exempelkommun"
    committee: str = "socialnämnden"
    version: str = "utkast"
    version_title: str = "Utkast"
    earlier_versions: tuple[VersionEntry, ...] = ()  # newest first, without the current one
    downloads: Downloads = field(default_factory=Downloads)
    quality_dir: Path | None = None  # folder with kvalitet_sammanfattning.csv and problem.csv
    comments_dir: Path | None = None  # folder kommentarer/ with <år>/<indikator-id>.md
    min_count: int = 5  # the publication threshold, stated on the method page
    site_url: str | None = None
    trend_periods: int = 5
    published: str = ""  # publication date of this version, ISO; "" for a draft
    extraction_date: str = ""  # uttagsdatum, ISO; default: the one in the quality summary
    changelog: Changelog | None = None  # changed definitions since the previous version (page Ändringslogg)
    comparisons: Any = None  # reference.comparison.Comparisons: Kolada's values beside the own (None: none)

    @property
    def site_name(self) -> str:
        return f"Systematisk uppföljning – {self.municipality}"
