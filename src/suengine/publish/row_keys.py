"""Keys that link a results row to the same indicator, breakdown, stratum and category one period earlier."""

from __future__ import annotations

from typing import Any

import pandas as pd

from suengine.definitions.periods import parse_period

CATEGORY_KINDS = ("fördelning", "förändring")  # measures whose `kategori` rows are categories, not a label


def _previous_label(label: str) -> str:
    return parse_period(label).previous().label


def previous_keys(table: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """Per row, its own key and the key of the same indicator/stratum/category one period earlier."""
    keys = [row_keys(r, kinds) for r in table[["indikator_id", "uppdelning", "stratum", "kategori", "period"]].to_dict("records")]
    return pd.DataFrame(keys, columns=["key", "previous_key"], index=table.index)


def row_keys(row: dict[str, Any], kinds: dict[str, str]) -> tuple[tuple, tuple]:
    category = (row["kategori"] or "") if kinds.get(row["indikator_id"]) in CATEGORY_KINDS else ""
    prefix = (row["indikator_id"], row["uppdelning"], row["stratum"] or "", category)
    return (*prefix, row["period"]), (*prefix, _previous_label(row["period"]))
