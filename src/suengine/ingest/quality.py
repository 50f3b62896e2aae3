"""The data-quality summary of one delivery: one tidy table, also rendered as text for the CLI.

Columns: avsnitt, entitet, fil, fält, kod, mått, värde. Sections:
- `leverans`: kommun, källsystem, mappning, uttagsdatum, period;
- `fil`: format, kodning, avgränsare, blad, rader, omappade and släppta kolumner (names only);
- `entitet`: rader_lästa / rader_godkända / rader_avvisade — nothing disappears silently;
- `bortfall`: internt bortfall per delivered field (antal_saknas, andel_saknas);
- `ej_levererat`: fields of a delivered entity that no column or rule provides;
- `härlett`: values filled in by a mapping's härledda rule, per field (e.g. kön from the personnummer);
- `okänd_kod`: local codes without a mapping, with counts;
- `problem`: number of problems per reason code and level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from suengine.ingest.manifest import Manifest
from suengine.ingest.read import SEPARATOR_NAMES, RawTable

COLUMNS = ["avsnitt", "entitet", "fil", "fält", "kod", "mått", "värde"]


@dataclass
class EntityCounts:
    read: int = 0
    accepted: int = 0
    delivered: set[str] = field(default_factory=set)
    unknown_codes: dict[tuple[str, str], int] = field(default_factory=dict)
    derived: dict[str, int] = field(default_factory=dict)


def build_summary(
    manifest: Manifest,
    mapping_name: str,
    tables: list[tuple[str, RawTable, list[str], list[str]]],
    counts: dict[str, EntityCounts],
    typed: dict[str, pd.DataFrame],
    problems: pd.DataFrame,
) -> pd.DataFrame:
    """`tables`: (entity, raw table, unmapped column names, dropped column names) per file."""
    rows: list[dict[str, object]] = []

    def add(section: str, measure: str, value: object, **where: object) -> None:
        rows.append({"avsnitt": section, "mått": measure, "värde": value, **where})

    period = f"{manifest.period_start or ''}–{manifest.period_end or ''}" if manifest.period_start or manifest.period_end else ""
    for measure, value in (
        ("kommun", manifest.municipality),
        ("källsystem", manifest.source_system),
        ("mappning", mapping_name),
        ("uttagsdatum", manifest.extraction_date.isoformat()),
        ("period", period),
    ):
        add("leverans", measure, value)
    for entity, table, unmapped, dropped in tables:
        where = {"entitet": entity, "fil": table.file}
        add("fil", "format", table.format.upper(), **where)
        if table.format == "csv":
            add("fil", "kodning", table.encoding, **where)
            add("fil", "avgränsare", SEPARATOR_NAMES.get(table.separator, table.separator), **where)
        else:
            add("fil", "blad", table.sheet, **where)
        add("fil", "rader", table.n_rows, **where)
        add("fil", "omappade_kolumner", ", ".join(unmapped), **where)
        add("fil", "släppta_kolumner", ", ".join(dropped), **where)
    for entity, count in counts.items():
        add("entitet", "rader_lästa", count.read, entitet=entity)
        add("entitet", "rader_godkända", count.accepted, entitet=entity)
        add("entitet", "rader_avvisade", count.read - count.accepted, entitet=entity)
    for entity, count in counts.items():
        frame = typed[entity]
        for name in frame.columns:
            if name not in count.delivered:
                add("ej_levererat", "ej_levererat", "", entitet=entity, fält=name)
                continue
            missing = int(frame[name].isna().sum())
            add("bortfall", "antal_saknas", missing, entitet=entity, fält=name)
            add("bortfall", "andel_saknas", round(missing / len(frame), 4) if len(frame) else "", entitet=entity, fält=name)
        for field_name, number in sorted(count.derived.items()):
            add("härlett", "antal_härledda", number, entitet=entity, fält=field_name)
        for (field_name, code), number in sorted(count.unknown_codes.items()):
            add("okänd_kod", "antal", number, entitet=entity, fält=field_name, kod=code)
    if not problems.empty:
        grouped = problems.groupby(["orsakskod", "nivå"], sort=True).size()
        for (code, level), number in grouped.items():
            add("problem", str(level), int(number), kod=code)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.fillna("").astype("string")


def _number(value: object) -> str:
    try:
        return f"{int(str(value)):,}".replace(",", "\u00a0")
    except ValueError:
        return str(value)


def render_summary(summary: pd.DataFrame, problems: pd.DataFrame, max_problems: int = 20) -> str:
    """The summary as the CLI prints it (Swedish, plain text)."""
    s = summary
    lines: list[str] = []
    meta = dict(zip(s.loc[s.avsnitt == "leverans", "mått"], s.loc[s.avsnitt == "leverans", "värde"]))
    lines.append(f"Leverans: {meta.get('kommun')}, {meta.get('källsystem')} (mappning {meta.get('mappning')}), uttagsdatum {meta.get('uttagsdatum')}")
    if meta.get("period"):
        lines.append(f"Period: {meta['period']}")
    lines.append("")
    lines.append("Filer:")
    files = s[s.avsnitt == "fil"]
    for name, group in files.groupby("fil", sort=False):
        info = dict(zip(group["mått"], group["värde"]))
        how = f"{info.get('kodning')}, {info.get('avgränsare')}" if info.get("format") == "CSV" else f"blad '{info.get('blad')}'"
        lines.append(f"  {name} → {group['entitet'].iloc[0]}: {info.get('format')}, {how}, {_number(info.get('rader'))} rader")
        if info.get("omappade_kolumner"):
            lines.append(f"    omappade kolumner (borttagna): {info['omappade_kolumner']}")
    lines.append("")
    lines.append(f"  {'entitet':<14}{'lästa':>9}{'godkända':>10}{'avvisade':>10}")
    entities = s[s.avsnitt == "entitet"]
    total_rejected = 0
    for name, group in entities.groupby("entitet", sort=False):
        info = dict(zip(group["mått"], group["värde"]))
        total_rejected += int(info["rader_avvisade"])
        lines.append(
            f"  {name:<14}{_number(info['rader_lästa']):>9}{_number(info['rader_godkända']):>10}{_number(info['rader_avvisade']):>10}"
        )
    lines.append(f"Avvisade rader totalt: {total_rejected}")
    shares = s[(s.avsnitt == "bortfall") & (s["mått"] == "andel_saknas") & (s["värde"] != "")]
    shares = shares[shares["värde"].astype(float) > 0]
    if not shares.empty:
        lines.append("")
        lines.append("Internt bortfall (andel saknade värden):")
        for _, row in shares.iterrows():
            percent = float(row["värde"]) * 100
            share = "< 0,1" if percent < 0.05 else f"{percent:.1f}".replace(".", ",")
            lines.append(f"  {row['entitet']}.{row['fält']}: {share} %")
    derived = s[(s.avsnitt == "härlett") & (s["värde"] != "0")]
    if not derived.empty:
        lines.append("")
        lines.append("Härledda värden (räknade fram av mappningen, inte levererade):")
        for _, row in derived.iterrows():
            lines.append(f"  {row['entitet']}.{row['fält']}: {_number(row['värde'])} värden")
    unknown = s[s.avsnitt == "okänd_kod"]
    if not unknown.empty:
        lines.append("")
        lines.append("Okända koder (saknas i mappningen):")
        for _, row in unknown.iterrows():
            lines.append(f"  {row['entitet']}.{row['fält']} '{row['kod']}': {row['värde']} rader")
    lines.append("")
    levels = problems["nivå"].value_counts() if not problems.empty else pd.Series(dtype=int)
    lines.append(
        f"Problem: {len(problems)} ({int(levels.get('fel', 0))} fel, {int(levels.get('varning', 0))} varningar, {int(levels.get('info', 0))} info)"
    )
    warnings = problems[problems["nivå"] == "varning"] if not problems.empty else problems
    for _, row in warnings.head(max_problems).iterrows():
        where = ", ".join(str(p) for p in (row["fil"], f"rad {row['rad']}" if pd.notna(row["rad"]) else "") if p)
        lines.append(f"  {where}: {row['meddelande']}")
    if len(warnings) > max_problems:
        lines.append(f"  … och {len(warnings) - max_problems} varningar till (se problem.csv).")
    return "\n".join(lines)
