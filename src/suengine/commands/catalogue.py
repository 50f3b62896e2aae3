"""Skriv indikatorkatalogen som en Markdown-sida: texter, populationer i klartext och målvärde per indikator.

Katalogen genereras ur indikatorfilerna efter att de kontrollerats (som `suengine check`), en
sektion per indikator ordnad efter indikatorområde: namn, mått, syfte, lagrum, vad som räknas,
hur posten placeras i en period, urval, nämnare, exkluderingar, undantag och täljare med sina
villkor i klartext, hur värdet räknas, uppdelningar, målvärde, felkällor och jämförbarhet. Utan
--ut skrivs sidan till standard ut. Sidan är vanlig Markdown som rapporten och webbplatsen kan
ta med.

Exempel:
  suengine katalog --ut docs/katalog.md
  suengine katalog indicators/placeringar
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from suengine.definitions.catalogue import catalogue_markdown
from suengine.definitions import load_checked_datamodel, load_definitions
from suengine.errors import SuengineError
from suengine.project.context import add_project_argument, describe_source, indicator_source, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, help="mapp eller fil med indikatorer (standard: projektets indikatorer enligt suengine.yml)")
    add_project_argument(parser)
    parser.add_argument("--ut", metavar="FIL", help="fil att skriva sidan till (standard: standard ut)")


def run(args: argparse.Namespace) -> int:
    config = open_project(args)
    source = indicator_source(args.path, config, "SÖKVÄG")
    checked = load_checked_datamodel()
    if checked.model is None:
        for issue in checked.issues:
            print(issue.format(), file=sys.stderr)
        return 1
    loaded = load_definitions(source, checked.model)
    errors = [i for i in loaded.issues if i.is_error]
    if errors:
        text = "\n".join(i.format() for i in errors)
        raise SuengineError(f"indikatordefinitionerna har fel (se `suengine check`):\n{text}")
    if not loaded.indicators:
        raise SuengineError(f"inga indikatorer ({describe_source(source, config)})")
    page = catalogue_markdown(loaded.indicators, checked.model)
    if args.ut:
        Path(args.ut).write_text(page, encoding="utf-8")
        print(f"Skrev {args.ut} ({len(loaded.indicators)} indikatorer)")
    else:
        sys.stdout.write(page)
    return 0
