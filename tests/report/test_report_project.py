"""The generated Quarto project: valid configuration, the shared Markdown subset, reproducibility."""

from __future__ import annotations

import re

import yaml


def test_quarto_yml_is_valid_yaml_with_the_expected_keys(report) -> None:
    config = yaml.safe_load((report.project / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["type"] == "default"
    assert config["project"]["render"] == ["index.qmd"]
    assert config["lang"] == "sv"
    assert config["title"] == "Systematisk uppföljning – barn och familj 2025"
    assert "2025.1" in config["subtitle"]
    formats = config["format"]
    assert formats["html"]["embed-resources"] is True
    assert formats["html"]["default-image-extension"] == "svg"
    assert formats["typst"]["papersize"] == "a4"
    assert formats["typst"]["default-image-extension"] == "svg"  # vector charts in the PDF; PNG only for DOCX
    assert formats["docx"]["reference-doc"] == "reference.docx"
    for referenced in ("reference.docx", formats["typst"]["include-before-body"]):
        assert (report.project / referenced).is_file()


def test_quarto_yml_fixes_what_real_quarto_got_wrong(report) -> None:
    """Issue 19: links to renamed files, sv-US and no PDF/UA, an icon with Quarto's install path in DOCX."""
    config = yaml.safe_load((report.project / "_quarto.yml").read_text(encoding="utf-8"))
    formats = config["format"]
    assert formats["html"]["format-links"] is False  # no "Andra format" links to index.pdf / index.docx
    assert (config["lang"], formats["typst"]["region"]) == ("sv", "SE")  # the PDF's language is sv-SE
    assert formats["typst"]["pdf-standard"] == "ua-1"
    assert formats["typst"]["mainfont"] == "Libertinus Serif"
    assert config["callout-icon"] is False
    assert formats["docx"]["filters"] == [{"path": "filters/faktaruta.lua", "at": "pre-ast"}, "filters/status.lua"]  # before Quarto's callouts; status colours
    assert (report.project / "filters" / "faktaruta.lua").is_file()


def test_index_includes_every_chapter_file(report) -> None:
    index = (report.project / "index.qmd").read_text(encoding="utf-8")
    assert index.startswith("# Sammanfattning {#sammanfattning}\n")
    included = re.findall(r"^\{\{< include (\S+) >\}\}$", index, flags=re.M)
    assert included == ["_omrade-handlaggning.qmd", "_omrade-uppfoljning.qmd", "_analys.qmd", "_datakvalitet.qmd",
                        "_metod.qmd"]
    for name in included:
        assert (report.project / name).read_text(encoding="utf-8").startswith("# ")


def test_qmd_uses_only_the_shared_markdown_subset(report) -> None:
    for path in report.project.glob("*.qmd"):
        text = path.read_text(encoding="utf-8")
        assert "@fig-" not in text and "@tbl-" not in text, path.name
        assert "<" not in re.sub(r"\{\{< include \S+ >\}\}|`[^`]*`|\\<", "", text), path.name  # no raw HTML
        for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)(\{[^}]*\})", text):
            stem, attributes = image
            assert "." not in stem.rsplit("/", 1)[-1], stem  # the format picks the extension
            assert 'fig-alt="' in attributes


def test_building_twice_gives_identical_report_text(report, report_again) -> None:
    first = sorted(p.name for p in report.project.glob("*.qmd"))
    assert first == sorted(p.name for p in report_again.project.glob("*.qmd"))
    for name in first + ["_quarto.yml"]:
        assert (report.project / name).read_bytes() == (report_again.project / name).read_bytes(), name
    assert report.path("html").read_bytes() == report_again.path("html").read_bytes()
    for figure in (report.project / "figurer").iterdir():
        assert figure.read_bytes() == (report_again.project / "figurer" / figure.name).read_bytes(), figure.name


def test_build_time_is_in_the_manifest_but_not_in_the_report(report, source_date_epoch) -> None:
    manifest = (report.folder / "manifest.json").read_text(encoding="utf-8")
    assert '"byggtid": "2026-01-01T00:00:00Z"' in manifest
    html = report.path("html").read_text(encoding="utf-8")
    assert "2026-01-01" not in html and "00:00:00" not in html


def test_commentary_is_printed_as_written_and_missing_commentary_goes_to_the_log(report) -> None:
    analysis = (report.project / "_analys.qmd").read_text(encoding="utf-8")
    assert "Vi har infört veckovisa ärendegenomgångar." in analysis
    assert "\n### Analys\n" in analysis and "\n#### Åtgärder\n" in analysis  # headings moved below the indicator
    assert "Kommentar saknas" not in analysis and "ateraktualisering-inom-2-ar" not in analysis  # staff business
    log = "\n".join(report.result.warnings)  # the build log lists what is missing instead
    assert "ateraktualisering-inom-2-ar" in log and "placerade-barn-per-1000" in log
    assert "utredning-inom-4-manader" not in log.split("Kommentar saknas", 1)[1].split("\n", 1)[0]
    assert "okand-indikator.md" in log


def test_quality_chapter_lays_out_the_summary_and_counts_problems_without_values(report) -> None:
    quality = (report.project / "_datakvalitet.qmd").read_text(encoding="utf-8")
    plain = quality.replace("\u00a0", " ")
    assert "| Kommun | Exempelby kommun |" in plain
    assert "| Barn | 1 204 | 1 200 | 4 |" in plain
    assert "| Entitet | Variabel | Saknade värden | Andel saknade |" in plain
    assert "| Utredning | Beslut | 31 | 3,2 % |" in plain
    assert "| Utredning | Start |" not in plain.split("Internt bortfall per variabel")[1].split("###")[0]
    assert "| Utredning | Enhet | 1 |" in plain  # unknown codes by count and variable only (issue 12)
    assert "BoU-X" not in plain  # the code itself is delivery text: internal problem file only
    problems = plain.split("### Problem i leveransen")[1]
    assert "| Utredning | Start | Värdet är inget datum i ett godkänt format |" in problems
    assert "ogiltigt\\_datum" not in plain and "antal\\_saknas" not in plain and "orsakskod" not in plain.lower()
    assert "31/02/2024" not in quality and "2024-13-01" not in quality


def test_not_comparable_years_are_marked(report) -> None:
    chapter = (report.project / "_omrade-uppfoljning.qmd").read_text(encoding="utf-8")
    assert '::: {.callout-warning title="Ej jämförbar med tidigare år"}' in chapter
    assert "version 1, ej jämförbar med version 2" in chapter
