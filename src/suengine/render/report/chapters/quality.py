"""Datakvalitet: the delivery's quality summary from ingest, and the bortfall in the results.

Ingest writes `kvalitet_sammanfattning.csv` (rows read, accepted, rejected per entity; internt
bortfall per variable; unmapped codes) and `problem.csv` (one row per problem). The summary is
printed as delivered; problems are counted per entity, field and reason, and their values and
row numbers are never printed.
"""

from __future__ import annotations

import re

import pandas as pd

from suengine.render.format import format_number
from suengine.render.report import markdown as md
from suengine.render.report.context import ReportContext
from suengine.render.report.data import count_cell

MAX_ROWS = 60
PROBLEM_GROUP_COLUMNS = ("entitet", "fält", "orsakskod", "nivå", "åtgärd")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _reason_texts() -> dict[str, str]:
    try:
        from suengine.ingest.problems import REASONS
    except ImportError:
        return {}
    return dict(REASONS)


def _cell(value: object) -> str:
    text = str(value).strip()
    if _NUMBER.match(text):
        number = float(text)
        return format_number(number, 0 if number.is_integer() else 1)
    return md.escape(text) if text else " "


def _frame_table(frame: pd.DataFrame) -> str:
    headers = [md.escape(str(c).replace("_", " ")) for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.head(MAX_ROWS).itertuples(index=False)]
    numeric = [all(_NUMBER.match(str(v).strip() or "0") for v in frame[c]) for c in frame.columns]
    text = md.table(headers, rows, "".join("r" if n else "l" for n in numeric))
    if len(frame) > MAX_ROWS:
        text += f"\nTabellen visar de första {MAX_ROWS} av {len(frame)} raderna; resten finns i leveransens sammanfattning.\n"
    return text


def problems_table(problems: pd.DataFrame) -> str:
    columns = [c for c in PROBLEM_GROUP_COLUMNS if c in problems.columns]
    if not len(problems):
        return "Inga problem registrerades i leveransen.\n"
    if not columns:
        return f"Leveransen har {len(problems)} registrerade problem.\n"
    counted = problems.groupby(columns, sort=True, dropna=False).size().reset_index(name="antal")
    reasons = _reason_texts()
    if "orsakskod" in counted.columns and reasons:
        counted.insert(counted.columns.get_loc("orsakskod") + 1, "förklaring",
                       counted["orsakskod"].map(lambda c: reasons.get(str(c), "")))
    counted["antal"] = counted["antal"].astype(str)
    return _frame_table(counted)


def results_bortfall(context: ReportContext) -> str:
    rows = []
    for area in context.areas().values():
        for indicator in area:
            data = context.results_for(indicator)
            row = data.total(data.latest_period(context.year))
            rows.append([md.escape(indicator.short_name)] + [count_cell(row, c) for c in
                        ("urval", "exkluderade", "undantag", "bortfall_nämnare", "bortfall_täljare", "censurerade")])
    return md.table(["Indikator", "Urval", "Exkluderade", "Undantag", "Bortfall nämnare", "Bortfall täljare",
                     "Censurerade"], rows, "lrrrrrr")


def chapter(context: ReportContext) -> str:
    parts = [md.heading(1, "Datakvalitet", "datakvalitet")]
    parts.append(
        "Resultaten är aldrig bättre än uppgifterna de bygger på. Kapitlet visar vad som hände med leveransen från "
        "verksamhetssystemet och hur stort bortfallet är i resultaten.\n"
    )
    parts.append(md.heading(2, "Leveransen", "leveransen"))
    quality = context.quality
    if quality is None or not quality.delivered:
        parts.append(md.callout(
            "important", "Ingen kvalitetssammanfattning levererades",
            "Rapporten byggdes utan leveransens kvalitetssammanfattning (kvalitet_sammanfattning.csv och "
            "problem.csv). Antal lästa, godkända och avvisade rader, internt bortfall per variabel och koder som "
            "inte kunde mappas redovisas därför inte för den här versionen.",
        ))
    else:
        if quality.summary is not None:
            parts.append("Sammanfattning per entitet och variabel: lästa, godkända och avvisade rader, internt "
                         "bortfall och koder som inte kunde mappas.\n")
            parts.append(_frame_table(quality.summary))
        else:
            parts.append("Leveransen saknar kvalitet\\_sammanfattning.csv.\n")
        parts.append(md.heading(3, "Problem i leveransen"))
        if quality.problems is not None:
            parts.append("Antal registrerade problem per entitet, fält och orsak. Enskilda värden och radnummer "
                         "redovisas inte i rapporten.\n")
            parts.append(problems_table(quality.problems))
        else:
            parts.append("Leveransen saknar problem.csv.\n")
    parts.append(md.heading(2, f"Bortfall i resultaten {context.year}", "bortfall"))
    parts.append(
        "Internt bortfall är poster där en uppgift som behövs för indikatorn saknas: de räknas varken i nämnaren "
        "eller i täljaren. Censurerade poster hålls utanför nämnaren eftersom uppföljningstiden ännu inte har gått "
        "ut vid uttaget. Värden som inte får redovisas visas som .. också här.\n"
    )
    parts.append(results_bortfall(context))
    return "\n".join(parts)
