"""Write a complete MkDocs project (mkdocs.yml, docs/, overrides/) from the results table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from suengine.definitions.model import Indicator
from suengine.render import chart_cache, labels
from suengine.render.site.archive import CHANGELOG_PAGE, archive_page, changelog_page
from suengine.render.site.assets import write_assets
from suengine.render.site.config import mkdocs_config, write_config
from suengine.render.site.downloads import downloads_page
from suengine.render.site.indicator_page import indicator_page
from suengine.render.site.method import method_page
from suengine.render.site.options import SiteOptions
from suengine.render.site.overview import overview_page, page_path
from suengine.render.site.published import IndicatorResults
from suengine.render.site.quality import delivery_fact, load_quality, quality_page
from suengine.render.site.search_terms import with_keywords

GENERATED = ("docs", "overrides", "mkdocs.yml")


def _clean(project: Path) -> None:
    """Remove what an earlier run generated, so deleted indicators do not linger."""
    for name in GENERATED:
        path = project / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _pages(indicators: list[Indicator], data: dict[str, IndicatorResults], quality: object, docs: Path,
           options: SiteOptions) -> dict[str, str]:
    """Every page's Markdown by its path under docs/ (indicator pages ask for their charts)."""
    pages = {
        "index.md": overview_page(indicators, data, options),
        "datakvalitet.md": quality_page(indicators, data, quality, options.min_count),
        "metod.md": method_page(indicators, options.min_count),
        "nedladdningar.md": downloads_page(options.downloads, docs),
        "arkiv.md": archive_page(options, delivery_fact(quality, "uttagsdatum")),
    }
    if options.changelog is not None:
        pages[CHANGELOG_PAGE] = changelog_page(options.changelog, options, indicators, {i.id: page_path(i) for i in indicators})
    for indicator in indicators:
        pages[page_path(indicator)] = indicator_page(indicator, data[indicator.id], docs, options)
    return pages


def write_site(results: pd.DataFrame, indicators: list[Indicator], project: Path, options: SiteOptions | None = None) -> Path:
    """Generate the site project into `project` and return the path of its mkdocs.yml.

    Reads only the results table (and the optional quality, comment and download files named in
    `options`); suppressed values are hidden by `published`, never computed or shown here.
    """
    options = options or SiteOptions()
    results = labels.apply(results, indicators)  # readers see labels, not codes
    project.mkdir(parents=True, exist_ok=True)
    _clean(project)
    docs = project / "docs"
    docs.mkdir()
    write_assets(docs, project)
    data = {indicator.id: IndicatorResults(results, indicator.id) for indicator in indicators}
    quality = load_quality(options.quality_dir)
    with chart_cache.batch():  # charts not drawn for the report are drawn side by side, written when the block ends
        pages = _pages(indicators, data, quality, docs, options)
    for name, content in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(with_keywords(content), encoding="utf-8")
    config = project / "mkdocs.yml"
    write_config(config, mkdocs_config(indicators, options))
    return config
