"""The data model validated like an indicator: JSON Schema for shape, then its meaning
(value sets exist, keys and relations point at real fields and entities)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from suengine.casedata.datamodel import DataModel, datamodel_from_dict
from suengine.definitions.paths import display_path
from suengine.definitions.schema import DATAMODEL_SCHEMA, schema_issues
from suengine.definitions.issues import Issue, error, suggest
from suengine.resources import datamodel_path
from suengine.definitions.yamlload import YamlDocument, load_yaml_file


@dataclass(frozen=True)
class DataModelResult:
    model: DataModel | None  # None when the file is too broken to use
    issues: list[Issue] = field(default_factory=list)


def load_checked_datamodel(path: Path | None = None) -> DataModelResult:
    """Load and check the data model (the project's by default); cached while the file is unchanged."""
    source = path or datamodel_path()
    try:
        stat = source.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)
    return _load_checked(source, display_path(source), stamp)


@lru_cache(maxsize=8)
def _load_checked(source: Path, shown: str, stamp: tuple[int, int]) -> DataModelResult:
    doc, issues = load_yaml_file(source, shown)
    if doc is None:
        return DataModelResult(None, issues)
    issues += schema_issues(doc, DATAMODEL_SCHEMA)
    if any(i.is_error for i in issues):
        return DataModelResult(None, issues)
    model = datamodel_from_dict(doc.data)
    issues += semantic_datamodel_issues(model, doc)
    return DataModelResult(None if any(i.is_error for i in issues) else model, issues)


def semantic_datamodel_issues(model: DataModel, doc: YamlDocument) -> list[Issue]:
    issues: list[Issue] = []

    def at(path: tuple[str, ...], message: str, suggestion: str | None = None) -> None:
        issues.append(error(message, file=doc.file, line=doc.line_of(path), suggestion=suggestion))

    barn = model.entities.get("barn")
    if barn is None or not barn.child_level:
        at(("entiteter",), "datamodellen behöver entiteten barn med barnnivå: true")
    for entity in model.entities.values():
        base = ("entiteter", entity.name)
        for key in entity.key:
            if key not in entity.fields:
                at(base + ("nyckel",), f"nyckelfältet '{key}' finns inte på {entity.name}", suggest(key, entity.fields))
        for f in entity.fields.values():
            where = base + ("fält", f.name)
            if f.value_set is not None and f.value_set not in model.value_sets:
                at(where + ("värdemängd",), f"okänd värdemängd '{f.value_set}'", suggest(f.value_set, model.value_sets))
            if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
                at(where, f"min ({f.minimum:g}) är större än max ({f.maximum:g})")
        for relation in entity.relations.values():
            where = base + ("relationer", relation.name)
            if relation.field not in entity.fields:
                at(where + ("fält",), f"relationens fält '{relation.field}' finns inte på {entity.name}", suggest(relation.field, entity.fields))
            target = model.entities.get(relation.entity)
            if target is None:
                at(where + ("entitet",), f"relationen pekar på okänd entitet '{relation.entity}'", suggest(relation.entity, model.entities))
            elif len(target.key) != 1:
                at(where + ("entitet",), f"relationen pekar på {target.name}, som har en sammansatt nyckel; en relation kräver en enkel nyckel")
        if entity.child_level and entity.name != "barn":
            if "barn_id" not in entity.fields:
                at(base + ("fält",), f"{entity.name} är på barnnivå men saknar fältet barn_id")
            targets = {r.entity for r in entity.relations.values()}
            if "barn" not in targets and targets <= set(model.entities):  # an unknown target is reported above
                at(base, f"{entity.name} är på barnnivå men saknar en relation till barn")
    return issues
