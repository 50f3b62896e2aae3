"""The results table of docs/resultat.md — the only thing renderers read — and its writers.

`build_results` takes the engine's rows, colours them (`targets`), applies disclosure
control (`disclosure`), adds the previous period's value and the change, and fixes the
column order and types. The table holds aggregated figures only: no record, no child id.
`Results.published()` is the form that may leave the building; `write_csv`/`write_json`
write either form.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT, bortfall_limit
from suengine.definitions.model import Indicator
from suengine.publish import disclosure, linkage, targets
from suengine.publish.earlier import Pattern
from suengine.publish.row_keys import row_keys

COLUMNS = (
    "indikator_id",
    "version",
    "period",
    "period_start",
    "period_slut",
    "uppdelning",
    "stratum",
    "kategori",
    "urval",
    "exkluderade",
    "undantag",
    "censurerade",
    "nämnare",
    "täljare",
    "bortfall_nämnare",
    "bortfall_täljare",
    "bortfall_andel",
    "bortfall_uppdelning",
    "värde",
    "enhet",
    "ki_låg",
    "ki_hög",
    "värde_saknas",
    "ologiskt_regel",
    "status",
    "undertryckt",
    "undertryckt_orsak",
    "föregående_värde",
    "förändring",
)
INTEGER_COLUMNS = ("version", "urval", "exkluderade", "undantag", "censurerade", "bortfall_nämnare", "bortfall_täljare",
                   "bortfall_uppdelning")
FLOAT_COLUMNS = ("nämnare", "täljare", "bortfall_andel", "värde", "ki_låg", "ki_hög", "föregående_värde", "förändring")
TEXT_COLUMNS = ("indikator_id", "period", "uppdelning", "stratum", "kategori", "enhet", "värde_saknas", "ologiskt_regel", "status",
                "undertryckt_orsak")
DECIMALS = 4
TOO_MUCH_BORTFALL = "för_stort_bortfall"
FOLLOW_UP_NOT_PASSED = "uppföljningstid_ej_passerad"


@dataclass(frozen=True)
class IndicatorMeta:
    """What the table needs to know about an indicator after evaluation."""

    kind: str
    threshold: int
    protected: bool
    bortfall_limit: float = DEFAULT_BORTFALL_LIMIT


@dataclass
class Results:
    table: pd.DataFrame  # internal: every value, with suppression flags
    meta: dict[str, IndicatorMeta] = field(default_factory=dict)
    facts: dict[str, linkage.IndicatorFacts] = field(default_factory=dict)  # what links the cells (audit)

    def published(self) -> pd.DataFrame:
        """The form that may be published: suppressed values and small counts blanked."""
        out = disclosure.published(self.table, self.meta)
        # The bortfall share goes with the bortfall count: hidden when the row or the count is hidden.
        hidden = out["undertryckt"].astype(bool) | (out["bortfall_täljare"].isna() & self.table["bortfall_täljare"].notna())
        out["bortfall_andel"] = out["bortfall_andel"].astype(object)
        out.loc[hidden, "bortfall_andel"] = None
        # Units outside every stratum of a breakdown: a small count is not shown (as the other bortfall counts).
        # An indicator sharing its population with a stricter one (higher minsta_antal) shows the rest at that level.
        limit = out["indikator_id"].map(linkage.shared_thresholds(self.facts) or {k: m.threshold for k, m in self.meta.items()})
        limit = limit.fillna(disclosure.DEFAULT_THRESHOLD)
        guarded = out["indikator_id"].map({k: m.protected for k, m in self.meta.items()}).fillna(True).astype(bool)
        outside = pd.to_numeric(out["bortfall_uppdelning"], errors="coerce")
        out["bortfall_uppdelning"] = out["bortfall_uppdelning"].astype(object)
        out.loc[((outside > 0) & (outside < limit) & guarded).fillna(False).astype(bool), "bortfall_uppdelning"] = None
        return out


def empty_table() -> pd.DataFrame:
    return _frame([])


def _add_previous(rows: list[dict[str, Any]], kinds: dict[str, str]) -> None:
    keys = [row_keys(r, kinds) for r in rows]
    values = {key: r["värde"] for (key, _), r in zip(keys, rows)}
    for (_, previous_key), r in zip(keys, rows):
        previous = values.get(previous_key)
        r["föregående_värde"] = previous
        r["förändring"] = r["värde"] - previous if previous is not None and r["värde"] is not None else None


_DTYPES = {**{c: "Int64" for c in INTEGER_COLUMNS}, **{c: "Float64" for c in FLOAT_COLUMNS}, "undertryckt": "boolean"}


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The table in resultat.md's column order with fixed dtypes (missing numbers are <NA>)."""
    columns = {}
    for c in COLUMNS:
        values = [r.get(c) for r in rows]
        if c in _DTYPES:
            values = [None if v is None or v != v else v for v in values]
            columns[c] = pd.array(values, dtype=_DTYPES[c])
        elif c in TEXT_COLUMNS:
            columns[c] = pd.array(["" if v is None else str(v) for v in values], dtype=object)
        else:
            columns[c] = pd.array(values, dtype=object)
    frame = pd.DataFrame(columns)
    frame["dolda_celler"] = pd.array([str(r.get("_dolda") or "") for r in rows], dtype=object)  # internal only
    frame["undertryckt"] = frame["undertryckt"].fillna(False).astype(bool)
    return frame


def build_results(
    rows: list[dict[str, Any]],
    indicators: list[Indicator],
    default_threshold: int = disclosure.DEFAULT_THRESHOLD,
    default_bortfall_limit: float = DEFAULT_BORTFALL_LIMIT,
    carried: Pattern | None = None,
) -> Results:
    """Assemble the internal results table from the engine's rows (which it completes in place).

    `carried`: the suppression pattern of earlier published versions of the same report year."""
    meta = {
        i.id: IndicatorMeta(
            kind=i.scoring.kind,
            threshold=disclosure.threshold(i.min_n, default_threshold),
            protected=i.records not in linkage.AGGREGATE_ENTITIES,
            bortfall_limit=bortfall_limit(i, default_bortfall_limit),
        )
        for i in indicators
    }
    by_id = {i.id: i for i in indicators}
    for r in rows:
        m = meta[r["indikator_id"]]
        r["_gräns"], r["_skyddas"] = m.threshold, m.protected
        main = r["_rad"] == "huvud"
        r["status"] = targets.status(by_id[r["indikator_id"]].target, _number(r["värde"]), r["kategori"] or None) if main else targets.NONE
    # Withheld rows (follow-up not passed, too much bortfall) first: disclosure control then treats them
    # as hidden and protects them like any other hidden value.
    statuses = [r["status"] for r in rows]
    withhold(rows, {k: m.bortfall_limit for k, m in meta.items()})
    facts = {i.id: linkage.facts(i, meta[i.id].threshold) for i in indicators}
    disclosure.suppress_rows(rows, facts, carried)
    for r, status in zip(rows, statuses):  # a small count is the first reason given, before too much bortfall
        if r["undertryckt_orsak"] == TOO_MUCH_BORTFALL and disclosure.is_primary(r):
            r["undertryckt_orsak"], r["status"] = disclosure.PRIMARY, status
    _add_previous(rows, {k: m.kind for k, m in meta.items()})
    return Results(_frame(rows), meta, facts)


def withheld_reason(row: dict[str, Any], limit: float) -> str:
    """Why a main row's value may not be published although it was computed ('' when it may)."""
    if (row.get("censurerade") or 0) > 0:
        return FOLLOW_UP_NOT_PASSED  # a partly followed cohort would flatter the value
    share = row.get("bortfall_andel")
    if share is not None and share > limit + 1e-9:
        return TOO_MUCH_BORTFALL
    return ""


def withhold(rows: list[dict[str, Any]], limits: dict[str, float]) -> None:
    """Withhold values whose follow-up has not passed or whose bortfall is above the limit.

    A cohort whose follow-up window has not passed (in its total) is withheld in every stratum and
    category; the follow-up reason replaces a disclosure reason (it is the real one), while a
    disclosure reason is kept before `för_stort_bortfall`. Rows are in the engine's order: a main
    row, then its categories.
    """
    cohort: dict[tuple[str, str], bool] = {}
    reason = ""
    for r in rows:
        key = (r["indikator_id"], r["period"])
        if r["_rad"] == "huvud":
            reason = withheld_reason(r, limits[r["indikator_id"]])
            if r["uppdelning"] == "total":
                cohort[key] = reason == FOLLOW_UP_NOT_PASSED
            elif cohort.get(key):
                reason = FOLLOW_UP_NOT_PASSED
        if not reason or (r.get("undertryckt_orsak") and reason != FOLLOW_UP_NOT_PASSED):
            continue
        r["undertryckt_orsak"], r["undertryckt"], r["status"] = reason, True, targets.NONE


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _plain(value: Any) -> Any:
    """JSON-ready scalar: None for missing, int for whole numbers, rounded floats, ISO dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        rounded = round(value, DECIMALS)
        return int(rounded) if rounded.is_integer() else rounded
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    return value


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{c: _plain(v) for c, v in zip(COLUMNS, row)} for row in table[list(COLUMNS)].itertuples(index=False, name=None)]


def write_json(table: pd.DataFrame, path: Path) -> None:
    """A list of objects with the table's columns (UTF-8)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records(table), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_csv(table: pd.DataFrame, path: Path, header_comment: str | None = None) -> None:
    """UTF-8, comma separated, point as decimal sign; booleans as true/false; missing as empty."""
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = pd.DataFrame(records(table), columns=list(COLUMNS), dtype=object)
    plain["undertryckt"] = plain["undertryckt"].map(lambda v: "true" if v else "false")
    text = plain.to_csv(index=False, lineterminator="\n")
    if header_comment:
        text = f"# {header_comment}\n" + text
    path.write_text(text, encoding="utf-8")
