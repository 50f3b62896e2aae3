"""Relative colouring: Kolada quartiles with ties and missing values, and 'jämfört med riket' decided by the interval."""

from __future__ import annotations

import math

import pytest

from suengine.reference.relative import (
    ABOVE, BELOW, GREEN, NO_DIFFERENCE, RED, YELLOW, compare_with_riket, quartile_colour, quartile_colours,
)


def test_eight_distinct_values_give_two_green_four_yellow_two_red():
    values = {f"k{i}": float(i) for i in range(1, 9)}
    colours = quartile_colours(values, "högre")
    assert [colours[f"k{i}"] for i in range(8, 0, -1)] == [GREEN, GREEN, YELLOW, YELLOW, YELLOW, YELLOW, RED, RED]


def test_direction_lower_is_better_reverses_the_colours():
    values = {f"k{i}": float(i) for i in range(1, 9)}
    higher, lower = quartile_colours(values, "högre"), quartile_colours(values, "lägre")
    assert lower["k1"] == higher["k8"] == GREEN
    assert lower["k8"] == higher["k1"] == RED


def test_ties_share_one_colour_decided_by_strictly_better_values():
    # 3 kommuner share the best value: fewer than a quarter (2 of 8) are strictly better than none of them
    values = [10, 10, 10, 7, 6, 5, 4, 1]
    assert quartile_colour(10, values, "högre") == GREEN
    # a tie straddling the quarter border: both 7s count 3 better of 8 (≥ 2) and 3 worse (≥ 2)
    tied = [10, 9, 8, 7, 7, 3, 2, 1]
    assert quartile_colour(7, tied, "högre") == YELLOW
    # tie at the bottom: 1 strictly worse of 8 → röd for both
    bottom = [10, 9, 8, 7, 6, 5, 2, 2]
    assert {quartile_colour(2, bottom, "högre")} == {RED}


def test_missing_values_are_left_out_not_counted_as_worst():
    with_missing = [8, 7, 6, 5, None, float("nan"), None, None]
    # n = 4: 5 is the worst of four → röd; 8 best → grön
    assert quartile_colour(5, with_missing, "högre") == RED
    assert quartile_colour(8, with_missing, "högre") == GREEN
    assert quartile_colour(None, with_missing, "högre") is None
    assert quartile_colour(math.nan, with_missing, "högre") is None


def test_too_few_values_or_no_spread_give_no_colour():
    assert quartile_colour(3, [3, 2, 1], "högre") is None
    assert quartile_colour(5, [5, 5, 5, 5, 5], "högre") is None
    with pytest.raises(ValueError):
        quartile_colour(1, [1, 2, 3, 4], "bättre")


def test_riket_inside_the_interval_is_no_certain_difference():
    assert compare_with_riket(40.0, 50.0, 45.0) == NO_DIFFERENCE
    assert compare_with_riket(40.0, 50.0, 39.9) == ABOVE
    assert compare_with_riket(40.0, 50.0, 50.1) == BELOW


def test_riket_on_the_interval_edge_counts_as_inside():
    assert compare_with_riket(40.0, 50.0, 40.0) == NO_DIFFERENCE
    assert compare_with_riket(40.0, 50.0, 50.0) == NO_DIFFERENCE


def test_no_interval_or_no_riket_says_nothing():
    assert compare_with_riket(None, 50.0, 45.0) is None
    assert compare_with_riket(40.0, 50.0, None) is None
    assert compare_with_riket(40.0, 50.0, float("nan")) is None
    with pytest.raises(ValueError):
        compare_with_riket(50.0, 40.0, 45.0)
