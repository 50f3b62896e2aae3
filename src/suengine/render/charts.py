"""Charts for the report and the site: a five-year trend and a bar chart of a breakdown.

Charts take only what a reader may see: suppressed or missing values arrive as None and are
drawn as a gap with the symbol `..`/`–`, never as a number; the line breaks there instead of
joining known years across an unknown one. A chart with no value at all is not drawn (`has_values`).
Each chart is drawn once: the report and the site ask for the same picture, and a second request
with the same content (kind, points, unit, title, target) gets the stored bytes from
`chart_cache` — within the build, or from the cache folder of an earlier build; inside
`chart_cache.batch()` the ones to draw are drawn side by side by `chart_pool`. Output is byte-reproducible
(fixed SVG hash salt, no creation date) so two builds from the same inputs are identical.
Every chart comes with an alt text that says what the picture shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from suengine.render import chart_cache  # noqa: E402
from suengine.render.chart_cache import Drawn  # noqa: E402
from suengine.render.chart_pool import Job  # noqa: E402
from suengine.render.format import STATUS_COLOUR, STATUS_FILL, SYMBOL_LEGEND, SYMBOL_MISSING, TEXT_ON_FILL, format_value  # noqa: E402

# Okabe–Ito palette: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "suengine",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.formatter.use_locale": False,
    }
)


@dataclass(frozen=True)
class Point:
    label: str  # period or stratum label
    value: float | None  # None when suppressed or missing
    low: float | None = None
    high: float | None = None
    hidden_symbol: str = SYMBOL_MISSING  # shown where value is None
    answer: str = ""  # a kategori indicator's answer (Ja, Delvis, …): drawn as a coloured box, not a line
    status: str = "ingen"


@dataclass(frozen=True)
class Chart:
    svg: Path
    png: Path | None  # None when only SVG was asked for (the website)
    alt: str


BOTH = ("svg", "png")


def has_values(points: list[Point]) -> bool:
    """False when every value is hidden or missing: then there is nothing to draw."""
    return any(p.value is not None or p.answer for p in points)


def _write(drawn: Drawn, stem: Path, formats: tuple[str, ...]) -> Chart:
    """Put a picture's files at `stem` (the bytes are kept, not paths: the report's folder moves)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg = stem.with_suffix(".svg")
    svg.write_bytes(drawn.svg)
    png = None
    if "png" in formats and drawn.png is not None:
        png = stem.with_suffix(".png")
        png.write_bytes(drawn.png)
    return Chart(svg=svg, png=png, alt=drawn.alt)


def _cached(key: tuple[object, ...], stem: Path, formats: tuple[str, ...], job: Job, alt: str) -> Chart:
    """The stored picture for this content when there is one (this build or an earlier), else draw it.

    Inside `chart_cache.batch()` the drawing is queued (worker processes) and the files appear when
    the batch ends; the alt text is known at once, it is computed from the same content."""
    store = chart_cache.active()
    name = chart_cache.chart_key(*key)
    drawn = store.get(name, formats)
    if drawn is not None:
        return _write(drawn, stem, formats)
    if store.defer(name, job, lambda later: _write(later, stem, formats)):
        png = stem.with_suffix(".png") if "png" in formats else None
        return Chart(svg=stem.with_suffix(".svg"), png=png, alt=alt)
    drawn = job()
    store.put(name, drawn)
    return _write(drawn, stem, formats)


def _integer_ticks(axis: object, unit: str) -> None:
    """Counts and kronor get whole-number ticks, so a small axis never reads 0 / 0 / 1 / 1."""
    if unit in ("antal", "kronor"):
        axis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]


def _axis_formatter(unit: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: format_value(v, unit, nbsp=False))


def _save(fig: plt.Figure, alt: str, formats: tuple[str, ...]) -> Drawn:
    """Render the figure into memory; the layout is computed once (no tight bbox re-draw per format)."""
    fig.tight_layout(pad=0.4)
    fig.set_layout_engine("none")  # laid out once; savefig must not lay it out again per format
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Title": alt[:200]})
    png = None
    if "png" in formats:
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
    plt.close(fig)
    return Drawn(svg.getvalue(), png.getvalue() if png is not None else None, alt)


def _describe(points: list[Point], unit: str) -> str:
    parts = []
    for p in points:
        shown = format_value(p.value, unit, nbsp=False) if p.value is not None else p.hidden_symbol
        parts.append(f"{p.label}: {shown}")
    return "; ".join(parts)


def trend_chart(
    points: list[Point], unit: str, title: str, stem: Path, target: float | None = None, formats: tuple[str, ...] = BOTH
) -> Chart:
    """Line chart over periods with the 95 % interval as a band where there is one (answers: coloured boxes)."""
    if any(p.answer for p in points):
        return answer_chart(points, title, stem, formats)
    job = Job(_draw_trend, (points, unit, title, target), formats)
    return _cached(("trend", points, unit, title, target), stem, formats, job, _trend_alt(points, unit, title, target))


def _trend_alt(points: list[Point], unit: str, title: str, target: float | None) -> str:
    alt = f"Linjediagram: {title}. Värden per period – {_describe(points, unit)}"
    if target is not None:
        alt += f". Streckad linje visar målvärdet {format_value(target, unit, nbsp=False)}."
    return alt


def _draw_trend(points: list[Point], unit: str, title: str, target: float | None, formats: tuple[str, ...]) -> Drawn:
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    xs = list(range(len(points)))
    ys = [p.value for p in points]
    # NaN breaks the line: a hidden or missing year is a gap, not a straight line between its neighbours
    ax.plot(xs, [y if y is not None else float("nan") for y in ys], marker="o", color=PALETTE[0])
    nan = float("nan")
    lows = [p.low if p.value is not None and p.low is not None and p.high is not None else nan for p in points]
    highs = [p.high if p.value is not None and p.low is not None and p.high is not None else nan for p in points]
    if any(v == v for v in lows):  # NaN breaks the band at a gap, as it breaks the line
        ax.fill_between(xs, lows, highs, color=PALETTE[0], alpha=0.15, linewidth=0)
    for x, p in zip(xs, points):
        if p.value is None:
            ax.annotate(p.hidden_symbol, (x, 0), textcoords="offset points", xytext=(0, 4), ha="center")
    if target is not None:
        ax.axhline(target, color="#555555", linestyle="--", linewidth=1)
        ax.annotate("målvärde", (xs[-1] if xs else 0, target), textcoords="offset points", xytext=(0, 3), ha="right", fontsize=8)
    ax.set_xticks(xs, [p.label for p in points])
    ax.yaxis.set_major_formatter(_axis_formatter(unit))
    _integer_ticks(ax.yaxis, unit)
    if unit == "procent":
        ax.set_ylim(0, 100)
    else:
        ax.set_ylim(bottom=0)
    ax.set_title(title, fontsize=10, loc="left")
    return _save(fig, _trend_alt(points, unit, title, target), formats)


TEXT_ON_WHITE = ("#000000", "#555555", TEXT_ON_FILL)  # tick labels and values, the målvärde label, symbols


def answer_colours(point: Point) -> tuple[str, str, str]:
    """(fill, edge, text) of an answer's box: the status fill of the report and workbook with dark text."""
    if not point.answer:
        return "#ffffff", "#333333", TEXT_ON_FILL
    status = point.status if point.status in STATUS_FILL else "ingen"
    return f"#{STATUS_FILL[status]}", STATUS_COLOUR[status], TEXT_ON_FILL


def answer_chart(points: list[Point], title: str, stem: Path, formats: tuple[str, ...] = BOTH) -> Chart:
    """A kategori indicator's answer per period: one box per period, coloured by status, with the answer written in it."""
    job = Job(_draw_answer, (points, title), formats)
    return _cached(("answer", points, title), stem, formats, job, _answer_alt(points, title))


def _answer_alt(points: list[Point], title: str) -> str:
    described = "; ".join(f"{p.label}: {p.answer or p.hidden_symbol}" + (f" ({p.status})" if p.answer else "") for p in points)
    return f"Svar per period: {title}. {described}{_symbols_note(points)}"


def _draw_answer(points: list[Point], title: str, formats: tuple[str, ...]) -> Drawn:
    fig, ax = plt.subplots(figsize=(6.4, 1.6))
    for x, p in enumerate(points):
        text = p.answer if p.answer else (p.hidden_symbol if p.value is None else format_value(p.value, "procent", nbsp=False))
        face, edge, ink = answer_colours(p)
        ax.add_patch(plt.Rectangle((x + 0.05, 0.1), 0.9, 0.8, facecolor=face, edgecolor=edge, linewidth=1.5))
        ax.text(x + 0.5, 0.5, text, ha="center", va="center", fontsize=10, color=ink)
    ax.set_xlim(0, max(len(points), 1))
    ax.set_ylim(0, 1)
    ax.set_xticks([x + 0.5 for x in range(len(points))], [p.label for p in points])
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_title(title, fontsize=10, loc="left")
    return _save(fig, _answer_alt(points, title), formats)


def bar_chart(points: list[Point], unit: str, title: str, stem: Path, formats: tuple[str, ...] = BOTH) -> Chart:
    """Horizontal bars per stratum; hidden strata are labelled with their symbol, not drawn."""
    job = Job(_draw_bar, (points, unit, title), formats)
    return _cached(("bar", points, unit, title), stem, formats, job, _bar_alt(points, unit, title))


def _bar_alt(points: list[Point], unit: str, title: str) -> str:
    return f"Stapeldiagram: {title}. {_describe(points, unit)}{_symbols_note(points)}"


def _draw_bar(points: list[Point], unit: str, title: str, formats: tuple[str, ...]) -> Drawn:
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * max(len(points), 2) + 0.8))
    ys = list(range(len(points)))
    values = [p.value if p.value is not None else 0 for p in points]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(points))]
    ax.barh(ys, values, color=colours)
    for y, p in zip(ys, points):
        text = format_value(p.value, unit, nbsp=False) if p.value is not None else p.hidden_symbol
        ax.annotate(text, (p.value or 0, y), textcoords="offset points", xytext=(3, 0), va="center", fontsize=9)
    ax.set_yticks(ys, [p.label for p in points])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_axis_formatter(unit))
    _integer_ticks(ax.xaxis, unit)
    if unit == "procent":
        ax.set_xlim(0, 105)
    ax.set_title(title, fontsize=10, loc="left")
    return _save(fig, _bar_alt(points, unit, title), formats)


def _symbols_note(points: list[Point]) -> str:
    """What the symbols of hidden points mean, for the alt text (only the symbols used)."""
    used = {p.hidden_symbol for p in points if p.value is None}
    meanings = [f"{symbol} betyder: {text.rstrip('.').lower()}" for symbol, text in SYMBOL_LEGEND if symbol in used]
    return f" ({'; '.join(meanings)})" if meanings else ""
