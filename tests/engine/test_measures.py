"""Scoring types: andel (Wilson), kvot, antal, medel, median, förändring, fördelning, kategori, sums."""

from __future__ import annotations

import math

import pytest

from engine.helpers import children, data, indicator, row, run
from suengine.engine.measures import wilson


def test_wilson_interval() -> None:
    low, high = wilson(10, 31)
    assert math.isclose(low, 18.57, abs_tol=0.01) and math.isclose(high, 49.86, abs_tol=0.01)  # by hand
    assert wilson(0, 10)[0] == 0.0 and math.isclose(wilson(10, 10)[1], 100.0)
    assert wilson(0, 0) == (None, None)


def test_rate_per_thousand_children() -> None:
    ind = indicator(
        """
        bas: barn
        poster: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: Anmälda barn 0–17 år, villkor: {alla: [{fält: typ, är: anmälan}, {fält: ålder, mellan: [0, 17]}]}}
        beräkning: {typ: kvot, per: 1000, befolkning: {ålder: [0, 17], kön: [flicka, pojke]}}
        målvärde: {typ: ingen}
        uppdelningar:
          - fält: kön
          - {fält: ålder, namn: åldersgrupp, grupper: [{etikett: "0–12 år", från: 0, till: 12}, {etikett: "13–17 år", från: 13, till: 17}]}
          - fält: enhet
        """
    )
    population = [{"år": 2024, "kön": k, "ålder": a, "antal": 100} for k in ("flicka", "pojke") for a in range(0, 21)]
    records = {
        "barn": children(("b1", "flicka", "2014-01-01"), ("b2", "pojke", "2014-01-01"), ("b3", "pojke", "2008-01-01"), ("b4", "pojke", "2000-01-01")),
        "aktualisering": [
            {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-03-01", "typ": "anmälan", "enhet": "mottagning"},
            {"aktualisering_id": "a2", "barn_id": "b1", "datum": "2024-04-01", "typ": "anmälan", "enhet": "mottagning"},  # same child
            {"aktualisering_id": "a3", "barn_id": "b2", "datum": "2024-03-01", "typ": "anmälan", "enhet": "mottagning"},
            {"aktualisering_id": "a4", "barn_id": "b3", "datum": "2024-03-01", "typ": "anmälan", "enhet": "mottagning"},
            {"aktualisering_id": "a5", "barn_id": "b4", "datum": "2024-03-01", "typ": "anmälan", "enhet": "mottagning"},  # 24 years old
        ],
        "befolkning": population,
    }
    table = run(ind, data(records)).table
    total = row(table)
    # täljare: the events; nämnare: the inhabitants (2 sexes × 18 ages × 100)
    assert (total["täljare"], total["nämnare"], total["enhet"]) == (3, 3600, "per 1 000")
    assert math.isclose(total["värde"], 3 / 3600 * 1000)
    assert row(table, uppdelning="kön", stratum="pojke")["nämnare"] == 1800
    assert math.isclose(row(table, uppdelning="kön", stratum="pojke")["värde"], 2 / 1800 * 1000)
    assert math.isclose(row(table, uppdelning="åldersgrupp", stratum="0–12 år")["värde"], 2 / 2600 * 1000)
    unit = row(table, uppdelning="enhet", stratum="mottagning")
    assert unit["värde"] is None and unit["värde_saknas"] == "bortfall"  # no population figures per unit
    no_population = row(run(ind, data({k: v for k, v in records.items() if k != "befolkning"})).table)
    assert no_population["värde"] is None and no_population["värde_saknas"] == "bortfall"


DURATION = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade utredningar}
beräkning: {typ: %s, värde: {tid_mellan: {från: start, till: slut, enhet: %s}}}
målvärde: {typ: tröskel, riktning: lägre_är_bättre, grön: 120, gul: 150}
"""


@pytest.mark.parametrize(
    ("kind", "unit", "expected"),
    [("medel", "dagar", (30 + 60 + 91) / 3), ("median", "dagar", 60.0), ("medel", "månader", (0 + 2 + 2) / 3), ("median", "månader", 2.0)],
)
def test_mean_and_median_of_durations(kind: str, unit: str, expected: float) -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-01-31", "slut": "2024-03-01"},  # 30 days, 1 month (29 Feb + 1 day)
            {"utredning_id": "u2", "barn_id": "b1", "start": "2024-01-31", "slut": "2024-03-31"},  # 60 days, 2 months
            {"utredning_id": "u3", "barn_id": "b1", "start": "2024-01-31", "slut": "2024-05-01"},  # 91 days, 3 months
        ],
    }
    if unit == "månader":
        records["utredning"][0]["slut"] = "2024-02-28"  # 28 days: not yet a whole month
        records["utredning"][2]["slut"] = "2024-04-29"  # 2 months (31 Jan + 3 months = 30 Apr)
    total = row(run(indicator(DURATION % (kind, unit)), data(records)).table)
    assert total["enhet"] == unit and total["nämnare"] == 3
    assert math.isclose(total["värde"], expected)


def test_mean_of_a_field_with_missing_values() -> None:
    ind = indicator(
        """
        bas: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: Placeringar, villkor: {fält: insatskategori, är: placering}}
        beräkning: {typ: medel, värde: {fält: kostnad}}
        målvärde: {typ: ingen}
        """
    )

    def insats(iid: str, cost: float | None) -> dict:
        return {"insats_id": iid, "barn_id": "b1", "insatstyp": "hvb", "insatskategori": "placering", "start": "2024-02-01", "kostnad": cost}

    records = {"barn": children(("b1", "pojke", "2010-01-01")), "insats": [insats("i1", 100_000.0), insats("i2", 300_000.0), insats("i3", None)]}
    total = row(run(ind, data(records)).table)
    assert (total["nämnare"], total["bortfall_täljare"], total["värde"], total["enhet"]) == (2, 1, 200_000.0, "kronor")
    only_missing = {"barn": records["barn"], "insats": [insats("i3", None)]}
    assert row(run(ind, data(only_missing)).table)["värde_saknas"] == "bortfall"


def test_change_pairs_before_and_after() -> None:
    ind = indicator(
        """
        bas: insats
        perioddatum: slut
        populationer:
          urval: {beskrivning: Avslutade öppenvårdsinsatser, villkor: {fält: insatskategori, är: öppenvård}}
        beräkning: {typ: förändring, entitet: uppföljning, koppling: insats_id, instrument: säkerhetsskala, värde: värde, före: före, efter: efter}
        målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 2, gul: 1}
        """
    )

    def insats(iid: str) -> dict:
        return {"insats_id": iid, "barn_id": "b1", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård", "start": "2024-01-01", "slut": "2024-06-01"}

    def score(fid: str, iid: str, when: str, value: float | None, instrument: str = "säkerhetsskala", date: str = "2024-01-01") -> dict:
        return {"uppföljning_id": fid, "barn_id": "b1", "insats_id": iid, "instrument": instrument, "tidpunkt": when, "datum": date, "värde": value}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": [insats(f"i{i}") for i in range(1, 6)],
        "uppföljning": [
            score("f1", "i1", "före", 3), score("f2", "i1", "efter", 6, date="2024-06-01"),  # +3
            score("f3", "i2", "före", 4), score("f4", "i2", "efter", 4, date="2024-06-01"),  # 0
            score("f5", "i3", "före", 2), score("f6", "i3", "efter", 9, date="2024-06-01"),  # +7
            score("f7", "i4", "före", 5),  # no after: missing one
            score("f8", "i5", "efter", 8, date="2024-06-01"), score("f9", "i5", "före", 1, instrument="måluppfyllelse"),  # wrong instrument
        ],
    }
    table = run(ind, data(records)).table
    total = row(table)
    assert (total["nämnare"], total["bortfall_täljare"], total["enhet"]) == (3, 2, "steg")  # nämnare: the pairs the mean rests on
    assert math.isclose(total["värde"], 10 / 3)
    assert total["status"] == "grön"
    steps = table[(table["uppdelning"] == "total") & (table["kategori"] != "")].set_index("kategori")
    assert list(steps.index) == ["0", "3", "7"]
    assert list(steps["täljare"]) == [1, 1, 1] and set(steps["nämnare"]) == {3}
    assert math.isclose(steps.loc["3", "värde"], 100 / 3)


def test_distribution_by_category() -> None:
    ind = indicator(
        """
        bas: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: Anmälningar, villkor: {fält: typ, är: anmälan}}
        beräkning: {typ: fördelning, fält: uppgiftslämnare}
        målvärde: {typ: ingen}
        """
    )
    reporters = ["polis", "polis", "skola", None]
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "aktualisering": [{"aktualisering_id": f"a{i}", "barn_id": "b1", "datum": "2024-05-01", "typ": "anmälan", "uppgiftslämnare": r} for i, r in enumerate(reporters)],
    }
    table = run(ind, data(records)).table
    total = row(table)
    assert (total["nämnare"], total["värde"], total["bortfall_täljare"], total["enhet"]) == (4, 4, 1, "antal")
    polis, skola, anonym = (row(table, kategori=k) for k in ("polis", "skola", "anonym"))
    assert (polis["täljare"], polis["nämnare"], round(polis["värde"], 2)) == (2, 3, 66.67)
    assert (skola["täljare"], anonym["täljare"], anonym["värde"]) == (1, 0, 0.0)
    categories = table[(table["uppdelning"] == "total") & (table["kategori"] != "")]
    assert len(categories) == 13  # every code of the value set, zeros included


G2 = """
bas: enkätsvar
perioddatum: mätdatum
populationer:
  urval: {beskrivning: Svar om missbruksvården, villkor: {fält: område, är: missbruk}}
beräkning:
  typ: kategori
  regler:
    - {kategori: ja, villkor: {någon: [{alla: [{fält: g2, är: ja}, {fält: g2a, en_av: [ja, ej_aktuellt]}]}, {fält: g2, är: nej_behövs_inte}]}}
    - {kategori: ej_aktuellt, villkor: {fält: g2, är: ej_aktuellt}}
  annars: nej
målvärde: {typ: kategori, färger: {ja: grön, nej: röd}}
"""


@pytest.mark.parametrize(
    ("g2", "g2a", "category", "status", "value"),
    [
        ("ja", "ja", "ja", "grön", 100.0),
        ("ja", "ej_aktuellt", "ja", "grön", 100.0),
        ("nej_behövs_inte", None, "ja", "grön", 100.0),
        ("ja", "nej", "nej", "röd", 0.0),
        ("nej", "ja", "nej", "röd", 0.0),
        ("ej_aktuellt", None, "ej_aktuellt", "ingen", None),
    ],
)
def test_category_rules_for_one_municipality(g2: str, g2a: str | None, category: str, status: str, value: float | None) -> None:
    records = {"enkätsvar": [{"mätdatum": "2024-03-31", "område": "missbruk", "g2": g2, "g2a": g2a}]}
    total = row(run(indicator(G2), data(records)).table, kategori=None)
    assert (total["kategori"], total["status"], total["värde"]) == (category, status, value)
    assert not total["undertryckt"]  # municipality-level answers are not suppressed


def test_category_unknown_rule_is_bortfall() -> None:
    # g2 = ja but g2a missing: the first rule is unknown, so the category is unknown (not "nej").
    records = {"enkätsvar": [{"mätdatum": "2024-03-31", "område": "missbruk", "g2": "ja"}]}
    total = row(run(indicator(G2), data(records)).table, kategori=None)
    assert (total["kategori"], total["bortfall_täljare"], total["värde"], total["värde_saknas"]) == ("", 1, None, "tom_nämnare")


def test_category_share_over_several_records() -> None:
    ind = indicator(G2.replace("villkor: {fält: område, är: missbruk}", "villkor: {finns: område}"))
    answers = [("missbruk", "ja", "ja"), ("skola", "nej", None), ("polisen", "ej_aktuellt", None), ("förskola", "ja", "ja")]
    records = {"enkätsvar": [{"mätdatum": "2024-03-31", "område": o, "g2": a, "g2a": b} for o, a, b in answers]}
    total = row(run(ind, data(records)).table, kategori=None)
    assert (total["kategori"], total["nämnare"], total["täljare"], total["exkluderade"]) == ("", 3, 2, 1)
    assert math.isclose(total["värde"], 200 / 3) and total["status"] == "ingen"


PERSONAL = """
bas: personal
perioddatum: mätdatum
populationer:
  urval: {beskrivning: Svar på B1}
  nämnare: {beskrivning: Handläggare, summa: [b1_handläggare]}
  täljare: {beskrivning: Socionomer med minst ett års erfarenhet, summa: [b1b_1_2_år, b1b_3_5_år, b1b_över_5_år]}
beräkning: {typ: andel}
"""


@pytest.mark.parametrize(
    ("values", "expected", "reason"),
    [
        ((20.0, 4.0, 6.0, 5.0), 75.0, ""),
        ((20.0, 4.0, 999.0, 5.0), None, "bortfall"),  # bortfallskod 999 in a summed field
        ((999.0, 4.0, 6.0, 5.0), None, "bortfall"),
        ((10.0, 4.0, 6.0, 5.0), None, "ologiskt"),  # täljare 15 > nämnare 10
    ],
)
def test_aggregate_sums(values: tuple[float, ...], expected: float | None, reason: str) -> None:
    b1, a, b, c = values
    records = {"personal": [{"mätdatum": "2024-02-01", "b1_handläggare": b1, "b1b_1_2_år": a, "b1b_3_5_år": b, "b1b_över_5_år": c}]}
    total = row(run(indicator(PERSONAL), data(records)).table)
    assert (total["värde"], total["värde_saknas"]) == (expected, reason)
    assert total["ki_låg"] is None and not total["undertryckt"]


def test_count_is_zero_not_missing() -> None:
    ind = indicator(
        """
        bas: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: SiS-placeringar, villkor: {fält: insatstyp, är: sis}}
        beräkning: {typ: antal}
        målvärde: {typ: ingen}
        """
    )
    total = row(run(ind, data({"barn": children(("b1", "pojke", "2010-01-01"))})).table)
    assert (total["värde"], total["värde_saknas"], total["enhet"]) == (0.0, "", "antal")


def test_rate_populations_differ_by_sex_and_age() -> None:
    """Issue 20: a kvot by kön must divide by that sex's own population (a test with equal populations
    cannot tell); by single years of age by that year's; without `kön`/`ålder` in befolkning, every sex and age."""
    def inhabitants(sex: str, age: int) -> int:
        return 10 + age if sex == "flicka" else 20 + 2 * age

    population = [{"år": 2024, "kön": k, "ålder": a, "antal": inhabitants(k, a)} for k in ("flicka", "pojke") for a in range(0, 21)]
    population += [{"år": 2023, "kön": "flicka", "ålder": 5, "antal": 7}]
    records = {
        "barn": children(("b1", "flicka", "2014-01-01"), ("b2", "pojke", "2014-01-01"), ("b3", "pojke", "2008-01-01")),
        "aktualisering": [
            {"aktualisering_id": f"a{i}", "barn_id": b, "datum": "2024-03-01", "typ": "anmälan", "enhet": "mottagning"}
            for i, b in enumerate(["b1", "b1", "b2", "b3"])
        ],
        "befolkning": population,
    }
    body = """
        bas: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: Anmälningar, villkor: {fält: typ, är: anmälan}}
        beräkning: {typ: kvot, per: 1000, befolkning: %s}
        målvärde: {typ: ingen}
        uppdelningar:
          - fält: kön
          - {fält: ålder, namn: ålder}
        """
    table = run(indicator(body % "{ålder: [0, 17], kön: [flicka, pojke]}"), data(records)).table
    girls = sum(inhabitants("flicka", a) for a in range(0, 18))
    boys = sum(inhabitants("pojke", a) for a in range(0, 18))
    assert row(table)["nämnare"] == girls + boys
    assert row(table, uppdelning="kön", stratum="flicka")["nämnare"] == girls
    assert row(table, uppdelning="kön", stratum="pojke")["nämnare"] == boys
    assert math.isclose(row(table, uppdelning="kön", stratum="flicka")["värde"], 2 / girls * 1000)
    ten = row(table, uppdelning="ålder", stratum="10")  # b1 and b2 are ten at their anmälan
    assert ten["nämnare"] == inhabitants("flicka", 10) + inhabitants("pojke", 10) and ten["täljare"] == 3
    every = run(indicator(body % "{}"), data(records)).table  # every age and both sexes
    assert row(every)["nämnare"] == sum(inhabitants(k, a) for k in ("flicka", "pojke") for a in range(0, 21))
    girls_only = run(indicator(body % "{kön: [flicka]}"), data(records), years=[2023, 2024]).table
    assert row(girls_only)["nämnare"] == sum(inhabitants("flicka", a) for a in range(0, 21))
    assert row(girls_only, uppdelning="kön", stratum="pojke")["nämnare"] == 0  # not in the population asked for
    assert row(girls_only, period="2023")["nämnare"] == 7  # each year its own figures


def test_change_reads_the_codes_the_definition_names_for_before_and_after() -> None:
    """`före`/`efter` name the tidpunkt codes: named the other way round, each pair's change turns sign.
    Without `entitet` the measurements are read from uppföljning."""
    body = """
        bas: insats
        perioddatum: slut
        populationer:
          urval: {beskrivning: Avslutade insatser}
        beräkning: {typ: förändring, entitet: uppföljning, koppling: insats_id, instrument: säkerhetsskala, värde: värde}
        målvärde: {typ: ingen, text: Bakgrund.}
        """
    insatser = [{"insats_id": f"i{i}", "barn_id": "b1", "insatstyp": "hvb", "insatskategori": "placering", "start": "2024-01-01", "slut": "2024-06-01"} for i in (1, 2)]

    def score(fid: str, iid: str, when: str, value: float, date: str) -> dict:
        return {"uppföljning_id": fid, "barn_id": "b1", "insats_id": iid, "instrument": "säkerhetsskala", "tidpunkt": when, "datum": date, "värde": value}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": insatser,
        "uppföljning": [score("f1", "i1", "före", 2, "2024-01-01"), score("f2", "i1", "efter", 6, "2024-06-01"),
                        score("f3", "i2", "före", 5, "2024-01-01"), score("f4", "i2", "efter", 4, "2024-06-01")],
    }
    as_named = row(run(indicator(body), data(records)).table)
    assert math.isclose(as_named["värde"], (4 - 1) / 2) and as_named["nämnare"] == 2
    swapped = run(indicator(body.replace("värde: värde}", "värde: värde, före: efter, efter: före}")), data(records)).table
    assert math.isclose(row(swapped)["värde"], (-4 + 1) / 2)
    steps = swapped[(swapped["uppdelning"] == "total") & (swapped["kategori"] != "")]
    assert list(steps["kategori"]) == ["-4", "1"]
    default = row(run(indicator(body.replace("entitet: uppföljning, ", "")), data(records)).table)
    assert math.isclose(default["värde"], 1.5) and default["nämnare"] == 2


@pytest.mark.parametrize(("kind", "expected"), [("medel", (100 + 200 + 600) / 3), ("median", 200.0)])
def test_mean_and_median_of_children_are_taken_over_records(kind: str, expected: float) -> None:
    """Counting children (`bas: barn`), the mean and median are still over the records' values: a child
    with two placements gives two values; a placement without a cost is bortfall."""
    ind = indicator(
        f"""
        bas: barn
        poster: insats
        perioddatum: start
        populationer:
          urval: {{beskrivning: Placeringar, villkor: {{fält: insatskategori, är: placering}}}}
        beräkning: {{typ: {kind}, värde: {{fält: kostnad}}}}
        målvärde: {{typ: ingen}}
        """
    )

    def insats(iid: str, child: str, cost: float | None, category: str = "placering") -> dict:
        return {"insats_id": iid, "barn_id": child, "insatstyp": "hvb", "insatskategori": category, "start": "2024-02-01", "kostnad": cost}

    records = {
        "barn": children(("b1", "pojke", "2010-01-01"), ("b2", "flicka", "2012-01-01")),
        "insats": [insats("i1", "b1", 100.0), insats("i2", "b1", 600.0), insats("i3", "b2", 200.0), insats("i4", "b2", None),
                   insats("i5", "b2", 5000.0, category="öppenvård")],
    }
    total = row(run(ind, data(records)).table)
    assert math.isclose(total["värde"], expected)
    assert (total["nämnare"], total["bortfall_täljare"], total["urval"]) == (3, 1, 2)
