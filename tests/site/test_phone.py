"""The demo site on a phone (390 × 844): the header's version label clears the search button, and the
overview keeps Indikator, Värde and Status in view without scrolling sideways."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}


def _box(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_version_label_does_not_run_under_the_search_button(page, demo_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(demo_url + "/2025.1/index.html", wait_until="load")
    label = page.locator(".md-version__current")
    label.wait_for(timeout=10_000)
    search = page.locator('label.md-header__button[for="__search"]')
    assert search.is_visible()
    label_box, search_box = _box(label), _box(search)
    assert not _overlap(label_box, search_box), (label_box, search_box)
    assert label_box["x"] + label_box["width"] <= search_box["x"]
    # The narrow label is the version itself, the wide title stays for screen readers' context on wide screens.
    assert label.inner_text().strip() == "2025.1"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert label.inner_text().strip() == "Årsrapport 2025 (version 2025.1)"


def test_overview_keeps_value_and_status_in_view_on_a_phone(page, demo_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(demo_url + "/2025.1/index.html", wait_until="load")
    table = page.locator(".su-overview table")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    value, status = headers.index("Värde"), headers.index("Status")
    rows = table.locator("tbody tr")
    assert rows.count() > 40  # the whole catalogue
    for index in range(rows.count()):
        row = rows.nth(index)
        row.scroll_into_view_if_needed()
        for column in (0, value, status):
            box = _box(row.locator("td").nth(column))
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (index, headers[column], box)
    scroller = page.locator(".su-overview .md-typeset__scrollwrap")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the overview must not scroll sideways on a phone"
    assert page.locator(".su-narrow-note").is_visible()  # says where the hidden columns are
