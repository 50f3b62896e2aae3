"""Relative colouring as pure functions: Kolada-style quartiles among all kommuner, and the difference from riket.

Quartile rule (one KPI, one year, kön T, all kommuner that have a value):
* n = the number of kommuner with a value; kommuner without a value are left out (not counted as worst).
* A kommun is **grön** when fewer than a quarter of n are strictly better, **röd** when fewer than a
  quarter of n are strictly worse (and it is not grön), otherwise **gul** (the middle half).
  "Better" follows the direction: högre är bättre or lägre är bättre.
* Ties: equal values always get the same colour, since only strictly better/worse values count.
* No colour (None) when the own value is missing, when fewer than MIN_AREAS kommuner have a value,
  or when all values are equal (no spread to compare within).

Jämfört med riket: "högre än riket" / "lägre än riket" only when the own value's confidence interval
excludes riket's value (a riket value on the interval's edge counts as inside); otherwise
"ingen säker skillnad". Without an interval or a riket value nothing can be said (None).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

GREEN, YELLOW, RED = "grön", "gul", "röd"
HIGHER, LOWER = "högre", "lägre"  # högre/lägre är bättre
MIN_AREAS = 4
ABOVE, BELOW, NO_DIFFERENCE = "högre än riket", "lägre än riket", "ingen säker skillnad"


def _present(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def quartile_colour(own: float | None, all_values: Iterable[float | None], direction: str) -> str | None:
    """grön/gul/röd for `own` among `all_values` (every kommun's value, own included), or None."""
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"okänd riktning '{direction}' (högre eller lägre)")
    if not _present(own):
        return None
    values = [float(v) for v in all_values if _present(v)]
    n = len(values)
    if n < MIN_AREAS or min(values) == max(values):
        return None
    above = sum(1 for v in values if v > own)
    below = sum(1 for v in values if v < own)
    better, worse = (above, below) if direction == HIGHER else (below, above)
    if better < n / 4:
        return GREEN
    if worse < n / 4:
        return RED
    return YELLOW


def quartile_colours(values: dict[str, float | None], direction: str) -> dict[str, str | None]:
    """The colour of every kommun in `values` (kommun code -> value) among all of them."""
    return {code: quartile_colour(value, values.values(), direction) for code, value in values.items()}


def compare_with_riket(lower: float | None, upper: float | None, riket: float | None) -> str | None:
    """"högre än riket", "lägre än riket" or "ingen säker skillnad" from the own interval [lower, upper]."""
    if not (_present(lower) and _present(upper) and _present(riket)):
        return None
    if lower > upper:
        raise ValueError("intervallets undre gräns är större än den övre")
    if lower > riket:
        return ABOVE
    if upper < riket:
        return BELOW
    return NO_DIFFERENCE
