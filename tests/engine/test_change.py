"""The year-on-year change tests reproduce published worked examples (Newcombe 1998; R's poisson.test)."""

from __future__ import annotations

import pytest

from suengine.engine.change import SAKER, SLUMP, assess_change, newcombe_difference, poisson_comparison

# Newcombe RG (1998), "Interval estimation for the difference between independent proportions: comparison of
# eleven methods", Statistics in Medicine 17:873–890, Table II, method 10 (score interval, no continuity correction).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
]


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE_TABLE_II)
def test_newcombe_interval_matches_the_published_table(counts, expected):
    _, low, high = newcombe_difference(*counts)
    assert (round(low, 4), round(high, 4)) == expected


def test_exact_poisson_comparison_matches_r_poisson_test():
    # R: poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)) → p-value = 0.07967 (eba1977, ISwR)
    assert round(poisson_comparison(11, 800, 21, 1083 + 1050 + 878), 5) == 0.07967
    # equal counts over equal time: nothing to see
    assert poisson_comparison(30, 1, 30, 1) == pytest.approx(1.0)


def test_a_share_is_a_real_change_only_when_the_interval_excludes_zero():
    real = assess_change("procent", {"täljare": 56, "nämnare": 70}, {"täljare": 48, "nämnare": 80})
    chance = assess_change("procent", {"täljare": 5, "nämnare": 56}, {"täljare": 0, "nämnare": 29})
    assert real is not None and real.verdict == SAKER
    assert chance is not None and chance.verdict == SLUMP


def test_counts_and_rates_use_the_poisson_test_and_medians_are_not_tested():
    assert assess_change("antal", {"värde": 60}, {"värde": 30}).verdict == SAKER
    assert assess_change("antal", {"värde": 27}, {"värde": 29}).verdict == SLUMP
    # a rate per 1 000: 150 events among 2 000 children against 100 among 2 000 (täljare events, nämnare population)
    assert assess_change("per 1 000", {"täljare": 150, "nämnare": 2000}, {"täljare": 100, "nämnare": 2000}).verdict == SAKER
    assert assess_change("per 1 000", {"täljare": 150, "nämnare": 3000}, {"täljare": 100, "nämnare": 2000}).verdict == SLUMP
    assert assess_change("dagar", {"värde": 40.0}, {"värde": 80.0}) is None
    assert assess_change("procent", {"täljare": None, "nämnare": 10}, {"täljare": 3, "nämnare": 10}) is None


@pytest.mark.parametrize("p", [0.1, 0.25, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("n", [1, 2, 7, 20, 57])
def test_exact_binomial_matches_scipy_and_never_exceeds_one(n: int, p: float) -> None:
    """Issue 20: the two-sided binomial p of every outcome k = 0..n against scipy's binomtest (R's method),
    and never above 1 (5 of 57 at p = 0,1 sums to 1 + 3e-14 before the cap)."""
    from scipy.stats import binomtest

    from suengine.engine.change import binomial_two_sided

    for k in range(n + 1):
        ours = binomial_two_sided(k, n, p)
        assert ours == pytest.approx(binomtest(k, n, p).pvalue, rel=1e-9, abs=1e-12), (k, n, p)
        assert 0.0 < ours <= 1.0
    assert binomial_two_sided(5, 57, 0.1) == 1.0


def test_binomial_probabilities_at_p_zero_and_one() -> None:
    from suengine.engine.change import _binomial_pmf

    assert [_binomial_pmf(k, 3, 0.0) for k in range(4)] == [1.0, 0.0, 0.0, 0.0]
    assert [_binomial_pmf(k, 3, 1.0) for k in range(4)] == [0.0, 0.0, 0.0, 1.0]


def test_poisson_comparison_edges() -> None:
    assert poisson_comparison(0, 1, 0, 1) == 1.0  # no events at all: nothing to compare
    # one event, exposure 1 against 3: k1 = 1 of n = 1 with p = 1/4; P(k1 = 1) = 0,25 is the only outcome no more likely
    assert poisson_comparison(1, 1, 0, 3) == pytest.approx(0.25)


def test_newcombe_uses_the_given_confidence_level() -> None:
    from suengine.engine.change import wilson_interval

    _, low95, high95 = newcombe_difference(9, 10, 3, 10)
    _, low99, high99 = newcombe_difference(9, 10, 3, 10, z=2.5758293035489)
    assert low99 < low95 and high99 > high95
    l1, u1 = wilson_interval(9, 10, z=2.5758293035489)
    l2, u2 = wilson_interval(3, 10, z=2.5758293035489)
    assert low99 == pytest.approx(0.6 - ((0.9 - l1) ** 2 + (u2 - 0.3) ** 2) ** 0.5)
    assert high99 == pytest.approx(0.6 + ((u1 - 0.9) ** 2 + (0.3 - l2) ** 2) ** 0.5)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(0.2775, abs=5e-5))  # Newcombe 1998, Table I


def test_the_test_is_named_and_its_figures_written_in_swedish() -> None:
    share = assess_change("procent", {"täljare": 56, "nämnare": 70}, {"täljare": 48, "nämnare": 80})
    assert (share.method, share.detail) == ("skillnad mellan två andelar, Newcombes intervall", "5,2 till 33,4 procentenheter")
    rate = assess_change("per 1 000", {"täljare": 11, "nämnare": 800}, {"täljare": 21, "nämnare": 1083 + 1050 + 878})
    assert (rate.verdict, rate.method, rate.detail) == (SLUMP, "exakt Poissontest", "p = 0,080")


@pytest.mark.parametrize(
    ("unit", "current", "previous"),
    [
        ("procent", {"täljare": 11, "nämnare": 10}, {"täljare": 3, "nämnare": 10}),  # more successes than cases, now
        ("procent", {"täljare": 3, "nämnare": 10}, {"täljare": 11, "nämnare": 10}),  # ... or the year before
        ("procent", {"täljare": 0, "nämnare": 0}, {"täljare": 3, "nämnare": 10}),  # an empty year
        ("procent", {"täljare": 3, "nämnare": 10}, {"täljare": 0, "nämnare": 0}),
        ("procent", {"täljare": float("nan"), "nämnare": 10}, {"täljare": 3, "nämnare": 10}),  # hidden (NaN)
        ("procent", {"täljare": 3, "nämnare": 10}, {"täljare": 3, "nämnare": None}),
        ("antal", {"värde": 2.5}, {"värde": 3}),  # not a count
        ("antal", {"värde": 3}, {"värde": 2.5}),
        ("antal", {"värde": -2}, {"värde": 3}),
        ("antal", {"värde": None}, {"värde": 3}),
        ("antal", {"värde": 3}, {"värde": None}),
        ("per 1 000", {"täljare": 15, "nämnare": 0}, {"täljare": 10, "nämnare": 2000}),  # no population
        ("per 1 000", {"täljare": 15, "nämnare": 2000}, {"täljare": 10, "nämnare": None}),
    ],
)
def test_no_test_without_two_valid_years(unit: str, current: dict, previous: dict) -> None:
    assert assess_change(unit, current, previous) is None


def test_edges_that_are_still_tested() -> None:
    # all cases successful, and a year with no events: valid inputs
    assert assess_change("procent", {"täljare": 10, "nämnare": 10}, {"täljare": 2, "nämnare": 10}).verdict == SAKER
    assert assess_change("procent", {"täljare": 2, "nämnare": 10}, {"täljare": 10, "nämnare": 10}).verdict == SAKER
    assert assess_change("antal", {"värde": 0}, {"värde": 10}).verdict == SAKER  # p = 2/1024
