"""Build the one SQL statement that evaluates a compiled plan for all periods and strata.

Shape (CTEs):
  _par  paired before/after measurements (förändring only)
  _rec  one row per record in the periods' date range: period code, the three-valued
        result of every population, breakdown values, value/category
  _st   the record's state, always true/false, following the set algebra of
        docs/indikatorformat.md (Kleene logic on the population expressions)
  _unit (counting children only) one row per child × grouping set: a child is in a
        population if any of its records is
then one GROUP BY GROUPING SETS over (period), (period, breakdown) … and, for measures
with categories, the same sets × category. Each indicator is a single scan.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from suengine.engine import expr as e
from suengine.engine.periods import Period, period_code_expr
from suengine.engine.plan import AFTER, BEFORE, PAIRS_TABLE, Plan
from suengine.engine.sql import ident, literal, render, render_source
from suengine.errors import SuengineError

STATES = ("s_urval", "s_cens", "s_exkl", "s_und", "s_eff", "s_bn", "s_talj", "s_bt")

# Counts per unit. At record level the states are exclusive so the `AND NOT` parts are no-ops;
# for children they keep a child that is in the nämnare through one record out of the
# exkluderade/censurerade/bortfall of another.
COUNTS = {
    "urval": "count_if({s_urval})",
    "censurerade": "count_if({s_cens} AND NOT {s_eff})",
    "exkluderade": "count_if({s_exkl} AND NOT {s_eff})",
    "undantag": "count_if({s_und} AND NOT {s_eff})",
    "nämnare": "count_if({s_eff})",
    "bortfall_nämnare": "count_if({s_bn} AND NOT {s_eff})",
    "täljare": "count_if({s_talj})",
    "bortfall_täljare": "count_if({s_bt} AND NOT {s_talj})",
}
RECORD_STATES = {s: s for s in STATES}
# Counting children, a child's states are the OR of its records' states, packed in one bitmask.
CHILD_STATES = {s: f"((m & {1 << i}) <> 0)" for i, s in enumerate(STATES)}
STATE_MASK = " | ".join(f"(CAST({s} AS INTEGER) << {i})" for i, s in enumerate(STATES))


def _counts(states: dict[str, str]) -> list[str]:
    return [f"{template.format(**states)} AS {ident(name)}" for name, template in COUNTS.items()]


def _states() -> str:
    u, n, o, x, d, t = ('"_urval"', '"_nämnare"', '"_öppen"', '"_exkl"', '"_undantag"', '"_täljare"')
    effective = f"({u} AND {n} AND NOT {o} AND NOT {x} AND NOT ({d} AND NOT {t}))"
    return ",\n    ".join(
        [
            f"coalesce({u}, FALSE) AS s_urval",
            f"coalesce({u} AND {n} AND {o}, FALSE) AS s_cens",
            f"coalesce({u} AND {n} AND NOT {o} AND {x}, FALSE) AS s_exkl",
            f"coalesce({u} AND {n} AND NOT {o} AND NOT {x} AND {d} AND NOT {t}, FALSE) AS s_und",
            f"coalesce({effective}, FALSE) AS s_eff",
            f"({effective} IS NULL) AS s_bn",
            f"coalesce({effective} AND {t}, FALSE) AS s_talj",
            f"(coalesce({effective}, FALSE) AND {t} IS NULL) AS s_bt",
        ]
    )


def _pairs_cte(plan: Plan) -> str:
    p = plan.pairs
    assert p is not None
    value, when, kind = ident(p.value), ident("datum"), ident("tidpunkt")
    return (
        f"{ident(PAIRS_TABLE)} AS (SELECT {ident(p.link)}, "
        f"arg_min({value}, {when}) FILTER (WHERE {kind} = {literal(p.before)} AND {value} IS NOT NULL) AS {ident(BEFORE)}, "
        f"arg_max({value}, {when}) FILTER (WHERE {kind} = {literal(p.after)} AND {value} IS NOT NULL) AS {ident(AFTER)} "
        f"FROM {ident(p.table)} WHERE {ident('instrument')} = {literal(p.instrument)} GROUP BY {ident(p.link)})"
    )


def _with(plan: Plan, periods: list[Period], with_child_id: bool = False) -> str:
    """The shared CTEs: _par (if needed), _rec and _st."""
    kind = periods[0].kind
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    date = render(plan.period_date)
    columns = [
        f"{render(plan.key)} AS {ident('_key')}",
        f"{render(plan.unit) if plan.unit is not None else render(plan.key)} AS {ident('_unit')}",
        f"{render(period_code_expr(plan.period_date, kind))} AS {ident('_period')}",
        f"{render(plan.urval)} AS {ident('_urval')}",
        f"{render(plan.denominator)} AS {ident('_nämnare')}",
        f"{render(plan.window_open)} AS {ident('_öppen')}",
        f"{render(plan.exclusion)} AS {ident('_exkl')}",
        f"{render(plan.exception)} AS {ident('_undantag')}",
        f"{render(plan.numerator)} AS {ident('_täljare')}",
    ]
    columns += [f"{render(d.expr)} AS {ident(f'_d{i}')}" for i, d in enumerate(plan.dimensions)]
    if plan.value is not None:
        columns.append(f"{render(plan.value)} AS {ident('_v')}")
    if plan.category is not None:
        columns.append(f"{render(plan.category)} AS {ident('_cat')}")
    if plan.sum_denominator is not None:
        columns.append(f"{render(plan.sum_denominator)} AS {ident('_sumn')}")
    if plan.sum_numerator is not None:
        columns.append(f"{render(plan.sum_numerator)} AS {ident('_sumt')}")
    if with_child_id:
        columns.append(f"{render(plan.child_id) if plan.child_id is not None else 'NULL'} AS {ident('_barn')}")
    ctes = [_pairs_cte(plan)] if plan.pairs is not None else []
    ctes.append(
        f"{ident('_rec')} AS (SELECT\n    " + ",\n    ".join(columns) + f"\n  FROM {render_source(plan.source)}\n"
        f"  WHERE {date} >= {literal(first)} AND {date} <= {literal(last)}{_urval_filter(plan)})"
    )
    ctes.append(f"{ident('_st')} AS (SELECT *,\n    {_states()}\n  FROM {ident('_rec')})")
    return "WITH " + ",\n".join(ctes)


def _urval_filter(plan: Plan) -> str:
    """A record whose urval is definitely false counts nowhere; dropping it in WHERE lets the
    database filter before joining, as a hand-written query would (skipped when the urval
    itself searches related records, which would then be evaluated twice)."""
    if _has_exists(plan.urval):
        return ""
    return f" AND ({render(plan.urval)}) IS NOT FALSE"


def _has_exists(node: object) -> bool:
    if isinstance(node, e.Exists):
        return True
    if is_dataclass(node):
        return any(_has_exists(getattr(node, f.name)) for f in fields(node))
    if isinstance(node, tuple):
        return any(_has_exists(item) for item in node)
    return False


def tables_used(plan: Plan) -> set[str]:
    """Entity tables the plan's statement reads (CTEs such as _par are not tables)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, e.Source):
            found.add(node.table)
            found.update(j.table for j in node.joins)
        if is_dataclass(node) and not isinstance(node, type):
            for f in fields(node):
                walk(getattr(node, f.name))
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item)

    for f in fields(plan):
        if f.name != "indicator":
            walk(getattr(plan, f.name))
    if plan.pairs is not None:
        found.add(plan.pairs.table)
    return found - {PAIRS_TABLE}


def _grouping_sets(plan: Plan, extra: tuple[str, ...] = ()) -> str:
    dims = [ident(f"_d{i}") for i in range(len(plan.dimensions))]
    base = [[], *[[d] for d in dims]]
    if plan.has_categories:
        base += [[*s, ident("_cat")] for s in list(base)]
    sets = [", ".join([ident("_period"), *s, *extra]) for s in base]
    return "GROUPING SETS (" + ", ".join(f"({s})" for s in sets) + ")"


def _keys(plan: Plan) -> list[str]:
    keys = [ident("_period"), *(ident(f"_d{i}") for i in range(len(plan.dimensions)))]
    return keys + ([ident("_cat")] if plan.has_categories else [])


def _grouping_flags(plan: Plan) -> list[str]:
    flags = [f"GROUPING({ident(f'_d{i}')}) AS {ident(f'_g{i}')}" for i in range(len(plan.dimensions))]
    return flags + ([f"GROUPING({ident('_cat')}) AS {ident('_gc')}"] if plan.has_categories else [])


def _flag_names(plan: Plan) -> list[str]:
    names = [ident(f"_g{i}") for i in range(len(plan.dimensions))]
    return names + ([ident("_gc")] if plan.has_categories else [])


def _record_aggregates(plan: Plan) -> list[str]:
    out = _counts(RECORD_STATES)
    if plan.value is not None:
        v = ident("_v")
        out += [
            f"count({v}) FILTER (WHERE s_eff) AS n_värde",
            f"avg({v}) FILTER (WHERE s_eff) AS medel",
            f"count_if(s_eff AND {v} IS NULL) AS n_saknas",
        ]
        if plan.indicator.scoring.kind == "median":
            out.append(f"median({v}) FILTER (WHERE s_eff) AS median")
    if plan.has_categories:
        out.append(f"count_if(s_eff AND {ident('_cat')} IS NOT NULL) AS n_känd")
    if plan.sum_denominator is not None:
        out += [f"sum({ident('_sumn')}) FILTER (WHERE s_eff) AS summa_nämnare", f"count_if(s_eff AND {ident('_sumn')} IS NULL) AS saknas_nämnare"]
    if plan.sum_numerator is not None:
        out += [f"sum({ident('_sumt')}) FILTER (WHERE s_talj) AS summa_täljare", f"count_if(s_talj AND {ident('_sumt')} IS NULL) AS saknas_täljare"]
    return out


def aggregate_sql(plan: Plan, periods: list[Period]) -> str:
    """One statement returning a row per period × grouping set with every count the measures need."""
    head = _with(plan, periods)
    keys = _keys(plan)
    if not plan.counts_children:
        select = [*keys, *_grouping_flags(plan), *_record_aggregates(plan)]
        return f"{head}\nSELECT {', '.join(select)}\nFROM {ident('_st')}\nGROUP BY {_grouping_sets(plan)}"
    if plan.sum_denominator is not None or plan.sum_numerator is not None:
        raise SuengineError(f"{plan.indicator.id}: summerade populationer kan inte räknas per barn")
    inner = [*keys, *_grouping_flags(plan), ident("_unit"), f"bit_or({STATE_MASK}) AS m"]
    outer = [*keys, *_flag_names(plan), *_counts(CHILD_STATES)]
    if plan.value is not None:  # measures of a value are always taken over records
        v = ident("_v")
        inner += [
            f"sum({v}) FILTER (WHERE s_eff) AS v_sum",
            f"count({v}) FILTER (WHERE s_eff) AS v_n",
            f"count_if(s_eff AND {v} IS NULL) AS v_miss",
        ]
        outer += ["sum(v_n) AS n_värde", "sum(v_sum) / nullif(sum(v_n), 0) AS medel", "sum(v_miss) AS n_saknas"]
        if plan.indicator.scoring.kind == "median":
            inner.append(f"list({v}) FILTER (WHERE s_eff AND {v} IS NOT NULL) AS v_list")
            outer.append("list_median(flatten(list(v_list))) AS median")
    if plan.has_categories:
        inner.append(f"bool_or(s_eff AND {ident('_cat')} IS NOT NULL) AS s_known")
        outer.append("count_if(s_known) AS n_känd")
    any_state = " OR ".join(STATES)
    unit = (
        f",\n{ident('_unit')} AS (SELECT {', '.join(inner)}\n  FROM {ident('_st')} WHERE {any_state}\n"
        f"  GROUP BY {_grouping_sets(plan, (ident('_unit'),))})"
    )
    return (
        f"{head}{unit}\nSELECT {', '.join(outer)}\nFROM {ident('_unit')}\n"
        f"GROUP BY {', '.join([*keys, *_flag_names(plan)])}"
    )


def records_sql(plan: Plan, periods: list[Period]) -> str:
    """Per-record states for `explain --intern` (internal use only; carries pseudonymous ids)."""
    head = _with(plan, periods, with_child_id=True)
    codes = ", ".join(str(p.code) for p in periods)
    dims = [ident(f"_d{i}") for i in range(len(plan.dimensions))]
    select = [ident("_key"), ident("_barn"), ident("_period"), *STATES, *dims]
    any_state = " OR ".join(STATES)
    return f"{head}\nSELECT {', '.join(select)}\nFROM {ident('_st')}\nWHERE {ident('_period')} IN ({codes}) AND ({any_state})"
