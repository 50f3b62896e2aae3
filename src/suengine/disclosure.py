"""Small-cell suppression (röjandekontroll) of the results table.

Rules (DESIGN.md, Privacy), with threshold t (default 5, per indicator `minsta_antal`,
never below 3):

* Primary (`för_få`): a row is suppressed when a count it publishes — nämnare, täljare,
  or the number of observations its value rests on — is between 1 and t − 1. Zero is
  published. Rates, means and shares whose nämnare is below t are thereby suppressed.
* Secondary (`sekundär`): strata of a breakdown add up to the total, and the categories of
  a stratum add up to its base. If exactly one row of such a group is suppressed while the
  total is shown, the smallest other row (by its count, preferring non-zero ones) is also
  suppressed so the hidden row cannot be recovered by subtraction. Repeated until stable.
* Municipality-level sources (`personal`, `enkätsvar`) describe no individual and are not
  suppressed.

The internal table keeps every value; `published` blanks what may not be shown: all counts
and the value of a suppressed row, and, in shown rows, auxiliary counts (urval, exkluderade,
undantag, censurerade, bortfall) between 1 and t − 1 — together with urval so that such a
count cannot be recovered by subtraction.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3
AGGREGATE_ENTITIES = frozenset({"personal", "enkätsvar", "befolkning"})
PRIMARY, SECONDARY = "för_få", "sekundär"
COUNTS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")
AUXILIARY = ("exkluderade", "undantag", "censurerade", "bortfall_nämnare", "bortfall_täljare")
HIDDEN_WITH_ROW = (*COUNTS, "värde", "ki_låg", "ki_hög", "förändring")


def threshold(indicator_min_n: int | None = None, default: int = DEFAULT_THRESHOLD) -> int:
    """The threshold for one indicator: its own `minsta_antal`, else the configured default; never below 3."""
    return max(MINIMUM_THRESHOLD, int(indicator_min_n if indicator_min_n is not None else default))


def _small(values: pd.Series, limit: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return ((numbers > 0) & (numbers < limit)).fillna(False).astype(bool)


def primary(table: pd.DataFrame) -> pd.Series:
    """Rows with a published count between 1 and threshold − 1 (needs `_gräns`, `_skyddas`, `_n_värde`)."""
    limit = table["_gräns"]
    small = _small(table["nämnare"], limit) | _small(table["täljare"], limit) | _small(table["_n_värde"], limit)
    return small & table["_skyddas"].astype(bool)


def _suppress_one_more(table: pd.DataFrame, members: pd.Index, size_column: str) -> int | None:
    """The row to suppress alongside a single suppressed one: the smallest shown, non-zero first."""
    shown = table.loc[members]
    shown = shown[shown["undertryckt_orsak"] == ""]
    if shown.empty:
        return None
    sizes = pd.to_numeric(shown[size_column], errors="coerce").fillna(0)
    order = pd.DataFrame({"zero": sizes <= 0, "size": sizes, "stratum": shown["stratum"].astype(str)}, index=shown.index)
    return order.sort_values(["zero", "size", "stratum"]).index[0]


def _secondary_pass(table: pd.DataFrame) -> bool:
    changed = False
    hidden = table["undertryckt_orsak"] != ""
    main = table["_rad"] == "huvud"
    # 1. Strata of a breakdown against the total (same indicator, period and category key).
    totals = table[table["uppdelning"] == "total"].set_index(["indikator_id", "period", "_katnyckel"])["undertryckt_orsak"]
    strata = table[table["uppdelning"] != "total"]
    for (ind, period, key, _upp), group in strata.groupby(["indikator_id", "period", "_katnyckel", "uppdelning"], sort=False):
        if hidden[group.index].sum() != 1 or totals.get((ind, period, key), "") != "":
            continue
        size = "nämnare" if key == "" else "täljare"
        extra = _suppress_one_more(table, group.index, size)
        if extra is not None:
            table.loc[extra, "undertryckt_orsak"] = SECONDARY
            changed = True
    # 2. Categories of one stratum against its base (shown in the stratum's main row).
    categories = table[~main]
    for (ind, period, upp, stratum), group in categories.groupby(["indikator_id", "period", "uppdelning", "stratum"], sort=False):
        if hidden[group.index].sum() != 1:
            continue
        extra = _suppress_one_more(table, group.index, "täljare")
        if extra is not None:
            table.loc[extra, "undertryckt_orsak"] = SECONDARY
            changed = True
    return changed


def suppress(table: pd.DataFrame) -> pd.DataFrame:
    """Add `undertryckt` and `undertryckt_orsak` (primary, then secondary until stable)."""
    out = table.copy()
    out["_katnyckel"] = out["kategori"].where(out["_rad"] != "huvud", "")
    out["undertryckt_orsak"] = ""
    out.loc[primary(out), "undertryckt_orsak"] = PRIMARY
    protected = out["_skyddas"].astype(bool)
    if protected.any():
        for _ in range(20):
            if not _secondary_pass(out):
                break
    out["undertryckt"] = out["undertryckt_orsak"] != ""
    return out.drop(columns=["_katnyckel"])


def published(table: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """The publishable form of a results table: suppressed rows and small auxiliary counts blanked.

    `meta` maps indicator id to an object with `threshold`, `protected` and `kind`
    (`suengine.results.IndicatorMeta`).
    """
    thresholds = {k: m.threshold for k, m in meta.items()}
    protected = {k: m.protected for k, m in meta.items()}
    out = table.copy().astype({c: "object" for c in (*HIDDEN_WITH_ROW, "föregående_värde") if c in table})
    hidden = out["undertryckt"].astype(bool)
    out.loc[hidden, list(HIDDEN_WITH_ROW)] = None
    out.loc[hidden, "status"] = "ingen"
    limit = out["indikator_id"].map(thresholds).fillna(DEFAULT_THRESHOLD)
    guarded = out["indikator_id"].map(protected).fillna(True).astype(bool)
    any_small = pd.Series(False, index=out.index)
    for column in AUXILIARY:
        small = _small(out[column], limit) & guarded & ~hidden
        out.loc[small, column] = None
        any_small |= small
    out.loc[any_small, "urval"] = None
    # A previous value that was itself suppressed is not shown, nor any change computed from it.
    previous_hidden = _previous_hidden(table, {k: m.kind for k, m in meta.items()})
    out.loc[previous_hidden, ["föregående_värde", "förändring"]] = None
    return out


def _previous_hidden(table: pd.DataFrame, kinds: dict[str, str]) -> pd.Series:
    from suengine.results import previous_keys  # local import: results imports this module

    keys = previous_keys(table, kinds)
    flags = dict(zip(keys["key"], table["undertryckt"].astype(bool)))
    return keys["previous_key"].map(flags).fillna(False).astype(bool)
