"""Status grön / gul / röd / ingen from an indicator's målvärde.

Four kinds: `tröskel` (fixed thresholds in a stated direction), `kategori` (a category such as
Ja/Delvis/Nej mapped to a colour), `ingen` (never coloured) and `relativ` — Kolada's quartiles
among all kommuner for the same year and direction (`suengine.reference.relative`, where the rule
for ties and missing values is written down). `relativ` takes the other kommuners' values as an
argument; the build supplies them from `referens/` only when Kolada has the report's own year.
A value is never inverted to fit a direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from suengine.definitions.model import Target
from suengine.reference.relative import HIGHER, LOWER, quartile_colour

GREEN, YELLOW, RED, NONE = "grön", "gul", "röd", "ingen"
STATUSES = (GREEN, YELLOW, RED, NONE)
HIGHER_IS_BETTER, LOWER_IS_BETTER = "högre_är_bättre", "lägre_är_bättre"
_DIRECTIONS = {HIGHER_IS_BETTER: HIGHER, LOWER_IS_BETTER: LOWER}


def threshold_status(target: Target, value: float | None) -> str:
    """`högre_är_bättre`: ≥ grön → grön, ≥ gul → gul, else röd; `lägre_är_bättre` mirrored."""
    if value is None or target.green is None or target.direction not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        return NONE
    yellow = target.yellow if target.yellow is not None else target.green
    if target.direction == HIGHER_IS_BETTER:
        return GREEN if value >= target.green else YELLOW if value >= yellow else RED
    return GREEN if value <= target.green else YELLOW if value <= yellow else RED


def category_status(target: Target, category: str | None) -> str:
    """The colour the målvärde gives the row's category (e.g. ja → grön); unmapped → ingen."""
    if not category:
        return NONE
    colour = dict(target.colours).get(category)
    return colour if colour in (GREEN, YELLOW, RED) else NONE


def relative_status(value: float | None, comparison: Sequence[float | None], direction: str | None) -> str:
    """Kolada's relative colouring: best quarter grön, middle half gul, worst quarter röd.

    `comparison` holds the values of the other kommuner (the own kommun's Kolada value left out);
    the own value is placed among them (n = the others with a value + 1). Ties and missing values
    follow `suengine.reference.relative.quartile_colour`; no colour when it gives none.
    """
    if value is None or direction not in _DIRECTIONS:
        return NONE
    colour = quartile_colour(value, [*comparison, value], _DIRECTIONS[direction])
    return colour or NONE


StatusRule = Callable[[Target, "float | None", "str | None", Sequence[float]], str]

RULES: dict[str, StatusRule] = {
    "tröskel": lambda t, value, category, comparison: threshold_status(t, value),
    "kategori": lambda t, value, category, comparison: category_status(t, category),
    "ingen": lambda t, value, category, comparison: NONE,
    "relativ": lambda t, value, category, comparison: relative_status(value, comparison, t.direction),
}


def status(target: Target, value: float | None, category: str | None = None, comparison: Sequence[float] = ()) -> str:
    """The status of one result row; unknown målvärde kinds are not coloured."""
    rule = RULES.get(target.kind)
    return rule(target, value, category, comparison) if rule else NONE
