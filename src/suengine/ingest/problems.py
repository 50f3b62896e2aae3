"""Problems in a delivery are data: one row each in one table (file, row, column, reason code …).

The CLI, the quality summary and the tests all read the same table. Three levels decide what
happens to the data, so nothing disappears silently:

| nivå      | åtgärd                     | when |
|-----------|----------------------------|------|
| `fel`     | leveransen stoppas         | the delivery cannot be read or mapped as a whole |
| `varning` | raden avvisas              | a required value is missing or wrong, a relation or key is broken |
| `varning` | värdet sätts som saknat    | an optional value is wrong (it becomes internt bortfall) |
| `info`    | ingen                      | worth knowing: unmapped columns, files not delivered |

Values of identifier columns are never shown (`(dolt)`), and anything that looks like a
personnummer is masked wherever it appears, so the table itself can be published internally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

STOP = "fel"
WARNING = "varning"
INFO = "info"

ACTION_STOP = "leveransen stoppas"
ACTION_DROP = "raden avvisas"
ACTION_BLANK = "värdet sätts som saknat"
ACTION_NONE = "ingen"

HIDDEN = "(dolt)"

# Reason codes and what they mean; mappings/README.md prints this table for the user.
REASONS: dict[str, str] = {
    "manifest_saknas": "leverans.yml saknas i leveransmappen",
    "manifest_ogiltigt": "leverans.yml går inte att läsa eller saknar uppgifter",
    "mappning_saknas": "mappningen som leverans.yml anger finns inte",
    "mappning_ogiltig": "mappningen följer inte schemat eller datamodellen",
    "fil_saknas": "en fil som krävs (barn, eller en entitet som leverans.yml anger) finns inte i leveransen",
    "fil_ej_levererad": "ingen fil för en entitet som mappningen beskriver",
    "okänd_fil": "en fil i leveransen hör inte till någon entitet i mappningen",
    "fil_oläslig": "filen går inte att läsa (teckenkodning, format)",
    "fil_tom": "filen saknar rubrikrad",
    "blad_saknas": "arbetsbladet som mappningen anger finns inte",
    "flera_blad": "arbetsboken har flera blad; bara ett lästes",
    "kolumn_saknas": "en kolumn som mappningen anger finns inte i filen",
    "kolumn_dubblett": "två kolumner har samma rubrik",
    "kolumn_utan_rubrik": "en kolumn med värden saknar rubrik",
    "okänd_kolumn": "kolumnen finns inte i mappningen och tas bort",
    "fel_antal_kolumner": "raden har fler eller färre värden än rubrikraden",
    "värde_saknas": "ett obligatoriskt värde saknas",
    "ogiltigt_personnummer": "personnumret har fel format, datum eller kontrollsiffra",
    "kolumner_förväxlade": "en kolumn har mest ogiltiga värden eller okända koder; rubrikerna är troligen förväxlade",
    "ogiltigt_datum": "värdet är inget datum i ett godkänt format",
    "ogiltigt_tal": "värdet är inget tal",
    "ogiltigt_ja_nej": "värdet är varken ja eller nej",
    "okänd_kod": "koden finns inte i mappningen eller i datamodellens värdemängd",
    "utanför_intervall": "talet ligger utanför det tillåtna intervallet",
    "datum_efter_uttag": "datumet ligger efter uttagsdatum",
    "slut_före_start": "slutdatum ligger före startdatum",
    "före_födelse": "datumet ligger före barnets födelsedatum",
    "dubblett": "samma nyckel eller samma rad förekommer flera gånger",
    "bruten_relation": "raden pekar på en post som inte finns (eller har avvisats)",
    "pivoterad": "en fil i lång form pivoterades till en rad per nyckel (pivot: i mappningen)",
}

COLUMNS = ["fil", "rad", "entitet", "kolumn", "fält", "värde", "orsakskod", "nivå", "åtgärd", "meddelande"]

# Broad on purpose: any 6/8 digits + optional separator + 4 digits, valid check digit or not
# (a mistyped personnummer is still somebody's).
_PNR_LIKE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?\d{4}(?!\d)")
_MAX_SHOWN = 40


def mask_text(text: str) -> str:
    """Replace personnummer-like substrings with a neutral placeholder."""
    return _PNR_LIKE.sub("ÅÅÅÅMMDD-XXXX", text)


def shown_value(value: object, hidden: bool = False) -> str:
    """The value as the problems table may show it: hidden for identifiers, masked, shortened."""
    if value is None or value == "":
        return ""
    if hidden:
        return HIDDEN
    text = mask_text(" ".join(str(value).split()))
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


@dataclass(frozen=True)
class Problem:
    code: str  # a key of REASONS
    level: str
    action: str
    message: str  # Swedish, already masked
    file: str = ""
    row: int | None = None  # as in the file: the header is row 1
    entity: str = ""
    column: str = ""  # the column name in the file
    field: str = ""  # the data-model field
    value: str = ""  # already passed through shown_value

    def location(self) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolumn '{self.column}'")
        if self.field and self.field != self.column:
            parts.append(f"fält {self.field}")
        return ", ".join(parts)


@dataclass
class ProblemLog:
    """Collects problems while a delivery is read; `frame()` gives the one table."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem.code not in REASONS:
            raise KeyError(f"unknown reason code {problem.code}")
        self.problems.append(problem)

    def stop(self, code: str, message: str, **where: object) -> None:
        self.add(Problem(code, STOP, ACTION_STOP, mask_text(message), **where))  # type: ignore[arg-type]

    def warn(self, code: str, message: str, action: str, **where: object) -> None:
        self.add(Problem(code, WARNING, action, mask_text(message), **where))  # type: ignore[arg-type]

    def info(self, code: str, message: str, **where: object) -> None:
        self.add(Problem(code, INFO, ACTION_NONE, mask_text(message), **where))  # type: ignore[arg-type]

    @property
    def stopping(self) -> list[Problem]:
        return [p for p in self.problems if p.level == STOP]

    def frame(self) -> pd.DataFrame:
        rows = [
            {
                "fil": p.file,
                "rad": p.row,
                "entitet": p.entity,
                "kolumn": p.column,
                "fält": p.field,
                "värde": p.value,
                "orsakskod": p.code,
                "nivå": p.level,
                "åtgärd": p.action,
                "meddelande": p.message,
            }
            for p in self.problems
        ]
        frame = pd.DataFrame(rows, columns=COLUMNS)
        frame["rad"] = frame["rad"].astype("Int64")
        for column in COLUMNS:
            if column != "rad":
                frame[column] = frame[column].astype("string")
        return frame


def stop_message(problems: list[Problem], limit: int = 50) -> str:
    """The text of the SuengineError raised when a delivery is stopped."""
    lines = [f"Leveransen stoppades: {len(problems)} problem måste rättas först."]
    for problem in problems[:limit]:
        where = problem.location()
        lines.append(f"  - {where}: {problem.message}" if where else f"  - {problem.message}")
    if len(problems) > limit:
        lines.append(f"  … och {len(problems) - limit} till.")
    return "\n".join(lines)
