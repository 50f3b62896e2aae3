"""Render the compiled expression tree (`suengine.engine.expr`) as DuckDB SQL.

Identifiers are always double-quoted with embedded quotes doubled; literals are typed
and escaped here, in one place. Values only ever come from validated definitions, but
quoting does not rely on that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, fields, is_dataclass

from suengine.engine import expr as e

# Exact decimals for comparing answers given with two decimals (OJ's årsarbetare).
_CAST_TYPES = {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "date": "DATE", "decimal": "DECIMAL(18,6)"}
_COMPARE_OPS = {"=", "<>", "<", "<=", ">", ">="}
_ARITHMETIC_OPS = {"+", "-", "*", "/", "//"}
_DATE_PARTS = {"year", "month", "day"}


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(value: e.LiteralValue) -> str:
    """A typed SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"icke-ändligt tal i villkor: {value!r}")
        return repr(float(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def render(node: e.Expr) -> str:
    """SQL text for one expression node (recursively)."""
    if isinstance(node, e.Column):
        return ident(node.name) if node.alias is None else f"{ident(node.alias)}.{ident(node.name)}"
    if isinstance(node, e.Literal):
        return literal(node.value)
    if isinstance(node, e.Compare):
        if node.op not in _COMPARE_OPS:
            raise ValueError(node.op)
        return f"({render(node.left)} {node.op} {render(node.right)})"
    if isinstance(node, e.InList):
        return f"({render(node.operand)} IN ({', '.join(render(v) for v in node.values)}))"
    if isinstance(node, e.Between):
        return f"({render(node.operand)} BETWEEN {render(node.low)} AND {render(node.high)})"
    if isinstance(node, e.IsNull):
        return f"({render(node.operand)} IS NULL)"
    if isinstance(node, e.IsNotNull):
        return f"({render(node.operand)} IS NOT NULL)"
    if isinstance(node, e.And):
        return "(" + " AND ".join(render(o) for o in node.operands) + ")"
    if isinstance(node, e.Or):
        return "(" + " OR ".join(render(o) for o in node.operands) + ")"
    if isinstance(node, e.Not):
        return f"(NOT {render(node.operand)})"
    if isinstance(node, e.AddInterval):
        unit = {"month": "MONTH", "day": "DAY"}[node.unit]
        # DuckDB clamps month addition to the month's last day: 31 Jan + 4 months = 31 May.
        return f"({render(node.operand)} + INTERVAL ({int(node.amount)}) {unit})"
    if isinstance(node, e.DaysBetween):
        return f"date_diff('day', {render(node.start)}, {render(node.end)})"
    if isinstance(node, e.MonthsBetween):
        start, end = render(node.start), render(node.end)
        rough = f"((year({end}) - year({start})) * 12 + month({end}) - month({start}))"
        return f"({rough} - CASE WHEN {start} + to_months({rough}) > {end} THEN 1 ELSE 0 END)"
    if isinstance(node, e.AgeYears):
        birth, at = render(node.birth), render(node.at)
        not_yet = (
            f"CASE WHEN month({at}) < month({birth}) OR (month({at}) = month({birth}) AND day({at}) < day({birth})) "
            "THEN 1 ELSE 0 END"
        )
        return f"(year({at}) - year({birth}) - {not_yet})"
    if isinstance(node, e.DatePart):
        if node.part not in _DATE_PARTS:
            raise ValueError(node.part)
        return f"{node.part}({render(node.operand)})"
    if isinstance(node, e.Arithmetic):
        if node.op not in _ARITHMETIC_OPS:
            raise ValueError(node.op)
        return f"({render(node.left)} {node.op} {render(node.right)})"
    if isinstance(node, e.Case):
        whens = " ".join(f"WHEN {render(c)} THEN {render(v)}" for c, v in node.branches)
        return f"(CASE {whens} ELSE {render(node.otherwise)} END)"
    if isinstance(node, (e.Greatest, e.Least)):
        # DuckDB's greatest/least skip NULLs; the engine's nodes are NULL when any operand is.
        name = "greatest" if isinstance(node, e.Greatest) else "least"
        operands = [render(o) for o in node.operands]
        unknown = " OR ".join(f"{o} IS NULL" for o in operands)
        return f"(CASE WHEN {unknown} THEN NULL ELSE {name}({', '.join(operands)}) END)"
    if isinstance(node, e.Coalesce):
        return f"coalesce({', '.join(render(o) for o in node.operands)})"
    if isinstance(node, e.Cast):
        return f"CAST({render(node.operand)} AS {_CAST_TYPES[node.type]})"
    if isinstance(node, e.Exists):
        return f"EXISTS (SELECT 1 FROM {render_source(node.source)} WHERE {render(node.where)})"
    if isinstance(node, e.Related):
        unknown = " OR ".join(f"{render(v)} IS NULL" for v in (node.anchor, *node.own_values))
        found = f"{ident(node.alias)}.{ident(RELATED_DATE)}"
        inside = f"{found} {'>=' if node.direction == 'före' else '<='} {render(node.limit)}"
        return f"(CASE WHEN {unknown} THEN NULL ELSE coalesce({inside}, FALSE) END)"
    raise TypeError(f"okänd nod: {node!r}")


def render_source(source: e.Source) -> str:
    """FROM-clause text: the table and its left joins."""
    parts = [f"{ident(source.table)} AS {ident(source.alias)}"]
    for join in source.joins:
        parts.append(
            f"LEFT JOIN {ident(join.table)} AS {ident(join.alias)} "
            f"ON {ident(join.alias)}.{ident(join.right_column)} = {ident(join.left_alias)}.{ident(join.left_column)}"
        )
    return " ".join(parts)


RELATED_CHILD, RELATED_DATE = "_barn", "_datum"


def related_nodes(node: object) -> list[e.Related]:
    """The `relaterad` nodes of a tree (each alias once), not looking inside them: a related
    record's own conditions belong to its own join."""
    found: dict[str, e.Related] = {}

    def walk(item: object) -> None:
        if isinstance(item, e.Related):
            found.setdefault(item.alias, item)
        elif is_dataclass(item) and not isinstance(item, type):
            for f in fields(item):
                walk(getattr(item, f.name))
        elif isinstance(item, (tuple, list)):
            for part in item:
                walk(part)

    walk(node)
    return list(found.values())


def related_joins(nodes: list[e.Related], base: e.Source | None = None) -> str:
    """Per `relaterad` node, the join that finds the nearest related date after the anchor (before
    it, for `före`) among the related records of the same child that have the same values and meet
    the condition; `render` then tests that date against the window. One row per record, never more.

    With `base` (the record's own source) the join reads a lookup table (`related_lookup`) that
    the session builds once and every indicator with the same relation reuses; otherwise (a
    relation nested in another's condition, or an anchor outside the own source) an inline ASOF join.
    """
    out = []
    for node in nodes:
        lookup = related_lookup(node, base) if base is not None else None
        alias = ident(node.alias)
        if lookup is not None:
            on = [f"{alias}.{ident(c)} = {render(x)}" for c, x in zip(_LOOKUP_KEYS, _own(node))]
            on += [f"{alias}.{ident(f'_o{i}')} = {render(v)}" for i, v in enumerate(node.own_values)]
            out.append(f" LEFT JOIN {ident(lookup.name)} AS {alias} ON {' AND '.join(on)}")
            continue
        on = [f"{alias}.{ident(RELATED_CHILD)} = {render(node.own_child)}"]
        on += [f"{alias}.{ident(f'_v{i}')} = {render(v)}" for i, v in enumerate(node.own_values)]
        on.append(f"{alias}.{ident(RELATED_DATE)} {'<' if node.direction == 'före' else '>'} {render(node.anchor)}")
        out.append(f" ASOF LEFT JOIN ({_candidates(node)}) AS {alias} ON {' AND '.join(on)}")
    return "".join(out)


def _candidates(node: e.Related) -> str:
    """The related records that can be found: child, date and values to match, condition met."""
    source = render_source(node.source) + related_joins(related_nodes(node.condition))
    columns = [f"{render(node.child)} AS {ident(RELATED_CHILD)}", f"{render(node.date)} AS {ident(RELATED_DATE)}"]
    columns += [f"{render(v)} AS {ident(f'_v{i}')}" for i, v in enumerate(node.values)]
    where = [f"{render(x)} IS NOT NULL" for x in (node.child, node.date, *node.values)]
    if node.condition != e.TRUE:
        where.append(f"({render(node.condition)}) IS TRUE")
    return f"SELECT {', '.join(columns)} FROM {source} WHERE {' AND '.join(where)}"


_LOOKUP_KEYS = ("_k", "_a")  # the own child id and anchor; own values are _o0, _o1, …


def _own(node: e.Related) -> tuple[e.Expr, ...]:
    return (node.own_child, node.anchor)


@dataclass(frozen=True)
class Lookup:
    """A lookup table of a relation: for distinct (child `_k`, anchor `_a`, values `_o0`…) of the
    own records, the nearest related date `_datum` — only where one exists. `name` is a hash of
    the related side (candidates, values, direction), not of the window's length or the own
    records: every indicator with the same relation shares the table, and the own records of
    several entities (`keys`, one SELECT DISTINCT each) are searched in one join."""

    name: str
    keys: str  # SELECT DISTINCT _k, _a, _o0… of one own source
    candidates: str
    columns: tuple[str, ...]  # the key columns
    on: str

    def select(self, keys: str) -> str:
        """The nearest related date for the key rows `keys` (a query with this lookup's columns)."""
        return f'SELECT "_k".*, "_c".{ident(RELATED_DATE)} FROM ({keys}) AS "_k" ASOF JOIN ({self.candidates}) AS "_c" ON {self.on}'


def related_lookup(node: e.Related, base: e.Source) -> Lookup | None:
    """The lookup table `node` reads when the own records come from `base` (keeping only the joins
    the anchor and values need); None when the own expressions read anything but that source (the
    inline ASOF join is used then)."""
    own = (*_own(node), *node.own_values)
    source = _pruned(base, own)
    if source is None:
        return None
    names = (*_LOOKUP_KEYS, *(f"_o{i}" for i in range(len(node.own_values))))
    keys = ", ".join(f"{render(x)} AS {ident(c)}" for c, x in zip(names, own))
    known = " AND ".join(f"{render(x)} IS NOT NULL" for x in own)
    on = [f'"_c".{ident(RELATED_CHILD)} = "_k"."_k"']
    on += [f'"_c".{ident(f"_v{i}")} = "_k".{ident(f"_o{i}")}' for i in range(len(node.own_values))]
    on.append(f'"_c".{ident(RELATED_DATE)} {"<" if node.direction == "före" else ">"} "_k"."_a"')
    candidates = _candidates(node)
    name = "_rel_" + hashlib.sha1(f"{node.direction}|{len(names)}|{candidates}".encode()).hexdigest()[:16]
    select = f"SELECT DISTINCT {keys} FROM {render_source(source)} WHERE {known}"
    return Lookup(name, select, candidates, names, " AND ".join(on))


def _pruned(source: e.Source, exprs: tuple[e.Expr, ...]) -> e.Source | None:
    """`source` with only the joins the expressions' columns need; None if they read other aliases
    or contain a search of their own."""
    used: set[str | None] = set()

    def walk(item: object) -> bool:
        if isinstance(item, (e.Related, e.Exists)):
            return False
        if isinstance(item, e.Column):
            used.add(item.alias)
        elif is_dataclass(item) and not isinstance(item, type):
            return all(walk(getattr(item, f.name)) for f in fields(item))
        elif isinstance(item, tuple):
            return all(walk(part) for part in item)
        return True

    if not all(walk(x) for x in exprs):
        return None
    joins = {j.alias: j for j in source.joins}
    if not used <= {source.alias, *joins}:
        return None
    needed, todo = set(), [a for a in used if a in joins]
    while todo:
        alias = todo.pop()
        if alias not in needed:
            needed.add(alias)
            todo += [joins[alias].left_alias] if joins[alias].left_alias in joins else []
    return e.Source(source.table, source.alias, tuple(j for j in source.joins if j.alias in needed))
