"""Data quality: the delivery's summary and problems (from ingest's CSV files) and internt bortfall.

The problems table can hold record values; only its code columns are published, as counts per
group, so no record value or row number reaches a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from suengine.render.format import breakdown_bortfall_text
from suengine.definitions.model import Indicator
from suengine.render.format import format_number, unknown_code_counts
from suengine.render.quality_labels import entity_label, field_label, measure_label, problem_rows
from suengine.render.site.markdown import table, text
from suengine.render.site.published import IndicatorResults, small_count_text

SUMMARY_FILE = "kvalitet_sammanfattning.csv"
PROBLEMS_FILE = "problem.csv"
# Columns of problem.csv that name a kind of problem, never a record: safe to publish as groups.
# (problem.csv also has rad, värde and meddelande, which can quote a record; they are never read.)
PROBLEM_GROUP_COLUMNS = ("fil", "entitet", "fält", "orsak", "orsakskod", "nivå", "åtgärd")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


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


def _cell(value: object) -> str:
    raw = str(value).strip()
    if _NUMBER.match(raw):
        number = float(raw)
        return format_number(number, 0 if number.is_integer() else 1)
    return text(raw)


def _frame_table(frame: pd.DataFrame) -> str:
    headers = [text(measure_label(str(c))) for c in frame.columns]
    rows = [[_cell(v) for v in record] for record in frame.astype(str).itertuples(index=False)]
    numeric = ["r" if frame[c].astype(str).str.strip().str.fullmatch(_NUMBER.pattern).all() else "l" for c in frame.columns]
    return table(headers, rows, numeric)


def _section(summary: pd.DataFrame, name: str) -> pd.DataFrame:
    return summary[summary["avsnitt"] == name]


def _pivot(rows: pd.DataFrame, keys: list[str], measures: tuple[str, ...]) -> list[dict[str, str]]:
    found: dict[tuple[str, ...], dict[str, str]] = {}
    for record in rows.to_dict("records"):
        key = tuple(str(record[k]) for k in keys)
        entry = found.setdefault(key, dict(zip(keys, key)))
        if str(record["mått"]) in measures:
            entry[str(record["mått"])] = str(record["värde"])
    return list(found.values())


def _percent(fraction: str) -> str:
    try:
        return f"{format_number(float(fraction) * 100, 1)}\u00a0%"
    except ValueError:
        return text(fraction)


def delivery_fact(quality: QualityTables, name: str) -> str:
    """A fact about the delivery from the summary (`uttagsdatum`, `kommun`); "" when it is not there."""
    summary = quality.summary
    if summary is None or "avsnitt" not in summary.columns or "mått" not in summary.columns:
        return ""
    rows = summary[(summary["avsnitt"] == "leverans") & (summary["mått"] == name)]
    return str(rows.iloc[0]["värde"]) if len(rows) else ""


def summary_markdown(summary: pd.DataFrame) -> str:
    """Ingest's tidy summary (avsnitt, entitet, fil, fält, kod, mått, värde) as readable tables."""
    if "avsnitt" not in summary.columns or "mått" not in summary.columns:
        return _frame_table(summary)  # another shape: shown as delivered
    parts = []
    delivery = _section(summary, "leverans")
    if len(delivery):
        rows = [[text(measure_label(str(r["mått"]))), text(r["värde"])] for r in delivery.to_dict("records")]
        parts.append(table(["Uppgift", "Värde"], rows))
    entities = _pivot(_section(summary, "entitet"), ["entitet"], ("rader_lästa", "rader_godkända", "rader_avvisade"))
    if entities:
        parts.append("### Rader per entitet\n\nVarje rad i leveransen är antingen godkänd eller avvisad; ingenting försvinner i tysthet.\n")
        parts.append(table(
            ["Entitet", "Lästa", "Godkända", "Avvisade"],
            [[text(entity_label(e["entitet"])), *(_cell(e.get(m, "")) for m in ("rader_lästa", "rader_godkända", "rader_avvisade"))] for e in entities],
            ["l", "r", "r", "r"],
        ))
    missing = [
        m for m in _pivot(_section(summary, "bortfall"), ["entitet", "fält"], ("antal_saknas", "andel_saknas"))
        if _NUMBER.match(m.get("antal_saknas", "")) and float(m["antal_saknas"]) > 0
    ]
    parts.append("### Saknade värden per variabel\n")
    if missing:
        parts.append("Variabler där värdet saknas i minst en godkänd rad.\n")
        parts.append(table(
            ["Entitet", "Variabel", "Saknade värden", "Andel saknade"],
            [[text(entity_label(m["entitet"])), text(field_label(m["fält"], m["entitet"])), _cell(m["antal_saknas"]), _percent(m.get("andel_saknas", ""))] for m in missing],
            ["l", "l", "r", "r"],
        ))
    else:
        parts.append("Inga saknade värden i de levererade variablerna.\n")
    codes = _section(summary, "okänd_kod")
    parts.append("### Koder som inte kunde mappas\n")
    if len(codes):
        parts.append("Lokala koder som saknas i mappningen; värdet räknas som saknat. Koderna själva redovisas bara "
                     "i den interna problemfilen: de kommer ur leveransen och kan vara fritext.\n")
        parts.append(table(
            ["Entitet", "Variabel", "Antal rader"],
            [[text(entity_label(r["entitet"])), text(field_label(r["fält"], r["entitet"])), _cell(r["värde"])] for r in unknown_code_counts(codes)],
            ["l", "l", "r"],
        ))
    else:
        parts.append("Alla koder kunde mappas.\n")
    not_delivered = _section(summary, "ej_levererat")
    if len(not_delivered):
        parts.append("### Variabler som inte levererades\n")
        parts.append(table(["Entitet", "Variabel"], [[text(entity_label(r["entitet"])), text(field_label(r["fält"], r["entitet"]))] for r in not_delivered.to_dict("records")]))
    return "\n".join(parts)


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
        parts.append(summary_markdown(quality.summary))
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
        parts.append(_frame_table(problem_rows(quality.problems)))
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
            rows.append([f"[{text(indicator.short_name)}](indikatorer/{indicator.id}.md)", text(head.period), "..", "..", "..", ".."])
            continue
        row = head.row
        rows.append([
            f"[{text(indicator.short_name)}](indikatorer/{indicator.id}.md)", text(head.period),
            text(small_count_text(row.get("bortfall_nämnare"), min_count)),
            text(small_count_text(row.get("bortfall_täljare"), min_count)),
            text(small_count_text(row.get("censurerade"), min_count)),
            text(breakdown_bortfall_text(results[indicator.id].first_strata(head.period))),
        ])
    parts.append("Kolumnen *Utan uppdelning* visar per uppdelning hur många i nämnaren som saknar uppgiften (t.ex. kön) "
                 "och därför räknas i totalen men inte i någon grupp.\n")
    parts.append(table(["Indikator", "Period", "Bortfall nämnare", "Bortfall täljare", "Censurerade", "Utan uppdelning"], rows,
                       ["l", "l", "r", "r", "r", "l"]))
    return "\n".join(parts)
