"""The simulated children: fictional personnummer (födelsenummer 000), birth days, day-number calendar.

Personnummer with födelsenummer 000 are never assigned by Skatteverket, so no generated number
can belong to a real person. That leaves one number per birth day (two with samordningsnummer),
about 19 000 for children aged 0–20 in 2020–2025. A new child takes the number of a free birth
day within its drawn age, else the other kind (samordningsnummer or the reverse), else the
nearest free day; when none is left, the child *is* the child who already has the number of its
birth day. So the number of distinct children stops growing at about 19 000: at mölndal scale
every child is still distinct, at stockholm and riket scale children have more aktualiseringar
each than in reality, while every share per aktualisering, utredning and insats stays as drawn.

Dates are day numbers since 1970-01-01 (int64); MISSING means "no date".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

EPOCH = dt.date(1970, 1, 1)
MISSING = -(10**6)  # a day number meaning "no date"


def day(date: dt.date) -> int:
    return (date - EPOCH).days


EXTRACTION = dt.date(2026, 1, 31)
PERIOD_END = dt.date(2025, 12, 31)
HISTORY_START = dt.date(2020, 7, 1)
YEARS = (2021, 2022, 2023, 2024, 2025)
EXTRACTION_DAY, PERIOD_END_DAY, HISTORY_DAY = day(EXTRACTION), day(PERIOD_END), day(HISTORY_START)
FIRST_BIRTH_DAY = day(dt.date(1998, 1, 1))  # oldest child: 20 years at the first history aktualisering
LAST_DAY = day(dt.date(2040, 1, 1))


def _calendar() -> tuple[np.ndarray, np.ndarray]:
    d = np.arange(0, LAST_DAY).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    return year, month * 100 + (d - months).astype(np.int64) + 1


YEAR_OF, MONTH_DAY_OF = _calendar()  # per day number 1970–2039: year, and month * 100 + day


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return YEAR_OF[days], MONTH_DAY_OF[days]


def age(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    by, bmd = ymd(birth)
    oy, omd = ymd(on)
    return oy - by - (omd < bmd)


def _birth(rng: np.random.Generator, on: np.ndarray, years: np.ndarray) -> np.ndarray:
    return on - ((years + rng.random(len(on))) * 365.2425).astype(np.int64)


class Numbers:
    """The fictional personnummer: one slot per birth day and kind (personnummer / samordningsnummer)."""

    def __init__(self) -> None:
        self.owner = np.full((EXTRACTION_DAY - FIRST_BIRTH_DAY + 1) * 2, -1, dtype=np.int64)

    @staticmethod
    def slot(birth: np.ndarray, coordination: np.ndarray) -> np.ndarray:
        return (birth - FIRST_BIRTH_DAY) * 2 + coordination

    def free_birth_days(self) -> np.ndarray:
        """Birth days whose (ordinary) personnummer no child has."""
        return np.flatnonzero(self.owner[0::2] < 0) + FIRST_BIRTH_DAY

    def assign(self, rng: np.random.Generator, on: np.ndarray, years: np.ndarray, coordination: np.ndarray,
               first_child: int) -> tuple[np.ndarray, np.ndarray]:
        """(slot, birth day) per new child, in the given (chronological) order: up to 60 draws of a
        free birth day within the drawn age, then 60 of the other kind, then the nearest free day
        of either kind that keeps the child 0–20 years old, else the slot of the last draw."""
        birth = _birth(rng, on, years)
        kind = coordination.copy()
        slots = np.full(len(on), -1, dtype=np.int64)
        left = self._draws(rng, np.arange(len(on)), on, years, birth, kind, slots, first_child)
        kind[left] = 1 - kind[left]
        left = self._draws(rng, left, on, years, birth, kind, slots, first_child)
        for _ in (0, 1):
            kind[left] = 1 - kind[left]
            left = self._nearest(left, on, birth, kind, slots, first_child)
        slots[left] = self.slot(birth[left], kind[left])
        return slots, birth

    def _draws(self, rng: np.random.Generator, left: np.ndarray, on: np.ndarray, years: np.ndarray, birth: np.ndarray,
               kind: np.ndarray, slots: np.ndarray, first_child: int) -> np.ndarray:
        for attempt in range(60):
            if attempt:
                fresh = _birth(rng, on[left], years[left])
                fits = age(fresh, on[left]) == years[left]
                birth[left[fits]] = fresh[fits]
            won = self._claim(left, self.slot(birth[left], kind[left]), slots, first_child)
            left = left[slots[left] < 0]
            if not left.size or not won:
                break
        return left

    def _nearest(self, left: np.ndarray, on: np.ndarray, birth: np.ndarray, kind: np.ndarray, slots: np.ndarray,
                 first_child: int) -> np.ndarray:
        while left.size:
            wanted = np.full(len(left), -1, dtype=np.int64)
            for k in (0, 1):
                rows = np.flatnonzero(kind[left] == k)
                free_days = np.flatnonzero(self.owner[k::2] < 0) + FIRST_BIRTH_DAY
                if not rows.size or not free_days.size:
                    continue
                b, when = birth[left[rows]], on[left[rows]]
                pos = np.searchsorted(free_days, b)
                later = free_days[np.minimum(pos, len(free_days) - 1)]
                earlier = free_days[np.maximum(pos - 1, 0)]
                later_ok = (pos < len(free_days)) & (later <= when)
                earlier_ok = (pos > 0) & (age(earlier, when) <= 20)
                take_later = later_ok & (~earlier_ok | (later - b <= b - earlier))
                chosen = np.where(take_later, later, np.where(earlier_ok, earlier, -1))
                wanted[rows] = np.where(chosen >= 0, self.slot(chosen, k), -1)
            hopeless = wanted < 0
            if not self._claim(left[~hopeless], wanted[~hopeless], slots, first_child):
                break
            won = slots[left] >= 0
            birth[left[won]] = slots[left[won]] // 2 + FIRST_BIRTH_DAY
            left = left[~won & ~hopeless]
        return np.flatnonzero(slots < 0)

    def _claim(self, rows: np.ndarray, wanted: np.ndarray, slots: np.ndarray, first_child: int) -> int:
        """Give each free wanted slot to the first row that wants it; the number of winners."""
        free = self.owner[wanted] < 0
        unique, first = np.unique(wanted[free], return_index=True)
        winners = rows[free][first]
        self.owner[unique] = first_child + winners
        slots[winners] = unique
        return len(winners)


@dataclass
class Children:
    """Simulated children; `slot` is the personnummer each one has (shared once numbers run out)."""

    slot: np.ndarray
    birth: np.ndarray
    created: np.ndarray
    girl: np.ndarray


AGE_WEIGHTS = [5, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 8, 10, 11, 11, 9, 2, 1, 1]  # ages 0–20 at the first aktualisering


def new_children(rng: np.random.Generator, numbers: Numbers, on: np.ndarray, first_child: int) -> Children:
    n = len(on)
    weights = np.array(AGE_WEIGHTS, dtype=float)
    years = rng.choice(len(weights), size=n, p=weights / weights.sum())
    coordination = (rng.random(n) < 0.02).astype(np.int64)
    slots, birth = numbers.assign(rng, on, years, coordination, first_child)
    return Children(slots, birth, on.copy(), rng.random(n) < 0.47)


def concat(parts: list[Children]) -> Children:
    return Children(*(np.concatenate([getattr(p, name) for p in parts]) for name in Children.__dataclass_fields__))
