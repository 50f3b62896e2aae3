"""No code of the data model's value sets reaches a reader of the demo site raw.

Scans the text of every built page (what a reader sees: text between tags, alt texts, aria-labels and
titles; not scripts, styles or link targets) for the codes that cannot be plain words: those with an
underscore (`våld_mot_barnet`) and abbreviations the label writes in capitals (`hvb` for "HVB").
"""

from __future__ import annotations

import re
from pathlib import Path

from suengine.casedata.datamodel import load_datamodel

_ATTRIBUTES = re.compile(r'\b(?:alt|aria-label|title)="([^"]*)"')


def raw_codes() -> set[str]:
    codes = set()
    for value_set in load_datamodel().value_sets.values():
        for code, label in value_set.values.items():
            abbreviations = {w for w in re.findall(r"[^\W\d_]+", str(label)) if w.lower() == code and sum(c.isupper() for c in w) > 1}
            if "_" in code or abbreviations:
                codes.add(code)
    return codes


def reader_text(html: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    attributes = " ".join(_ATTRIBUTES.findall(body))
    return re.sub(r"<[^>]+>", " ", body) + " " + attributes


def test_the_scan_knows_what_a_raw_code_looks_like() -> None:
    codes = raw_codes()
    assert {"våld_mot_barnet", "positiv_mål_uppfyllt", "hvb", "sis"} <= codes
    assert "flicka" not in codes and "placering" not in codes  # plain words, also in running text
    assert "våld_mot_barnet" in set(re.findall(r"\w+", reader_text('<p title="x">Orsak: våld_mot_barnet</p>')))
    assert "hvb" in set(re.findall(r"\w+", reader_text('<img alt="Antal per hvb">')))
    assert "hvb" not in set(re.findall(r"\w+", reader_text('<a href="hvb.html">HVB</a><script>var hvb</script>')))


def test_the_quality_page_names_measures_reasons_and_fields_in_words(demo_site) -> None:
    """The quality summary's own codes (`antal_saknas`, `ogiltigt_datum`, `barn_id`) reach readers as words."""
    from suengine.ingest import ingest_delivery
    from suengine.resources import project_root

    delivery = ingest_delivery(project_root() / "demo" / "leverans-2026-01", key=b"nyckel-som-bara-finns-i-webbtesterna")
    summary, problems = delivery.summary, delivery.problems
    words = set(summary["mått"]) | set(summary["fält"]) | set(problems["orsakskod"]) | set(problems["fält"])
    codes = {str(w) for w in words if "_" in str(w)}
    assert {"antal_saknas", "rader_avvisade"} <= codes
    page = reader_text((demo_site.html / "datakvalitet.html").read_text(encoding="utf-8"))
    assert "Saknade värden" in page and "Godkända" in page
    assert "B1b – erfarenhet 1–2 år" in page and "Förhandsbedömning klar" in page  # etikett, else the name written out
    assert not codes & set(re.findall(r"\w+", page)), sorted(codes & set(re.findall(r"\w+", page)))


def test_no_page_of_the_demo_site_shows_a_raw_code(demo_site) -> None:
    codes = raw_codes()
    pages = sorted(demo_site.html.rglob("*.html"))
    assert len(pages) > len(demo_site.indicators)
    found = {}
    for path in pages:
        words = set(re.findall(r"\w+", reader_text(path.read_text(encoding="utf-8"))))
        if codes & words:
            found[path.relative_to(demo_site.html).as_posix()] = sorted(codes & words)
    assert not found, found
