"""The result rows of one indicator (`run.assemble`): which rows there are and in what order, the units
outside every stratum of a breakdown, categories per stratum, years that are not asked for. Exact counts
through the real engine."""

from __future__ import annotations

import datetime as dt

from suengine.casedata.datamodel import load_datamodel
from suengine.engine.run import Session, evaluate_indicator
from engine.helpers import FOLLOW_UP, SHARE, children, data, indicator, row, run

SOURCE = """
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: u}
beräkning: {typ: fördelning, fält: uppgiftslämnare}
uppdelningar: [{fält: kön}]
målvärde: {typ: ingen}
"""


def _utredningar(*specs: tuple[str, str, bool | None]) -> list[dict]:
    """(barn_id, slut, enskilt_samtal) per utredning."""
    return [{"utredning_id": f"u{i}", "barn_id": b, "utredningstyp": "barnavård", "start": "2021-01-01", "slut": slut,
             "enskilt_samtal": s} for i, (b, slut, s) in enumerate(specs)]


KIDS = children(("g", "flicka", "2015-01-01"), ("x", None, "2015-01-01"))


def test_rows_in_order_known_strata_zero_filled_none_for_a_missing_value() -> None:
    records = {"barn": KIDS, "utredning": _utredningar(("g", "2024-03-01", True), ("g", "2024-04-01", False),
                                                          ("x", "2024-03-01", True), ("x", "2024-05-01", None),
                                                          ("x", "2024-06-01", False))}
    table = run(indicator(SHARE), data(records)).table
    assert [(r["uppdelning"], r["stratum"]) for r in table.to_dict("records")] == [("total", ""), ("kön", "flicka"), ("kön", "pojke")]
    total, girls, boys = (row(table, uppdelning=u, stratum=s) for u, s in (("total", ""), ("kön", "flicka"), ("kön", "pojke")))
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"], total["bortfall_uppdelning"]) == (4, 2, 1, None)
    assert (girls["nämnare"], girls["täljare"], girls["period"], girls["indikator_id"], girls["version"]) == (2, 1, "2024", "test-indikator", 1)
    assert (boys["nämnare"], boys["täljare"], boys["urval"]) == (0, 0, 0)
    # the child without kön: its 3 utredningar in the effective nämnare (with the one whose answer is unknown,
    # bortfall_täljare) are in the total only, and counted as outside the kön breakdown in each of its rows
    assert girls["bortfall_uppdelning"] == boys["bortfall_uppdelning"] == 3


def test_outside_the_breakdown_with_categories() -> None:
    reporters = [("g", "polis"), ("g", "skola"), ("x", "polis"), ("x", "polis"), ("x", None), ("x", "skola")]
    records = {"barn": KIDS, "aktualisering": [{"aktualisering_id": f"a{i}", "barn_id": b, "datum": "2024-05-01", "typ": "anmälan",
                                                 "uppgiftslämnare": r} for i, (b, r) in enumerate(reporters)]}
    table = run(indicator(SOURCE), data(records)).table
    girls = row(table, uppdelning="kön", stratum="flicka")
    # the child without kön has 4 aktualiseringar: 3 with a category (polis twice, skola), 1 without; all
    # 4 are outside the breakdown, counted once, not once per category
    assert (girls["nämnare"], girls["bortfall_uppdelning"]) == (2, 4)
    assert row(table, uppdelning="kön", stratum="pojke")["bortfall_uppdelning"] == 4
    assert row(table, uppdelning="kön", stratum="flicka", kategori="polis")["täljare"] == 1
    total_polis = row(table, kategori="polis")
    assert total_polis["täljare"] == 3
    strata = {(r["uppdelning"], r["stratum"]) for r in table.to_dict("records")}
    assert strata == {("total", ""), ("kön", "flicka"), ("kön", "pojke")}


def test_only_the_years_asked_for_even_with_a_year_between() -> None:
    specs = [("g", f"{year}-0{month}-01", month % 2 == 0) for year in (2022, 2023, 2024) for month in range(1, 9)]
    records = {"barn": KIDS, "utredning": _utredningar(*specs)}
    table = run(indicator(SHARE), data(records), [2022, 2024]).table
    assert sorted(set(table["period"])) == ["2022", "2024"]
    for period in ("2022", "2024"):
        total, girls = row(table, period=period), row(table, period=period, uppdelning="kön", stratum="flicka")
        assert (total["nämnare"], total["täljare"], girls["nämnare"], girls["täljare"]) == (8, 4, 8, 4), period
        assert (total["bortfall_uppdelning"], girls["bortfall_uppdelning"]) == (None, 0)  # every child has a kön


def test_outside_the_breakdown_is_0_when_no_such_unit_is_in_the_nämnare() -> None:
    excluded = indicator(SHARE.replace("  täljare:", "  exkludering: {beskrivning: e, villkor: {fält: avslutsorsak, är: flyttat}}\n  täljare:"))
    records = {"barn": KIDS, "utredning": _utredningar(("g", "2024-03-01", True), ("x", "2024-03-01", True))}
    records["utredning"][0]["avslutsorsak"] = "beslut_fattat"  # (a missing avslutsorsak would be bortfall)
    records["utredning"][1]["avslutsorsak"] = "flyttat"  # the child without kön: in the urval, excluded
    table = run(excluded, data(records)).table
    girls = row(table, uppdelning="kön", stratum="flicka")
    assert (row(table)["exkluderade"], girls["nämnare"], girls["bortfall_uppdelning"]) == (1, 1, 0)


def test_one_indicator_on_its_own_builds_its_lookups_and_loads_only_its_tables() -> None:
    """As `explain` and `test` call it: evaluate_indicator without prepare."""
    insats = [{"insats_id": "i1", "barn_id": "g", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": "2024-03-01"}]
    records = {"barn": KIDS, "insats": insats,
               "aktualisering": [{"aktualisering_id": "a1", "barn_id": "g", "datum": "2025-01-10", "typ": "anmälan"}]}
    with Session(data(records, dt.date(2026, 6, 1)), load_datamodel()) as session:
        rows = evaluate_indicator(session, indicator(FOLLOW_UP), [2024])
        assert session._registered == {"insats", "aktualisering"}
    assert [(r["nämnare"], r["täljare"]) for r in rows] == [(1, 1)]


RATE = """
bas: barn
poster: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: Anmälda barn, villkor: {fält: typ, är: anmälan}}
beräkning: {typ: kvot, per: 1000, befolkning: {ålder: [0, 17]}}
målvärde: {typ: ingen}
"""


def test_a_rate_needs_the_population_delivered_other_kinds_do_not() -> None:
    records = {"barn": KIDS, "aktualisering": [{"aktualisering_id": "a1", "barn_id": "g", "datum": "2024-03-01", "typ": "anmälan"}],
               "befolkning": [{"år": 2024, "kön": "flicka", "ålder": a, "antal": 50} for a in range(18)],
               "utredning": _utredningar(("g", "2024-03-01", True))}
    case_data = data(records)
    assert row(run(indicator(RATE), case_data).table)["nämnare"] == 900
    case_data.delivered = {"barn": frozenset({"barn_id", "kön", "födelsedatum"}),
                           "aktualisering": frozenset({"aktualisering_id", "barn_id", "datum", "typ"}),
                           "utredning": frozenset({"utredning_id", "barn_id", "utredningstyp", "start", "slut", "enskilt_samtal"})}
    # no befolkning delivered: the rate has no value and no counts, for a reason; the share does not need it
    rate = row(run(indicator(RATE), case_data).table)
    assert (rate["värde"], rate["nämnare"], rate["täljare"], rate["värde_saknas"]) == (None, None, None, "ej_levererad")
    share = row(run(indicator(SHARE), case_data).table)
    assert (share["nämnare"], share["täljare"], share["värde_saknas"]) == (1, 1, "")
    case_data.delivered["befolkning"] = frozenset({"år", "kön", "ålder", "antal"})
    assert row(run(indicator(RATE), case_data).table)["täljare"] == 1


def test_a_period_outside_the_delivery_has_no_value_for_that_reason() -> None:
    records = {"barn": KIDS, "utredning": _utredningar(("g", "2023-03-01", True), ("g", "2024-03-01", True))}
    case_data = data(records)
    case_data.metadata.update(period_från="2024-01-01", period_till="2024-12-31")
    table = run(indicator(SHARE), case_data, [2023, 2024]).table
    before, inside = row(table, period="2023"), row(table, period="2024")
    assert (before["nämnare"], before["täljare"], before["värde_saknas"]) == (None, None, "utanför_leveransen")
    assert (inside["nämnare"], inside["täljare"], inside["värde_saknas"]) == (1, 1, "")
