"""A mapping per source system: local columns and codes → the data model (mappings/<system>.yml).

Validated in two layers, like indicators: shape by `schemas/mapping.schema.json`, then meaning
against `datamodel.yml` (fields exist, codes are in the value set, required fields are covered).
Every problem names the mapping file and line, and stops the delivery: a wrong mapping would
misread every row.

Local codes are compared ignoring case and surrounding whitespace. Mapping keys are read as
the text written (`01:` stays "01", `No:` stays "No"), because YAML would otherwise turn codes
into numbers or booleans.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from suengine.casedata.datamodel import DataModel
from suengine.ingest.mapping_check import check_mapping
from suengine.ingest.mapping_model import Derivation, EntityMapping, Mapping, Pivot, normalise_code
from suengine.ingest.problems import ProblemLog
from suengine.ingest.read import normalise_header
from suengine.ingest.schema_messages import error_path, schema_message
from suengine.resources import project_root, schema_path

__all__ = ["Derivation", "EntityMapping", "Mapping", "load_mapping", "normalise_code", "resolve_mapping_path"]

SCHEMA_NAME = "mapping.schema.json"


def mappings_dir() -> Path:
    return project_root() / "mappings"


# A project's own mappings (its `mappningar/` folder), looked up before the engine's. Set by
# `suengine.project` when a command runs inside a project.
_LOCAL_DIRS: tuple[Path, ...] = ()
EXTENDS = "utgår_från"
EXTENSION_SCHEMA = "mapping-extension.schema.json"


def use_local_mappings(folders: tuple[Path, ...] | list[Path]) -> None:
    global _LOCAL_DIRS
    _LOCAL_DIRS = tuple(Path(f).resolve() for f in folders)


def local_mapping_dirs() -> tuple[Path, ...]:
    return _LOCAL_DIRS


def available_mappings() -> list[str]:
    return sorted({p.stem for folder in (*_LOCAL_DIRS, mappings_dir()) if folder.is_dir() for p in folder.glob("*.yml")})


def merge_mapping(base: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """The engine's mapping with a project's additions: columns, codes, derived fields and file patterns
    are added (a local entry wins over the engine's for the same key); other top-level keys replace."""
    merged = copy.deepcopy(base)
    for key, value in local.items():
        if key in (EXTENDS, "entiteter"):
            continue
        if key == "saknade_värden":
            merged[key] = list(dict.fromkeys([*(merged.get(key) or []), *value]))
        else:
            merged[key] = copy.deepcopy(value)
    for name, spec in (local.get("entiteter") or {}).items():
        target = merged.setdefault("entiteter", {}).setdefault(name, {})
        for key, value in (spec or {}).items():
            if key in ("kolumner", "härledda"):
                target.setdefault(key, {}).update(copy.deepcopy(value))
            elif key == "koder":
                codes = target.setdefault("koder", {})
                for field_name, table in value.items():
                    codes.setdefault(field_name, {}).update(copy.deepcopy(table))
            elif key in ("filer", "släpp"):
                target[key] = list(dict.fromkeys([*(target.get(key) or []), *value]))
            else:
                target[key] = copy.deepcopy(value)
    return merged


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is present


class _RawKeyLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Keys are kept as the text written, never converted to numbers, booleans or dates."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        self.flatten_mapping(node)  # YAML merge keys (<<: *anchor)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else self.construct_object(key_node, deep=deep)
            result[key] = self.construct_object(value_node, deep=deep)
        return result


_RawKeyLoader.add_constructor("tag:yaml.org,2002:map", _RawKeyLoader.construct_mapping)


def _line_of(node: yaml.Node | None, path: list[Any]) -> int | None:
    """The line of the node at `path` (or its nearest ancestor) in a composed YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def resolve_mapping_path(name: str, delivery: Path) -> Path:
    """`treserva` → the project's mappningar/treserva.yml when it exists, else mappings/treserva.yml;
    a name ending in .yml is a path relative to the delivery."""
    if name.endswith((".yml", ".yaml")) or "/" in name:
        candidate = Path(name).expanduser()
        return candidate if candidate.is_absolute() else delivery / candidate
    for folder in _LOCAL_DIRS:
        if (folder / f"{name}.yml").is_file():
            return folder / f"{name}.yml"
    return mappings_dir() / f"{name}.yml"


class _AliasProblem(Exception):
    """A mapping whose aliases expand beyond reason or refer to themselves: (message, line)."""


def _read_raw(path: Path) -> tuple[Any, yaml.Node | None]:
    loader = _RawKeyLoader(path.read_text(encoding="utf-8-sig"))
    try:
        tree = loader.get_single_node()
        problem = _alias_problem(tree)
        if problem is not None:
            raise _AliasProblem(*problem)
        return (loader.construct_document(tree) if tree is not None else None), tree
    finally:
        loader.dispose()


def load_mapping(path: Path, model: DataModel, log: ProblemLog) -> Mapping | None:
    """Load, schema-check and meaning-check a mapping; problems stop the delivery."""
    display = f"mappings/{path.name}" if path.parent == mappings_dir() else str(path)
    if not path.is_file():
        known = ", ".join(available_mappings()) or "inga"
        log.stop("mappning_saknas", f"Mappningen {display} finns inte (tillgängliga: {known}).", file=display)
        return None
    try:
        raw, tree = _read_raw(path)
    except _AliasProblem as exc:
        log.stop("mappning_ogiltig", exc.args[0], file=display, row=exc.args[1])
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        log.stop("mappning_ogiltig", f"Mappningen går inte att läsa: {getattr(exc, 'problem', None) or exc}", file=display, row=mark.line + 1 if mark else None)
        return None
    if isinstance(raw, dict) and EXTENDS in raw:
        raw = _extended(raw, tree, path, display, log)
        if raw is None:
            return None
        tree = None  # problems of the merged mapping are named by file; the local file's own lines were checked
    schema = json.loads(schema_path(SCHEMA_NAME).read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        log.stop("mappning_ogiltig", schema_message(error), file=display, row=_line_of(tree, error_path(error)))
    if errors:
        return None
    before = len(log.stopping)
    mapping = _build(raw, path)
    for message, where in check_mapping(mapping, model):
        log.stop("mappning_ogiltig", message, file=display, row=_line_of(tree, where))
    return mapping if len(log.stopping) == before else None


MAX_EXPANDED_NODES = 200_000  # a mapping has a few thousand values; aliases may reuse tables, not explode


class _SelfReference(Exception):
    """An alias inside the node it refers to."""


def _alias_problem(tree: yaml.Node | None) -> tuple[str, int] | None:
    """(message, line) when aliases make the document expand beyond reason or refer to themselves."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, active: frozenset[int]) -> int:
        if id(node) in active:
            raise _SelfReference(node.start_mark.line + 1)
        if id(node) in sizes:
            return sizes[id(node)]
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        inner = active | {id(node)}
        total = 1 + sum(size(child, inner) for child in children)
        sizes[id(node)] = total
        return total

    if tree is None:
        return None
    try:
        total = size(tree, frozenset())
    except _SelfReference as exc:
        return "Ett alias (*namn) pekar på sig självt; skriv ut värdet i stället.", int(exc.args[0])
    except RecursionError:
        return "Mappningen är för djupt nästlad.", tree.start_mark.line + 1
    if total > MAX_EXPANDED_NODES:
        return (f"Mappningen blir {total} värden när alias (*namn) har ersatts (högst {MAX_EXPANDED_NODES}); "
                "använd alias bara för att återanvända en kodtabell.", tree.start_mark.line + 1)
    return None


def _extended(raw: dict[str, Any], tree: yaml.Node | None, path: Path, display: str, log: ProblemLog) -> dict[str, Any] | None:
    """A project's mapping that adds to one of the engine's (`utgår_från: treserva`), merged with it."""
    schema = json.loads(schema_path(EXTENSION_SCHEMA).read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        log.stop("mappning_ogiltig", schema_message(error), file=display, row=_line_of(tree, error_path(error)))
    if errors:
        return None
    base_path = mappings_dir() / f"{raw[EXTENDS]}.yml"
    if not base_path.is_file():
        known = ", ".join(sorted(p.stem for p in mappings_dir().glob("*.yml")))
        log.stop("mappning_saknas", f"{EXTENDS}: motorn har ingen mappning '{raw[EXTENDS]}' (finns: {known}).", file=display, row=_line_of(tree, [EXTENDS]))
        return None
    base, _ = _read_raw(base_path)
    merged = merge_mapping(base, raw)
    merged["system"] = path.stem if path.stem != raw[EXTENDS] else merged["system"]
    return merged


def _build(raw: dict[str, Any], path: Path) -> Mapping:
    entities = {}
    for name, spec in raw["entiteter"].items():
        codes = {
            f: {normalise_code(local): (None if national is None else str(national)) for local, national in table.items()}
            for f, table in (spec.get("koder") or {}).items()
        }
        derived = {
            f: Derivation(
                rule=d["regel"],
                source_field=d.get("fält", ""),
                values={str(k): str(v) for k, v in (d.get("värden") or {}).items()},
                value=str(d.get("värde", "")),
            )
            for f, d in (spec.get("härledda") or {}).items()
        }
        entities[name] = EntityMapping(
            entity=name,
            files=tuple(spec["filer"]),
            columns={str(k): str(v) for k, v in spec["kolumner"].items()},
            codes=codes,
            derived=derived,
            dropped=tuple(spec.get("släpp") or ()),
            sheet=spec.get("blad"),
            pivot=Pivot(tuple(str(k) for k in spec["pivot"]["nyckel"]), str(spec["pivot"]["kolumn"]), str(spec["pivot"]["värde"])) if spec.get("pivot") else None,
            date_formats={str(f): str(v) for f, v in (spec.get("datumformat") or {}).items()},
        )
    missing = frozenset(normalise_header(v) for v in raw.get("saknade_värden") or ())
    return Mapping(system=raw["system"], name=raw["namn"], path=path, entities=entities, missing_values=missing)
