"""mkdocs.yml for a generated site: Material in Swedish, local assets only, versions via versions.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from suengine.definitions.model import Indicator
from suengine.render.site.archive import CHANGELOG_PAGE
from suengine.render.site.assets import CSS, JS
from suengine.render.site.options import SiteOptions
from suengine.render.site.overview import area_label, by_area, page_path

LATEST_ALIAS = "senaste"  # the alias in versions.json that marks the newest version
HTML_DIR = "html"  # default build folder inside the generated project


def navigation(indicators: list[Indicator], changelog: bool = False) -> list[Any]:
    areas = [{area_label(area): [{i.short_name: page_path(i)} for i in members]} for area, members in by_area(indicators)]
    return [
        {"Översikt": "index.md"},
        {"Indikatorer": areas},
        {"Datakvalitet": "datakvalitet.md"},
        {"Metod": "metod.md"},
        {"Nedladdningar": "nedladdningar.md"},
        *([{"Ändringslogg": CHANGELOG_PAGE}] if changelog else []),
        {"Arkiv": "arkiv.md"},
    ]


def mkdocs_config(indicators: list[Indicator], options: SiteOptions) -> dict[str, Any]:
    config: dict[str, Any] = {
        "site_name": options.site_name,
        "site_description": f"Systematisk uppföljning av den sociala barn- och ungdomsvården i {options.municipality}.",
        "copyright": f"{options.municipality}, {options.committee} · {options.version_title}",
        "docs_dir": "docs",
        "site_dir": HTML_DIR,
        "use_directory_urls": False,  # plain .html links also work when opened from disk
        "theme": {
            "name": "material",
            "language": "sv",
            "font": False,
            "custom_dir": "overrides",
            "features": ["navigation.sections", "navigation.top", "search.highlight"],
        },
        # Keywords (search_terms: other word forms, as front-matter tags) count as much as the text.
        "plugins": [{"search": {"lang": "sv", "fields": {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1}}}}],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"title": "Innehåll"}}],
        "extra_css": [CSS],
        "extra_javascript": [JS],
        "extra": {"generator": False, "version": {"provider": "mike", "default": LATEST_ALIAS}},
        "nav": navigation(indicators, options.changelog is not None),
    }
    if options.site_url:
        config["site_url"] = options.site_url
    return config


def write_config(path: Path, config: dict[str, Any]) -> None:
    header = "# Genererad av suengine (suengine.render.site); ändringar skrivs över vid nästa bygge.\n"
    path.write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
