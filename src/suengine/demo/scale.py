"""Larger fictional deliveries for benchmarks: the demo's case flow, vectorised with numpy.

    python -m suengine.demo.delivery ut/molndal --skala mölndal
    python -m suengine.demo.delivery ut/riket --skala riket

`demo_cases` simulates Exempelby one case at a time, which is fine for 8 000 aktualiseringar
but not for the two million of a national delivery. This module draws the same case flow a
whole generation at a time: every aktualisering of the period first, then the
återaktualiseringar their insatser lead to, and so on until no new ones fall in the period.
Probabilities, durations, codes, missing shares and file formats are those of `demo_cases` and
`demo_delivery`; only the volumes differ (SCALES), calibrated to the seeds' Mölndal (≈ 2 800
aktualiseringar, 870 utredningar and 220 new insatser a year, which takes fewer utredningar per
aktualisering and fewer granted insatser per utredning than Exempelby) and multiplied for
Stockholm and the whole country. The planted bad rows are the demo's, one of each, at every scale.

Personnummer follow the demo's scheme: födelsenummer 000, which Skatteverket never assigns, so
no number can belong to a real person. That leaves one number per birth day (two with
samordningsnummer), about 19 000 for children aged 0–20 in 2020–2025. A new child takes the
number of a free birth day within its drawn age (as the demo does), else a samordningsnummer,
else the nearest free day; when none is left, the child *is* the child who already has the
number of its birth day. So the number of distinct children stops growing at about 19 000: at
mölndal scale every child is still distinct (28 % with samordningsnummer instead of 2 %), at
stockholm and riket scale children have more aktualiseringar each than in reality, while ages
(but for the children moved to the nearest free day) and every share per aktualisering,
utredning and insats stay as drawn.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from suengine.demo.cases import (
    AGE_WEIGHTS,
    ANMALARE,
    DAILY_COST,
    DURATION,
    EXTRACTION,
    HISTORY_START,
    ORSAK,
    PERIOD_END,
    PLACEMENTS,
    TEEN_TROUBLE,
    VIOLENCE,
    YEARS,
)
from suengine.demo.tables import NAMES, QUESTIONS
from suengine.ingest.personnummer import make_personnummer

EPOCH = dt.date(1970, 1, 1)


def _day(date: dt.date) -> int:
    return (date - EPOCH).days


EXTRACTION_DAY, PERIOD_END_DAY, HISTORY_DAY = _day(EXTRACTION), _day(PERIOD_END), _day(HISTORY_START)
FIRST_BIRTH_DAY = _day(dt.date(1998, 1, 1))  # oldest child: 20 years at the first history aktualisering
MISSING = -(10**6)  # a day number meaning "no date"


@dataclass(frozen=True)
class Scale:
    """One size of fictional delivery; aktualiseringar per year include återaktualiseringar."""

    name: str
    kommun: str
    inhabitants: str
    per_year: int  # documented yearly aktualiseringar (about)
    base: dict[int, int]  # new aktualiseringar drawn per year (återaktualiseringar come on top)
    history: int  # drawn in the second half of 2020
    size: float  # population, personnel and user survey relative to Exempelby


def _scaled(factor: float) -> dict[int, int]:
    # Mölndal's new aktualiseringar per year (calibrated so that the total is ≈ 2 800 a year)
    molndal = {2021: 2690, 2022: 2720, 2023: 2750, 2024: 2780, 2025: 2810}
    return {year: round(count * factor) for year, count in molndal.items()}


EXEMPELBY_BASE = 1436  # Exempelby's mean new aktualiseringar per year (demo_cases.AKT_PER_YEAR)
SCALES: dict[str, Scale] = {
    "mölndal": Scale("mölndal", "Exempelkommun", "ca 70 000", 2_800, _scaled(1), 1345, 2750 / EXEMPELBY_BASE),
    "stockholm": Scale("stockholm", "Exempelstad", "ca 1 000 000", 30_000, _scaled(30_000 / 2_800), round(1345 * 30_000 / 2_800),
                       2750 * 30_000 / 2_800 / EXEMPELBY_BASE),
    "riket": Scale("riket", "Exempelriket", "ca 10 500 000", 400_000, _scaled(400_000 / 2_800), round(1345 * 400_000 / 2_800),
                   2750 * 400_000 / 2_800 / EXEMPELBY_BASE),
}

# Mölndal's seed figures give fewer utredningar per aktualisering and fewer insatser per
# utredning than Exempelby: p(inleda utredning) × 0.9 and a beviljad insats in 15 of the
# demo's 44 + 46 + 3 + 4 + 3 parts of closed utredningar.
UTR_FACTOR = 0.90
BESLUT = {"BEV": 15, "EJINS": 46, "LVU": 3, "YTTR": 4, "ÖVERL": 3}
REUSE_WINDOW = 900  # Exempelby picks known children among the last 900; scaled with the size

ORSAK_CODES = np.array(list(ORSAK), dtype=object)
ORSAK_P = np.array(list(ORSAK.values())) / sum(ORSAK.values())
O = {code: i for i, code in enumerate(ORSAK)}
ANM_CODES = np.array(list(ANMALARE), dtype=object)
ANM_P = np.array(list(ANMALARE.values())) / sum(ANMALARE.values())
KINDS = list(DAILY_COST)
K = {kind: i for i, kind in enumerate(KINDS)}
KIND_CODES = np.array(KINDS, dtype=object)
GIRLS, BOYS, SURNAMES = (np.array(names, dtype=object) for names in NAMES)


def _indices(codes: Sequence[str], table: dict[str, int]) -> np.ndarray:
    return np.array([table[c] for c in codes])


def _pick(rng: np.random.Generator, n: int, weights: dict[str, float]) -> np.ndarray:
    """Index into `weights` per row."""
    p = np.array(list(weights.values()), dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _pick_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Index per row from a (rows × choices) weight matrix."""
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    return (rng.random(len(weights))[:, None] >= cdf).sum(axis=1)


def _calendar() -> tuple[np.ndarray, np.ndarray]:
    d = np.arange(0, _day(dt.date(2040, 1, 1))).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    return year, month * 100 + (d - months).astype(np.int64) + 1


_YEAR, _MONTH_DAY = _calendar()  # per day number 1970–2039: year, and month * 100 + day


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _YEAR[days], _MONTH_DAY[days]


def _age(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    by, bmd = _ymd(birth)
    oy, omd = _ymd(on)
    return oy - by - (omd < bmd)


def _birth(rng: np.random.Generator, on: np.ndarray, age: np.ndarray) -> np.ndarray:
    return on - ((age + rng.random(len(on))) * 365.2425).astype(np.int64)


class Numbers:
    """The fictional personnummer: one slot per birth day and kind (personnummer / samordningsnummer)."""

    def __init__(self) -> None:
        self.owner = np.full((EXTRACTION_DAY - FIRST_BIRTH_DAY + 1) * 2, -1, dtype=np.int64)

    @staticmethod
    def slot(birth: np.ndarray, coordination: np.ndarray) -> np.ndarray:
        return (birth - FIRST_BIRTH_DAY) * 2 + coordination

    def assign(self, rng: np.random.Generator, on: np.ndarray, age: np.ndarray, coordination: np.ndarray,
               first_child: int) -> tuple[np.ndarray, np.ndarray]:
        """(slot, birth day) per new child, in the given (chronological) order.

        As Exempelby: up to 60 draws of a free birth day within the drawn age. Because
        födelsenummer 000 runs out for the common ages from mölndal scale on, then 60 draws of
        the other kind (samordningsnummer instead of personnummer, or the reverse), then the
        nearest free day of either kind that keeps the child 0–20 years old. A child for whom no
        number is left gets the slot of its last draw: it becomes the child who has that number."""
        birth = _birth(rng, on, age)
        kind = coordination.copy()
        slots = np.full(len(on), -1, dtype=np.int64)
        left = self._draws(rng, np.arange(len(on)), on, age, birth, kind, slots, first_child)
        kind[left] = 1 - kind[left]
        left = self._draws(rng, left, on, age, birth, kind, slots, first_child)
        for _ in (0, 1):
            kind[left] = 1 - kind[left]
            left = self._nearest(left, on, birth, kind, slots, first_child)
        slots[left] = self.slot(birth[left], kind[left])
        return slots, birth

    def _draws(self, rng: np.random.Generator, left: np.ndarray, on: np.ndarray, age: np.ndarray, birth: np.ndarray,
               kind: np.ndarray, slots: np.ndarray, first_child: int) -> np.ndarray:
        """Up to 60 draws within the age; the rows still without a number."""
        for attempt in range(60):
            if attempt:
                fresh = _birth(rng, on[left], age[left])
                fits = _age(fresh, on[left]) == age[left]
                birth[left[fits]] = fresh[fits]
            won = self._claim(left, self.slot(birth[left], kind[left]), slots, first_child)
            left = left[slots[left] < 0]
            if not left.size or not won:
                break
        return left

    def _nearest(self, left: np.ndarray, on: np.ndarray, birth: np.ndarray, kind: np.ndarray, slots: np.ndarray,
                 first_child: int) -> np.ndarray:
        """The nearest free day (ties to the later day, as demo_cases); the rows still without."""
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
                earlier_ok = (pos > 0) & (_age(earlier, when) <= 20)
                take_later = later_ok & (~earlier_ok | (later - b <= b - earlier))
                day = np.where(take_later, later, np.where(earlier_ok, earlier, -1))
                wanted[rows] = np.where(day >= 0, self.slot(day, k), -1)
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
    first: np.ndarray  # index into GIRLS or BOYS
    surname: np.ndarray


def _new_children(rng: np.random.Generator, numbers: Numbers, on: np.ndarray, first_child: int) -> Children:
    n = len(on)
    weights = np.array(AGE_WEIGHTS, dtype=float)
    age = rng.choice(len(weights), size=n, p=weights / weights.sum())
    coordination = (rng.random(n) < 0.02).astype(np.int64)
    slots, birth = numbers.assign(rng, on, age, coordination, first_child)
    girl = rng.random(n) < 0.47
    first = np.where(girl, rng.integers(0, len(GIRLS), n), rng.integers(0, len(BOYS), n))
    return Children(slots, birth, on.copy(), girl, first, rng.integers(0, len(SURNAMES), n))


def _concat(parts: list[Children]) -> Children:
    return Children(*(np.concatenate([getattr(p, name) for p in parts]) for name in Children.__dataclass_fields__))


def _first_arrivals(rng: np.random.Generator, scale: Scale) -> tuple[np.ndarray, Children, Numbers]:
    """The drawn (not återaktualiserade) aktualiseringar in date order, with their children."""
    days = [HISTORY_DAY + rng.integers(0, 184, scale.history)]
    for year in YEARS:
        days.append(_day(dt.date(year, 1, 1)) + rng.integers(0, 365, scale.base[year]))
    on = np.sort(np.concatenate(days), kind="stable")
    n = len(on)
    reuse = rng.random(n) < 0.30
    numbers = Numbers()
    fresh = np.flatnonzero(~reuse)
    pool = _new_children(rng, numbers, on[fresh], 0)
    child = np.full(n, -1, dtype=np.int64)
    child[fresh] = np.arange(len(fresh))
    # a known child: one of the last children met, seen less than three years ago and under 18
    tries = np.flatnonzero(reuse)
    known = np.searchsorted(fresh, tries)  # children created before each try
    window = max(1, round(REUSE_WINDOW * scale.size))
    for _ in range(12):
        has = known > 0
        pick = known - 1 - (rng.random(len(tries)) * np.minimum(window, np.maximum(known, 1))).astype(np.int64)
        pick = np.where(has, pick, 0)
        ok = has & (on[tries] - pool.created[pick] < 3 * 365) & (_age(pool.birth[pick], on[tries]) < 18)
        child[tries[ok]] = pick[ok]
        tries, known = tries[~ok], known[~ok]
        if not tries.size:
            break
    if tries.size:
        extra = _new_children(rng, numbers, on[tries], len(fresh))
        child[tries] = len(fresh) + np.arange(len(tries))
        pool = _concat([pool, extra])
    return np.stack([on, child]), pool, numbers


@dataclass
class Generation:
    akt: dict[str, np.ndarray]
    utr: dict[str, np.ndarray]
    ins: dict[str, np.ndarray]
    sk: dict[str, np.ndarray]


def _simulate(rng: np.random.Generator, on: np.ndarray, child: np.ndarray, orsak: np.ndarray, children: Children) -> tuple[Generation, tuple]:
    """One generation of aktualiseringar → utredningar → insatser → skattningar; returns the
    återaktualiseringar it leads to (date, child, orsak) as the next generation."""
    n = len(on)
    orsak = np.where(orsak >= 0, orsak, rng.choice(len(ORSAK_P), size=n, p=ORSAK_P))
    family = orsak == O["51"]
    fb = on + np.where(rng.random(n) < 0.88, rng.integers(1, 15, n), rng.integers(15, 41, n))
    open_fb = fb > EXTRACTION_DAY
    p_utr = 0.30 + 0.12 * np.isin(orsak, _indices(sorted(VIOLENCE | {"13", "21"}), O)) - 0.12 * np.isin(orsak, _indices(["35", "99", "41"], O))
    inleda = rng.random(n) < np.where(family, 0.5, p_utr) * UTR_FACTOR
    urgent = np.isin(orsak, _indices(sorted(VIOLENCE | {"13", "14"}), O)) & (rng.random(n) < 0.35)
    prio = np.where(urgent, 1, np.array([2, 2, 3, 3])[rng.integers(0, 4, n)])
    anm = np.where((orsak == O["33"]) & (rng.random(n) < 0.7), 0, rng.choice(len(ANM_P), size=n, p=ANM_P))
    akt = {
        "on": on, "child": child, "minute": rng.integers(0, 9, n) * 60 + rng.integers(0, 60, n),
        "typ": np.where(family, 1, _pick(rng, n, {"ANM": 86, "ANS": 7, "ÖVR": 7})),
        "anm": np.where(rng.random(n) < 0.03, -1, anm), "orsak": np.where(rng.random(n) < 0.02, -1, orsak),
        "family": family, "fb": np.where(open_fb, MISSING, fb), "inleda": np.where(open_fb, -1, inleda.astype(np.int64)),
        "prio": np.where(rng.random(n) < 0.04, -1, prio), "handl": rng.integers(0, len(SURNAMES), n),
        "note": rng.random(n) < 0.08,
    }
    # utredningar
    a = np.flatnonzero(~open_fb & inleda)
    start = fb[a] + rng.integers(0, 4, len(a))
    a, start = a[start <= EXTRACTION_DAY], start[start <= EXTRACTION_DAY]
    m = len(a)
    u_family, u_orsak = family[a], orsak[a]
    long = rng.random(m) < 0.12
    gauss = np.trunc(rng.normal(92, 18, m)).astype(np.int64)
    days = np.where(long, rng.integers(123, 211, m), np.maximum(30, np.minimum(121, gauss)))
    slut = start + days
    ended = slut <= EXTRACTION_DAY
    avslut = np.where(ended, _pick(rng, m, {"BESL": 90, "FLYTT": 5, "ÅTERT": 3, "ANN": 2}), -1)
    beslut = np.where(avslut == 0, _pick(rng, m, BESLUT), -1)
    beslut = np.where(u_family & (beslut == 2), 0, beslut)  # family law never applies for LVU
    samtal = _pick(rng, m, {"J": 62, "N": 28, "": 10})
    utr = {
        "akt": a, "child": child[a], "akt_orsak": u_orsak, "start": start, "slut": np.where(ended, slut, MISSING),
        "typ": np.where(u_family, np.where(rng.random(m) < 0.93, 1, 2), 0),
        "förlängd": np.where(days > 121, rng.random(m) < 0.8, rng.random(m) < 0.03),
        "orsak": np.where(rng.random(m) < 0.9, u_orsak, rng.choice(len(ORSAK_P), size=m, p=ORSAK_P)),
        "enhet": np.where(u_family, 0, 1 + rng.integers(0, 2, m)), "samtal": samtal,
        "träffat": np.where(samtal == 0, 0, _pick(rng, m, {"J": 40, "N": 50, "": 10})),
        "beslut": beslut, "avslut": avslut, "handl": rng.integers(0, len(SURNAMES), m),
    }
    # insatser: the decided one, and for 10 % of the non-family-law ones a kontaktperson too
    granted = np.flatnonzero((beslut == 0) | (beslut == 2))
    begin = slut[granted] + rng.integers(0, 31, len(granted))
    kind = _insats_kind(rng, children.birth[child[a[granted]]], begin, u_orsak[granted], u_family[granted], beslut[granted] == 2)
    extra = np.flatnonzero(~u_family[granted] & (rng.random(len(granted)) < 0.10))
    ins_utr = np.concatenate([granted, granted[extra]])
    ins_start = np.concatenate([begin, begin[extra] + rng.integers(0, 61, len(extra))])
    ins_kind = np.concatenate([kind, np.full(len(extra), K["KP"])])
    ins_sub = np.concatenate([np.zeros(len(granted), np.int64), np.ones(len(extra), np.int64)])
    keep = ins_start <= EXTRACTION_DAY
    ins, sk, again = _insatser(rng, ins_utr[keep], ins_start[keep], ins_kind[keep], ins_sub[keep], utr, children)
    return Generation(akt, utr, ins, sk), again


def _insats_kind(rng: np.random.Generator, birth: np.ndarray, on: np.ndarray, orsak: np.ndarray, family: np.ndarray, lvu: np.ndarray) -> np.ndarray:
    age = _age(birth, on)
    weights = np.zeros((len(on), len(KINDS)))

    def put(rows: np.ndarray, table: dict[str, np.ndarray | float]) -> None:
        for kind, weight in table.items():
            weights[rows, K[kind]] = weight if np.isscalar(weight) else weight[rows]

    teen = age >= 13
    trouble = teen & np.isin(orsak, _indices(sorted(TEEN_TROUBLE), O))
    rest = ~family & ~lvu & ~trouble
    put(family, {"UMS": 60, "SAS": 40})
    put(~family & lvu & teen, {"SIS": 30, "HVB": 40, "FHK": 30})
    put(~family & lvu & ~teen, {"HVB": 20, "FHK": 60, "FHE": 20})
    put(~family & ~lvu & trouble, {"ÖVE": 30, "ÖVI": 30, "HVB": 13, "SIS": 4, "STB": np.where(age >= 16, 6.0, 0.0), "KP": 10, "FHK": 7})
    put(rest, {"ÖVI": 55, "ÖVE": 12, "KP": 13, "FHK": 9, "FHE": 4, "NÄT": 5, "VÖF": np.where(age < 15, 1.0, 0.0), "HVB": 1})
    return _pick_rows(rng, weights)


def _insatser(rng: np.random.Generator, utr_row: np.ndarray, start: np.ndarray, kind: np.ndarray, sub: np.ndarray,
              utr: dict[str, np.ndarray], children: Children) -> tuple[dict, dict, tuple]:
    n = len(start)
    low = np.array([DURATION[k][0] for k in KINDS])[kind]
    high = np.array([DURATION[k][1] for k in KINDS])[kind]
    slut = start + rng.integers(low, high + 1)
    ended = slut <= EXTRACTION_DAY
    akt_row = utr["akt"][utr_row]
    orsak = utr["akt_orsak"][utr_row]  # as Exempelby: the aktualisering's orsak, not the utredning's
    child = utr["child"][utr_row]
    violence = np.isin(orsak, _indices(sorted(VIOLENCE), O))
    metod = np.full(n, -1)  # index into METOD
    ovi, ove = kind == K["ÖVI"], kind == K["ÖVE"]
    tb = np.where(rng.random(n) < 0.75, 0, 1)
    metod = np.where(ovi & violence, tb, metod)
    metod = np.where(ovi & ~violence, np.array([1, 2, 3])[_pick(rng, n, {"FB": 60, "FST": 25, "ANN": 15})], metod)
    metod = np.where(ove, np.array([4, 5, 1, 3])[_pick(rng, n, {"MST": 35, "FFT": 35, "FB": 20, "ANN": 10})], metod)
    days = np.where(ended, slut, EXTRACTION_DAY) - start + 1
    cost_low = np.array([DAILY_COST[k][0] for k in KINDS])[kind]
    cost_high = np.array([DAILY_COST[k][1] for k in KINDS])[kind]
    cost = days * rng.integers(cost_low, cost_high + 1) * (kind != K["VÖF"])
    family_kind = np.isin(kind, [K["UMS"], K["SAS"]])
    placement = np.isin(kind, [K[k] for k in PLACEMENTS])
    review = start + rng.integers(150, 186, n)
    ins = {
        "utr": utr_row, "sub": sub, "akt": akt_row, "child": child, "kind": kind, "metod": metod, "orsak": orsak,
        "start": start, "slut": np.where(ended, slut, MISSING), "cost": np.where(family_kind, -1, cost),
        "review": np.where(placement & (review <= EXTRACTION_DAY) & (rng.random(n) < 0.85), review, MISSING),
        "samtal": np.where(placement, rng.integers(0, 9, n), -1), "handl": rng.integers(0, len(SURNAMES), n),
    }
    # skattningar: säkerhetsskala before/after for Tryggare barn, måluppfyllelse for other öppenvård
    safety = metod == 0
    followed = np.flatnonzero(safety | ovi | ove)
    s_safe = safety[followed]
    s_end = ins["slut"][followed]
    before = np.clip(np.round(rng.normal(3.5, 1.6, len(followed)) * 2) / 2, 0, 10)
    after = np.clip(before + np.round(rng.normal(2.4, 1.8, len(followed))), 0, 10)
    has_before = s_safe & (rng.random(len(followed)) < 0.95)
    has_after = (s_end != MISSING) & np.where(s_safe, rng.random(len(followed)) < 0.8, rng.random(len(followed)) < 0.7)
    goal = _pick(rng, len(followed), {"1": 38, "2": 30, "3": 22, "4": 10})
    rows_before, rows_after = followed[has_before], followed[has_after]
    s_ins = np.concatenate([rows_before, rows_after])
    sk = {
        "ins": s_ins, "sub": np.concatenate([np.zeros(len(rows_before), np.int64), np.ones(len(rows_after), np.int64)]),
        "child": child[s_ins], "safety": safety[s_ins],
        "after": np.concatenate([np.zeros(len(rows_before), bool), np.ones(len(rows_after), bool)]),
        "date": np.concatenate([start[rows_before], ins["slut"][rows_after]]),
        "value": np.concatenate([before[has_before], np.where(s_safe[has_after], after[has_after], np.nan)]),
        "goal": np.concatenate([np.full(len(rows_before), -1), np.where(s_safe[has_after], -1, goal[has_after])]),
        "deltog": rng.random(len(s_ins)) < 0.34,
    }
    # återaktualisering: a closed insats may be followed by a new aktualisering within ~2 years
    again = slut + (30 + 700 * rng.random(n) ** 1.5).astype(np.int64)
    comes = ended & ~family_kind & (_age(children.birth[child], again) < 18) & (rng.random(n) < 0.38) & (again <= PERIOD_END_DAY)
    same = rng.random(n) < 0.8
    return ins, sk, (again[comes], child[comes], np.where(same, orsak, -1)[comes])


def simulate(scale: Scale, seed: int) -> tuple[dict[str, dict[str, np.ndarray]], Children, Numbers]:
    """All generations, concatenated; rows of each table in the order Exempelby writes them."""
    rng = np.random.default_rng(seed)
    (on, child), children, numbers = _first_arrivals(rng, scale)
    orsak = np.full(len(on), -1)
    generations: list[Generation] = []
    while len(on):
        generation, (on, child, orsak) = _simulate(rng, on, child, orsak, children)
        generations.append(generation)
    tables = _combine(generations)
    return tables, children, numbers


def _combine(generations: list[Generation]) -> dict[str, dict[str, np.ndarray]]:
    tables: dict[str, dict[str, np.ndarray]] = {}
    offsets = {"akt": 0, "utr": 0, "ins": 0}
    parts: dict[str, list[dict[str, np.ndarray]]] = {"akt": [], "utr": [], "ins": [], "sk": []}
    for number, g in enumerate(generations):
        akt = dict(g.akt, gen=np.full(len(g.akt["on"]), number), seq=np.arange(len(g.akt["on"])))
        utr = dict(g.utr, akt=g.utr["akt"] + offsets["akt"])
        ins = dict(g.ins, utr=g.ins["utr"] + offsets["utr"], akt=g.ins["akt"] + offsets["akt"])
        sk = dict(g.sk, ins=g.sk["ins"] + offsets["ins"])
        offsets = {"akt": offsets["akt"] + len(g.akt["on"]), "utr": offsets["utr"] + len(g.utr["akt"]),
                   "ins": offsets["ins"] + len(g.ins["utr"])}
        for name, part in (("akt", akt), ("utr", utr), ("ins", ins), ("sk", sk)):
            parts[name].append(part)
    for name, chunks in parts.items():
        tables[name] = {key: np.concatenate([c[key] for c in chunks]) for key in chunks[0]}
    # order: aktualiseringar by date (drawn before återaktualiserade, as the demo's queue);
    # everything else in the order it was created, i.e. by its aktualisering
    akt_order = np.lexsort((tables["akt"]["seq"], tables["akt"]["gen"], tables["akt"]["on"]))
    akt_rank = np.empty_like(akt_order)
    akt_rank[akt_order] = np.arange(len(akt_order))
    utr_order = np.argsort(akt_rank[tables["utr"]["akt"]], kind="stable")
    utr_rank = np.empty_like(utr_order)
    utr_rank[utr_order] = np.arange(len(utr_order))
    ins_order = np.lexsort((tables["ins"]["sub"], utr_rank[tables["ins"]["utr"]]))
    ins_rank = np.empty_like(ins_order)
    ins_rank[ins_order] = np.arange(len(ins_order))
    sk_order = np.lexsort((tables["sk"]["sub"], ins_rank[tables["sk"]["ins"]]))
    tables["utr"]["akt"] = akt_rank[tables["utr"]["akt"]]
    tables["ins"]["utr"] = utr_rank[tables["ins"]["utr"]]
    tables["ins"]["akt"] = akt_rank[tables["ins"]["akt"]]
    tables["sk"]["ins"] = ins_rank[tables["sk"]["ins"]]
    for name, order in (("akt", akt_order), ("utr", utr_order), ("ins", ins_order), ("sk", sk_order)):
        tables[name] = {key: values[order] for key, values in tables[name].items()}
    return tables


# ---------------------------------------------------------------------------------------------
# Rows as Treserva exports them (the same columns, codes and formats as demo_delivery)

METOD = np.array(["TB", "FB", "FST", "ANN", "MST", "FFT"], dtype=object)
STREETS = np.array(["Storgatan", "Skolvägen", "Björkvägen", "Ängsgatan", "Kyrkvägen"], dtype=object)
_DAYS = np.arange(0, _day(dt.date(2040, 1, 1))).astype("datetime64[D]")
_ISO = np.datetime_as_string(_DAYS).astype(object)
_COMPACT = np.array([text.replace("-", "") for text in _ISO], dtype=object)
_CLOCK = np.array([f" {8 + m // 60:02d}:{m % 60:02d}" for m in range(9 * 60)], dtype=object)


def _text(days: np.ndarray, table: np.ndarray = _ISO) -> np.ndarray:
    out = np.full(len(days), "", dtype=object)
    known = days != MISSING
    out[known] = table[days[known]]
    return out


def _codes(index: np.ndarray, codes: Sequence[str]) -> np.ndarray:
    """Code per row; -1 = missing (empty cell)."""
    table = np.array([*codes, ""], dtype=object)
    return table[np.where(index < 0, len(codes), index)]


def _ids(prefix: str, days: np.ndarray, width: int) -> np.ndarray:
    years = _YEAR[days]
    return np.array([f"{prefix}-{y}-{n:0{width}d}" for y, n in zip(years.tolist(), range(1, len(days) + 1))], dtype=object)


def _comma(values: np.ndarray) -> np.ndarray:
    """Säkerhetsskala values (halves) as Exempelby writes them: 3, 3,5; NaN = empty."""
    table = np.array([(f"{v / 2:.0f}" if v % 2 == 0 else f"{v / 2:.1f}".replace(".", ",")) for v in range(21)], dtype=object)
    out = np.full(len(values), "", dtype=object)
    known = ~np.isnan(values)
    out[known] = table[(values[known] * 2).astype(np.int64)]
    return out


@dataclass
class Delivery:
    """Column name → one value per row, for every file (CSV columns as text, insatser typed)."""

    scale: Scale
    files: dict[str, dict[str, np.ndarray]]


def _numbers(children: Children, numbers: Numbers) -> tuple[np.ndarray, np.ndarray]:
    """(used slots sorted, their 12-digit personnummer)."""
    used = np.unique(children.slot)
    digits = np.array([make_personnummer(EPOCH + dt.timedelta(days=int(s // 2 + FIRST_BIRTH_DAY)), 0, bool(s % 2)).digits for s in used],
                      dtype=object)
    return used, digits


def _pnr10(digits: np.ndarray) -> np.ndarray:
    return np.array([f"{d[2:8]}-{d[8:]}" for d in digits], dtype=object)


def _pnr12(digits: np.ndarray) -> np.ndarray:
    # about one in twenty as a 10-digit number, as when records were typed in by hand
    return np.array([f"{d[2:8]}-{d[8:]}" if int(d[4:8]) % 20 == 0 else f"{d[:8]}-{d[8:]}" for d in digits], dtype=object)


def build_delivery(scale: Scale, seed: int) -> Delivery:
    tables, children, numbers = simulate(scale, seed)
    rng = np.random.default_rng(seed + 1)
    used, digits = _numbers(children, numbers)
    number_of_child = np.searchsorted(used, children.slot)  # child → index into used/digits
    plain, short = digits, _pnr10(digits)
    akt, utr, ins, sk = tables["akt"], tables["utr"], tables["ins"], tables["sk"]
    width = max(5, len(str(len(akt["on"]))))
    owner = numbers.owner[used]  # the child who got each number first gives it its name and kön
    girl = children.girl[owner]
    first = np.where(girl, GIRLS[children.first[owner] % len(GIRLS)], BOYS[children.first[owner] % len(BOYS)])
    surname = SURNAMES[children.surname[owner]]

    akt_number = number_of_child[akt["child"]]
    akt_id = _ids("AKT", akt["on"], width)
    family = akt["family"]
    note = np.full(len(akt_id), "", dtype=object)
    note[akt["note"]] = "Samtal med vårdnadshavare till " + first[akt_number[akt["note"]]]
    files: dict[str, dict[str, np.ndarray]] = {}
    files["aktualiseringar.csv"] = {
        "Aktnr": akt_id, "Personnr": short[akt_number],
        "Inkom": _ISO[akt["on"]] + _CLOCK[akt["minute"]],
        "Akttyp": _codes(akt["typ"], ["ANM", "ANS", "ÖVR"]), "Anmälare": _codes(akt["anm"], ANM_CODES),
        "Orsak": _codes(akt["orsak"], ORSAK_CODES), "Enhet": np.where(family, "FR", "MOTT").astype(object),
        "FB klar": _text(akt["fb"], _COMPACT), "Beslut utredning": _codes(akt["inleda"], ["N", "J"]),
        "Prio": _codes(akt["prio"] - 1, ["1", "2", "3"]), "Handläggare": SURNAMES[akt["handl"]] + " (handl.)", "Anteckning": note,
    }
    utr_id = _ids("UTR", utr["start"], width)
    files["utredningar.csv"] = {
        "Utrnr": utr_id, "Aktnr": akt_id[utr["akt"]], "Personnr": plain[number_of_child[utr["child"]]],
        "Utredningstyp": _codes(utr["typ"], ["BARN", "VBU", "FADER"]), "Inledd": _text(utr["start"]), "Avslutad": _text(utr["slut"]),
        "Förlängd": np.where(utr["förlängd"], "J", "N").astype(object), "Orsak": _codes(utr["orsak"], ORSAK_CODES),
        "Enhet": _codes(utr["enhet"], ["FR", "BOU1", "BOU2"]), "Enskilt samtal": _codes(utr["samtal"], ["J", "N", ""]),
        "Träffat enskilt": _codes(utr["träffat"], ["J", "N", ""]), "Beslut": _codes(utr["beslut"], list(BESLUT)),
        "Avslutsorsak": _codes(utr["avslut"], ["BESL", "FLYTT", "ÅTERT", "ANN"]), "Handläggare": SURNAMES[utr["handl"]] + " (handl.)",
    }
    ins_id = _ids("INS", ins["start"], width)
    files["insatser.xlsx"] = {
        "Insatsnr": ins_id, "Utrnr": utr_id[ins["utr"]], "Personnr": plain[number_of_child[ins["child"]]],
        "Insatskod": KIND_CODES[ins["kind"]], "Metod": _codes(ins["metod"], METOD), "Orsak": ORSAK_CODES[ins["orsak"]],
        "Startdatum": ins["start"], "Slutdatum": ins["slut"], "Kostnad": ins["cost"], "Första övervägande": ins["review"],
        "Samtal placerat barn": ins["samtal"],
        "Utförare": np.where(ins["kind"] == K["ÖVI"], "Exempelkommunens familjebehandling", "Extern utförare AB").astype(object),
        "Handläggare": SURNAMES[ins["handl"]],
    }
    files["skattningar.csv"] = {
        "Skattnr": np.array([f"SK-{n:0{max(6, width)}d}" for n in range(1, len(sk["ins"]) + 1)], dtype=object),
        "Insatsnr": ins_id[sk["ins"]], "Personnr": short[number_of_child[sk["child"]]],
        "Instrument": np.where(sk["safety"], "SÄK", "MÅL").astype(object), "Tidpunkt": np.where(sk["after"], "EFTER", "FÖRE").astype(object),
        "Datum": _text(sk["date"]), "Värde": _comma(sk["value"]), "Måluppfyllelse": _codes(sk["goal"], ["1", "2", "3", "4"]),
        "Barnet deltog": np.where(sk["deltog"], "J", "N").astype(object), "Kommentar": np.full(len(sk["ins"]), "", dtype=object),
    }
    order = np.argsort(digits, kind="stable")
    files["barn.csv"] = {
        "Personnummer": _pnr12(digits)[order], "Namn": (surname + ", " + first)[order], "Kön": np.where(girl, "K", "M").astype(object)[order],
        "Adress": np.array([f"{s} {n}" for s, n in zip(STREETS[rng.integers(0, len(STREETS), len(used))], rng.integers(1, 61, len(used)).tolist())],
                           dtype=object),
        "Folkbokförd kommun": np.full(len(used), scale.kommun, dtype=object),
    }
    delivery = Delivery(scale, files)
    _plant_bad_rows(delivery, rng, numbers)
    files.update(_aggregates(scale, rng))
    return delivery


def _insert_copy(columns: dict[str, np.ndarray], row: int) -> None:
    """A copied row right after the original (as when an export repeats a line)."""
    for name, values in columns.items():
        columns[name] = np.insert(values, row + 1, values[row])


def _plant_bad_rows(delivery: Delivery, rng: np.random.Generator, numbers: Numbers) -> None:
    """demo_tables.BAD_ROWS, one of each (three X9 codes, two planned end dates), in rows whose
    loss does not cascade to other files."""
    files = delivery.files
    akt = files["aktualiseringar.csv"]
    quiet = np.flatnonzero(akt["Beslut utredning"] == "N")
    picked = rng.choice(quiet, 6, replace=False)
    x9, (wrong_check, copied, lonely) = picked[:3], picked[3:].tolist()
    akt["Orsak"][x9] = "X9"
    number = akt["Personnr"][wrong_check]
    akt["Personnr"][wrong_check] = number[:-1] + str((int(number[-1]) + 1) % 10)
    # a child missing from barn.csv: a fictional number (födelsenummer 000) no child in the file has
    on = _day(dt.date.fromisoformat(akt["Inkom"][lonely][:10]))
    free = np.flatnonzero(numbers.owner[0::2] < 0) + FIRST_BIRTH_DAY
    free = free[(free <= on) & (_age(free, np.full(len(free), on)) < 18)]
    birth = EPOCH + dt.timedelta(days=int(free[-1])) if len(free) else dt.date(1997, 6, 1)
    akt["Personnr"][lonely] = _pnr10(np.array([make_personnummer(birth, 0).digits], dtype=object))[0]
    taken = {*x9.tolist(), wrong_check, copied, lonely}
    impossible = next(i for i in quiet.tolist() if i not in taken and akt["FB klar"][i].startswith("2023"))
    akt["FB klar"][impossible] = "2023-02-30"
    _insert_copy(akt, int(copied))
    utr = files["utredningar.csv"]
    swapped = rng.choice(np.flatnonzero(utr["Beslut"] == "EJINS"))
    utr["Inledd"][swapped], utr["Avslutad"][swapped] = utr["Avslutad"][swapped], utr["Inledd"][swapped]
    ins = files["insatser.xlsx"]
    rated = set(files["skattningar.csv"]["Insatsnr"].tolist())  # (np.isin on strings compares every pair)
    followed = np.array([number in rated for number in ins["Insatsnr"].tolist()], dtype=bool)
    unknown_kind, dangling = rng.choice(np.flatnonzero(~followed & (ins["Slutdatum"] != MISSING)), 2, replace=False)
    ins["Insatskod"][unknown_kind] = "ÖVX"
    ins["Utrnr"][dangling] = "UTR-2019-00999"
    ins["Slutdatum"][rng.choice(np.flatnonzero(ins["Slutdatum"] == MISSING), 2, replace=False)] = _day(dt.date(2026, 6, 30))
    sk = files["skattningar.csv"]
    sk["Värde"][np.flatnonzero((sk["Instrument"] == "SÄK") & (sk["Tidpunkt"] == "EFTER"))[0]] = "12"
    _insert_copy(files["barn.csv"], int(rng.integers(0, len(files["barn.csv"]["Personnummer"]))))


def _aggregates(scale: Scale, rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    """Population, personnel, the OJ survey and the user survey, scaled with the municipality."""
    from random import Random

    from suengine.demo.export_format import comma
    from suengine.demo.tables import survey

    def columns(rows: list[dict], names: list[str], formats: dict[str, object] | None = None) -> dict[str, np.ndarray]:
        formats = formats or {}
        return {n: np.array([formats.get(n, _plain)(r.get(n)) for r in rows], dtype=object) for n in names}  # type: ignore[operator]

    population = []
    for year in YEARS:
        for sex, share in (("kvinnor", 0.486), ("män", 0.514)):
            for age in range(21):
                base = 450 + 5 * min(age, 12) - 4 * max(0, age - 14) + 12 * math.sin(age + year)
                count = round(base * share * 2 * (1 + 0.007 * (year - 2021)) * scale.size + rng.integers(-12, 13) * math.sqrt(scale.size))
                population.append({"region": f"9999 {scale.kommun}", "ålder": age, "kön": sex, "år": year, "Folkmängd": count})
    personnel = []
    for year in YEARS:
        b1 = round((21 + (year - 2021) * 0.8 + rng.uniform(-1, 1)) * scale.size, 1)
        b1a = round(b1 * rng.uniform(0.82, 0.92), 1)
        under1, one2, three5 = (round(b1a * p, 1) for p in (rng.uniform(0.05, 0.15), rng.uniform(0.15, 0.25), rng.uniform(0.2, 0.3)))
        unknown = round(scale.size, 1) if year == 2022 else 0.0
        row = {"Mätdatum": dt.date(year, 2, 1), "B1 Handläggare": b1, "B1a Socionomexamen": b1a, "B1b under 1 år": under1,
               "B1b 1-2 år": one2, "B1b 3-5 år": three5, "B1b över 5 år": round(b1a - under1 - one2 - three5 - unknown, 1),
               "B1b vet ej": unknown, "Konsulter": round(float(rng.choice([0, 0, 1, 2, 2.5])) * scale.size, 1)}
        if year == 2023:  # the municipality could not answer the experience questions that year
            row.update({k: 999 for k in row if k.startswith("B1b")})
        personnel.append(row)
    personnel_columns = list(personnel[0])
    date = {"Mätdatum": lambda v: v.isoformat()}
    files = {
        "befolkning.csv": columns(population, ["region", "ålder", "kön", "år", "Folkmängd"]),
        "personal.csv": columns(personnel, personnel_columns, {**{k: comma for k in personnel_columns}, **date}),
        "oj_enkat.csv": columns(survey(Random(int(rng.integers(1 << 30)))), ["Mätdatum", "Område", "G2", "G2a", "G3", "G3a", "B12", "B12b", "Socialjour"], date),
        "brukarenkat.csv": _user_survey(scale, rng),
    }
    return files


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _user_survey(scale: Scale, rng: np.random.Generator) -> dict[str, np.ndarray]:
    parts: list[dict[str, np.ndarray]] = []
    for year in YEARS:
        n = round(int(rng.integers(110, 151)) * scale.size)
        width = max(4, len(str(n)))
        answered = _day(dt.date(year, 10, 1)) + rng.integers(0, 45, n)
        respondent = np.repeat(np.arange(1, n + 1), len(QUESTIONS))
        question = np.tile(np.array(QUESTIONS, dtype=object), n)
        good = 0.70 + 0.08 * (question == "F1") - 0.1 * (question == "F4")
        roll = rng.random(len(question))
        answer = np.where(roll < good * 0.6, "Instämmer helt", np.where(roll < good, "Instämmer delvis", np.where(roll > 0.94, "Vet ej", "Instämmer inte"))).astype(object)
        parts.append({
            "Svarsnr": np.array([f"{year}-{r:0{width}d}-{q}" for r, q in zip(respondent.tolist(), question)], dtype=object),
            "Svarsdatum": _ISO[np.repeat(answered, len(QUESTIONS))], "Fråga": question, "Svar": answer,
        })
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


# ---------------------------------------------------------------------------------------------
# Writing

MANIFEST = """\
# Påhittad leverans i storleken {name} (ca {per_year} aktualiseringar per år, {inhabitants} invånare), uttag ur Treserva.
# Genererad av: python -m suengine.demo.delivery MAPP --skala {name}
# Alla personnummer är påhittade (födelsenummer 000 delas aldrig ut) och alla namn är fiktiva.
# Uttaget omfattar ärenden som var aktiva under perioden, med historik från andra halvåret 2020.
kommun: {kommun}
källsystem: Treserva
mappning: treserva
uttagsdatum: 2026-01-31
period: {{från: 2021-01-01, till: 2025-12-31}}
"""


def _write_csv(path: Path, columns: dict[str, np.ndarray], names: list[str], encoding: str, separator: str, empty_rows: int,
               empty_column: bool) -> None:
    """As csv.writer would write it (minimal quoting, CRLF); plain joins where nothing needs quotes."""
    data = [columns[name] for name in names]
    n = len(data[0])
    if empty_column:
        data.append(np.full(n, "", dtype=object))
    header = names + ([""] if empty_column else [])
    quoted = any(any(c in "\x00".join(column.tolist()) for c in (separator, '"', "\r", "\n")) for column in data)
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=separator, lineterminator="\r\n")
        writer.writerow(header)
        step = 200_000
        for start in range(0, n, step):
            rows = zip(*(column[start:start + step].tolist() for column in data))
            if quoted:
                writer.writerows(rows)
            else:
                handle.write("\r\n".join(map(separator.join, rows)) + "\r\n")
        for _ in range(empty_rows):
            writer.writerow([""] * len(names))


def _xlsx_bytes(columns: dict[str, np.ndarray]) -> bytes:
    """insatser.xlsx as demo_delivery writes it: dates as date cells (yyyy-mm-dd), every 40th
    start date as an unformatted Excel serial, an extra sheet. openpyxl writes the workbook
    around the sheet; the sheet's rows are written here directly (openpyxl takes a minute for
    the 1.7 million cells of the riket scale)."""
    import re
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl import Workbook

    from suengine.demo.export_format import FIXED_TIME, INSATS_COLUMNS, deterministic_zip as _deterministic_zip

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Insatser")
    sheet.append([EXTRACTION])  # only to register the date style; the rows are replaced below
    about = workbook.create_sheet("Urval")
    about.append(["Rapport", "IFO Barn och unga – beviljade insatser"])
    about.append(["Uttagsdatum", EXTRACTION])
    fixed = dt.datetime(*FIXED_TIME)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "Treserva rapportgenerator"
    buffer = io.BytesIO()
    workbook.save(buffer)
    skeleton = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = skeleton.read("xl/worksheets/sheet1.xml").decode("utf-8")
    date_style = re.search(r'<c r="A1" s="(\d+)"', xml).group(1)  # type: ignore[union-attr]

    n = len(columns["Insatsnr"])
    rows = np.arange(2, n + 2).astype(str).astype(object)
    serial_epoch = _day(dt.date(1899, 12, 30))
    cells = []
    for index, name in enumerate(INSATS_COLUMNS):
        letter, values = chr(ord("A") + index), columns[name]
        if name in ("Startdatum", "Slutdatum", "Första övervägande"):
            serial = np.where(values == MISSING, -1, values - serial_epoch).astype(str).astype(object)
            style = np.full(n, f'" s="{date_style}" t="n"><v>', dtype=object)
            if name == "Startdatum":
                style[np.arange(n) % 40 == 7] = '" t="n"><v>'  # an unformatted date cell: Excel serial
            cell = "<c r=\"" + letter + rows + style + serial + "</v></c>"
            cell[values == MISSING] = ""
        elif name in ("Kostnad", "Samtal placerat barn"):
            cell = "<c r=\"" + letter + rows + '" t="n"><v>' + values.astype(str).astype(object) + "</v></c>"
            cell[values < 0] = ""
        else:
            text = {v: escape(v) for v in set(values.tolist())}
            cell = "<c r=\"" + letter + rows + '" t="inlineStr"><is><t>' + np.array([text[v] for v in values.tolist()], dtype=object) + "</t></is></c>"
            cell[values == ""] = ""
        cells.append(cell)
    header = "".join(f'<c r="{chr(ord("A") + i)}1" t="inlineStr"><is><t>{escape(name)}</t></is></c>' for i, name in enumerate(INSATS_COLUMNS))
    body = io.StringIO()
    body.write(f'<sheetData><row r="1">{header}</row>')
    for start in range(0, n, 100_000):
        part = slice(start, start + 100_000)
        body.write("".join(f'<row r="{r}">{"".join(c)}</row>' for r, *c in zip(rows[part].tolist(), *(cell[part].tolist() for cell in cells))))
    body.write("</sheetData>")
    xml = re.sub(r"<sheetData>.*</sheetData>", lambda _: body.getvalue(), xml, flags=re.S)
    # the used range, as Excel (and openpyxl in normal mode) write it; without it a reader must scan the sheet twice
    xml = xml.replace("<sheetViews>", f'<dimension ref="A1:{chr(ord("A") + len(INSATS_COLUMNS) - 1)}{n + 1}"/><sheetViews>', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in skeleton.infolist():
            content = xml.encode("utf-8") if info.filename == "xl/worksheets/sheet1.xml" else skeleton.read(info.filename)
            target.writestr(info, content)
    return _deterministic_zip(out.getvalue())


def write_scaled_delivery(folder: Path, scale: Scale, seed: int) -> list[Path]:
    """Write the delivery of `scale` into `folder`; the written files."""
    from suengine.demo.export_format import CSV_FILES

    delivery = build_delivery(scale, seed)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "leverans.yml"
    per_year = f"{scale.per_year:,}".replace(",", " ")
    manifest.write_text(MANIFEST.format(name=scale.name, per_year=per_year, inhabitants=scale.inhabitants, kommun=scale.kommun),
                        encoding="utf-8")
    written = [manifest]
    for name, _key, names, encoding, separator, _formats, empty_rows, empty_column in CSV_FILES:
        _write_csv(folder / name, delivery.files[name], names, encoding, separator, empty_rows, empty_column)
        written.append(folder / name)
    (folder / "insatser.xlsx").write_bytes(_xlsx_bytes(delivery.files["insatser.xlsx"]))
    written.append(folder / "insatser.xlsx")
    return written
