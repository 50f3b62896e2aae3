"""Data quality: the delivery's summary and problems (from ingest's CSV files) and internt bortfall.

The problems table can hold record values; only its code columns are published, as counts per
group, so no record value or row number reaches a reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from suengine.model import Indicator
from suengine.render.site.markdown import table, text
from suengine.render.site.published import IndicatorResults, small_count_text

SUMMARY_FILE = "kvalitet_sammanfattning.csv"
PROBLEMS_FILE = "problem.csv"
# Columns of problem.csv that name a kind of problem, never a record: safe to publish as groups.
PROBLEM_GROUP_COLUMNS = ("fil", "entitet", "fält", "orsak", "orsakskod", "kod", "nivå", "allvarlighet", "åtgärd")


@dataclass(frozen=True)
class QualityTables:
    summary: pd.DataFrame | None
    problems: pd.DataFrame | None  # grouped counts, with the column "antal"
    problem_rows: int | None


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load_quality(folder: Path | None) -> QualityTables:
    """Read the ingest summary and problems from `folder`; absent files give None."""
    if folder is None:
        return QualityTables(None, None, None)
    summary_path, problems_path = folder / SUMMARY_FILE, folder / PROBLEMS_FILE
    summary = _read_csv(summary_path) if summary_path.is_file() else None
    problems = rows = None
    if problems_path.is_file():
        raw = _read_csv(problems_path)
        rows = len(raw)
        keys = [c for c in raw.columns if c.strip().lower() in PROBLEM_GROUP_COLUMNS]
        if keys and rows:
            problems = raw.groupby(keys, sort=True).size().reset_index(name="antal")
        else:
            problems = pd.DataFrame({"antal": [rows]})
    return QualityTables(summary, problems, rows)


def _frame_table(frame: pd.DataFrame) -> str:
    headers = [text(str(c).replace("_", " ")) for c in frame.columns]
    rows = [[text(v) for v in record] for record in frame.astype(str).itertuples(index=False)]
    numeric = ["r" if frame[c].astype(str).str.fullmatch(r"-?[\d\s.,]+").all() else "l" for c in frame.columns]
    return table(headers, rows, numeric)


def quality_page(indicators: list[Indicator], results: dict[str, IndicatorResults], quality: QualityTables, min_count: int) -> str:
    parts = [
        "# Datakvalitet\n",
        "Här redovisas hur fullständig och korrekt dataleveransen från verksamhetssystemet var, och hur många "
        "poster som inte kunde bedömas för varje indikator (internt bortfall).\n",
        "## Dataleveransen\n",
    ]
    if quality.summary is None:
        parts.append("Ingen sammanfattning av dataleveransen följde med den här versionen.\n")
    else:
        parts.append(_frame_table(quality.summary))
    parts.append("## Problem i leveransen\n")
    if quality.problems is None:
        parts.append("Ingen problemtabell följde med den här versionen.\n")
    elif quality.problem_rows == 0:
        parts.append("Kontrollen av leveransen hittade inga problem.\n")
    else:
        parts.append(
            f"Kontrollen hittade {quality.problem_rows} problem. Tabellen visar antal per slag av problem; "
            "enskilda poster och värden redovisas inte.\n"
        )
        parts.append(_frame_table(quality.problems))
    parts.append("## Internt bortfall per indikator\n")
    parts.append(
        "Internt bortfall är poster där det inte gick att avgöra om de hör till nämnaren eller täljaren, "
        f"eftersom en uppgift saknades. Antal mellan 1 och {min_count - 1} redovisas som "
        f"\"färre än {min_count}\".\n"
    )
    rows = []
    for indicator in indicators:
        head = results[indicator.id].headline()
        if head is None:
            continue
        if head.suppressed:
            rows.append([f"[{text(indicator.short_name)}](indikatorer/{indicator.id}.md)", text(head.period), "..", "..", ".."])
            continue
        row = head.row
        rows.append([
            f"[{text(indicator.short_name)}](indikatorer/{indicator.id}.md)", text(head.period),
            text(small_count_text(row.get("bortfall_nämnare"), min_count)),
            text(small_count_text(row.get("bortfall_täljare"), min_count)),
            text(small_count_text(row.get("censurerade"), min_count)),
        ])
    parts.append(table(["Indikator", "Period", "Bortfall nämnare", "Bortfall täljare", "Censurerade"], rows, ["l", "l", "r", "r", "r"]))
    return "\n".join(parts)
