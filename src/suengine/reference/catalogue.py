"""The Kolada KPI catalogue: ids and titles bundled with suengine, plus any project's `referens/kpi.csv`.

The bundled `kolada_kpi.csv` holds the 2,039 measures of Kolada's catalogue as fetched in August 2024
(open-numbers/ddf--kolada--dump, `ddf--concepts.csv`); a project that imports newer data with
`suengine referens läs/hämta` adds its own KPIs in `referens/kpi.csv`.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

BUNDLED = Path(__file__).with_name("kolada_kpi.csv")


def _read(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kpi"]: row.get("titel", "") for row in csv.DictReader(handle) if row.get("kpi")}


@lru_cache(maxsize=8)
def kpi_titles(project_file: Path | None = None) -> dict[str, str]:
    """KPI id -> title: the bundled catalogue, extended by `project_file` when it exists."""
    titles = _read(BUNDLED)
    if project_file is not None and project_file.is_file():
        titles.update(_read(project_file))
    return titles


def project_catalogue_near(path: Path | None) -> Path | None:
    """`referens/kpi.csv` of the project that holds `path` (the nearest folder above with suengine.yml)."""
    if path is None:
        return None
    for folder in Path(path).resolve().parents:
        if (folder / "suengine.yml").is_file():
            candidate = folder / "referens" / "kpi.csv"
            return candidate if candidate.is_file() else None
    return None
