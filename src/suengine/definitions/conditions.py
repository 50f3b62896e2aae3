"""The condition language: a small, frozen expression tree built from structured YAML.

Conditions never contain code or SQL; every node here is plain data that the engine
compiles once into vectorised operations. Missing values follow three-valued logic
(unknown is never met; `Not` of unknown stays unknown; `All`/`Any` are Kleene and/or).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Union

COMPARISON_OPERATORS = ("är", "inte_är", "en_av", "minst", "högst", "större_än", "mindre_än", "mellan")
# Operators that may compare two fields (or a sum of fields) with each other.
FIELD_OPERATORS = ("är", "inte_är", "minst", "högst", "större_än", "mindre_än")
DURATION_OPERATORS = ("högst", "minst", "mindre_än", "större_än")

Scalar = Union[str, int, float, bool, dt.date]


@dataclass(frozen=True)
class Duration:
    """A length of time in whole days or calendar months."""

    amount: int
    unit: str  # "dagar" | "månader"

    def describe(self) -> str:
        if self.unit == "månader":
            return f"{self.amount} {'månad' if self.amount == 1 else 'månader'}"
        return f"{self.amount} {'dag' if self.amount == 1 else 'dagar'}"


@dataclass(frozen=True)
class Compare:
    """field <operator> value; operator one of COMPARISON_OPERATORS."""

    field: str
    operator: str
    value: Any  # Scalar, or tuple of Scalars for en_av/mellan


@dataclass(frozen=True)
class FieldRef:
    """The value of another field of the record (a path may follow relations)."""

    field: str

    def describe(self) -> str:
        return _path_text(self.field)


@dataclass(frozen=True)
class FieldSum:
    """The sum of numeric fields of the record; unknown when any term is missing."""

    fields: tuple[str, ...]

    def describe(self) -> str:
        return "summan av " + " + ".join(_path_text(f) for f in self.fields)


Operand = Union[FieldRef, FieldSum]


@dataclass(frozen=True)
class FieldCompare:
    """left <operator> right where both sides are fields or sums of fields (FIELD_OPERATORS).

    Three-valued: unknown when either side is missing."""

    left: Operand
    operator: str
    right: Operand


@dataclass(frozen=True)
class IsMissing:
    field: str


@dataclass(frozen=True)
class IsPresent:
    field: str


@dataclass(frozen=True)
class Not:
    operand: Condition


@dataclass(frozen=True)
class All:
    operands: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    operands: tuple[Condition, ...]


@dataclass(frozen=True)
class TimeBetween:
    """The time from `start` to `end` (two date fields) compared with a duration."""

    start: str
    end: str
    operator: str  # one of DURATION_OPERATORS
    duration: Duration


@dataclass(frozen=True)
class RelatedExists:
    """A record of `entity` for the same child exists whose `date_field` lies in the window
    (anchor, anchor + within] (or [anchor - within, anchor) when direction is "före"),
    has the same value in each of `same_values`, and meets `condition`."""

    entity: str
    date_field: str
    anchor: str
    within: Duration
    direction: str = "efter"  # "efter" | "före"
    same_values: tuple[str, ...] = ()
    condition: Condition | None = None
    same_as: tuple[tuple[str, str], ...] = ()  # (field on the related record, path on the own record)


Condition = Union[Compare, FieldCompare, IsMissing, IsPresent, Not, All, Any_, TimeBetween, RelatedExists]


class ConditionError(ValueError):
    """Raised for a condition mapping that the schema should already have rejected."""


def parse_duration(raw: dict[str, Any]) -> Duration:
    if "månader" in raw:
        return Duration(int(raw["månader"]), "månader")
    if "dagar" in raw:
        return Duration(int(raw["dagar"]), "dagar")
    raise ConditionError(f"ogiltig tidslängd: {raw!r}")


def parse_condition(raw: Any) -> Condition:
    """Build the expression tree from a (schema-valid) YAML mapping."""
    if not isinstance(raw, dict):
        raise ConditionError(f"ett villkor måste vara en mappning, fick {raw!r}")
    if "alla" in raw:
        return All(tuple(parse_condition(item) for item in raw["alla"]))
    if "någon" in raw:
        return Any_(tuple(parse_condition(item) for item in raw["någon"]))
    if "inte" in raw:
        return Not(parse_condition(raw["inte"]))
    if "saknas" in raw:
        return IsMissing(str(raw["saknas"]))
    if "finns" in raw:
        return IsPresent(str(raw["finns"]))
    if "tid_mellan" in raw:
        spec = raw["tid_mellan"]
        operators = [op for op in DURATION_OPERATORS if op in spec]
        if len(operators) != 1:
            raise ConditionError("tid_mellan kräver exakt en av " + ", ".join(DURATION_OPERATORS))
        op = operators[0]
        return TimeBetween(str(spec["från"]), str(spec["till"]), op, parse_duration(spec[op]))
    if "relaterad" in raw:
        spec = raw["relaterad"]
        inner = spec.get("villkor")
        return RelatedExists(
            entity=str(spec["entitet"]),
            date_field=str(spec["datumfält"]),
            anchor=str(spec["från"]),
            within=parse_duration(spec["inom"]),
            direction=str(spec.get("riktning", "efter")),
            same_values=tuple(str(f) for f in spec.get("samma_värde", ())),
            condition=parse_condition(inner) if inner is not None else None,
            same_as=tuple((str(item["fält"]), str(item["som"])) for item in spec.get("samma_som", ())),
        )
    if "fält" in raw or "summa" in raw:
        operators = [op for op in COMPARISON_OPERATORS if op in raw]
        if len(operators) != 1:
            raise ConditionError("ett fältvillkor kräver exakt en av " + ", ".join(COMPARISON_OPERATORS))
        op = operators[0]
        value = raw[op]
        if "summa" in raw or _is_operand(value):
            if op not in FIELD_OPERATORS:
                raise ConditionError(f"operatorn '{op}' kan inte jämföra två fält")
            left = FieldSum(tuple(str(f) for f in raw["summa"])) if "summa" in raw else FieldRef(str(raw["fält"]))
            if not _is_operand(value):
                raise ConditionError("en summa jämförs med ett fält ({fält: …}) eller en annan summa ({summa: […]})")
            return FieldCompare(left, op, _operand(value))
        if op in ("en_av", "mellan"):
            value = tuple(value)
        return Compare(str(raw["fält"]), op, value)
    raise ConditionError(f"okänt villkor: {sorted(raw)!r}")


def _is_operand(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and ("fält" in value or "summa" in value)


def _operand(value: dict[str, Any]) -> Operand:
    if "summa" in value:
        return FieldSum(tuple(str(f) for f in value["summa"]))
    return FieldRef(str(value["fält"]))


def operand_fields(operand: Operand) -> tuple[str, ...]:
    return (operand.field,) if isinstance(operand, FieldRef) else operand.fields


def _path_text(path: str) -> str:
    return " → ".join(part.replace("_", " ") for part in path.split("."))


def fields_used(condition: Condition) -> set[str]:
    """Fields of the record itself that the condition reads (not those inside RelatedExists.condition)."""
    if isinstance(condition, Compare | IsMissing | IsPresent):
        return {condition.field}
    if isinstance(condition, Not):
        return fields_used(condition.operand)
    if isinstance(condition, All | Any_):
        return set().union(*(fields_used(c) for c in condition.operands)) if condition.operands else set()
    if isinstance(condition, FieldCompare):
        return {*operand_fields(condition.left), *operand_fields(condition.right)}
    if isinstance(condition, TimeBetween):
        return {condition.start, condition.end}
    if isinstance(condition, RelatedExists):
        return {condition.anchor, *condition.same_values, *(own for _, own in condition.same_as)}
    raise TypeError(condition)


_OPERATOR_TEXT = {
    "är": "är",
    "inte_är": "är inte",
    "minst": "är minst",
    "högst": "är högst",
    "större_än": "är större än",
    "mindre_än": "är mindre än",
}
_DURATION_TEXT = {
    "högst": "högst",
    "minst": "minst",
    "mindre_än": "mindre än",
    "större_än": "mer än",
}


def _value_text(value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return str(value)


def describe(condition: Condition, labels: Any = None) -> str:
    """Plain-Swedish rendering of a condition, for the method chapter and `explain`.

    With `labels` (a `suengine.definitions.labels.Labels`), fields and codes are named as readers
    know them ("dagen då utredningen inleddes", "anmälan") instead of by their names in the data model."""
    def name(field: str) -> str:
        return labels.field(field) if labels is not None else field.replace("_", " ")

    def value(field: str, v: Any) -> str:
        return labels.value(field, v) if labels is not None else _value_text(v)

    if isinstance(condition, Compare):
        field = name(condition.field)
        if condition.operator == "en_av":
            return f"{field} är en av {', '.join(value(condition.field, v) for v in condition.value)}"
        if condition.operator == "mellan":
            low, high = condition.value
            return f"{field} är mellan {value(condition.field, low)} och {value(condition.field, high)}"
        return f"{field} {_OPERATOR_TEXT[condition.operator]} {value(condition.field, condition.value)}"
    if isinstance(condition, FieldCompare):
        word = {"är": "är samma som", "inte_är": "skiljer sig från"}.get(condition.operator, _OPERATOR_TEXT[condition.operator])
        return f"{condition.left.describe()} {word} {condition.right.describe()}"
    if isinstance(condition, IsMissing):
        return f"{name(condition.field)} saknas"
    if isinstance(condition, IsPresent):
        return f"{name(condition.field)} finns"
    if isinstance(condition, Not):
        return f"inte ({describe(condition.operand, labels)})"
    if isinstance(condition, All):
        return " och ".join(f"({describe(c, labels)})" if isinstance(c, Any_) else describe(c, labels) for c in condition.operands)
    if isinstance(condition, Any_):
        return " eller ".join(f"({describe(c, labels)})" if isinstance(c, All) else describe(c, labels) for c in condition.operands)
    if isinstance(condition, TimeBetween):
        return (
            f"tiden från {name(condition.start)} till {name(condition.end)} är "
            f"{_DURATION_TEXT[condition.operator]} {condition.duration.describe()}"
        )
    if isinstance(condition, RelatedExists):
        when = "efter" if condition.direction == "efter" else "före"
        text = (
            f"samma barn har en {condition.entity} med {condition.date_field.replace('_', ' ')} inom "
            f"{condition.within.describe()} {when} {name(condition.anchor)}"
        )
        if condition.same_values:
            text += " med samma " + ", ".join(f.replace("_", " ") for f in condition.same_values)
        for theirs, own in condition.same_as:
            text += f" med {theirs.replace('_', ' ')} samma som {_path_text(own)}"
        if condition.condition is not None:
            inner = type(labels)(labels.model, condition.entity) if labels is not None else None
            text += f" där {describe(condition.condition, inner)}"
        return text
    raise TypeError(condition)
