"""Condition semantics: calendar months, three-valued logic, age, related records, quoting."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from suengine.engine import expr as e
from suengine.engine.sql import ident, literal, render
from engine.helpers import children, data, indicator, row, run

FOUR_MONTHS = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: {tid_mellan: {från: start, till: slut, högst: {månader: %d}}}}
beräkning: {typ: andel}
"""


def _investigations(*pairs: tuple[str, str]) -> dict:
    return {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [{"utredning_id": f"u{i}", "barn_id": "b1", "start": s, "slut": t} for i, (s, t) in enumerate(pairs)],
    }


@pytest.mark.parametrize(
    ("months", "start", "end", "inside"),
    [
        (4, "2024-01-31", "2024-05-31", True),  # 31 Jan + 4 months = 31 May
        (4, "2024-01-31", "2024-06-01", False),
        (4, "2024-01-30", "2024-05-30", True),
        (4, "2024-01-30", "2024-05-31", False),
        (1, "2024-01-31", "2024-02-29", True),  # leap year: clamped to 29 Feb
        (1, "2024-01-31", "2024-03-01", False),
        (1, "2023-01-31", "2023-02-28", True),  # ordinary year: 28 Feb
        (1, "2023-01-31", "2023-03-01", False),
        (4, "2023-10-31", "2024-02-29", True),  # across the new year into a leap February
    ],
)
def test_calendar_months(months: int, start: str, end: str, inside: bool) -> None:
    year = int(end[:4])
    result = run(indicator(FOUR_MONTHS % months), data(_investigations((start, end))), year).table
    total = row(result, str(year))
    assert (total["nämnare"], total["täljare"]) == (1, 1 if inside else 0)


def test_duckdb_clamps_month_addition() -> None:
    """The engine relies on DuckDB clamping month addition to the month's last day."""
    got = duckdb.execute(
        "SELECT DATE '2024-01-31' + INTERVAL (4) MONTH, DATE '2024-01-31' + INTERVAL (1) MONTH, DATE '2023-01-31' + INTERVAL (1) MONTH"
    ).fetchone()
    assert [d.date() if isinstance(d, dt.datetime) else d for d in got] == [dt.date(2024, 5, 31), dt.date(2024, 2, 29), dt.date(2023, 2, 28)]


def test_days_window() -> None:
    ind = indicator(
        """
        bas: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: u}
          täljare: {beskrivning: t, villkor: {tid_mellan: {från: datum, till: förhandsbedömning_klar, högst: {dagar: 14}}}}
        beräkning: {typ: andel}
        """
    )
    records = {
        "barn": children(("b1", "pojke", "2015-01-01")),
        "aktualisering": [
            {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-03-01", "förhandsbedömning_klar": "2024-03-15"},
            {"aktualisering_id": "a2", "barn_id": "b1", "datum": "2024-03-01", "förhandsbedömning_klar": "2024-03-16"},
            {"aktualisering_id": "a3", "barn_id": "b1", "datum": "2024-03-01"},
        ],
    }
    total = row(run(ind, data(records)).table)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (2, 1, 1)  # internt bortfall is left out of the nämnare


GIRLS = """
bas: barn
perioddatum: födelsedatum
populationer:
  urval: {beskrivning: u, villkor: %s}
beräkning: {typ: antal}
målvärde: {typ: ingen}
"""


@pytest.mark.parametrize(
    ("condition", "expected", "missing"),
    [
        ("{fält: kön, är: flicka}", 1, 1),
        ("{inte: {fält: kön, är: flicka}}", 1, 1),  # the child without kön is neither
        ("{saknas: kön}", 1, 0),  # saknas is never unknown
        ("{finns: kön}", 2, 0),
        ("{någon: [{fält: kön, är: flicka}, {saknas: kön}]}", 2, 0),  # unknown OR true = true
        ("{alla: [{fält: kön, är: pojke}, {finns: kön}]}", 1, 0),  # unknown AND false = false
        ("{alla: [{fält: kön, är: flicka}, {finns: födelsedatum}]}", 1, 1),  # unknown AND true = unknown
        ("{inte: {inte: {fält: kön, en_av: [flicka]}}}", 1, 1),
    ],
)
def test_three_valued_logic(condition: str, expected: int, missing: int) -> None:
    records = {"barn": children(("b1", "flicka", "2024-02-01"), ("b2", "pojke", "2024-03-01"), ("b3", None, "2024-04-01"))}
    total = row(run(indicator(GIRLS % condition), data(records)).table)
    assert (total["nämnare"], total["bortfall_nämnare"]) == (expected, missing)


def test_missing_breakdown_value_is_in_total_only() -> None:
    ind = indicator(
        """
        bas: utredning
        perioddatum: slut
        populationer:
          urval: {beskrivning: u}
          täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
        beräkning: {typ: andel}
        uppdelningar: [{fält: kön}]
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", None, "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-01-01", "slut": "2024-02-01", "enskilt_samtal": True},
            {"utredning_id": "u2", "barn_id": "b2", "start": "2024-01-01", "slut": "2024-02-01", "enskilt_samtal": True},
        ],
    }
    table = run(ind, data(records)).table
    assert row(table)["nämnare"] == 2
    assert row(table, uppdelning="kön", stratum="flicka")["nämnare"] == 1
    assert row(table, uppdelning="kön", stratum="pojke")["nämnare"] == 0
    assert set(table[table["uppdelning"] == "kön"]["stratum"]) == {"flicka", "pojke"}


@pytest.mark.parametrize(
    ("birth", "at", "age"),
    [
        ("2010-06-15", "2024-06-14", 13),
        ("2010-06-15", "2024-06-15", 14),
        ("2010-12-31", "2024-01-01", 13),
        ("2008-02-29", "2024-02-28", 15),  # leap-day child: a year older on 1 March in ordinary years, 29 Feb in leap years
        ("2008-02-29", "2024-02-29", 16),
        ("2008-02-29", "2023-02-28", 14),
        ("2008-02-29", "2023-03-01", 15),
    ],
)
def test_age_in_whole_years(birth: str, at: str, age: int) -> None:
    got = duckdb.execute(f"SELECT {render(e.AgeYears(e.Literal(dt.date.fromisoformat(birth)), e.Literal(dt.date.fromisoformat(at))))}").fetchone()
    assert got[0] == age


def test_months_between() -> None:
    cases = [("2024-01-31", "2024-05-31", 4), ("2024-01-31", "2024-05-30", 3), ("2024-01-31", "2024-02-29", 1), ("2024-03-15", "2024-03-14", -1)]
    for start, end, months in cases:
        node = e.MonthsBetween(e.Literal(dt.date.fromisoformat(start)), e.Literal(dt.date.fromisoformat(end)))
        assert duckdb.execute(f"SELECT {render(node)}").fetchone()[0] == months, (start, end)


def test_and_or_drop_neutral_operands_and_keep_a_single_one_as_it_is() -> None:
    """`and_`/`or_` drop TRUE/FALSE operands and return a single remaining operand itself (not wrapped),
    so a condition that reduces to a constant stays that constant (the population algebra folds it)."""
    x, y = e.IsNull(e.Column("t", "a")), e.IsNull(e.Column("t", "b"))
    assert e.and_() == e.TRUE and e.and_(e.TRUE, e.TRUE) == e.TRUE
    assert e.and_(x) == x and e.and_(e.TRUE, x, e.TRUE) == x and e.and_(e.FALSE) == e.FALSE
    assert e.and_(x, e.TRUE, y) == e.And((x, y)) and e.and_(x, e.FALSE) == e.And((x, e.FALSE))
    assert e.or_() == e.FALSE and e.or_(e.FALSE, e.FALSE) == e.FALSE
    assert e.or_(y) == y and e.or_(e.FALSE, y, e.FALSE) == y and e.or_(e.TRUE) == e.TRUE
    assert e.or_(x, e.FALSE, y) == e.Or((x, y)) and e.or_(x, e.TRUE) == e.Or((x, e.TRUE))


def test_quoting() -> None:
    assert ident('a"b') == '"a""b"'
    assert literal("O'Brien") == "'O''Brien'"
    assert literal(dt.date(2024, 1, 2)) == "DATE '2024-01-02'"
    assert literal(True) == "TRUE" and literal(None) == "NULL"
    with pytest.raises(ValueError):
        literal(float("nan"))
    assert duckdb.execute(f"SELECT {literal(chr(39) + '; DROP TABLE x; --')}").fetchone()[0] == "'; DROP TABLE x; --"


RELATED = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare:
    beskrivning: t
    villkor:
      relaterad: {entitet: aktualisering, datumfält: datum, från: %s, inom: {månader: 12}, riktning: %s, samma_värde: [huvudorsak], villkor: {fält: typ, är: anmälan}}
beräkning: {typ: andel}
"""


def test_related_window_direction_and_unknown_anchor() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")),
        "insats": [
            {"insats_id": "i1", "barn_id": "b1", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård", "start": "2023-06-01", "slut": "2024-03-31", "huvudorsak": "bevittnat_våld"},
            {"insats_id": "i2", "barn_id": "b2", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård", "start": "2023-06-01", "slut": "2024-03-31"},
        ],
        "aktualisering": [
            # b1: one anmälan exactly 12 months after (inside), one a day later (outside), one with another reason
            {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2025-03-31", "typ": "anmälan", "huvudorsak": "bevittnat_våld"},
            {"aktualisering_id": "a2", "barn_id": "b1", "datum": "2023-06-01", "typ": "anmälan", "huvudorsak": "bevittnat_våld"},
            {"aktualisering_id": "a3", "barn_id": "b2", "datum": "2024-05-01", "typ": "anmälan", "huvudorsak": "bevittnat_våld"},
        ],
    }
    after = row(run(indicator(RELATED % ("slut", "efter")), data(records)).table)
    # i2 has no huvudorsak, so "same reason" cannot be decided: täljarbortfall, not a miss.
    assert (after["nämnare"], after["täljare"], after["bortfall_täljare"]) == (1, 1, 1)
    before = row(run(indicator(RELATED % ("start", "före")), data(records)).table)
    assert before["täljare"] == 0  # a2 is on the anchor day itself: the window before is [start − 12 mån, start)


def test_related_exact_counts() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")),
        "insats": [
            {"insats_id": "i1", "barn_id": "b1", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård", "start": "2023-06-01", "slut": "2024-03-31", "huvudorsak": "bevittnat_våld"},
            {"insats_id": "i2", "barn_id": "b2", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård", "start": "2023-06-01", "slut": "2024-03-31"},
        ],
        "aktualisering": [
            {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2025-03-31", "typ": "anmälan", "huvudorsak": "bevittnat_våld"},
            {"aktualisering_id": "a4", "barn_id": "b1", "datum": "2025-04-01", "typ": "anmälan", "huvudorsak": "bevittnat_våld"},
        ],
    }
    total = row(run(indicator(RELATED % ("slut", "efter")), data(records)).table)
    # i2: missing huvudorsak makes the täljare unknown → täljarbortfall, left out of the nämnare.
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (1, 1, 1)
    records["aktualisering"] = records["aktualisering"][1:]  # only the one a day too late
    assert row(run(indicator(RELATED % ("slut", "efter")), data(records)).table)["täljare"] == 0


def test_an_unknown_kind_of_condition_is_refused_by_name() -> None:
    from suengine.casedata.datamodel import load_datamodel
    from suengine.engine.compile import ConditionCompiler
    from suengine.engine.fields import FieldResolver

    model = load_datamodel()
    compiler = ConditionCompiler(model, FieldResolver(model, "insats", "t"))
    with pytest.raises(TypeError, match=r"okänt villkor: 'inget villkor'"):
        compiler.compile("inget villkor")  # type: ignore[arg-type]
