"""Cell values as Swedish exports write them: dates, numbers, ja/nej."""

from __future__ import annotations

import datetime as dt

import pytest

from suengine.ingest.values import ValueProblem, parse_bool, parse_date, parse_integer, parse_number

JAN31 = dt.date(2024, 1, 31)


@pytest.mark.parametrize(
    "text",
    ["2024-01-31", " 2024-01-31 ", "2024-01-31 10:15", "2024-01-31T10:15:00", "2024-01-31 10.15.59", "20240131",
     "31/1 2024", "31/01/2024", "31.01.2024", "45322", "45322,75", 45322, 45322.5, dt.datetime(2024, 1, 31, 14, 0), JAN31],
)
def test_accepted_date_formats(text: object) -> None:
    assert parse_date(text) == JAN31


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("2023-02-30", "inget giltigt datum"), ("01/31/2024", "inget giltigt datum"), ("24-01-31", "godkänt format"),
     ("31 jan 2024", "godkänt format"), ("123", "godkänt format"), ("99999", "Excel-datumnummer"), (True, "inget datum")],
)
def test_rejected_dates_say_why(text: object, fragment: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_date(text)
    assert caught.value.code == "ogiltigt_datum"
    assert fragment in caught.value.detail


@pytest.mark.parametrize(
    ("text", "number"),
    [("12,5", 12.5), ("1 234,50", 1234.5), ("1\u00a0234,50", 1234.5), ("1.234,50", 1234.5), ("1,234.50", 1234.5),
     ("1234.5", 1234.5), ("-3", -3.0), ("2 500 kr", 2500.0), ("1.234.567", 1234567.0), (7, 7.0), (2.25, 2.25), ("\u22122,5", -2.5)],
)
def test_numbers_with_decimal_comma(text: object, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["tolv", "1,2,3", "", "12 %", True])
def test_not_numbers(text: object) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_number(text)
    assert caught.value.code == "ogiltigt_tal"


def test_integers_must_be_whole() -> None:
    assert parse_integer("3,0") == 3
    with pytest.raises(ValueProblem, match="inget heltal"):
        parse_integer("2,5")


@pytest.mark.parametrize(("text", "value"), [("Ja", True), ("J", True), ("x", True), (1, True), ("nej", False), ("N", False), (False, False)])
def test_booleans(text: object, value: bool) -> None:
    assert parse_bool(text) is value


def test_bad_boolean() -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_bool("kanske")
    assert caught.value.code == "ogiltigt_ja_nej"
