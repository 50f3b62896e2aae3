"""The site as a reader uses it in headless Chromium: Swedish search, version selector, sorting."""

from __future__ import annotations

import re

SEARCH_RESULT = ".md-search-result__item a"


def _search(page, site_url: str, query: str) -> list[str]:
    page.goto(site_url + "/2025-1/", wait_until="load")
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=40)  # Material's search reacts to key events, not to fill()
    page.wait_for_selector(SEARCH_RESULT, timeout=10_000)
    return [link.get_attribute("href") or "" for link in page.locator(SEARCH_RESULT).all()]


def test_swedish_search_finds_indicator_by_word_with_aao(page, site_url: str) -> None:
    hrefs = _search(page, site_url, "återaktualisering")
    assert any("indikatorer/ateraktualisering-inom-2-ar" in href for href in hrefs), hrefs


def test_swedish_search_matches_beginning_of_word(page, site_url: str) -> None:
    # Material's Swedish search (lunr, lang sv) matches word beginnings: "placer" finds "placerade".
    hrefs = _search(page, site_url, "placer")
    assert any("indikatorer/placerade-barn-per-1000" in href for href in hrefs), hrefs


def test_swedish_search_finds_words_in_tables_and_definitions(page, site_url: str) -> None:
    hrefs = _search(page, site_url, "flicka")
    assert any("indikatorer/utredning-inom-4-manader" in href for href in hrefs), hrefs


def test_version_selector_reaches_previous_version(page, site_url: str) -> None:
    page.goto(site_url + "/2025-1/", wait_until="load")
    selector = page.locator(".md-version")
    selector.wait_for(timeout=10_000)
    assert "Årsrapport 2025" in selector.locator(".md-version__current").inner_text()
    selector.hover()
    page.locator(".md-version__link", has_text="Årsrapport 2024").click()
    page.wait_for_url(re.compile(r"/2024-1/"), timeout=10_000)
    assert "Version: Årsrapport 2024" in page.locator("article").inner_text()
    # The older version says it is outdated and links to the newest.
    banner = page.locator("[data-md-component='outdated']")
    banner.wait_for(state="visible", timeout=10_000)
    assert "äldre version" in banner.inner_text()


def _choose_version(page, title: str) -> None:
    selector = page.locator(".md-version")
    selector.wait_for(timeout=10_000)
    selector.hover()
    page.locator(".md-version__link", has_text=title).click()


def test_version_selector_opens_the_same_page_in_the_other_version(page, site_url: str) -> None:
    page.goto(site_url + "/2025-1/indikatorer/utredning-inom-4-manader.html#jamforbarhet", wait_until="load")
    _choose_version(page, "Årsrapport 2024")
    page.wait_for_url(re.compile(r"/2024-1/indikatorer/utredning-inom-4-manader\.html#jamforbarhet$"), timeout=10_000)
    assert "Andel utredningar som avslutats inom fyra månader" in page.locator("h1").inner_text()
    assert "Årsrapport 2024" in page.locator(".md-version__current").inner_text()
    # and back again, from the older version to the newest
    _choose_version(page, "Årsrapport 2025")
    page.wait_for_url(re.compile(r"/2025-1/indikatorer/utredning-inom-4-manader\.html#jamforbarhet$"), timeout=10_000)


def test_version_selector_falls_back_to_the_start_page_when_the_page_is_missing(page, site_url: str, published_site) -> None:
    # 2024-1 was published without an ändringslogg: that page exists only in 2025-1.
    assert not (published_site.root / "2024-1" / "andringslogg.html").exists()
    page.goto(site_url + "/2025-1/andringslogg.html", wait_until="load")
    _choose_version(page, "Årsrapport 2024")
    page.wait_for_url(re.compile(r"/2024-1/(index\.html)?$"), timeout=10_000)
    assert "Version: Årsrapport 2024" in page.locator("article").inner_text()


def test_archive_links_to_previous_version(page, site_url: str) -> None:
    page.goto(site_url + "/2025-1/arkiv.html", wait_until="load")
    page.locator("article a", has_text="Årsrapport 2024").click()
    page.wait_for_url(re.compile(r"/2024-1/index\.html$"), timeout=10_000)


def test_overview_table_sorts_by_value_with_buttons(page, site_url: str) -> None:
    page.goto(site_url + "/2025-1/", wait_until="load")
    button = page.get_by_role("button", name="Värde", exact=True)
    header = page.locator(".su-sortable th", has=button)
    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator(".su-sortable tbody tr").first.inner_text()
    assert "Placerade barn" in first  # 3,8 per 1 000 is the smallest value
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert "Utredning inom 4 mån" in page.locator(".su-sortable tbody tr").first.inner_text()


def test_pages_link_to_each_other_when_opened_from_disk(page, published_site) -> None:
    # Without a web server (file://) search and the version selector are off, but every link works.
    page.goto((published_site.html / "index.html").as_uri(), wait_until="load")
    page.locator("article a", has_text="Utredning inom 4 mån").click()
    page.wait_for_url(re.compile(r"/indikatorer/utredning-inom-4-manader\.html$"))
    assert "Andel utredningar som avslutats inom fyra månader" in page.locator("h1").inner_text()
    page.locator("article a", has_text="Datakvalitet").first.click()
    page.wait_for_url(re.compile(r"/datakvalitet\.html$"))
