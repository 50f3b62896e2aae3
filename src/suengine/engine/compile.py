"""Compile condition trees (`suengine.definitions.conditions`) into the engine's expression tree.

Done once per indicator; the result is plain data (`suengine.engine.expr`) that a backend
renders. Three-valued logic is inherited from SQL: comparisons with a missing value are
unknown, `inte` keeps unknown, `alla`/`någon` are Kleene, `saknas`/`finns` never unknown.
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

from suengine.definitions import conditions as c
from suengine.casedata.datamodel import DataModel, Field
from suengine.engine import expr as e
from suengine.engine.fields import FieldError, FieldResolver

_COMPARE = {"är": "=", "inte_är": "<>", "minst": ">=", "högst": "<=", "större_än": ">", "mindre_än": "<"}
_TRUE_WORDS = {"ja", "true", "sant"}
_FALSE_WORDS = {"nej", "false", "falskt"}


def typed_value(field: Field, value: Any) -> e.Literal:
    """A literal of the field's data-model type, so dates compare as dates and codes as text."""
    if value is None:
        return e.NULL
    if field.type == "datum":
        if isinstance(value, dt.datetime):
            return e.Literal(value.date())
        if isinstance(value, dt.date):
            return e.Literal(value)
        return e.Literal(dt.date.fromisoformat(str(value)))
    if field.type == "heltal":
        return e.Literal(int(value))
    if field.type == "decimal":
        return e.Literal(float(value))
    if field.type == "boolesk":
        if isinstance(value, bool):
            return e.Literal(value)
        text = str(value).strip().lower()
        if text in _TRUE_WORDS:
            return e.Literal(True)
        if text in _FALSE_WORDS:
            return e.Literal(False)
        raise FieldError(f"'{value}' är inte ja/nej för fältet '{field.name}'")
    return e.Literal(str(value))


class ConditionCompiler:
    """Compiles conditions for one record entity; `relaterad` opens sub-resolvers with fresh aliases."""

    def __init__(self, model: DataModel, resolver: FieldResolver) -> None:
        self.model = model
        self.resolver = resolver
        self._aliases = count(1)

    def compile(self, condition: c.Condition, resolver: FieldResolver | None = None) -> e.Expr:
        r = resolver or self.resolver
        if isinstance(condition, c.Compare):
            return self._compare(condition, r)
        if isinstance(condition, c.FieldCompare):
            return self._field_compare(condition, r)
        if isinstance(condition, c.IsMissing):
            return e.IsNull(r.resolve(condition.field)[0])
        if isinstance(condition, c.IsPresent):
            return e.IsNotNull(r.resolve(condition.field)[0])
        if isinstance(condition, c.Not):
            return e.Not(self.compile(condition.operand, r))
        if isinstance(condition, c.All):
            return e.and_(*(self.compile(o, r) for o in condition.operands))
        if isinstance(condition, c.Any_):
            return e.or_(*(self.compile(o, r) for o in condition.operands))
        if isinstance(condition, c.TimeBetween):
            return self._time_between(condition, r)
        if isinstance(condition, c.RelatedExists):
            return self._related(condition, r)
        raise TypeError(f"okänt villkor: {condition!r}")

    def _compare(self, condition: c.Compare, r: FieldResolver) -> e.Expr:
        column, field = r.resolve(condition.field)
        if condition.operator == "en_av":
            return e.InList(column, tuple(typed_value(field, v) for v in condition.value))
        if condition.operator == "mellan":
            low, high = condition.value
            return e.Between(column, typed_value(field, low), typed_value(field, high))
        return e.Compare(_COMPARE[condition.operator], column, typed_value(field, condition.value))

    def _field_compare(self, condition: c.FieldCompare, r: FieldResolver) -> e.Expr:
        left, left_numeric = operand(condition.left, r)
        right, right_numeric = operand(condition.right, r)
        if left_numeric or right_numeric:
            # Numbers compare as exact decimals, so 6.25 + 7.2 equals 13.45 as the answers say.
            left, right = e.Cast(left, "decimal"), e.Cast(right, "decimal")
        return e.Compare(_COMPARE[condition.operator], left, right)

    def _time_between(self, condition: c.TimeBetween, r: FieldResolver) -> e.Expr:
        start, _ = r.resolve(condition.start)
        end, _ = r.resolve(condition.end)
        limit = add_duration(start, condition.duration)
        op = {"högst": "<=", "minst": ">=", "mindre_än": "<", "större_än": ">"}[condition.operator]
        return e.Compare(op, end, limit)

    def _related(self, condition: c.RelatedExists, outer: FieldResolver) -> e.Expr:
        alias = f"r{next(self._aliases)}"
        anchor, _ = outer.resolve(condition.anchor)
        inner = FieldResolver(self.model, condition.entity, alias, age_date=condition.date_field)
        date, _ = inner.resolve(condition.date_field)
        sign = -1 if condition.direction == "före" else 1
        outer_values = [outer.resolve(f)[0] for f in condition.same_values]
        outer_values += [outer.resolve(own)[0] for _, own in condition.same_as]
        theirs = [*condition.same_values, *(field for field, _ in condition.same_as)]
        inner_values = tuple(inner.resolve(f)[0] for f in theirs)
        inner_condition = self.compile(condition.condition, inner) if condition.condition is not None else e.TRUE
        return e.Related(
            alias=alias,
            source=inner.source,  # read last: resolving fields and the condition may add joins
            child=inner.child_id(),
            date=date,
            values=inner_values,
            condition=inner_condition,
            own_child=outer.child_id(),
            anchor=anchor,
            own_values=tuple(outer_values),
            limit=add_duration(anchor, condition.within, sign=sign),
            direction=condition.direction,
        )


def operand(side: c.Operand, r: FieldResolver) -> tuple[e.Expr, bool]:
    """The expression of one side of a field comparison, and whether it is a number.

    A sum is missing (NULL) when any of its terms is, so an unanswered question is never a 0."""
    if isinstance(side, c.FieldRef):
        column, field = r.resolve(side.field)
        return column, field.type in ("heltal", "decimal")
    terms = [e.Cast(r.resolve(f)[0], "decimal") for f in side.fields]
    total = terms[0]
    for term in terms[1:]:
        total = e.Arithmetic("+", total, term)
    return total, True


def add_duration(operand: e.Expr, duration: c.Duration, sign: int = 1) -> e.Expr:
    unit = "month" if duration.unit == "månader" else "day"
    return e.AddInterval(operand, sign * duration.amount, unit)
