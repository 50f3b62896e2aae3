"""Comparisons per indicator and year: group means, Kolada's year never passed off as the report year,
relative colour only for the same year with the own kommun's Kolada value left out, riket decided by the interval."""

from __future__ import annotations

import pandas as pd
import pytest

from suengine.reference.comparison import RIKET, Area, Own, Setting, Spec, area_value, compare, setting_from
from suengine.reference.relative import NO_DIFFERENCE, ABOVE

STORE_COLUMNS = ["kpi", "område", "områdestyp", "år", "kön", "värde", "källa", "kpi_titel", "hämtad", "publicerad"]


def _values(rows: list[tuple[str, str, int, float]], kön: str = "T") -> pd.DataFrame:
    return pd.DataFrame([{"kpi": k, "område": a, "områdestyp": "", "år": y, "kön": kön, "värde": v, "källa": "Kolada API v3",
                          "kpi_titel": "Ett nyckeltal", "hämtad": "2026-01-02", "publicerad": ""} for k, a, y, v in rows],
                        columns=STORE_COLUMNS)


KOMMUNER = [f"01{i:02d}" for i in range(1, 9)]  # eight kommuner with values 10, 20, …, 80
GROUP = Area("G1", "Liknande kommuner", ("0101", "0102", "0199"))
SETTING = Setting("0108", "Åtta", (Area(RIKET, "Riket"), GROUP))


def _store(year: int = 2022) -> pd.DataFrame:
    rows = [("N1", code, year, 10.0 * (i + 1)) for i, code in enumerate(KOMMUNER)] + [("N1", "0000", year, 45.0)]
    return _values(rows)


def test_a_group_is_its_own_row_or_the_unweighted_mean_of_its_members_with_a_value():
    year_values = {"0101": 10.0, "0102": 20.0}
    assert area_value(year_values, GROUP) == (15.0, 2)  # 0199 has no value: not counted as 0
    assert area_value({**year_values, "G1": 33.0}, GROUP) == (33.0, 0)  # Kolada's own group value wins
    assert area_value({"0300": 1.0}, GROUP) == (None, 0)


def test_years_after_koladas_latest_are_said_so_and_get_no_relative_colour():
    spec = Spec("ind", "N1", "skillnad", "högre_är_bättre")
    own = {2021: Own(50.0), 2022: Own(85.0), 2023: Own(85.0)}
    result = compare(spec, _store(2022), SETTING, own, [2021, 2022, 2023])
    assert result.latest_year == 2022 and result.report_year == 2023
    by_year = {r.year: r for r in result.rows}
    assert by_year[2022].areas == (45.0, 15.0) and by_year[2022].relative == "grön"
    assert by_year[2023].areas == (None, None) and by_year[2023].relative is None
    assert "Koladas senaste år i referensdata är 2022" in by_year[2023].reason
    assert "Senaste jämförelseår i Kolada: 2022" in result.year_text() and "2023" in result.year_text()
    assert by_year[2021].relative is None  # Kolada has no 2021 at all


def test_the_own_kommuns_kolada_value_is_left_out_of_the_quartiles():
    # 0108 (the project's kommun in Kolada) has 80; the own value 75 joins the other seven (10..70):
    # nobody is strictly better → grön. Were 0108's 80 counted, 75 would still be beaten by one of nine.
    spec = Spec("ind", "N1", "", "högre_är_bättre")
    row = compare(spec, _store(), SETTING, {2022: Own(75.0)}, [2022]).rows[0]
    assert row.kommuner == 7 and row.relative == "grön"
    lower = compare(Spec("ind", "N1", "", "lägre_är_bättre"), _store(), SETTING, {2022: Own(75.0)}, [2022]).rows[0]
    assert lower.relative == "röd"


def test_no_direction_or_no_published_value_gives_no_colour_with_a_reason():
    none = compare(Spec("ind", "N1", ""), _store(), SETTING, {2022: Own(75.0)}, [2022]).rows[0]
    assert none.relative is None and "inte av typen relativ" in none.reason
    hidden = compare(Spec("ind", "N1", "", "högre_är_bättre"), _store(), SETTING, {2022: Own(None)}, [2022]).rows[0]
    assert hidden.relative is None and "inget eget värde" in hidden.reason


@pytest.mark.parametrize(("low", "high", "expected"), [(40.0, 50.0, NO_DIFFERENCE), (45.0, 60.0, NO_DIFFERENCE), (46.0, 60.0, ABOVE)])
def test_riket_is_compared_through_the_own_interval(low, high, expected):
    row = compare(Spec("ind", "N1", ""), _store(), SETTING, {2022: Own(48.0, low, high)}, [2022]).rows[0]
    assert row.versus_riket == expected


def test_only_total_kon_is_compared_and_source_and_title_are_kept():
    store = pd.concat([_store(), _values([("N1", "0000", 2022, 1.0)], kön="K")], ignore_index=True)
    result = compare(Spec("ind", "N1", ""), store, SETTING, {}, [2022])
    assert result.rows[0].areas[0] == 45.0
    assert result.source == "Kolada API v3, hämtad 2026-01-02" and result.kpi_title == "Ett nyckeltal"


def test_setting_reads_titles_and_members_of_the_named_groups():
    groups = pd.DataFrame([{"grupp": "G1", "titel": "Liknande", "medlem": "0101", "medlem_namn": "A"},
                           {"grupp": "G1", "titel": "Liknande", "medlem": "0102", "medlem_namn": "B"},
                           {"grupp": "G2", "titel": "Annan", "medlem": "0103", "medlem_namn": "C"}])
    setting = setting_from({"kommun": "583", "grupper": ["G1", "G9"], "text": "Illustration."}, groups)
    assert setting.municipality == "0583" and setting.note == "Illustration."
    assert [(a.code, a.title, a.members) for a in setting.areas] == [
        ("0000", "Riket", ()), ("G1", "Liknande", ("0101", "0102")), ("G9", "G9", ())]
