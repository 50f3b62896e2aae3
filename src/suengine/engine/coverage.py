"""What a delivery covers: an indicator reading an entity or field that was not delivered, or a
period outside the delivered one, gets no value ("uppgift saknas"), never a count of 0.

The delivery declares its coverage (`CaseData.delivered`: entity → delivered fields, from
ingest or from the files and columns of a delivery folder; `CaseData.covered_period()`: the
period of leverans.yml). Unknown coverage (None) counts as everything delivered.
"""

from __future__ import annotations

from typing import Any

from suengine.casedata.tables import CaseData
from suengine.engine.periods import Period
from suengine.engine.sql import ident

NOT_DELIVERED = "ej_levererad"
OUTSIDE_DELIVERY = "utanför_leveransen"
COUNT_FIELDS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare",
                "bortfall_täljare", "värde", "ki_låg", "ki_hög", "bortfall_andel", "bortfall_uppdelning")


def missing_inputs(data: CaseData, tables: set[str], sql: str) -> list[str]:
    """Entities and fields the statement reads that the delivery did not deliver ('insats', 'insats.huvudorsak')."""
    if data.delivered is None:
        return []
    missing = sorted(t for t in tables if t not in data.delivered)
    delivered = set().union(*(data.delivered[t] for t in tables if t in data.delivered)) if tables else set()
    for table in sorted(t for t in tables if t in data.delivered):
        for name in data.columns(table):
            if name not in data.delivered[table] and name not in delivered and ident(name) in sql:
                missing.append(f"{table}.{name}")
    return missing


def covers(data: CaseData, period: Period) -> bool:
    """The period lies inside the delivered period (an end not declared does not limit)."""
    start, end = data.covered_period()
    return (start is None or period.start >= start) and (end is None or period.end <= end)


def uncovered_years(data: CaseData, years: list[int]) -> list[int]:
    """Years that lie (partly) outside the delivery's declared period."""
    from suengine.engine.periods import periods_for_years

    return [y for y in years if not all(covers(data, p) for p in periods_for_years([y], "år"))]


def choose_years(data: CaseData, asked: list[int] | None, default: list[int], warn: Any) -> list[int]:
    """The years to evaluate: by default only those the delivery covers; years asked for outside it
    are kept (their values become `–`) with a warning through `warn(text)`."""
    if asked is None:
        covered = [y for y in default if y not in uncovered_years(data, default)]
        return covered or default
    outside = uncovered_years(data, asked)
    if outside:
        start, end = data.covered_period()
        warn(f"Varning: leveransen täcker {start or '…'}–{end or '…'}; år {', '.join(map(str, outside))} ligger "
             "utanför och redovisas som uppgift saknas (–).")
    return asked


def blank(row: dict[str, Any], reason: str) -> None:
    """No value and no counts: what was not delivered is unknown, not zero."""
    for name in COUNT_FIELDS:
        if name in row:
            row[name] = None
    row["_n_värde"] = 0
    row["värde_saknas"] = reason
