"""Plain Swedish for the delivery's quality summary and problems, shared by report, site and workbook.

Ingest's tidy summary (suengine.ingest.quality) and problem file name things by code: measures
(`antal_saknas`, `rader_avvisade`), sections (`okänd_kod`), data-model fields (`förhandsbedömning_klar`)
and reasons (`ogiltigt_datum`). A reader sees words: a measure's label ("Saknade värden"), a field's
`etikett` from the data model ("B1b – erfarenhet 1–2 år") or, without one, its name written out
("Förhandsbedömning klar"), and a reason's explanation from suengine.ingest.problems.REASONS. Only the
workbook keeps the field's name as well, in its own id column (`Fält-id`) for whoever looks up the
mapping. The delivered local code of an unknown code is never shown: it may be free text.
"""

from __future__ import annotations

import pandas as pd

from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.render.labels import humanise

MEASURES = {
    "kommun": "Kommun",
    "källsystem": "Källsystem",
    "mappning": "Mappning",
    "uttagsdatum": "Uttagsdatum",
    "period": "Period",
    "format": "Format",
    "kodning": "Teckenkodning",
    "avgränsare": "Avgränsare",
    "blad": "Arbetsblad",
    "rader": "Rader i filen",
    "omappade_kolumner": "Kolumner som inte finns i mappningen",
    "släppta_kolumner": "Kolumner som togs bort",
    "rader_lästa": "Lästa rader",
    "rader_godkända": "Godkända rader",
    "rader_avvisade": "Avvisade rader",
    "antal_saknas": "Saknade värden",
    "andel_saknas": "Andel saknade värden",
    "ej_levererat": "Inte levererad",
    "antal_härledda": "Härledda värden",
    "antal": "Rader med okänd kod",
    "varning": "Varningar",
    "fel": "Fel",
}
SECTIONS = {
    "leverans": "Leveransen",
    "fil": "Filer",
    "entitet": "Rader per entitet",
    "bortfall": "Saknade värden",
    "ej_levererat": "Variabler som inte levererades",
    "härlett": "Härledda värden",
    "okänd_kod": "Koder som inte kunde mappas",
    "problem": "Problem",
}
PROBLEM_COLUMNS = {"fil": "Fil", "entitet": "Entitet", "fält": "Variabel", "orsak": "Orsak", "orsakskod": "Orsak",
                   "nivå": "Nivå", "åtgärd": "Åtgärd", "antal": "Antal"}
FIELD_ID = "Fält-id"


def _reasons() -> dict[str, str]:
    from suengine.ingest.problems import REASONS

    return dict(REASONS)


def measure_label(code: str) -> str:
    return MEASURES.get(code, humanise(code))


def section_label(code: str) -> str:
    return SECTIONS.get(code, humanise(code))


def entity_label(name: str) -> str:
    return humanise(str(name))


def field_label(name: str, entity: str = "", model: DataModel | None = None) -> str:
    """The field's `etikett` in the data model (the entity's own field first); else its name written
    out: `barn_id` → "Barn-id", `förhandsbedömning_klar` → "Förhandsbedömning klar"."""
    name, model = str(name), model or load_datamodel()
    entities = ([model.entities[entity]] if entity in model.entities else []) + list(model.entities.values())
    for spec in entities:
        if name in spec.fields and spec.fields[name].label:
            return spec.fields[name].label
    if name.endswith("_id"):
        name = name[:-3] + "-id"
    return humanise(name)


def reason_label(code: str) -> str:
    """A problem's reason in words: "Värdet är inget datum i ett godkänt format"."""
    return humanise(_reasons().get(str(code), str(code)))


def summary_rows(summary: pd.DataFrame, field_ids: bool = False) -> pd.DataFrame:
    """The tidy summary as a readable long table: Avsnitt, Entitet, Variabel, [Fält-id,] Mått, Värde.

    A problem row's measure is its level and its code the reason: shown as "reason (level)". The
    local code of an unknown code (`kod`) is left out."""
    rows = []
    for record in summary.fillna("").astype(str).to_dict("records"):
        section, measure, field = record.get("avsnitt", ""), record.get("mått", ""), record.get("fält", "")
        what = measure_label(measure)
        if section == "problem":
            what = f"{reason_label(record.get('kod', ''))} ({measure})"
        row = {"Avsnitt": section_label(section), "Entitet": entity_label(record.get("entitet", "")),
               "Variabel": field_label(field, record.get("entitet", "")) if field else ""}
        if field_ids:
            row[FIELD_ID] = field
        rows.append({**row, "Mått": what, "Värde": record.get("värde", "")})
    columns = ["Avsnitt", "Entitet", "Variabel"] + ([FIELD_ID] if field_ids else []) + ["Mått", "Värde"]
    return pd.DataFrame(rows, columns=columns)


def problem_rows(grouped: pd.DataFrame, field_ids: bool = False) -> pd.DataFrame:
    """Problems counted per group (the column `antal`) with readable headers and values.

    The reason code becomes its explanation; the field its readable name (and, with `field_ids`,
    its name in a `Fält-id` column)."""
    out = pd.DataFrame(index=grouped.index)
    for column in grouped.columns:
        name = str(column).strip().lower()
        values = grouped[column].fillna("").astype(str)
        if name == "fält":
            entities = grouped["entitet"].fillna("").astype(str) if "entitet" in grouped.columns else pd.Series("", index=grouped.index)
            out["Variabel"] = [field_label(v, e) if v else "" for v, e in zip(values, entities)]
            if field_ids:
                out[FIELD_ID] = values
        elif name == "orsakskod":
            out["Orsak"] = values.map(reason_label)
        elif name == "entitet":
            out["Entitet"] = values.map(entity_label)
        elif name in ("nivå", "åtgärd", "orsak") and PROBLEM_COLUMNS[name] not in out.columns:
            out[PROBLEM_COLUMNS[name]] = values.map(lambda v: v[:1].upper() + v[1:])
        elif name in PROBLEM_COLUMNS and PROBLEM_COLUMNS[name] not in out.columns:
            out[PROBLEM_COLUMNS[name]] = grouped[column]  # fil (a file name) and antal, as they are
    return out.reset_index(drop=True)
