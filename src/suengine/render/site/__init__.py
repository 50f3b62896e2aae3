"""The published website: a generated MkDocs Material project, built strictly and versioned.

    config = write_site(results, indicators, Path("site"), SiteOptions(version="2025-1", …))
    html = build_site(config)                       # mkdocs build --strict
    publish_version(html, Path("build/webb"), "2025-1", "Årsrapport 2025")
"""

from __future__ import annotations

from suengine.render.site.build import SiteBuildError, build_site, publish_version, read_versions
from suengine.render.site.generate import write_site
from suengine.render.site.options import Downloads, SiteOptions, VersionEntry

__all__ = [
    "Downloads",
    "SiteBuildError",
    "SiteOptions",
    "VersionEntry",
    "build_site",
    "publish_version",
    "read_versions",
    "write_site",
]
