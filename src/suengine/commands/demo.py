"""Kör hela kedjan på den medföljande demokommunen: leverans → resultat → rapport, webbplats, Excel.

Använder demoleveransen demo/leverans-2026-01 (Exempelby kommun, exporterad från Treserva,
uttagsdatum 2026-01-31) och indikatorerna i indicators/, och publicerar en ny version i
UT (standard: build/). Pseudonymnyckeln skapas vid första körningen om den saknas.

Exempel:
  suengine demo
  suengine demo --ut /tmp/demo-bygge
"""

from __future__ import annotations

import argparse
from pathlib import Path

from suengine.commands import build as build_command
from suengine.resources import project_root

DEMO_DELIVERY = Path("demo") / "leverans-2026-01"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ut", type=Path, default=Path("build"), help="mapp för publicerade versioner (standard: build/)")


def run(args: argparse.Namespace) -> int:
    root = project_root()
    namespace = argparse.Namespace(
        leverans=root / DEMO_DELIVERY, ut=args.ut, indikatorer=root / "indicators", years=None,
        kommentarer=root / "demo" / "kommentarer" if (root / "demo" / "kommentarer").is_dir() else None,
        minsta_antal=build_command.DEFAULT_THRESHOLD,
    )
    return build_command.run(namespace)
