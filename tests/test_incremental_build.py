"""Rebuilds reuse what did not change: a commentary edit evaluates nothing and draws no chart, and a
changed definition redraws only its own charts — yet every build publishes a complete new version."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from suengine.build import BuildRequest, build
from suengine.cache import COMPUTED, FROM_CACHE
from suengine.resources import project_root

ROOT = project_root()
INDICATOR = "utredning-inom-4-manader"
OTHER_THRESHOLD: list = []  # the fourth build of `builds`: the same inputs with another disclosure threshold
NEW_TEXT = "Nämnden har beslutat om en ny rutin för tidiga utlåtanden i januari."


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Three builds of the demo delivery with one cache: first, after a commentary edit, after a target change."""
    work = tmp_path_factory.mktemp("inkrementellt")
    indicators, commentary, cache = work / "indikatorer", work / "kommentarer", work / ".cache"
    shutil.copytree(ROOT / "indicators", indicators)
    shutil.copytree(ROOT / "demo" / "kommentarer", commentary)
    mp = pytest.MonkeyPatch()
    mp.setenv("SUENGINE_PSEUDONYM_KEY", "testnyckel-för-inkrementellt")
    logs: list[list[str]] = []

    def run(threshold: int = 5):
        lines: list[str] = []
        request = BuildRequest(delivery=ROOT / "demo" / "leverans-2026-01", out=work / "build", indicators=indicators,
                               commentary=commentary, cache=cache, threshold=threshold)
        outcome = build(request, progress=lines.append)
        logs.append(lines)
        return outcome

    try:
        first = run()
        note = commentary / "2025" / f"{INDICATOR}.md"
        note.write_text(note.read_text(encoding="utf-8") + f"\n{NEW_TEXT}\n", encoding="utf-8")
        second = run()
        definition = next(indicators.rglob(f"{INDICATOR}.yml"))
        text = definition.read_text(encoding="utf-8")
        assert "  grön: 90" in text
        definition.write_text(text.replace("  grön: 90", "  grön: 95"), encoding="utf-8")
        third = run()
        fourth = run(threshold=6)  # suengine.yml's röjandegräns
    finally:
        mp.undo()
    OTHER_THRESHOLD.append(fourth)
    return first, second, third, logs


def _words(path) -> str:
    """The file's text with line breaks as spaces (pandoc wraps long lines)."""
    return " ".join(path.read_text(encoding="utf-8").split())


def _drawn(log: list[str]) -> int:
    line = next(line for line in log if "Diagram:" in line)
    return int(line.split("Diagram:")[1].split("ritade")[0])


def test_the_first_build_computes_and_draws_everything(builds) -> None:
    first, _, _, logs = builds
    assert first.reused["beräkning"] == COMPUTED
    assert _drawn(logs[0]) > 50


def test_a_commentary_edit_evaluates_nothing_draws_nothing_and_publishes_the_new_text(builds) -> None:
    first, second, _, logs = builds
    assert second.reused["beräkning"] == FROM_CACHE
    assert any("oförändrade indata, resultatet från ett tidigare bygge" in line for line in logs[1])
    assert any(line.startswith("▸ Granskar röjandekontrollen") for line in logs[1])  # the independent audit always runs
    assert _drawn(logs[1]) == 0 and second.reused["diagram"].startswith("0 ritade")
    assert second.version == "2025.2" and first.folder.is_dir() and second.folder != first.folder  # a new, complete version
    for fmt in ("html", "docx", "pdf"):
        assert (second.folder / f"su-rapport-2025.2.{fmt}").stat().st_size > 1000
    assert NEW_TEXT in _words(second.folder / "su-rapport-2025.2.html")
    assert NEW_TEXT not in _words(first.folder / "su-rapport-2025.1.html")  # what was published stays as it was
    assert any(NEW_TEXT in _words(page) for page in second.site.rglob("*.html"))
    one, two = (pd.read_csv(o.folder / "resultat.csv", dtype=str) for o in (first, second))
    pd.testing.assert_frame_equal(one, two)  # the same results, from the cache
    assert "2025.1" in (second.folder / "quarto" / "_metod.qmd").read_text(encoding="utf-8")  # audit names the earlier version
    charts = {p.name: p.read_bytes() for p in (first.folder / "quarto" / "figurer").iterdir()}
    assert charts == {p.name: p.read_bytes() for p in (second.folder / "quarto" / "figurer").iterdir()}


def test_a_commentary_edit_reuses_the_audit_and_the_workbook_and_checks_only_changed_files(builds) -> None:
    first, second, _, logs = builds
    assert first.reused["granskning"] == COMPUTED and first.reused["arbetsbok"] == COMPUTED
    assert second.reused["granskning"] == FROM_CACHE and second.reused["arbetsbok"] == FROM_CACHE
    assert any("granskningen från ett tidigare bygge" in line for line in logs[1])
    audits = [next(line.strip() for line in log if "Röjandekontrollen dolde" in line) for log in logs[:2]]
    assert audits[1] == audits[0] + " Det som tidigare versioner av samma år (2025.1) dolde är dolt även här."
    assert first.reused["integritet"].startswith("0 av ")
    skipped, files = (int(n) for n in second.reused["integritet"].split(" filer")[0].split(" av "))
    assert 0 < skipped < files  # unchanged charts, scripts, results skipped; documents and pages checked
    books = [(o.folder / "su-resultat.xlsx").read_bytes() for o in (first, second)]
    assert books[0] != books[1]  # the version title differs ...
    assert _parts(books[0], "2025.1", "2025.2") == _parts(books[1])  # ... and nothing else


def test_a_changed_threshold_computes_audits_and_checks_everything_again(builds) -> None:
    fourth = OTHER_THRESHOLD[0]
    assert fourth.reused["beräkning"] == COMPUTED and fourth.reused["granskning"] == COMPUTED
    assert fourth.reused["arbetsbok"] == COMPUTED
    assert fourth.reused["integritet"].startswith("0 av ")  # other rules: no file counts as checked


def _parts(book: bytes, old: str = "", new: str = "") -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return {name: archive.read(name).replace(old.encode(), new.encode()) for name in archive.namelist()}


def test_a_changed_target_evaluates_again_and_redraws_only_that_indicators_chart(builds) -> None:
    _, second, third, logs = builds
    assert third.reused["beräkning"] == COMPUTED  # the definitions are part of the key
    assert third.reused["arbetsbok"] == COMPUTED
    assert _drawn(logs[2]) == 1  # the trend with its target line; report and site share it
    before, after = ({p.name: p.read_bytes() for p in (o.folder / "quarto" / "figurer").iterdir()} for o in (second, third))
    assert before.keys() == after.keys()
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed and all(name.startswith(f"{INDICATOR}-trend.") for name in changed)


def test_reused_results_are_what_evaluating_again_would_publish(builds, tmp_path) -> None:
    """The second build reused the first build's results although 2025.1's hidden cells are now carried:
    carrying what the results hide already changes nothing. Evaluate again with the carried pattern and compare."""
    from suengine.casedata.datamodel import load_datamodel
    from suengine.definitions import load_definitions
    from suengine.engine import evaluate
    from suengine.ingest.pipeline import ingest_delivery
    from suengine.publish.earlier import pattern_of, read_published
    from suengine.publish.results import write_csv

    first, second, _, _ = builds
    model = load_datamodel()
    data = ingest_delivery(ROOT / "demo" / "leverans-2026-01", key=b"testnyckel-for-inkrementellt", model=model).case_data
    indicators = load_definitions(ROOT / "indicators").indicators
    carried = pattern_of({"2025.1": read_published(first.folder / "resultat.csv")})
    assert carried.rows or carried.cells  # something is carried, so the comparison means something
    fresh = evaluate(indicators, data, list(range(2021, 2026)), model=model, carried=carried).published()
    write_csv(fresh, tmp_path / "resultat.csv")
    pd.testing.assert_frame_equal(read_published(tmp_path / "resultat.csv"), read_published(second.folder / "resultat.csv"))


def test_the_cache_lives_in_the_project_and_can_be_turned_off(tmp_path) -> None:
    import argparse

    from suengine.commands.build import add_arguments, request_from
    from suengine.project.config import load_config

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    project = tmp_path / "projekt"
    project.mkdir()
    (project / "suengine.yml").write_text("källsystem: treserva\n", encoding="utf-8")
    config = load_config(project / "suengine.yml")
    assert request_from(parser.parse_args(["--ut", str(tmp_path / "ut")]), config).cache == project.resolve() / ".cache"
    assert request_from(parser.parse_args(["--utan-cache"]), config).cache is None
    outside = load_config(cwd=tmp_path / "ingenstans")
    assert outside.file is None
    args = parser.parse_args([str(tmp_path / "leverans"), "--ut", str(tmp_path / "ut")])
    assert request_from(args, outside).cache == tmp_path / "ut" / ".cache"  # beside the versions, never inside one
    assert ".cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
