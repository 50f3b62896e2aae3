"""Facts about indicator definitions that link published cells: shared populations and disjoint breakdowns.

Both the suppression (`disclosure`) and the independent audit (`audit`) need to know what a reader
can know from the definitions alone, so these facts live here, apart from either algorithm:

* `IndicatorFacts.counts`: the populations an indicator's rows count, each as the published columns
  that add up to it (urval; the effective nämnare E, which an andel publishes as nämnare +
  bortfall_täljare and a kvot as its täljare; an andel's täljare). Two rows whose populations have
  the same key and the same restrictions count the same units, so those sums are equal. The key is
  the definition of the population (unit, records, period date, period type, pågår_till, the
  conjuncts of its conditions, follow-up window), not its name, so a reader who compares the
  catalogue finds it too. Means and medians count values over records, so their E is keyed by
  records.
* Restrictions: a conjunct that selects one stratum of a breakdown (`kön är flicka`, `ålder mellan
  13 och 20`) is taken out of the key and kept apart, and a row of a breakdown adds its stratum as
  a restriction (`stratum_restriction`). So the total of an indicator restricted to girls is equal
  to the kön=flicka stratum of an indicator over everyone with otherwise the same definition, and
  two indicators with different age bands share the bands they have in common.
* `IndicatorFacts.disjoint`: per breakdown, whether every counted unit falls in at most one stratum.
  Then `total = Σ strata + rest` with a rest ≥ 0 (records in no stratum: kön or age missing,
  ages outside every group). When a child is counted through several records (basis `barn`,
  records of another entity), the same child may sit in two strata of a record field; then only
  `stratum ≤ total` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from suengine.definitions import conditions as c
from suengine.definitions.model import Indicator

AGGREGATE_ENTITIES = frozenset({"personal", "enkätsvar", "befolkning"})
CHILD_FIELDS = frozenset({"kön"})  # one value per child: disjoint whatever the records
# Kinds whose nämnare is the plain count of the effective population (kategori moves its
# not-applicable answers out of the nämnare; summa/förändring count values, not units; a kvot's
# nämnare is the population from befolkning and its täljare the events).
PLAIN_NAEMNARE = frozenset({"andel", "antal", "medel", "median", "fördelning"})


@dataclass(frozen=True)
class Count:
    """A population counted in every main row: the sum of `columns` is the number of units meeting `key`
    and `restriction` (besides the row's own stratum)."""

    key: str
    columns: tuple[str, ...]
    restriction: frozenset[str] = frozenset()


@dataclass(frozen=True)
class IndicatorFacts:
    id: str
    kind: str
    threshold: int
    protected: bool
    disjoint: dict[str, bool] = field(default_factory=dict)  # uppdelning → strata disjoint
    strata: dict[str, tuple] = field(default_factory=dict)  # uppdelning → (field, groups, age date, disjoint)
    counts: tuple[Count, ...] = ()
    effective: tuple[str, ...] = ()  # the columns adding up to E counted in units (as bortfall_uppdelning); () unknown
    urval_effective: tuple[str, ...] = ()  # the columns counting the urval's units in E (`urval_effective`); () unknown
    units_are_records: bool = True  # each record a unit: a unit is in one state only (else a child may be in several)


def _flat(condition: Any) -> list[Any]:
    if condition is None:
        return []
    if isinstance(condition, c.All):
        return [x for operand in condition.operands for x in _flat(operand)]
    return [condition]


def _value_label(value: Any) -> str:
    return {True: "ja", False: "nej"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def _restriction(condition: Any, age_date: str) -> str | None:
    """The stratum a conjunct selects, in the form `stratum_restriction` gives a breakdown's stratum."""
    if not isinstance(condition, c.Compare):
        return None
    if condition.operator == "är" or (condition.operator == "en_av" and len(condition.value) == 1):
        value = condition.value if condition.operator == "är" else condition.value[0]
        return repr(("=", condition.field, _value_label(value)))
    if condition.operator == "mellan" and condition.field.split(".")[-1] == "ålder":
        low, high = condition.value
        return repr(("mellan", condition.field, int(low), int(high), age_date))
    return None


def stratum_restriction(f: IndicatorFacts, uppdelning: str, stratum: str) -> str | None:
    """The restriction a row of breakdown `uppdelning`, stratum `stratum` adds to its populations
    (None for the total). Strata that are not disjoint match only the same stratum of another indicator."""
    if uppdelning == "total":
        return None
    spec = f.strata.get(uppdelning)
    if spec is None:
        return repr(("uppdelning", uppdelning, stratum))
    field_name, groups, age_date, disjoint = spec
    band = next(((low, high) for label, low, high in groups if label == stratum), None)
    if groups and band is None:
        return repr(("uppdelning", uppdelning, stratum))
    found = repr(("mellan", field_name, *band, age_date)) if band else repr(("=", field_name, stratum))
    return found if disjoint else repr(("uppdelning", found))


def _count(base: tuple, conjuncts: list[Any], columns: tuple[str, ...], age_date: str, extra: tuple = ()) -> Count:
    restrictions = {x: _restriction(x, age_date) for x in conjuncts}
    rest = sorted({repr(x) for x, r in restrictions.items() if r is None})
    return Count(repr((base, rest, extra)), columns, frozenset(r for r in restrictions.values() if r is not None))


def _counts(indicator: Indicator, effective_columns: list[str]) -> tuple[Count, ...]:
    """The populations of `indicator`; fills `effective_columns` with the columns that add up to E in units."""
    kind = indicator.scoring.kind
    if any(p.sum_fields for p in indicator.populations.values()):
        return ()  # sums of answers, not counts of units
    base = (indicator.basis, indicator.records, indicator.period_date, indicator.period_type, indicator.ongoing_until)

    def condition(name: str) -> Any:
        population = indicator.populations.get(name)
        return None if population is None else population.condition

    urval = _flat(condition("urval"))
    effective = urval + _flat(condition("nämnare"))
    if condition("exkludering") is not None:
        effective.append(c.Not(condition("exkludering")))
    if condition("undantag") is not None:  # undantag spares records in the täljare
        effective.append(c.Not(c.All((condition("undantag"), c.Not(condition("täljare") or c.All(()))))))
    window = repr(indicator.follow_up)
    age = indicator.age_date
    out = []
    if kind in PLAIN_NAEMNARE | {"kvot"}:
        out.append(_count(base, urval, ("urval",), age))
    columns = {"antal": ("nämnare",), "fördelning": ("nämnare",), "summa": ("nämnare",), "kvot": ("täljare",),
               "andel": ("nämnare",) if indicator.missing_as_no else ("nämnare", "bortfall_täljare"),
               "medel": ("nämnare", "bortfall_täljare"), "median": ("nämnare", "bortfall_täljare")}.get(kind)
    if columns is not None:
        values_over_records = kind in ("medel", "median")
        if not values_over_records or indicator.basis == indicator.records:
            effective_columns.extend(columns)
        unit_base = (indicator.records, *base[1:]) if values_over_records else base
        out.append(_count(unit_base, effective, columns, age, (window,)))
    if kind == "andel":
        out.append(_count(base, effective + _flat(condition("täljare")), ("täljare",), age, (window,)))
    return tuple(out)


def facts(indicator: Indicator, threshold: int) -> IndicatorFacts:
    """What the definition tells a reader about how this indicator's cells relate to others."""
    protected = indicator.records not in AGGREGATE_ENTITIES
    by_unit = indicator.basis == indicator.records
    disjoint, strata = {}, {}
    for b in indicator.breakdowns:
        field_name = b.field.split(".")[-1]
        disjoint[b.name] = by_unit or field_name in CHILD_FIELDS
        age_date = indicator.age_date if field_name == "ålder" else None
        strata[b.name] = (b.field, tuple((g.label, g.low, g.high) for g in b.groups), age_date, disjoint[b.name])
    effective: list[str] = []
    counts = _counts(indicator, effective) if protected else ()
    in_urval = urval_effective(indicator, tuple(effective), by_unit) if protected else ()
    return IndicatorFacts(indicator.id, indicator.scoring.kind, threshold, protected, disjoint, strata, counts, tuple(effective), in_urval, by_unit)


def urval_effective(indicator: Indicator, effective: tuple[str, ...], by_unit: bool) -> tuple[str, ...]:
    """The columns that count the urval's units in the effective nämnare E, in the urval's unit; () unknown.

    A unit of the urval is in E, in bortfall_nämnare (unknown whether in E), definitely out of it
    for a published reason (exkluderade, undantag, censurerade), or out of it for no published
    reason: outside the nämnare's own condition, or out for a reason that is itself unknown (the
    follow-up window's anchor missing on an excluded record). That rest is a count a reader can
    work out from a shown row, so disclosure control protects it like any other. A kategori publishes
    its effective nämnare as nämnare + bortfall_täljare + its ej_aktuellt answers, which it counts
    among the exkluderade; a förändring, medel or median counts values over records (nämnare the
    values, bortfall_täljare the records without one), so only where the unit is the record."""
    if any(p.sum_fields for p in indicator.populations.values()):
        return ()
    if indicator.scoring.kind in ("kategori", "förändring"):
        return ("nämnare", "bortfall_täljare") if by_unit else ()
    return effective


def shared_thresholds(facts: dict[str, IndicatorFacts]) -> dict[str, int]:
    """Per indicator, the highest threshold among the indicators that count the same population
    (whatever its restrictions: a stratum of one may be the total of another)."""
    strictest: dict[str, int] = {}
    for f in facts.values():
        for count in f.counts:
            strictest[count.key] = max(strictest.get(count.key, 0), f.threshold)
    return {k: max([f.threshold] + [strictest[count.key] for count in f.counts]) for k, f in facts.items()}


REASONS = ("exkluderade", "undantag", "censurerade")  # out of E for a published reason; always in the urval


def urval_rest(f: IndicatorFacts, counts: dict[str, float | None]) -> tuple[float, float] | None:
    """The lowest and highest number of urval units out of E for no published reason, as a reader of
    one shown row works it out from its counts (None when the row does not tell or `f` does not say).

    urval = E + u + rest. u, the units with a published reason, is at most the sum of
    exkluderade, undantag, censurerade and bortfall_nämnare; it is at least the sum of the first three
    when each unit is in one state (bortfall_nämnare may hold units whose urval is itself unknown),
    else at least the largest of them (a child can be excluded through one record and censored
    through another)."""
    if not f.urval_effective:
        return None
    needed = ("urval", *f.urval_effective, *REASONS, "bortfall_nämnare")
    if any(counts.get(c) is None for c in needed):
        return None
    outside = counts["urval"] - sum(counts[c] for c in f.urval_effective)
    reasons = [counts[c] for c in REASONS]
    least = sum(reasons) if f.units_are_records else max(reasons)
    return max(0.0, outside - sum(reasons) - counts["bortfall_nämnare"]), outside - least


def urval_rest_leaks(f: IndicatorFacts, counts: dict[str, float | None], threshold: int) -> tuple[float, float] | None:
    """`urval_rest` when it pins the rest to fewer than t values reaching into 1..t−1 (as the audit's
    protection interval), else None."""
    rest = urval_rest(f, counts)
    if rest is None:
        return None
    low, high = rest
    return rest if high >= 1 and low <= threshold - 1 and high - low < threshold else None
