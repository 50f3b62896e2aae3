"""Charts drawn side by side in worker processes are the same files, byte for byte, as charts drawn one at a time."""

from __future__ import annotations

from pathlib import Path

from suengine.reference.comparison import IndicatorComparison, YearRow
from suengine.render import chart_cache, chart_pool
from suengine.render.charts import Chart, Point, bar_chart, trend_chart
from suengine.render.comparison_chart import comparison_chart


def _draw_all(folder: Path) -> list[Chart]:
    """Every kind of chart, with gaps, bands, a target, answers and hidden strata; two asked for twice."""
    years = [Point("2021", 40.0, 35.0, 45.0), Point("2022", None, hidden_symbol=".."), Point("2023", 48.5, 44.0, 53.0),
             Point("2024", 51.0), Point("2025", 55.0, 50.0, 60.0)]
    groups = [Point("Flickor", 12.0), Point("Pojkar", None, hidden_symbol=".."), Point("Okänt kön", 3.0)]
    answers = [Point("2024", 1.0, answer="Ja", status="grön"), Point("2025", 0.0, answer="Nej", status="röd")]
    compared = IndicatorComparison(
        indicator_id="x", kpi="N00000", kpi_title="Jämförelse", difference="", source="Kolada", columns=("Riket",),
        rows=(YearRow(2024, 40.0, (38.0,), (0,), 290, None, None), YearRow(2025, None, (39.5,), (0,), 290, None, None)),
        report_year=2025, latest_year=2025, relative_target=False)
    charts = [
        trend_chart(years, "procent", "Utredning inom fyra månader", folder / "trend", target=60.0),
        trend_chart(years[:3], "antal", "Antal", folder / "antal"),
        bar_chart(groups, "antal", "Efter kön", folder / "kon"),
        bar_chart(groups, "antal", "Efter kön", folder / "kon-igen", formats=("svg",)),
        trend_chart(answers, "", "Rutin finns", folder / "svar"),
        trend_chart([Point(str(y), float(y % 7)) for y in range(2019, 2026)], "kronor", "Kronor", folder / "kronor",
                    formats=("svg",)),
        bar_chart([Point(f"Grupp {n}", 10.0 * n) for n in range(1, 7)], "procent", "Sex grupper", folder / "sex"),
    ]
    chart = comparison_chart(compared, "Mölndal", "Jämförelse med riket", folder / "kolada")
    assert chart is not None
    return charts + [chart, trend_chart(years, "procent", "Utredning inom fyra månader", folder / "trend-igen", target=60.0)]


def _files(charts: list[Chart]) -> list[tuple[bytes, bytes | None, str]]:
    return [(c.svg.read_bytes(), c.png.read_bytes() if c.png is not None else None, c.alt) for c in charts]


def test_charts_drawn_in_worker_processes_are_byte_identical_to_charts_drawn_here(tmp_path) -> None:
    with chart_cache.using(None) as one_at_a_time:
        serial = _draw_all(tmp_path / "ett-i-taget")
    with chart_cache.using(None) as side_by_side, chart_cache.batch(workers=2) as store:
        parallel = _draw_all(tmp_path / "parallellt")
        assert store is side_by_side
        assert not any(c.svg.exists() for c in parallel), "inside the batch nothing is drawn here"
        assert store.drawing is not None and store.drawing.pool is not None  # handed to worker processes
        assert len(store.drawing.futures) == len(store.pending) == 7
    assert _files(parallel) == _files(serial)
    assert [c.png is None for c in parallel] == [c.png is None for c in serial]
    assert (side_by_side.drawn, side_by_side.from_memory) == (one_at_a_time.drawn, one_at_a_time.from_memory) == (7, 2)


def test_a_png_asked_for_after_the_picture_was_queued_is_drawn_too(tmp_path) -> None:
    points = [Point("2024", 10.0), Point("2025", 12.0)]
    with chart_cache.using(None), chart_cache.batch(workers=2):
        for n in range(chart_pool.MIN_FOR_POOL):  # enough for the pool, so the first is sent off with SVG only
            trend_chart(points, "antal", f"Bild {n}", tmp_path / f"webb-{n}", formats=("svg",))
        report = trend_chart(points, "antal", "Bild 0", tmp_path / "rapport")
    assert report.png is not None and report.png.read_bytes().startswith(b"\x89PNG")
    assert report.svg.read_bytes() == (tmp_path / "webb-0.svg").read_bytes()


def test_a_batch_that_fails_writes_no_chart_and_leaves_no_queue(tmp_path) -> None:
    points = [Point("2024", 10.0), Point("2025", 12.0)]
    with chart_cache.using(None) as store:
        try:
            with chart_cache.batch(workers=2):
                for n in range(chart_pool.MIN_FOR_POOL + 1):
                    trend_chart(points, "antal", f"Bild {n}", tmp_path / f"bild-{n}")
                raise ValueError("ett fel mitt i rapporten")
        except ValueError:
            pass
        assert store.drawing is None and not store.pending and store.drawn == 0
        assert not list(tmp_path.glob("*.svg"))
        after = trend_chart(points, "antal", "Bild 0", tmp_path / "sedan", formats=("svg",))  # outside a batch: drawn at once
        assert after.svg.is_file() and store.drawn == 1


def test_the_number_of_worker_processes(monkeypatch) -> None:
    monkeypatch.setenv(chart_pool.ENVIRONMENT, "3")
    assert chart_pool.workers() == 3
    monkeypatch.setenv(chart_pool.ENVIRONMENT, "1")
    with chart_cache.using(None), chart_cache.batch() as store:
        for n in range(chart_pool.MIN_FOR_POOL + 1):
            trend_chart([Point("2025", float(n))], "antal", "Bild", Path("/nonexistent") / f"{n}", formats=("svg",))
        assert store.drawing is not None and store.drawing.pool is None  # 1: everything drawn in this process
        store.pending.clear()  # nothing to write to /nonexistent
        store.drawing.jobs.clear()
    monkeypatch.setenv(chart_pool.ENVIRONMENT, "")
    monkeypatch.setattr(chart_pool, "cores", lambda: 2)
    assert chart_pool.workers() == 2  # one per core
    monkeypatch.setattr(chart_pool, "cores", lambda: 16)
    assert chart_pool.workers() == chart_pool.MAX_WORKERS
