"""WCAG 2.1 AA in a real browser: axe-core in headless Chromium finds no violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PAGES = {
    "startsidan": "/2025-1/",
    "en indikatorsida": "/2025-1/indikatorer/utredning-inom-4-manader.html",
    "arkivet": "/2025-1/arkiv.html",
    "ändringsloggen": "/2025-1/andringslogg.html",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name], wait_until="load")
    page.wait_for_selector(".md-version", timeout=5000)  # the version selector is part of what is checked
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"axe på {name}:\n{results.generate_report()}"


@pytest.mark.parametrize("name", ["en indikatorsida", "startsidan"])
def test_no_axe_violations_on_a_phone(page, site_url: str, name: str) -> None:
    # Narrow screens put the navigation in a drawer, make the tables scroll sideways, show the
    # short version label and hide columns of the overview.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url + PAGES[name], wait_until="load")
    page.wait_for_selector(".su-version-short", state="attached", timeout=5000)
    page.wait_for_timeout(200)  # scrollable tables get keyboard focus after Material has wrapped them
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"axe i mobilbredd:\n{results.generate_report()}"
