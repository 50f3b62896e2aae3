"""Issue 20: every window edge, in both directions — the edge day itself, one day inside, one day outside.

`relaterad … inom` with `riktning: efter` (the default) is the window (från, från + inom]; with
`riktning: före` it is [från − inom, från) (docs/indikatorformat.md). `tid_mellan` compares
`till − från` with N days, or `till` with `från` + N calendar months (clamped to the month's last day),
with each of its four operators.
"""

from __future__ import annotations

import pytest

from engine.helpers import children, data, indicator, row, run

RELATED = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare:
    beskrivning: t
    villkor: {relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: %s, riktning: %s}}
beräkning: {typ: andel}
"""
ANCHOR = "2024-03-31"  # the insats's slut: the window's anchor


@pytest.mark.parametrize(
    ("direction", "length", "day", "inside"),
    [
        # efter, months: (31 Mar 2024, 31 Mar 2025]
        ("efter", "{månader: 12}", "2024-03-30", False),  # the day before the anchor
        ("efter", "{månader: 12}", "2024-03-31", False),  # the anchor itself is not after it
        ("efter", "{månader: 12}", "2024-04-01", True),  # first day inside
        ("efter", "{månader: 12}", "2025-03-30", True),  # one day inside the upper edge
        ("efter", "{månader: 12}", "2025-03-31", True),  # the upper edge belongs to the window
        ("efter", "{månader: 12}", "2025-04-01", False),  # one day outside
        # före, months: [31 Mar 2023, 31 Mar 2024)
        ("före", "{månader: 12}", "2024-04-01", False),  # after the anchor
        ("före", "{månader: 12}", "2024-03-31", False),  # the anchor itself is not before it
        ("före", "{månader: 12}", "2024-03-30", True),  # the last day inside
        ("före", "{månader: 12}", "2023-04-01", True),  # one day inside the lower edge
        ("före", "{månader: 12}", "2023-03-31", True),  # the lower edge belongs to the window
        ("före", "{månader: 12}", "2023-03-30", False),  # one day outside
        # days: (31 Mar, 10 Apr] and [21 Mar, 31 Mar)
        ("efter", "{dagar: 10}", "2024-04-09", True),
        ("efter", "{dagar: 10}", "2024-04-10", True),
        ("efter", "{dagar: 10}", "2024-04-11", False),
        ("före", "{dagar: 10}", "2024-03-22", True),
        ("före", "{dagar: 10}", "2024-03-21", True),
        ("före", "{dagar: 10}", "2024-03-20", False),
    ],
)
def test_related_window_edges(direction: str, length: str, day: str, inside: bool) -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": [{"insats_id": "i1", "barn_id": "b1", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
                    "start": "2023-01-01", "slut": ANCHOR}],
        "aktualisering": [{"aktualisering_id": "a1", "barn_id": "b1", "datum": day, "typ": "anmälan"}],
    }
    total = row(run(indicator(RELATED % (length, direction)), data(records)).table)
    assert (total["nämnare"], total["täljare"]) == (1, 1 if inside else 0)


BETWEEN = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: {tid_mellan: {från: start, till: slut, %s: %s}}}
beräkning: {typ: andel}
"""


@pytest.mark.parametrize(
    ("operator", "length", "start", "end", "inside"),
    [
        # 14 days from 1 Mar is 15 Mar: 13, 14 and 15 days
        *[("högst", "{dagar: 14}", "2024-03-01", end, inside) for end, inside in (("2024-03-14", True), ("2024-03-15", True), ("2024-03-16", False))],
        *[("minst", "{dagar: 14}", "2024-03-01", end, inside) for end, inside in (("2024-03-14", False), ("2024-03-15", True), ("2024-03-16", True))],
        *[("mindre_än", "{dagar: 14}", "2024-03-01", end, inside) for end, inside in (("2024-03-14", True), ("2024-03-15", False), ("2024-03-16", False))],
        *[("större_än", "{dagar: 14}", "2024-03-01", end, inside) for end, inside in (("2024-03-14", False), ("2024-03-15", False), ("2024-03-16", True))],
        # 4 calendar months from 31 Jan 2024 is 31 May
        *[("minst", "{månader: 4}", "2024-01-31", end, inside) for end, inside in (("2024-05-30", False), ("2024-05-31", True), ("2024-06-01", True))],
        *[("mindre_än", "{månader: 4}", "2024-01-31", end, inside) for end, inside in (("2024-05-30", True), ("2024-05-31", False), ("2024-06-01", False))],
        *[("större_än", "{månader: 4}", "2024-01-31", end, inside) for end, inside in (("2024-05-30", False), ("2024-05-31", False), ("2024-06-01", True))],
    ],
)
def test_time_between_edges(operator: str, length: str, start: str, end: str, inside: bool) -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [{"utredning_id": "u1", "barn_id": "b1", "start": start, "slut": end}],
    }
    total = row(run(indicator(BETWEEN % (operator, length)), data(records)).table)
    assert (total["nämnare"], total["täljare"]) == (1, 1 if inside else 0)
