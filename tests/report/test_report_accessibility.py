"""The report's HTML in a real browser: axe-core (WCAG 2.1 AA and best practice) finds no violations (the
session's Chromium, `browser` in tests/conftest.py)."""

from __future__ import annotations

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def test_report_html_has_no_axe_violations_and_fetches_nothing(browser, report) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(locale="sv-SE")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(report.path("html").resolve().as_uri(), wait_until="load")
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, results.generate_report()
        assert page.locator("main").count() == 1
        assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    finally:
        context.close()
