"""The site's comparison with Kolada on an indicator page: the same table and sentences as the report's Bilaga."""

from __future__ import annotations

from pathlib import Path

from suengine.definitions.model import Indicator
from suengine.render.comparison import RELATIVE_COLUMN, view
from suengine.render.comparison_chart import comparison_chart
from suengine.render.site.markdown import status_badge, table, text
from suengine.render.site.options import SiteOptions

IMAGE_DIR = "bilder"  # as the indicator page's other charts


def comparison_section(indicator: Indicator, options: SiteOptions, docs: Path | None = None) -> str:
    """'' when the indicator names no Kolada KPI or the build has no comparisons."""
    found = options.comparisons.by_indicator.get(indicator.id) if options.comparisons is not None else None
    if found is None:
        return ""
    shown = view(found, options.municipality)
    rows = [[text(c) for c in row] for row in shown.rows]
    if RELATIVE_COLUMN in shown.header:
        at = shown.header.index(RELATIVE_COLUMN)
        for row, status in zip(rows, shown.statuses):
            if status is not None:
                row[at] = status_badge(status)
    align = ["l"] + ["r"] * (len(found.columns) + 1) + ["l"] * (len(shown.header) - len(found.columns) - 2)
    notes = "".join(f"{text(n)}\n\n" for n in shown.notes)
    figure = ""
    if docs is not None:
        name = f"{indicator.id}-kolada"
        chart = comparison_chart(found, options.municipality, f"{indicator.short_name} och Kolada {found.kpi}",
                                 docs / IMAGE_DIR / name, formats=("svg",))
        if chart is not None:
            alt = text(chart.alt).replace("\\[", "(").replace("\\]", ")")
            figure = f'<figure class="su-figure" markdown>\n![{alt}](../{IMAGE_DIR}/{name}.svg)\n</figure>\n\n'
    return f"## {text(shown.title)}\n\n" + table([text(h) for h in shown.header], rows, align) + "\n" + figure + notes
