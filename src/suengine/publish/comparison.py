"""Comparisons with Kolada for a build: each indicator's `jämförelse:` against `referens/`, and its relative colour.

`comparisons` turns the published results, the indicators and the project's reference store into
`reference.comparison.IndicatorComparison`s (one per indicator that names a Kolada KPI);
`apply_relative` writes the relative colour into the status of the total rows of indicators whose
målvärde is `relativ` — only for a year Kolada has, so a report year after Kolada's latest year stays
uncoloured (the comparison says why). Comparison values are public aggregates: never suppressed,
always shown with source and year.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from suengine.definitions.model import Indicator
from suengine.publish import targets
from suengine.reference import store
from suengine.reference.comparison import Comparisons, Own, Spec, compare, setting_from


def spec_of(indicator: Indicator) -> Spec | None:
    if indicator.comparison is None:
        return None
    direction = indicator.target.direction if indicator.target.kind == "relativ" else None
    return Spec(indicator.id, indicator.comparison.kolada, indicator.comparison.difference, direction)


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number


def own_values(published: pd.DataFrame, indicator_id: str, years: Sequence[int]) -> dict[int, Own]:
    """The published annual totals of one indicator (a suppressed value is None: it is never compared)."""
    rows = published[(published["indikator_id"] == indicator_id) & (published["uppdelning"] == "total")
                     & (published["kategori"].fillna("") == "")]
    out = {}
    for year in years:
        row = rows[rows["period"] == str(year)]
        if row.empty or bool(row.iloc[0]["undertryckt"]):
            out[year] = Own(None)
            continue
        first = row.iloc[0]
        out[year] = Own(_num(first["värde"]), _num(first["ki_låg"]), _num(first["ki_hög"]))
    return out


def comparisons(published: pd.DataFrame, indicators: Sequence[Indicator], root: Path | None, raw_setting: dict,
                years: Sequence[int]) -> Comparisons | None:
    """None when the project has no `jämförelse:` setting or no reference store."""
    if root is None or not raw_setting:
        return None
    values = store.read_values(root)
    setting = setting_from(raw_setting, store.read_groups(root))
    titles = dict(zip(store.read_kpis(root)["kpi"], store.read_kpis(root)["titel"]))
    found = {}
    for indicator in indicators:
        spec = spec_of(indicator)
        if spec is not None:
            found[indicator.id] = compare(spec, values, setting, own_values(published, indicator.id, years), years, titles)
    return Comparisons(setting, found)


def apply_relative(published: pd.DataFrame, found: Comparisons | None) -> pd.DataFrame:
    """The published table with the relative colour as status of relativ indicators' annual total rows."""
    if found is None:
        return published
    out = published.copy()
    for indicator_id, comparison in found.by_indicator.items():
        if not comparison.relative_target:
            continue
        for row in comparison.rows:
            where = ((out["indikator_id"] == indicator_id) & (out["period"] == str(row.year)) & (out["uppdelning"] == "total")
                     & (out["kategori"].fillna("") == "") & ~out["undertryckt"].astype(bool))
            out.loc[where, "status"] = row.relative or targets.NONE
    return out


def for_results(results: pd.DataFrame, indicators: Sequence[Indicator], root: Path | None,
                raw_setting: dict) -> tuple[pd.DataFrame, Comparisons | None]:
    """For `suengine report`/`site` on a results table: its last five whole years, relative colours applied."""
    years = sorted({int(p) for p in results["period"].astype(str) if p.isdigit()})[-5:]
    if not years:
        return results, None
    found = comparisons(results, indicators, root, raw_setting, years)
    return apply_relative(results, found), found
