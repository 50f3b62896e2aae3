"""Facts about indicator definitions that link published cells: shared populations and disjoint breakdowns.

Both the suppression (`disclosure`) and the independent audit (`audit`) need to know what a reader
can know from the definitions alone, so these facts live here, apart from either algorithm:

* `IndicatorFacts.urval_key` / `naemnare_key`: two indicators with the same key count the same
  records in the same periods and strata, so their `urval` (or `nämnare`) cells are equal. The key
  is the definition of the population (unit, records, period date, period type, pågår_till,
  conditions, follow-up window), not its name, so a reader who compares the catalogue finds it too.
* `IndicatorFacts.disjoint`: per breakdown, whether every counted unit falls in at most one stratum.
  Then `total = Σ strata + rest` with a rest ≥ 0 (records in no stratum: kön or age missing,
  ages outside every group). When a child is counted through several records (basis `barn`,
  records of another entity), the same child may sit in two strata of a record field; then only
  `stratum ≤ total` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from suengine.definitions.model import Indicator

AGGREGATE_ENTITIES = frozenset({"personal", "enkätsvar", "befolkning"})
CHILD_FIELDS = frozenset({"kön"})  # one value per child: disjoint whatever the records
# Kinds whose nämnare is the plain count of the effective population (kategori moves its
# not-applicable answers out of the nämnare; summa/förändring count values, not units; a kvot's
# nämnare is the population from befolkning and its täljare the events).
PLAIN_NAEMNARE = frozenset({"andel", "antal", "medel", "median", "fördelning"})


@dataclass(frozen=True)
class IndicatorFacts:
    id: str
    kind: str
    threshold: int
    protected: bool
    disjoint: dict[str, bool] = field(default_factory=dict)  # uppdelning → strata disjoint
    breakdown_keys: dict[str, str] = field(default_factory=dict)  # uppdelning → its definition
    urval_key: str | None = None
    naemnare_key: str | None = None


def _condition(indicator: Indicator, name: str) -> Any:
    population = indicator.populations.get(name)
    return None if population is None else (population.condition, population.sum_fields)


def facts(indicator: Indicator, threshold: int) -> IndicatorFacts:
    """What the definition tells a reader about how this indicator's cells relate to others."""
    protected = indicator.records not in AGGREGATE_ENTITIES
    by_unit = indicator.basis == indicator.records
    disjoint = {}
    breakdown_keys = {}
    for b in indicator.breakdowns:
        field_name = b.field.split(".")[-1]
        disjoint[b.name] = by_unit or field_name in CHILD_FIELDS
        breakdown_keys[b.name] = repr((b.field, b.groups, indicator.age_date if field_name == "ålder" else None))
    base = (indicator.basis, indicator.records, indicator.period_date, indicator.period_type, indicator.ongoing_until)
    urval_key = naemnare_key = None
    if protected and indicator.scoring.kind in PLAIN_NAEMNARE | {"kvot"}:
        urval_key = repr((base, _condition(indicator, "urval")))
    if protected and indicator.scoring.kind in PLAIN_NAEMNARE:
        parts = [_condition(indicator, n) for n in ("urval", "nämnare", "exkludering", "undantag")]
        if indicator.populations.get("undantag") is not None:
            parts.append(_condition(indicator, "täljare"))  # undantag spares records in the täljare
        naemnare_key = repr((base, parts, indicator.follow_up))
    return IndicatorFacts(indicator.id, indicator.scoring.kind, threshold, protected, disjoint, breakdown_keys, urval_key, naemnare_key)


def shared_thresholds(facts: dict[str, IndicatorFacts]) -> dict[str, int]:
    """Per indicator, the highest threshold among the indicators that count the same population."""
    strictest: dict[str, int] = {}
    for f in facts.values():
        for key in (f.urval_key, f.naemnare_key):
            if key is not None:
                strictest[key] = max(strictest.get(key, 0), f.threshold)
    return {k: max([f.threshold] + [strictest[key] for key in (f.urval_key, f.naemnare_key) if key is not None]) for k, f in facts.items()}
