"""Skriv datamodellen som en Markdown-sida (entiteter, fält, värdemängder, nycklar, relationer).

Sidan genereras ur datamodel/datamodel.yml efter att den kontrollerats. Utan --ut skrivs
sidan till standard ut.

Exempel:
  suengine datamodell --ut docs/datamodell.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from suengine.definitions import load_checked_datamodel
from suengine.definitions.markdown import datamodel_markdown
from suengine.project.context import add_project_argument, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ut", metavar="FIL", help="fil att skriva sidan till (standard: standard ut)")
    add_project_argument(parser)


def run(args: argparse.Namespace) -> int:
    open_project(args)
    checked = load_checked_datamodel()
    for issue in checked.issues:
        print(issue.format(), file=sys.stderr)
    if checked.model is None:
        return 1
    page = datamodel_markdown(checked.model)
    if args.ut:
        Path(args.ut).write_text(page, encoding="utf-8")
        print(f"Skrev {args.ut}")
    else:
        sys.stdout.write(page)
    return 0
