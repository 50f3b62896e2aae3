"""The DOCX files (Bilaga and Rapport till nämnden) have a footer with kommun, version and page numbers."""

from __future__ import annotations

import zipfile

from docx import Document

from suengine.render.report.docx_footer import add_footer


def _footer(path):
    document = Document(str(path))
    assert document.sections
    footers = [section.footer for section in document.sections]
    assert all(not f.is_linked_to_previous for f in footers)  # every section has its own reference
    return footers[0]


def test_both_docx_files_have_kommun_version_and_page_fields_in_the_footer(report) -> None:
    for path, kind in ((report.path("docx"), "Bilaga"), (report.result.committee_outputs["docx"], "Rapport till nämnden")):
        footer = _footer(path)
        text = " ".join(p.text for p in footer.paragraphs)
        assert text.startswith(f"Exempelby kommun · {kind} · version 2025.1 · sida "), text
        instructions = [node.text.strip() for node in footer._element.iter() if node.tag.endswith("}instrText")]
        assert instructions == ["PAGE", "NUMPAGES"], instructions
        assert " av " in text


def test_the_footer_is_added_once_and_keeps_the_archive_reproducible(report, tmp_path) -> None:
    copy = tmp_path / "kopia.docx"
    copy.write_bytes(report.path("docx").read_bytes())
    add_footer(copy, "annan text")  # already has one: nothing changes
    assert copy.read_bytes() == report.path("docx").read_bytes()
    with zipfile.ZipFile(copy) as archive:
        times = {info.filename: info.date_time for info in archive.infolist()}
    assert times["word/footer-suengine.xml"] == times["word/document.xml"]
