"""What a reader may see of a results row: hidden values take their interval, counts, status and change along."""

from __future__ import annotations

import pandas as pd

from suengine.render.presentation import change_text as format_change
from suengine.render.site.published import IndicatorResults, shown, small_count_text


def test_suppressed_row_shows_nothing_but_dots_and_reason(results_table: pd.DataFrame) -> None:
    data = IndicatorResults(results_table, "utredning-inom-4-manader")
    flicka = data.get("2025", "kön", "flicka")
    assert flicka is not None and flicka.suppressed
    assert (flicka.value, flicka.low, flicka.high, flicka.change, flicka.status) == (None, None, None, None, None)
    assert (flicka.value_text, flicka.numerator_text, flicka.denominator_text, flicka.interval_text) == ("..", "..", "..", "")
    assert flicka.reason == "för få observationer"
    assert flicka.hidden_symbol == ".."


def test_missing_value_is_dash_with_reason_and_no_status(results_table: pd.DataFrame) -> None:
    item = IndicatorResults(results_table, "utredning-inom-4-manader").headline("2023")
    assert item is not None and item.value is None and not item.suppressed
    assert item.value_text == "–" and item.hidden_symbol == "–" and item.status == "ingen"
    assert item.reason == "uppgift saknas (bortfall)"


def test_change_is_hidden_when_it_would_reveal_a_hidden_previous_value() -> None:
    previous = {"värde": 42.857, "undertryckt": True}
    row = {"indikator_id": "x", "period": "2026", "uppdelning": "kön", "stratum": "flicka", "värde": 60.0,
           "enhet": "procent", "förändring": 17.143, "föregående_värde": 42.857, "undertryckt": False, "status": "gul"}
    assert shown(row, previous).change is None
    assert shown(row, {"värde": 50.0, "undertryckt": False}).change == 17.143
    assert shown(row, None).change is None  # no published previous row to compare with


def test_latest_and_headline_follow_period_order(results_table: pd.DataFrame) -> None:
    data = IndicatorResults(results_table, "ateraktualisering-inom-2-ar")
    assert data.periods == ["2021", "2022", "2023", "2024", "2025"]
    assert data.dimensions == ["kön"] and data.strata["kön"] == ["flicka", "pojke"]
    head = data.headline()
    assert head is not None and head.period == "2025" and head.value_text == "14\u00a0%" and head.status == "grön"
    assert format_change(head.change, head.unit) == "\u22126,0\u00a0procentenheter"


def test_format_change_and_small_counts() -> None:
    assert format_change(4.2, "procent", nbsp=False) == "+4,2 procentenheter"  # one decimal, as in the report
    assert format_change(0.03, "procent", nbsp=False) == "±0,0 procentenheter"
    assert format_change(-0.2, "per 1 000", nbsp=False) == "\u22120,2 per 1 000"
    assert format_change(None, "procent") == "–"
    assert small_count_text(0, 5) == "0" and small_count_text(3, 5) == "färre än 5" and small_count_text(12, 5) == "12"
