"""Beskriv vad en export från verksamhetssystemet ska innehålla, och prova vad som läses ur en leverans.

`suengine mappning beskriv SYSTEM` skriver för källsystemet (t.ex. treserva eller lifecare) vilka
filer exporten ska ha, vilka kolumner varje fil ska innehålla och vilket fält i datamodellen de
blir, vilka lokala koder som översätts, vilka fält som räknas fram och vilka kolumner som släpps.
Inom ett projekt gäller projektets mappningar/ och datamodell-tillägg.yml. Sidan är Markdown,
så att IT kan ta fram exporten utan att läsa YAML; docs/mappningar.md är genererad på samma sätt.

`suengine mappning prova LEVERANS` läser leveransens filer och visar per kolumn vad som skulle
läsas: fältet den blir, hur många rader som har ett värde, och okända koder; kolumner som inte
läses och kolumner som saknas. Inga värden ur leveransen skrivs ut.

Exempel:
  suengine mappning beskriv treserva
  suengine mappning beskriv --ut docs/mappningar.md
  suengine mappning prova leveranser/leverans-2026-01
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.errors import SuengineError
from suengine.ingest.manifest import MANIFEST_NAME, load_manifest
from suengine.ingest.mapping import Mapping, available_mappings, load_mapping, normalise_code, resolve_mapping_path
from suengine.ingest.problems import ProblemLog, stop_message
from suengine.ingest.read import SEPARATOR_NAMES, ReadError, normalise_header, read_file
from suengine.project.context import add_project_argument, open_project

FORMATS = (
    "CSV med semikolon, komma eller tabb som avgränsare, kodad som UTF-8 eller Windows-1252; första raden är rubriker.",
    "Excel-arbetsbok (.xlsx); första raden i bladet är rubriker.",
    "Datum skrivs ÅÅÅÅ-MM-DD (även ÅÅÅÅMMDD och Excel-datum godtas); ja/nej som J/N, Ja/Nej eller 1/0.",
    "Tomma celler betyder att uppgiften saknas.",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    describe = sub.add_parser("beskriv", help="vad exporten från ett källsystem ska innehålla")
    describe.add_argument("system", metavar="SYSTEM", nargs="?", help="källsystem (standard: alla, eller projektets källsystem)")
    describe.add_argument("--ut", metavar="FIL", type=Path, help="skriv sidan till FIL (standard: standard ut)")
    add_project_argument(describe)
    trial = sub.add_parser("prova", help="vad som skulle läsas ur varje kolumn i en leverans")
    trial.add_argument("leverans", metavar="LEVERANS", type=Path, help="mappen med leveransens filer och leverans.yml")
    add_project_argument(trial)


def _load(name: str, model: DataModel, where: Path) -> Mapping:
    log = ProblemLog()
    mapping = load_mapping(resolve_mapping_path(name, where), model, log)
    if mapping is None:
        raise SuengineError(stop_message(log.stopping))
    return mapping


def describe(mapping: Mapping, model: DataModel) -> str:
    lines = [f"## {mapping.name} (`{mapping.system}`)", ""]
    lines.append(f"Mappningen: `{mapping.path.name}`. I leverans.yml: `mappning: {mapping.system}`.")
    if mapping.missing_values:
        lines.append("Texter som betyder att uppgiften saknas: " + ", ".join(f"`{v}`" for v in sorted(mapping.missing_values)) + ".")
    lines.append("")
    for name, em in mapping.entities.items():
        entity = model.entities[name]
        required = " (krävs)" if name == "barn" else ""
        lines += [f"### {name}{required}", "", entity.description, ""]
        lines.append("Filer: " + ", ".join(f"`{f}`" for f in em.files) + (f" (blad `{em.sheet}`)" if em.sheet else ""))
        lines += ["", "| kolumn i exporten | fält | typ | krävs | lokala koder |", "|---|---|---|---|---|"]
        for local, field_name in em.columns.items():
            f = entity.fields.get(field_name)
            kind = f.type if f else "?"
            needed = "ja" if f is not None and (f.required or field_name in entity.key) and field_name not in em.derived else ""
            codes = em.codes.get(field_name) or {}
            shown = ", ".join(f"`{k}` → {v if v is not None else 'saknas'}" for k, v in codes.items())
            if not shown and f is not None and f.value_set:
                shown = "datamodellens koder: " + ", ".join(f"`{c}`" for c in model.values_of(f) or {})
            if kind == "boolesk" and not shown:
                shown = "J/N, Ja/Nej, 1/0"
            lines.append(f"| `{local}` | {field_name} | {kind} | {needed} | {shown} |")
        if em.derived:
            lines.append("")
            lines.append("Räknas fram när kolumnen saknas eller är tom: " + ", ".join(f"{f} ({d.rule.replace('_', ' ')})" for f, d in em.derived.items()) + ".")
        if em.dropped:
            lines.append("")
            lines.append("Läses aldrig (släpps direkt): " + ", ".join(f"`{c}`" for c in em.dropped) + ".")
        lines.append("")
    return "\n".join(lines)


def page(mappings: list[Mapping], model: DataModel) -> str:
    head = ["# Exportformat per källsystem", "",
            "Genererad av `suengine mappning beskriv --ut docs/mappningar.md` ur mappings/*.yml och datamodellen; ändra inte för hand.", "",
            "Godtagna format:", "", *[f"- {f}" for f in FORMATS], ""]
    return "\n".join(head + [describe(m, model) for m in mappings])


def trial(folder: Path, model: DataModel) -> str:
    log = ProblemLog()
    manifest = load_manifest(folder, log)
    if manifest is None:
        raise SuengineError(stop_message(log.stopping))
    mapping = _load(manifest.mapping, model, folder)
    lines = [f"Leverans {folder} ({manifest.municipality}, uttagsdatum {manifest.extraction_date.isoformat()}), mappning {mapping.system}:"]
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith((".", "~$")))
    for path in files:
        owner = next((n for n, em in mapping.entities.items() if any(fnmatch.fnmatch(path.name.casefold(), p.casefold()) for p in em.files)), None)
        if owner is None:
            lines.append(f"\n{path.name}: hör inte till någon entitet och läses inte")
            continue
        em = mapping.entities[owner]
        try:
            table = read_file(path, path.name, em.sheet)
        except ReadError as exc:
            lines.append(f"\n{path.name} → {owner}: kan inte läsas ({exc.message})")
            continue
        fmt = f"XLSX, blad '{table.sheet}'" if table.format == "xlsx" else f"{table.encoding}, {SEPARATOR_NAMES.get(table.separator, table.separator)}"
        lines.append(f"\n{path.name} → {owner} ({fmt}, {table.n_rows} rader)")
        by_header = {normalise_header(k): v for k, v in em.columns.items()}
        dropped = {normalise_header(c) for c in em.dropped}
        entity = model.entities[owner]
        for position, header in enumerate(table.header):
            key = normalise_header(header)
            column = table.columns[position] if position < len(table.columns) else None
            values = column.cells() if column is not None else []
            filled = sum(1 for v in values if v is not None and str(v).strip() and normalise_header(str(v)) not in mapping.missing_values)
            if key in dropped:
                lines.append(f"  {header}: släpps (läses aldrig)")
            elif key in by_header:
                field_name = by_header[key]
                text = f"  {header} → {field_name}: {filled} av {table.n_rows} rader har ett värde"
                f = entity.fields.get(field_name)
                known = set((em.codes.get(field_name) or {}))
                if f is not None and f.value_set:
                    known |= {normalise_code(c) for c in model.values_of(f) or {}} | {normalise_code(l) for l in (model.values_of(f) or {}).values()}
                    unknown = {normalise_code(v) for v in (column.values if column else []) if v is not None and str(v).strip()} - known - set(mapping.missing_values)
                    if unknown:
                        text += f"; {len(unknown)} okända koder (lägg till under koder: {field_name} i mappningen)"
                lines.append(text)
            else:
                lines.append(f"  {header}: ingen kolumn i mappningen, läses inte")
        present = {normalise_header(h) for h in table.header}
        for local, field_name in em.columns.items():
            if normalise_header(local) not in present:
                f = entity.fields.get(field_name)
                need = "saknas – krävs" if f is not None and f.required and field_name not in em.derived else "saknas (fältet blir tomt)"
                lines.append(f"  {local} → {field_name}: {need}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    config = open_project(args)
    model = load_datamodel()
    if args.action == "prova":
        print(trial(args.leverans, model))
        return 0
    names = [args.system] if args.system else ([config.system] if config.system and not args.ut else available_mappings())
    text = page([_load(n, model, Path.cwd()) for n in names], model) if not args.system and len(names) > 1 else describe(_load(names[0], model, Path.cwd()), model)
    if args.ut:
        args.ut.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"Skrev {args.ut}")
    else:
        sys.stdout.write(text + "\n")
    return 0
