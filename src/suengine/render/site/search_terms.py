"""Search keywords: the Swedish word forms a reader types that a page's own words do not begin with.

Material's search (lunr) matches the beginnings of words and, for Swedish, does not reduce words to
a stem. A page that says "återaktualiserats" is therefore not found by "återaktualisering", and a
page that says "placering" not by "placerade". For every word of a page that is a form of an
*-era* verb or its *-ering* noun, this module gives the other forms as keywords; the site puts them
in the page's front matter (`tags`), which the search indexes and the page does not show.

    keywords("Andel barn som återaktualiserats")  → ["återaktualiserades", "återaktualiseringarna", …]
    with_keywords("# Rubrik\n\nText …")           → "---\ntags: […]\n---\n\n# Rubrik …"
"""

from __future__ import annotations

import re

import yaml

# The forms a reader is likely to type, longest of each chain only: under prefix matching
# "återaktualiserades" also answers "återaktualisera", "återaktualiserad" and "återaktualiserade",
# "återaktualiseringarna" answers "återaktualisering" and "återaktualiseringar".
FORMS = ("erades", "erats", "eringarna", "eringens")
_ENDINGS = "a|ar|ad|ade|ades|at|ats|as|ing|ingen|ingens|ingar|ingarna|ingarnas"
_WORD = re.compile(rf"^(\w{{4,}}?)er(?:{_ENDINGS})$")
_WORDS = re.compile(r"[^\W\d_]+")
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)")  # HTML tags and link targets are not words a reader sees
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def page_words(markdown: str) -> set[str]:
    """The lower-case words of a page's Markdown (link targets and HTML tags left out)."""
    return {word.lower() for word in _WORDS.findall(_MARKUP.sub(" ", markdown))}


def keywords(markdown: str) -> list[str]:
    """The other forms of the page's -era/-ering words, sorted; none that a page word already begins with."""
    words = page_words(markdown)
    stems = {match.group(1) for word in words if (match := _WORD.match(word))}
    found = set()
    for stem in stems:
        for ending in FORMS:
            form = stem + ending
            if not any(word.startswith(form) for word in words):
                found.add(form)
    return sorted(found)


def with_keywords(markdown: str) -> str:
    """`markdown` with its keywords as `tags` in the front matter (added to one that is there)."""
    terms = keywords(markdown)
    if not terms:
        return markdown
    match = FRONT_MATTER.match(markdown)
    meta = (yaml.safe_load(match.group(1)) or {}) if match else {}
    meta["tags"] = terms
    body = markdown[match.end():] if match else "\n" + markdown
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body
