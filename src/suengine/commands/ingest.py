"""Läs en dataleverans: mappa, kontrollera, pseudonymisera och visa datakvaliteten.

LEVERANS är en mapp med exportfiler (CSV eller XLSX) och leverans.yml (kommun, källsystem,
mappning, uttagsdatum, period). Utan --ut kontrolleras leveransen och sammanfattningen skrivs
ut; med --ut skrivs den pseudonymiserade leveransen (en CSV- och en Parquet-fil per entitet, leverans.yml,
kvalitet/kvalitet_sammanfattning.csv och kvalitet/problem.csv) till mappen, allt eller inget.
En befintlig mapp ersätts bara om den är tom eller en tidigare utdatamapp som inte innehåller
något annat; har någon lagt egna filer där stoppar kommandot i stället för att ta bort dem.
Format, mappningar och orsakskoder beskrivs i mappings/README.md.

Rader med fel avvisas och räknas; fel som gör hela leveransen oanvändbar (oläslig fil,
saknad kolumn, saknad leverans.yml eller barnfil) ger avslutningskod 1 utan att något skrivs.

Inom ett projekt (suengine.yml) gäller projektets mappningar/ och datamodell-tillägg.yml, och
utan LEVERANS läses den senaste leveransen i projektets leveranser/.

Pseudonymnyckeln tas från SUENGINE_PSEUDONYM_KEY eller nyckelfilen
(SUENGINE_KEY_FILE, annars ~/.config/suengine/pseudonym.key, skapas första gången).

Exempel:
  suengine ingest demo/leverans-2026-01 --ut ut/leverans-2026-01
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from suengine.ingest import ingest_delivery
from suengine.ingest.quality import render_summary
from suengine.project.context import add_project_argument, delivery_argument, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leverans", metavar="LEVERANS", type=Path, nargs="?",
                        help="mappen med leveransens filer och leverans.yml (standard: den senaste i projektets leveranser/)")
    parser.add_argument("--ut", type=Path, metavar="MAPP", help="skriv den pseudonymiserade leveransen och kvalitetsfilerna hit")
    parser.add_argument("--visa", type=int, default=20, metavar="N", help="antal varningar som skrivs ut (standard 20)")
    add_project_argument(parser)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from suengine.ingest.output import write_output

    # A stopped delivery raises DeliveryRejected; the CLI prints "Fel: …" with every stopping problem.
    from suengine.build import choose_delivery

    result = ingest_delivery(choose_delivery(delivery_argument(args, open_project(args))), progress=_progress)
    print(render_summary(result.summary, result.problems, max_problems=args.visa))
    if args.ut:
        write_output(result, args.ut)
        print(f"\nPseudonymiserad leverans skriven till {args.ut}")
    print("\nLeveransen godkänd.")
    return 0
