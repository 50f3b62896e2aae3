"""Search keywords: the other forms of a page's -era/-ering words go into its front matter."""

from __future__ import annotations

import yaml

from suengine.render.site.search_terms import keywords, with_keywords


def test_a_participle_gives_the_noun_and_a_noun_the_participle() -> None:
    terms = keywords("Andel barn som återaktualiserats inom 12 månader.")
    assert "återaktualiseringarna" in terms  # answers "återaktualisering" under prefix matching
    assert "återaktualiserades" in terms
    assert "placerades" in keywords("Barnets placering i familjehem.")


def test_forms_already_on_the_page_and_ordinary_words_give_nothing() -> None:
    assert keywords("Flera barn, hela perioden, kvalitet och 12 procent.") == []
    terms = keywords("Placeringen och placeringarna; barnet placerades och har placerats.")
    assert "placerades" not in terms and "placerats" not in terms and "placeringarna" not in terms
    assert keywords('<a href="../registrerade.html">Länk</a> [text](placerade.md)') == []  # link targets are not words


def test_keywords_join_existing_front_matter() -> None:
    page = with_keywords("---\nhide:\n  - toc\n---\n\n# Översikt\n\nPlacerade barn.\n")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["hide"] == ["toc"] and "placeringarna" in meta["tags"]
    assert page.endswith("\n# Översikt\n\nPlacerade barn.\n")
    assert with_keywords("# Rubrik\n\nInget att lägga till.\n") == "# Rubrik\n\nInget att lägga till.\n"
    fresh = with_keywords("# Rubrik\n\nregistrerade uppgifter\n")
    assert fresh.startswith("---\ntags:\n") and "registreringarna" in fresh
