"""Build the one SQL statement that evaluates a compiled plan for all periods and strata.

Shape (CTEs):
  _par  paired before/after measurements (förändring only)
  _rec  one row per record in the periods' date range: period code, the three-valued
        result of every population, breakdown values, value/category
  _st   the record's state, always true/false, following the set algebra of
        docs/indikatorformat.md (Kleene logic on the population expressions)
  _pre  (counting children only) the records merged per child, period and strata
  _unit (counting children only) one row per child × grouping set, from _pre: a child is
        in a population if any of its records is
then one GROUP BY GROUPING SETS over (period), (period, breakdown) … and, for measures
with categories, the same sets × category. Each indicator is a single scan; `relaterad`
windows read lookup tables (`lookups`) that the session builds once for all indicators.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from suengine.engine import expr as e
from suengine.engine.fields import PERIOD_ALIAS, PERIOD_CODE, PERIOD_END, PERIOD_START
from suengine.engine.periods import Period, period_code_expr
from suengine.engine.plan import AFTER, BEFORE, PAIRS_TABLE, Plan
from suengine.engine.sql import Lookup, ident, literal, related_joins, related_lookup, related_nodes, render, render_source
from suengine.engine.states import FALSE, STATES, TRUE, _and, _not, is_constant, state_expressions
from suengine.errors import SuengineError

# Counts per unit: (state that must hold, state that must not). At record level the states
# are exclusive so the second part never matters; for children it keeps a child that is in the
# nämnare through one record out of the exkluderade/censurerade/bortfall of another.
COUNTS = {
    "urval": ("s_urval", None),
    "censurerade": ("s_cens", "s_eff"),
    "exkluderade": ("s_exkl", "s_eff"),
    "undantag": ("s_und", "s_eff"),
    "nämnare": ("s_eff", None),
    "bortfall_nämnare": ("s_bn", "s_eff"),
    "täljare": ("s_talj", None),
    "bortfall_täljare": ("s_bt", "s_talj"),
}


def _population_inputs(plan: Plan) -> dict[str, e.Expr]:
    return {
        "_urval": plan.urval,
        "_nämnare": plan.denominator,
        "_öppen": plan.window_open,
        "_exkl": plan.exclusion,
        "_undantag": plan.exception,
        "_täljare": plan.numerator,
    }


def _inputs_sql(plan: Plan) -> dict[str, str]:
    """Each population input as a column reference, or TRUE/FALSE when the definition fixes it."""
    out = {}
    for name, expr in _population_inputs(plan).items():
        out[name] = TRUE if expr == e.TRUE else FALSE if expr == e.FALSE else ident(name)
    return out


def _state_sql(plan: Plan) -> dict[str, str]:
    return state_expressions(_inputs_sql(plan))


def _variable_states(plan: Plan) -> list[str]:
    """States computed as columns: not constant, and each distinct expression once."""
    seen: dict[str, str] = {}
    for name, sql in _state_sql(plan).items():
        if not is_constant(sql) and sql not in seen:
            seen[sql] = name
    return list(seen.values())


def _counts(refs: dict[str, str], exclusive: bool) -> list[str]:
    """count_if per result column, with impossible states folded to 0 (`exclusive`: one record per unit)."""
    out = []
    for name, (must, must_not) in COUNTS.items():
        condition = _and(refs[must], _not(refs[must_not])) if must_not and not exclusive else refs[must]
        out.append(f"{'0' if condition == FALSE else f'count_if({condition})'} AS {ident(name)}")
    return out


def _record_refs(plan: Plan) -> dict[str, str]:
    """Each state as its column (shared when two states have the same expression) or constant."""
    states = _state_sql(plan)
    column = {states[name]: name for name in _variable_states(plan)}
    return {name: (sql if is_constant(sql) else column[sql]) for name, sql in states.items()}


def _child_refs(plan: Plan) -> tuple[dict[str, str], str]:
    """A child's states are the OR of its records' states, packed in one bitmask `m`."""
    variable = _variable_states(plan)
    bits = {name: f"((m & {1 << i}) <> 0)" for i, name in enumerate(variable)}
    refs = {name: (ref if is_constant(ref) else bits[ref]) for name, ref in _record_refs(plan).items()}
    mask = " | ".join(f"(CAST({name} AS INTEGER) << {i})" for i, name in enumerate(variable)) or "0"
    return refs, mask


def _pairs_cte(plan: Plan) -> str:
    """Per link (e.g. insats_id): the earliest `före` and the latest `efter` value of the instrument,
    read from uppföljning's datum/tidpunkt/instrument fields; a record pairs only if both exist."""
    p = plan.pairs
    assert p is not None
    value, when, kind = ident(p.value), ident("datum"), ident("tidpunkt")
    return (
        f"{ident(PAIRS_TABLE)} AS (SELECT {ident(p.link)}, "
        f"arg_min({value}, {when}) FILTER (WHERE {kind} = {literal(p.before)} AND {value} IS NOT NULL) AS {ident(BEFORE)}, "
        f"arg_max({value}, {when}) FILTER (WHERE {kind} = {literal(p.after)} AND {value} IS NOT NULL) AS {ident(AFTER)} "
        f"FROM {ident(p.table)} WHERE {ident('instrument')} = {literal(p.instrument)} GROUP BY {ident(p.link)})"
    )


def _placement(plan: Plan, periods: list[Period]) -> tuple[str, str, str]:
    """FROM clause, date-range filter and period-code expression that place records in periods.

    Usually a record's perioddatum decides its period, computed from the date. When the plan
    reads the period table (`pågår_till`, `periodens_start`/`periodens_slut`, `dagar_i_perioden`)
    the records are joined to a small VALUES table of the periods instead: on the period that
    holds perioddatum, or with `pågår_till` on every period the interval [perioddatum,
    pågår_till] overlaps (a missing end means still ongoing).
    """
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    date = render(plan.period_date)
    source = render_source(plan.source)
    related = related_joins(_related(plan), base=plan.source)
    if not plan.period_table:
        code = render(period_code_expr(plan.period_date, periods[0].kind))
        return source + related, f"{date} >= {literal(first)} AND {date} <= {literal(last)}", code
    rows = ", ".join(f"({p.code}, {literal(p.start)}, {literal(p.end)})" for p in periods)
    table = f"(VALUES {rows}) AS {ident(PERIOD_ALIAS)}({ident(PERIOD_CODE)}, {ident(PERIOD_START)}, {ident(PERIOD_END)})"
    start, end = (f"{ident(PERIOD_ALIAS)}.{ident(c)}" for c in (PERIOD_START, PERIOD_END))
    if plan.ongoing_until is None:
        on = f"{date} >= {start} AND {date} <= {end}"
        where = f"{date} >= {literal(first)} AND {date} <= {literal(last)}"
    else:
        until = render(plan.ongoing_until)
        on = f"{date} <= {end} AND ({until} IS NULL OR {until} >= {start})"
        where = f"{date} <= {literal(last)} AND ({until} IS NULL OR {until} >= {literal(first)})"
    return f"{source} JOIN {table} ON {on}{related}", where, f"{ident(PERIOD_ALIAS)}.{ident(PERIOD_CODE)}"


def _related(plan: Plan) -> list[e.Related]:
    return related_nodes([getattr(plan, f.name) for f in fields(plan) if f.name not in ("indicator", "source")])


def lookups(plan: Plan) -> list[Lookup]:
    """The lookup tables the plan's statement joins (`Session.build` makes them): one per
    `relaterad` relation, shared by every indicator with the same relation."""
    found = (related_lookup(node, plan.source) for node in _related(plan))
    return [item for item in found if item is not None]


def _with(plan: Plan, periods: list[Period], with_child_id: bool = False, with_all_states: bool = False) -> str:
    """The shared CTEs: _par (if needed), _rec and _st."""
    source, in_range, period_code = _placement(plan, periods)
    columns = [
        f"{render(plan.key)} AS {ident('_key')}",
        f"{render(plan.unit) if plan.unit is not None else render(plan.key)} AS {ident('_unit')}",
        f"{period_code} AS {ident('_period')}",
    ]
    constants = _inputs_sql(plan)
    columns += [f"{render(expr)} AS {ident(name)}" for name, expr in _population_inputs(plan).items() if not is_constant(constants[name])]
    columns += [f"{render(d.expr)} AS {ident(f'_d{i}')}" for i, d in enumerate(plan.dimensions)]
    if plan.value is not None:
        columns.append(f"{render(plan.value)} AS {ident('_v')}")
    if plan.divisor is not None:
        columns.append(f"{render(plan.divisor)} AS {ident('_w')}")
    if plan.category is not None:
        columns.append(f"{render(plan.category)} AS {ident('_cat')}")
    if plan.sum_denominator is not None:
        columns.append(f"{render(plan.sum_denominator)} AS {ident('_sumn')}")
    if plan.sum_numerator is not None:
        columns.append(f"{render(plan.sum_numerator)} AS {ident('_sumt')}")
    columns += [f"{render(rule)} AS {ident(f'_ol{i}')}" for i, rule in enumerate(plan.illogical)]
    if with_child_id:
        columns.append(f"{render(plan.child_id) if plan.child_id is not None else 'NULL'} AS {ident('_barn')}")
    ctes = [_pairs_cte(plan)] if plan.pairs is not None else []
    ctes.append(
        f"{ident('_rec')} AS (SELECT\n    " + ",\n    ".join(columns) + f"\n  FROM {source}\n"
        f"  WHERE {in_range}{_urval_filter(plan)})"
    )
    states = _state_sql(plan)
    if with_all_states:
        state_columns = [f"{sql} AS {name}" for name, sql in states.items()]
    else:
        state_columns = [f"{states[name]} AS {name}" for name in _variable_states(plan)]
    ctes.append(f"{ident('_st')} AS (SELECT *,\n    " + ",\n    ".join(state_columns) + f"\n  FROM {ident('_rec')})")
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
    refs = _record_refs(plan)
    eff, talj = refs["s_eff"], refs["s_talj"]
    out = _counts(refs, exclusive=True)
    if plan.value is not None:
        v = ident("_v")
        out += [f"count({v}) FILTER (WHERE {eff}) AS n_värde", f"count_if({eff} AND {v} IS NULL) AS n_saknas"]
        kind = plan.indicator.scoring.kind
        if kind == "median":
            out.append(f"median({v}) FILTER (WHERE {eff}) AS median")
        elif kind == "summa":
            out.append(f"sum({v}) FILTER (WHERE {eff}) AS summa")
            if plan.divisor is not None:
                out.append(f"sum({ident('_w')}) FILTER (WHERE {eff}) AS summa_delare")
        else:
            out.append(f"avg({v}) FILTER (WHERE {eff}) AS medel")
    if plan.has_categories:
        out.append(f"count_if({eff} AND {ident('_cat')} IS NOT NULL) AS n_känd")
    if plan.sum_denominator is not None:
        n = ident("_sumn")
        out += [f"sum({n}) FILTER (WHERE {eff}) AS summa_nämnare", f"count_if({eff} AND {n} IS NULL) AS saknas_nämnare"]
    if plan.sum_numerator is not None:
        t = ident("_sumt")
        out += [f"sum({t}) FILTER (WHERE {talj}) AS summa_täljare", f"count_if({talj} AND {t} IS NULL) AS saknas_täljare"]
    return out + _illogical_counts(plan, refs["s_urval"])


def _illogical_counts(plan: Plan, urval: str) -> list[str]:
    """Per ologiskt_om rule: records in the urval that definitely meet it (unknown is not met)."""
    return [f"count_if({_met(urval, i)}) AS {ident('ologiskt_' + str(i))}" for i in range(len(plan.illogical))]


def _met(urval: str, index: int) -> str:
    return _and(urval, "coalesce(" + ident("_ol" + str(index)) + ", FALSE)")


def _any_state(plan: Plan) -> str:
    """Rows in no population at all (urval definitely false) count nowhere."""
    variable = _variable_states(plan)
    constant_true = any(sql == TRUE for sql in _state_sql(plan).values())
    return TRUE if constant_true or not variable else " OR ".join(variable)


def aggregate_sql(plan: Plan, periods: list[Period]) -> str:
    """One statement returning a row per period × grouping set with every count the measures need."""
    head = _with(plan, periods)
    keys = _keys(plan)
    if not plan.counts_children:
        select = [*keys, *_grouping_flags(plan), *_record_aggregates(plan)]
        return f"{head}\nSELECT {', '.join(select)}\nFROM {ident('_st')}\nGROUP BY {_grouping_sets(plan)}"
    if plan.sum_denominator is not None or plan.sum_numerator is not None:
        raise SuengineError(f"{plan.indicator.id}: summerade populationer kan inte räknas per barn")
    record_refs = _record_refs(plan)
    eff = record_refs["s_eff"]
    refs, mask = _child_refs(plan)
    # per child and key combination first (`_pre`, few rows), then the grouping sets over that:
    # every part below is an aggregate of aggregates (bit_or, sum, bool_or, lists)
    pre = [*keys, ident("_unit"), f"bit_or({mask}) AS m"]
    inner = [*keys, *_grouping_flags(plan), ident("_unit"), "bit_or(m) AS m"]
    outer = [*keys, *_flag_names(plan), *_counts(refs, exclusive=False)]
    if plan.value is not None:  # measures of a value are always taken over records
        v = ident("_v")
        pre += [
            f"sum({v}) FILTER (WHERE {eff}) AS v_sum",
            f"count({v}) FILTER (WHERE {eff}) AS v_n",
            f"count_if({eff} AND {v} IS NULL) AS v_miss",
        ]
        inner += ["sum(v_sum) AS v_sum", "sum(v_n) AS v_n", "sum(v_miss) AS v_miss"]
        outer += ["sum(v_n) AS n_värde", "sum(v_sum) / nullif(sum(v_n), 0) AS medel", "sum(v_miss) AS n_saknas"]
        if plan.indicator.scoring.kind == "summa":
            outer.append("sum(v_sum) AS summa")
            if plan.divisor is not None:
                pre.append(f"sum({ident('_w')}) FILTER (WHERE {eff}) AS w_sum")
                inner.append("sum(w_sum) AS w_sum")
                outer.append("sum(w_sum) AS summa_delare")
        if plan.indicator.scoring.kind == "median":
            pre.append(f"list({v}) FILTER (WHERE {eff} AND {v} IS NOT NULL) AS v_list")
            inner.append("flatten(list(v_list)) AS v_list")
            outer.append("list_median(flatten(list(v_list))) AS median")
    if plan.has_categories:
        pre.append(f"bool_or({eff} AND {ident('_cat')} IS NOT NULL) AS s_known")
        inner.append("bool_or(s_known) AS s_known")
        outer.append("count_if(s_known) AS n_känd")
    for i in range(len(plan.illogical)):
        pre.append(f"bool_or({_met(record_refs['s_urval'], i)}) AS o{i}")
        inner.append(f"bool_or(o{i}) AS o{i}")
        outer.append(f"count_if(o{i}) AS {ident('ologiskt_' + str(i))}")
    unit = (
        f",\n{ident('_pre')} AS (SELECT {', '.join(pre)}\n  FROM {ident('_st')} WHERE {_any_state(plan)}\n"
        f"  GROUP BY {', '.join([*keys, ident('_unit')])}),"
        f"\n{ident('_unit')} AS (SELECT {', '.join(inner)}\n  FROM {ident('_pre')}\n"
        f"  GROUP BY {_grouping_sets(plan, (ident('_unit'),))})"
    )
    return (
        f"{head}{unit}\nSELECT {', '.join(outer)}\nFROM {ident('_unit')}\n"
        f"GROUP BY {', '.join([*keys, *_flag_names(plan)])}"
    )


def records_sql(plan: Plan, periods: list[Period]) -> str:
    """Per-record states for `explain --intern` (internal use only; carries pseudonymous ids)."""
    head = _with(plan, periods, with_child_id=True, with_all_states=True)
    codes = ", ".join(str(p.code) for p in periods)
    dims = [ident(f"_d{i}") for i in range(len(plan.dimensions))]
    select = [ident("_key"), ident("_barn"), ident("_period"), *STATES, *dims]
    any_state = " OR ".join(STATES)
    return f"{head}\nSELECT {', '.join(select)}\nFROM {ident('_st')}\nWHERE {ident('_period')} IN ({codes}) AND ({any_state})"
