"""One problem found in a definition or the data model, located by file, line and indicator.

Every layer (YAML loading, JSON Schema, semantic rules) reports `Issue`s; they are collected
and reported together, so a quality officer sees every problem of a run at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "fel"
WARNING = "varning"

_LABELS = {ERROR: "FEL", WARNING: "VARNING"}


@dataclass(frozen=True)
class Issue:
    level: str  # ERROR | WARNING
    message: str  # Swedish, starts with a lower-case letter
    file: str = ""
    line: int | None = None
    indicator: str | None = None
    suggestion: str | None = None  # a near-miss name: "menade du '<suggestion>'?"

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def format(self) -> str:
        """`FEL: indicators/x.yml rad 12 (id): okänt fält 'slutdatun' — menade du 'slutdatum'?`"""
        where = self.file
        if self.line is not None:
            where = f"{where} rad {self.line}" if where else f"rad {self.line}"
        if self.indicator:
            where = f"{where} ({self.indicator})" if where else f"({self.indicator})"
        text = f"{_LABELS.get(self.level, self.level.upper())}: "
        text += f"{where}: {self.message}" if where else self.message
        if self.suggestion:
            text += f" — menade du '{self.suggestion}'?"
        return text

    def __str__(self) -> str:
        return self.format()


def error(message: str, **where: object) -> Issue:
    return Issue(ERROR, message, **where)  # type: ignore[arg-type]


def warning(message: str, **where: object) -> Issue:
    return Issue(WARNING, message, **where)  # type: ignore[arg-type]


def suggest(word: object, candidates: Iterable[object]) -> str | None:
    """The closest candidate to a misspelt name, or None when nothing is close."""
    if not isinstance(word, str):
        return None
    names = [str(c) for c in candidates if str(c) != word]
    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return matches[0] if matches else None


def sort_key(issue: Issue) -> tuple[str, int, str]:
    return (issue.file, issue.line or 0, issue.message)


def count(issues: Iterable[Issue]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for issue in issues:
        if issue.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
