"""Conditions checked against the data model: fields exist, values fit, operators fit the type.

Works on the raw (schema-valid) mapping so every problem keeps its YAML path and line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from suengine.casedata.datamodel import Field
from suengine.definitions.context import COMPARISONS, Context, Lookup
from suengine.definitions.issues import Issue, suggest

NodePath = tuple[str | int, ...]
_ORDERED = ("minst", "högst", "större_än", "mindre_än", "mellan")
_TYPE_TEXT = {
    "id": "id",
    "kod": "kod",
    "datum": "datum",
    "heltal": "heltal",
    "decimal": "decimal",
    "boolesk": "ja/nej (boolesk)",
    "text": "text",
}


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def field_at(ctx: Context, look: Lookup, name: Any, path: NodePath, wanted: tuple[str, ...] = ()) -> tuple[Field | None, list[Issue]]:
    """Resolve a field name; complain if it is unknown or not of one of the `wanted` types."""
    field = look.resolve(str(name))
    if field is None:
        message, suggestion = look.unknown(str(name))
        return None, [ctx.issue(path, message, suggestion)]
    if wanted and field.type not in wanted:
        types = " eller ".join(_TYPE_TEXT[t] for t in wanted)
        return field, [ctx.issue(path, f"fältet '{name}' är av typen {_TYPE_TEXT[field.type]}, men här krävs {types}")]
    return field, []


def check_condition(ctx: Context, look: Lookup, raw: Any, path: NodePath) -> list[Issue]:
    if not isinstance(raw, dict):
        return []
    issues: list[Issue] = []
    for op in ("alla", "någon"):
        for index, item in enumerate(raw.get(op) or ()):
            issues += check_condition(ctx, look, item, path + (op, index))
    if "inte" in raw:
        issues += check_condition(ctx, look, raw["inte"], path + ("inte",))
    for op in ("saknas", "finns"):
        if op in raw:
            issues += field_at(ctx, look, raw[op], path + (op,))[1]
    if "tid_mellan" in raw:
        spec = raw["tid_mellan"]
        for end in ("från", "till"):
            issues += field_at(ctx, look, spec.get(end), path + ("tid_mellan", end), ("datum",))[1]
    if "relaterad" in raw:
        issues += _check_related(ctx, look, raw["relaterad"], path + ("relaterad",))
    comparison = next((o for o in COMPARISONS if o in raw), None)
    if comparison is not None and ("summa" in raw or _is_operand(raw[comparison])):
        issues += _check_field_comparison(ctx, look, raw, comparison, path)
    elif "fält" in raw:
        field, found = field_at(ctx, look, raw["fält"], path + ("fält",))
        issues += found
        if field is not None and comparison is not None:
            issues += _check_comparison(ctx, field, str(raw["fält"]), comparison, raw[comparison], path)
    return issues


def _is_operand(value: Any) -> bool:
    return isinstance(value, dict) and ("fält" in value or "summa" in value)


_FAMILY = {"heltal": "tal", "decimal": "tal"}


def _side(ctx: Context, look: Lookup, raw: dict[str, Any], path: NodePath) -> tuple[tuple[str, str | None] | None, str, list[Issue]]:
    """One side of a field comparison: its (type family, value set), its text, and problems."""
    if "summa" in raw:
        issues: list[Issue] = []
        for index, name in enumerate(raw.get("summa") or ()):
            issues += field_at(ctx, look, name, path + ("summa", index), ("heltal", "decimal"))[1]
        return ("tal", None), "summan", issues
    field, issues = field_at(ctx, look, raw.get("fält"), path + ("fält",))
    if field is None:
        return None, str(raw.get("fält")), issues
    value_set = field.value_set if field.type == "kod" else None
    return (_FAMILY.get(field.type, field.type), value_set), f"'{raw.get('fält')}' ({_TYPE_TEXT[field.type]})", issues


def _check_field_comparison(ctx: Context, look: Lookup, raw: dict[str, Any], op: str, path: NodePath) -> list[Issue]:
    """Two fields (or sums) compared: both must resolve, and their types must match."""
    if op in ("en_av", "mellan"):
        return [ctx.issue(path + (op,), f"operatorn '{op}' kan inte jämföra två fält; använd är, inte_är, minst, högst, större_än eller mindre_än")]
    right_raw = raw[op]
    if not _is_operand(right_raw):
        return [ctx.issue(path + (op,), "en summa jämförs med ett fält ({fält: …}) eller en annan summa ({summa: […]}), inte med ett fast värde")]
    left, left_text, issues = _side(ctx, look, raw, path)
    right, right_text, found = _side(ctx, look, right_raw, path + (op,))
    issues += found
    if left is None or right is None or issues:
        return issues
    if left[0] != right[0]:
        return [ctx.issue(path + (op,), f"{left_text} och {right_text} har olika typer och kan inte jämföras")]
    if left[1] != right[1]:
        return [ctx.issue(path + (op,), f"{left_text} och {right_text} har olika värdemängder ({left[1]}, {right[1]}) och kan inte jämföras")]
    if op not in ("är", "inte_är") and left[0] not in ("tal", "datum"):
        return [ctx.issue(path + (op,), f"operatorn '{op}' passar bara tal och datum; {left_text} går bara att jämföra med är eller inte_är")]
    return []


def _check_comparison(ctx: Context, field: Field, name: str, op: str, value: Any, path: NodePath) -> list[Issue]:
    kind = field.type
    if op in _ORDERED and kind not in ("heltal", "decimal", "datum"):
        return [
            ctx.issue(
                path + (op,),
                f"operatorn '{op}' passar inte fältet '{name}' av typen {_TYPE_TEXT[kind]}; använd är eller en_av",
            )
        ]
    values = list(value) if op in ("en_av", "mellan") else [value]
    issues: list[Issue] = []
    for index, item in enumerate(values):
        where = path + ((op, index) if op in ("en_av", "mellan") else (op,))
        problem = _value_problem(ctx, field, name, item)
        if problem:
            message, suggestion = problem
            issues.append(ctx.issue(where, message, suggestion))
    if op == "mellan" and not issues and len(values) == 2:
        low, high = (as_date(v) or v for v in values) if kind == "datum" else values
        if low > high:
            issues.append(ctx.issue(path + (op,), f"mellan [{values[0]}, {values[1]}]: det första värdet är större än det andra"))
    return issues


def _value_problem(ctx: Context, field: Field, name: str, value: Any) -> tuple[str, str | None] | None:
    kind = field.type
    if kind == "kod":
        codes = ctx.model.values_of(field) or {}
        if not isinstance(value, str) or value not in codes:
            allowed = ", ".join(codes)
            return (
                f"'{value}' finns inte i värdemängden {field.value_set} för fältet '{name}' (tillåtna: {allowed})",
                suggest(str(value), codes),
            )
    elif kind == "boolesk":
        if not isinstance(value, bool):
            return f"fältet '{name}' är ja/nej: skriv true eller false, inte '{value}'", None
    elif kind in ("heltal", "decimal"):
        if not is_number(value):
            return f"fältet '{name}' är ett tal, men värdet '{value}' är inget tal", None
        if field.minimum is not None and value < field.minimum or field.maximum is not None and value > field.maximum:
            return f"värdet {value} ligger utanför fältet '{name}':s intervall {field.minimum}–{field.maximum}", None
    elif kind == "datum":
        if as_date(value) is None:
            return f"fältet '{name}' är ett datum, men '{value}' är inget datum (ÅÅÅÅ-MM-DD)", None
    elif not isinstance(value, (str, int)) or isinstance(value, bool):
        return f"fältet '{name}' är av typen {_TYPE_TEXT[kind]}, men värdet '{value}' passar inte", None
    return None


def _check_related(ctx: Context, look: Lookup, spec: Any, path: NodePath) -> list[Issue]:
    if not isinstance(spec, dict):
        return []
    issues: list[Issue] = []
    name = str(spec.get("entitet"))
    target = ctx.model.entities.get(name)
    if target is None:
        return [ctx.issue(path + ("entitet",), f"okänd entitet '{name}'", suggest(name, ctx.model.entities))]
    if not target.child_level:
        issues.append(ctx.issue(path + ("entitet",), f"relaterad kräver en entitet på barnnivå; {name} saknar barn_id"))
    if not look.entity.child_level:
        issues.append(ctx.issue(path, f"relaterad söker poster för samma barn, men {look.entity.name} är inte på barnnivå"))
    if issues:
        return issues
    other = Lookup(ctx.model, target)
    within = spec.get("inom") or {}
    if any(v == 0 for v in within.values()):
        issues.append(ctx.issue(path + ("inom",), "fönstret 'inom' är tomt (0); ange en längd större än 0"))
    issues += field_at(ctx, other, spec.get("datumfält"), path + ("datumfält",), ("datum",))[1]
    issues += field_at(ctx, look, spec.get("från"), path + ("från",), ("datum",))[1]
    for index, same in enumerate(spec.get("samma_värde") or ()):
        where = path + ("samma_värde", index)
        mine, found = field_at(ctx, look, same, where)
        theirs, found_other = field_at(ctx, other, same, where)
        issues += found + found_other
        if mine and theirs and (mine.type, mine.value_set) != (theirs.type, theirs.value_set):
            issues.append(ctx.issue(where, f"fältet '{same}' har olika typ eller värdemängd på {look.entity.name} och {name}"))
    for index, pair in enumerate(spec.get("samma_som") or ()):
        if not isinstance(pair, dict):
            continue
        where = path + ("samma_som", index)
        theirs, found = field_at(ctx, other, pair.get("fält"), where + ("fält",))
        mine, found_own = field_at(ctx, look, pair.get("som"), where + ("som",))
        issues += found + found_own
        if mine and theirs and (mine.type, mine.value_set) != (theirs.type, theirs.value_set):
            issues.append(
                ctx.issue(
                    where,
                    f"'{pair.get('fält')}' på {name} och '{pair.get('som')}' har olika typ eller värdemängd och kan inte vara samma",
                )
            )
    if "villkor" in spec:
        issues += check_condition(ctx, other, spec["villkor"], path + ("villkor",))
    return issues
