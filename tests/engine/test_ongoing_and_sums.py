"""Records that span periods (`pågår_till`), the period's own dates, sums (`summa`, `dagar_i_perioden`,
`delat_med`) and distributions over listed codes or numeric groups."""

from __future__ import annotations

import datetime as dt
import math

from engine.helpers import children, data, indicator, row, run

ONGOING = """
bas: insats
perioddatum: start
pågår_till: slut
åldersdatum: periodens_slut
populationer:
  urval: {beskrivning: Placeringar som pågick under perioden, villkor: {fält: insatskategori, är: placering}}
beräkning: {typ: antal}
uppdelningar:
  - {fält: ålder, namn: åldersgrupp, grupper: [{etikett: "0–12 år", från: 0, till: 12}, {etikett: "13–20 år", från: 13, till: 20}]}
målvärde: {typ: ingen, text: Mängdstatistik.}
"""


def _i(iid: str, start: str, slut: str | None, child: str = "b1", **fields: object) -> dict:
    base = {"insats_id": iid, "barn_id": child, "insatstyp": "hvb", "insatskategori": "placering", "start": start, "slut": slut}
    base.update(fields)
    return base


def test_an_interval_counts_in_every_period_it_overlaps() -> None:
    records = {
        "barn": children(("b1", "flicka", "2011-06-15")),
        "insats": [
            _i("i1", "2022-05-01", "2024-01-01"),  # 2022, 2023 and 2024 (ends on the first day of 2024)
            _i("i2", "2023-12-31", "2023-12-31"),  # one day, the last of 2023
            _i("i3", "2024-03-01", None),  # still ongoing: 2024 and 2025
            _i("i4", "2021-01-01", "2022-12-31"),  # over before 2023
            _i("i5", "2023-02-01", "2023-03-01", insatskategori="öppenvård", insatstyp="öppenvård_intern"),  # not in urval
        ],
    }
    table = run(indicator(ONGOING), data(records), years=[2022, 2023, 2024, 2025]).table
    assert [row(table, period=str(y))["värde"] for y in (2022, 2023, 2024, 2025)] == [2.0, 2.0, 2.0, 1.0]
    # Age at the period's end: 11 at the end of 2022, 12 in 2023, 13 in 2024.
    assert row(table, period="2023", uppdelning="åldersgrupp", stratum="0–12 år")["nämnare"] == 2
    assert row(table, period="2024", uppdelning="åldersgrupp", stratum="13–20 år")["nämnare"] == 2


def test_children_are_counted_once_per_period_across_intervals() -> None:
    ind = indicator(ONGOING, bas="barn", poster="insats")
    records = {
        "barn": children(("b1", "flicka", "2011-06-15"), ("b2", "pojke", "2015-01-01")),
        "insats": [_i("i1", "2023-01-01", "2023-06-30"), _i("i2", "2023-09-01", None), _i("i3", "2023-05-05", "2023-05-06", child="b2")],
    }
    table = run(ind, data(records), years=[2023, 2024]).table
    assert row(table, period="2023")["nämnare"] == 2 and row(table, period="2024")["nämnare"] == 1


AT_END = """
bas: utredning
perioddatum: start
pågår_till: slut
populationer:
  urval:
    beskrivning: Utredningar som pågick vid periodens slut
    villkor:
      någon:
        - {saknas: slut}
        - {tid_mellan: {från: periodens_slut, till: slut, större_än: {dagar: 0}}}
beräkning: {typ: antal}
målvärde: {typ: ingen, text: Mängdstatistik.}
"""


def test_ongoing_at_the_end_of_the_period_uses_the_period_end() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-11-01", "slut": "2025-01-10"},  # ongoing at 2024-12-31
            {"utredning_id": "u2", "barn_id": "b1", "start": "2024-11-01", "slut": "2024-12-31"},  # closed that very day
            {"utredning_id": "u3", "barn_id": "b1", "start": "2024-12-31"},  # not closed: ongoing
            {"utredning_id": "u4", "barn_id": "b1", "start": "2025-01-02", "slut": "2025-02-01"},  # later
        ],
    }
    table = run(indicator(AT_END), data(records), years=[2024, 2025]).table
    assert row(table, period="2024")["värde"] == 2.0
    assert row(table, period="2025")["värde"] == 1.0  # u3, still open at the end of 2025


def test_period_dates_without_an_interval_refer_to_the_records_own_period() -> None:
    ind = indicator(
        """
        bas: utredning
        perioddatum: slut
        populationer:
          urval:
            beskrivning: Utredningar avslutade under periodens första halvår
            villkor: {tid_mellan: {från: periodens_start, till: slut, mindre_än: {månader: 6}}}
        beräkning: {typ: antal}
        målvärde: {typ: ingen, text: Mängdstatistik.}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-06-30"},
            {"utredning_id": "u2", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-07-01"},
            {"utredning_id": "u3", "barn_id": "b1", "start": "2024-01-01", "slut": "2025-01-01"},
        ],
    }
    table = run(ind, data(records), years=[2024, 2025]).table
    assert row(table, period="2024")["värde"] == 1.0 and row(table, period="2025")["värde"] == 1.0


CARE_DAYS = """
bas: insats
perioddatum: start
pågår_till: slut
populationer:
  urval: {beskrivning: Placeringar under perioden, villkor: {fält: insatskategori, är: placering}}
beräkning: {typ: summa, värde: {dagar_i_perioden: {från: start, till: slut}}}
uppdelningar: [{fält: kön}]
målvärde: {typ: ingen, text: Mängdstatistik.}
"""


def test_care_days_inside_the_period() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2012-01-01")),
        "insats": [
            _i("i1", "2023-07-01", "2025-03-01"),  # all of 2024: 366 days (leap year)
            _i("i2", "2024-01-01", "2024-01-31", child="b2"),  # the end day does not count: 30
            _i("i3", "2024-12-01", None, child="b2"),  # ongoing: to the end of 2024 = 31
        ],
    }
    table = run(indicator(CARE_DAYS), data(records, extraction=dt.date(2025, 1, 31)), years=[2023, 2024, 2025]).table
    total = row(table, period="2024")
    assert total["värde"] == 366 + 30 + 31 and total["nämnare"] == 3 and total["enhet"] == "dagar"
    assert row(table, period="2024", uppdelning="kön", stratum="pojke")["värde"] == 61
    assert row(table, period="2023")["värde"] == 184  # 1 July – 31 December
    # 2025: i1 until 1 March (59 days), i3 until the extraction date 31 January (30 days).
    assert row(table, period="2025")["värde"] == 59 + 30


def test_a_sum_over_an_empty_nämnare_is_zero_and_missing_values_are_bortfall() -> None:
    ind = indicator(
        """
        bas: insats
        perioddatum: slut
        populationer:
          urval: {beskrivning: Avslutade placeringar, villkor: {fält: insatskategori, är: placering}}
        beräkning: {typ: summa, värde: {fält: kostnad}}
        målvärde: {typ: ingen, text: Mängdstatistik.}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": [_i("i1", "2024-01-01", "2024-02-01", kostnad=1000.5), _i("i2", "2024-01-01", "2024-03-01", kostnad=None)],
    }
    table = run(ind, data(records), years=[2023, 2024]).table
    total = row(table, period="2024")
    assert total["värde"] == 1000.5 and total["bortfall_täljare"] == 1 and total["enhet"] == "kronor"
    empty = row(table, period="2023")
    assert empty["värde"] == 0.0 and empty["nämnare"] == 0
    only_missing = row(run(ind, data({"barn": records["barn"], "insats": records["insats"][1:]})).table)
    assert only_missing["värde"] is None and only_missing["värde_saknas"] == "bortfall"


def test_a_ratio_of_sums_uses_records_with_both_values() -> None:
    ind = indicator(
        """
        bas: barn
        poster: insats
        perioddatum: slut
        populationer:
          urval: {beskrivning: Avslutade placeringar, villkor: {fält: insatskategori, är: placering}}
        beräkning:
          typ: summa
          värde: {fält: kostnad}
          delat_med: {tid_mellan: {från: start, till: slut, enhet: dagar}}
        målvärde: {typ: ingen, text: Bakgrund.}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2012-01-01")),
        "insats": [
            _i("i1", "2024-01-01", "2024-01-11", kostnad=10000.0),  # 10 days
            _i("i2", "2024-02-01", "2024-03-02", child="b2", kostnad=20000.0),  # 30 days
            _i("i3", "2024-02-01", "2024-03-02", child="b2", kostnad=None),  # no cost: left out of both sums
        ],
    }
    total = row(run(ind, data(records)).table)
    assert math.isclose(total["värde"], 30000 / 40) and total["enhet"] == "kronor per dag"
    assert total["nämnare"] == 2 and total["bortfall_täljare"] == 1


def test_a_distribution_over_listed_codes() -> None:
    ind = indicator(
        """
        bas: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: Nya insatser}
        beräkning: {typ: fördelning, fält: insatstyp, kategorier: [nätverkshem, hvb]}
        målvärde: {typ: ingen, text: Mängdstatistik.}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": [_i("i1", "2024-01-01", None), _i("i2", "2024-02-01", None, insatstyp="nätverkshem"), _i("i3", "2024-03-01", None, insatstyp="sis")],
    }
    table = run(ind, data(records)).table
    total = row(table)
    assert total["nämnare"] == 3 and total["bortfall_täljare"] == 1  # sis is not listed
    rows = table[(table["period"] == "2024") & (table["uppdelning"] == "total") & (table["kategori"] != "")]
    assert list(rows["kategori"]) == ["nätverkshem", "hvb"]
    assert list(rows["täljare"]) == [1, 1] and list(rows["värde"]) == [50.0, 50.0]


def test_a_distribution_over_numeric_groups() -> None:
    ind = indicator(
        """
        bas: utredning
        perioddatum: slut
        populationer:
          urval: {beskrivning: Avslutade utredningar}
        beräkning:
          typ: fördelning
          värde: {tid_mellan: {från: start, till: slut, enhet: dagar}}
          grupper:
            - {etikett: "0–60 dagar", från: 0, till: 60}
            - {etikett: "61–120 dagar", från: 61, till: 120}
        målvärde: {typ: ingen, text: Mängdstatistik.}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-03-01"},  # 60 days
            {"utredning_id": "u2", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-03-02"},  # 61 days
            {"utredning_id": "u3", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-12-01"},  # outside the groups
        ],
    }
    table = run(ind, data(records)).table
    assert row(table)["bortfall_täljare"] == 1
    assert row(table, kategori="0–60 dagar")["täljare"] == 1 and row(table, kategori="61–120 dagar")["täljare"] == 1


RATIO = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade placeringar, villkor: {fält: insatskategori, är: placering}}
beräkning:
  typ: summa
  värde: {fält: kostnad}
  delat_med: {tid_mellan: {från: start, till: slut, enhet: dagar}}
målvärde: {typ: ingen, text: Bakgrund.}
"""


def test_a_ratio_of_sums_at_its_edges() -> None:
    """Issue 20 (mutation survivors): a divisor of exactly one day is a value; a divisor of 0 days is
    an empty nämnare, not a division by zero; no record with a value is bortfall; no records, no value."""
    barn = children(("b1", "flicka", "2015-01-01"))
    one_day = row(run(indicator(RATIO), data({"barn": barn, "insats": [_i("i1", "2024-01-01", "2024-01-02", kostnad=700.0)]})).table)
    assert one_day["värde"] == 700.0 and one_day["täljare"] is None and one_day["bortfall_täljare"] == 0
    no_days = row(run(indicator(RATIO), data({"barn": barn, "insats": [_i("i1", "2024-01-01", "2024-01-01", kostnad=700.0)]})).table)
    assert no_days["värde"] is None and no_days["värde_saknas"] == "tom_nämnare"
    no_cost = row(run(indicator(RATIO), data({"barn": barn, "insats": [_i("i1", "2024-01-01", "2024-01-11", kostnad=None)]})).table)
    assert no_cost["värde"] is None and no_cost["värde_saknas"] == "bortfall" and no_cost["bortfall_täljare"] == 1
    table = run(indicator(RATIO), data({"barn": barn, "insats": [_i("i1", "2024-01-01", "2024-01-11", kostnad=100.0)]}), years=[2023, 2024]).table
    assert row(table, period="2023")["värde"] is None and row(table, period="2023")["nämnare"] == 0


def test_a_sum_resting_on_few_values_is_hidden_even_in_a_large_nämnare() -> None:
    """Ten placements, two with a cost: the sum (and the ratio) is two children's costs — hidden at t = 5."""
    barn = children(*[(f"b{i}", "flicka", "2015-01-01") for i in range(10)])
    insatser = [_i(f"i{i}", "2024-01-01", "2024-01-11", child=f"b{i}", kostnad=1000.0 if i < 2 else None) for i in range(10)]
    from suengine.engine import evaluate

    for body in (RATIO, RATIO.replace("  delat_med: {tid_mellan: {från: start, till: slut, enhet: dagar}}\n", "")):
        # bortfall allowed up to 100 %: the row is hidden for resting on two values, not for its bortfall
        published = evaluate([indicator(body)], data({"barn": barn, "insats": insatser}), [2024], bortfall_limit=100).published()
        total = row(published)
        assert total["undertryckt"] and total["värde"] is None and total["undertryckt_orsak"] == "för_få", body


def test_care_days_are_never_below_zero() -> None:
    """An insats that starts and ends on the same day has no care days, and one whose recorded end lies
    before its start has none either (not a negative number, not one day)."""
    ind = indicator(CARE_DAYS.replace("pågår_till: slut\n", ""))
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": [_i("i1", "2024-05-01", "2024-05-01"), _i("i2", "2024-06-01", "2024-05-20"), _i("i3", "2024-07-01", "2024-07-03")],
    }
    total = row(run(ind, data(records)).table)
    assert (total["värde"], total["nämnare"]) == (2.0, 3)


def test_ongoing_care_days_count_to_the_extraction_date_as_divisor_and_in_groups() -> None:
    """Care days of an insats still going on end at the extraction date, also when they divide a sum
    (`delat_med`) or are grouped (`fördelning` with `grupper`; a group without records is still listed)."""
    barn = children(("b1", "flicka", "2015-01-01"))
    insatser = [_i("i1", "2024-12-01", None, kostnad=5000.0), _i("i2", "2024-12-11", "2024-12-21", kostnad=1000.0)]
    ratio = indicator(RATIO.replace("perioddatum: slut", "perioddatum: start").replace("{tid_mellan: {från: start, till: slut, enhet: dagar}}", "{dagar_i_perioden: {från: start, till: slut}}"))
    total = row(run(ratio, data({"barn": barn, "insats": insatser}, extraction=dt.date(2024, 12, 21))).table)
    assert total["värde"] == (5000 + 1000) / (20 + 10) and total["enhet"] == "kronor per dag" and total["nämnare"] == 2
    groups = indicator(
        """
        bas: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: Placeringar, villkor: {fält: insatskategori, är: placering}}
        beräkning:
          typ: fördelning
          värde: {dagar_i_perioden: {från: start, till: slut}}
          grupper:
            - {etikett: "upp till 15 dagar", från: 0, till: 15}
            - {etikett: "16–100 dagar", från: 16, till: 100}
            - {etikett: "mer än 100 dagar", från: 101, till: 366}
        målvärde: {typ: ingen, text: Mängdstatistik.}
        """
    )
    table = run(groups, data({"barn": barn, "insats": insatser}, extraction=dt.date(2024, 12, 21))).table
    categories = table[(table["period"] == "2024") & (table["uppdelning"] == "total") & (table["kategori"] != "")]
    assert list(categories["kategori"]) == ["upp till 15 dagar", "16–100 dagar", "mer än 100 dagar"]
    assert list(categories["täljare"]) == [1, 1, 0]
