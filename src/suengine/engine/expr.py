"""The engine's compiled form: a small, backend-neutral expression tree.

Conditions from the YAML (`suengine.definitions.conditions`) are compiled once into these nodes, with
every field already resolved to a column of a concrete table alias. A backend (today
`suengine.engine.sql`, DuckDB SQL) renders the tree; another backend only needs a new
renderer, not a new compiler. Nodes are frozen dataclasses so compiled trees can be
cached and compared.

Null semantics are SQL's: a comparison with a missing value is unknown (NULL), `Not` of
unknown is unknown, `And`/`Or` are Kleene. `IsNull`/`IsNotNull` are never unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Union

LiteralValue = Union[str, int, float, bool, dt.date, None]


@dataclass(frozen=True)
class Column:
    """A column of a table alias (alias None = unqualified name, e.g. a CTE column)."""

    alias: str | None
    name: str


@dataclass(frozen=True)
class Literal:
    value: LiteralValue


@dataclass(frozen=True)
class Compare:
    op: str  # one of = <> < <= > >=
    left: Expr
    right: Expr


@dataclass(frozen=True)
class InList:
    operand: Expr
    values: tuple[Literal, ...]


@dataclass(frozen=True)
class Between:
    operand: Expr
    low: Expr
    high: Expr


@dataclass(frozen=True)
class IsNull:
    operand: Expr


@dataclass(frozen=True)
class IsNotNull:
    operand: Expr


@dataclass(frozen=True)
class And:
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class AddInterval:
    """date + n calendar months (clamped to the month's last day) or n days; n may be negative."""

    operand: Expr
    amount: int
    unit: str  # "month" | "day"


@dataclass(frozen=True)
class DaysBetween:
    """Whole days from start to end (end - start)."""

    start: Expr
    end: Expr


@dataclass(frozen=True)
class MonthsBetween:
    """Whole calendar months from start to end: the largest n with start + n months <= end."""

    start: Expr
    end: Expr


@dataclass(frozen=True)
class AgeYears:
    """Age in whole years at `at` for someone born on `birth` (birthday not yet reached ⇒ one less)."""

    birth: Expr
    at: Expr


@dataclass(frozen=True)
class DatePart:
    """year / month / day of a date, as an integer."""

    part: str  # "year" | "month" | "day"
    operand: Expr


@dataclass(frozen=True)
class Arithmetic:
    op: str  # + - * / and // (integer division)
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Case:
    """CASE WHEN c1 THEN v1 … ELSE otherwise END (first true branch wins; NULL condition is not true)."""

    branches: tuple[tuple[Expr, Expr], ...]
    otherwise: Expr


@dataclass(frozen=True)
class Greatest:
    """The largest operand; NULL if any operand is NULL (unlike SQL's greatest, which skips NULLs)."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Least:
    """The smallest operand; NULL if any operand is NULL."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Coalesce:
    """The first operand that is not NULL."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Cast:
    operand: Expr
    type: str  # "text" | "int" | "float" | "date" | "decimal" (exact, six decimals)


@dataclass(frozen=True)
class Join:
    """LEFT JOIN `table` AS `alias` ON alias.right_column = left_alias.left_column."""

    table: str
    alias: str
    left_alias: str
    left_column: str
    right_column: str


@dataclass(frozen=True)
class Source:
    """A table with the left joins its resolved fields need."""

    table: str
    alias: str
    joins: tuple[Join, ...] = ()


@dataclass(frozen=True)
class Exists:
    """EXISTS (SELECT 1 FROM source WHERE where) — true or false, never unknown."""

    source: Source
    where: Expr


@dataclass(frozen=True)
class Related:
    """`relaterad`: a record of another entity for the same child whose date lies in a window
    of the own record's anchor, with the same values and meeting a condition.

    True when such a record exists, false when none does, unknown when the anchor or a value
    to match is missing. Rendered as an ASOF join (`alias` names it): the nearest related date
    after the anchor (before it, for `före`) is found once per record, then tested against
    `limit` (anchor ± the window). `as_exists` gives the same logic as a correlated EXISTS.
    """

    alias: str
    source: Source  # the related entity, with the joins its fields need
    child: Expr  # its barn_id
    date: Expr  # its date field
    values: tuple[Expr, ...]  # its fields that must equal `own_values`
    condition: Expr  # what it must meet (TRUE when nothing)
    own_child: Expr
    anchor: Expr
    own_values: tuple[Expr, ...]
    limit: Expr  # anchor + window (efter) or anchor - window (före)
    direction: str  # "efter" | "före"


Expr = Union[
    Column,
    Literal,
    Compare,
    InList,
    Between,
    IsNull,
    IsNotNull,
    And,
    Or,
    Not,
    AddInterval,
    DaysBetween,
    MonthsBetween,
    AgeYears,
    DatePart,
    Arithmetic,
    Case,
    Greatest,
    Least,
    Coalesce,
    Cast,
    Exists,
    Related,
]

TRUE = Literal(True)
FALSE = Literal(False)
NULL = Literal(None)


def and_(*operands: Expr) -> Expr:
    """Kleene AND that drops literal TRUE operands (they do not change the result)."""
    kept = tuple(o for o in operands if o != TRUE)
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else And(kept)


def or_(*operands: Expr) -> Expr:
    kept = tuple(o for o in operands if o != FALSE)
    if not kept:
        return FALSE
    return kept[0] if len(kept) == 1 else Or(kept)


def as_exists(node: Related) -> Expr:
    """The same logic as a correlated EXISTS inside a CASE (the straightforward form, kept as the
    reference the ASOF rendering is tested against)."""
    if node.direction == "före":
        window = [Compare(">=", node.date, node.limit), Compare("<", node.date, node.anchor)]
    else:
        window = [Compare(">", node.date, node.anchor), Compare("<=", node.date, node.limit)]
    same = [Compare("=", theirs, own) for theirs, own in zip(node.values, node.own_values)]
    where = and_(Compare("=", node.child, node.own_child), *window, *same, node.condition)
    unknown = or_(IsNull(node.anchor), *(IsNull(v) for v in node.own_values))
    return Case(((unknown, NULL),), Exists(node.source, where))
