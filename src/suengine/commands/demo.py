"""Skapa ett demoprojekt för den påhittade kommunen Exempelby och kör hela kedjan i det.

Första gången skapas PROJEKT (standard: demo-projekt/) med suengine.yml, en kopia av
indikatorerna, demoleveransen leveranser/leverans-2026-01 (en Treserva-export med uttagsdatum
2026-01-31) och exempel på verksamhetens kommentarer. Sedan körs `suengine build` i projektet:
kontroll, inläsning och pseudonymisering, beräkning för 2021–2025, rapport, Excel, webbplats och
integritetskontroll. Varje körning publicerar en ny version i PROJEKT/build/.

Exempel:
  suengine demo
  suengine demo --projekt /tmp/exempelby
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from suengine.commands import build as build_command
from suengine.project.config import CONFIG_FILE, load_config
from suengine.resources import project_root

DEMO_DELIVERY = Path("demo") / "leverans-2026-01"
DEMO_COMMENTARY = Path("demo") / "kommentarer"
DEMO_CONFIG = """\
# yaml-language-server: $schema={schema}
# Inställningar för demoprojektet (se docs/konfiguration.md). Sökvägar är relativa till filen.
kommun: Exempelby kommun
nämnd: Barn- och utbildningsnämnden
indikatorer: indicators
leveranser: leveranser
kommentarer: kommentarer
ut: build
minsta_antal: 5
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--projekt", type=Path, default=Path("demo-projekt"), help="projektmapp (standard: demo-projekt/)")


def create_project(folder: Path) -> None:
    """Lay out a municipality's project folder with the bundled demo material."""
    root = project_root()
    staging = folder.with_name(f".{folder.name}.ny")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    schema = (root / "schemas" / "config.schema.json").resolve().as_uri()
    (staging / CONFIG_FILE).write_text(DEMO_CONFIG.format(schema=schema), encoding="utf-8")
    shutil.copytree(root / "indicators", staging / "indicators")
    shutil.copytree(root / DEMO_DELIVERY, staging / "leveranser" / DEMO_DELIVERY.name)
    shutil.copytree(root / DEMO_COMMENTARY, staging / "kommentarer")
    staging.rename(folder)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.projekt
    if not (folder / CONFIG_FILE).is_file():
        if folder.exists() and any(folder.iterdir()):
            from suengine.errors import SuengineError

            raise SuengineError(f"{folder} finns redan men saknar {CONFIG_FILE}; välj en annan mapp med --projekt")
        if folder.exists():
            folder.rmdir()
        create_project(folder)
        print(f"Skapade demoprojektet {folder}/ ({CONFIG_FILE}, indicators/, leveranser/, kommentarer/).")
    config = load_config(folder / CONFIG_FILE)
    namespace = argparse.Namespace(
        leverans=None, konfig=None, ut=None, indikatorer=None, years=None, kommentarer=None, minsta_antal=None,
    )
    return build_command.run_with(namespace, config)
