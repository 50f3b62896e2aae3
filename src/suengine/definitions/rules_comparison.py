"""`jämförelse:` rules: the Kolada KPI must exist in the KPI catalogue, with a "menade du …?" for near misses."""

from __future__ import annotations

from suengine.definitions.context import Context
from suengine.definitions.issues import Issue, suggest
from suengine.definitions.model import Indicator
from suengine.reference.catalogue import kpi_titles, project_catalogue_near


def check_comparison(ind: Indicator, ctx: Context) -> list[Issue]:
    if ind.comparison is None:
        return []
    titles = kpi_titles(project_catalogue_near(ctx.source))
    kpi = ind.comparison.kolada
    if kpi in titles:
        return []
    return [ctx.issue(
        ("jämförelse", "kolada"),
        f"Kolada-nyckeltalet '{kpi}' finns inte i Koladas nyckeltalskatalog (jämförelse.kolada)",
        suggest(kpi, titles),
    )]
