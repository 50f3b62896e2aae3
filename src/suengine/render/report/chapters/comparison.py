"""The report's comparison with Kolada: a table per indicator (own value, riket, län, groups) and the summary's line.

The figures and sentences come from `render.comparison`; here they become the report's Markdown, with the
relative colour shown as the same status symbol and text as a målvärde colour (colour is never the only signal).
"""

from __future__ import annotations

from suengine.definitions.model import Indicator
from suengine.render.comparison import RELATIVE_COLUMN, relative_summary, view
from suengine.render.report import markdown as md
from suengine.render.comparison_chart import comparison_chart
from suengine.render.report.context import FIGURE_FOLDER, ReportContext, slug


def comparison_section(context: ReportContext, indicator: Indicator) -> str:
    """'' when the indicator names no Kolada KPI or the project has no comparison setting."""
    found = context.comparisons.by_indicator.get(indicator.id) if context.comparisons is not None else None
    if found is None:
        return ""
    shown = view(found, context.municipality or "Kommunen")
    rows = [[md.escape(c) for c in row] for row in shown.rows]
    if RELATIVE_COLUMN in shown.header:
        at = shown.header.index(RELATIVE_COLUMN)
        for row, status in zip(rows, shown.statuses):
            if status is not None:
                row[at] = md.status_span(status)
    align = "l" + "r" * (len(found.columns) + 1) + "l" * (len(shown.header) - len(found.columns) - 2)
    parts = [md.heading(3, shown.title), md.table([md.escape(h) for h in shown.header], rows, align)]
    title = f"{indicator.short_name} och Kolada {found.kpi}"
    chart = comparison_chart(found, context.municipality or "Kommunen", title, context.figure_dir / f"{slug(indicator.id)}-kolada")
    if chart is not None:
        parts.append(md.figure(f"{FIGURE_FOLDER}/{chart.svg.stem}", f"{title} (tom linje: inget värde det året)", chart.alt, "90%"))
    parts.append("".join(f"{md.escape(n)}\n\n" for n in shown.notes))
    return "\n".join(parts)


def relative_paragraph(context: ReportContext) -> str:
    text = relative_summary(context.comparisons, context.year)
    return f"{md.escape(text)}\n" if text else ""
