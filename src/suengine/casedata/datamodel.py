"""The case-data model: entities, fields, value sets and relations, read from datamodel.yml."""

from __future__ import annotations

import copy
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
    label: str = ""  # `etikett`: the field's name for readers, when writing out the name is not enough


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
                label=str(f.get("etikett", "")),
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


# A project's own additions (datamodell-tillägg.yml), applied on top of the engine's model by every
# `load_datamodel()` without a path. Set by `suengine.project` when a command runs inside a project.
_EXTENSIONS: tuple[Path, ...] = ()


class ExtensionConflict(ValueError):
    """An extension tries to redefine something the data model already has; `path` says where."""

    def __init__(self, message: str, path: tuple[str, ...]) -> None:
        super().__init__(message)
        self.path = path


def use_extensions(paths: tuple[Path, ...] | list[Path]) -> None:
    """Make `paths` (datamodell-tillägg.yml files) part of the data model from now on."""
    global _EXTENSIONS
    _EXTENSIONS = tuple(Path(p).resolve() for p in paths)
    _load.cache_clear()


def active_extensions() -> tuple[Path, ...]:
    return _EXTENSIONS


def merge_extension(base: dict[str, Any], extension: dict[str, Any]) -> dict[str, Any]:
    """`base` with the extension's new fields and codes added; raises ExtensionConflict on a redefinition.

    An extension may add fields to existing entities, codes to existing value sets and new value
    sets; it may not add entities, change an existing field or relabel an existing code."""
    merged = copy.deepcopy(base)
    for name, spec in (extension.get("värdemängder") or {}).items():
        where = ("värdemängder", str(name))
        current = merged["värdemängder"].get(name)
        if current is None:
            merged["värdemängder"][name] = copy.deepcopy(spec)
            continue
        for code, label in (spec.get("värden") or {}).items():
            if str(code) in {str(c) for c in current["värden"]}:
                raise ExtensionConflict(f"koden '{code}' finns redan i värdemängden {name}; en befintlig kod kan inte ändras", where + ("värden", str(code)))
            current["värden"][code] = label
    for name, spec in (extension.get("entiteter") or {}).items():
        where = ("entiteter", str(name))
        entity = merged["entiteter"].get(name)
        if entity is None:
            known = ", ".join(merged["entiteter"])
            raise ExtensionConflict(f"entiteten '{name}' finns inte i datamodellen (finns: {known}); ett tillägg kan bara lägga fält på befintliga entiteter", where)
        for fname, fspec in (spec.get("fält") or {}).items():
            if fname in entity["fält"]:
                raise ExtensionConflict(f"fältet '{fname}' finns redan på {name}; ett befintligt fält kan inte definieras om", where + ("fält", str(fname)))
            if fspec.get("obligatorisk"):
                raise ExtensionConflict(f"ett lokalt fält kan inte vara obligatoriskt ('{fname}'): äldre leveranser saknar det", where + ("fält", str(fname), "obligatorisk"))
            entity["fält"][fname] = copy.deepcopy(fspec)
    return merged


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@lru_cache(maxsize=8)
def _load(path: Path, extensions: tuple[Path, ...]) -> DataModel:
    raw = _read(path)
    for extension in extensions:
        raw = merge_extension(raw, _read(extension))
    return datamodel_from_dict(raw)


def load_datamodel(path: Path | None = None) -> DataModel:
    """Load (and cache) the data model, with the active project's extensions when no path is given.

    Validation against its schema (and of the extensions, with file and line) lives in `definitions`."""
    return _load(Path(path) if path else datamodel_path(), () if path else _EXTENSIONS)
