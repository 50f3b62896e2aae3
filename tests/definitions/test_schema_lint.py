"""The JSON Schemas themselves are valid 2020-12 and contain no misspelt keywords."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from suengine.resources import project_root

SCHEMAS = sorted((project_root() / "schemas").glob("*.schema.json"))

# Keywords of the 2020-12 vocabularies, plus the annotations VS Code's language server reads.
STANDARD_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
    "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "type", "enum", "const", "multipleOf", "maximum",
    "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
    "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required",
    "dependentRequired", "format", "contentEncoding", "contentMediaType", "contentSchema", "title",
    "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
}
EDITOR_KEYWORDS = {"errorMessage", "patternErrorMessage", "markdownDescription", "deprecationMessage", "enumDescriptions"}

SCHEMA_VALUED = {"not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames",
                 "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
SCHEMA_MAPS = {"$defs", "properties", "patternProperties", "dependentSchemas"}


def unknown_keywords(schema: Any, where: str = "#") -> list[str]:
    """Every keyword that no vocabulary defines, with its location (a typo such as "type:")."""
    if isinstance(schema, bool):
        return []
    if not isinstance(schema, dict):
        return [f"{where}: ett schema ska vara ett objekt eller true/false"]
    found = [f"{where}/{key}" for key in schema if key not in STANDARD_KEYWORDS | EDITOR_KEYWORDS]
    for key, value in schema.items():
        if key in SCHEMA_VALUED:
            found += unknown_keywords(value, f"{where}/{key}")
        elif key in SCHEMA_LISTS and isinstance(value, list):
            for index, item in enumerate(value):
                found += unknown_keywords(item, f"{where}/{key}/{index}")
        elif key in SCHEMA_MAPS and isinstance(value, dict):
            for name, item in value.items():
                found += unknown_keywords(item, f"{where}/{key}/{name}")
    return found


def dangling_refs(schema: Any, root: dict[str, Any]) -> list[str]:
    found = []
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            node: Any = root
            for part in ref.removeprefix("#/").split("/") if ref != "#" else []:
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                found.append(ref)
        for value in schema.values():
            found += dangling_refs(value, root)
    elif isinstance(schema, list):
        for value in schema:
            found += dangling_refs(value, root)
    return found


def test_there_are_schemas() -> None:
    assert {p.name for p in SCHEMAS} >= {"indicator.schema.json", "datamodel.schema.json"}


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_has_no_unknown_keywords(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert unknown_keywords(schema) == []
    assert dangling_refs(schema, schema) == []


@pytest.mark.parametrize(
    "typo",
    [
        {"type:": "string"},
        {"type": "object", "proprties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"tpye": "string"}}},
        {"allOf": [{"requried": ["a"]}]},
        {"$defs": {"x": {"additionalProperty": False}}},
        {"items": {"minItem": 1}},
    ],
)
def test_lint_catches_misspelt_keywords(typo: dict[str, Any]) -> None:
    assert unknown_keywords(typo)


def test_lint_catches_dangling_ref() -> None:
    schema = {"$defs": {"a": {"type": "string"}}, "properties": {"x": {"$ref": "#/$defs/b"}}}
    assert dangling_refs(schema, schema) == ["#/$defs/b"]


def test_metaschema_catches_wrong_keyword_values() -> None:
    with pytest.raises(SchemaError):
        Draft202012Validator.check_schema({"type": "strng"})


def test_property_descriptions_for_the_editor() -> None:
    """Every top-level indicator key has a Swedish title or description for autocompletion."""
    schema = json.loads((project_root() / "schemas" / "indicator.schema.json").read_text(encoding="utf-8"))
    for name, spec in schema["properties"].items():
        target = spec
        if "$ref" in spec and "title" not in spec:
            target = schema["$defs"][spec["$ref"].rsplit("/", 1)[1]]
        assert target.get("title") and target.get("description"), name
