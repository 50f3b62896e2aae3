"""Swedish personnummer and samordningsnummer: parse, normalise to 12 digits, check.

Why normalise: the same child appears as `20140101-1234` in one file, `140101-1234` in
another and `201401011234` in a third. Pseudonyms are computed from the 12-digit form, so
all three get the same barn_id.

Century for 10-digit numbers (SKV 704): the person was born in the latest century that puts
the birth date on or before the reference date (the delivery's uttagsdatum); a `+` separator
means 100 years or older, so one century earlier. Samordningsnummer have day + 60.
The check digit is the Luhn (mod 10) digit over the 10-digit form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from suengine.ingest.values import ValueProblem

_FORMAT = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})\s*([-+]?)\s*(\d{3})(\d)$")


def luhn_digit(nine_digits: str) -> int:
    """The check digit for YYMMDDNNN."""
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class Personnummer:
    digits: str  # 12 digits, YYYYMMDDNNNC; samordningsnummer keep their day + 60

    @property
    def is_coordination_number(self) -> bool:
        return int(self.digits[6:8]) > 60

    @property
    def birth_date(self) -> dt.date:
        day = int(self.digits[6:8])
        if day > 60:
            day -= 60
        return dt.date(int(self.digits[:4]), int(self.digits[4:6]), day)

    @property
    def sex(self) -> str:
        """The data model's kön: the second-to-last digit is odd for pojke, even for flicka."""
        return "pojke" if int(self.digits[10]) % 2 else "flicka"

    def formatted(self) -> str:
        return f"{self.digits[:8]}-{self.digits[8:]}"


def _birth(year: int, month: int, day: int) -> dt.date | None:
    if day > 60:
        day -= 60
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_personnummer(value: object, reference: dt.date) -> Personnummer:
    """Parse a personnummer or samordningsnummer; raise ValueProblem saying what is wrong.

    The message never repeats the number itself.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an XLSX cell holding 201401011234 as a number
    text = str(value).strip()
    if isinstance(value, int) and len(text) in (9, 11):
        text = text.zfill(len(text) + 1)  # a number cell lost the leading zero of 05… or 200…
    match = _FORMAT.match(text)
    if not match:
        raise ValueProblem("ogiltigt_personnummer", "personnumret har fel format (10 eller 12 siffror, ev. med - eller +)")
    century, yy, mm, dd, sep, serial, check = match.groups()
    month, day = int(mm), int(dd)
    if century is not None:
        year = int(century + yy)
        birth = _birth(year, month, day)
    else:
        year = reference.year // 100 * 100 + int(yy)
        birth = _birth(year, month, day)
        if birth is not None and birth > reference:
            year -= 100
            birth = _birth(year, month, day)
        if sep == "+":
            year -= 100
            birth = _birth(year, month, day)
    if birth is None:
        raise ValueProblem("ogiltigt_personnummer", "personnumret innehåller inget giltigt födelsedatum")
    if luhn_digit(yy + mm + dd + serial) != int(check):
        raise ValueProblem("ogiltigt_personnummer", "personnumrets kontrollsiffra stämmer inte")
    return Personnummer(f"{year:04d}{mm}{dd}{serial}{check}")


def make_personnummer(birth: dt.date, serial: int, coordination: bool = False) -> Personnummer:
    """Build a valid number (for fictional test and demo data)."""
    day = birth.day + (60 if coordination else 0)
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    return Personnummer(f"{birth.year:04d}{birth.month:02d}{day:02d}{serial:03d}{luhn_digit(nine)}")
