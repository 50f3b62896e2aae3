"""Kontrollera indikatorer och datamodell: form (JSON Schema) och innebörd (datamodellen).

Läser alla *.yml under SÖKVÄG (standard: indicators/ i arbetskatalogen, annars projektets
indicators/) eller en enskild fil, och kontrollerar även datamodel/datamodel.yml. Alla fel
och varningar skrivs ut med fil, rad och indikator, följt av en sammanfattning. Avslutas
med 0 när inget fel finns, annars 1.

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
from suengine.resources import project_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        metavar="SÖKVÄG",
        help="mapp eller fil med indikatorer (standard: indicators/)",
    )


def default_path() -> Path:
    local = Path("indicators")
    return local if local.is_dir() else project_root() / "indicators"


def summary(files: int, errors: int, warnings: int) -> str:
    text = f"{files} indikator kontrollerad" if files == 1 else f"{files} indikatorer kontrollerade"
    text += f", {errors} fel"
    if warnings:
        text += f", {warnings} {'varning' if warnings == 1 else 'varningar'}"
    return text


def run(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else default_path()
    result = load_definitions(path)
    for issue in result.issues:
        print(issue.format())
    print(summary(len(result.files), result.errors, result.warnings))
    return 0 if result.ok else 1
