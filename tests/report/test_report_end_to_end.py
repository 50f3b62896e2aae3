"""The whole chain on the bundled demo delivery: ingest → evaluate → publish → `suengine report`
(the `demo_report` build of tests/report/conftest.py, shared with the committee report tests)."""

from __future__ import annotations

import re
from pathlib import Path

from suengine.ingest import ingest_delivery
from suengine.render.labels import labeller

from report_inputs import DEMO, KEY


def test_demo_report_renders_every_format_with_the_summary(demo_report) -> None:
    folder, _, count = demo_report
    html = re.sub(r"\s+", " ", (folder / "su-rapport-2025.1.html").read_text(encoding="utf-8").replace("\u00a0", " "))
    # the counts, recomputed from the published table: each indicator's status in its latest 2025 period;
    # a hidden value counts as "ej redovisad", never as a colour
    _, results, _ = demo_report
    table = results.published()
    # an indicator's main row: its total without a category, or, for a kategori indicator (OJ's Ja/Delvis/Nej),
    # the one row that holds its answer
    total = table[(table["uppdelning"] == "total") & table["period"].str.startswith("2025")].copy()
    total["plain"] = total["kategori"].fillna("") == ""
    latest = total.sort_values(["period", "plain"]).groupby("indikator_id").tail(1)
    assert (latest["plain"] | ~latest["indikator_id"].isin(total.loc[total["plain"], "indikator_id"])).all()
    hidden = latest["undertryckt"].astype(bool)
    shown = latest["status"].where(latest["värde"].notna(), "ingen")
    shown = shown.where(shown.isin(["grön", "gul", "röd"]), "ingen").where(~hidden, "dold")
    counts = {s: int((shown == s).sum()) for s in ("grön", "gul", "röd", "ingen", "dold")}
    counts["ingen"] += count - len(latest)  # an indicator without a 2025 row has no status
    assert counts["röd"] and counts["gul"] and counts["ingen"] < count

    def said(status: str, one: str, many: str) -> str:
        return f"{counts[status]} {one if counts[status] == 1 else many}"

    phrases = [said("grön", "grön", "gröna"), said("gul", "gul", "gula"), said("röd", "röd", "röda"),
               said("ingen", "ej färgsatt", "ej färgsatta")] + ([said("dold", "ej redovisad", "ej redovisade")] if counts["dold"] else [])
    expected = f"Av {count} indikatorer är {', '.join(phrases[:-1])} och {phrases[-1]}."
    assert expected in html, expected
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


def test_demo_report_shows_the_counts_recomputed_from_the_delivery(demo_report) -> None:
    """Issue 20: the report's figures, not just its format. utredning-inom-4-manader 2025 recomputed from the
    demo delivery's tables with plain pandas (closed barnavård investigations, slut ≤ start + 4 calendar months)."""
    import pandas as pd

    folder, _, _ = demo_report
    tables = ingest_delivery(DEMO, key=KEY).case_data.tables
    utr = tables["utredning"]
    closed = utr[utr["slut"].notna() & (utr["slut"].dt.year == 2025) & (utr["utredningstyp"] == "barnavård")]
    in_time = int((closed["slut"] <= closed["start"] + pd.DateOffset(months=4)).sum())
    assert len(closed) >= 5 and 0 < in_time < len(closed)
    share = f"{round(100 * in_time / len(closed))} %"
    section = _section(folder / "quarto", "utredning-inom-4-manader").replace("\u00a0", " ")
    line = next(line for line in section.splitlines() if line.startswith("| 2025 |"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[1] == share, (cells, share)
    assert f"{in_time} " in line + " " and f"{len(closed)} " in line + " "
    assert str(in_time) in cells and str(len(closed)) in cells  # täljare and nämnare as published
