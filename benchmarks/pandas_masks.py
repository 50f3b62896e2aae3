"""A straightforward pandas evaluation of the condition tree, kept only for comparison.

This is the "vectorised pandas masks" alternative the engine was measured against before
DuckDB SQL was chosen (see bench_engine.py). Three-valued logic comes from pandas' nullable
`boolean` dtype, whose `&`, `|` and `~` are Kleene's. It evaluates the six representative
indicators (urval, exkludering, täljare, uppföljningsfönster, kön × åldersgrupp, children or
records) — enough to time it honestly; it is not the product path.
"""

from __future__ import annotations

import operator

import numpy as np
import pandas as pd

from representative import representative

from suengine.definitions import conditions as c
from suengine.casedata.tables import CaseData
from suengine.definitions.model import Indicator

_OPS = {"är": operator.eq, "minst": operator.ge, "högst": operator.le, "större_än": operator.gt, "mindre_än": operator.lt}


def _offset(duration: c.Duration, sign: int = 1) -> pd.DateOffset | pd.Timedelta:
    if duration.unit == "månader":
        return pd.DateOffset(months=sign * duration.amount)
    return pd.Timedelta(days=sign * duration.amount)


def _value(series: pd.Series, value: object) -> object:
    return pd.Timestamp(value) if pd.api.types.is_datetime64_any_dtype(series) else value


def _known(result: pd.Series, *inputs: pd.Series) -> pd.Series:
    out = pd.Series(result, dtype="boolean")
    missing = np.zeros(len(out), dtype=bool)  # noqa: writable accumulator
    for s in inputs:
        missing |= s.isna().to_numpy()
    return out.mask(missing)


def mask(condition: c.Condition, frame: pd.DataFrame, data: CaseData) -> pd.Series:
    if isinstance(condition, c.Compare):
        col = frame[condition.field]
        if condition.operator == "en_av":
            return _known(col.isin(list(condition.value)), col)
        if condition.operator == "mellan":
            low, high = condition.value
            return _known((col >= _value(col, low)) & (col <= _value(col, high)), col)
        return _known(_OPS[condition.operator](col, _value(col, condition.value)), col)
    if isinstance(condition, c.IsMissing):
        return pd.Series(frame[condition.field].isna().to_numpy(), dtype="boolean", index=frame.index)
    if isinstance(condition, c.IsPresent):
        return pd.Series(frame[condition.field].notna().to_numpy(), dtype="boolean", index=frame.index)
    if isinstance(condition, c.Not):
        return ~mask(condition.operand, frame, data)
    if isinstance(condition, c.All):
        out = pd.Series(True, index=frame.index, dtype="boolean")
        for o in condition.operands:
            out = out & mask(o, frame, data)
        return out
    if isinstance(condition, c.Any_):
        out = pd.Series(False, index=frame.index, dtype="boolean")
        for o in condition.operands:
            out = out | mask(o, frame, data)
        return out
    if isinstance(condition, c.TimeBetween):
        start, end = frame[condition.start], frame[condition.end]
        limit = start + _offset(condition.duration)
        op = {"högst": operator.le, "minst": operator.ge, "mindre_än": operator.lt, "större_än": operator.gt}[condition.operator]
        return _known(op(end, limit), start, end)
    if isinstance(condition, c.RelatedExists):
        return _related(condition, frame, data)
    raise TypeError(condition)


def _related(condition: c.RelatedExists, frame: pd.DataFrame, data: CaseData) -> pd.Series:
    anchor = frame[condition.anchor]
    left = pd.DataFrame({"_row": np.arange(len(frame)), "barn_id": frame["barn_id"].to_numpy(), "_anchor": anchor.to_numpy()})
    for f in condition.same_values:
        left[f] = frame[f].to_numpy()
    other = data.tables[condition.entity][["barn_id", condition.date_field, *condition.same_values]]
    pairs = left.dropna(subset=["_anchor"]).merge(other, on=["barn_id", *condition.same_values])
    date, start = pairs[condition.date_field], pairs["_anchor"]
    if condition.direction == "före":
        hit = (date >= start - _offset(condition.within)) & (date < start)
    else:
        hit = (date > start) & (date <= start + _offset(condition.within))
    found = np.zeros(len(frame), dtype=bool)
    found[pairs.loc[hit.fillna(False).to_numpy(), "_row"].to_numpy()] = True
    unknown = anchor.isna().to_numpy().copy()
    for f in condition.same_values:
        unknown |= frame[f].isna().to_numpy()
    return pd.Series(found, index=frame.index, dtype="boolean").mask(unknown)


def _age(birth: pd.Series, at: pd.Series) -> pd.Series:
    before = (at.dt.month < birth.dt.month) | ((at.dt.month == birth.dt.month) & (at.dt.day < birth.dt.day))
    return at.dt.year - birth.dt.year - before.astype("Int64")


def _frame(indicator: Indicator, data: CaseData, years: list[int]) -> pd.DataFrame:
    records = data.tables[indicator.records]
    date = records[indicator.period_date]
    records = records[(date.dt.year >= min(years)) & (date.dt.year <= max(years))]
    frame = records.merge(data.tables["barn"][["barn_id", "kön", "födelsedatum"]], on="barn_id", how="left")
    frame["ålder"] = _age(frame["födelsedatum"], frame[indicator.age_date])
    frame["_period"] = frame[indicator.period_date].dt.year
    return frame


def evaluate(indicator: Indicator, data: CaseData, years: list[int]) -> pd.DataFrame:
    frame = _frame(indicator, data, years)
    true = pd.Series(True, index=frame.index, dtype="boolean")
    false = pd.Series(False, index=frame.index, dtype="boolean")

    def pop(name: str, default: pd.Series) -> pd.Series:
        p = indicator.population(name)
        return default if p is None else (mask(p.condition, frame, data) if p.condition is not None else true)

    urval, numerator, exclusion = pop("urval", true), pop("täljare", false), pop("exkludering", false)
    window = false
    if indicator.follow_up is not None:
        end = frame[indicator.follow_up.anchor] + _offset(indicator.follow_up.length)
        window = _known(end > pd.Timestamp(data.extraction_date), frame[indicator.follow_up.anchor])
    effective = (urval & ~window & ~exclusion).fillna(False).astype(bool)
    hit = (effective & numerator.fillna(False).astype(bool)).astype(bool)
    groups = [frame["kön"], pd.cut(frame["ålder"].astype("float"), [-1, 12, 20], labels=["0–12 år", "13–20 år"])]
    out = []
    for name, key in (("total", None), ("kön", groups[0]), ("åldersgrupp", groups[1])):
        keys = [frame["_period"]] + ([key] if key is not None else [])
        if indicator.counts_children:
            unit = frame["barn_id"]
            n = unit[effective].groupby([k[effective] for k in keys], observed=True).nunique()
            t = unit[hit].groupby([k[hit] for k in keys], observed=True).nunique()
        elif indicator.scoring.kind == "median":
            days = (frame[indicator.scoring.value.end] - frame[indicator.scoring.value.start]).dt.days
            n = effective.groupby(keys, observed=True).sum()
            t = days[effective].groupby([k[effective] for k in keys], observed=True).median()
        else:
            n = effective.groupby(keys, observed=True).sum()
            t = hit.groupby(keys, observed=True).sum()
        out.append(pd.DataFrame({"uppdelning": name, "nämnare": n, "täljare": t}))
    return pd.concat(out)


def evaluate_six(data: CaseData, years: list[int]) -> dict[str, pd.DataFrame]:
    return {i.id: evaluate(i, data, years) for i in representative()}
