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

from suengine import disclosure, targets
from suengine.engine.periods import parse_period
from suengine.model import Indicator

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
    "värde",
    "enhet",
    "ki_låg",
    "ki_hög",
    "värde_saknas",
    "status",
    "undertryckt",
    "undertryckt_orsak",
    "föregående_värde",
    "förändring",
)
INTEGER_COLUMNS = ("version", "urval", "exkluderade", "undantag", "censurerade", "bortfall_nämnare", "bortfall_täljare")
FLOAT_COLUMNS = ("nämnare", "täljare", "värde", "ki_låg", "ki_hög", "föregående_värde", "förändring")
TEXT_COLUMNS = ("indikator_id", "period", "uppdelning", "stratum", "kategori", "enhet", "värde_saknas", "status", "undertryckt_orsak")
CATEGORY_KINDS = ("fördelning", "förändring")  # measures whose `kategori` rows are categories, not a label
DECIMALS = 4


@dataclass(frozen=True)
class IndicatorMeta:
    """What the table needs to know about an indicator after evaluation."""

    kind: str
    threshold: int
    protected: bool


@dataclass
class Results:
    table: pd.DataFrame  # internal: every value, with suppression flags
    meta: dict[str, IndicatorMeta] = field(default_factory=dict)

    def published(self) -> pd.DataFrame:
        """The form that may be published: suppressed values and small counts blanked."""
        return disclosure.published(self.table, self.meta)


def empty_table() -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in COLUMNS}))


def previous_keys(table: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """Per row, its own key and the key of the same indicator/stratum/category one period earlier."""
    category_rows = table["indikator_id"].map(kinds).isin(CATEGORY_KINDS) & (table["kategori"].fillna("") != "")
    category = table["kategori"].fillna("").where(category_rows, "")
    prefix = table["indikator_id"] + "\x1f" + table["uppdelning"] + "\x1f" + table["stratum"].fillna("") + "\x1f" + category
    previous = table["period"].map(lambda label: parse_period(label).previous().label)
    return pd.DataFrame({"key": prefix + "\x1f" + table["period"], "previous_key": prefix + "\x1f" + previous}, index=table.index)


def _with_previous(table: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    keys = previous_keys(table, kinds)
    values = dict(zip(keys["key"], table["värde"]))
    previous = keys["previous_key"].map(values)
    table["föregående_värde"] = pd.to_numeric(previous, errors="coerce")
    table["förändring"] = pd.to_numeric(table["värde"], errors="coerce") - table["föregående_värde"]
    return table


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for c in INTEGER_COLUMNS:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    for c in FLOAT_COLUMNS:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Float64")
    for c in TEXT_COLUMNS:
        out[c] = out[c].fillna("").astype(str)
    for c in ("period_start", "period_slut"):
        out[c] = out[c].map(lambda d: d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) if d else None)
    out["undertryckt"] = out["undertryckt"].fillna(False).astype(bool)
    return out[list(COLUMNS)].reset_index(drop=True)


def build_results(rows: list[dict[str, Any]], indicators: list[Indicator], default_threshold: int = disclosure.DEFAULT_THRESHOLD) -> Results:
    """Assemble the internal results table from the engine's rows."""
    meta = {
        i.id: IndicatorMeta(
            kind=i.scoring.kind,
            threshold=disclosure.threshold(i.min_n, default_threshold),
            protected=i.records not in disclosure.AGGREGATE_ENTITIES,
        )
        for i in indicators
    }
    if not rows:
        return Results(empty_table(), meta)
    table = pd.DataFrame(rows)
    by_id = {i.id: i for i in indicators}
    table["_gräns"] = table["indikator_id"].map(lambda i: meta[i].threshold)
    table["_skyddas"] = table["indikator_id"].map(lambda i: meta[i].protected)
    table["status"] = [
        targets.status(by_id[ind].target, _number(value), category or None) if rad == "huvud" else targets.NONE
        for ind, value, category, rad in zip(table["indikator_id"], table["värde"], table["kategori"], table["_rad"])
    ]
    table = disclosure.suppress(table)
    table = _with_previous(table, {k: m.kind for k, m in meta.items()})
    return Results(_typed(table), meta)


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
