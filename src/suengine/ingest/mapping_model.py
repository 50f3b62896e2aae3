"""A source system's mapping as plain data: files, local columns and codes per entity, derived fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


def normalise_code(value: object) -> str:
    return " ".join(str(value).split()).casefold()


@dataclass(frozen=True)
class Derivation:
    rule: str  # kön_från_personnummer | födelsedatum_från_personnummer | uppslag | konstant
    source_field: str = ""
    values: dict[str, str] = field(default_factory=dict)
    value: str = ""


@dataclass(frozen=True)
class Pivot:
    """Long → wide: one row per `key` (local column names), one column per value of `column`."""

    key: tuple[str, ...]
    column: str
    value: str


@dataclass(frozen=True)
class EntityMapping:
    entity: str
    files: tuple[str, ...]
    columns: dict[str, str]  # local column name (as written) -> field
    codes: dict[str, dict[str, str | None]]  # field -> normalised local code -> national code or None
    derived: dict[str, Derivation]
    dropped: tuple[str, ...] = ()
    sheet: str | None = None
    pivot: Pivot | None = None
    date_formats: dict[str, str] = field(default_factory=dict)  # field -> år | år_månad | månadsnamn | excel | iso

    def column_for(self, field_name: str) -> str | None:
        return next((local for local, f in self.columns.items() if f == field_name), None)


@dataclass(frozen=True)
class Mapping:
    system: str
    name: str
    path: Path
    entities: dict[str, EntityMapping]
    missing_values: frozenset[str] = frozenset()
