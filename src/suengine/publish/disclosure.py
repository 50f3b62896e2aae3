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

from suengine.publish.disclosure_links import Key, Linked, Protection
from suengine.publish.earlier import Pattern, row_key
from suengine.publish.linkage import AGGREGATE_ENTITIES, IndicatorFacts
from suengine.publish.row_keys import previous_keys

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3
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


def _primary_cells(linked: Linked) -> list[Key]:
    """Every published count cell between 1 and the threshold − 1."""
    out = []
    for key, value in linked.value.items():
        if not linked.shown_by.get(key):
            continue  # an unpublished pivot (a population no row shows on its own)
        row = linked.shown_by[key][0]
        if 0 < value < linked.limit(row):
            out.append(key)
    return out


def suppress_rows(rows: list[dict[str, Any]], facts: dict[str, IndicatorFacts] | None = None, carried: Pattern | None = None) -> None:
    """Set `undertryckt_orsak`, `undertryckt` and `_dolda` (hidden cells of a shown row) on every row.

    A row that arrives with a reason (withheld for bortfall, follow-up time, illogical answers)
    keeps it and is treated as hidden. `facts` (per indicator, `linkage.facts`) default to what
    the rows carry (`_gräns`, `_skyddas`). `carried`: what earlier versions of the same report
    year hid, hidden again (`earlier`)."""
    facts = facts or _facts_from_rows(rows)
    for r in rows:
        r.setdefault("_rad", "huvud")
        r["undertryckt_orsak"] = r.get("undertryckt_orsak") or (PRIMARY if is_primary(r) else "")
    linked = Linked(rows, facts)
    protection = Protection(linked)
    for i, r in enumerate(rows):
        if r["undertryckt_orsak"]:
            protection.hide_row(i)
    protection.hide(_primary_cells(linked))
    if carried:
        for i, r in enumerate(rows):
            key = row_key(r)
            if key in carried.rows:
                protection.hide_row(i)
            protection.hide(k for k in linked.row_cells.get(i, []) if k[0] == "r" and (key, k[2]) in carried.cells)
    protection.run()
    for i, r in enumerate(rows):
        hidden_row = i in protection.hidden_rows
        if hidden_row and not r["undertryckt_orsak"]:
            r["undertryckt_orsak"] = SECONDARY
        r["undertryckt"] = bool(r["undertryckt_orsak"])
        cells = [] if hidden_row else [k[2] for k in linked.row_cells.get(i, []) if k[0] == "r" and k in protection.hidden]
        r["_dolda"] = ",".join(sorted(cells))


def _facts_from_rows(rows: list[dict[str, Any]]) -> dict[str, IndicatorFacts]:
    out: dict[str, IndicatorFacts] = {}
    with_categories = {r["indikator_id"] for r in rows if r.get("_rad") == "kategori"}
    for r in rows:
        if r["indikator_id"] not in out:
            kind = "fördelning" if r["indikator_id"] in with_categories else "andel"
            out[r["indikator_id"]] = IndicatorFacts(r["indikator_id"], kind, int(r.get("_gräns", DEFAULT_THRESHOLD)), bool(r.get("_skyddas", True)))
    return out


def suppress(table: pd.DataFrame) -> pd.DataFrame:
    """DataFrame form of `suppress_rows` (adds `undertryckt`, `undertryckt_orsak` and `dolda_celler`)."""
    rows = table.to_dict("records")
    for r in rows:
        r.setdefault("_gräns", DEFAULT_THRESHOLD)
        r.setdefault("_skyddas", True)
        r.setdefault("_n_värde", r.get("nämnare"))
        if r.get("undertryckt_orsak") in (PRIMARY, SECONDARY):
            r["undertryckt_orsak"] = ""  # recomputed
    suppress_rows(rows)
    out = pd.DataFrame(rows, index=table.index)
    out["dolda_celler"] = out.pop("_dolda")
    return out


def published(table: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """The publishable form of a results table: hidden rows and hidden cells blanked.

    `meta` maps indicator id to an object with `threshold`, `protected` and `kind`
    (`suengine.publish.results.IndicatorMeta`). The internal table's `dolda_celler` names the
    hidden cells of shown rows; a table without it (built by hand) blanks small auxiliary counts
    and urval with them. A reader is not told which hidden values are small: primary and
    secondary suppression are both published as `för_få`.
    """
    thresholds = {k: m.threshold for k, m in meta.items()}
    protected = {k: m.protected for k, m in meta.items()}
    out = table.copy().astype({c: "object" for c in (*HIDDEN_WITH_ROW, "föregående_värde") if c in table})
    hidden = out["undertryckt"].astype(bool)
    out.loc[hidden, [*HIDDEN_WITH_ROW, "föregående_värde"]] = None
    out.loc[hidden, "status"] = "ingen"
    out.loc[out["undertryckt_orsak"] == SECONDARY, "undertryckt_orsak"] = PRIMARY
    if "dolda_celler" in out:
        cells = out.pop("dolda_celler").fillna("").astype(str)
        for column in COUNTS:
            marked = cells.str.split(",").map(lambda names, c=column: c in names) & ~hidden
            out.loc[marked, column] = None
    else:
        limit = out["indikator_id"].map(thresholds).fillna(DEFAULT_THRESHOLD)
        guarded = out["indikator_id"].map(lambda i: bool(protected.get(i, True)))  # unknown: protected
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


def suppression_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many rows were hidden and why, and how many single counts in shown rows (internal table)."""
    reasons = table["undertryckt_orsak"].fillna("")
    cells = table["dolda_celler"].fillna("") if "dolda_celler" in table else pd.Series("", index=table.index)
    return {
        "rader": int((reasons != "").sum()),
        "primära": int((reasons == PRIMARY).sum()),
        "sekundära": int((reasons == SECONDARY).sum()),
        "andra": int((~reasons.isin(("", PRIMARY, SECONDARY))).sum()),
        "celler": int(sum(len([c for c in str(v).split(",") if c]) for v in cells[reasons == ""])),
    }
