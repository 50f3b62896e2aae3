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
