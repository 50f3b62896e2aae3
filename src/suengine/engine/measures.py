"""Turn the counts of one indicator's grouping sets into result rows with values.

The SQL side only counts; here each scoring type (andel, kvot, antal, summa, medel, median,
förändring, fördelning, kategori) makes its value, unit, interval and, when no value can
be given, the reason (`tom_nämnare`, `bortfall`, `ologiskt`). Counts are small by now
(periods × strata × categories), so plain Python keeps the rules readable.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from suengine.engine.periods import Period
from suengine.engine.plan import MAIN_CATEGORY, NOT_APPLICABLE, Plan

Z95 = 1.959963984540054
COUNT_COLUMNS = (
    "urval",
    "exkluderade",
    "undantag",
    "censurerade",
    "nämnare",
    "täljare",
    "bortfall_nämnare",
    "bortfall_täljare",
)
TOTAL = "total"


def wilson(k: float, n: float, z: float = Z95) -> tuple[float | None, float | None]:
    """Wilson score interval for k successes in n, in percent (None when n is 0)."""
    if n <= 0:
        return None, None
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def _unit_text(plan: Plan) -> str:
    kind = plan.indicator.scoring.kind
    if kind in ("andel", "kategori"):
        return "procent"
    if kind == "kvot":
        per = plan.indicator.scoring.per or 1000
        return "per " + f"{per:,}".replace(",", " ")
    if kind in ("antal", "fördelning"):
        return "antal"
    return plan.value_unit


Population = dict[tuple[int, str, int], float]  # (år, kön, ålder) → antal


def population_table(frame: pd.DataFrame | None) -> Population:
    """The befolkning table as a small dict (it has a few hundred rows), built once per indicator."""
    if frame is None or frame.empty:
        return {}
    table: Population = {}
    for year, sex, age, count in frame[["år", "kön", "ålder", "antal"]].itertuples(index=False, name=None):
        if pd.isna(year) or pd.isna(age) or pd.isna(count):
            continue
        key = (int(year), str(sex), int(age))
        table[key] = table.get(key, 0.0) + float(count)
    return table


def population_size(plan: Plan, population: Population, period: Period, uppdelning: str, stratum: str) -> float | None:
    """Inhabitants behind a kvot: befolkning for the period's year, age range and sexes, narrowed by the stratum."""
    scoring = plan.indicator.scoring
    low, high = scoring.population_ages or (-1, 10_000)
    sexes = set(scoring.population_sexes) or None  # None: every sex
    if uppdelning != TOTAL:
        dim = next(d for d in plan.dimensions if d.name == uppdelning)
        field = dim.field.split(".")[-1]
        if field == "kön":  # a sex outside the population asked for has no inhabitants (not every sex's)
            sexes = (sexes if sexes is not None else {stratum}) & {stratum}
        elif field == "ålder" and dim.breakdown.groups:
            group = next(g for g in dim.breakdown.groups if g.label == stratum)
            low, high = max(low, group.low), min(high, group.high)
        elif field == "ålder":
            low, high = max(low, int(stratum)), min(high, int(stratum))
        else:
            return None  # no population figures for this kind of stratum
    total = sum(n for (year, sex, age), n in population.items() if year == period.year and low <= age <= high and (sexes is None or sex in sexes))
    found = any(year == period.year for year, _, _ in population)
    return total if found else None


def _share(k: float, n: float) -> float | None:
    return 100.0 * k / n if n > 0 else None


def _step_label(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def main_row(plan: Plan, cell: dict[str, Any], period: Period, uppdelning: str, stratum: str, population: Population) -> dict[str, Any]:
    """Value, unit, interval and missing-reason of one period × stratum."""
    kind = plan.indicator.scoring.kind
    row: dict[str, Any] = {c: int(cell.get(c, 0) or 0) for c in COUNT_COLUMNS}
    row.update(kategori="", enhet=_unit_text(plan), värde=None, ki_låg=None, ki_hög=None, värde_saknas="", _rad="huvud")
    row["_kategorier"] = dict(cell.get("_kategorier", {}))  # per-category counts, for `test` and `explain`
    n = row["nämnare"]
    row["_n_värde"] = n
    if kind == "andel" and plan.sum_denominator is not None:
        _sums(row, cell)
    elif kind == "andel":
        if plan.indicator.missing_as_no:  # saknat_värde: räknas_som_nej — unknown counts as "no"
            row["bortfall_täljare"] = 0
        else:  # internt bortfall is left out of the nämnare the share rests on (OJ practice)
            n = row["nämnare"] = n - row["bortfall_täljare"]
            row["_n_värde"] = n
        row["värde"] = _share(row["täljare"], n)
        row["ki_låg"], row["ki_hög"] = wilson(row["täljare"], n)
    elif kind == "antal":
        row["täljare"], row["värde"] = None, float(n)
    elif kind == "kvot":  # events over a population: täljare = the events, nämnare = the inhabitants
        size = population_size(plan, population, period, uppdelning, stratum)
        row["täljare"], row["nämnare"] = n, size
        if size:
            row["värde"] = n / size * (plan.indicator.scoring.per or 1000)
        else:
            row["värde_saknas"] = "bortfall"
    elif kind == "summa":
        _summed(plan, row, cell)
    elif kind in ("medel", "median", "förändring"):
        observed = int(cell.get("n_värde", 0) or 0)
        # Values are taken over records (also when children are counted); bortfall = records without one.
        # The published nämnare is the number of values the mean rests on.
        row.update(täljare=None, bortfall_täljare=int(cell.get("n_saknas", 0) or 0), _n_värde=observed, nämnare=observed)
        if observed:
            row["värde"] = float(cell["median"] if kind == "median" else cell["medel"])
        elif row["bortfall_täljare"]:
            row["värde_saknas"] = "bortfall"
    elif kind == "fördelning":
        row.update(täljare=None, värde=float(n), bortfall_täljare=n - int(cell.get("n_känd", 0) or 0))
    elif kind == "kategori":
        _categorical(row, cell)
    if row["värde"] is None and not row["värde_saknas"]:
        row["värde_saknas"] = "tom_nämnare" if not row["_n_värde"] else row["värde_saknas"]
    row["bortfall_andel"] = _bortfall_share(plan, row)
    return row


def _bortfall_share(plan: Plan, row: dict[str, Any]) -> float | None:
    """Internt bortfall in percent of the records the value would rest on (None where there is none to count)."""
    kind = plan.indicator.scoring.kind
    if kind in ("antal", "kvot") or (kind == "andel" and plan.sum_denominator is not None):
        return None
    missing = row["bortfall_täljare"] or 0
    if kind == "fördelning":
        base = row["nämnare"] or 0  # every record; the known ones are nämnare − bortfall
    elif kind == "kategori":
        base = (row["nämnare"] or 0) + missing + int(row["_kategorier"].get(NOT_APPLICABLE, 0))
    else:
        base = row["_n_värde"] + missing
    return 100.0 * missing / base if base > 0 else None


def _summed(plan: Plan, row: dict[str, Any], cell: dict[str, Any]) -> None:
    """summa: the sum of the values in the effective nämnare (0 when it is empty: no events is an
    observation, as for antal), or with `delat_med` the ratio of the two sums over the records
    that have both values (no value when there are none)."""
    observed = int(cell.get("n_värde", 0) or 0)
    row.update(täljare=None, bortfall_täljare=int(cell.get("n_saknas", 0) or 0), _n_värde=observed)
    total = cell.get("summa")
    if plan.divisor is not None:
        divisor = cell.get("summa_delare")
        if observed and not _missing(divisor) and float(divisor) > 0:
            row["värde"] = float(total) / float(divisor)
        elif row["nämnare"]:
            row["värde_saknas"] = "bortfall" if not observed else "tom_nämnare"
    elif observed:
        row["värde"] = float(total)
    elif row["nämnare"]:
        row["värde_saknas"] = "bortfall"
    else:
        row["värde"] = 0.0


def _sums(row: dict[str, Any], cell: dict[str, Any]) -> None:
    """Aggregate sources: nämnare and täljare are sums; a missing (999) or illogical answer gives no value."""
    records = row["nämnare"]
    missing_n, missing_t = int(cell.get("saknas_nämnare", 0) or 0), int(cell.get("saknas_täljare", 0) or 0)
    total_n, total_t = cell.get("summa_nämnare"), cell.get("summa_täljare")
    row["bortfall_nämnare"] += missing_n
    row["bortfall_täljare"] += missing_t
    row["_n_värde"] = records
    row["nämnare"] = None if missing_n or _missing(total_n) else float(total_n)
    row["täljare"] = None if missing_t or _missing(total_t) else float(total_t)
    if not records:
        row["värde_saknas"] = "tom_nämnare"
    elif row["nämnare"] is None or row["täljare"] is None:
        row["värde_saknas"] = "bortfall"
    elif row["nämnare"] <= 0:
        row["värde_saknas"] = "tom_nämnare"
    elif row["täljare"] > row["nämnare"]:
        row["värde_saknas"] = "ologiskt"
    else:
        row["värde"] = 100.0 * row["täljare"] / row["nämnare"]


def _categorical(row: dict[str, Any], cell: dict[str, Any]) -> None:
    """kategori: share `ja` among records whose category is known and not `ej_aktuellt`."""
    counts: dict[str, int] = cell.get("_kategorier", {})
    known = int(cell.get("n_känd", 0) or 0)
    not_applicable = counts.get(NOT_APPLICABLE, 0)
    effective = row["nämnare"]
    row["bortfall_täljare"] = effective - known
    row["exkluderade"] += not_applicable
    row["nämnare"] = known - not_applicable
    row["täljare"] = counts.get(MAIN_CATEGORY, 0)
    row["_n_värde"] = row["nämnare"]
    row["värde"] = _share(row["täljare"], row["nämnare"])
    if effective == 1 and known == 1:  # one answer (e.g. the municipality's own): report its category
        row["kategori"] = next(k for k, v in counts.items() if v)


def category_row(plan: Plan, main: dict[str, Any], category: Any, count: int) -> dict[str, Any]:
    """A fördelning category or förändring step: count and share of the stratum's known values."""
    base = main["_n_värde"] if plan.indicator.scoring.kind == "förändring" else main["nämnare"] - main["bortfall_täljare"]
    label = _step_label(category) if plan.numeric_categories else str(category)
    share = _share(count, base)
    return {
        **{c: None for c in COUNT_COLUMNS},
        "nämnare": base,
        "täljare": count,
        "kategori": label,
        "enhet": "procent",
        "värde": share,
        "ki_låg": None,
        "ki_hög": None,
        "värde_saknas": "" if share is not None else "tom_nämnare",
        "_rad": "kategori",
        "_n_värde": base,
    }


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def withhold_illogical(plan: Plan, main: dict[str, Any], cell: dict[str, Any]) -> None:
    """`ologiskt_om`: when a record of the cell meets a rule, its answers contradict each other
    and no value is given (`ologiskt`); `ologiskt_regel` names the rules that were met."""
    rules = plan.indicator.consistency
    met = [rule.name for i, rule in enumerate(rules) if int(cell.get(f"ologiskt_{i}", 0) or 0) > 0]
    main["ologiskt_regel"] = "; ".join(met)
    if met:
        main.update(värde=None, ki_låg=None, ki_hög=None, kategori="", värde_saknas="ologiskt")


def withhold_category(main: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """A category row of a withheld main row is withheld for the same reason."""
    if main.get("värde_saknas") == "ologiskt":
        row.update(värde=None, värde_saknas="ologiskt", ologiskt_regel=main.get("ologiskt_regel", ""))
    return row
