"""Shape validation: JSON Schema errors translated into located Swedish issues.

The validators are compiled once per process. Errors are filtered so that one mistake gives
one message: at a given location an unknown key or a wrong type hides the follow-on errors
(missing operator, failed `oneOf`) that the same mistake causes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from suengine.definitions.issues import Issue, error, suggest
from suengine.resources import schema_path
from suengine.definitions.yamlload import YamlDocument, json_view

INDICATOR_SCHEMA = "indicator.schema.json"
DATAMODEL_SCHEMA = "datamodel.schema.json"

_TYPE_NAMES = {
    "object": "en mappning (nyckel: värde)",
    "array": "en lista",
    "string": "en text",
    "integer": "ett heltal",
    "number": "ett tal",
    "boolean": "true eller false",
    "null": "tomt",
}
_DOMINANT = {"additionalProperties", "unevaluatedProperties", "type"}
_OWN_MESSAGE = {"additionalProperties", "unevaluatedProperties", "type", "pattern", "enum", "dependentRequired"}


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    with open(schema_path(name), encoding="utf-8") as handle:
        schema = json.load(handle)
    return Draft202012Validator(schema)


def schema_issues(doc: YamlDocument, schema_name: str, indicator: str | None = None) -> list[Issue]:
    """Validate a loaded document; every error becomes an Issue on the line it concerns."""
    check = validator(schema_name)
    instance = json_view(doc.data)
    errors = _without_noise(check.iter_errors(instance))
    issues: dict[tuple[int | None, str], Issue] = {}
    for err in errors:
        for issue in _translate(err, check, doc, indicator, instance):
            issues.setdefault((issue.line, issue.message), issue)
    return list(issues.values())


def _without_noise(errors: Iterable[ValidationError]) -> list[ValidationError]:
    by_path: dict[tuple[Any, ...], list[ValidationError]] = defaultdict(list)
    for err in errors:
        by_path[tuple(err.absolute_path)].append(err)
    kept: list[ValidationError] = []
    for path, group in by_path.items():
        if any(e.validator in _DOMINANT for e in group):
            group = [e for e in group if e.validator in _DOMINANT]
        if path + ("typ",) in by_path:  # a wrong `typ` makes every type-specific key look unknown
            group = [e for e in group if e.validator != "unevaluatedProperties"]
        kept.extend(group)
    kept.sort(key=lambda e: [str(p) for p in e.absolute_path])
    return kept


def where(path: Iterable[Any]) -> str:
    """`populationer.täljare.villkor` — list indices are left out; the line number locates them."""
    return ".".join(str(p) for p in path if not isinstance(p, int))


def _in(path: tuple[Any, ...]) -> str:
    text = where(path)
    return f" i {text}" if text else ""


def _quote(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def _translate(
    err: ValidationError, check: Draft202012Validator, doc: YamlDocument, indicator: str | None, instance: Any
) -> list[Issue]:
    path = tuple(err.absolute_path)
    schema: Any = err.schema if isinstance(err.schema, dict) else {}
    kind: Any = err.validator
    value: Any = err.validator_value
    got: Any = err.instance
    root: Any = check.schema

    def at(message: str, sub: tuple[Any, ...] = (), suggestion: str | None = None) -> Issue:
        return error(message, file=doc.file, line=doc.line_of(path + sub), indicator=indicator, suggestion=suggestion)

    if kind in ("additionalProperties", "unevaluatedProperties"):
        return _unknown_keys(err, check, path, at)
    if err.schema is False and "dependentSchemas" in err.absolute_schema_path:
        return [at(_operators_message(_node(instance, path), path))]
    if "propertyNames" in err.absolute_schema_path:
        name = got
        return [at(f"okänd entitet {_quote(name)}{_in(path)}", (str(name),), suggest(name, value or ()))]
    if schema.get("errorMessage") and kind not in _OWN_MESSAGE:
        return [at(str(schema["errorMessage"]))]
    if kind == "required":
        missing = [k for k in value if isinstance(got, dict) and k not in got]
        return [at(f"obligatorisk nyckel '{k}' saknas{_in(path)}") for k in missing]
    if kind == "type":
        expected = value if isinstance(value, list) else [value]
        wanted = " eller ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
        return [at(f"{where(path) or 'filen'} ska vara {wanted}, inte {_describe(got)}")]
    if kind == "enum":
        options = list(value)
        if options == list(root["$defs"].get("entitet", {}).get("enum", [])):
            return [at(f"okänd entitet {_quote(got)}{_in(path)}", suggestion=suggest(got, options))]
        allowed = ", ".join(str(o) for o in options)
        return [
            at(
                f"{_quote(got)} är inget tillåtet värde för {where(path)} (tillåtna: {allowed})",
                suggestion=suggest(got, options),
            )
        ]
    if kind == "pattern":
        hint = schema.get("patternErrorMessage") or f"ska följa mönstret {value}"
        return [at(f"{where(path)} {_quote(got)}: {hint}")]
    if kind == "oneOf":
        return [at(_one_of_message(err, path))]
    if kind == "dependentRequired":
        present = [k for k in value if k in got]
        needed = sorted({d for k in present for d in value[k] if d not in got})
        return [at(f"{', '.join(present)} kräver nyckeln {', '.join(repr(n) for n in needed)}{_in(path)}")]
    if kind == "not":
        return [at(f"nyckeln '{path[-1]}' är inte tillåten här" if path else "värdet är inte tillåtet")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "minst", "maximum": "högst", "exclusiveMinimum": "större än", "exclusiveMaximum": "mindre än"}[kind]
        return [at(f"{where(path)} ska vara {word} {value}, inte {got}")]
    if kind == "minLength":
        return [at(f"{where(path)} får inte vara tom")]
    if kind == "maxLength":
        return [at(f"{where(path)} får vara högst {value} tecken, har {len(got)}")]
    if kind == "minItems":
        return [at(f"{where(path)} ska ha minst {value} {'värde' if value == 1 else 'värden'}")]
    if kind in ("maxItems", "items"):
        return [at(f"{where(path)} har för många värden")]
    if kind == "uniqueItems":
        return [at(f"{where(path)} innehåller samma värde flera gånger")]
    if kind == "minProperties":
        return [at(f"{where(path) or 'filen'} får inte vara tom")]
    if kind == "maxProperties":
        return [at(f"{where(path)} får ha högst {value} {'nyckel' if value == 1 else 'nycklar'}")]
    if kind == "const":
        return [at(f"{where(path)} ska vara {_quote(value)}")]
    return [at(f"{where(path) or 'filen'}: {err.message}")]


def _describe(value: Any) -> str:
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, (int, float)):
        return f"talet {value}"
    return f"texten {_quote(value)}"


def _node(instance: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        instance = instance[part]
    return instance


def _operators_message(condition: Any, path: tuple[Any, ...]) -> str:
    present = [k for k in condition if k != "fält"] if isinstance(condition, dict) else []
    shown = " och ".join(f"'{k}'" for k in present)
    return f"{where(path)} har flera operatorer ({shown}); ett villkor har exakt en — kombinera med alla: [...] eller någon: [...]"


def _one_of_message(err: ValidationError, path: tuple[Any, ...]) -> str:
    branches: Any = err.validator_value
    got: Any = err.instance
    options = [b["required"][0] for b in branches if isinstance(b, dict) and len(b.get("required", ())) == 1]
    present = [k for k in options if isinstance(got, dict) and k in got]
    listing = ", ".join(options)
    if not options:
        return f"{where(path)} passar inte något av de tillåtna formerna"
    if not present:
        return f"{where(path)} saknar operator: ange en av {listing}"
    shown = " och ".join(f"'{k}'" for k in present)
    return f"{where(path)} har flera av {shown}; ange exakt en av {listing}"


def _unknown_keys(err: ValidationError, check: Draft202012Validator, path: tuple[Any, ...], at: Any) -> list[Issue]:
    instance: Any = err.instance if isinstance(err.instance, dict) else {}
    schema: Any = err.schema if isinstance(err.schema, dict) else {}
    allowed = set(schema.get("properties", {}))
    elsewhere: set[str] = set()
    for branch in schema.get("allOf", ()):
        then = branch.get("then", {}) if isinstance(branch, dict) else {}
        keys = set(then.get("properties", {}))
        if "if" in branch and check.evolve(schema=branch["if"]).is_valid(instance):
            allowed |= keys
        else:
            elsewhere |= keys
    issues = []
    for key in instance:
        if key in allowed:
            continue
        if key in elsewhere and "typ" in instance:
            message = f"nyckeln '{key}' hör inte till {where(path)} med typ {_quote(instance['typ'])}"
            issues.append(at(message, (key,)))
        else:
            issues.append(at(f"okänd nyckel '{key}'{_in(path)}", (key,), suggest(key, allowed)))
    if not issues:
        # Every key is allowed: a failed `then` (e.g. a oneOf between key combinations) made its keys
        # look unevaluated. Report that branch's own message instead of nothing.
        for branch in schema.get("allOf", ()):
            then = branch.get("then") if isinstance(branch, dict) else None
            if not isinstance(then, dict) or "if" not in branch or not check.evolve(schema=branch["if"]).is_valid(instance):
                continue
            # Errors deeper inside are reported at their own place; only those on this object are lost.
            own = [sub for sub in check.evolve(schema=then).iter_errors(instance) if not sub.path]
            missing = [k for sub in own if sub.validator == "required" for k in sub.validator_value if k not in instance]
            if missing and not then.get("errorMessage"):
                kind = f" med typ {_quote(instance['typ'])}" if "typ" in instance else ""
                names = " och ".join(f"'{k}'" for k in dict.fromkeys(missing))
                hints = [f"{k}: {then['properties'][k]['description']}" for k in dict.fromkeys(missing)
                         if isinstance(then.get("properties", {}).get(k), dict) and then["properties"][k].get("description")]
                issues.append(at(f"{where(path)}{kind} saknar {names}" + (f" ({'; '.join(hints)})" if hints else "")))
            elif own:
                issues.append(at(str(then.get("errorMessage") or f"{where(path)} passar inte något av de tillåtna formerna")))
    return issues
