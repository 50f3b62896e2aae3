"""Field-to-field comparisons and sums: each operator true, false and unknown, through the real engine."""

from __future__ import annotations

import pytest

from suengine.definitions.conditions import FieldCompare, FieldRef, FieldSum, describe, parse_condition
from engine.helpers import children, data, indicator, row, run

STAFF = """
bas: personal
perioddatum: mätdatum
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: %s}
beräkning: {typ: andel}
"""


def _answers(*pairs: tuple[float | None, float | None]) -> dict:
    """One personal row per pair (b1a_socionomexamen, b1_handläggare), on distinct days of 2024."""
    rows = []
    for day, (part, whole) in enumerate(pairs, start=1):
        record = {"mätdatum": f"2024-02-{day:02d}"}
        if part is not None:
            record["b1a_socionomexamen"] = part
        if whole is not None:
            record["b1_handläggare"] = whole
        rows.append(record)
    return {"personal": rows}


# For each operator: (part, whole) pairs that make it true, false, and two that make it unknown.
OPERATORS = {
    "är": ((4.5, 4.5), (4.0, 4.5)),
    "inte_är": ((4.0, 4.5), (4.5, 4.5)),
    "minst": ((5.0, 4.5), (4.0, 4.5)),
    "högst": ((4.5, 4.5), (5.0, 4.5)),
    "större_än": ((5.0, 4.5), (4.5, 4.5)),
    "mindre_än": ((4.0, 4.5), (4.5, 4.5)),
}


@pytest.mark.parametrize("operator", list(OPERATORS))
def test_operator_is_three_valued(operator: str) -> None:
    true_pair, false_pair = OPERATORS[operator]
    condition = "{fält: b1a_socionomexamen, %s: {fält: b1_handläggare}}" % operator
    result = run(indicator(STAFF % condition), data(_answers(true_pair, false_pair, (None, 4.5), (4.5, None)))).table
    total = row(result)
    # Two records decide (one true, one false); the two with a missing side are unknown: internt bortfall,
    # outside the nämnare.
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 2)


@pytest.mark.parametrize("operator", list(OPERATORS))
def test_negated_operator_stays_unknown(operator: str) -> None:
    true_pair, false_pair = OPERATORS[operator]
    condition = "{inte: {fält: b1a_socionomexamen, %s: {fält: b1_handläggare}}}" % operator
    result = run(indicator(STAFF % condition), data(_answers(true_pair, false_pair, (None, 4.5)))).table
    total = row(result)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 1)


def test_sum_on_the_left_is_exact_and_unknown_when_a_term_is_missing() -> None:
    condition = "{summa: [b1b_3_5_år, b1b_över_5_år], är: {fält: b1a_socionomexamen}}"
    records = {
        "personal": [
            # 1.1 + 2.2 is 3.3000000000000003 in floating point; the answers (two decimals) say 3.3.
            {"mätdatum": "2024-02-01", "b1b_3_5_år": 1.1, "b1b_över_5_år": 2.2, "b1a_socionomexamen": 3.3},
            {"mätdatum": "2024-02-02", "b1b_3_5_år": 1.1, "b1b_över_5_år": 2.2, "b1a_socionomexamen": 3.31},
            {"mätdatum": "2024-02-03", "b1b_3_5_år": 6.25, "b1a_socionomexamen": 6.25},
            # A bortfallskod (999) is a missing answer, never a number in the sum.
            {"mätdatum": "2024-02-04", "b1b_3_5_år": 999, "b1b_över_5_år": 0, "b1a_socionomexamen": 999},
        ]
    }
    total = row(run(indicator(STAFF % condition), data(records)).table)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 2)


def test_sum_against_sum() -> None:
    condition = "{summa: [b1b_under_1_år, b1b_1_2_år], högst: {summa: [b1b_3_5_år, b1b_över_5_år]}}"
    records = {
        "personal": [
            {"mätdatum": "2024-02-01", "b1b_under_1_år": 1, "b1b_1_2_år": 2, "b1b_3_5_år": 1, "b1b_över_5_år": 2},
            {"mätdatum": "2024-02-02", "b1b_under_1_år": 1, "b1b_1_2_år": 2.5, "b1b_3_5_år": 1, "b1b_över_5_år": 2},
        ]
    }
    total = row(run(indicator(STAFF % condition), data(records)).table)
    assert (total["nämnare"], total["täljare"]) == (2, 1)


def test_dates_of_the_record_and_along_a_relation() -> None:
    """An insats that started before the utredning that led to it ended; unknown without the utredning."""
    ind = indicator(
        """
        bas: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: u}
          täljare: {beskrivning: t, villkor: {fält: start, mindre_än: {fält: utredning.slut}}}
        beräkning: {typ: andel}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-03-01"},
            {"utredning_id": "u2", "barn_id": "b1", "start": "2024-01-01"},
        ],
        "insats": [
            {"insats_id": "i1", "barn_id": "b1", "utredning_id": "u1", "insatstyp": "kontaktperson", "insatskategori": "öppenvård", "start": "2024-02-01"},
            {"insats_id": "i2", "barn_id": "b1", "utredning_id": "u1", "insatstyp": "kontaktperson", "insatskategori": "öppenvård", "start": "2024-03-01"},
            {"insats_id": "i3", "barn_id": "b1", "utredning_id": "u2", "insatstyp": "kontaktperson", "insatskategori": "öppenvård", "start": "2024-03-01"},
            {"insats_id": "i4", "barn_id": "b1", "insatstyp": "kontaktperson", "insatskategori": "öppenvård", "start": "2024-03-01"},
        ],
    }
    total = row(run(ind, data(records)).table)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 2)


def test_codes_two_relations_away() -> None:
    """insats → utredning → aktualisering: the insats's huvudorsak against the aktualisering's."""
    ind = indicator(
        """
        bas: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: u}
          täljare: {beskrivning: t, villkor: {fält: huvudorsak, är: {fält: insats.utredning.aktualisering.huvudorsak}}}
        beräkning: {typ: andel}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "aktualisering": [
            {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2023-12-01", "huvudorsak": "brister_i_omsorg"},
            {"aktualisering_id": "a2", "barn_id": "b1", "datum": "2023-12-01"},
        ],
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "aktualisering_id": "a1", "start": "2024-01-01"},
            {"utredning_id": "u2", "barn_id": "b1", "aktualisering_id": "a2", "start": "2024-01-01"},
        ],
        "insats": [
            {"insats_id": f"i{n}", "barn_id": "b1", "utredning_id": u, "insatstyp": "kontaktperson", "insatskategori": "öppenvård", "start": "2024-02-01", "huvudorsak": h}
            for n, (u, h) in enumerate([("u1", "brister_i_omsorg"), ("u1", "skolsituation"), ("u2", "skolsituation")])
        ],
    }
    total = row(run(ind, data(records)).table)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 1)


def test_parse_and_describe() -> None:
    parsed = parse_condition({"summa": ["a", "b"], "högst": {"fält": "c"}})
    assert parsed == FieldCompare(FieldSum(("a", "b")), "högst", FieldRef("c"))
    assert describe(parsed) == "summan av a + b är högst c"
    same = parse_condition({"fält": "huvudorsak", "är": {"fält": "utredning.aktualisering.huvudorsak"}})
    assert describe(same) == "huvudorsak är samma som utredning → aktualisering → huvudorsak"


def test_inte_är_with_a_constant_is_three_valued() -> None:
    condition = "{fält: b1a_socionomexamen, inte_är: 4.5}"
    result = run(indicator(STAFF % condition), data(_answers((4.0, 1.0), (4.5, 1.0), (None, 1.0)))).table
    total = row(result)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 1)


def test_two_decimal_fields_compare_as_exact_decimals() -> None:
    # A spreadsheet may store an answer as the sum it was typed as: 0.1 + 0.2 is 0.30000000000000004 in
    # floating point, and the same answer written as 0.3 must still be equal (the cast to exact decimals
    # applies to two fields as to a sum), while 0.31 is not.
    condition = "{fält: b1a_socionomexamen, är: {fält: b1_handläggare}}"
    total = row(run(indicator(STAFF % condition), data(_answers((0.1 + 0.2, 0.3), (0.31, 0.3)))).table)
    assert (total["nämnare"], total["täljare"]) == (2, 1)
