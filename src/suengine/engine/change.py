"""Is a year-on-year change larger than chance? Newcombe's interval for two proportions, an exact Poisson test for counts.

Two documented tests, chosen by the unit of the result (docs/metod-forandring.md):

* a share (`procent`): the difference of two independent proportions with Newcombe's hybrid score
  interval (Newcombe 1998, method 10: Wilson intervals of each proportion combined). The change is
  "säker" when the 95 % interval of the difference does not include 0;
* a count (`antal`) or a rate (`per 1 000`: täljare events among nämnare inhabitants): the exact
  conditional test of two Poisson counts (given the total k1 + k2, k1 is binomial with
  p = t1 / (t1 + t2), t = exposure, 1 for a count and the population for a rate; two-sided p as R's
  `poisson.test`/`binom.test`: the sum of the probabilities no larger than the observed one). The
  change is "säker" when p < 0,05;
* medians, means, sums and scales are not tested (no assumption-free test from the published table).

These functions take counts only; they never see a hidden value (callers pass published rows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

Z95 = 1.959963984540054
ALPHA = 0.05

SAKER = "säker"
SLUMP = "slump"


def wilson_interval(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n (as fractions)."""
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_difference(k1: float, n1: float, k2: float, n2: float, z: float = Z95) -> tuple[float, float, float]:
    """p1 − p2 with Newcombe's hybrid score interval (method 10): (difference, low, high), as fractions."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def _binomial_pmf(k: int, n: int, p: float) -> float:
    if p <= 0.0:
        return 1.0 if k == 0 else 0.0
    if p >= 1.0:
        return 1.0 if k == n else 0.0
    log = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)
    return math.exp(log)


@lru_cache(maxsize=65536)
def binomial_two_sided(k: int, n: int, p: float) -> float:
    """Exact two-sided binomial p-value (the sum of outcomes no more likely than k, as R's binom.test).

    O(n) evaluations of the probability; remembered, since the report, the site and the workbook
    each judge the same changes."""
    observed = _binomial_pmf(k, n, p)
    limit = observed * (1 + 1e-7)
    total = sum(q for i in range(n + 1) if (q := _binomial_pmf(i, n, p)) <= limit)
    return min(1.0, total)


def poisson_comparison(k1: int, t1: float, k2: int, t2: float) -> float:
    """Exact two-sided p-value for equal Poisson rates k1/t1 and k2/t2 (conditional on k1 + k2)."""
    n = k1 + k2
    if n == 0:
        return 1.0
    return binomial_two_sided(k1, n, t1 / (t1 + t2))


@dataclass(frozen=True)
class ChangeTest:
    verdict: str  # SAKER or SLUMP
    method: str  # a short Swedish name of the test
    detail: str  # the interval or p-value, for the method text and the workbook


def _whole(value: float) -> bool:
    return float(value).is_integer() and value >= 0


def assess_change(unit: str, current: dict, previous: dict) -> ChangeTest | None:
    """Test the change from `previous` to `current` (published rows with täljare/nämnare); None when no test applies."""
    def number(row: dict, column: str) -> float | None:
        value = row.get(column)
        try:
            value = float(value)
        except (TypeError, ValueError):
            return None
        return None if math.isnan(value) else value

    if unit == "procent":
        k1, n1, k2, n2 = (number(current, "täljare"), number(current, "nämnare"),
                          number(previous, "täljare"), number(previous, "nämnare"))
        if None in (k1, n1, k2, n2) or not n1 or not n2 or k1 > n1 or k2 > n2:  # type: ignore[operator]
            return None
        d, low, high = newcombe_difference(k1, n1, k2, n2)  # type: ignore[arg-type]
        verdict = SAKER if low > 0 or high < 0 else SLUMP
        return ChangeTest(verdict, "skillnad mellan två andelar, Newcombes intervall",
                          f"{100 * low:.1f} till {100 * high:.1f} procentenheter".replace(".", ","))
    if unit == "antal" or unit.startswith("per "):
        # a count: the value itself; a rate per 1 000: the events (täljare) over the population (nämnare)
        rate = unit.startswith("per ")
        k1, k2 = number(current, "täljare" if rate else "värde"), number(previous, "täljare" if rate else "värde")
        if k1 is None or k2 is None or not _whole(k1) or not _whole(k2):
            return None
        t1 = number(current, "nämnare") if rate else 1.0
        t2 = number(previous, "nämnare") if rate else 1.0
        if not t1 or not t2:
            return None
        p = poisson_comparison(int(k1), t1, int(k2), t2)
        return ChangeTest(SAKER if p < ALPHA else SLUMP, "exakt Poissontest", f"p = {p:.3f}".replace(".", ","))
    return None
