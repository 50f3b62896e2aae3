"""The disclosure code as it was before issue 12 (per-row primary, pairwise secondary): kept only so the
attack tests can show the audit rejecting what it published. Never used by suengine itself."""

from __future__ import annotations

from typing import Any

import pandas as pd

from suengine.publish.row_keys import previous_keys

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


def _is_small(value: Any, limit: int) -> bool:
    return value is not None and value == value and 0 < value < limit


def is_primary(row: dict[str, Any]) -> bool:
    """A row publishing a count between 1 and threshold − 1 (needs `_gräns`, `_skyddas`, `_n_värde`)."""
    if not row["_skyddas"]:
        return False
    limit = row["_gräns"]
    return any(_is_small(row.get(c), limit) for c in ("nämnare", "täljare", "_n_värde"))


def _size(row: dict[str, Any], column: str) -> float:
    value = row.get(column)
    return 0.0 if value is None or value != value else float(value)


def _one_more(rows: list[dict[str, Any]], members: list[int], column: str) -> int | None:
    """The row to hide alongside a single hidden one: the smallest shown, non-zero before zero."""
    shown = [i for i in members if not rows[i]["undertryckt_orsak"]]
    if not shown:
        return None
    return min(shown, key=lambda i: (_size(rows[i], column) <= 0, _size(rows[i], column), str(rows[i]["stratum"])))


def _secondary_pass(rows: list[dict[str, Any]]) -> bool:
    changed = False
    strata: dict[tuple, list[int]] = {}
    totals: dict[tuple, int] = {}
    categories: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        if not r["_skyddas"]:
            continue
        category_key = r["kategori"] if r["_rad"] != "huvud" else ""
        if r["uppdelning"] == "total":
            totals[(r["indikator_id"], r["period"], category_key)] = i
        else:
            strata.setdefault((r["indikator_id"], r["period"], category_key, r["uppdelning"]), []).append(i)
        if r["_rad"] != "huvud":
            categories.setdefault((r["indikator_id"], r["period"], r["uppdelning"], r["stratum"]), []).append(i)
    # 1. Strata of a breakdown against the total; 2. categories of a stratum against its base.
    groups = [(members, "nämnare" if key[2] == "" else "täljare", totals.get(key[:3])) for key, members in strata.items()]
    groups += [(members, "täljare", None) for members in categories.values()]
    for members, column, total in groups:
        if sum(1 for i in members if rows[i]["undertryckt_orsak"]) != 1:
            continue
        if total is not None and rows[total]["undertryckt_orsak"]:
            continue  # the total is hidden too: nothing to subtract from
        extra = _one_more(rows, members, column)
        if extra is not None:
            rows[extra]["undertryckt_orsak"] = SECONDARY
            changed = True
    return changed


def suppress_rows(rows: list[dict[str, Any]]) -> None:
    """Set `undertryckt_orsak` and `undertryckt` on every row (primary, then secondary until stable)."""
    for r in rows:
        r["undertryckt_orsak"] = PRIMARY if is_primary(r) else ""
    for _ in range(50):
        if not _secondary_pass(rows):
            break
    for r in rows:
        r["undertryckt"] = bool(r["undertryckt_orsak"])


def suppress(table: pd.DataFrame) -> pd.DataFrame:
    """DataFrame form of `suppress_rows` (adds `undertryckt` and `undertryckt_orsak`)."""
    rows = table.to_dict("records")
    suppress_rows(rows)
    return pd.DataFrame(rows, index=table.index)


def published(table: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """The publishable form of a results table: suppressed rows and small auxiliary counts blanked.

    `meta` maps indicator id to an object with `threshold`, `protected` and `kind`
    (`suengine.publish.results.IndicatorMeta`).
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
    keys = previous_keys(table, kinds)
    flags = dict(zip(keys["key"], table["undertryckt"].astype(bool)))
    return keys["previous_key"].map(lambda key: bool(flags.get(key, False)))
