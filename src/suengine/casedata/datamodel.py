"""The case-data model: entities, fields, value sets and relations, read from datamodel.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from suengine.resources import datamodel_path

FIELD_TYPES = ("id", "kod", "datum", "heltal", "decimal", "boolesk", "text")


@dataclass(frozen=True)
class ValueSet:
    name: str
    description: str
    values: dict[str, str]  # code -> Swedish label


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # one of FIELD_TYPES
    description: str = ""
    required: bool = False
    value_set: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    missing_codes: tuple[float, ...] = ()  # e.g. OJ's bortfallskod 999


@dataclass(frozen=True)
class Relation:
    name: str
    field: str
    entity: str


@dataclass(frozen=True)
class Entity:
    name: str
    description: str
    key: tuple[str, ...]
    child_level: bool
    fields: dict[str, Field]
    relations: dict[str, Relation] = field(default_factory=dict)


@dataclass(frozen=True)
class DataModel:
    version: int
    entities: dict[str, Entity]
    value_sets: dict[str, ValueSet]

    def entity(self, name: str) -> Entity:
        return self.entities[name]

    def values_of(self, f: Field) -> dict[str, str] | None:
        return self.value_sets[f.value_set].values if f.value_set else None


def datamodel_from_dict(raw: dict[str, Any]) -> DataModel:
    value_sets = {
        name: ValueSet(name, str(spec.get("beskrivning", "")), {str(k): str(v) for k, v in spec["värden"].items()})
        for name, spec in raw["värdemängder"].items()
    }
    entities = {}
    for name, spec in raw["entiteter"].items():
        key = spec["nyckel"]
        fields = {
            fname: Field(
                name=fname,
                type=str(f["typ"]),
                description=str(f.get("beskrivning", "")),
                required=bool(f.get("obligatorisk", False)),
                value_set=f.get("värdemängd"),
                minimum=f.get("min"),
                maximum=f.get("max"),
                missing_codes=tuple(f.get("bortfallskoder", ())),
            )
            for fname, f in spec["fält"].items()
        }
        relations = {
            rname: Relation(rname, str(r["fält"]), str(r["entitet"])) for rname, r in (spec.get("relationer") or {}).items()
        }
        entities[name] = Entity(
            name=name,
            description=str(spec.get("beskrivning", "")),
            key=tuple(key) if isinstance(key, list) else (str(key),),
            child_level=bool(spec.get("barnnivå", False)),
            fields=fields,
            relations=relations,
        )
    return DataModel(version=int(raw["version"]), entities=entities, value_sets=value_sets)


@lru_cache(maxsize=4)
def load_datamodel(path: Path | None = None) -> DataModel:
    """Load (and cache) the data model. Validation against its schema lives in `definitions`."""
    with open(path or datamodel_path(), encoding="utf-8") as handle:
        return datamodel_from_dict(yaml.safe_load(handle))
