"""Granska en publicerad version: kan ett dolt värde räknas fram, eller finns personnummer i utdata?

Läser VERSIONSMAPP (t.ex. build/2025.1) som en läsare ser den: resultat.csv, rapporten, Excel-
arbetsboken och webbplatsen, och tidigare publicerade versioner av samma år bredvid den. För varje
dolt antal räknas lägsta och högsta möjliga värde ut ur allt som publiceras (linjärprogrammering);
ett spann som är smalare än gränsen och kan rymma ett antal mellan 1 och gränsen − 1 är en läcka.
Kontrollerar också att dolda rader inte visar några tal, att inga antal under gränsen visas, att
tidigare versioners dolda värden fortfarande är dolda, och att inga personnummer finns.
Avslutas med 0 när inget hittas, annars 1.

Exempel:
  suengine granska build/2025.1
  suengine granska build/2025.2 --indikatorer indicators --minsta-antal 5
"""

from __future__ import annotations

import argparse
from pathlib import Path

from suengine.project.context import add_project_argument, indicator_source, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="VERSIONSMAPP", type=Path, help="en publicerad version, t.ex. build/2025.1")
    parser.add_argument("--indikatorer", type=Path, help="indikatordefinitionerna (standard: projektets enligt suengine.yml)")
    parser.add_argument("--minsta-antal", type=int, default=5, help="gräns för röjandekontroll (standard 5)")
    add_project_argument(parser)


def run(args: argparse.Namespace) -> int:
    from suengine.build import _load_indicators
    from suengine.publish.review import review_folder

    indicators = _load_indicators(indicator_source(args.indikatorer, open_project(args)))
    review = review_folder(args.folder, indicators, args.minsta_antal)
    print(review.audit.summary())
    for problem in review.problems[:200]:
        print(f"LÄCKA: {problem}")
    if len(review.problems) > 200:
        print(f"… och {len(review.problems) - 200} till")
    print("Granskningen hittade inget." if review.ok else f"Granskningen hittade {len(review.problems)} problem.")
    return 0 if review.ok else 1
