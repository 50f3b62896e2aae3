"""A record's state in the population algebra, as SQL, with constant populations folded away.

Inputs are the three-valued population results U (urval), N (nämnare), O (follow-up window
still open), X (exkludering), D (undantag), T (täljare). Most indicators leave several of them
at their defaults (N true, O/X/D false), and folding those constants here — with Kleene's
rules, which treat a literal TRUE/FALSE like any other truth value — keeps the statement as
small as a hand-written one: states that cannot occur are not computed, carried or counted.

    E = U ∧ N ∧ ¬O ∧ ¬X ∧ ¬(D ∧ ¬T)     (the effective nämnare)
"""

from __future__ import annotations

TRUE, FALSE = "TRUE", "FALSE"
STATES = ("s_urval", "s_cens", "s_exkl", "s_und", "s_eff", "s_bn", "s_talj", "s_bt")
INPUTS = ("_urval", "_nämnare", "_öppen", "_exkl", "_undantag", "_täljare")


def _and(*terms: str) -> str:
    if FALSE in terms:
        return FALSE
    kept = [t for t in terms if t != TRUE]
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else "(" + " AND ".join(kept) + ")"


def _not(term: str) -> str:
    return FALSE if term == TRUE else TRUE if term == FALSE else f"(NOT {term})"


def _definitely(term: str) -> str:
    """True only when the term is true (unknown counts as not)."""
    return term if term in (TRUE, FALSE) else f"coalesce({term}, FALSE)"


def _unknown(term: str) -> str:
    return FALSE if term in (TRUE, FALSE) else f"({term} IS NULL)"


def state_expressions(inputs: dict[str, str]) -> dict[str, str]:
    """SQL (or the constant FALSE/TRUE) of every state, given each input's column or constant."""
    u, n, o, x, d, t = (inputs[k] for k in INPUTS)
    base = _and(u, n)
    effective = _and(u, n, _not(o), _not(x), _not(_and(d, _not(t))))
    return {
        "s_urval": _definitely(u),
        "s_cens": _definitely(_and(base, o)),
        "s_exkl": _definitely(_and(base, _not(o), x)),
        "s_und": _definitely(_and(base, _not(o), _not(x), d, _not(t))),
        "s_eff": _definitely(effective),
        "s_bn": _unknown(effective),
        "s_talj": _definitely(_and(effective, t)),
        "s_bt": _and(_definitely(effective), _unknown(t)),
    }


def is_constant(sql: str) -> bool:
    return sql in (TRUE, FALSE)
