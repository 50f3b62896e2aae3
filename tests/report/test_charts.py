"""Charts tell the truth: a gap at a hidden year, no chart without values, one drawing reused by report and site."""

from __future__ import annotations

import re
import shutil

from suengine.render import chart_cache
from suengine.render.charts import Point, bar_chart, has_values, trend_chart


def test_a_hidden_year_breaks_the_line_instead_of_joining_its_neighbours(tmp_path) -> None:
    points = [Point("2021", 40.0), Point("2022", 45.0), Point("2023", None, hidden_symbol=".."), Point("2024", 50.0),
              Point("2025", 55.0)]
    chart = trend_chart(points, "procent", "Med lucka", tmp_path / "lucka", formats=("svg",))
    svg = chart.svg.read_text(encoding="utf-8")
    line = [p for p in re.findall(r'<path d="([^"]+)"[^>]*stroke: #0072b2', svg) if p.count("L") or p.count("M") > 1]
    assert line, "the data line is drawn"
    # two separate runs (2021–2022 and 2024–2025): the path moves (M) again after the gap
    assert any(p.count("M") == 2 for p in line), line
    assert "2023: .." in chart.alt


def test_no_chart_when_nothing_can_be_shown() -> None:
    assert not has_values([Point("2024", None), Point("2025", None, hidden_symbol="..")])
    assert has_values([Point("2024", None), Point("2025", 3.0)])


def test_the_same_chart_is_drawn_once_and_copied(tmp_path) -> None:
    points = [Point("2024", 10.0), Point("2025", 12.0)]
    with chart_cache.using(None) as store:
        first = trend_chart(points, "antal", "Samma bild", tmp_path / "rapport" / "a", formats=("svg", "png"))
        second = trend_chart(points, "antal", "Samma bild", tmp_path / "webb" / "b", formats=("svg",))
        assert (store.drawn, store.from_memory) == (1, 1)
        assert second.svg.read_bytes() == first.svg.read_bytes() and second.svg != first.svg
        third = trend_chart([Point("2024", 10.0), Point("2025", 13.0)], "antal", "Samma bild", tmp_path / "c", formats=("svg",))
        assert store.drawn == 2
    assert third.svg.read_bytes() != first.svg.read_bytes()  # other content, drawn anew


def test_a_later_build_takes_unchanged_charts_from_the_cache_folder(tmp_path) -> None:
    points = [Point("2024", 10.0), Point("2025", None, hidden_symbol="..")]
    answers = [Point("2024", 1.0, answer="Ja", status="grön"), Point("2025", 0.0, answer="Nej", status="röd")]
    cache = tmp_path / "cache"

    def draw_all(folder):
        return [trend_chart(points, "antal", "Bild", folder / "trend"),
                bar_chart(points, "procent", "Staplar", folder / "stapel", formats=("svg",)),
                trend_chart(answers, "", "Svar", folder / "svar")]

    with chart_cache.using(cache) as first_build:
        first = draw_all(tmp_path / "ett")
    assert (first_build.drawn, first_build.from_folder) == (3, 0)
    with chart_cache.using(cache) as second_build:  # a new build: nothing in memory, everything in the folder
        second = draw_all(tmp_path / "två")
    assert (second_build.drawn, second_build.from_folder) == (0, 3)
    for a, b in zip(first, second):
        assert a.svg.read_bytes() == b.svg.read_bytes() and a.alt == b.alt
        assert (a.png is None) == (b.png is None) and (a.png is None or a.png.read_bytes() == b.png.read_bytes())
    assert second[0].png is not None and second[1].png is None  # PNG only where it was asked for
    with chart_cache.using(cache) as wants_png:  # the bar chart was stored without PNG: drawn again, now with one
        bar_chart(points, "procent", "Staplar", tmp_path / "tre" / "stapel")
    assert wants_png.drawn == 1
    with chart_cache.using(cache) as changed:
        trend_chart([Point("2024", 11.0), points[1]], "antal", "Bild", tmp_path / "fyra" / "trend")
    assert changed.drawn == 1  # other data, other key


def test_a_damaged_or_deleted_cache_only_costs_a_redraw(tmp_path) -> None:
    points = [Point("2024", 10.0), Point("2025", 12.0)]
    cache = tmp_path / "cache"
    with chart_cache.using(cache):
        first = trend_chart(points, "antal", "Bild", tmp_path / "a", formats=("svg",))
    for svg in (cache / chart_cache.FOLDER).rglob("*.svg"):
        svg.write_bytes(b"")  # e.g. a disk that filled up
    with chart_cache.using(cache) as store:
        again = trend_chart(points, "antal", "Bild", tmp_path / "b", formats=("svg",))
    assert store.drawn == 1 and again.svg.read_bytes() == first.svg.read_bytes()
    shutil.rmtree(cache)
    with chart_cache.using(cache) as store:
        trend_chart(points, "antal", "Bild", tmp_path / "c", formats=("svg",))
    assert store.drawn == 1


def test_the_key_depends_on_the_drawing_code(monkeypatch) -> None:
    key = chart_cache.chart_key("trend", (Point("2025", 1.0),), "antal", "Bild", None)
    monkeypatch.setattr(chart_cache, "code_version", lambda: "en annan version av charts.py")
    assert chart_cache.chart_key("trend", (Point("2025", 1.0),), "antal", "Bild", None) != key
