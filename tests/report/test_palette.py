"""One status palette: the report's filter and HTML template use the fills of the site and the workbook."""

from __future__ import annotations

from suengine.render.format import STATUS_FILL
from suengine.render.report.project import templates_dir


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_report_status_colours_are_the_shared_palette_and_pass_wcag_aa() -> None:
    lua = (templates_dir() / "filters" / "status.lua").read_text(encoding="utf-8")
    html = (templates_dir() / "templates" / "rapport.html").read_text(encoding="utf-8")
    for key, fill in STATUS_FILL.items():
        assert f'"{fill}"' in lua, key
        assert f"#{fill}" in html, key
        contrast = (_luminance(fill) + 0.05) / (_luminance("1A1A1A") + 0.05)
        assert contrast >= 4.5, (key, contrast)  # WCAG 2.1 AA for normal text


def _contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground.lstrip("#")), _luminance(background.lstrip("#"))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_and_background_pair_of_the_palette_passes_wcag_aa() -> None:
    """Text on a status fill, and every text colour the charts draw on white: at least 4.5:1 (WCAG 1.4.3)."""
    from suengine.render.charts import TEXT_ON_WHITE, Point, answer_colours
    from suengine.render.format import STATUS_COLOUR, TEXT_ON_FILL

    pairs = [(TEXT_ON_FILL, fill) for fill in STATUS_FILL.values()]
    pairs += [(ink, "#ffffff") for ink in TEXT_ON_WHITE]
    for status in STATUS_FILL:  # the answer chart's boxes (Ja/Delvis/Nej), the pair that was white on yellow
        face, edge, ink = answer_colours(Point("2025", 1.0, answer="Ja", status=status))
        assert face.lstrip("#") == STATUS_FILL[status]
        pairs.append((ink, face))
        assert _contrast(edge, "#ffffff") >= 3.0, (status, edge)  # a box's outline: WCAG 1.4.11
    pairs.append(answer_colours(Point("2024", None))[2::-2])  # an empty box: dark text on white
    for ink, background in pairs:
        assert _contrast(ink, background) >= 4.5, (ink, background, round(_contrast(ink, background), 2))
    assert all(_contrast(colour, "#ffffff") >= 3.0 for colour in STATUS_COLOUR.values())


def test_the_answer_chart_writes_no_white_text(tmp_path) -> None:
    from suengine.render.charts import Point, answer_chart

    points = [Point(str(y), 1.0, answer=a, status=s) for y, a, s in ((2023, "Ja", "grön"), (2024, "Delvis", "gul"), (2025, "Nej", "röd"))]
    chart = answer_chart(points, "Svar", tmp_path / "svar", formats=("svg",))
    svg = chart.svg.read_text(encoding="utf-8").lower()
    assert "fill: #ffeb9c" in svg and "fill: #1a1a1a" in svg
    assert "fill: #ffffff" not in svg.split("<g id=\"text_", 1)[-1]  # no glyph is painted white
