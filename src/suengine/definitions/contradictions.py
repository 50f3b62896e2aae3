"""Flag a täljare that can never be met inside the nämnare (and a nämnare that is always empty).

The täljare is the effective nämnare's records that also meet the täljare's condition, so if
that condition contradicts urval, nämnare or exkludering, the indicator is always 0 %. We detect
the simple, common cases: per field, the values allowed by all conjunctive facts are empty
(`är a` against `är b`, `en_av` sets that do not meet, `minst 5` against `högst 3`, `saknas`
against a comparison). Facts follow three-valued logic: any comparison, negated or not, needs
the value to be present.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from suengine.definitions.conditions import (
    All,
    Compare,
    Condition,
    FieldCompare,
    IsMissing,
    IsPresent,
    Not,
    RelatedExists,
    TimeBetween,
    operand_fields,
)
from suengine.definitions.context import PERIOD_FIELDS, Context, Lookup, lookup
from suengine.definitions.rules_conditions import as_date
from suengine.definitions.issues import Issue
from suengine.definitions.model import Indicator

_NEGATED_RANGE = {"minst": "mindre_än", "högst": "större_än", "större_än": "högst", "mindre_än": "minst"}


@dataclass(frozen=True)
class Fact:
    field: str
    kind: str  # "in" | "notin" | "range" | "missing" | "present"
    values: frozenset = frozenset()
    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True
    source: str = ""


def _norm(value: Any) -> Any:
    date = as_date(value) if isinstance(value, str) else None
    return date or value


def _range(field: str, op: str, value: Any) -> Fact:
    value = _norm(value)
    if op == "minst":
        return Fact(field, "range", low=value)
    if op == "större_än":
        return Fact(field, "range", low=value, low_inclusive=False)
    if op == "högst":
        return Fact(field, "range", high=value)
    return Fact(field, "range", high=value, high_inclusive=False)


def facts(condition: Condition, negate: bool = False) -> list[Fact]:
    """Facts that every record meeting the condition (or its negation) satisfies."""
    if isinstance(condition, Compare):
        field, op, value = condition.field, condition.operator, condition.value
        if op == "inte_är":
            op, negate = "är", not negate
        if op in ("är", "en_av"):
            values = frozenset(_norm(v) for v in (value if op == "en_av" else (value,)))
            return [Fact(field, "notin" if negate else "in", values)]
        if op == "mellan":
            if negate:
                return [Fact(field, "present")]
            return [Fact(field, "range", low=_norm(value[0]), high=_norm(value[1]))]
        return [_range(field, _NEGATED_RANGE[op] if negate else op, value)]
    if isinstance(condition, IsMissing):
        return [Fact(condition.field, "present" if negate else "missing")]
    if isinstance(condition, IsPresent):
        return [Fact(condition.field, "missing" if negate else "present")]
    if isinstance(condition, Not):
        return facts(condition.operand, not negate)
    if isinstance(condition, TimeBetween):
        return [Fact(condition.start, "present"), Fact(condition.end, "present")]
    if isinstance(condition, FieldCompare):  # negated or not, both sides must be present
        return [Fact(f, "present") for side in (condition.left, condition.right) for f in operand_fields(side)]
    if isinstance(condition, RelatedExists):
        return [Fact(condition.anchor, "present")]
    conjunctive = isinstance(condition, All) != negate  # All, or Not(Any)
    if conjunctive:
        return [f for operand in condition.operands for f in facts(operand, negate)]  # type: ignore[union-attr]
    return _disjunction([facts(operand, negate) for operand in condition.operands])  # type: ignore[union-attr]


def _disjunction(branches: list[list[Fact]]) -> list[Fact]:
    """`någon` of `är`/`en_av` on one and the same field is an `en_av`; anything else tells us nothing."""
    singles = [b[0] for b in branches if len(b) == 1 and b[0].kind == "in"]
    if branches and len(singles) == len(branches) and len({f.field for f in singles}) == 1:
        return [Fact(singles[0].field, "in", frozenset().union(*(f.values for f in singles)))]
    return []


def _satisfiable(found: list[Fact], universe: frozenset | None) -> bool:
    if any(f.kind == "missing" for f in found):
        return all(f.kind == "missing" for f in found)
    allowed = universe
    excluded: set = set()
    low, low_inc, high, high_inc = None, True, None, True
    try:
        for f in found:
            if f.kind == "in":
                allowed = f.values if allowed is None else allowed & f.values
            elif f.kind == "notin":
                excluded |= f.values
            elif f.kind == "range":
                if f.low is not None and (low is None or f.low > low or (f.low == low and not f.low_inclusive)):
                    low, low_inc = f.low, f.low_inclusive
                if f.high is not None and (high is None or f.high < high or (f.high == high and not f.high_inclusive)):
                    high, high_inc = f.high, f.high_inclusive
        if allowed is not None:
            return any(v not in excluded and _within(v, low, low_inc, high, high_inc) for v in allowed)
        if low is not None and high is not None:
            if low > high or (low == high and not (low_inc and high_inc)):
                return False
            if low == high and low in excluded:
                return False
    except TypeError:  # values of different kinds; the value checks report that
        return True
    return True


def _within(value: Any, low: Any, low_inc: bool, high: Any, high_inc: bool) -> bool:
    if low is None and high is None:
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float, dt.date)):
        return False
    if low is not None and (value < low or (value == low and not low_inc)):
        return False
    return not (high is not None and (value > high or (value == high and not high_inc)))


def _universe(look: Lookup, ctx: Context, name: str) -> frozenset | None:
    field = look.resolve(name)
    if field is None:
        return None
    if field.type == "boolesk":
        return frozenset({True, False})
    codes = ctx.model.values_of(field)
    return frozenset(codes) if codes is not None else None


def _canonical(look: Lookup, name: str) -> str:
    """`kön` on a child-level record is `barn.kön`."""
    if "." not in name and name not in look.entity.fields and name not in ("ålder", *PERIOD_FIELDS) and "barn" in look.entity.relations:
        return f"barn.{name}"
    return name


def _conflicts(look: Lookup, ctx: Context, found: list[Fact]) -> list[str]:
    by_field: dict[str, list[Fact]] = {}
    for f in found:
        by_field.setdefault(_canonical(look, f.field), []).append(f)
    return [name for name, group in by_field.items() if not _satisfiable(group, _universe(look, ctx, name))]


def _tagged(found: list[Fact], source: str) -> list[Fact]:
    return [Fact(f.field, f.kind, f.values, f.low, f.low_inclusive, f.high, f.high_inclusive, source) for f in found]


def check_subset(ind: Indicator, ctx: Context) -> list[Issue]:
    look = lookup(ctx, ind.records)
    if look is None:
        return []
    base: list[Fact] = []
    for name in ("urval", "nämnare"):
        population = ind.population(name)
        if population is not None and population.condition is not None:
            base += _tagged(facts(population.condition), name)
    excluded = ind.population("exkludering")
    if excluded is not None and excluded.condition is not None:
        base += _tagged(facts(excluded.condition, negate=True), "exkludering")
    conflicts = _conflicts(look, ctx, base)
    if conflicts:
        where = ("populationer", "nämnare") if ind.population("nämnare") else ("populationer", "urval")
        sources = sorted({f.source for f in base if _canonical(look, f.field) == conflicts[0]})
        return [ctx.issue(where, f"nämnaren är alltid tom: villkoren på '{conflicts[0]}' i {' och '.join(sources)} motsäger varandra")]
    numerator = ind.population("täljare")
    if numerator is None or numerator.condition is None:
        return []
    own = _tagged(facts(numerator.condition), "täljare")
    conflicts = _conflicts(look, ctx, base + own)
    if not conflicts:
        return []
    field = conflicts[0]
    others = sorted({f.source for f in base if _canonical(look, f.field) == field})
    against = f"motsäger {' och '.join(others)}" if others else "motsäger sig självt"
    return [
        ctx.issue(
            ("populationer", "täljare", "villkor"),
            f"täljaren kan aldrig uppfyllas inom nämnaren: villkoret på '{field}' {against}, så täljaren är alltid 0",
        )
    ]
