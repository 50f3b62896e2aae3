"""`jämförelse:` rules: the Kolada KPI must exist in the KPI catalogue, with a "menade du …?" for near misses;
a `relativ` målvärde needs a `jämförelse:` (its quartiles are taken among the kommuner in that KPI)."""

from __future__ import annotations

from suengine.definitions.context import Context
from suengine.definitions.issues import Issue, suggest
from suengine.definitions.model import Indicator
from suengine.reference.catalogue import kpi_titles, project_catalogue_near


def check_comparison(ind: Indicator, ctx: Context) -> list[Issue]:
    if ind.comparison is None:
        if ind.target.kind == "relativ":
            return [ctx.issue(
                ("målvärde", "typ"),
                "målvärde typ relativ färgar efter kvartil bland alla kommuner i ett Kolada-nyckeltal, men indikatorn "
                "har ingen jämförelse",
                "lägg till jämförelse: {kolada: <id>, skillnad: <hur definitionerna skiljer sig>}",
            )]
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
