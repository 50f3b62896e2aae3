"""JSON-Schema errors in plain Swedish, naming the place in the mapping file.

jsonschema's own messages are English and speak of "additional properties"; a quality
officer editing a mapping needs "okänd nyckel 'kolumer' — menade du 'kolumner'?".
"""

from __future__ import annotations

import difflib
from typing import Any

from jsonschema.exceptions import ValidationError

_TYPES = {"string": "en text", "array": "en lista", "object": "en mappning (nyckel: värde)", "integer": "ett heltal", "null": "null"}


def _where(error: ValidationError) -> str:
    path = [str(p) for p in error.absolute_path]
    return " → ".join(path) if path else "översta nivån"


def _allowed_keys(error: ValidationError) -> list[str]:
    schema: Any = error.schema
    return list((schema or {}).get("properties", {}).keys()) if isinstance(schema, dict) else []


def error_path(error: ValidationError) -> list[Any]:
    """Where to point: an unknown key's own line rather than its parent's."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _allowed_keys(error)
        extra = [k for k in error.instance if k not in allowed]
        path += extra[:1]
    elif _forbidden_key(error):
        path.append(_forbidden_key(error))
    return path


def _forbidden_key(error: ValidationError) -> str:
    """The key of a `not: {required: [key]}` rule (a key that does not belong to this rule)."""
    value = error.validator_value
    if error.validator == "not" and isinstance(value, dict) and list(value) == ["required"] and isinstance(error.instance, dict):
        return str(value["required"][0])
    return ""


def schema_message(error: ValidationError) -> str:
    where = _where(error)
    validator = error.validator
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _allowed_keys(error)
        extra = [k for k in error.instance if k not in allowed]
        parts = []
        for key in extra:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            parts.append(f"'{key}'" + (f" (menade du '{close[0]}'?)" if close else ""))
        known = ", ".join(allowed)
        return f"{where}: okänd nyckel {', '.join(parts)}; tillåtna nycklar är {known}"
    if validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return f"{where}: nyckeln '{missing}' saknas"
    if validator == "type":
        expected = error.validator_value
        names = [_TYPES.get(t, t) for t in (expected if isinstance(expected, list) else [expected])]
        return f"{where}: ska vara {' eller '.join(names)}"
    if validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{where}: '{error.instance}' är inte tillåtet; välj bland {allowed}"
    if validator == "pattern":
        return f"{where}: '{error.instance}' har fel form (gemener, siffror och _ som i datamodellen)"
    if validator in ("minItems", "minProperties", "minLength"):
        return f"{where}: får inte vara tom"
    if _forbidden_key(error):
        rule = error.instance.get("regel", "")
        return f"{where}: nyckeln '{_forbidden_key(error)}' hör inte till regeln {rule}"
    return f"{where}: {error.message}"
