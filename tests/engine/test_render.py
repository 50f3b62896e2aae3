"""Every node of the expression tree (`suengine.engine.expr`) rendered by `suengine.engine.sql.render`
and evaluated by DuckDB on literal operands: the value, and NULL wherever the node's docstring says so.

The expected values are worked out by hand from the node's meaning (SQL's three-valued logic,
calendar arithmetic), not read from the output.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import duckdb
import pytest

from suengine.engine import expr as e
from suengine.engine.sql import ident, literal, render

NULL = e.NULL
NULL_DATE = e.Cast(e.NULL, "date")  # a missing date, typed as the engine's date columns are


def _lit(value: object) -> e.Literal:
    return e.Literal(value)  # type: ignore[arg-type]


def _date(text: str) -> e.Literal:
    return e.Literal(dt.date.fromisoformat(text))


def _eval(node: e.Expr) -> object:
    return duckdb.execute(f"SELECT {render(node)}").fetchone()[0]


def _type(node: e.Expr) -> str:
    return duckdb.execute(f"SELECT typeof({render(node)})").fetchone()[0]


# ---------------------------------------------------------------- identifiers and literals


def test_identifiers_are_always_quoted() -> None:
    assert ident("a") == '"a"' and ident('a"b') == '"a""b"' and ident('""') == '""""""'
    assert ident(3) == '"3"'  # type: ignore[arg-type]
    assert render(e.Column(None, "kön")) == '"kön"'
    assert render(e.Column("t.barn", 'x"y')) == '"t.barn"."x""y"'
    # a quoted name is read back as the very same name
    con = duckdb.connect()
    con.execute(f'CREATE TABLE {ident("t.barn")} ({ident("x y")} INTEGER, {ident(chr(34))} INTEGER)')
    con.execute(f'INSERT INTO {ident("t.barn")} VALUES (1, 2)')
    assert con.execute(f'SELECT {render(e.Column("t.barn", "x y"))}, {render(e.Column("t.barn", chr(34)))} FROM {ident("t.barn")}').fetchone() == (1, 2)


@pytest.mark.parametrize(
    ("value", "text", "sql_type"),
    [
        (None, "NULL", '"NULL"'),  # DuckDB's name for the type of an untyped NULL
        (True, "TRUE", "BOOLEAN"),
        (False, "FALSE", "BOOLEAN"),
        (0, "0", "INTEGER"),
        (-12, "-12", "INTEGER"),
        # DuckDB reads a number with a point as an exact decimal, so 1000.49 is 1000.49 and not the float near it
        (2.5, "2.5", "DECIMAL"),
        (1000.49, "1000.49", "DECIMAL"),
        (-0.125, "-0.125", "DECIMAL"),
        (1e20, "1e+20", "DOUBLE"),
        (dt.date(2024, 2, 29), "DATE '2024-02-29'", "DATE"),
        (dt.datetime(2024, 2, 29, 23, 59), "DATE '2024-02-29'", "DATE"),  # a time is dropped: the date is what counts
        ("", "''", "VARCHAR"),
        ("bevittnat_våld", "'bevittnat_våld'", "VARCHAR"),
        ("O'Brien", "'O''Brien'", "VARCHAR"),
        ("''", "''''''", "VARCHAR"),
    ],
)
def test_literals_are_typed_and_escaped(value: e.LiteralValue, text: str, sql_type: str) -> None:
    assert literal(value) == text and render(e.Literal(value)) == text
    assert _type(e.Literal(value)).split("(")[0] == sql_type
    got = _eval(e.Literal(value))
    if isinstance(value, float):
        assert float(got) == value  # type: ignore[arg-type]
    elif value is not None and not isinstance(value, dt.datetime):
        assert got == value and type(got) is type(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_non_finite_number_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match="icke-ändligt tal i villkor"):
        literal(value)


def test_a_number_that_is_not_an_int_or_float_is_written_as_text() -> None:
    # Decimal is not among the literal types: it is quoted like any other text, never pasted in bare
    assert literal(Decimal("1.5")) == "'1.5'"  # type: ignore[arg-type]


# ---------------------------------------------------------------- comparisons and logic

TRUTH = [True, False, None]


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("=", (False, True, False)),
        ("<>", (True, False, True)),
        ("<", (True, False, False)),
        ("<=", (True, True, False)),
        (">", (False, False, True)),
        (">=", (False, True, True)),
    ],
)
def test_every_comparison_at_its_edge(op: str, expected: tuple[bool, bool, bool]) -> None:
    # 1, 2 and 3 compared with 2
    assert tuple(_eval(e.Compare(op, _lit(x), _lit(2))) for x in (1, 2, 3)) == expected
    assert _eval(e.Compare(op, NULL, _lit(2))) is None and _eval(e.Compare(op, _lit(2), NULL)) is None


def test_an_unknown_operator_is_refused() -> None:
    for op in ("==", "!=", "LIKE", "+"):  # the error names the operator
        with pytest.raises(ValueError, match=f"^{re.escape(op)}$"):
            render(e.Compare(op, _lit(1), _lit(2)))


def test_in_list_and_between() -> None:
    values = (_lit("a"), _lit("b"))
    assert [_eval(e.InList(_lit(x), values)) for x in ("a", "b", "c")] == [True, True, False]
    assert _eval(e.InList(NULL, values)) is None
    assert _eval(e.InList(_lit("a"), (_lit("a"),))) is True
    # both ends are inside
    assert [_eval(e.Between(_lit(x), _lit(2), _lit(4))) for x in (1, 2, 3, 4, 5)] == [False, True, True, True, False]
    assert _eval(e.Between(NULL, _lit(2), _lit(4))) is None


def test_null_tests_are_never_unknown() -> None:
    assert [_eval(e.IsNull(x)) for x in (NULL, _lit(0), _lit(""), _lit(False))] == [True, False, False, False]
    assert [_eval(e.IsNotNull(x)) for x in (NULL, _lit(0), _lit(""), _lit(False))] == [False, True, True, True]


def _kleene_and(values: list[bool | None]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _kleene_or(values: list[bool | None]) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


@pytest.mark.parametrize("a", TRUTH)
@pytest.mark.parametrize("b", TRUTH)
@pytest.mark.parametrize("c", TRUTH)
def test_and_or_not_are_kleene(a: bool | None, b: bool | None, c: bool | None) -> None:
    operands = tuple(_lit(v) for v in (a, b, c))
    assert _eval(e.And(operands)) is _kleene_and([a, b, c])
    assert _eval(e.Or(operands)) is _kleene_or([a, b, c])
    assert _eval(e.And(operands[:2])) is _kleene_and([a, b]) and _eval(e.Or(operands[:2])) is _kleene_or([a, b])
    assert _eval(e.Not(operands[0])) is (None if a is None else not a)
    # the rendered operands stay grouped inside a larger expression
    assert _eval(e.Not(e.And(operands[:2]))) is (None if _kleene_and([a, b]) is None else not _kleene_and([a, b]))
    assert _eval(e.And((e.Or(operands[:2]), e.Not(operands[2])))) is _kleene_and(
        [_kleene_or([a, b]), None if c is None else not c]
    )


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        ("2024-01-31", 1, "month", "2024-02-29"),  # clamped to the month's last day
        ("2024-01-31", 4, "month", "2024-05-31"),
        ("2024-03-31", -1, "month", "2024-02-29"),
        ("2023-12-15", 2, "month", "2024-02-15"),
        ("2024-02-28", 1, "day", "2024-02-29"),
        ("2024-03-01", -1, "day", "2024-02-29"),
        ("2024-12-31", 0, "day", "2024-12-31"),
    ],
)
def test_adding_months_and_days(start: str, amount: int, unit: str, expected: str) -> None:
    got = _eval(e.AddInterval(_date(start), amount, unit))
    assert (got.date() if isinstance(got, dt.datetime) else got) == dt.date.fromisoformat(expected)
    assert _eval(e.AddInterval(NULL_DATE, amount, unit)) is None


def test_an_unknown_interval_unit_is_refused() -> None:
    with pytest.raises(KeyError):
        render(e.AddInterval(_date("2024-01-01"), 1, "year"))


def test_days_between_counts_from_start_to_end() -> None:
    assert _eval(e.DaysBetween(_date("2024-02-28"), _date("2024-03-01"))) == 2  # leap day in between
    assert _eval(e.DaysBetween(_date("2024-03-01"), _date("2024-02-28"))) == -2
    assert _eval(e.DaysBetween(_date("2024-03-01"), _date("2024-03-01"))) == 0
    assert _eval(e.DaysBetween(NULL_DATE, _date("2024-03-01"))) is None


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2024-01-31", "2024-05-31", 4),
        ("2024-01-31", "2024-05-30", 3),
        ("2024-01-31", "2024-02-29", 1),  # 31 Jan + 1 month is 29 Feb
        ("2024-01-15", "2024-01-14", -1),
        ("2024-01-15", "2024-01-15", 0),
        ("2023-11-20", "2024-02-19", 2),  # across a year
        ("2023-11-20", "2024-02-20", 3),
        ("2022-06-01", "2024-06-01", 24),
    ],
)
def test_whole_calendar_months_between(start: str, end: str, months: int) -> None:
    assert _eval(e.MonthsBetween(_date(start), _date(end))) == months


@pytest.mark.parametrize(
    ("birth", "at", "age"),
    [
        ("2010-06-15", "2024-06-14", 13),  # same month, day before the birthday
        ("2010-06-15", "2024-06-15", 14),  # the birthday
        ("2010-06-15", "2024-06-16", 14),
        ("2010-06-15", "2024-05-20", 13),  # a month before, a later day
        ("2010-06-15", "2024-07-01", 14),  # a month after, an earlier day
        ("2010-12-31", "2024-01-01", 13),
        ("2010-01-01", "2024-12-31", 14),
    ],
)
def test_age_in_whole_years_at_every_side_of_the_birthday(birth: str, at: str, age: int) -> None:
    assert _eval(e.AgeYears(_date(birth), _date(at))) == age
    assert _eval(e.AgeYears(NULL_DATE, _date(at))) is None and _eval(e.AgeYears(_date(birth), NULL_DATE)) is None


def test_date_parts() -> None:
    day = _date("2024-02-29")
    assert [_eval(e.DatePart(p, day)) for p in ("year", "month", "day")] == [2024, 2, 29]
    assert _eval(e.DatePart("month", NULL_DATE)) is None
    with pytest.raises(ValueError, match="^week$"):
        render(e.DatePart("week", day))


# ---------------------------------------------------------------- numbers, CASE, NULL handling


@pytest.mark.parametrize(("op", "expected"), [("+", 9), ("-", 5), ("*", 14), ("/", 3.5), ("//", 3)])
def test_arithmetic(op: str, expected: float) -> None:
    assert _eval(e.Arithmetic(op, _lit(7), _lit(2))) == expected
    assert _eval(e.Arithmetic(op, _lit(7), NULL)) is None
    # nested: grouping is kept (7 - (3 - 1) is 5, not 3)
    assert _eval(e.Arithmetic("-", _lit(7), e.Arithmetic(op, _lit(3), _lit(1)))) == 7 - {"+": 4, "-": 2, "*": 3, "/": 3, "//": 3}[op]


def test_an_unknown_arithmetic_operator_is_refused() -> None:
    for op in ("%", "**", "="):
        with pytest.raises(ValueError, match=f"^{re.escape(op)}$"):
            render(e.Arithmetic(op, _lit(1), _lit(2)))


def test_case_takes_the_first_true_branch() -> None:
    def case(*conditions: bool | None) -> object:
        branches = tuple((_lit(c), _lit(f"b{i}")) for i, c in enumerate(conditions))
        return _eval(e.Case(branches, _lit("annars")))

    assert case(True, True) == "b0"
    assert case(False, True) == "b1"
    assert case(None, True) == "b1"  # an unknown condition is not true
    assert case(False, None) == "annars"
    assert case(False) == "annars"
    assert _eval(e.Case(((_lit(False), _lit(1)),), NULL)) is None


@pytest.mark.parametrize(
    ("values", "greatest", "least"),
    [
        ((1, 3, 2), 3, 1),
        ((5,), 5, 5),
        ((2, 2), 2, 2),
        ((1, None, 3), None, None),  # unlike SQL's greatest/least, NULL when any operand is
        ((None, 1), None, None),
        ((None,), None, None),
    ],
)
def test_greatest_and_least_are_null_when_any_operand_is(values: tuple, greatest: int | None, least: int | None) -> None:
    operands = tuple(_lit(v) for v in values)
    assert _eval(e.Greatest(operands)) == greatest and _eval(e.Least(operands)) == least


def test_greatest_and_least_of_dates() -> None:
    days = (_date("2024-03-01"), _date("2024-01-31"))
    assert _eval(e.Greatest(days)) == dt.date(2024, 3, 1) and _eval(e.Least(days)) == dt.date(2024, 1, 31)


def test_coalesce_takes_the_first_known_operand() -> None:
    assert _eval(e.Coalesce((NULL, _lit(2), _lit(3)))) == 2
    assert _eval(e.Coalesce((_lit(1), _lit(2)))) == 1
    assert _eval(e.Coalesce((NULL, NULL))) is None


@pytest.mark.parametrize(
    ("value", "kind", "expected", "sql_type"),
    [
        (12, "text", "12", "VARCHAR"),
        (True, "text", "true", "VARCHAR"),
        ("12", "int", 12, "BIGINT"),
        (3, "float", 3.0, "DOUBLE"),
        ("2024-02-29", "date", dt.date(2024, 2, 29), "DATE"),
        (1000.5, "decimal", Decimal("1000.500000"), "DECIMAL(18,6)"),
        ("1000.49", "decimal", Decimal("1000.490000"), "DECIMAL(18,6)"),
    ],
)
def test_casts(value: object, kind: str, expected: object, sql_type: str) -> None:
    node = e.Cast(_lit(value), kind)
    assert _eval(node) == expected and _type(node) == sql_type
    assert _eval(e.Cast(NULL, kind)) is None


def test_an_unknown_cast_type_is_refused() -> None:
    with pytest.raises(KeyError):
        render(e.Cast(_lit(1), "money"))


# ---------------------------------------------------------------- searches


def test_exists_over_a_source_with_its_joins() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE insats AS SELECT * FROM (VALUES ('i1', 'u1'), ('i2', NULL)) AS v(insats_id, utredning_id)")
    con.execute("CREATE TABLE utredning AS SELECT * FROM (VALUES ('u1', 'missbruk')) AS v(utredning_id, huvudorsak)")
    source = e.Source("insats", "r", (e.Join("utredning", "r.utredning", "r", "utredning_id", "utredning_id"),))

    def exists(where: e.Expr) -> bool:
        return con.execute(f"SELECT {render(e.Exists(source, where))}").fetchone()[0]

    assert exists(e.Compare("=", e.Column("r.utredning", "huvudorsak"), _lit("missbruk"))) is True
    assert exists(e.Compare("=", e.Column("r.utredning", "huvudorsak"), _lit("annat"))) is False
    # the LEFT JOIN keeps i2, whose utredning is missing
    assert exists(e.And((e.Compare("=", e.Column("r", "insats_id"), _lit("i2")), e.IsNull(e.Column("r.utredning", "huvudorsak"))))) is True
    # never unknown: a condition that is unknown on every row is no match
    assert exists(e.Compare("=", e.Column("r.utredning", "huvudorsak"), NULL)) is False


def test_an_unknown_node_is_refused() -> None:
    with pytest.raises(TypeError, match="okänd nod"):
        render(e.Source("insats", "r"))  # type: ignore[arg-type]
