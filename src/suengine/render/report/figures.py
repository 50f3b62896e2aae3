"""Charts for one indicator, drawn by `suengine.render.charts` from shown values only.

A suppressed or missing value reaches the chart as `None` with its symbol, so neither the
picture, its labels nor its alt text can carry a hidden number; the interval band is drawn only
around shown values.
"""

from __future__ import annotations

from pathlib import Path

from suengine.definitions.model import Indicator
from suengine.render.labels import dimension_title
from suengine.render.charts import Chart, Point, bar_chart, trend_chart
from suengine.render.format import SYMBOL_MISSING, published_value, withheld_symbol
from suengine.render.report.context import FIGURE_FOLDER, slug
from suengine.render.report.data import IndicatorResults, Row, shown_number, shown_status, suppressed


def point(label: str, row: Row | None) -> Point:
    value = shown_number(row)
    if value is None:
        return Point(label, None, hidden_symbol=withheld_symbol(row) if suppressed(row) else SYMBOL_MISSING)
    answer = str(row.get("svar") or "")  # type: ignore[union-attr]
    if answer:
        return Point(label, value, answer=published_value(row), status=shown_status(row))
    low, high = row.get("ki_låg"), row.get("ki_hög")  # type: ignore[union-attr]
    has_interval = low is not None and high is not None and low == low and high == high  # NaN check
    return Point(label, value, float(low) if has_interval else None, float(high) if has_interval else None)


def target_line(indicator: Indicator) -> float | None:
    """The green threshold as a reference line, when the target is one."""
    return indicator.target.green if indicator.target.kind == "tröskel" else None


def trend_points(data: IndicatorResults, periods: list[str]) -> list[Point]:
    return [point(p, data.total(p)) for p in periods]


def category_points(data: IndicatorResults, period: str) -> list[Point]:
    return [point(str(r["kategori"]), r) for r in data.categories(period)]


def trend(indicator: Indicator, data: IndicatorResults, periods: list[str], figure_dir: Path) -> tuple[str, Chart]:
    points = trend_points(data, periods)
    title = indicator.short_name  # the site's title too: one picture, drawn once, serves both
    stem = figure_dir / f"{slug(indicator.id)}-trend"
    chart = trend_chart(points, unit_of(data, periods), title, stem, target=target_line(indicator))
    return f"{FIGURE_FOLDER}/{stem.name}", chart


def breakdown(indicator: Indicator, data: IndicatorResults, period: str, dimension: str, figure_dir: Path) -> tuple[str, Chart]:
    rows = data.strata(period, dimension)
    points = [point(str(r["stratum"]), r) for r in rows]
    title = f"{indicator.short_name} efter {dimension_title(dimension).lower()}, {period}"
    stem = figure_dir / f"{slug(indicator.id)}-{slug(dimension)}"
    chart = bar_chart(points, unit_of(data, [period]), title, stem)
    return f"{FIGURE_FOLDER}/{stem.name}", chart


def categories(indicator: Indicator, data: IndicatorResults, period: str, figure_dir: Path) -> tuple[str, Chart]:
    points = category_points(data, period)
    title = f"{indicator.short_name} per kategori, {period}"
    stem = figure_dir / f"{slug(indicator.id)}-kategorier"
    chart = bar_chart(points, unit_of(data, [period], categories=True), title, stem)
    return f"{FIGURE_FOLDER}/{stem.name}", chart


def unit_of(data: IndicatorResults, periods: list[str], categories: bool = False) -> str:
    rows = data.rows[data.rows["period"].isin(periods)]
    rows = rows[rows["kategori"] != ""] if categories else rows[rows["kategori"] == ""]
    units = [u for u in rows["enhet"] if u]
    return units[0] if units else ""
