"""A line chart of the own value beside riket and Kolada's groups over the report's years.

A year without a value (not in Kolada, or the own value withheld) is a gap in its line, never a zero; a chart
without any Kolada value is not drawn. The alt text lists every line's values, so the picture is never the only
way to read them (the table beside it holds the same figures). Drawn once and kept like the other charts
(`chart_cache`).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from suengine.reference.comparison import IndicatorComparison
from suengine.render.chart_cache import Drawn
from suengine.render.chart_pool import Job
from suengine.render.charts import BOTH, PALETTE, Chart, _cached, _save
from suengine.render.comparison import number
from suengine.render.format import format_number


def series(comparison: IndicatorComparison, own_label: str) -> list[tuple[str, list[float | None]]]:
    """(label, value per year) for the own value and every area with at least one value."""
    out = [(own_label, [r.own for r in comparison.rows])]
    for i, column in enumerate(comparison.columns):
        values = [r.areas[i] for r in comparison.rows]
        if any(v is not None for v in values):
            out.append((column, values))
    return out


def comparison_chart(comparison: IndicatorComparison, own_label: str, title: str, stem: Path,
                     formats: tuple[str, ...] = BOTH) -> Chart | None:
    lines = series(comparison, own_label)
    if len(lines) < 2:
        return None
    years = [r.year for r in comparison.rows]
    return _cached(("comparison", lines, years, title), stem, formats, Job(_draw, (lines, years, title), formats),
                   _alt(lines, years, title))


def _alt(lines: list[tuple[str, list[float | None]]], years: list[int], title: str) -> str:
    described = "; ".join(f"{label}: " + ", ".join(f"{y} {number(v)}" for y, v in zip(years, values)) for label, values in lines)
    return f"Linjediagram, {title}, {years[0]}–{years[-1]}. {described}."


def _draw(lines: list[tuple[str, list[float | None]]], years: list[int], title: str, formats: tuple[str, ...]) -> Drawn:
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    for n, (label, values) in enumerate(lines):
        ys = [math.nan if v is None else v for v in values]
        ax.plot(years, ys, marker="o", linewidth=2.6 if n == 0 else 1.4, color=PALETTE[n % len(PALETTE)], label=label)
    ax.set_xticks(years, [str(y) for y in years])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, 1, nbsp=False)))  # 3,5 (Swedish)
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False)
    return _save(fig, _alt(lines, years, title), formats)
