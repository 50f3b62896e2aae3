"""The data model validated like an indicator: JSON Schema for shape, then its meaning
(value sets exist, keys and relations point at real fields and entities)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from suengine.casedata.datamodel import DataModel, ExtensionConflict, active_extensions, datamodel_from_dict, merge_extension
from suengine.definitions.paths import display_path
from suengine.definitions.schema import DATAMODEL_SCHEMA, schema_issues
from suengine.definitions.issues import Issue, error, suggest
from suengine.resources import datamodel_path
from suengine.definitions.yamlload import YamlDocument, load_yaml_file


@dataclass(frozen=True)
class DataModelResult:
    model: DataModel | None  # None when the file is too broken to use
    issues: list[Issue] = field(default_factory=list)


EXTENSION_SCHEMA = "datamodel-extension.schema.json"


def _stamp(source: Path) -> tuple[int, int]:
    try:
        stat = source.stat()
        return (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (0, 0)


def load_checked_datamodel(path: Path | None = None) -> DataModelResult:
    """Load and check the data model (the engine's by default, with the active project's
    datamodell-tillägg.yml); cached while the files are unchanged."""
    source = path or datamodel_path()
    extensions = () if path else tuple((e, display_path(e), _stamp(e)) for e in active_extensions())
    return _load_checked(source, display_path(source), _stamp(source), extensions)


@lru_cache(maxsize=8)
def _load_checked(
    source: Path, shown: str, stamp: tuple[int, int], extensions: tuple[tuple[Path, str, tuple[int, int]], ...] = ()
) -> DataModelResult:
    doc, issues = load_yaml_file(source, shown)
    if doc is None:
        return DataModelResult(None, issues)
    issues += schema_issues(doc, DATAMODEL_SCHEMA)
    if any(i.is_error for i in issues):
        return DataModelResult(None, issues)
    model = datamodel_from_dict(doc.data)
    issues += semantic_datamodel_issues(model, doc)
    raw = doc.data
    for extension, extension_shown, _ in extensions:
        if any(i.is_error for i in issues):
            break
        raw, found, ext_doc = _extend(raw, extension, extension_shown)
        issues += found
        if ext_doc is not None and not found:
            # the engine's model is clean here, so what the model-wide rules find now is the extension's
            before = {i.message for i in semantic_datamodel_issues(model, doc)}
            model = datamodel_from_dict(raw)
            issues += [i for i in semantic_datamodel_issues(model, ext_doc) if i.message not in before]
    return DataModelResult(None if any(i.is_error for i in issues) else model, issues)


def _extend(raw: dict, path: Path, shown: str) -> tuple[dict, list[Issue], YamlDocument | None]:
    """`raw` with the project's extension merged in, or `raw` and the extension's located problems."""
    doc, issues = load_yaml_file(path, shown)
    if doc is None:
        return raw, issues, None
    issues += schema_issues(doc, EXTENSION_SCHEMA)
    if any(i.is_error for i in issues):
        return raw, issues, doc
    try:
        return merge_extension(raw, doc.data), issues, doc
    except ExtensionConflict as conflict:
        return raw, issues + [error(str(conflict), file=shown, line=doc.line_of(conflict.path))], doc


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
