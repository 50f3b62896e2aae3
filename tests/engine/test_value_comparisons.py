"""Comparing a field with a written value, through the real engine: every operator at its edge.

Each operator is tried on the value itself, one step below and one above, and on a missing value
(unknown: internt bortfall, never a no). The written value takes the field's type — a whole number,
an exact decimal, a date, ja/nej (also `sant`/`falskt`, `true`/`false`, in any case) — so dates
compare as dates and codes as text.
"""

from __future__ import annotations

import datetime as dt

import pytest

from engine.helpers import children, data, indicator, row, run
from suengine.casedata.datamodel import load_datamodel
from suengine.engine import expr as e
from suengine.engine.compile import typed_value
from suengine.engine.fields import FieldError

AKTUALISERING = """
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: %s}
beräkning: {typ: andel}
"""


def _aktualiseringar(field: str, values: list[object]) -> dict:
    rows = []
    for n, value in enumerate(values, start=1):
        record = {"aktualisering_id": f"a{n}", "barn_id": "b1", "datum": f"2024-03-{n:02d}", "typ": "anmälan"}
        if value is not None:
            record[field] = value
        rows.append(record)
    return {"barn": children(("b1", "flicka", "2015-01-01")), "aktualisering": rows}


def _counts(condition: str, field: str, values: list[object]) -> tuple[int, int, int]:
    total = row(run(indicator(AKTUALISERING % condition), data(_aktualiseringar(field, values))).table)
    return total["täljare"], total["nämnare"], total["bortfall_täljare"]


# prio 1, 2, 3 and missing, against the value 2: (täljare, nämnare, bortfall)
@pytest.mark.parametrize(
    ("operator", "met"),
    [("är", 1), ("inte_är", 2), ("minst", 2), ("högst", 2), ("större_än", 1), ("mindre_än", 1)],
)
def test_whole_number_operators_at_the_value(operator: str, met: int) -> None:
    assert _counts("{fält: prio, %s: 2}" % operator, "prio", [1, 2, 3, None]) == (met, 3, 1)


@pytest.mark.parametrize(
    ("condition", "met"),
    [
        ("{fält: prio, större_än: 2}", [3]),
        ("{fält: prio, mindre_än: 2}", [1]),
        ("{fält: prio, minst: 2}", [2, 3]),
        ("{fält: prio, högst: 2}", [1, 2]),
        ("{fält: prio, en_av: [1, 3]}", [1, 3]),
        ("{fält: prio, mellan: [2, 3]}", [2, 3]),  # both ends belong to the range
        ("{fält: prio, mellan: [1, 2]}", [1, 2]),
        ("{fält: prio, är: '3'}", [3]),  # a number written as text is still a number
    ],
)
def test_which_records_meet_a_comparison(condition: str, met: list[int]) -> None:
    for value in (1, 2, 3):
        expected = (1, 1, 0) if value in met else (0, 1, 0)
        assert _counts(condition, "prio", [value]) == expected, (condition, value)


def test_dates_compare_as_dates_at_the_edge_day() -> None:
    # datum 1, 2 and 3 March: `minst` 2 March holds for the 2nd and the 3rd
    assert _counts("{fält: datum, minst: 2024-03-02}", "typ", ["anmälan"] * 3) == (2, 3, 0)
    assert _counts("{fält: datum, mindre_än: '2024-03-02'}", "typ", ["anmälan"] * 3) == (1, 3, 0)
    assert _counts("{fält: datum, mellan: [2024-03-02, 2024-03-03]}", "typ", ["anmälan"] * 3) == (2, 3, 0)


@pytest.mark.parametrize(
    ("written", "met"),
    [("ja", 1), ("JA", 1), (" Sant ", 1), ("true", 1), ("nej", 1), ("Falskt", 1), ("false", 1)],
)
def test_yes_no_words(written: str, met: int) -> None:
    # inleda_utredning true, false, missing: each word picks exactly its own record
    t, n, missing = _counts("{fält: inleda_utredning, är: '%s'}" % written, "inleda_utredning", [True, False, None])
    assert (t, n, missing) == (met, 2, 1)
    yes = written.strip().lower() in ("ja", "sant", "true")
    first = row(run(indicator(AKTUALISERING % ("{fält: inleda_utredning, är: '%s'}" % written)),
                    data(_aktualiseringar("inleda_utredning", [True]))).table)
    assert first["täljare"] == (1 if yes else 0)


def test_typed_values() -> None:
    model = load_datamodel()
    fields = model.entities["aktualisering"].fields
    prio, datum, flag, code = fields["prio"], fields["datum"], fields["inleda_utredning"], fields["typ"]
    kostnad = model.entities["insats"].fields["kostnad"]
    assert typed_value(prio, "3") == e.Literal(3) and isinstance(typed_value(prio, 3.0).value, int)
    assert typed_value(kostnad, "1000.5") == e.Literal(1000.5) and isinstance(typed_value(kostnad, 2).value, float)
    assert typed_value(datum, "2024-03-02") == e.Literal(dt.date(2024, 3, 2))
    assert typed_value(datum, dt.datetime(2024, 3, 2, 13, 5)) == e.Literal(dt.date(2024, 3, 2))
    assert type(typed_value(datum, dt.datetime(2024, 3, 2, 13, 5)).value) is dt.date
    assert typed_value(datum, dt.date(2024, 3, 2)) == e.Literal(dt.date(2024, 3, 2))
    assert typed_value(flag, True) == e.Literal(True) and typed_value(flag, False) == e.Literal(False)
    assert typed_value(flag, "SANT") == e.Literal(True) and typed_value(flag, " nej") == e.Literal(False)
    assert typed_value(code, 12) == e.Literal("12")
    assert typed_value(prio, None) == e.NULL and typed_value(datum, None) == e.NULL
    with pytest.raises(FieldError, match="'kanske' är inte ja/nej för fältet 'inleda_utredning'"):
        typed_value(flag, "kanske")
    with pytest.raises(FieldError):
        typed_value(flag, 1)


def test_decimal_values_compare_exactly_at_the_edge() -> None:
    body = """
    bas: insats
    perioddatum: slut
    populationer:
      urval: {beskrivning: u}
      täljare: {beskrivning: t, villkor: {fält: kostnad, %s: 1000.5}}
    beräkning: {typ: andel}
    """
    insatser = [{"insats_id": f"i{n}", "barn_id": "b1", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
                 "start": "2024-01-01", "slut": "2024-06-01", "kostnad": cost} for n, cost in enumerate([1000.49, 1000.5, 1000.51])]
    records = {"barn": children(("b1", "flicka", "2015-01-01")), "insats": insatser}
    for operator, met in (("minst", 2), ("större_än", 1), ("högst", 2), ("mindre_än", 1), ("är", 1), ("inte_är", 2)):
        assert row(run(indicator(body % operator), data(records)).table)["täljare"] == met, operator
