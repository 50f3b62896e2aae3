"""Search on the demo site finds inflected Swedish words: "återaktualisering" finds every indicator
whose text has a form of it (återaktualiserats, återaktualiserade …), not only those with that exact
word beginning. Counted against the catalogue, in the real search of headless Chromium."""

from __future__ import annotations

import re

from suengine.definitions.model import Indicator

STEM = "återaktualiser"
QUERY = "återaktualisering"


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for key, item in value.items() if key not in ("id", "testfall") for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return []


def _with_stem(indicators: list[Indicator]) -> set[str]:
    """Indicators whose definition (name, measure, purpose, sources …) has a word beginning with the stem."""
    return {i.id for i in indicators if re.search(rf"\b{STEM}", " ".join(_texts(i.raw)).lower())}


def _all_results(page, query: str) -> set[str]:
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=40)  # Material's search reacts to key events, not to fill()
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    meta = page.locator(".md-search-result__meta")
    total = int(re.search(r"\d+", meta.inner_text()).group())
    items = page.locator(".md-search-result__item")
    for _ in range(50):  # Material adds results as the list scrolls
        if items.count() >= total:
            break
        # Material shows 10 results, then 4 more each time the list *reaches* its end: when the list is too short
        # to scroll, staying at the end adds nothing, so leave the end and come back.
        page.locator(".md-search__scrollwrap").evaluate("e => e.scrollTop = 0")
        page.wait_for_timeout(50)
        page.locator(".md-search__scrollwrap").evaluate("e => e.scrollTop = e.scrollHeight")
        page.wait_for_timeout(100)
    assert items.count() == total, (items.count(), total)
    hrefs = [link.get_attribute("href") or "" for link in page.locator(".md-search-result__item > a").all()]
    return {m.group(1) for h in hrefs if (m := re.search(r"indikatorer/([\w-]+)\.html", h))}


def test_search_for_the_noun_finds_every_indicator_with_any_form_of_it(page, demo_url: str, demo_site) -> None:
    expected = _with_stem(demo_site.indicators)
    assert {i.id for i in demo_site.indicators if i.id.startswith("ateraktualisering")} <= expected
    page.goto(demo_url + "/2025.1/index.html", wait_until="load")
    found = _all_results(page, QUERY)
    assert expected <= found, sorted(expected - found)
    # Nothing found without the word: every indicator page in the results has a form of it in its text.
    assert found <= expected, sorted(found - expected)
    # The keywords are for the index only: no result shows them as tags.
    tags = page.locator(".md-search-result .md-tag")
    assert tags.count() > 0 and not any(tag.is_visible() for tag in tags.all())


def test_search_for_a_participle_finds_pages_that_only_have_the_noun(page, demo_url: str, demo_site) -> None:
    page.goto(demo_url + "/2025.1/index.html", wait_until="load")
    found = _all_results(page, "placerade")
    with_noun = {i.id for i in demo_site.indicators if re.search(r"\bplacering", " ".join(_texts(i.raw)).lower())}
    assert with_noun and with_noun <= found, sorted(with_noun - found)
