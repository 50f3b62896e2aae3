"""The `suengine` command line: a thin layer over the library.

Each command lives in `suengine.commands.<name>` with `add_arguments(parser)` and
`run(args) -> int`; its module docstring is its --help text. Library errors become
`Fel: …` and a non-zero exit here, in one place.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from suengine import __version__
from suengine.errors import SuengineError

# command name -> (module in suengine.commands, one-line summary for `suengine --help`).
# The summary repeats the first line of the module's docstring so that listing the commands
# does not import every command (and matplotlib, pandoc, …); a test keeps the two in step.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "Skapa ett nytt SU-projekt för kommunens egna data (suengine.yml, mappar, redigerarinställningar)."),
    "check": ("check", "Kontrollera indikatorer och datamodell: form (JSON Schema) och innebörd (datamodellen)."),
    "test": ("test_cases", "Kör indikatorernas inbyggda testfall och visa godkänt/underkänt per testfall."),
    "evaluate": ("evaluate", "Beräkna indikatorerna för en dataleverans och skriv resultattabellen (resultat.csv och resultat.json)."),
    "explain": ("explain", "Förklara hur en indikator räknades: antal i varje population och stratum, i klartext."),
    "ingest": ("ingest", "Läs en dataleverans: mappa, kontrollera, pseudonymisera och visa datakvaliteten."),
    "report": ("report", "Bygg årsrapporten till nämnden som HTML, PDF och DOCX, i en ny version som aldrig skrivs över."),
    "site": ("site", "Bygg webbplatsen (MkDocs Material) och Excelarbetsboken ur resultattabellen."),
    "build": ("build", "Bygg en ny version av rapport, webbplats och Excel ur en dataleverans – eller ingenting alls."),
    "granska": ("review", "Granska en publicerad version: kan ett dolt värde räknas fram, eller finns personnummer i utdata?"),
    "demo": ("demo", "Skapa ett demoprojekt för den påhittade kommunen Exempelby och kör hela kedjan i det."),
    "mappning": ("mapping", "Beskriv vad en export från verksamhetssystemet ska innehålla, och prova vad som läses ur en leverans."),
    "datamodell": ("datamodel_doc", "Skriv datamodellen som en Markdown-sida (entiteter, fält, värdemängder, nycklar, relationer)."),
    "katalog": ("catalogue", "Skriv indikatorkatalogen som en Markdown-sida: texter, populationer i klartext och målvärde per indikator."),
}


def _load(module: str):
    return importlib.import_module(f"suengine.commands.{module}")


def command_summary(module) -> str:
    doc = (module.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the `selected` command's module is imported, none when None.

    `suengine --help` and `--version` list the commands from COMMANDS alone, so they answer at
    once; `suengine KOMMANDO --help` imports that one command for its arguments and text.
    """
    from suengine.swedish_argparse import install

    install()
    parser = argparse.ArgumentParser(
        prog="suengine",
        description="Systematisk uppföljning för barn och familj: kontrollera indikatorer, beräkna och rapportera.",
    )
    parser.add_argument("--version", action="version", version=f"suengine {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name, (module_name, summary) in COMMANDS.items():
        if name != selected:
            sub.add_parser(name, help=summary, add_help=False)
            continue
        module = _load(module_name)
        doc = (module.__doc__ or "").strip()
        command = sub.add_parser(
            name, help=command_summary(module), description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    selected = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(selected if selected in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except SuengineError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130
