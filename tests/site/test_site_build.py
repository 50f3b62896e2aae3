"""The generated site: strict MkDocs build, Swedish and offline configuration, content, privacy."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from suengine.definitions.model import Indicator
from suengine.render.site import SiteOptions, build_site, read_versions, write_site
from suengine.resources import project_root

INDICATOR_PAGE = Path("indikatorer") / "utredning-inom-4-manader.html"
TEXT_SUFFIXES = {".html", ".svg", ".json", ".xml", ".md", ".yml", ".css"}


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts (header row included)."""

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
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(path: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def test_generated_config_is_swedish_offline_and_versioned(published_site) -> None:
    config = yaml.safe_load((published_site.project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["language"] == "sv"
    assert config["theme"]["font"] is False
    assert config["plugins"][0]["search"]["lang"] == "sv" and len(config["plugins"]) == 1
    assert config["plugins"][0]["search"]["fields"]["tags"] == {"boost": 1}  # keywords weigh as much as the text
    assert config["extra"]["version"]["provider"] == "mike"
    for asset in config["extra_css"] + config["extra_javascript"]:
        assert (published_site.project / "docs" / asset).is_file()
        assert not asset.startswith("http")


def test_pages_load_nothing_from_other_hosts(published_site) -> None:
    pages = sorted(published_site.html.rglob("*.html"))
    assert len(pages) >= 5 and any(p.name == "index.html" for p in pages)  # no pages would pass the loop below
    for page in pages:
        html = page.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', html)
        assert not external, f"{page} hämtar från en annan värd"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_build_is_strict_and_fails_on_a_broken_link(tmp_path: Path, published_site) -> None:
    project = shutil.copytree(published_site.project, tmp_path / "projekt", ignore=shutil.ignore_patterns("html"))
    (project / "docs" / "metod.md").write_text("# Metod\n\n[trasig](finns-inte.md)\n", encoding="utf-8")
    from suengine.render.site import SiteBuildError

    with pytest.raises(SiteBuildError, match="finns-inte.md"):
        build_site(project / "mkdocs.yml")


def test_top_level_mkdocs_yml_builds_the_site_folder(tmp_path: Path, published_site) -> None:
    shutil.copyfile(project_root() / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(published_site.project, tmp_path / "site", ignore=shutil.ignore_patterns("html"))
    html = build_site(tmp_path / "mkdocs.yml")
    assert html == tmp_path / "site" / "html"
    assert (html / "index.html").is_file()
    assert (html / INDICATOR_PAGE).is_file()


def test_start_page_shows_status_as_symbol_and_text(published_site) -> None:
    overview = next(t for t in tables(published_site.html / "index.html") if t[0][0] == "Indikator")
    rows = {row[0]: row for row in overview[1:]}
    assert rows["Utredning inom 4 mån"][3] == "92 %"
    assert rows["Utredning inom 4 mån"][4] == "● Grön"
    assert rows["Placerade barn per 1 000"][4] == "– Ej färgsatt"
    assert rows["Återaktualisering inom 2 år"][5] == "−6,0 procentenheter"  # as the report and workbook write it
    html = (published_site.html / "index.html").read_text(encoding="utf-8")
    assert 'class="su-sortable su-overview"' in html and 'lang="sv"' in html


def test_indicator_page_has_definition_trend_breakdowns_and_comment(published_site) -> None:
    page = published_site.html / INDICATOR_PAGE
    html = page.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", html)
    for expected in ("Senaste värde (2025)", "85–96 %", "Täljare", "Nämnare", "Exkludering",
                     "tiden från dagen då utredningen inleddes till dagen då utredningen avslutades är högst 4 månader", "Grön: minst 90 %", published_site.comment,
                     "Bortfall och datakvalitet", "Jämförbarhet"):
        assert expected in text.replace("\u00a0", " "), expected
    images = re.findall(r'<img alt="([^"]+)" src="([^"]+)"', html)
    assert len(images) == 2  # trend and åldersgrupp; every kön value of 2025 is hidden, so no kön chart
    assert "Inget diagram: inget värde för kön kan redovisas för 2025." in text
    for alt, src in images:
        assert alt.startswith(("Linjediagram", "Stapeldiagram"))
        assert (page.parent / src).resolve().is_file()
    trend = next(t for t in tables(page) if t[0][:2] == ["Period", "Värde"])
    assert trend[3][:2] == ["2023", "–"] and "uppgift saknas" in trend[3][-1]


def test_suppressed_stratum_shows_dots_with_reason_and_no_number(published_site) -> None:
    page = published_site.html / INDICATOR_PAGE
    latest = next(t for t in tables(page) if t[0][:3] == ["Grupp", "Värde", "95 % KI"] and t[1][0] == "Flicka")
    flicka, pojke = latest[1], latest[2]
    assert flicka[1] == ".." and flicka[-1] == "för få observationer"
    assert pojke[1] == ".." and "dolt" in pojke[-1]
    for cell in flicka[1:] + pojke[1:]:
        assert not re.search(r"\d", cell), f"ett dolt värde visar en siffra: {cell}"
    over_time = next(t for t in tables(page) if t[0][0] == "Grupp" and t[0][-1] == "2025" and t[1][0] == "Flicka")
    assert over_time[1][-1] == ".." and over_time[2][-1] == ".."


def test_suppressed_numbers_appear_nowhere_in_the_published_site(published_site, suppressed_texts) -> None:
    checked = 0
    for path in published_site.root.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or "javascripts" in path.parts or "stylesheets" in path.parts:
            continue
        content = path.read_text(encoding="utf-8")
        if path.suffix == ".svg":  # glyphs are drawn as paths; coordinates are not text, titles are
            content = " ".join(re.findall(r"<(?:dc:)?title>([^<]*)</(?:dc:)?title>", content))
        for needle in suppressed_texts:
            assert needle not in content, f"{needle!r} i {path}"
        checked += 1
    assert checked > 20


def test_privacy_gate_finds_no_personnummer_in_site_or_workbook(published_site) -> None:
    from suengine.publish.privacy import scan_outputs

    assert scan_outputs(published_site.root) == []
    assert scan_outputs(published_site.workbook.parent) == []


def test_quality_page_shows_delivery_summary_and_problem_counts_without_records(published_site) -> None:
    page = published_site.html / "datakvalitet.html"
    found = tables(page)
    assert ["Uttagsdatum", "2026-01-31"] in next(t for t in found if t[0] == ["Uppgift", "Värde"])
    assert next(t for t in found if t[0][0] == "Entitet" and t[0][1] == "Lästa")[1] == ["Utredning", "620", "614", "6"]
    assert next(t for t in found if t[0][-1] == "Andel saknade")[1] == ["Utredning", "Slut", "12", "2,1 %"]
    assert next(t for t in found if t[0] == ["Entitet", "Variabel", "Antal rader"])[1] == ["Aktualisering", "Huvudorsak", "3"]
    assert "X9" not in page.read_text(encoding="utf-8")  # unknown codes by count only (issue 12)
    problems = next(t for t in found if t[0][-1] == "Antal" and "Orsak" in t[0])
    assert problems[0] == ["Fil", "Entitet", "Variabel", "Orsak", "Nivå", "Åtgärd", "Antal"]
    assert ["utredningar.csv", "Utredning", "Slut", "Värdet är inget datum i ett godkänt format", "Varning",
            "Värdet sätts som saknat", "2"] in problems
    html = page.read_text(encoding="utf-8")
    assert "2024-13-01" not in html and "Ogiltigt datum" not in html  # record values and messages stay out
    assert "ogiltigt_datum" not in html and "antal_saknas" not in html  # codes reach readers as words


def test_method_page_explains_suppression_interval_and_symbols(published_site) -> None:
    text = (published_site.html / "metod.html").read_text(encoding="utf-8")
    for expected in ("Wilson", "röjandekontroll", "<code>..</code>", "<code>–</code>", "mellan 1 och 4"):
        assert expected in text, expected


def test_downloads_page_links_copied_files(published_site) -> None:
    page = published_site.html / "nedladdningar.html"
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'href="(filer/[^"]+)"', html)
    assert sorted(Path(link).name for link in links) == ["su-rapport.pdf", "su-resultat.xlsx"]
    for link in links:
        assert (page.parent / link).resolve().is_file()


def test_archive_and_versions_json_list_both_versions(published_site) -> None:
    versions = json.loads((published_site.root / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == ["2025-1", "2024-1"]
    assert versions[0]["aliases"] == ["senaste"] and versions[1]["aliases"] == []
    assert [v.version for v in read_versions(published_site.root)] == ["2025-1", "2024-1"]
    archive = tables(published_site.html / "arkiv.html")[0]
    assert [row[0] for row in archive[1:]] == ["Årsrapport 2025", "Årsrapport 2024"]
    assert 'url=2025-1/' in (published_site.root / "index.html").read_text(encoding="utf-8")


def test_archive_gives_dates_uttagsdatum_and_each_versions_andringslogg(published_site) -> None:
    listed = {v.version: v for v in read_versions(published_site.root)}
    archive = tables(published_site.html / "arkiv.html")[0]
    header = archive[0]
    assert header[:5] == ["Version", "Beteckning", "Publicerad", "Uttagsdatum", "Ändringslogg"]
    for row in archive[1:]:
        version = row[1]
        published, extracted = published_site.dates[version]
        assert (row[2], row[3]) == (published, extracted)
        assert (listed[version].published, listed[version].extraction_date) == (published, extracted)
    # 2025-1 was built with an ändringslogg, 2024-1 (like `suengine site`) without one: a link only where the page is.
    article = (published_site.html / "arkiv.html").read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    links = re.findall(r'href="([^"]*andringslogg\.html)"', article)
    assert links == ["../2025-1/andringslogg.html"]
    assert (published_site.html / links[0]).resolve().is_file()
    assert (listed["2025-1"].changelog, listed["2024-1"].changelog) == (True, False)
    assert archive[2][4] == "–"


def test_the_andringslogg_page_names_changed_definitions_in_words(published_site) -> None:
    page = published_site.html / "andringslogg.html"
    rows = tables(page)[0]
    assert rows[0] == ["Indikator", "Ändring", "Vad det betyder"]
    assert rows[1][:2] == ["Andel barn som återaktualiserats inom två år efter avslutad insats", "Ny definitionsversion (1 → 2)"]
    html = page.read_text(encoding="utf-8")
    assert 'href="indikatorer/ateraktualisering-inom-2-ar.html"' in html  # linked to the indicator's page
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    assert "ateraktualisering-inom-2-ar" not in text and "jämfört med version 2024-1" in text
    navigation = (published_site.html / "arkiv.html").read_text(encoding="utf-8").split("<article", 1)[0]
    assert re.search(r'href="andringslogg\.html"[^>]*>\s*<span class="md-ellipsis">\s*Ändringslogg', navigation)  # in the menu


def test_the_archive_takes_this_versions_uttagsdatum_from_the_quality_summary(published_site) -> None:
    # SiteOptions for 2025-1 give no uttagsdatum; the archive reads it from kvalitet_sammanfattning.csv (2026-01-31).
    archive = tables(published_site.html / "arkiv.html")[0]
    assert archive[1][3] == "2026-01-31"


def test_comparability_warning_when_definition_version_changed(published_site) -> None:
    html = (published_site.html / "indikatorer" / "ateraktualisering-inom-2-ar.html").read_text(encoding="utf-8")
    assert "admonition warning" in html and "versionerna 1, 2" in html
    assert "definitionsversion 1, ej jämförbar med version 2" in html


def test_rewriting_removes_pages_of_dropped_indicators(tmp_path: Path, results_table: pd.DataFrame, indicators: list[Indicator]) -> None:
    project = tmp_path / "projekt"
    write_site(results_table, indicators[1:], project)
    write_site(results_table, indicators[2:], project, SiteOptions())
    assert sorted(p.name for p in (project / "docs" / "indikatorer").iterdir()) == ["placerade-barn-per-1000.md"]
    assert sorted(p.name for p in (project / "docs" / "bilder").iterdir()) == ["placerade-barn-per-1000-trend.svg"]
