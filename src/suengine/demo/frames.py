"""Numpy arrays → CaseData tables with the data model's dtypes, without per-value parsing."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from suengine.casedata.datamodel import DataModel
from suengine.casedata.tables import PANDAS_DTYPES
from suengine.demo.people import MISSING


def codes_of(index: np.ndarray, codes: Sequence[object]) -> np.ndarray:
    """Code per row from an index array; -1 = missing (None)."""
    table = np.array([*codes, None], dtype=object)
    return table[np.where(index < 0, len(codes), index)]


def dates_of(days: np.ndarray) -> np.ndarray:
    """Day numbers (MISSING allowed) → datetime64[D] with NaT."""
    out = days.astype("datetime64[D]")
    out[days == MISSING] = np.datetime64("NaT")
    return out


def column(kind: str, values: object, n: int) -> pd.Series:
    """One column in the CaseData dtype of its data-model type."""
    dtype = PANDAS_DTYPES[kind]
    if values is None:
        return pd.Series(pd.NaT if kind == "datum" else None, index=range(n), dtype=dtype)
    raw = values.values if isinstance(values, pd.Series) else np.asarray(values)
    if kind == "datum":
        return pd.Series(raw.astype("datetime64[ns]"))
    if kind == "boolesk":
        missing = pd.isna(raw)
        return pd.Series(pd.arrays.BooleanArray(np.where(missing, False, raw).astype(bool), missing))
    if kind in ("heltal", "decimal"):
        missing = pd.isna(raw)
        numbers = np.where(missing, 0, raw).astype(np.int64 if kind == "heltal" else np.float64)
        array_type = pd.arrays.IntegerArray if kind == "heltal" else pd.arrays.FloatingArray
        return pd.Series(array_type(numbers, missing))
    return pd.Series(raw.astype(object), dtype=dtype)


def frame(model: DataModel, entity: str, columns: dict) -> pd.DataFrame:
    """A table with exactly the entity's columns and CaseData dtypes (as `coerce_table` would give)."""
    n = len(next(iter(columns.values())))
    fields = model.entities[entity].fields
    return pd.DataFrame({name: column(f.type, columns.get(name), n) for name, f in fields.items()})
