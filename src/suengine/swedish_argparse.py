"""argparse's own messages (usage, missing or unknown arguments, wrong choices) in Swedish."""

from __future__ import annotations

import argparse
import gettext

MESSAGES = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "show program's version number and exit": "visa versionen och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "följande argument krävs: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "expected one argument": "ett värde behövs",
    "expected at least one argument": "minst ett värde behövs",
    "expected at most one argument": "högst ett värde får anges",
    "ambiguous option: %(option)s could match %(matches)s": "flaggan %(option)s är tvetydig: kan vara %(matches)s",
    "not allowed with argument %s": "kan inte användas tillsammans med %s",
    "one of the arguments %s is required": "ett av argumenten %s krävs",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "okänt kommando %(parser_name)r (välj bland %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan inte öppna '%(filename)s': %(error)s",
}


def _swedish(message: str) -> str:
    return MESSAGES.get(message, gettext.gettext(message))


def install() -> None:
    """Route argparse's message lookups through the Swedish table (idempotent)."""
    argparse._ = _swedish  # type: ignore[attr-defined]
