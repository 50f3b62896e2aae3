"""Personnummer: formats, century, samordningsnummer, check digit, kön and födelsedatum."""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import pnr

from suengine.ingest.personnummer import luhn_digit, make_personnummer, parse_personnummer, parse_personnummer_texts
from suengine.ingest.values import ValueProblem

REF = dt.date(2026, 1, 31)
NUMBER = pnr(2014, 3, 1)  # 12 digits


@pytest.mark.parametrize(
    "written",
    [NUMBER, f"{NUMBER[:8]}-{NUMBER[8:]}", f"{NUMBER[2:8]}-{NUMBER[8:]}", NUMBER[2:], f" {NUMBER[2:8]} {NUMBER[8:]} ", int(NUMBER), float(NUMBER)],
)
def test_all_spellings_normalise_to_twelve_digits(written: object) -> None:
    assert parse_personnummer(written, REF).digits == NUMBER


def test_century_from_extraction_date() -> None:
    late_1900s = make_personnummer(dt.date(1930, 6, 1), 0).digits
    assert parse_personnummer(late_1900s[2:], REF).digits == late_1900s
    # born later in the year than the extraction date → the previous century
    june_1926 = make_personnummer(dt.date(1926, 6, 1), 0).digits
    assert parse_personnummer(june_1926[2:], REF).digits == june_1926
    this_year = make_personnummer(dt.date(2026, 1, 2), 0).digits
    assert parse_personnummer(this_year[2:], REF).digits == this_year


def test_plus_means_a_hundred_years_or_more() -> None:
    old = make_personnummer(dt.date(1920, 5, 5), 0).digits
    assert parse_personnummer(f"{old[2:8]}+{old[8:]}", REF).digits == old
    assert parse_personnummer(f"{old[2:8]}-{old[8:]}", REF).digits == "20" + old[2:]


def test_samordningsnummer_keeps_its_day_and_gives_the_real_birth_date() -> None:
    number = pnr(2019, 11, 30, coordination=True)
    parsed = parse_personnummer(number[2:], REF)
    assert parsed.digits == number and number[6:8] == "90"
    assert parsed.is_coordination_number
    assert parsed.birth_date == dt.date(2019, 11, 30)


def test_kon_from_second_to_last_digit() -> None:
    girl = make_personnummer(dt.date(2012, 2, 2), 2)  # födelsenummer 002: even
    boy = make_personnummer(dt.date(2012, 2, 2), 3)  # 003: odd
    assert parse_personnummer(girl.digits, REF).sex == "flicka"
    assert parse_personnummer(boy.digits, REF).sex == "pojke"


def test_luhn() -> None:
    # the textbook example from Skatteverket's leaflet SKV 704: 640823-323 → check digit 4
    assert luhn_digit("640823323") == 4
    assert parse_personnummer(NUMBER, REF).digits[-1] == str(luhn_digit(NUMBER[2:11]))


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        (NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10), "kontrollsiffra"),
        ("20140230-0000", "giltigt födelsedatum"),
        ("201413010000", "giltigt födelsedatum"),
        ("1403010", "fel format"),
        ("ÅÅÅÅMMDD-XXXX", "fel format"),
        ("2014-03-01", "fel format"),
    ],
)
def test_invalid_numbers_say_why_without_repeating_the_number(written: str, fragment: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_personnummer(written, REF)
    assert caught.value.code == "ogiltigt_personnummer"
    assert fragment in caught.value.detail
    assert written[:6] not in caught.value.detail


def test_number_cells_that_lost_a_leading_zero() -> None:
    born_2005 = pnr(2005, 1, 1)
    assert parse_personnummer(int(born_2005[2:]), REF).digits == born_2005  # 0501010000 → 501010000


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("script", [ARABIC_INDIC, FULL_WIDTH])
def test_digits_of_other_scripts_give_the_same_twelve_ascii_digits(script: dict) -> None:
    """The same child written in another script's digits gets the same number, so the same pseudonym
    (the digits were kept as written: `2014٠٣٠١…` and `20140301…` were two children)."""
    for written in (NUMBER, f"{NUMBER[2:8]}-{NUMBER[8:]}", f"{NUMBER[:8]}-{NUMBER[8:]}"):
        assert parse_personnummer(written.translate(script), REF).digits == NUMBER
    assert parse_personnummer_texts([NUMBER[2:].translate(script), NUMBER[2:]], REF) == [NUMBER, NUMBER]
    assert parse_personnummer(f"{NUMBER[:4]}{NUMBER[4:].translate(script)}", REF).digits == NUMBER  # mixed
