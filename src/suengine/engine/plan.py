"""Compile one indicator, once, into a backend-neutral plan of expressions.

The plan holds, per record of the `poster` entity: its key, the unit counted (the record
or the child), the date that places it in a period, the three-valued expression of every
population, the open follow-up window, the breakdown values, and the value or category
that the measure needs. `suengine.engine.query` turns a plan into one SQL statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, is_dataclass

from suengine.casedata.datamodel import DataModel, Field
from suengine.engine import expr as e
from suengine.engine.compile import ConditionCompiler, add_duration
from suengine.engine.fields import PERIOD_ALIAS, PERIOD_END, PERIOD_START, FieldError, FieldResolver
from suengine.definitions.model import AgeGroup, Breakdown, Indicator, ValueSpec

RECORD_ALIAS = "t"
PAIRS_TABLE = "_par"  # CTE with paired before/after measurements (förändring)
BEFORE, AFTER = "_före", "_efter"
MAIN_CATEGORY = "ja"
NOT_APPLICABLE = "ej_aktuellt"


@dataclass(frozen=True)
class Dimension:
    """One breakdown: its text-valued expression (NULL when the value is missing) and known strata."""

    name: str
    field: str
    expr: e.Expr
    known: tuple[str, ...]
    breakdown: Breakdown


@dataclass(frozen=True)
class PairSpec:
    """How to build the before/after pairs for förändring."""

    table: str
    link: str
    instrument: str
    value: str
    before: str
    after: str


@dataclass(frozen=True)
class Plan:
    indicator: Indicator
    source: e.Source
    key: e.Expr
    unit: e.Expr | None  # barn_id when counting children, else None (each record counts)
    child_id: e.Expr | None  # the record's barn_id when it has one (for internal audit lists)
    period_date: e.Expr
    urval: e.Expr
    denominator: e.Expr
    exclusion: e.Expr
    exception: e.Expr
    numerator: e.Expr
    window_open: e.Expr
    dimensions: tuple[Dimension, ...]
    value: e.Expr | None = None
    divisor: e.Expr | None = None  # summa with delat_med: Σ value / Σ divisor
    category: e.Expr | None = None
    categories: tuple[str, ...] = ()
    numeric_categories: bool = False
    sum_denominator: e.Expr | None = None
    sum_numerator: e.Expr | None = None
    pairs: PairSpec | None = None
    value_unit: str = ""
    ongoing_until: e.Expr | None = None  # pågår_till: the record is placed in every period it overlaps
    period_table: bool = False  # the records are joined to the period table (interval or periodens_start/slut)
    illogical: tuple[e.Expr, ...] = ()  # one per ologiskt_om rule, in the definition's order

    @property
    def counts_children(self) -> bool:
        return self.unit is not None

    @property
    def has_categories(self) -> bool:
        return self.category is not None


def _text(expr: e.Expr, field: Field) -> e.Expr:
    """A breakdown or category value as text; booleans read ja/nej."""
    if field.type == "boolesk":
        return e.Case(((e.Compare("=", expr, e.TRUE), e.Literal("ja")), (e.Compare("=", expr, e.FALSE), e.Literal("nej"))), e.NULL)
    return e.Cast(expr, "text")


def _known_values(model: DataModel, field: Field) -> tuple[str, ...]:
    if field.type == "boolesk":
        return ("ja", "nej")
    values = model.values_of(field)
    return tuple(values) if values else ()


def _dimension(model: DataModel, resolver: FieldResolver, breakdown: Breakdown) -> Dimension:
    column, field = resolver.resolve(breakdown.field)
    if breakdown.groups:
        branches = tuple((e.Between(column, e.Literal(g.low), e.Literal(g.high)), e.Literal(g.label)) for g in breakdown.groups)
        return Dimension(breakdown.name, breakdown.field, e.Case(branches, e.NULL), tuple(g.label for g in breakdown.groups), breakdown)
    return Dimension(breakdown.name, breakdown.field, _text(column, field), _known_values(model, field), breakdown)


def _sum(resolver: FieldResolver, fields: tuple[str, ...]) -> e.Expr:
    """Sum of fields per record; NULL if any is missing (so a 999 is never silently a 0).

    Exact decimals, so answers given with two decimals add up as written (1.10 + 2.20 = 3.30)
    and a täljare equal to its nämnare is never taken for one above it (`ologiskt`)."""
    terms = [e.Cast(resolver.resolve(f)[0], "decimal") for f in fields]
    total = terms[0]
    for term in terms[1:]:
        total = e.Arithmetic("+", total, term)
    return total


def _value_unit(field: Field) -> str:
    text = field.description.lower()
    if "kronor" in text:
        return "kronor"
    if text.startswith("antal"):
        return "antal"
    return field.name.replace("_", " ")


def value_expression(resolver: FieldResolver, spec: ValueSpec, extraction_date: dt.date) -> tuple[e.Expr, str]:
    """The numeric value of a value spec (as a float) and its unit.

    `dagar_i_perioden` counts the days of [från, till) inside the period: from the later of
    `från` and the period's first day to the earlier of `till` (or, when it is missing, the
    extraction date: still ongoing) and the day after the period's last day; never negative.
    """
    if spec.field is not None:
        column, field = resolver.resolve(spec.field)
        return e.Cast(column, "float"), _value_unit(field)
    start, _ = resolver.resolve(spec.start or "")
    end, _ = resolver.resolve(spec.end or "")
    if spec.in_period:
        first = e.Greatest((start, e.Column(PERIOD_ALIAS, PERIOD_START)))
        until = e.Coalesce((end, e.Literal(extraction_date)))
        last = e.Least((until, e.AddInterval(e.Column(PERIOD_ALIAS, PERIOD_END), 1, "day")))
        return e.Cast(e.Greatest((e.DaysBetween(first, last), e.Literal(0))), "float"), "dagar"
    if spec.unit == "månader":
        return e.Cast(e.MonthsBetween(start, end), "float"), "månader"
    return e.Cast(e.DaysBetween(start, end), "float"), "dagar"


def _banded(value: e.Expr, groups: tuple[AgeGroup, ...]) -> e.Expr:
    """The label of the group whose inclusive range holds the value (NULL outside every group)."""
    branches = tuple((e.Between(value, e.Literal(g.low), e.Literal(g.high)), e.Literal(g.label)) for g in groups)
    return e.Case(branches, e.NULL)


def _per_unit(value_unit: str, divisor_unit: str) -> str:
    singular = {"dagar": "dag", "månader": "månad"}.get(divisor_unit, divisor_unit)
    return f"{value_unit} per {singular}"


def mentions_period(node: object) -> bool:
    """True when an expression reads the period table (periodens_start/slut, dagar_i_perioden)."""
    if isinstance(node, e.Column):
        return node.alias == PERIOD_ALIAS
    if is_dataclass(node) and not isinstance(node, type):
        return any(mentions_period(getattr(node, f.name)) for f in fields(node))
    if isinstance(node, (tuple, list)):
        return any(mentions_period(item) for item in node)
    return False


def compile_plan(indicator: Indicator, model: DataModel, extraction_date: dt.date) -> Plan:
    """Compile every expression the indicator needs; raise FieldError for unknown fields."""
    resolver = FieldResolver(model, indicator.records, RECORD_ALIAS, age_date=indicator.age_date)
    compiler = ConditionCompiler(model, resolver)
    entity = resolver.entity

    def population(name: str, default: e.Expr) -> e.Expr:
        pop = indicator.population(name)
        if pop is None:
            return default
        return compiler.compile(pop.condition) if pop.condition is not None else e.TRUE

    period_date, _ = resolver.resolve(indicator.period_date)
    window = e.FALSE
    if indicator.follow_up is not None:
        anchor, _ = resolver.resolve(indicator.follow_up.anchor)
        # The window has not passed when its end lies after the extraction date (unknown if no anchor).
        window = e.Compare(">", add_duration(anchor, indicator.follow_up.length), e.Literal(extraction_date))
    scoring = indicator.scoring
    plan_args: dict = {}
    if scoring.kind in ("medel", "median", "summa") and scoring.value is not None:
        value, unit = value_expression(resolver, scoring.value, extraction_date)
        if scoring.divisor is not None:
            divisor, divisor_unit = value_expression(resolver, scoring.divisor, extraction_date)
            # Only records with both values count, on both sides of the ratio.
            value, divisor = (e.Case(((e.IsNull(divisor), e.NULL),), value), e.Case(((e.IsNull(value), e.NULL),), divisor))
            plan_args.update(divisor=divisor)
            unit = _per_unit(unit, divisor_unit)
        plan_args.update(value=value, value_unit=unit)
    elif scoring.kind == "fördelning" and scoring.value is not None:
        value, _ = value_expression(resolver, scoring.value, extraction_date)
        plan_args.update(category=_banded(value, scoring.groups), categories=tuple(g.label for g in scoring.groups))
    elif scoring.kind == "fördelning":
        column, field = resolver.resolve(scoring.category_field or "")
        category, known = _text(column, field), _known_values(model, field)
        if scoring.categories:
            # Only the listed codes are reported; a record with another code has no category (bortfall).
            listed = e.InList(column, tuple(e.Literal(c) for c in scoring.categories))
            category, known = e.Case(((listed, category),), e.NULL), scoring.categories
        plan_args.update(category=category, categories=known)
    elif scoring.kind == "kategori":
        branches: list[tuple[e.Expr, e.Expr]] = []
        for rule in scoring.rules:
            compiled = compiler.compile(rule.condition)
            # A rule that cannot be decided stops the search: the record's category is unknown.
            branches += [(compiled, e.Literal(rule.category)), (e.IsNull(compiled), e.NULL)]
        otherwise = e.Literal(scoring.otherwise) if scoring.otherwise else e.NULL
        categories = tuple(dict.fromkeys([r.category for r in scoring.rules] + ([scoring.otherwise] if scoring.otherwise else [])))
        plan_args.update(category=e.Case(tuple(branches), otherwise), categories=categories)
    elif scoring.kind == "förändring":
        pairs = _pair_spec(model, indicator)
        link_column, _ = resolver.resolve(pairs.link)
        if not isinstance(link_column, e.Column):
            raise FieldError(f"förändring: kopplingsfältet '{pairs.link}' måste vara ett fält")
        alias = resolver.attach(PAIRS_TABLE, PAIRS_TABLE, link_column, pairs.link)
        change = e.Arithmetic("-", e.Column(alias, AFTER), e.Column(alias, BEFORE))
        plan_args.update(value=change, category=change, numeric_categories=True, pairs=pairs, value_unit="steg")
    denominator_pop = indicator.population("nämnare")
    numerator_pop = indicator.population("täljare")
    if denominator_pop is not None and denominator_pop.sum_fields:
        plan_args["sum_denominator"] = _sum(resolver, denominator_pop.sum_fields)
    if numerator_pop is not None and numerator_pop.sum_fields:
        plan_args["sum_numerator"] = _sum(resolver, numerator_pop.sum_fields)
    dimensions = tuple(_dimension(model, resolver, b) for b in indicator.breakdowns)
    key_name = entity.key[0] if len(entity.key) == 1 else None
    populations = dict(
        urval=population("urval", e.TRUE),
        denominator=population("nämnare", e.TRUE),
        exclusion=population("exkludering", e.FALSE),
        exception=population("undantag", e.FALSE),
        # Without a täljare nobody is in it, so an undantag always removes its records.
        numerator=population("täljare", e.FALSE),
    )
    unit = _unit(resolver, indicator)
    child_id = resolver.child_id() if "barn_id" in entity.fields else None
    ongoing_until = resolver.resolve(indicator.ongoing_until)[0] if indicator.ongoing_until else None
    illogical = tuple(compiler.compile(rule.condition) for rule in indicator.consistency)
    expressions = (period_date, window, dimensions, tuple(populations.values()), tuple(plan_args.values()), illogical)
    period_table = ongoing_until is not None or mentions_period(expressions)
    return Plan(  # the source is read last: compiling conditions may add joins
        indicator=indicator,
        source=resolver.source,
        ongoing_until=ongoing_until,
        period_table=period_table,
        key=e.Column(RECORD_ALIAS, key_name) if key_name else e.Literal(None),
        unit=unit,
        child_id=child_id,
        period_date=period_date,
        window_open=window,
        dimensions=dimensions,
        illogical=illogical,
        **populations,
        **plan_args,
    )


def _unit(resolver: FieldResolver, indicator: Indicator) -> e.Expr | None:
    """What one counted unit is when the basis differs from the records: the child (barn_id) or
    the related record (the relation's key field); None when each record counts."""
    if indicator.basis == indicator.records:
        return None
    if indicator.basis == "barn":
        return resolver.child_id()
    for relation in resolver.entity.relations.values():
        if relation.entity == indicator.basis:
            return e.Column(resolver.alias, relation.field)
    raise FieldError(f"'{indicator.records}' har ingen relation till basen '{indicator.basis}'; kan inte räkna {indicator.basis}")


def _pair_spec(model: DataModel, indicator: Indicator) -> PairSpec:
    s = indicator.scoring
    table = s.change_entity or "uppföljning"
    link = s.change_link or ""
    if table not in model.entities or link not in model.entities[table].fields:
        raise FieldError(f"förändring: '{table}' saknar kopplingsfältet '{link}'")
    return PairSpec(table, link, s.instrument or "", s.change_value or "värde", s.before or "före", s.after or "efter")
