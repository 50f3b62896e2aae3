"""The whole chain on the bundled demo delivery: ingest → evaluate → publish → `suengine report`."""

from __future__ import annotations

from suengine.render.labels import labeller

import re
from pathlib import Path

import pytest

from suengine.cli import main
from suengine.definitions import load_definitions
from suengine.engine import evaluate
from suengine.ingest import ingest_delivery
from suengine.resources import project_root
from suengine.publish.results import write_csv


DEMO = project_root() / "demo" / "leverans-2026-01"
KEY = b"testnyckel-som-bara-finns-i-rapporttesterna"


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("demo")
    delivery = ingest_delivery(DEMO, key=KEY)
    quality = base / "kvalitet"
    quality.mkdir()
    delivery.summary.to_csv(quality / "kvalitet_sammanfattning.csv", index=False)
    delivery.problems.to_csv(quality / "problem.csv", index=False)
    indicators = project_root() / "indicators"
    loaded = load_definitions(indicators)
    assert loaded.ok, [i.format() for i in loaded.issues]
    results = evaluate(loaded.indicators, delivery.case_data, years=[2021, 2022, 2023, 2024, 2025])
    write_csv(results.published(), base / "resultat" / "resultat.csv", header_comment="demo")
    project = base / "projekt"  # suengine.yml names the kommun and the nämnd for the cover
    project.mkdir()
    (project / "suengine.yml").write_text("kommun: Exempelby kommun\nnämnd: Socialnämnden\n", encoding="utf-8")
    code = main(["report", "--resultat", str(base / "resultat"), "--år", "2025", "--indikatorer", str(indicators),
                 "--kvalitet", str(quality), "--ut", str(base / "build"), "--projekt", str(project)])
    assert code == 0
    return base / "build" / "2025.1", results, len(loaded.indicators)


def test_demo_report_renders_every_format_with_the_summary(demo_report) -> None:
    folder, _, count = demo_report
    html = re.sub(r"\s+", " ", (folder / "su-rapport-2025.1.html").read_text(encoding="utf-8").replace("\u00a0", " "))
    sentence = re.search(rf"Av {count} indikatorer är \d+ gröna?, \d+ gula?, \d+ röda?(, | och )\d+ ej färgsatta?"
                         r"( och \d+ ej redovisade?)?\.", html)
    assert sentence
    assert "Exempelby kommun" in html  # the delivery's quality summary
    assert (folder / "su-rapport-2025.1.pdf").read_bytes().startswith(b"%PDF")  # its text is read in test_outputs
    assert (folder / "su-rapport-2025.1.docx").stat().st_size > 10_000


def _section(project: Path, indicator_id: str) -> str:
    """The Markdown of one indicator's section in its area chapter (the source of all three formats)."""
    for chapter in project.glob("_omrade-*.qmd"):
        text = chapter.read_text(encoding="utf-8")
        marker = f"{{#ind-{indicator_id}}}"
        if marker in text:
            return text.split(marker, 1)[1].split("\n## ", 1)[0]
    raise AssertionError(indicator_id)


def test_demo_report_shows_every_suppressed_row_as_two_dots(demo_report) -> None:
    folder, results, _ = demo_report
    table = results.table
    hidden = table[table["undertryckt"].astype(bool) & (table["kategori"].fillna("") == "")]
    assert len(hidden)  # the demo delivery has suppressed cells
    symbols = {"för_stort_bortfall": "(b)", "uppföljningstid_ej_passerad": "(u)"}  # other reasons than disclosure (issue 11)
    for _, row in hidden.iterrows():
        section = _section(folder / "quarto", row["indikator_id"])
        symbol = re.escape(symbols.get(row["undertryckt_orsak"], ".."))
        if row["uppdelning"] == "total":
            assert re.search(rf"^\| {row['period']} \| {symbol} \| ({symbol} \| )+", section, flags=re.M), row.to_dict()
            told = f"{row['period']}: {symbols.get(row['undertryckt_orsak'], '..')}" in section  # the chart's alt text
            assert told or "därför visas inget diagram" in section  # or no chart at all when no year can be shown
        elif row["period"] == "2025":
            shown = labeller([]).label("", "stratum", row["uppdelning"], row["stratum"])  # readers see the label
            assert re.search(rf"^\| {re.escape(shown)} \| {symbol} \| ({symbol} \| )+", section, flags=re.M), row.to_dict()
    html = (folder / "su-rapport-2025.1.html").read_text(encoding="utf-8")
    assert "för få observationer" in html
