"""Status grön / gul / röd / ingen from an indicator's målvärde.

Three kinds exist today: `tröskel` (fixed thresholds in a stated direction), `kategori`
(a category such as Ja/Delvis/Nej mapped to a colour) and `ingen` (never coloured).
`relativ` — colouring against a comparison set of municipalities, Kolada's way — is
already understood here so that adding it to the format needs no change in callers: it
takes the comparison values as an argument. A value is never inverted to fit a direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from suengine.definitions.model import Target

GREEN, YELLOW, RED, NONE = "grön", "gul", "röd", "ingen"
STATUSES = (GREEN, YELLOW, RED, NONE)
HIGHER_IS_BETTER, LOWER_IS_BETTER = "högre_är_bättre", "lägre_är_bättre"


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


def relative_status(value: float | None, comparison: Sequence[float], direction: str | None) -> str:
    """Kolada's relative colouring: best quarter grön, middle half gul, worst quarter röd.

    `comparison` holds the values of the comparison set (including this one or not);
    fewer than four values cannot be split into quarters, so nothing is coloured.
    """
    values = [v for v in comparison if v is not None]
    if value is None or len(values) < 4 or direction not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        return NONE
    worse = sum(1 for v in values if (v < value if direction == HIGHER_IS_BETTER else v > value))
    equal = sum(1 for v in values if v == value)
    rank = (worse + equal / 2) / len(values)  # share of the comparison set this value beats
    if rank >= 0.75:
        return GREEN
    if rank < 0.25:
        return RED
    return YELLOW


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
