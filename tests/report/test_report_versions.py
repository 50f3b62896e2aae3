"""Versions: manifest, changelog of definitions, never overwriting, publishing nothing on failure."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from suengine.errors import SuengineError
from suengine.definitions.model import Indicator
from suengine.render.report import ReportRequest, build_report
from suengine.render.report.inputs import sha256

from report_helpers import write_indicators


def _request(out: Path, results: pd.DataFrame, indicators: list[Indicator], **kwargs) -> ReportRequest:
    return ReportRequest(results=results, year=2025, indicators=indicators, out=out, formats=("html",), **kwargs)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory, results_table: pd.DataFrame, indicators: list[Indicator]):
    base = tmp_path_factory.mktemp("versioner")
    out = base / "build"
    first = write_indicators(indicators, base / "v1")
    build_report(_request(out, results_table, first))
    before = _snapshot(out / "2025.1")

    by_id = {i.id: i for i in indicators}
    changed = dataclasses.replace(by_id["utredning-inom-4-manader"], version=2)
    reworded = dataclasses.replace(by_id["ateraktualisering-inom-2-ar"],
                                   raw=dict(by_id["ateraktualisering-inom-2-ar"].raw, källa="Ny formulering av källan."))
    second = write_indicators([changed, reworded], base / "v2")  # placerade-barn-per-1000 removed
    result = build_report(_request(out, results_table, second))
    return out, before, result


def test_first_build_gets_version_1_and_a_manifest(two_versions) -> None:
    out, _, _ = two_versions
    manifest = json.loads((out / "2025.1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "2025.1"
    assert manifest["rapportår"] == 2025
    assert manifest["föregående_version"] is None
    assert manifest["motorversion"]
    assert manifest["byggtid"].endswith("Z")
    assert set(manifest["indikatorer"]) == {"utredning-inom-4-manader", "ateraktualisering-inom-2-ar",
                                            "placerade-barn-per-1000"}
    entry = manifest["indikatorer"]["utredning-inom-4-manader"]
    assert entry["version"] == 1 and len(entry["sha256"]) == 64 and entry["fil"] == "utredning-inom-4-manader.yml"
    assert list(manifest["indata"]["resultat"]) == ["(tabell)"]
    html = out / "2025.1" / "su-rapport-2025.1.html"
    committee = out / "2025.1" / "su-namndrapport-2025.1.html"
    assert manifest["utdata"] == {html.name: sha256(html), committee.name: sha256(committee)}
    assert "Första publicerade versionen" in (out / "2025.1" / "andringslogg.md").read_text(encoding="utf-8")


def test_next_build_is_a_new_version_and_leaves_the_earlier_one_untouched(two_versions) -> None:
    out, before, result = two_versions
    assert result.version == "2025.2"
    assert result.folder == out / "2025.2"
    assert _snapshot(out / "2025.1") == before
    assert sorted(p.name for p in out.iterdir()) == ["2025.1", "2025.2"]  # no staging folders left


def test_changelog_lists_changed_removed_and_reworded_definitions(two_versions) -> None:
    out, _, _ = two_versions
    manifest = json.loads((out / "2025.2" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["föregående_version"] == "2025.1"
    changes = {c["indikator"]: c for c in manifest["ändringar"]}
    assert changes["utredning-inom-4-manader"]["ändring"] == "ny version"
    assert (changes["utredning-inom-4-manader"]["tidigare_version"], changes["utredning-inom-4-manader"]["ny_version"]) == (1, 2)
    assert changes["placerade-barn-per-1000"]["ändring"] == "borttagen"
    assert changes["ateraktualisering-inom-2-ar"]["ändring"] == "ändrad utan ny version"
    log = (out / "2025.2" / "andringslogg.md").read_text(encoding="utf-8")
    assert "Jämfört med version 2025.1:" in log
    assert "`utredning-inom-4-manader` Andel utredningar som avslutats inom fyra månader: ny version (version 1 → 2)" in log
    assert "inte jämförbara med tidigare år" in log


def test_changed_definition_is_marked_not_comparable_in_the_report(two_versions) -> None:
    out, _, _ = two_versions
    project = out / "2025.2" / "quarto"
    chapter = (project / "_omrade-handlaggning.qmd").read_text(encoding="utf-8")
    assert '::: {.callout-warning title="Ej jämförbar med tidigare år"}' in chapter
    assert "Definitionen har ändrats sedan rapportversion 2025.1 (version 1 → 2)" in chapter
    summary = (project / "index.qmd").read_text(encoding="utf-8")
    assert "**Ej jämförbara med tidigare år (ändrad definition):** [Utredning inom 4 mån]" in summary
    method = (project / "_metod.qmd").read_text(encoding="utf-8")
    assert "| Andel utredningar som avslutats inom fyra månader | ny version | 1 → 2 | Nej, ej jämförbar med tidigare år |" in method


def test_an_existing_version_is_never_overwritten(tmp_path: Path, results_table, indicators) -> None:
    out = tmp_path / "build"
    build_report(_request(out, results_table, indicators, version="2025.3"))
    before = _snapshot(out / "2025.3")
    with pytest.raises(SuengineError, match="finns redan"):
        build_report(_request(out, results_table, indicators, version="2025.3"))
    assert _snapshot(out / "2025.3") == before


def test_a_failed_build_publishes_nothing(tmp_path: Path, results_table, indicators) -> None:
    comments = tmp_path / "kommentarer" / "2025"
    comments.mkdir(parents=True)
    (comments / "utredning-inom-4-manader.md").write_text("Gäller barnet 19121212-1212.\n", encoding="utf-8")
    out = tmp_path / "build"
    with pytest.raises(SuengineError, match="personnummer"):
        build_report(_request(out, results_table, indicators, commentary=tmp_path / "kommentarer"))
    assert list(out.iterdir()) == []


def test_version_must_belong_to_the_report_year(tmp_path: Path, results_table, indicators) -> None:
    with pytest.raises(SuengineError, match="hör inte till rapportåret 2025"):
        build_report(_request(tmp_path, results_table, indicators, version="2024.1"))
    with pytest.raises(SuengineError, match="ogiltig rapportversion"):
        build_report(_request(tmp_path, results_table, indicators, version="2025-1"))


def test_a_year_without_results_is_an_error(tmp_path: Path, results_table, indicators) -> None:
    request = _request(tmp_path, results_table, indicators)
    request.year = 2030
    with pytest.raises(SuengineError, match="inga resultat för 2030"):
        build_report(request)
