"""Conditions inside `relaterad`: every kind of condition is read on the related record (never on the
own one, even where both entities have a field of that name), with three-valued logic, and the window
and values are those of the own record. Exact counts through the real engine."""

from __future__ import annotations

import pytest

from engine.helpers import children, data, indicator, row, run

BODY = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare:
    beskrivning: t
    villkor:
      relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 6}, villkor: %s}
beräkning: {typ: andel}
"""


def _records() -> dict:
    """One insats per child, all ending 31 May 2024 with huvudorsak bevittnat_våld, and one
    aktualisering per child inside the window (1 July), each different:
    b1: anmälan, missbruk_förälder, förhandsbedömning after 10 days
    b2: ansökan, bevittnat_våld, förhandsbedömning after 20 days
    b3: anmälan, no huvudorsak, no förhandsbedömning
    b4: no typ, bevittnat_våld, förhandsbedömning after 14 days (the edge)"""
    insats = [{"insats_id": f"i{n}", "barn_id": f"b{n}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": "2024-05-31", "huvudorsak": "bevittnat_våld"} for n in (1, 2, 3, 4)]
    aktualisering = [
        {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-07-01", "typ": "anmälan", "huvudorsak": "missbruk_förälder",
         "förhandsbedömning_klar": "2024-07-11", "prio": 1},
        {"aktualisering_id": "a2", "barn_id": "b2", "datum": "2024-07-01", "typ": "ansökan", "huvudorsak": "bevittnat_våld",
         "förhandsbedömning_klar": "2024-07-21", "prio": 2},
        {"aktualisering_id": "a3", "barn_id": "b3", "datum": "2024-07-01", "typ": "anmälan", "prio": 3},
        {"aktualisering_id": "a4", "barn_id": "b4", "datum": "2024-07-01", "huvudorsak": "bevittnat_våld",
         "förhandsbedömning_klar": "2024-07-15"},
    ]
    kids = children(*((f"b{n}", "flicka", "2015-01-01") for n in (1, 2, 3, 4)))
    return {"barn": kids, "insats": insats, "aktualisering": aktualisering}


# Which children's insats has a related aktualisering meeting the condition. A related record whose
# condition is unknown is not found (a search finds what is known to match), so the result is
# never unknown here: every insats is in the nämnare.
@pytest.mark.parametrize(
    ("condition", "found"),
    [
        ("{fält: huvudorsak, är: bevittnat_våld}", {"b2", "b4"}),  # the aktualisering's, not the insats's
        ("{inte: {fält: huvudorsak, är: bevittnat_våld}}", {"b1"}),  # b3's is unknown
        ("{saknas: huvudorsak}", {"b3"}),
        ("{finns: typ}", {"b1", "b2", "b3"}),
        ("{alla: [{fält: typ, är: anmälan}, {finns: huvudorsak}]}", {"b1"}),
        ("{någon: [{fält: typ, är: ansökan}, {saknas: huvudorsak}]}", {"b2", "b3"}),
        ("{tid_mellan: {från: datum, till: förhandsbedömning_klar, högst: {dagar: 14}}}", {"b1", "b4"}),
        ("{tid_mellan: {från: datum, till: förhandsbedömning_klar, större_än: {dagar: 14}}}", {"b2"}),
        ("{fält: prio, mindre_än: {fält: prio}}", set()),
        ("{fält: prio, högst: {summa: [prio, prio]}}", {"b1", "b2", "b3"}),
        ("{fält: prio, en_av: [1, 3]}", {"b1", "b3"}),
        ("{fält: prio, mellan: [2, 3]}", {"b2", "b3"}),
    ],
)
def test_conditions_read_the_related_record(condition: str, found: set[str]) -> None:
    records = _records()
    total = row(run(indicator(BODY % condition), data(records)).table)
    assert (total["täljare"], total["nämnare"], total["bortfall_täljare"]) == (len(found), 4, 0), condition
    # and child by child: only the insatser of the children named are in the täljare
    for child in ("b1", "b2", "b3", "b4"):
        one = {name: [r for r in rows if r["barn_id"] == child] for name, rows in records.items()}
        single = row(run(indicator(BODY % condition), data(one)).table)
        assert single["täljare"] == (1 if child in found else 0), (condition, child)


TWO = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare:
    beskrivning: t
    villkor:
      %s:
        - relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 6}, villkor: {fält: typ, är: anmälan}}
        - relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 6}, villkor: {finns: huvudorsak}}
beräkning: {typ: andel}
"""


@pytest.mark.parametrize(("combine", "found"), [("alla", 1), ("någon", 4)])
def test_two_relations_in_one_condition_each_get_their_own_search(combine: str, found: int) -> None:
    # anmälan: b1, b3; with a huvudorsak: b1, b2, b4
    total = row(run(indicator(TWO % combine), data(_records())).table)
    assert (total["täljare"], total["nämnare"]) == (found, 4)


def _birthday_records() -> dict:
    """Two children born 1 July 2010, each with an insats ending 31 May 2024 (13 years old then) and an
    aktualisering inside the window: b1's on 30 June 2024 (still 13), b2's on 1 July 2024 (14 that day)."""
    insats = [{"insats_id": f"i{n}", "barn_id": f"b{n}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
               "start": "2024-01-01", "slut": "2024-05-31"} for n in (1, 2)]
    aktualisering = [{"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-06-30", "typ": "anmälan"},
                     {"aktualisering_id": "a2", "barn_id": "b2", "datum": "2024-07-01", "typ": "anmälan"}]
    return {"barn": children(("b1", "pojke", "2010-07-01"), ("b2", "flicka", "2010-07-01")), "insats": insats,
            "aktualisering": aktualisering}


@pytest.mark.parametrize(
    ("condition", "found"),
    [
        # ålder inside `relaterad` is the child's age on the related record's date (datumfält), not on
        # the own record's: both children were 13 when their insats ended.
        ("{fält: ålder, minst: 14}", 1),
        ("{fält: ålder, är: 13}", 1),
        ("{fält: ålder, mindre_än: 13}", 0),
        # a path from the related record through its own relation
        ("{fält: barn.kön, är: flicka}", 1),
        ("{fält: aktualisering.barn.kön, en_av: [flicka, pojke]}", 2),
    ],
)
def test_age_and_paths_inside_a_relation_are_the_related_records(condition: str, found: int) -> None:
    total = row(run(indicator(BODY % condition), data(_birthday_records())).table)
    assert (total["täljare"], total["nämnare"], total["bortfall_täljare"]) == (found, 2, 0), condition
