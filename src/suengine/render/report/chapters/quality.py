"""Datakvalitet: the delivery's quality summary from ingest, and the bortfall in the results.

Ingest writes `kvalitet_sammanfattning.csv`, a tidy table (avsnitt, entitet, fil, fält, kod, mått,
värde; see suengine.ingest.quality) with rows read/accepted/rejected per entity, internt bortfall
per field, unmapped codes and problems per reason, and `problem.csv` (one row per problem). The
sections are laid out as tables; a summary in another shape is printed as delivered. Problems
are counted per entity, field and reason: their values and row numbers are never printed.
"""

from __future__ import annotations

import re

import pandas as pd

from suengine.render.format import breakdown_bortfall_text
from suengine.render.format import format_number, unknown_code_counts
from suengine.render.quality_labels import entity_label, field_label, measure_label, problem_rows
from suengine.render.report import markdown as md
from suengine.render.report.context import ReportContext
from suengine.render.report.data import count_cell

MAX_ROWS = 60
PROBLEM_GROUP_COLUMNS = ("entitet", "fält", "orsakskod", "nivå", "åtgärd")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell(value: object) -> str:
    text = str(value).strip()
    if _NUMBER.match(text):
        number = float(text)
        return format_number(number, 0 if number.is_integer() else 1)
    return md.escape(text) if text else " "


PROBLEM_WIDTHS = {"Fil": 3, "Entitet": 3, "Variabel": 4, "Orsak": 8, "Nivå": 2, "Åtgärd": 3, "Antal": 2}


def _frame_table(frame: pd.DataFrame, widths: dict[str, int] | None = None) -> str:
    headers = [md.escape(measure_label(str(c))) for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.head(MAX_ROWS).itertuples(index=False)]
    numeric = [all(_NUMBER.match(str(v).strip() or "0") for v in frame[c]) for c in frame.columns]
    sizes = [widths.get(str(c), 3) for c in frame.columns] if widths else None
    text = md.table(headers, rows, "".join("r" if n else "l" for n in numeric), sizes)
    if len(frame) > MAX_ROWS:
        text += f"\nTabellen visar de första {MAX_ROWS} av {len(frame)} raderna; resten finns i leveransens sammanfattning.\n"
    return text


def _section(summary: pd.DataFrame, name: str) -> pd.DataFrame:
    return summary[summary["avsnitt"] == name]


def _pivot(rows: pd.DataFrame, index: list[str], measures: list[str]) -> list[dict[str, str]]:
    """One dict per index key with the given measures, in the order the rows came."""
    out: dict[tuple[str, ...], dict[str, str]] = {}
    for _, row in rows.iterrows():
        key = tuple(str(row[c]) for c in index)
        entry = out.setdefault(key, dict(zip(index, key)))
        if str(row["mått"]) in measures:
            entry[str(row["mått"])] = str(row["värde"])
    return list(out.values())


def _share(text: str) -> str:
    """`andel_saknas` is a fraction; shown in percent."""
    try:
        return f"{format_number(float(text) * 100, 1)}\u00a0%"
    except ValueError:
        return md.escape(text)


def tidy_summary(summary: pd.DataFrame) -> str:
    parts = []
    delivery = _section(summary, "leverans")
    if len(delivery):
        rows = [[md.escape(measure_label(str(r["mått"]))), md.escape(r["värde"])] for _, r in delivery.iterrows()]
        parts.append(md.table(["Uppgift", "Värde"], rows, "ll"))
    entities = _pivot(_section(summary, "entitet"), ["entitet"], ["rader_lästa", "rader_godkända", "rader_avvisade"])
    if entities:
        parts.append(md.heading(3, "Rader per entitet"))
        parts.append("Varje rad i leveransen är antingen godkänd eller avvisad; ingenting försvinner i tysthet.\n")
        parts.append(md.table(["Entitet", "Lästa", "Godkända", "Avvisade"],
                              [[md.escape(entity_label(e["entitet"]))] + [_cell(e.get(m, "")) for m in ("rader_lästa", "rader_godkända",
                                                                                      "rader_avvisade")] for e in entities],
                              "lrrr"))
    missing = [m for m in _pivot(_section(summary, "bortfall"), ["entitet", "fält"], ["antal_saknas", "andel_saknas"])
               if _NUMBER.match(m.get("antal_saknas", "")) and float(m["antal_saknas"]) > 0]
    parts.append(md.heading(3, "Internt bortfall per variabel"))
    if missing:
        parts.append("Variabler där värdet saknas i minst en godkänd rad (variabler utan bortfall visas inte).\n")
        parts.append(md.table(["Entitet", "Variabel", "Saknade värden", "Andel saknade"],
                              [[md.escape(entity_label(m["entitet"])), md.escape(field_label(m["fält"], m["entitet"])), _cell(m["antal_saknas"]),
                                _share(m.get("andel_saknas", ""))] for m in missing], "llrr"))
    else:
        parts.append("Inget internt bortfall i de levererade variablerna.\n")
    codes = _section(summary, "okänd_kod")
    parts.append(md.heading(3, "Koder som inte kunde mappas"))
    if len(codes):
        parts.append("Lokala koder som saknas i mappningen; värdet räknas som saknat eller raden avvisas. Koderna "
                     "själva redovisas bara i den interna problemfilen: de kommer ur leveransen och kan vara fritext.\n")
        parts.append(md.table(["Entitet", "Variabel", "Antal rader"],
                              [[md.escape(entity_label(r["entitet"])), md.escape(field_label(r["fält"], r["entitet"])), _cell(r["värde"])]
                               for r in unknown_code_counts(codes)], "llr"))
    else:
        parts.append("Alla koder kunde mappas.\n")
    not_delivered = _section(summary, "ej_levererat")
    if len(not_delivered):
        parts.append(md.heading(3, "Variabler som inte levererades"))
        parts.append(md.table(["Entitet", "Variabel"], [[md.escape(entity_label(r["entitet"])), md.escape(field_label(r["fält"], r["entitet"]))]
                                                         for _, r in not_delivered.iterrows()], "ll"))
    return "\n".join(parts)


def problems_table(problems: pd.DataFrame) -> str:
    columns = [c for c in PROBLEM_GROUP_COLUMNS if c in problems.columns]
    if not len(problems):
        return "Inga problem registrerades i leveransen.\n"
    if not columns:
        return f"Leveransen har {len(problems)} registrerade problem.\n"
    counted = problem_rows(problems.groupby(columns, sort=True, dropna=False).size().reset_index(name="antal"))
    counted["Antal"] = counted["Antal"].astype(str)
    return _frame_table(counted, PROBLEM_WIDTHS)  # the reason gets the room; it is the longest text


def results_bortfall(context: ReportContext) -> str:
    rows = []
    for area in context.areas().values():
        for indicator in area:
            data = context.results_for(indicator)
            row = data.total(data.latest_period(context.year))
            period = data.latest_period(context.year)
            strata = {d: (found[0] if (found := data.strata(period, d)) else None) for d in data.dimensions(period)} if period else {}
            rows.append([md.escape(indicator.short_name)] + [count_cell(row, c) for c in
                        ("urval", "exkluderade", "undantag", "bortfall_nämnare", "bortfall_täljare", "censurerade")]
                        + [md.escape(breakdown_bortfall_text(strata))])
    return md.table(["Indikator", "Urval", "Exkluderade", "Undantag", "Bortfall nämnare", "Bortfall täljare",
                     "Censurerade", "Utan uppdelning"], rows, "lrrrrrrl")


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
        if quality.summary is not None and {"avsnitt", "mått", "värde"} <= set(quality.summary.columns):
            parts.append(tidy_summary(quality.summary))
        elif quality.summary is not None:
            parts.append("Sammanfattning per entitet och variabel: lästa, godkända och avvisade rader, internt "
                         "bortfall och koder som inte kunde mappas.\n")
            parts.append(_frame_table(quality.summary))
        else:
            parts.append("Leveransen saknar kvalitet\\_sammanfattning.csv.\n")
        parts.append(md.heading(3, "Problem i leveransen"))
        if quality.problems is not None:
            parts.append("Antal registrerade problem per entitet, variabel och orsak. Enskilda värden och radnummer "
                         "redovisas inte i rapporten.\n")
            parts.append(problems_table(quality.problems))
        else:
            parts.append("Leveransen saknar problem.csv.\n")
    parts.append(md.heading(2, f"Bortfall i resultaten {context.year}", "bortfall"))
    parts.append(
        "Internt bortfall är poster där en uppgift som behövs för indikatorn saknas: de räknas varken i nämnaren "
        f"eller i täljaren, och är bortfallet större än {context.bortfall_limit:g} procent redovisas inget värde "
        "(utom för indikatorer där ingen registrering betyder nej, se metodbeskrivningen). Censurerade poster hålls utanför nämnaren eftersom uppföljningstiden ännu inte har gått "
        "ut vid uttaget. *Utan uppdelning* är antalet i nämnaren som saknar uppdelningens uppgift (t.ex. kön) och "
        "därför räknas i totalen men i ingen grupp. Värden som inte får redovisas visas som .. också här.\n"
    )
    parts.append(results_bortfall(context))
    return "\n".join(parts)
