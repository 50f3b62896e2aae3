"""Everything one report build knows, gathered once and handed to every chapter."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
from suengine.definitions.model import Indicator
from suengine.render.report.data import IndicatorResults, by_indicator
from suengine.render.report.inputs import Commentary, QualitySummary
from suengine.render.report.versions import Changelog

DEFAULT_MIN_N = 5
FIGURE_FOLDER = "figurer"

AREA_TITLES = {
    "handläggning": "Handläggning",
    "uppföljning": "Uppföljning och resultat",
}


def slug(text: str) -> str:
    """ASCII file and anchor names: `åldersgrupp` → `aldersgrupp`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"


def area_title(area: str) -> str:
    return AREA_TITLES.get(area, area.replace("_", " ").capitalize())


@dataclass
class ReportContext:
    year: int
    version: str
    title: str
    results: pd.DataFrame
    indicators: list[Indicator]
    commentary: Commentary
    quality: QualitySummary | None
    changelog: Changelog
    project_dir: Path
    min_n: int = DEFAULT_MIN_N
    bortfall_limit: float = DEFAULT_BORTFALL_LIMIT  # percent (suengine.yml `högsta_bortfall`)
    municipality: str = ""
    committee: str = ""
    report_date: str = ""  # ISO date the report was built
    extraction_date: str = ""  # uttagsdatum of the delivery
    audit_summary: str = ""  # the disclosure audit's summary, for the method chapter
    comparisons: Any = None  # reference.comparison.Comparisons: Kolada's values beside the own (None: none)
    data: dict[str, IndicatorResults] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data = by_indicator(self.results)

    def results_for(self, indicator: Indicator) -> IndicatorResults:
        return self.data.get(indicator.id) or IndicatorResults(indicator.id, self.results.iloc[0:0])

    def areas(self) -> dict[str, list[Indicator]]:
        """Indicators grouped by indikatorområde, areas and indicators in a stable order."""
        grouped: dict[str, list[Indicator]] = {}
        for indicator in sorted(self.indicators, key=lambda i: (i.indicator_area, i.id)):
            grouped.setdefault(indicator.indicator_area, []).append(indicator)
        return grouped

    @property
    def figure_dir(self) -> Path:
        return self.project_dir / FIGURE_FOLDER

    def not_comparable(self, indicator: Indicator) -> bool:
        return indicator.id in self.changelog.changed_ids
