"""Reporting periods: calendar years, tertials and quarters, their labels and their order.

A period is identified in SQL by an integer code (year for `år`, year*10 + n for tertial
and kvartal) because comparing integers is cheaper than building labels for millions of
rows; labels (`2024`, `2024-T1`, `2024-K3`) are made only for the result rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from suengine.errors import SuengineError

PERIOD_TYPES = {"år": 1, "tertial": 3, "kvartal": 4}
_SUFFIX = {"tertial": "T", "kvartal": "K"}
MONTHS_PER_PART = {"tertial": 4, "kvartal": 3}
_LABEL = re.compile(r"^(\d{4})(?:-([TK])([1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    part: int = 0  # 0 for a whole year, else tertial 1–3 or quarter 1–4
    kind: str = "år"

    @property
    def code(self) -> int:
        return self.year if self.kind == "år" else self.year * 10 + self.part

    @property
    def label(self) -> str:
        return str(self.year) if self.kind == "år" else f"{self.year}-{_SUFFIX[self.kind]}{self.part}"

    @property
    def start(self) -> dt.date:
        if self.kind == "år":
            return dt.date(self.year, 1, 1)
        return dt.date(self.year, (self.part - 1) * MONTHS_PER_PART[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == "år":
            return dt.date(self.year, 12, 31)
        month = self.part * MONTHS_PER_PART[self.kind] + 1
        first_after = dt.date(self.year + 1, 1, 1) if month > 12 else dt.date(self.year, month, 1)
        return first_after - dt.timedelta(days=1)

    def previous(self) -> Period:
        if self.kind == "år":
            return Period(self.year - 1)
        if self.part > 1:
            return Period(self.year, self.part - 1, self.kind)
        return Period(self.year - 1, PERIOD_TYPES[self.kind], self.kind)


def periods_for_years(years: list[int] | tuple[int, ...], kind: str) -> list[Period]:
    """All periods of `kind` in the given calendar years, in order."""
    if kind not in PERIOD_TYPES:
        raise SuengineError(f"okänd periodtyp '{kind}' (tillåtna: {', '.join(PERIOD_TYPES)})")
    if kind == "år":
        return [Period(y) for y in sorted(set(years))]
    return [Period(y, p, kind) for y in sorted(set(years)) for p in range(1, PERIOD_TYPES[kind] + 1)]


def parse_period(label: str, kind: str = "år") -> Period:
    """`2024` / `2024-T1` / `2024-K3` → Period (a bare year is the calendar-year period)."""
    match = _LABEL.match(str(label).strip())
    if not match:
        raise SuengineError(f"ogiltig period '{label}' (skriv t.ex. 2024, 2024-T1 eller 2024-K3)")
    year, letter, part = match.groups()
    if letter is None:
        return Period(int(year))
    found = "tertial" if letter == "T" else "kvartal"
    if found == "tertial" and int(part) > 3:
        raise SuengineError(f"ogiltig tertial '{label}'")
    return Period(int(year), int(part), found)


def parse_years(text: str) -> list[int]:
    """`2021-2025`, `2024` or `2021,2023` → list of years."""
    years: list[int] = []
    for chunk in str(text).replace(" ", "").split(","):
        if not chunk:
            continue
        match = re.match(r"^(\d{4})(?:[-–](\d{4}))?$", chunk)
        if not match:
            raise SuengineError(f"ogiltigt år '{chunk}' (skriv t.ex. 2024 eller 2021-2025)")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise SuengineError(f"ogiltigt intervall '{chunk}': slutåret är före startåret")
        years.extend(range(first, last + 1))
    if not years:
        raise SuengineError("inga år angivna")
    return sorted(set(years))
