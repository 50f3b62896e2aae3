"""A build's comparisons: the relative colour goes into the status of relativ indicators' annual totals only
(never a stratum, never a withheld value, never a year Kolada lacks), and the shared view says source and year."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from suengine.definitions import load_definitions
from suengine.definitions.model import Target
from suengine.publish.comparison import apply_relative, comparisons
from suengine.reference import store
from suengine.render.comparison import NOT_IN_KOLADA, RELATIVE_COLUMN, relative_counts, relative_summary, view, workbook_rows

CATALOGUE = Path(__file__).resolve().parents[2] / "indicators"


def _indicator(relative: bool):
    loaded = load_definitions(CATALOGUE / "handlaggning" / "utredningstid-median.yml").indicators[0]
    if relative:
        return dataclasses.replace(loaded, target=Target("relativ", "Kortare är bättre.", "lägre_är_bättre"))
    return loaded


def _published() -> pd.DataFrame:
    rows = []
    for period, value, hidden in (("2021", 60.0, False), ("2022", 61.0, False), ("2023", 62.0, True), ("2024", 30.0, False)):
        rows.append({"indikator_id": "utredningstid-median", "period": period, "uppdelning": "total", "stratum": "",
                     "kategori": "", "undertryckt": hidden, "värde": None if hidden else value, "ki_låg": None,
                     "ki_hög": None, "status": "ingen"})
        rows.append({"indikator_id": "utredningstid-median", "period": period, "uppdelning": "kön", "stratum": "flicka",
                     "kategori": "", "undertryckt": False, "värde": 10.0, "ki_låg": None, "ki_hög": None, "status": "ingen"})
    return pd.DataFrame(rows)


def _project(tmp_path: Path) -> Path:
    rows = [{"kpi": "U33401", "område": f"05{i:02d}", "områdestyp": "kommun", "år": year, "kön": "T", "värde": 50.0 + 10 * i,
             "källa": "Kolada via DDF-dump (test)", "kpi_titel": "Utredningstid, medelvärde", "hämtad": "2024-08-30",
             "publicerad": ""} for i in range(8) for year in (2021, 2022, 2023)]
    store.merge_values(tmp_path, pd.DataFrame(rows))
    store.merge_groups(tmp_path, pd.DataFrame([{"grupp": "G1", "titel": "Liknande", "medlem": "0500", "medlem_namn": "A"},
                                               {"grupp": "G1", "titel": "Liknande", "medlem": "0501", "medlem_namn": "B"}]))
    return tmp_path


SETTING = {"kommun": "0583", "grupper": ["G1"], "text": "Illustration: påhittad kommun."}


def test_relative_colour_reaches_only_annual_totals_of_years_kolada_has(tmp_path):
    root = _project(tmp_path)
    published = _published()
    found = comparisons(published, [_indicator(True)], root, SETTING, [2021, 2022, 2023, 2024])
    out = apply_relative(published, found)
    total = out[out["uppdelning"] == "total"].set_index("period")["status"].to_dict()
    # 2021: 60 among 50..120 (lower is better): only 50 is better → grön; 2022 61: 50, 60 better → grön (n = 9, < 2,25)
    assert total == {"2021": "grön", "2022": "grön", "2023": "ingen", "2024": "ingen"}
    assert set(out[out["uppdelning"] == "kön"]["status"]) == {"ingen"}
    row_2024 = found.by_indicator["utredningstid-median"].report_row
    assert row_2024.relative is None and "senaste år i referensdata är 2023" in row_2024.reason
    assert relative_counts(found, 2022) == {"grön": 1, "gul": 0, "röd": 0, "ingen": 0}
    assert "1 utan relativ färg (Koladas senaste år i referensdata är 2023)" in relative_summary(found, 2024)


def test_a_withheld_own_value_is_never_placed_among_the_kommuner(tmp_path):
    found = comparisons(_published(), [_indicator(True)], _project(tmp_path), SETTING, [2023])
    row = found.by_indicator["utredningstid-median"].rows[0]
    assert row.own is None and row.relative is None and "inget eget värde" in row.reason


def test_no_setting_or_no_target_of_kind_relativ_changes_no_status(tmp_path):
    root = _project(tmp_path)
    published = _published()
    assert comparisons(published, [_indicator(True)], root, {}, [2022]) is None
    found = comparisons(published, [_indicator(False)], root, SETTING, [2021, 2022])
    assert apply_relative(published, found)["status"].tolist() == published["status"].tolist()


def test_the_view_labels_source_year_and_difference_and_marks_years_not_in_kolada(tmp_path):
    found = comparisons(_published(), [_indicator(True)], _project(tmp_path), SETTING, [2022, 2023, 2024])
    shown = view(found.by_indicator["utredningstid-median"], "Exempelby kommun")
    assert shown.header == ["År", "Exempelby kommun", "Riket", "Liknande", RELATIVE_COLUMN, "Jämfört med riket"]
    assert shown.rows[0][:4] == ["2022", "61,0", "–", "55,0"]  # Liknande: mean of 50 and 60; no riket row in the store
    assert shown.rows[2][2:5] == [NOT_IN_KOLADA] * 3 and shown.statuses == ["grön", None, None]
    text = "\n".join(shown.notes)
    assert "Källa: Kolada via DDF-dump (test), hämtad 2024-08-30, nyckeltal U33401" in text
    assert "Senaste jämförelseår i Kolada: 2023" in text and "Rapportåret 2024" in text
    assert "medelvärde, inte median" in text and "Illustration: påhittad kommun." in text
    plain = view(comparisons(_published(), [_indicator(False)], _project(tmp_path), SETTING, [2022]).by_indicator["utredningstid-median"])
    assert RELATIVE_COLUMN not in plain.header


def test_workbook_rows_have_a_column_per_area_with_numbers(tmp_path):
    found = comparisons(_published(), [_indicator(True)], _project(tmp_path), SETTING, [2021, 2022])
    header, rows = workbook_rows(found, {"utredningstid-median": "Utredningstid (median)"})
    assert header[:6] == ["Indikator", "Id", "År", "Eget värde", "Riket", "Liknande"]
    assert rows[0][:6] == ["Utredningstid (median)", "utredningstid-median", 2021, 60.0, None, 55.0]
    assert rows[0][6] == "grön" and rows[0][8] == "U33401" and rows[0][10] == 2022


def test_the_chart_draws_own_value_and_areas_with_gaps_and_says_every_value(tmp_path):
    from suengine.render.comparison_chart import comparison_chart, series

    found = comparisons(_published(), [_indicator(True)], _project(tmp_path), SETTING, [2022, 2023, 2024])
    comparison = found.by_indicator["utredningstid-median"]
    lines = series(comparison, "Exempelby")
    assert [label for label, _ in lines] == ["Exempelby", "Liknande"]  # riket has no value: no line
    assert lines[0][1] == [61.0, None, 30.0] and lines[1][1] == [55.0, 55.0, None]
    chart = comparison_chart(comparison, "Exempelby", "Utredningstid", tmp_path / "fig" / "u", formats=("svg",))
    assert chart is not None and chart.svg.is_file() and chart.png is None
    assert "Exempelby: 2022 61,0, 2023 –, 2024 30,0" in chart.alt and "Liknande: 2022 55,0" in chart.alt
    empty = comparisons(_published(), [_indicator(True)], _project(tmp_path), SETTING, [2030]).by_indicator["utredningstid-median"]
    assert comparison_chart(empty, "Exempelby", "x", tmp_path / "fig" / "e") is None
