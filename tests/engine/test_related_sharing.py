"""Lookup tables of `relaterad` shared within a run: indicators evaluated together give exactly what
each gives alone, also when two relations differ only in direction or in their window, and when the
own records come from two entities (the second entity's keys are added to the table)."""

from __future__ import annotations

import datetime as dt

from engine.helpers import children, data, indicator, row, run
from suengine.casedata.datamodel import load_datamodel
from suengine.engine.periods import periods_for_years
from suengine.engine.plan import compile_plan
from suengine.engine.query import aggregate_sql, lookups

BODY = """
bas: {entity}
perioddatum: slut
populationer:
  urval: {{beskrivning: u}}
  täljare:
    beskrivning: t
    villkor: {{relaterad: {{entitet: aktualisering, datumfält: datum, från: slut, inom: {{dagar: {days}}}, riktning: {direction}}}}}
beräkning: {{typ: andel}}
"""


def _records() -> dict:
    # b1: an aktualisering 10 days before and none after its insats's slut; b2: one 20 days after;
    # b3: one 50 days after. The utredningar end on the same days as the insatser, one per child.
    slut = "2024-05-31"
    insats = [{"insats_id": f"i{n}", "barn_id": f"b{n}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": slut} for n in (1, 2, 3)]
    utredning = [{"utredning_id": f"u{n}", "barn_id": f"b{n}", "start": "2024-01-01", "slut": slut} for n in (1, 2, 3)]
    aktualisering = [
        {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-05-21"},
        {"aktualisering_id": "a2", "barn_id": "b2", "datum": "2024-06-20"},
        {"aktualisering_id": "a3", "barn_id": "b3", "datum": "2024-07-20"},
    ]
    return {"barn": children(*((f"b{n}", "flicka", "2015-01-01") for n in (1, 2, 3))),
            "insats": insats, "utredning": utredning, "aktualisering": aktualisering}


def test_relations_differing_only_in_direction_or_window_or_own_entity() -> None:
    variants = {
        ("insats", 30, "efter"): 1,  # b2
        ("insats", 60, "efter"): 2,  # b2, b3
        ("insats", 30, "före"): 1,  # b1
        ("utredning", 30, "efter"): 1,
        ("utredning", 30, "före"): 1,
        ("utredning", 60, "efter"): 2,
    }
    indicators = [indicator(BODY.format(entity=entity, days=days, direction=direction), id=f"i-{entity}-{days}-{direction}")
                  for entity, days, direction in variants]
    together = run(indicators, data(_records())).table
    for ind, expected in zip(indicators, variants.values()):
        alone = row(run(ind, data(_records())).table)
        shared = row(together[together["indikator_id"] == ind.id])
        assert (shared["täljare"], shared["nämnare"]) == (expected, 3), ind.id
        assert (alone["täljare"], alone["nämnare"]) == (expected, 3), ind.id


SAME_AS = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare:
    beskrivning: t
    villkor:
      relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 6},
                  samma_som: [{fält: huvudorsak, som: utredning.aktualisering.huvudorsak}]}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}]
"""


def test_same_as_a_value_two_relations_away() -> None:
    """The own value is read through insats → utredning → aktualisering: the lookup table keeps both
    joins (the second hangs on the first). i1's reason recurs after it ended, i2's does not, i3 has
    no utredning (unknown: täljarbortfall)."""
    insats = [{"insats_id": f"i{n}", "barn_id": f"b{n}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": "2024-05-31", "utredning_id": link} for n, link in ((1, "u1"), (2, "u2"), (3, None))]
    utredning = [{"utredning_id": f"u{n}", "barn_id": f"b{n}", "aktualisering_id": f"a{n}", "start": "2023-11-01", "slut": "2023-12-01"}
                 for n in (1, 2)]
    aktualisering = [
        {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2023-10-01", "huvudorsak": "missbruk_förälder"},
        {"aktualisering_id": "a2", "barn_id": "b2", "datum": "2023-10-01", "huvudorsak": "bevittnat_våld"},
        {"aktualisering_id": "a4", "barn_id": "b1", "datum": "2024-07-01", "huvudorsak": "missbruk_förälder"},
        {"aktualisering_id": "a5", "barn_id": "b2", "datum": "2024-07-01", "huvudorsak": "missbruk_förälder"},
        {"aktualisering_id": "a6", "barn_id": "b3", "datum": "2024-07-01", "huvudorsak": "missbruk_förälder"},
    ]
    records = {"barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01"), ("b3", "pojke", "2015-01-01")),
               "insats": insats, "utredning": utredning, "aktualisering": aktualisering}
    table = run(indicator(SAME_AS), data(records)).table
    total = row(table)
    assert (total["täljare"], total["nämnare"], total["bortfall_täljare"]) == (1, 2, 1)
    assert row(table, uppdelning="kön", stratum="flicka")["täljare"] == 1
    assert row(table, uppdelning="kön", stratum="pojke")["nämnare"] == 1


SAME_AS_AGE = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare:
    beskrivning: t
    villkor:
      relaterad: {entitet: aktualisering, datumfält: datum, från: utredning.slut, inom: {månader: 12},
                  samma_som: [{fält: prio, som: ålder}]}
beräkning: {typ: andel}
"""


def test_same_as_a_computed_value_and_an_anchor_through_a_relation() -> None:
    """The own value is the child's age (computed from barn.födelsedatum and slut) and the anchor is
    the utredning's slut: the lookup table keeps the joins both need. b1 is 2 when its insats ends and
    an aktualisering with prio 2 follows its utredning; b2 is 2 but the one that follows has prio 3;
    b3's birth date is missing (age unknown); b4's insats has no utredning (anchor unknown)."""
    births = {"b1": "2022-01-01", "b2": "2021-12-01", "b3": None, "b4": "2022-01-01"}
    insats = [{"insats_id": f"i{n}", "barn_id": f"b{n}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": "2024-05-31", "utredning_id": None if n == 4 else f"u{n}"} for n in (1, 2, 3, 4)]
    utredning = [{"utredning_id": f"u{n}", "barn_id": f"b{n}", "start": "2023-11-01", "slut": "2023-12-01"} for n in (1, 2, 3)]
    aktualisering = [{"aktualisering_id": f"a{n}", "barn_id": f"b{n}", "datum": "2024-03-01", "prio": prio}
                     for n, prio in ((1, 2), (2, 3), (3, 2), (4, 2))]
    records = {"barn": [{"barn_id": b, "kön": "flicka", "födelsedatum": d} for b, d in births.items()],
               "insats": insats, "utredning": utredning, "aktualisering": aktualisering}
    total = row(run(indicator(SAME_AS_AGE), data(records)).table)
    assert (total["täljare"], total["nämnare"], total["bortfall_täljare"]) == (1, 2, 2)


def test_every_top_level_relation_reads_a_lookup_table() -> None:
    """Whatever joins the own records need (none, or the ones the anchor and values read), a
    relation at the top of a condition reads the shared lookup table, never an inline ASOF join."""
    model = load_datamodel()
    periods = periods_for_years([2024], "år")
    for body in (BODY.format(entity="insats", days=30, direction="efter"), SAME_AS, SAME_AS_AGE):
        plan = compile_plan(indicator(body), model, dt.date(2030, 1, 1))
        assert len(lookups(plan)) == 1, body
        assert "ASOF" not in aggregate_sql(plan, periods), body
