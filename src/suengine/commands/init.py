"""Skapa ett nytt SU-projekt för kommunens egna data (suengine.yml, mappar, redigerarinställningar).

Skapar MAPP (standard: arbetskatalogen, som måste vara tom) med suengine.yml (kommun, nämnd,
källsystem), tomma mappar leveranser/, kommentarer/ och lokala-indikatorer/, en README med de
kommandon som behövs, en .gitignore som håller leveranser och nycklar utanför git och
.vscode/settings.json som kopplar projektets YAML-filer till suengines scheman (kopior i
.vscode/scheman/), så att redigeraren kontrollerar filerna medan man skriver. Indikatorerna
kopieras inte: projektet använder katalogen i den installerade suengine-versionen.

Med --uppdatera skrivs bara redigerarens scheman och inställningar om i ett befintligt projekt,
t.ex. efter en uppgradering av suengine. Inget annat ändras.

Exempel:
  suengine init mitt-su --system treserva --kommun "Exempelby kommun"
  suengine init --uppdatera
"""

from __future__ import annotations

import argparse
from pathlib import Path

from suengine.errors import SuengineError
from suengine.project.config import CONFIG_FILE, find_config
from suengine.project.init import create_project, system_names, update_editor_files


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("mapp", metavar="MAPP", type=Path, nargs="?", help="projektmappen som skapas (standard: arbetskatalogen)")
    parser.add_argument("--system", metavar="SYSTEM", help=f"källsystemets mappning: {', '.join(system_names())}")
    parser.add_argument("--kommun", metavar="NAMN", default="Min kommun", help="kommunens namn (går att ändra i suengine.yml)")
    parser.add_argument("--nämnd", metavar="NAMN", dest="committee", default="Socialnämnden", help="nämndens namn (standard: Socialnämnden)")
    parser.add_argument("--uppdatera", action="store_true", help="skriv bara om redigerarens scheman och inställningar i ett befintligt projekt")


def run(args: argparse.Namespace) -> int:
    if args.uppdatera:
        config = (args.mapp / CONFIG_FILE) if args.mapp else find_config()
        if config is None or not config.is_file():
            raise SuengineError(f"hittar inget projekt att uppdatera (ingen {CONFIG_FILE}); skapa ett med `suengine init MAPP --system treserva`")
        changed = update_editor_files(config.parent)
        print(f"Uppdaterade {', '.join(changed)} i {config.parent}." if changed else f"Redigerarens scheman i {config.parent} är redan aktuella.")
        return 0
    if not args.system:
        raise SuengineError(f"ange källsystem med --system ({', '.join(system_names())})")
    folder: Path = args.mapp or Path.cwd()
    created = create_project(folder, args.system, args.kommun, args.committee)
    print(f"Skapade SU-projektet {folder} ({', '.join(created)}).")
    print("Nästa steg (se README.md i projektet):")
    print(f"  1. Lägg exporten i leveranser/<leverans>/ med leverans.yml; vad den ska innehålla: suengine mappning beskriv {args.system}")
    print("  2. Kör suengine build i projektmappen.")
    return 0
