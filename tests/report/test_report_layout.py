"""No text printed over other text in the rendered PDFs (Bilaga and Rapport till nämnden).

Reported earlier: "95 % KI" and "Nämnare" ran together in every time-series table, and a change
("+2,1 procentenheter") ran out of its cell over the previous year's value. The test renders the
reports and checks with poppler's word boxes that no two words overlap.
"""

from __future__ import annotations

import typst

from suengine.render.report import markdown as md

from report_helpers import overlapping_words


def test_the_check_finds_text_printed_over_text(tmp_path) -> None:
    source = tmp_path / "kollision.typ"
    source.write_text('#set page(width: 200pt, height: 80pt)\n#place(dx: 10pt, dy: 10pt)[Nämnare]\n'
                      '#place(dx: 30pt, dy: 10pt)[95 % KI]\n#place(dx: 10pt, dy: 40pt)[Täljare]\n'
                      '#place(dx: 80pt, dy: 40pt)[Nämnare]\n', encoding="utf-8")
    pdf = tmp_path / "kollision.pdf"
    typst.compile(str(source), output=str(pdf))
    found = overlapping_words(pdf)
    assert found and all(page == 1 for page, _, _ in found)
    assert {"Nämnare", "95"} <= {word for _, a, b in found for word in (a, b)}
    assert not any("Täljare" in (a, b) for _, a, b in found)  # words apart on one line are not an overlap


def test_no_words_overlap_in_the_bilaga_or_the_committee_report(report) -> None:
    for path in (report.path("pdf"), report.result.committee_outputs["pdf"]):
        assert not overlapping_words(path), (path.name, overlapping_words(path)[:10])


def test_a_link_target_does_not_count_as_text_when_sizing_columns() -> None:
    """A linked indicator name is as wide as its name, not its anchor: else the other columns got too little room."""
    headers = ["Indikator", "2025", "Föregående år", "Förändring"]
    rows = [["[Enskilt möte](#ind-enskilt-mote-i-utredningen-med-ett-mycket-langt-ankare-som-inte-skrivs-ut)", "82\u00a0%",
             "80\u00a0%", "+2,1\u00a0procentenheter"]]
    dashes = md.column_dashes(headers, rows, None)
    assert sum(dashes) <= md.TABLE_CHARS + len(dashes)  # the table's widths are shares of the text width
    assert dashes[3] / sum(dashes) * md.TABLE_CHARS >= len("+2,1 procentenheter") + 2


def test_a_nowrap_column_gets_its_longest_cell_whole() -> None:
    headers = ["Indikator", "Status"]
    rows = [["Utredning inom fyra månader", "[– Ej färgsatt]{.status .status-ingen}"]]
    _, status = md.column_dashes(headers, rows, (3, 1), nowrap=(1,))
    assert status >= len("– Ej färgsatt") + 2
