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
