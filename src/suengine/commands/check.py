"""Kontrollera indikatorer och datamodell: form (JSON Schema) och innebörd (datamodellen).

Läser alla *.yml under SÖKVÄG eller en enskild fil. Utan SÖKVÄG kontrolleras projektets
indikatorer enligt suengine.yml (i arbetskatalogen, en mapp ovanför eller --projekt): katalogen
med projektets val och lokala ändringar, lokala-indikatorer/ och datamodell-tillägg.yml; utanför
ett projekt mappen indicators/ i arbetskatalogen. Finns ingetdera är det ett fel. Datamodellen
kontrolleras alltid. Alla fel och varningar skrivs ut med fil, rad och indikator, följt av en
sammanfattning. Husreglerna (minst två testfall, lagrum, paragraf i syftet) är varningar.
Avslutas med 0 när inget fel finns, annars 1.

Exempel:
  suengine check
  suengine check indicators/handlaggning/utredning-inom-4-manader.yml

  FEL: indicators/handlaggning/x.yml rad 12 (x): okänt fält 'slutdatun' på utredning — menade du 'slut'?
  6 indikatorer kontrollerade, 1 fel
"""

from __future__ import annotations

import argparse
from pathlib import Path

from suengine.definitions import load_definitions
from suengine.project.context import add_project_argument, describe_source, indicator_source, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        metavar="SÖKVÄG",
        help="mapp eller fil med indikatorer (standard: projektets indikatorer enligt suengine.yml)",
    )
    add_project_argument(parser)


def summary(files: int, errors: int, warnings: int) -> str:
    text = f"{files} indikator kontrollerad" if files == 1 else f"{files} indikatorer kontrollerade"
    text += f", {errors} fel"
    if warnings:
        text += f", {warnings} {'varning' if warnings == 1 else 'varningar'}"
    return text


def run(args: argparse.Namespace) -> int:
    config = open_project(args)
    source = indicator_source(Path(args.path) if args.path else None, config, "SÖKVÄG")
    if not args.path:
        print(describe_source(source, config))
    if config.file is not None:
        from suengine.project.init import SCHEMA_FOLDER, stale_editor_files

        stale = stale_editor_files(config.root)
        if stale:
            print(f"VARNING: redigerarens scheman i {SCHEMA_FOLDER.as_posix()}/ ({', '.join(stale)}) hör till en annan "
                  "suengine-version; kör `suengine init --uppdatera`")
    result = load_definitions(source)
    for issue in result.issues:
        print(issue.format())
    print(summary(len(result.files), result.errors, result.warnings))
    return 0 if result.ok else 1
