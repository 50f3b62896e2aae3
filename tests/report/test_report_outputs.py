"""The rendered HTML, PDF and DOCX: structure, Swedish text, accessibility, and no hidden number anywhere."""

from __future__ import annotations

import re
import shutil

import docx
import pandas as pd
import pytest
import yaml

from suengine.errors import SuengineError
from suengine.render.report import backends
from suengine.render.report.project import Project

from report_helpers import (
    docx_xml_text, html_tables, html_without_data, leaks, pdf_text, published_texts,
)

CHAPTERS = ("Sammanfattning", "Handläggning", "Uppföljning och resultat", "Analys och åtgärder", "Datakvalitet",
            "Metod och definitioner")
COUNTS_SENTENCE = "Av 3 indikatorer är 2 gröna, 0 gula, 0 röda och 1 ej färgsatt."
SUPPRESSED_ROW = ["Flicka", "..", "..", "..", "..", "för få observationer"]
SECONDARY_ROW = ["Pojke", "..", "..", "..", "..", "dolt för att ett annat dolt värde inte ska kunna räknas fram"]


def test_html_is_swedish_with_one_main_landmark_and_alt_text_on_every_image(report) -> None:
    html = report.path("html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="sv"', html)
    assert len(re.findall(r"<main\b", html)) == 1
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) >= 4
    for image in images:
        alt = re.search(r'\balt="([^"]+)"', image)
        assert alt and alt.group(1).strip(), image[:200]
    assert "data:image/svg+xml" in html  # SVG charts, embedded


def test_html_has_the_chapters_and_the_summary_counts(report) -> None:
    html = report.path("html").read_text(encoding="utf-8").replace("\u00a0", " ")
    for chapter in CHAPTERS:
        assert re.search(rf"<h1[^>]*>{chapter}</h1>", html), chapter
    assert COUNTS_SENTENCE in html
    assert "Teckenförklaring" in html


def test_pdf_text_has_the_summary_counts_and_swedish_characters(report) -> None:
    text = " ".join(pdf_text(report.path("pdf")).replace("\u00a0", " ").split())
    assert COUNTS_SENTENCE in text
    for chapter in CHAPTERS:
        assert chapter in text
    for letter in "åäöÅÄ":
        assert letter in text
    assert "Tre viktiga iakttagelser" in text


def test_pdf_table_headers_do_not_run_together(report) -> None:
    """Issue 19 item 7: a too narrow column let "Nämnare" overflow into "95 % KI" ("95 % KINämnare")."""
    text = pdf_text(report.path("pdf"))
    assert "KINämnare" not in text
    assert re.search(r"95 %\s+KI\s+Täljare\s+Nämnare\s+Status", text)  # täljare before nämnare (presentation)


def test_docx_has_the_chapters_as_headings_and_tables(report) -> None:
    document = docx.Document(str(report.path("docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(CHAPTERS)
    assert len(document.tables) >= 10
    body = " ".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    assert COUNTS_SENTENCE in body


def _strata_rows(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows if row}


def test_suppressed_stratum_shows_symbol_and_reason_in_html(report) -> None:
    tables = [t for t in html_tables(report.path("html").read_text(encoding="utf-8")) if t and t[0][:1] == ["Kön"]]
    first = _strata_rows(tables[0])  # utredning-inom-4-manader comes first
    assert first["Flicka"] == SUPPRESSED_ROW
    assert first["Pojke"] == SECONDARY_ROW


def test_suppressed_stratum_shows_symbol_and_reason_in_docx(report) -> None:
    document = docx.Document(str(report.path("docx")))
    tables = [[[c.text.replace("\u00a0", " ") for c in row.cells] for row in t.rows] for t in document.tables]
    kon = [t for t in tables if t and t[0][:1] == ["Kön"]]
    first = _strata_rows(kon[0])
    assert first["Flicka"] == SUPPRESSED_ROW
    assert first["Pojke"] == SECONDARY_ROW


def test_suppressed_stratum_shows_symbol_and_reason_in_pdf(report) -> None:
    text = " ".join(pdf_text(report.path("pdf")).split())
    assert re.search(r"Flicka \.\. \.\. \.\. \.\. för få observationer", text), text[:3000]
    assert re.search(r"Pojke \.\. \.\. \.\. \.\. dolt för att", text)


def test_no_hidden_number_appears_in_any_output(report, results_table: pd.DataFrame, suppressed_texts) -> None:
    published = published_texts(results_table)
    outputs = {
        "html": html_without_data(report.path("html").read_text(encoding="utf-8")),
        "pdf": pdf_text(report.path("pdf")),
        "docx": docx_xml_text(report.path("docx")),
    }
    for path in sorted(report.folder.rglob("*")):
        if path.suffix in (".qmd", ".md", ".json", ".yml"):  # rapport.typ is checked through the PDF
            outputs[str(path.relative_to(report.folder))] = path.read_text(encoding="utf-8")
    for name, text in outputs.items():
        assert leaks(text, suppressed_texts, published) == [], name


def test_no_chart_is_drawn_for_a_breakdown_where_every_value_is_hidden(report) -> None:
    figures = {p.name for p in (report.project / "figurer").iterdir()}
    assert "utredning-inom-4-manader-aldersgrupp.svg" in figures
    assert "utredning-inom-4-manader-kon.svg" not in figures
    assert "ateraktualisering-inom-2-ar-kon.png" in figures


def test_alt_texts_say_what_the_chart_shows(report) -> None:
    qmd = (report.project / "_omrade-handlaggning.qmd").read_text(encoding="utf-8")
    alts = re.findall(r'fig-alt="([^"]+)"', qmd)
    assert any(a.startswith("Linjediagram: Utredning inom 4 mån") and "2023: –" in a for a in alts)


def test_an_unknown_font_fails_the_pdf_instead_of_falling_back(report, tmp_path, monkeypatch) -> None:
    """typst would silently use another font; the build stops instead."""
    folder = tmp_path / "quarto"
    shutil.copytree(report.project, folder)
    project = Project(folder, yaml.safe_load((folder / "_quarto.yml").read_text(encoding="utf-8")))
    monkeypatch.setattr(backends, "MAIN_FONT", "Arial")
    with pytest.raises(SuengineError, match="typsnitt"):
        backends.render_pdf(project, tmp_path / "rapport.pdf")
    assert not (tmp_path / "rapport.pdf").exists()


def test_docx_callouts_use_the_faktaruta_style_without_a_picture(report) -> None:
    document = docx.Document(str(report.path("docx")))
    boxed = [p.text for p in document.paragraphs if p.style.name == "Faktaruta"]
    assert "Teckenförklaring" in boxed
    assert not [t for t in document.tables if t.rows and "Teckenförklaring" in t.rows[0].cells[0].text]


def test_published_report_holds_no_path_of_the_build_machine(report, machine_paths_in) -> None:
    """Not in the HTML, the PDF, the XML inside the DOCX, the manifest or the Quarto project."""
    assert machine_paths_in(report.folder, [report.inputs]) == []


def test_pdf_is_tagged_swedish_and_titled(report) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(report.path("pdf")))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # PDF/UA-1: tagged, every image has alt text
    assert str(root["/Lang"]) == "sv-SE"
    assert reader.metadata.title == "Systematisk uppföljning – barn och familj 2025"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
