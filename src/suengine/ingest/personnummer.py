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
import unicodedata
from dataclasses import dataclass

import numpy as np

from suengine.ingest.values import ValueProblem, code_points, valid_date

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
    if not text.isascii():  # other scripts' digits (`١٢٠٣١٥-٢٣٨٢`) kept as ASCII: one child, one pseudonym
        text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
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
        raise ValueProblem("ogiltigt_personnummer", _BAD_DATE)
    if luhn_digit(yy + mm + dd + serial) != int(check):
        raise ValueProblem("ogiltigt_personnummer", _BAD_CHECK)
    return Personnummer(f"{year:04d}{mm}{dd}{serial}{check}")


def make_personnummer(birth: dt.date, serial: int, coordination: bool = False) -> Personnummer:
    """Build a valid number (for fictional test and demo data)."""
    day = birth.day + (60 if coordination else 0)
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    return Personnummer(f"{birth.year:04d}{birth.month:02d}{day:02d}{serial:03d}{luhn_digit(nine)}")


# Whole columns: the four shapes exports use (10 or 12 digits, with or without - or +) are
# checked with numpy; any other text goes through parse_personnummer, so results are the same.
_PNR_SHAPES = {  # length: (has century, position of the separator or None)
    10: (False, None),
    11: (False, 6),
    12: (True, None),
    13: (True, 8),
}
_BAD_DATE = "personnumret innehåller inget giltigt födelsedatum"
_BAD_CHECK = "personnumrets kontrollsiffra stämmer inte"


def _luhn_many(digits: np.ndarray) -> np.ndarray:
    """Luhn check digits for rows of nine digits (YYMMDDNNN)."""
    n = digits * np.array([2, 1, 2, 1, 2, 1, 2, 1, 2])
    return (10 - np.where(n > 9, n - 9, n).sum(axis=1) % 10) % 10


def _birth_ok(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(valid, month * 100 + day) as _birth: samordningsnummer have day + 60."""
    day = np.where(day > 60, day - 60, day)
    return valid_date(year, month, day), month * 100 + day


def parse_personnummer_texts(texts: list[str], reference: dt.date) -> list[str | ValueProblem]:
    """parse_personnummer for many texts at once: the 12 digits, or the ValueProblem it raises."""
    out: list[str | ValueProblem | None] = [None] * len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ref_year, ref_md = reference.year, reference.month * 100 + reference.day
    for length, (with_century, separator) in _PNR_SHAPES.items():
        rows = np.flatnonzero(lengths == length)
        if not rows.size:
            continue
        chosen = [texts[i] for i in rows.tolist()]
        points = code_points(chosen, length)
        digit_positions = [p for p in range(length) if p != separator]
        digits = points[:, digit_positions].astype(np.int64) - 48
        ok = ((digits >= 0) & (digits <= 9)).all(axis=1)
        sep = points[:, separator] if separator is not None else np.zeros(len(rows), np.uint32)
        if separator is not None:
            ok &= (sep == ord("-")) | (sep == ord("+"))
        digits = np.where(ok[:, None], digits, 0)
        ten = digits[:, 2:] if with_century else digits
        yy = ten[:, 0] * 10 + ten[:, 1]
        month, day = ten[:, 2] * 10 + ten[:, 3], ten[:, 4] * 10 + ten[:, 5]
        if with_century:
            year = digits[:, 0] * 1000 + digits[:, 1] * 100 + yy
            valid, md = _birth_ok(year, month, day)
        else:
            year = ref_year // 100 * 100 + yy
            valid, md = _birth_ok(year, month, day)
            later = valid & ((year > ref_year) | ((year == ref_year) & (md > ref_md)))
            year = np.where(later, year - 100, year)
            valid = np.where(later, _birth_ok(year, month, day)[0], valid)
            plus = sep == ord("+")
            year = np.where(plus, year - 100, year)
            valid = np.where(plus, _birth_ok(year, month, day)[0], valid)
        check = _luhn_many(ten[:, :9]) == ten[:, 9]
        for i, text, fits, born, right, y in zip(rows.tolist(), chosen, ok.tolist(), valid.tolist(), check.tolist(), year.tolist()):
            if not fits:
                continue
            if not born:
                out[i] = ValueProblem("ogiltigt_personnummer", _BAD_DATE)
            elif not right:
                out[i] = ValueProblem("ogiltigt_personnummer", _BAD_CHECK)
            else:
                out[i] = f"{y:04d}{text[-8:]}" if separator is None else f"{y:04d}{text[-9:-5]}{text[-4:]}"
    for i, value in enumerate(out):
        if value is None:
            try:
                out[i] = parse_personnummer(texts[i], reference).digits
            except ValueProblem as exc:
                out[i] = exc
    return out  # type: ignore[return-value]
