"""The measures step on hand-made counts: one result row per scoring type, worked by hand.

The SQL side hands `engine.measures` one dict of counts per period × stratum; these tests give it
such dicts directly (no DuckDB), so every rule of `main_row`, `category_row`, `population_size`
and the withholding of illogical answers is checked at its edges — the mutation-testing selection
(tests/MUTATION.md) relies on them.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from engine.helpers import SHARE, indicator
from suengine.casedata.datamodel import load_datamodel
from suengine.engine.measures import (
    category_row,
    main_row,
    population_size,
    population_table,
    wilson,
    withhold_category,
    withhold_illogical,
)
from suengine.engine.periods import periods_for_years
from suengine.engine.plan import compile_plan

MODEL = load_datamodel()
PERIOD = periods_for_years([2024], "år")[0]
COUNTS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")


def plan_of(body: str, **overrides):
    return compile_plan(indicator(body, **overrides), MODEL, dt.date(2030, 1, 1))


ANDEL = SHARE
ANTAL = """
bas: insats
perioddatum: start
populationer:
  urval: {beskrivning: u}
beräkning: {typ: antal}
målvärde: {typ: ingen}
"""
KVOT = """
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: u}
beräkning: {typ: kvot, %s befolkning: %s}
målvärde: {typ: ingen}
uppdelningar:
  - fält: kön
  - {fält: ålder, namn: ålder}
  - {fält: ålder, namn: åldersgrupp, grupper: [{etikett: "0–12 år", från: 0, till: 12}, {etikett: "13–20 år", från: 13, till: 20}]}
  - fält: enhet
"""
MEDEL = """
bas: insats
perioddatum: start
populationer:
  urval: {beskrivning: u}
beräkning: {typ: %s, värde: {fält: kostnad}}
målvärde: {typ: ingen}
"""
SUMMA = """
bas: insats
perioddatum: start
populationer:
  urval: {beskrivning: u}
beräkning:
  typ: summa
  värde: {fält: kostnad}
  delat_med: {tid_mellan: {från: start, till: slut, enhet: dagar}}
målvärde: {typ: ingen, text: Bakgrund.}
"""
FORANDRING = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
beräkning: {typ: förändring, entitet: uppföljning, koppling: insats_id, instrument: säkerhetsskala, värde: värde, före: före, efter: efter}
målvärde: {typ: ingen}
"""
FORDELNING = """
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: u}
beräkning: {typ: fördelning, fält: uppgiftslämnare}
målvärde: {typ: ingen}
"""
KATEGORI = """
bas: enkätsvar
perioddatum: mätdatum
populationer:
  urval: {beskrivning: u}
beräkning:
  typ: kategori
  regler:
    - {kategori: ja, villkor: {fält: g2, är: ja}}
    - {kategori: ej_aktuellt, villkor: {fält: g2, är: ej_aktuellt}}
  annars: nej
målvärde: {typ: ingen}
"""
PERSONAL = """
bas: personal
perioddatum: mätdatum
populationer:
  urval: {beskrivning: u}
  nämnare: {beskrivning: n, summa: [b1_handläggare]}
  täljare: {beskrivning: t, summa: [b1a_socionomexamen]}
ologiskt_om:
  - namn: Regel ett
    villkor: {fält: b1a_socionomexamen, större_än: {fält: b1_handläggare}}
  - namn: Regel två
    villkor: {saknas: konsulter}
beräkning: {typ: andel}
"""


def counts(**values) -> dict:
    return {c: values.pop(c, 0) for c in COUNTS} | values


def test_andel_leaves_internt_bortfall_out_of_the_namnare() -> None:
    plan = plan_of(ANDEL)
    main = main_row(plan, counts(urval=12, exkluderade=2, nämnare=10, täljare=4, bortfall_täljare=2), PERIOD, "total", "", {})
    assert (main["nämnare"], main["täljare"], main["_n_värde"], main["bortfall_täljare"]) == (8, 4, 8, 2)
    assert (main["urval"], main["exkluderade"], main["undantag"], main["censurerade"], main["bortfall_nämnare"]) == (12, 2, 0, 0, 0)
    assert main["värde"] == 50.0 and (main["ki_låg"], main["ki_hög"]) == wilson(4, 8)
    assert (main["enhet"], main["kategori"], main["värde_saknas"], main["_rad"], main["_kategorier"]) == ("procent", "", "", "huvud", {})
    assert main["bortfall_andel"] == 20.0  # 2 of the 10 records the value would rest on


def test_andel_counting_unknown_as_no_keeps_the_namnare() -> None:
    plan = plan_of(ANDEL, **{"saknat_värde": "räknas_som_nej"})
    main = main_row(plan, counts(nämnare=10, täljare=4, bortfall_täljare=2), PERIOD, "total", "", {})
    assert (main["nämnare"], main["_n_värde"], main["bortfall_täljare"], main["värde"]) == (10, 10, 0, 40.0)
    assert main["bortfall_andel"] == 0.0


def test_andel_with_no_records_or_only_unknown_answers() -> None:
    plan = plan_of(ANDEL)
    empty = main_row(plan, {}, PERIOD, "total", "", {})  # the SQL gave no cell for this stratum
    assert all(empty[c] == 0 for c in COUNTS)
    assert (empty["värde"], empty["ki_låg"], empty["värde_saknas"], empty["bortfall_andel"]) == (None, None, "tom_nämnare", None)
    unknown = main_row(plan, counts(nämnare=3, bortfall_täljare=3), PERIOD, "total", "", {})
    assert (unknown["nämnare"], unknown["värde"], unknown["värde_saknas"], unknown["bortfall_andel"]) == (0, None, "tom_nämnare", 100.0)
    missing = main_row(plan, counts(nämnare=None, täljare=None), PERIOD, "total", "", {})  # NULL counts read as 0
    assert (missing["nämnare"], missing["täljare"]) == (0, 0)


def test_wilson_at_the_edges() -> None:
    for k, n in ((0, 1), (1, 1), (3, 7), (7, 7), (0, 40)):
        p, z = k / n, 1.959963984540054
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low, high = wilson(k, n)
        assert math.isclose(low, 100 * max(0.0, centre - half), abs_tol=1e-9) and math.isclose(high, 100 * min(1.0, centre + half))
        assert 0.0 <= low <= 100 * k / n <= high <= 100.0
    assert wilson(0, 5)[0] == 0.0 and wilson(5, 5)[1] == 100.0
    assert wilson(1, -1) == (None, None)
    low99, high99 = wilson(3, 7, z=2.5758)
    assert low99 < wilson(3, 7)[0] and high99 > wilson(3, 7)[1]


def test_antal_is_the_namnare() -> None:
    main = main_row(plan_of(ANTAL), counts(urval=3, nämnare=3), PERIOD, "total", "", {})
    assert (main["täljare"], main["värde"], main["enhet"], main["värde_saknas"], main["bortfall_andel"]) == (None, 3.0, "antal", "", None)
    assert (main["ki_låg"], main["ki_hög"], main["kategori"]) == (None, None, "")
    zero = main_row(plan_of(ANTAL), {}, PERIOD, "total", "", {})
    assert (zero["värde"], zero["värde_saknas"]) == (0.0, "")


def _population() -> dict:
    rows = [{"år": 2024, "kön": k, "ålder": a, "antal": (10 + a if k == "flicka" else 100 + a)} for k in ("flicka", "pojke") for a in range(0, 21)]
    rows.append({"år": 2023, "kön": "flicka", "ålder": 3, "antal": 0})  # a year with figures, all zero
    return population_table(pd.DataFrame(rows))


def test_kvot_value_unit_and_missing_population() -> None:
    population = _population()
    plan = plan_of(KVOT % ("per: 100000,", "{ålder: [0, 17]}"))
    every = sum(10 + a + 100 + a for a in range(0, 18))
    main = main_row(plan, counts(urval=6, nämnare=6), PERIOD, "total", "", population)
    assert (main["täljare"], main["nämnare"], main["enhet"]) == (6, every, "per 100 000")
    assert math.isclose(main["värde"], 6 / every * 100_000) and main["bortfall_andel"] is None
    default_per = plan_of(KVOT % ("", "{}"))
    main = main_row(default_per, counts(nämnare=6), PERIOD, "total", "", population)
    assert main["enhet"] == "per 1 000" and math.isclose(main["värde"], 6 / sum(population[k] for k in population if k[0] == 2024) * 1000)
    no_figures = main_row(plan, counts(nämnare=6), periods_for_years([2022], "år")[0], "total", "", population)
    assert (no_figures["nämnare"], no_figures["värde"], no_figures["värde_saknas"]) == (None, None, "bortfall")
    zero = main_row(plan, counts(nämnare=6), periods_for_years([2023], "år")[0], "total", "", population)
    assert (zero["nämnare"], zero["värde"], zero["värde_saknas"]) == (0, None, "bortfall")
    unit = main_row(plan, counts(nämnare=6), PERIOD, "enhet", "mottagning", population)
    assert (unit["nämnare"], unit["värde_saknas"]) == (None, "bortfall")


def test_population_size_per_stratum() -> None:
    population = _population()
    plan = plan_of(KVOT % ("", "{ålder: [2, 15], kön: [pojke]}"))

    def size(uppdelning: str, stratum: str, year: int = 2024) -> float | None:
        return population_size(plan, population, periods_for_years([year], "år")[0], uppdelning, stratum)

    assert size("total", "") == sum(100 + a for a in range(2, 16))
    assert size("kön", "pojke") == sum(100 + a for a in range(2, 16)) and size("kön", "flicka") == 0
    assert size("ålder", "2") == 102 and size("ålder", "15") == 115
    assert size("ålder", "1") == 0 and size("ålder", "16") == 0  # single years outside the ages asked for
    assert size("åldersgrupp", "0–12 år") == sum(100 + a for a in range(2, 13))  # the group narrowed to 2–12
    assert size("åldersgrupp", "13–20 år") == sum(100 + a for a in range(13, 16))
    assert size("enhet", "mottagning") is None
    assert size("total", "", 2022) is None and size("total", "", 2023) == 0
    every = plan_of(KVOT % ("", "{}"))
    assert population_size(every, population, PERIOD, "kön", "flicka") == sum(10 + a for a in range(0, 21))
    assert population_size(every, population, PERIOD, "ålder", "0") == 110 and population_size(every, population, PERIOD, "ålder", "20") == 30 + 120
    # a breakdown reached through a link (barn.kön from the aktualisering) is still a sex
    linked = plan_of(KVOT.replace("  - fält: kön\n", "  - {fält: barn.kön, namn: kön}\n") % ("", "{}"))
    assert population_size(linked, population, PERIOD, "kön", "pojke") == sum(100 + a for a in range(0, 21))


def test_population_table_adds_duplicates_and_skips_gaps() -> None:
    assert population_table(None) == {} and population_table(pd.DataFrame(columns=["år", "kön", "ålder", "antal"])) == {}
    frame = pd.DataFrame(
        [
            {"år": 2024.0, "kön": "flicka", "ålder": 3.0, "antal": 5},
            {"år": 2024, "kön": "flicka", "ålder": 3, "antal": 2.5},  # the same key again (two districts)
            {"år": None, "kön": "flicka", "ålder": 3, "antal": 9},
            {"år": 2024, "kön": "pojke", "ålder": None, "antal": 9},
            {"år": 2024, "kön": "pojke", "ålder": 4, "antal": None},
            {"år": 2024, "kön": "pojke", "ålder": 4, "antal": 1},
        ]
    )
    table = population_table(frame)
    assert table == {(2024, "flicka", 3): 7.5, (2024, "pojke", 4): 1.0}
    assert all(type(k[0]) is int and type(k[2]) is int and type(v) is float for k, v in table.items())


@pytest.mark.parametrize(("kind", "value"), [("medel", 250.0), ("median", 200.0)])
def test_mean_and_median(kind: str, value: float) -> None:
    plan = plan_of(MEDEL % kind)
    cell = counts(urval=5, nämnare=5, n_värde=4, n_saknas=1, medel=250, median=200)
    main = main_row(plan, cell, PERIOD, "total", "", {})
    assert (main["täljare"], main["nämnare"], main["_n_värde"], main["bortfall_täljare"]) == (None, 4, 4, 1)
    assert main["värde"] == value and type(main["värde"]) is float and main["enhet"] == "kronor"
    assert main["bortfall_andel"] == 20.0  # 1 of 4 + 1
    only_missing = main_row(plan, counts(nämnare=2, n_värde=0, n_saknas=2, medel=None, median=None), PERIOD, "total", "", {})
    assert (only_missing["värde"], only_missing["värde_saknas"], only_missing["bortfall_andel"]) == (None, "bortfall", 100.0)
    none = main_row(plan, {}, PERIOD, "total", "", {})
    assert (none["värde"], none["värde_saknas"], none["nämnare"], none["bortfall_täljare"], none["bortfall_andel"]) == (None, "tom_nämnare", 0, 0, None)


def test_summa_ratio_of_two_sums() -> None:
    plan = plan_of(SUMMA)
    main = main_row(plan, counts(nämnare=4, n_värde=3, n_saknas=1, summa=3000.0, summa_delare=20), PERIOD, "total", "", {})
    assert (main["värde"], main["täljare"], main["_n_värde"], main["bortfall_täljare"], main["värde_saknas"]) == (150.0, None, 3, 1, "")
    assert main["bortfall_andel"] == 25.0
    one_day = main_row(plan, counts(nämnare=1, n_värde=1, summa=70.0, summa_delare=1), PERIOD, "total", "", {})
    assert one_day["värde"] == 70.0
    for divisor in (0, None, float("nan"), pd.NA):  # no days to divide by: no value, the records are there
        main = main_row(plan, counts(nämnare=2, n_värde=2, summa=70.0, summa_delare=divisor), PERIOD, "total", "", {})
        assert (main["värde"], main["värde_saknas"]) == (None, "tom_nämnare")
    no_values = main_row(plan, counts(nämnare=2, n_värde=0, n_saknas=2, summa=None, summa_delare=None), PERIOD, "total", "", {})
    assert (no_values["värde"], no_values["värde_saknas"]) == (None, "bortfall")
    assert (one_day["bortfall_täljare"], one_day["bortfall_andel"]) == (0, 0.0)  # no n_saknas in the cell: none missing
    no_records = main_row(plan, {}, PERIOD, "total", "", {})
    assert (no_records["värde"], no_records["värde_saknas"], no_records["bortfall_täljare"]) == (None, "tom_nämnare", 0)
    none_missing = main_row(plan, counts(nämnare=2, n_värde=2, n_saknas=0, summa=70.0, summa_delare=7), PERIOD, "total", "", {})
    assert (none_missing["värde"], none_missing["bortfall_täljare"]) == (10.0, 0)


def test_summa_without_divisor() -> None:
    plan = plan_of(SUMMA.replace("  delat_med: {tid_mellan: {från: start, till: slut, enhet: dagar}}\n", ""))
    main = main_row(plan, counts(nämnare=3, n_värde=2, n_saknas=1, summa=500), PERIOD, "total", "", {})
    assert (main["värde"], main["värde_saknas"], main["bortfall_andel"]) == (500.0, "", pytest.approx(100 / 3))
    assert type(main["värde"]) is float
    missing = main_row(plan, counts(nämnare=3, n_värde=0, n_saknas=3, summa=None), PERIOD, "total", "", {})
    assert (missing["värde"], missing["värde_saknas"]) == (None, "bortfall")
    nothing = main_row(plan, {}, PERIOD, "total", "", {})  # no events is an observation: 0
    assert (nothing["värde"], nothing["värde_saknas"]) == (0.0, "")


@pytest.mark.parametrize(
    ("cell", "nämnare", "täljare", "value", "reason"),
    [
        ({"summa_nämnare": 20.0, "summa_täljare": 15.0}, 20.0, 15.0, 75.0, ""),
        ({"summa_nämnare": 20.0, "summa_täljare": 20.0}, 20.0, 20.0, 100.0, ""),  # equal sums are not illogical
        ({"summa_nämnare": 10.0, "summa_täljare": 11.0}, 10.0, 11.0, None, "ologiskt"),
        ({"summa_nämnare": 0.0, "summa_täljare": 0.0}, 0.0, 0.0, None, "tom_nämnare"),
        ({"summa_nämnare": 1.0, "summa_täljare": 1.0}, 1.0, 1.0, 100.0, ""),  # one handläggare is a nämnare
        ({"summa_nämnare": 0.5, "summa_täljare": 0.0}, 0.5, 0.0, 0.0, ""),  # half a post
        ({"summa_nämnare": 20.0, "summa_täljare": 15.0, "saknas_nämnare": 1}, None, 15.0, None, "bortfall"),  # a 999 answer
        ({"summa_nämnare": 20.0, "summa_täljare": 15.0, "saknas_täljare": 1}, 20.0, None, None, "bortfall"),
        ({"summa_nämnare": None, "summa_täljare": 15.0}, None, 15.0, None, "bortfall"),
        ({"summa_nämnare": 20.0, "summa_täljare": float("nan")}, 20.0, None, None, "bortfall"),
    ],
)
def test_aggregate_sums(cell: dict, nämnare: float | None, täljare: float | None, value: float | None, reason: str) -> None:
    plan = plan_of(PERSONAL)
    main = main_row(plan, counts(urval=1, nämnare=1, bortfall_nämnare=2, bortfall_täljare=3) | cell, PERIOD, "total", "", {})
    assert (main["nämnare"], main["täljare"], main["värde"], main["värde_saknas"]) == (nämnare, täljare, value, reason)
    assert main["bortfall_nämnare"] == 2 + cell.get("saknas_nämnare", 0) and main["bortfall_täljare"] == 3 + cell.get("saknas_täljare", 0)
    assert main["_n_värde"] == 1 and main["ki_låg"] is None and main["bortfall_andel"] is None and main["enhet"] == "procent"


def test_aggregate_sums_without_records() -> None:
    main = main_row(plan_of(PERSONAL), counts(summa_nämnare=None, summa_täljare=None), PERIOD, "total", "", {})
    assert (main["nämnare"], main["täljare"], main["värde"], main["värde_saknas"], main["_n_värde"]) == (None, None, None, "tom_nämnare", 0)


def test_fordelning_main_row() -> None:
    main = main_row(plan_of(FORDELNING), counts(urval=5, nämnare=5, n_känd=4), PERIOD, "total", "", {})
    assert (main["täljare"], main["värde"], main["bortfall_täljare"], main["enhet"], main["bortfall_andel"]) == (None, 5.0, 1, "antal", 20.0)
    empty = main_row(plan_of(FORDELNING), {}, PERIOD, "total", "", {})
    assert (empty["värde"], empty["bortfall_täljare"], empty["bortfall_andel"], empty["värde_saknas"]) == (0.0, 0, None, "")


def test_kategori_share_among_known_and_applicable() -> None:
    plan = plan_of(KATEGORI)
    cell = counts(urval=6, nämnare=6, n_känd=5) | {"_kategorier": {"ja": 2, "nej": 2, "ej_aktuellt": 1}}
    main = main_row(plan, cell, PERIOD, "total", "", {})
    assert (main["nämnare"], main["täljare"], main["exkluderade"], main["bortfall_täljare"], main["_n_värde"]) == (4, 2, 1, 1, 4)
    assert main["värde"] == 50.0 and main["kategori"] == "" and main["enhet"] == "procent"
    assert main["bortfall_andel"] == pytest.approx(100 / 6)  # 1 unknown of 4 + 1 + 1 ej_aktuellt
    assert main["_kategorier"] == {"ja": 2, "nej": 2, "ej_aktuellt": 1}
    no_ja = main_row(plan, counts(nämnare=2, n_känd=2) | {"_kategorier": {"nej": 2}}, PERIOD, "total", "", {})
    assert (no_ja["täljare"], no_ja["värde"]) == (0, 0.0)
    excluded = main_row(plan, cell | {"exkluderade": 2}, PERIOD, "total", "", {})
    assert excluded["exkluderade"] == 3  # excluded by the urval's rules, plus ej_aktuellt
    bare = main_row(plan, counts(nämnare=3), PERIOD, "total", "", {})  # no category counts and no n_känd in the cell
    assert (bare["nämnare"], bare["täljare"], bare["bortfall_täljare"], bare["exkluderade"], bare["värde_saknas"]) == (0, 0, 3, 0, "tom_nämnare")
    assert main_row(plan, {}, PERIOD, "total", "", {})["bortfall_täljare"] == 0


@pytest.mark.parametrize(("categories", "label", "value", "reason"), [({"nej": 1}, "nej", 0.0, ""), ({"ja": 0, "ej_aktuellt": 1}, "ej_aktuellt", None, "tom_nämnare")])
def test_kategori_of_a_single_answer_is_named(categories: dict, label: str, value: float | None, reason: str) -> None:
    main = main_row(plan_of(KATEGORI), counts(nämnare=1, n_känd=1) | {"_kategorier": categories}, PERIOD, "total", "", {})
    assert (main["kategori"], main["värde"], main["värde_saknas"]) == (label, value, reason)
    two = main_row(plan_of(KATEGORI), counts(nämnare=2, n_känd=1) | {"_kategorier": categories}, PERIOD, "total", "", {})
    assert two["kategori"] == ""  # one known answer of two records: not one municipality's answer
    unknown = main_row(plan_of(KATEGORI), counts(nämnare=1, n_känd=0) | {"_kategorier": {}}, PERIOD, "total", "", {})
    assert (unknown["kategori"], unknown["bortfall_täljare"], unknown["värde_saknas"], unknown["bortfall_andel"]) == ("", 1, "tom_nämnare", 100.0)


def test_category_rows_of_a_fordelning() -> None:
    plan = plan_of(FORDELNING)
    main = main_row(plan, counts(urval=5, nämnare=5, n_känd=4), PERIOD, "total", "", {})
    polis = category_row(plan, main, "polis", 3)
    assert polis == {**{c: None for c in COUNTS}, "nämnare": 4, "täljare": 3, "kategori": "polis", "enhet": "procent", "värde": 75.0,
                     "ki_låg": None, "ki_hög": None, "värde_saknas": "", "_rad": "kategori", "_n_värde": 4}
    empty = main_row(plan, counts(nämnare=2, n_känd=0), PERIOD, "total", "", {})
    none_known = category_row(plan, empty, "polis", 0)
    assert (none_known["nämnare"], none_known["värde"], none_known["värde_saknas"]) == (0, None, "tom_nämnare")


def test_category_rows_of_a_forandring_are_steps() -> None:
    plan = plan_of(FORANDRING)
    main = main_row(plan, counts(urval=5, nämnare=5, n_värde=4, n_saknas=1, medel=1.5, median=1), PERIOD, "total", "", {})
    assert main["enhet"] == "steg" and main["värde"] == 1.5 and main["täljare"] is None
    rows = {c: category_row(plan, main, c, n) for c, n in ((3.0, 1), (-2.0, 2), (0.5, 1), (0, 0), (1_000_000.0, 0))}
    assert [r["kategori"] for r in rows.values()] == ["3", "-2", "0.5", "0", "1000000"]  # whole steps without exponent
    assert [r["värde"] for r in rows.values()] == [25.0, 50.0, 25.0, 0.0, 0.0]
    assert {r["nämnare"] for r in rows.values()} == {4} and rows[-2.0]["täljare"] == 2


def test_illogical_answers_withhold_the_row_and_its_categories() -> None:
    plan = plan_of(PERSONAL)
    cell = counts(urval=1, nämnare=1, summa_nämnare=10.0, summa_täljare=9.0)
    fine = main_row(plan, cell, PERIOD, "total", "", {})
    withhold_illogical(plan, fine, cell | {"ologiskt_0": 0, "ologiskt_1": None})
    assert (fine["värde"], fine["värde_saknas"], fine["ologiskt_regel"]) == (90.0, "", "")
    category = {"värde": 12.0, "värde_saknas": "", "kategori": "polis"}
    assert withhold_category(fine, dict(category)) == category
    second = main_row(plan, cell, PERIOD, "total", "", {}) | {"ki_låg": 1.0, "ki_hög": 2.0, "kategori": "x"}
    withhold_illogical(plan, second, cell | {"ologiskt_1": 1})
    assert (second["värde"], second["ki_låg"], second["ki_hög"], second["kategori"], second["värde_saknas"]) == (None, None, None, "", "ologiskt")
    assert second["ologiskt_regel"] == "Regel två" and (second["nämnare"], second["täljare"]) == (10.0, 9.0)
    both = main_row(plan, cell, PERIOD, "total", "", {})
    withhold_illogical(plan, both, cell | {"ologiskt_0": 2, "ologiskt_1": 1})
    assert both["ologiskt_regel"] == "Regel ett; Regel två"
    withheld = withhold_category(both, dict(category))
    assert withheld == {"värde": None, "värde_saknas": "ologiskt", "kategori": "polis", "ologiskt_regel": "Regel ett; Regel två"}
    assert withhold_category({"värde_saknas": "ologiskt"}, {})["ologiskt_regel"] == ""
