"""The results table as the report reads it: rows selected per indicator, cells as published text.

Nothing here computes a statistic. A row's value, interval and change come from the engine;
this module only picks rows and decides what a reader may see of them. The rule for a row
marked `undertryckt`: its value, interval, täljare, nämnare and bortfall counts are all `..`,
and a later row's comparison with it is `..` too, so the hidden number cannot surface anywhere.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from suengine.errors import SuengineError
from suengine.render import presentation
from suengine.render.presentation import change_text
from suengine.render.format import (
    SYMBOL_MISSING,
    SYMBOL_NOT_APPLICABLE,
    format_interval,
    format_number,
    is_missing,
    published_reason,
    published_value,
    with_answers,
    is_follow_up_pending,
    withheld_symbol,
)

REQUIRED_COLUMNS = ("indikator_id", "period", "uppdelning", "värde", "enhet", "undertryckt")
TEXT_COLUMNS = ("indikator_id", "period", "uppdelning", "stratum", "kategori", "enhet", "värde_saknas", "ologiskt_regel",
                "status", "undertryckt_orsak")
NUMBER_COLUMNS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare",
                  "bortfall_täljare", "värde", "ki_låg", "ki_hög", "föregående_värde", "förändring")
_YEAR = re.compile(r"^(\d{4})")

Row = dict[str, Any]


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "ja", "sant")
    if is_missing(value):
        return False
    return bool(value)


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """The results table with the columns of docs/resultat.md in predictable types."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise SuengineError(f"resultattabellen saknar kolumnerna {', '.join(missing)} (se docs/resultat.md)")
    out = frame.copy()
    for column in TEXT_COLUMNS:
        if column not in out:
            out[column] = ""
        out[column] = out[column].map(lambda v: "" if is_missing(v) else str(v)).astype(object)
    out.loc[out["uppdelning"] == "", "uppdelning"] = "total"
    out.loc[out["status"] == "", "status"] = "ingen"
    for column in NUMBER_COLUMNS:
        if column not in out:
            out[column] = float("nan")
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    if "version" not in out:
        out["version"] = 1
    out["version"] = pd.to_numeric(out["version"], errors="coerce").fillna(0).astype(int)
    out["undertryckt"] = out["undertryckt"].map(_as_bool).astype(bool)
    return out.reset_index(drop=True)


def load_results(path: Path) -> pd.DataFrame:
    """`resultat.csv` or `resultat.json` in a folder (or the file itself)."""
    candidates = [path] if path.is_file() else [path / "resultat.csv", path / "resultat.json"]
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            if candidate.suffix == ".json":
                frame = pd.DataFrame(json.loads(candidate.read_text(encoding="utf-8")))
            else:
                lines = candidate.read_text(encoding="utf-8").splitlines(keepends=True)
                while lines and lines[0].startswith("#"):  # a header comment (suengine.publish.results.write_csv)
                    lines.pop(0)
                frame = pd.read_csv(io.StringIO("".join(lines)), dtype=str, keep_default_na=False)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise SuengineError(f"{candidate}: kan inte läsa resultattabellen ({exc})") from exc
        return normalise(frame)
    raise SuengineError(f"{path}: hittar ingen resultat.csv eller resultat.json")


def period_year(period: str) -> int | None:
    match = _YEAR.match(period)
    return int(match.group(1)) if match else None


def sort_periods(periods: list[str]) -> list[str]:
    return sorted(set(periods))


@dataclass
class IndicatorResults:
    """All rows of one indicator, with the selections the chapters need."""

    indicator_id: str
    rows: pd.DataFrame
    _rows_by_key: dict | None = field(default=None, init=False, repr=False, compare=False)

    def _main(self) -> pd.DataFrame:
        return self.rows[self.rows["kategori"] == ""]

    def periods(self, year: int, span: int = 5) -> list[str]:
        """Periods of the last `span` years up to `year`, oldest first (annual periods if there are any)."""
        periods = [p for p in self.rows["period"].unique() if (y := period_year(p)) is not None and year - span < y <= year]
        annual = [p for p in periods if re.fullmatch(r"\d{4}", p)]
        return sort_periods(annual or periods)

    def latest_period(self, year: int) -> str | None:
        periods = self.periods(year)
        in_year = [p for p in periods if period_year(p) == year]
        return in_year[-1] if in_year else None

    def previous_period(self, period: str) -> str | None:
        year = period_year(period)
        if year is None:
            return None
        periods = self.periods(year, span=2)
        earlier = [p for p in periods if p < period]
        return earlier[-1] if earlier else None

    def row(self, period: str | None, dimension: str = "total", stratum: str = "", category: str = "") -> Row | None:
        if period is None:
            return None
        return self._index().get((period, dimension, stratum, category))

    def _index(self) -> dict[tuple[str, str, str, str], Row]:
        """Rows by (period, uppdelning, stratum, kategori), the first of equal keys; built once (chapters ask thousands of times)."""
        if self._rows_by_key is None:
            index: dict[tuple[str, str, str, str], Row] = {}
            for record in self.rows.to_dict("records"):
                index.setdefault((record["period"], record["uppdelning"], record["stratum"], record["kategori"]), record)
            self._rows_by_key = index
        return self._rows_by_key

    def total(self, period: str | None) -> Row | None:
        return self.row(period)

    def latest_complete(self, year: int) -> tuple[str, Row] | None:
        """The latest period up to `year` whose follow-up window has passed (its period and total)."""
        for period in reversed(self.periods(year)):
            row = self.total(period)
            if row is not None and not is_follow_up_pending(row):
                return period, row
        return None

    def dimensions(self, period: str) -> list[str]:
        main = self._main()
        found = main[(main["period"] == period) & (main["uppdelning"] != "total")]["uppdelning"]
        return list(dict.fromkeys(found))

    def strata(self, period: str, dimension: str) -> list[Row]:
        main = self._main()
        rows = main[(main["period"] == period) & (main["uppdelning"] == dimension)]
        return [r.to_dict() for _, r in rows.iterrows()]

    def categories(self, period: str) -> list[Row]:
        rows = self.rows
        rows = rows[(rows["period"] == period) & (rows["uppdelning"] == "total") & (rows["kategori"] != "")]
        return [r.to_dict() for _, r in rows.iterrows()]

    def previous_row(self, row: Row) -> Row | None:
        previous = self.previous_period(str(row["period"]))
        return self.row(previous, str(row["uppdelning"]), str(row["stratum"]), str(row["kategori"]))

    def versions(self, periods: list[str]) -> dict[str, int]:
        return {p: int(r["version"]) for p in periods if (r := self.total(p)) is not None}


def by_indicator(results: pd.DataFrame) -> dict[str, IndicatorResults]:
    return {
        str(key): IndicatorResults(str(key), group.reset_index(drop=True))
        for key, group in with_answers(results).groupby("indikator_id", sort=False)
    }


# --- cells as a reader may see them -------------------------------------------------------------

def suppressed(row: Row | None) -> bool:
    return row is not None and _as_bool(row.get("undertryckt"))


def value_cell(row: Row | None) -> str:
    if row is None:
        return SYMBOL_MISSING
    return published_value(row)


def interval_cell(row: Row | None) -> str:
    """The Wilson interval, `..` when the value is hidden, `.` when the measure has none."""
    if row is None:
        return SYMBOL_MISSING
    if suppressed(row):
        return withheld_symbol(row)
    if str(row.get("enhet")) != "procent" or is_missing(row.get("värde")):
        return SYMBOL_NOT_APPLICABLE if str(row.get("enhet")) != "procent" else SYMBOL_MISSING
    text = format_interval(row.get("ki_låg"), row.get("ki_hög"))
    return text or SYMBOL_MISSING


def count_cell(row: Row | None, column: str) -> str:
    """A count, hidden with the value: a suppressed row's counts would give the value away."""
    if row is None:
        return SYMBOL_MISSING
    if suppressed(row):
        return withheld_symbol(row)
    value = row.get(column)
    if is_missing(value):
        return SYMBOL_NOT_APPLICABLE if column == "täljare" and str(row.get("enhet")) != "procent" else SYMBOL_MISSING
    number = float(value)
    return format_number(number, 0 if number.is_integer() else 1)  # sums of årsarbetare have decimals


def reason_text(row: Row | None) -> str:
    if row is None:
        return "uppgift saknas"
    return published_reason(row)


def shown_status(row: Row | None) -> str:
    """The status a reader may see; a hidden value has no shown status (it would reveal a range)."""
    if row is None or suppressed(row) or is_missing(row.get("värde")):
        return "ingen"
    status = str(row.get("status") or "ingen")
    return status if status in ("grön", "gul", "röd") else "ingen"


def shown_number(row: Row | None) -> float | None:
    """The value for a chart, or None when it may not or cannot be shown."""
    if row is None or suppressed(row) or is_missing(row.get("värde")):
        return None
    return float(row["värde"])


@dataclass(frozen=True)
class Comparison:
    """A row compared with the same row one period earlier, as shown: text, and why not when hidden."""

    previous_value: str
    change: str  # Markdown-ready text, or a symbol
    note: str  # '' or the reason the change is not shown
    comparable: bool


def compare(data: IndicatorResults, row: Row | None) -> Comparison:
    if row is None:
        return Comparison(SYMBOL_MISSING, SYMBOL_MISSING, "uppgift saknas", False)
    previous = data.previous_row(row)
    if previous is None:
        return Comparison(SYMBOL_MISSING, SYMBOL_MISSING, "inget resultat för föregående period", False)
    previous_text = value_cell(previous)
    if int(previous.get("version", 0)) != int(row.get("version", 0)):
        return Comparison(previous_text, SYMBOL_NOT_APPLICABLE, "ej jämförbar: definitionen har ändrats", False)
    if row.get("svar") or previous.get("svar"):  # answers (Ja/Delvis/…) are compared by their status, not in numbers
        return Comparison(previous_text, SYMBOL_NOT_APPLICABLE, "svar, ingen förändring i tal", False)
    if suppressed(row) or suppressed(previous):
        hidden = row if suppressed(row) else previous
        return Comparison(previous_text, withheld_symbol(hidden), published_reason(hidden), False)
    if is_missing(row.get("förändring")) or is_missing(row.get("värde")) or is_missing(previous.get("värde")):
        return Comparison(previous_text, SYMBOL_MISSING, "uppgift saknas", False)
    return Comparison(previous_text, change_text(row["förändring"], str(row.get("enhet") or "")), "", True)


def change_verdict(data: IndicatorResults, row: Row | None) -> str:
    """The verdict on the change since the previous period (suengine.render.presentation.change_verdict)."""
    return presentation.change_verdict(row, data.previous_row(row) if row is not None else None)
