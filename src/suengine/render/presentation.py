"""One presentation layer for report, site and workbook: status counts, changes, count columns, units.

Each decision a reader could see three times is taken here once, so the three outputs cannot
disagree (tests/test_presentation.py renders all three from one results table and compares):

* **status** of a row (`status_of`) and the **counts** per status (`status_counts`,
  `status_summary`): a hidden value is counted as "ej redovisad" (`HIDDEN`), never as a colour
  and never as "ej färgsatt", because its status would reveal a range;
* **change** since the previous period (`change_text`): sign, Swedish number, one decimal for
  percentage points and rates, the unit's words (`+3,3 procentenheter`, `−12 kr per vårddygn`);
* **is the change real?** (`change_verdict`): "säker förändring" / "inom slumpens marginal"
  from the documented tests of suengine.engine.change, or a symbol when no test applies;
* **count columns** (`count_headers`): täljare before nämnare in every table, with their titles;
* **units**: the suffix after a value (`unit_suffix`: `%`, `kr`, `kr per vårddygn`), the unit's
  name in an Enhet column (`unit_name`: `procent`, `kronor per vårddygn`) and the workbook's
  number format (`excel_number_format`), which writes the same suffix.

Nothing here computes a statistic: the change and its test come from the engine's columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from suengine.render.format import (
    NBSP,
    SYMBOL_MISSING,
    SYMBOL_NOT_APPLICABLE,
    _truthy,
    format_number,
    is_missing,
    unit_suffix,
    value_decimals,
)

STATUS_ORDER = ("grön", "gul", "röd", "ingen")
HIDDEN = "dold"  # a hidden value: its status is not shown either
COUNT_ORDER = STATUS_ORDER + (HIDDEN,)
COUNT_WORDS = {"grön": ("grön", "gröna"), "gul": ("gul", "gula"), "röd": ("röd", "röda"),
               "ingen": ("ej färgsatt", "ej färgsatta"), HIDDEN: ("ej redovisad", "ej redovisade")}
COUNT_COLUMNS = ("täljare", "nämnare")  # the order of the count columns in every table

VERDICT_SURE = "säker förändring"
VERDICT_CHANCE = "inom slumpens marginal"
VERDICT_TITLE = "Bedömning"  # the column title of the verdict, everywhere
CHANGE_TITLE = "Förändring"

Row = dict[str, Any]


# --- status -------------------------------------------------------------------------------------

def status_of(row: Row | None) -> str:
    """grön/gul/röd/ingen for a shown value, `HIDDEN` for a withheld one, 'ingen' when there is no value."""
    if row is None:
        return "ingen"
    if _truthy(row.get("undertryckt")):
        return HIDDEN
    if is_missing(row.get("värde")) and not row.get("svar"):
        return "ingen"
    status = "" if is_missing(row.get("status")) else str(row.get("status"))
    return status if status in ("grön", "gul", "röd") else "ingen"


def status_counts(rows: Iterable[Row | None]) -> dict[str, int]:
    """How many of the rows (one per indicator) have each status, hidden ones apart."""
    counts = dict.fromkeys(COUNT_ORDER, 0)
    for row in rows:
        counts[status_of(row)] += 1
    return counts


def count_phrase(counts: dict[str, int], status: str) -> str:
    singular, plural = COUNT_WORDS[status]
    return f"{counts[status]} {singular if counts[status] == 1 else plural}"


def status_parts(counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """(status, count, word) in the summary's order, e.g. ('gul', 3, 'gula'); the hidden only when there are any.

    For an output that dresses each count (the site's pills); `status_summary` is the same in plain text."""
    keys = [k for k in COUNT_ORDER if k != HIDDEN or counts.get(HIDDEN)]
    return [(k, counts[k], COUNT_WORDS[k][0 if counts[k] == 1 else 1]) for k in keys]


def join_phrases(phrases: list[str]) -> str:
    """'a, b och c'."""
    return ", ".join(phrases[:-1]) + " och " + phrases[-1] if len(phrases) > 1 else "".join(phrases)


def status_summary(counts: dict[str, int]) -> str:
    """'1 grön, 3 gula, 3 röda, 45 ej färgsatta och 2 ej redovisade' (the hidden only when there are any)."""
    return join_phrases([f"{count} {word}" for _, count, word in status_parts(counts)])


# --- units --------------------------------------------------------------------------------------

def unit_name(unit: str) -> str:
    """The unit in words, for an Enhet column: 'procent', 'kronor per vårddygn', 'antal'."""
    return unit or SYMBOL_MISSING


def change_decimals(unit: str) -> int:
    """Decimals of a change: one for percentage points (88 % → 87 % reads −1,4, not a rounded −1)."""
    return 1 if unit == "procent" else value_decimals(unit)


def change_suffix(unit: str) -> str:
    return "procentenheter" if unit == "procent" else unit_suffix(unit)


def change_text(change: Any, unit: str, nbsp: bool = True) -> str:
    """`+3,3 procentenheter`, `−0,2 per 1 000`, `±0 kr`, `+12`; `–` when there is no change to show."""
    if is_missing(change):
        return SYMBOL_MISSING
    number = float(change)
    magnitude = format_number(abs(number), change_decimals(unit), nbsp)
    if not any(ch in "123456789" for ch in magnitude):
        sign = "±"
    else:
        sign = "+" if number > 0 else "\u2212"
    suffix = change_suffix(unit)
    return f"{sign}{magnitude}{(NBSP if nbsp else ' ') + suffix if suffix else ''}"


def excel_number_format(unit: str) -> str:
    """The workbook's format for a value of `unit`: thousands separator, the value's decimals and its suffix
    (`#,##0" %"`, `#,##0.0" dagar"`); Excel shows the separators of the reader's locale (35 550 in Swedish)."""
    decimals = value_decimals(unit)
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = unit_suffix(unit)
    if not suffix:
        return body
    return f'{body}" {suffix}"'


def excel_change_format(unit: str) -> str:
    """The workbook's format of a change, written as `change_text` writes it: `+3,3 procentenheter`, `±0`."""
    decimals = change_decimals(unit)
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    zero = "0" + ("." + "0" * decimals if decimals else "")
    suffix = change_suffix(unit)
    tail = f'" {suffix}"' if suffix else ""
    return f'"+"{body}{tail};"\u2212"{body}{tail};"±"{zero}{tail}'


COUNT_FORMAT = "#,##0"
COUNT_FORMAT_DECIMAL = "#,##0.0"  # sums of årsarbetare


def count_number_format(value: float) -> str:
    return COUNT_FORMAT if float(value).is_integer() else COUNT_FORMAT_DECIMAL


# --- count columns ------------------------------------------------------------------------------

_PLURAL = {"aktualisering": "aktualiseringar", "utredning": "utredningar", "insats": "insatser", "barn": "barn",
           "uppföljning": "uppföljningar", "brukarsvar": "brukarsvar"}


def count_labels(kind: str, basis: str, ages: tuple[int, int] | None = None) -> tuple[str, str]:
    """Column titles of täljare and nämnare: for a kvot the events and the population, else the plain words."""
    if kind != "kvot":
        return "Täljare", "Nämnare"
    inhabitants = f"Invånare {ages[0]}–{ages[1]} år" if ages else "Invånare"
    return f"Antal {_PLURAL.get(basis, basis.replace('_', ' '))}", inhabitants


def count_headers(indicator: Any) -> tuple[str, str]:
    """(täljare title, nämnare title), in the order of `COUNT_COLUMNS` in every table: 'Täljare', 'Nämnare'
    or, for a kvot, the events and the inhabitants ('Antal aktualiseringar', 'Invånare 0–20 år')."""
    return count_labels(indicator.scoring.kind, indicator.basis, indicator.scoring.population_ages)


# --- is the change real? ------------------------------------------------------------------------

def change_verdict(row: Row | None, previous: Row | None) -> str:
    """'säker förändring' or 'inom slumpens marginal' (suengine.engine.change); '–' when either value is
    not shown or the definition changed, '.' when no test applies (medians, means, answers Ja/Nej)."""
    from suengine.engine.change import SAKER, assess_change  # the statistics are the engine's

    if row is None or previous is None:
        return SYMBOL_MISSING
    if status_of(row) == HIDDEN or status_of(previous) == HIDDEN:
        return SYMBOL_MISSING
    if row.get("svar") or previous.get("svar"):
        return SYMBOL_NOT_APPLICABLE
    if is_missing(row.get("värde")) or is_missing(previous.get("värde")):
        return SYMBOL_MISSING
    version, earlier = row.get("version"), previous.get("version")
    if not is_missing(version) and not is_missing(earlier) and int(version) != int(earlier):
        return SYMBOL_MISSING
    test = assess_change(str(row.get("enhet") or ""), row, previous)
    if test is None:
        return SYMBOL_NOT_APPLICABLE
    return VERDICT_SURE if test.verdict == SAKER else VERDICT_CHANCE


def change_sentence(change: str, verdict: str) -> str:
    """'+3,3 procentenheter (inom slumpens marginal)': the change with its verdict when a test applies."""
    return f"{change} ({verdict})" if verdict in (VERDICT_SURE, VERDICT_CHANCE) else change
