"""What a reader may see of the results table, shared by the site and the Excel workbook.

The results table keeps suppressed values for internal use; everything here turns a row into the
texts a reader may see, so a suppressed value, its interval, its counts, its status and any change
that would reveal it never leave this module. Nothing is computed: values, intervals, statuses and
changes come from the engine, and only their visibility is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from suengine.render.format import (
    SYMBOL_MISSING,
    _truthy,
    format_interval,
    format_number,
    is_missing,
    published_reason,
    published_value,
    with_answers,
    is_follow_up_pending,
    bortfall_text,
    withheld_symbol,
)
from suengine.render.presentation import change_text, change_verdict

TOTAL = "total"


@dataclass(frozen=True)
class Shown:
    """One results row as published."""

    indicator_id: str
    period: str
    dimension: str  # "total" or the breakdown name
    stratum: str
    category: str
    unit: str
    version: int | None
    suppressed: bool
    value: float | None  # None when hidden or missing
    value_text: str  # "92 %", ".." or "–"
    low: float | None
    high: float | None
    interval_text: str  # "" when there is none or it is hidden
    numerator_text: str
    denominator_text: str
    status: str | None  # grön/gul/röd/ingen; None when hidden with the value
    reason: str  # why no value is shown ("" when shown)
    bortfall: str  # "bortfall 12 %" beside a shown value ("" when none)
    change: float | None  # None when unknown or when it would reveal a hidden value
    row: dict[str, Any]
    verdict: str = SYMBOL_MISSING  # "säker förändring" / "inom slumpens marginal" / a symbol (presentation)
    nbsp: bool = True

    @property
    def change_text(self) -> str:
        """The change as every output writes it (`+3,3 procentenheter`), `–` when there is none to show."""
        return change_text(self.change, self.unit, self.nbsp)

    @property
    def hidden_symbol(self) -> str:
        return withheld_symbol(self.row) if self.suppressed else SYMBOL_MISSING

    @property
    def label(self) -> str:
        return self.stratum or "Totalt"


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def _float(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def count_text(value: Any, nbsp: bool = True) -> str:
    """A count (or a sum for aggregate sources) in Swedish format, `–` when missing."""
    if is_missing(value):
        return SYMBOL_MISSING
    number = float(value)
    return format_number(number, 0 if number == int(number) else 1, nbsp)


def small_count_text(value: Any, threshold: int, nbsp: bool = True) -> str:
    """Counts that are not the indicator's own (bortfall, censored): shown only as 0 or at/above the threshold."""
    if is_missing(value):
        return SYMBOL_MISSING
    if 0 < float(value) < threshold:
        return f"färre än {threshold}"
    return count_text(value, nbsp)


def shown(row: dict[str, Any], previous: dict[str, Any] | None = None, nbsp: bool = True) -> Shown:
    """Publishable view of `row`; `previous` is the same stratum's row for the period before, if any."""
    suppressed = _truthy(row.get("undertryckt"))
    unit = _text(row.get("enhet"))
    value = None if suppressed else _float(row.get("värde"))
    low = high = None
    if value is not None:
        low, high = _float(row.get("ki_låg")), _float(row.get("ki_hög"))
    change = None
    previous_shown = previous is not None and not _truthy(previous.get("undertryckt")) and not is_missing(previous.get("värde"))
    answers = bool(row.get("svar")) or (previous is not None and bool(previous.get("svar")))
    if value is not None and previous_shown and not answers:  # answers (Ja/Delvis/…) have no change in numbers
        change = _float(row.get("förändring"))
    status = None if suppressed else (_text(row.get("status")) or "ingen")
    if value is None and status is not None:
        status = "ingen"
    version = row.get("version")
    return Shown(
        indicator_id=_text(row.get("indikator_id")),
        period=_text(row.get("period")),
        dimension=_text(row.get("uppdelning")) or TOTAL,
        stratum=_text(row.get("stratum")),
        category=_text(row.get("kategori")),
        unit=unit,
        version=None if is_missing(version) else int(version),
        suppressed=suppressed,
        value=value,
        value_text=published_value(row, nbsp),
        low=low,
        high=high,
        interval_text=format_interval(low, high, nbsp) if value is not None else "",
        numerator_text=withheld_symbol(row) if suppressed else count_text(row.get("täljare"), nbsp),
        denominator_text=withheld_symbol(row) if suppressed else count_text(row.get("nämnare"), nbsp),
        status=status,
        reason=published_reason(row),
        bortfall=bortfall_text(row),
        change=change,
        row=row,
        verdict=change_verdict(row, previous) if change is not None else SYMBOL_MISSING,
        nbsp=nbsp,
    )


class IndicatorResults:
    """The rows of one indicator, ordered by period, with lookups renderers need."""

    def __init__(self, frame: pd.DataFrame, indicator_id: str, nbsp: bool = True) -> None:
        rows = with_answers(frame[frame["indikator_id"] == indicator_id]).to_dict("records")
        self.indicator_id = indicator_id
        self.nbsp = nbsp
        order: dict[str, str] = {}
        for row in rows:
            period = _text(row.get("period"))
            order.setdefault(period, _text(row.get("period_start")) or period)
        self.periods: list[str] = sorted(order, key=lambda p: (order[p], p))
        self._rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self.dimensions: list[str] = []
        self.strata: dict[str, list[str]] = {}
        self.categories: list[str] = []
        for row in rows:
            dimension = _text(row.get("uppdelning")) or TOTAL
            stratum, category = _text(row.get("stratum")), _text(row.get("kategori"))
            self._rows[(_text(row.get("period")), dimension, stratum, category)] = row
            if dimension != TOTAL:
                if dimension not in self.strata:
                    self.dimensions.append(dimension)
                    self.strata[dimension] = []
                if stratum not in self.strata[dimension]:
                    self.strata[dimension].append(stratum)
            if category and category not in self.categories:
                self.categories.append(category)

    @property
    def empty(self) -> bool:
        return not self._rows

    @property
    def latest(self) -> str | None:
        return self.periods[-1] if self.periods else None

    def recent_periods(self, count: int) -> list[str]:
        return self.periods[-count:]

    def get(self, period: str, dimension: str = TOTAL, stratum: str = "", category: str = "") -> Shown | None:
        row = self._rows.get((period, dimension, stratum, category))
        if row is None:
            return None
        index = self.periods.index(period)
        previous = self._rows.get((self.periods[index - 1], dimension, stratum, category)) if index > 0 else None
        return shown(row, previous, self.nbsp)

    def headline(self, period: str | None = None) -> Shown | None:
        """The total for a period (latest by default), the figure the overview shows."""
        period = period or self.latest
        return self.get(period, TOTAL, "", "") if period else None

    def first_strata(self, period: str) -> dict[str, dict[str, Any] | None]:
        """One row per breakdown of a period (they share `bortfall_uppdelning`)."""
        return {d: self._rows.get((period, d, self.strata[d][0], "")) if self.strata[d] else None for d in self.dimensions}

    def latest_complete(self) -> Shown | None:
        """The latest total whose follow-up window has passed (for indicators with one), or None."""
        for period in reversed(self.periods):
            row = self._rows.get((period, TOTAL, "", ""))
            if row is not None and not is_follow_up_pending(row):
                return self.get(period)
        return None

    def unit(self) -> str:
        for row in self._rows.values():
            if _text(row.get("enhet")):
                return _text(row.get("enhet"))
        return ""
