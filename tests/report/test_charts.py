"""Charts tell the truth: a gap at a hidden year, no chart without values, one drawing reused by report and site."""

from __future__ import annotations

import re

from suengine.render import charts
from suengine.render.charts import Point, has_values, trend_chart


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
    before = dict(charts.STATS)
    first = trend_chart(points, "antal", "Samma bild", tmp_path / "rapport" / "a", formats=("svg", "png"))
    second = trend_chart(points, "antal", "Samma bild", tmp_path / "webb" / "b", formats=("svg",))
    assert charts.STATS["drawn"] - before["drawn"] == 1 and charts.STATS["reused"] - before["reused"] == 1
    assert second.svg.read_bytes() == first.svg.read_bytes() and second.svg != first.svg
    third = trend_chart([Point("2024", 10.0), Point("2025", 13.0)], "antal", "Samma bild", tmp_path / "c", formats=("svg",))
    assert third.svg.read_bytes() != first.svg.read_bytes()  # other content, drawn anew
