"""Read the rendered report back as a reader's software would: PDF text, DOCX paragraphs and tables, HTML."""

from __future__ import annotations

import dataclasses
import functools
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import yaml

from suengine.definitions.model import Indicator
from suengine.render.format import NBSP, format_interval, format_value, is_missing


@functools.lru_cache(maxsize=8)
def pdf_text(path: Path) -> str:
    """The PDF's text as pypdf extracts it (cached: several tests read the same report)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def docx_xml_text(path: Path) -> str:
    """All text in every XML part of a DOCX (body, headers, alt text attributes included)."""
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read(n).decode("utf-8") for n in sorted(archive.namelist()) if n.endswith(".xml")]
    return "\n".join(re.sub(r"<[^>]+?>", " ", p) + " ".join(re.findall(r'descr="([^"]*)"', p)) for p in parts)


def html_without_data(html: str) -> str:
    """The HTML without embedded data: URIs (base64 images), which carry no readable text."""
    return re.sub(r"data:[^\"')]+", "data:", html)


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data.replace(NBSP, " "))


def html_tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def published_texts(results: pd.DataFrame) -> list[str]:
    """How the rows that may be shown print their values and intervals (with plain spaces)."""
    texts = set()
    for _, row in results[~results["undertryckt"].astype(bool)].iterrows():
        if not is_missing(row["värde"]):
            texts.add(format_value(row["värde"], str(row["enhet"]), nbsp=False))
        if not is_missing(row["ki_låg"]):
            texts.add(format_interval(row["ki_låg"], row["ki_hög"], nbsp=False))
    return sorted(texts, key=len, reverse=True)


def leaks(text: str, forbidden: tuple[str, ...], published: list[str]) -> list[str]:
    """Forbidden strings left in `text` once every legitimately published figure is taken out.

    A forbidden figure counts only as a whole number: `8 %` is not found inside `5,8 %`.
    """
    plain = text.replace(NBSP, " ")
    for shown in published:
        plain = re.sub(rf"(?<![\d,.]){re.escape(shown)}", " ", plain)
    return [f for f in forbidden if re.search(rf"(?<![\d,.]){re.escape(f.replace(NBSP, ' '))}(?![\d])", plain)]


def write_indicators(indicators: list[Indicator], folder: Path) -> list[Indicator]:
    """Each definition as a YAML file (so the manifest can hash it), pointing the Indicator at it."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for indicator in indicators:
        path = folder / f"{indicator.id}.yml"
        raw = dict(indicator.raw, version=indicator.version)
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=True), encoding="utf-8")
        written.append(dataclasses.replace(indicator, path=str(path)))
    return written


_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def word_boxes(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word with its box (x0, y0, x1, y1 in points), from poppler's `pdftotext -bbox-layout`."""
    import shutil
    import subprocess

    import pytest

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) saknas: `make chromium` installerar det")
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return [[(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD_BOX.findall(page)]
            for page in out.split("<page ")[1:]]


def overlapping_words(path: Path, tolerance: float = 0.5) -> list[tuple[int, str, str]]:
    """(page, word, word) for every two words whose boxes overlap: text printed over text, e.g. a value
    that runs out of its table cell into the next ("80 %+2,1 procentenheter")."""
    found = []
    for number, words in enumerate(word_boxes(path), start=1):
        words.sort()
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[0] >= a[2] - tolerance:
                    break
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                if across > tolerance and down > (a[3] - a[1]) / 4:  # lines touch, they do not overlap
                    found.append((number, a[4], b[4]))
    return found
