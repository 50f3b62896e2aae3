"""Skapa ett demoprojekt för den påhittade kommunen Exempelby och kör hela kedjan i det.

Första gången skapas PROJEKT (standard: demo-projekt/) som `suengine init` skapar ett projekt
(suengine.yml, README, .gitignore, redigerarinställningar; indikatorerna från motorns katalog),
med demoleveransen leveranser/leverans-2026-01 (en Treserva-export med uttagsdatum
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
from suengine.project.config import CONFIG_FILE
from suengine.project.context import open_project
from suengine.project.init import write_skeleton
from suengine.resources import project_root

DEMO_DELIVERY = Path("demo") / "leverans-2026-01"
DEMO_COMMENTARY = Path("demo") / "kommentarer"
DEMO_REFERENCE = Path("demo") / "referens-kolada"  # a small Kolada extract (see its README): comparisons offline
DEMO_REFERENCE_FETCHED = "2024-08-30"  # when the extract's values were fetched from Kolada (not the day the demo runs)
DEMO_COMPARISON = """
# Jämförelser med Kolada (suengine referens): Exempelby är påhittad, så som illustration visas
# Motalas (0583) jämförelsegrupper: länets kommuner, SKR:s kommungrupp och Liknande kommuner IFO.
jämförelse:
  kommun: "0583"
  namn: Motala
  grupper: [G33615, G92786, G36592]
  text: >-
    Illustration: Exempelby kommun är påhittad. Jämförelsegrupperna är Motalas (0583, ca 43 000 invånare),
    och Exempelbys värden är simulerade; Motalas egna Kolada-värden räknas inte bland de kommuner som
    Exempelby placeras bland.

katalog:
  ändringar:
    utredningstid-median:
      målvärde:
        typ: relativ
        riktning: lägre_är_bättre
        text: Kortare utredningstid än de flesta kommuner; färgen visar kvartilen bland alla kommuner i Kolada.
      motivering: >-
        Demonstrerar relativ färg. Koladas U33401 är ett medelvärde (första halvåret) och indikatorn en median,
        så färgen är en illustration, inte en rättvis rangordning.
"""
DEMO_MUNICIPALITY = "Exempelby kommun"
DEMO_COMMITTEE = "Barn- och utbildningsnämnden"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--projekt", type=Path, default=Path("demo-projekt"), help="projektmapp (standard: demo-projekt/)")


def create_project(folder: Path) -> None:
    """Lay out a municipality's project folder with the bundled demo material."""
    root = project_root()
    staging = folder.with_name(f".{folder.name}.ny")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    write_skeleton(staging, "treserva", DEMO_MUNICIPALITY, DEMO_COMMITTEE, "Treserva")
    shutil.copytree(root / DEMO_DELIVERY, staging / "leveranser" / DEMO_DELIVERY.name)
    shutil.copytree(root / DEMO_COMMENTARY, staging / "kommentarer", dirs_exist_ok=True)
    add_reference(staging, root / DEMO_REFERENCE)
    staging.rename(folder)


def add_reference(project: Path, extract: Path) -> None:
    """The Kolada extract into the project's referens/ and the comparison setting into its suengine.yml."""
    from suengine.reference import store
    from suengine.reference.readers import read_folder

    values, concepts, members = read_folder(extract, DEMO_REFERENCE_FETCHED)
    store.merge_kpis(project, concepts)
    store.merge_values(project, values)
    store.merge_groups(project, members)
    with (project / CONFIG_FILE).open("a", encoding="utf-8") as handle:
        handle.write(DEMO_COMPARISON)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.projekt
    if not (folder / CONFIG_FILE).is_file():
        if folder.exists() and any(folder.iterdir()):
            from suengine.errors import SuengineError

            raise SuengineError(f"{folder} finns redan men saknar {CONFIG_FILE}; välj en annan mapp med --projekt")
        if folder.exists():
            folder.rmdir()
        create_project(folder)
        print(f"Skapade demoprojektet {folder}/ ({CONFIG_FILE}, leveranser/, kommentarer/, lokala-indikatorer/; indikatorerna från katalogen).")
    config = open_project(config_file=folder / CONFIG_FILE)
    namespace = argparse.Namespace(
        leverans=None, konfig=None, ut=None, indikatorer=None, years=None, kommentarer=None, minsta_antal=None,
    )
    return build_command.run_with(namespace, config)
