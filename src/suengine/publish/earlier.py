"""Earlier published versions of the same report year: their suppression pattern is carried forward.

Rule (docs/metod): a new version of a report year (2025.2 after 2025.1, built from a corrected
delivery) hides every row and every count that any earlier published version of that year hid,
and then adds what its own data need. Comparing two versions therefore never shows a value that
one of them hid; the difference between versions cannot recover it. The audit checks the rule
(`audit.check_versions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

RESULTS_CSV = "resultat.csv"
COUNTS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")
_VERSION = re.compile(r"^(\d{4})\.(\d+)$")

RowKey = tuple[str, str, str, str, str]  # indikator_id, period, uppdelning, stratum, kategori


@dataclass
class Pattern:
    """Rows and cells hidden in earlier versions (by key), and the versions they came from."""

    rows: set[RowKey] = field(default_factory=set)
    cells: set[tuple[RowKey, str]] = field(default_factory=set)
    versions: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.versions)


def row_key(row: dict) -> RowKey:
    def text(v: object) -> str:
        return "" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v)

    return (text(row["indikator_id"]), text(row["period"]), text(row["uppdelning"]), text(row.get("stratum")), text(row.get("kategori")))


def read_published(path: Path) -> pd.DataFrame:
    """A published resultat.csv (comment line skipped; every column as text, empty as missing)."""
    return pd.read_csv(path, comment=None, dtype=str, keep_default_na=False, skiprows=_comment_lines(path))


def _comment_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    return 1 if first.startswith("#") else 0


def earlier_versions(out: Path, year: int) -> list[Path]:
    """Published version folders of `year` under `out`, oldest first."""
    if not out.is_dir():
        return []
    found = []
    for p in out.iterdir():
        match = _VERSION.match(p.name)
        if p.is_dir() and match and int(match.group(1)) == year and (p / RESULTS_CSV).is_file():
            found.append((int(match.group(2)), p))
    return [p for _, p in sorted(found)]


def pattern_of(tables: dict[str, pd.DataFrame]) -> Pattern:
    """The union of what the given published tables (version → table) hid."""
    pattern = Pattern(versions=list(tables))
    for table in tables.values():
        for row in table.to_dict("records"):
            key = row_key(row)
            if str(row.get("undertryckt")).strip().lower() in ("true", "1"):
                pattern.rows.add(key)
                continue
            for column in COUNTS:
                if str(row.get(column, "")).strip() in ("", "nan", "<NA>", "None"):
                    pattern.cells.add((key, column))  # blank: hidden, or not applicable (then nothing to carry)
    return pattern


def earlier_pattern(out: Path, year: int) -> Pattern:
    return pattern_of({p.name: read_published(p / RESULTS_CSV) for p in earlier_versions(out, year)})
