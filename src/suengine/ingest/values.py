"""Parse single cell values the way Swedish exports write them.

Accepted date formats (day always before month; month-first US dates are never accepted,
so no date is ever guessed):

| format            | example              | note |
|-------------------|----------------------|------|
| ÅÅÅÅ-MM-DD        | 2024-01-31           | ISO; a time after it is ignored (`2024-01-31 10:15`, `2024-01-31T10:15:00`) |
| ÅÅÅÅMMDD          | 20240131             | compact, as in many Treserva reports |
| D/M ÅÅÅÅ          | 31/1 2024            | Swedish written form |
| DD/MM/ÅÅÅÅ        | 31/01/2024           | |
| DD.MM.ÅÅÅÅ        | 31.01.2024           | |
| Excel serial      | 45322 (or 45322,5)   | days since 1899-12-30, as an unformatted Excel cell shows |

Numbers: decimal comma or point, spaces (also non-breaking) as thousands separators, an
optional trailing `kr`/`SEK`. A comma is always the decimal sign (Swedish), a point is the
decimal sign unless there are several or a comma follows.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials outside 1910–2099 are far more likely to be a typo or a count than a date.
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 3653, 73050

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.]|\s+)(\d{4})$")
_SERIAL = re.compile(r"^\d{4,5}(?:[.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_CURRENCY = re.compile(r"(?:kr|sek|:-)\.?$", re.IGNORECASE)

TRUE_WORDS = frozenset({"ja", "j", "true", "sant", "1", "x", "yes"})
FALSE_WORDS = frozenset({"nej", "n", "false", "falskt", "0", "no"})


class ValueProblem(ValueError):
    """A value that cannot be parsed; `code` is a reason code of `problems.REASONS`."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("ogiltigt_datum", f"'{text}' är inget giltigt datum") from None


def _from_serial(serial: float, text: str) -> dt.date:
    if not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX:
        raise ValueProblem("ogiltigt_datum", f"'{text}' är inget datum (Excel-datumnummer utanför 1910–2099)")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object) -> dt.date:
    """A date from a CSV text or an XLSX cell (datetime, or a number = Excel serial)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem("ogiltigt_datum", f"'{value}' är inget datum")
    if isinstance(value, (int, float)):
        return _from_serial(float(value), str(value))
    text = str(value).strip()
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_DAY_FIRST, "dmy")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            return _date(a, b, c, text) if order == "ymd" else _date(c, b, a, text)
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")), text)
    raise ValueProblem(
        "ogiltigt_datum", f"'{text}' är inget datum i ett godkänt format (t.ex. 2024-01-31, 20240131 eller 31/1 2024)"
    )


def parse_number(value: object) -> float:
    """A number from a CSV text (decimal comma, thousands spaces) or an XLSX cell."""
    if isinstance(value, bool):
        raise ValueProblem("ogiltigt_tal", f"'{value}' är inget tal")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem("ogiltigt_tal", f"'{value}' är inget tal")
        return float(value)
    text = _CURRENCY.sub("", _SPACES.sub("", str(value)))
    if text.count(",") == 1 and "." in text and text.rfind(".") < text.rfind(","):
        text = text.replace(".", "")  # 1.234,50
    if text.count(".") > 1 and "," not in text:
        text = text.replace(".", "")  # 1.234.567
    if "," in text and "." in text and text.rfind(",") < text.rfind("."):
        text = text.replace(",", "")  # 1,234.50
    text = text.replace(",", ".").replace("\u2212", "-")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueProblem("ogiltigt_tal", f"'{value}' är inget tal")
    return float(text)


def parse_integer(value: object) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise ValueProblem("ogiltigt_tal", f"'{value}' är inget heltal")
    return int(number)


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueProblem("ogiltigt_ja_nej", f"'{value}' är varken ja eller nej")


def cell_text(value: object) -> str:
    """A cell as text: Excel numbers that are whole become '12', not '12.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


# Whole columns: the shapes that make up nearly every delivered date are checked with numpy;
# any other text goes through parse_date, so the result is always parse_date's.
_DIGIT = np.arange(48, 58)
_DATE_SHAPES = {  # length: (positions of the digits of year, month, day; position → allowed separators)
    8: ((0, 1, 2, 3), (4, 5), (6, 7), {}),
    10: ((0, 1, 2, 3), (5, 6), (8, 9), {4: "-", 7: "-"}),
    16: ((0, 1, 2, 3), (5, 6), (8, 9), {4: "-", 7: "-", 10: " T", 13: ":.", 11: "d", 12: "d", 14: "d", 15: "d"}),
    19: ((0, 1, 2, 3), (5, 6), (8, 9), {4: "-", 7: "-", 10: " T", 13: ":.", 16: ":.", 11: "d", 12: "d", 14: "d", 15: "d",
                                          17: "d", 18: "d"}),
}


def _number_at(points: np.ndarray, positions: tuple[int, ...]) -> np.ndarray:
    value = np.zeros(len(points), dtype=np.int64)
    for p in positions:
        value = value * 10 + points[:, p].astype(np.int64) - 48
    return value


def days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    table = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return table[np.clip(month, 0, 12)] + ((month == 2) & leap)


def valid_date(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whether dt.date(year, month, day) exists."""
    return (year >= dt.MINYEAR) & (year <= dt.MAXYEAR) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month(year, month))


def dates_from_parts(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> list[dt.date]:
    """dt.date objects for valid (year, month, day) arrays, built by numpy."""
    months = (year - 1970) * 12 + (month - 1)
    return (months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)).astype(object).tolist()


def code_points(texts: list[str], length: int) -> np.ndarray:
    """(rows × length) Unicode code points of texts that all have `length` characters."""
    return np.array(texts, dtype=f"<U{length}").view(np.uint32).reshape(len(texts), length) if texts else np.zeros((0, length), np.uint32)


def parse_dates(texts: list[str]) -> list[dt.date | ValueProblem]:
    """parse_date for many texts at once: a date, or the ValueProblem parse_date raises."""
    out: list[dt.date | ValueProblem | None] = [None] * len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    for length, (y, m, d, fixed) in _DATE_SHAPES.items():
        rows = np.flatnonzero(lengths == length)
        if not rows.size:
            continue
        points = code_points([texts[i] for i in rows.tolist()], length)
        ok = np.ones(len(rows), dtype=bool)
        for p in (*y, *m, *d):
            ok &= np.isin(points[:, p], _DIGIT)
        for p, allowed in fixed.items():
            ok &= np.isin(points[:, p], _DIGIT if allowed == "d" else [ord(c) for c in allowed])
        year, month, day = _number_at(points, y), _number_at(points, m), _number_at(points, d)
        ok &= valid_date(year, month, day)
        good = rows[ok]
        for i, value in zip(good.tolist(), dates_from_parts(year[ok], month[ok], day[ok])):
            out[i] = value
    for i, value in enumerate(out):
        if value is None:
            try:
                out[i] = parse_date(texts[i])
            except ValueProblem as exc:
                out[i] = exc
    return out  # type: ignore[return-value]
