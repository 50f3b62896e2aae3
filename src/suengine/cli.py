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

# command name -> module in suengine.commands
COMMANDS = {
    "check": "check",
    "test": "test_cases",
    "evaluate": "evaluate",
    "explain": "explain",
    "report": "report",
    "datamodell": "datamodel_doc",
    "ingest": "ingest",
    "site": "site",
}


def _load(module: str):
    return importlib.import_module(f"suengine.commands.{module}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="suengine",
        description="Systematisk uppföljning för barn och familj: kontrollera indikatorer, beräkna och rapportera.",
    )
    parser.add_argument("--version", action="version", version=f"suengine {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name, module_name in COMMANDS.items():
        try:
            module = _load(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != f"suengine.commands.{module_name}":
                raise
            continue  # command not built yet
        doc = (module.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else name
        command = sub.add_parser(
            name, help=summary, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
