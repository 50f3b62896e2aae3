"""Rapport till nämnden on the demo: at most 12 pages, findings true of the results table, colour, no raw codes."""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest
from pypdf import PdfReader

from suengine.casedata.datamodel import load_datamodel
from suengine.engine.change import SAKER, assess_change
from suengine.render.format import format_number, format_value, is_missing
from suengine.render.labels import labeller

from report_helpers import pdf_text

pytestmark = pytest.mark.usefixtures("demo_report")
YEAR = r"\b20\d\d\b"


def _namnd(folder, fmt):
    return folder / f"su-namndrapport-2025.1.{fmt}"


def _findings(folder) -> list[str]:
    text = (folder / "quarto-namnd" / "index.qmd").read_text(encoding="utf-8").replace("\u00a0", " ")
    block = text.split("# Det viktigaste 2025", 1)[1].split("\n\n*Iakttagelserna", 1)[0]
    return [re.sub(r"\\(.)", r"\1", line[2:]) for line in block.splitlines() if line.startswith("- ")]


def _shown(row: pd.Series, column: str) -> str:
    if column == "värde":
        return format_value(row["värde"], str(row["enhet"]), nbsp=False)
    return format_number(float(row[column]), 0, nbsp=False)


def test_the_committee_report_fits_in_twelve_pages_and_has_a_full_cover(demo_report) -> None:
    folder, _, _ = demo_report
    pages = len(PdfReader(str(_namnd(folder, "pdf"))).pages)
    assert 3 <= pages <= 12, pages
    cover = " ".join(PdfReader(str(_namnd(folder, "pdf"))).pages[0].extract_text().split())
    for fact in ("Rapport till nämnden", "Kommun Exempelby kommun", "Nämnd Socialnämnden", "Rapportår 2025", "Version 2025.1", "Datum", "Uttagsdatum 2026-01-31"):
        assert fact in cover, (fact, cover)
    assert _namnd(folder, "docx").stat().st_size > 5_000 and _namnd(folder, "html").is_file()


def test_every_number_in_the_findings_is_recomputed_from_the_results_table(demo_report) -> None:
    folder, results, _ = demo_report
    table = results.published()
    findings = _findings(folder)
    assert len(findings) >= 3, findings
    from suengine.definitions import load_definitions
    from suengine.resources import project_root

    names = {i.short_name: i for i in load_definitions(project_root() / "indicators").indicators}
    for sentence in findings:
        name, rest = sentence.split(": ", 1)
        indicator = names[name]
        rows = table[(table["indikator_id"] == indicator.id) & (table["kategori"].fillna("") == "") & ~table["undertryckt"].astype(bool)]
        years = set(re.findall(YEAR, rest))
        rows = rows[rows["period"].isin(years)]
        assert len(rows), sentence
        total = rows[rows["uppdelning"] == "total"]
        stated = rest
        for column in ("värde", "täljare", "nämnare"):  # longest first so "31" does not eat "31 %"
            for text in sorted({_shown(r, column) for _, r in rows.iterrows() if not is_missing(r[column])}, key=len, reverse=True):
                stated = re.sub(rf"(?<![\d,]){re.escape(text)}(?![\d,])", "#", stated)
        if indicator.target.green is not None:
            stated = stated.replace(format_value(indicator.target.green, str(total.iloc[0]["enhet"]), nbsp=False), "#")
        stated = re.sub(YEAR, "", stated)
        assert not re.search(r"\d", stated), f"a number in «{sentence}» is not in the results table: {stated}"
        if "(röd)" in sentence:
            assert total.iloc[-1]["status"] == "röd"
        if "säker förändring" in sentence:
            now, before = total.sort_values("period").iloc[-1], total.sort_values("period").iloc[-2]
            assert assess_change(str(now["enhet"]), now.to_dict(), before.to_dict()).verdict == SAKER
        for sex, code in (("flickor", "flicka"), ("pojkar", "pojke")):
            told = re.search(rf"{sex} (\S+) av (\S+) \((\S+ %)\)", sentence.replace("\u00a0", " "))
            if told:
                row = rows[(rows["uppdelning"] == "kön") & (rows["stratum"] == code)].iloc[0]
                assert told.groups() == (_shown(row, "täljare"), _shown(row, "nämnare"), _shown(row, "värde"))


def test_the_committee_report_has_status_colour_in_pdf_docx_and_html(demo_report) -> None:
    folder, _, _ = demo_report
    typst = (folder / "quarto-namnd" / "rapport.typ").read_text(encoding="utf-8")
    assert 'fill: rgb("#FFC7CE")' in typst and "○ Röd" in typst  # the colour keeps symbol and text
    with zipfile.ZipFile(_namnd(folder, "docx")) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert 'w:fill="FFC7CE"' in body and 'w:fill="FFEB9C"' in body
    assert "status-rod" in _namnd(folder, "html").read_text(encoding="utf-8")


def _raw_codes() -> set[str]:
    """Codes of the data model that no reader should see: the ones that are not already plain words."""
    model = load_datamodel()
    return {code for vs in model.value_sets.values() for code in vs.values if "_" in code}


def test_the_quality_chapter_names_measures_reasons_and_fields_in_words(demo_report) -> None:
    """The quality summary's own codes (`antal_saknas`, `ogiltigt_datum`, `barn_id`) reach readers as words."""
    folder, _, _ = demo_report
    quality = folder.parent.parent / "kvalitet"
    summary = pd.read_csv(quality / "kvalitet_sammanfattning.csv", dtype=str, keep_default_na=False)
    problems = pd.read_csv(quality / "problem.csv", dtype=str, keep_default_na=False)
    words = set(summary["mått"]) | set(summary["fält"]) | set(problems["orsakskod"]) | set(problems["fält"])
    codes = {w for w in words if "_" in w}
    assert {"antal_saknas", "rader_avvisade"} <= codes
    html = (folder / "su-rapport-2025.1.html").read_text(encoding="utf-8")
    chapter = re.sub(r"<[^>]+>", " ", html.split('id="datakvalitet"', 1)[1]).split("Bortfall i resultaten", 1)[0]
    assert "Saknade värden" in chapter and "Orsak" in chapter
    shown = set(re.findall(r"[\wåäöÅÄÖ]+", chapter))
    assert not codes & shown, sorted(codes & shown)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_no_output_shows_a_raw_code_an_id_or_an_internal_note(demo_report, fmt) -> None:
    folder, results, _ = demo_report
    codes = _raw_codes()
    for path in (_namnd(folder, fmt), folder / f"su-rapport-2025.1.{fmt}"):
        if fmt == "pdf":
            text = pdf_text(path)
        elif fmt == "docx":
            with zipfile.ZipFile(path) as archive:  # the body a reader sees, not the package's metadata
                text = re.sub(r"<[^>]+?>", " ", archive.read("word/document.xml").decode("utf-8"))
        else:
            text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S))
        words = set(re.findall(r"[\wåäöÅÄÖ]+", text))
        assert not (codes & words), (path.name, sorted(codes & words)[:10])
        assert "hänvisningen ska granskas" not in text and "Kommentar saknas" not in text, path.name
        assert not re.search(r"\b\d\.\d\b", text.replace("2025.1", "")), path.name  # no decimal point in a number
    ids = set(results.published()["indikator_id"])
    namnd = pdf_text(_namnd(folder, "pdf")) if fmt == "pdf" else ""
    assert not [i for i in ids if i in namnd]


def test_commentary_is_sorted_into_the_five_steps() -> None:
    from suengine.render.report.chapters.committee import steps

    text = ("Inledande rad som\nfortsätter här.\n\n# Orsaker\n\nTvå vakanser.\n\n# Åtgärder\n\n- Fler ärendegenomgångar\n"
            "- Ny rutin.\n\n# När vi följer upp\n\nI augusti.\n")
    assert steps(text) == ["Inledande rad som fortsätter här.", "Två vakanser.", "Fler ärendegenomgångar. Ny rutin.", "",
                           "I augusti."]


def test_no_words_overlap_in_the_demo_reports(demo_report) -> None:
    from report_helpers import overlapping_words

    folder, _, _ = demo_report
    for path in (_namnd(folder, "pdf"), folder / "su-rapport-2025.1.pdf"):
        found = overlapping_words(path)
        assert not found, (path.name, found[:10])


def test_the_cover_leaves_out_a_kommun_or_namnd_the_project_does_not_name() -> None:
    from types import SimpleNamespace

    from suengine.render.report.chapters.committee import cover

    context = SimpleNamespace(municipality="", committee="", year=2025, version="2025.1", report_date="2026-02-01",
                              extraction_date="")
    text = cover(context)
    assert "Kommun" not in text and "Nämnd |" not in text and "| –" not in text
    assert "| Uttagsdatum | anges inte i leveransen |" in text and "| Rapportår | 2025 |" in text
    named = cover(SimpleNamespace(**{**vars(context), "municipality": "Exempelby kommun", "committee": "Socialnämnden"}))
    assert "| Kommun | Exempelby kommun |" in named and "| Nämnd | Socialnämnden |" in named


def test_change_and_verdict_share_a_cell_that_breaks_only_between_them() -> None:
    from suengine.render.report.chapters.committee import change_cell

    cell = change_cell("+2,1\u00a0procentenheter", "inom slumpens marginal")
    assert cell == "+2,1\u00a0procentenheter, inom\u00a0slumpens\u00a0marginal"
    assert change_cell("+12 kr per dag", ".") == "+12\u00a0kr\u00a0per\u00a0dag"
