"""The population algebra (`suengine.engine.states`) against its definition, for every input.

Each of the six inputs (urval U, nämnare N, open window O, exkludering X, undantag D, täljare T) is
true, false or unknown, and the engine gives it either as a column (any of the three values) or as
a constant TRUE/FALSE that is folded away. Every combination is evaluated in DuckDB and compared
with a plain-Python Kleene reading of docs/indikatorformat.md:

    E = U ∧ N ∧ ¬O ∧ ¬X ∧ ¬(D ∧ ¬T)

censurerad: U ∧ N ∧ O; exkluderad: U ∧ N ∧ ¬O ∧ X; undantagen: U ∧ N ∧ ¬O ∧ ¬X ∧ D ∧ ¬T (all
definitely true); bortfall i nämnaren: E unknown; täljare: E ∧ T; bortfall i täljaren: E true, T unknown.
"""

from __future__ import annotations

import itertools

import duckdb

from suengine.engine.states import FALSE, INPUTS, STATES, TRUE, is_constant, state_expressions

Truth = bool | None


def k_and(*values: Truth) -> Truth:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def k_not(value: Truth) -> Truth:
    return None if value is None else not value


def expected(u: Truth, n: Truth, o: Truth, x: Truth, d: Truth, t: Truth) -> dict[str, bool]:
    base = k_and(u, n)
    effective = k_and(u, n, k_not(o), k_not(x), k_not(k_and(d, k_not(t))))
    return {
        "s_urval": u is True,
        "s_cens": k_and(base, o) is True,
        "s_exkl": k_and(base, k_not(o), x) is True,
        "s_und": k_and(base, k_not(o), k_not(x), d, k_not(t)) is True,
        "s_eff": effective is True,
        "s_bn": effective is None,
        "s_talj": k_and(effective, t) is True,
        "s_bt": effective is True and t is None,
    }


def _sql(value: Truth) -> str:
    return "NULL" if value is None else "TRUE" if value else "FALSE"


def test_every_state_for_every_input_as_a_column_or_a_constant() -> None:
    con = duckdb.connect()
    values: tuple[Truth, ...] = (True, False, None)
    rows = list(itertools.product(values, repeat=len(INPUTS)))
    columns = [f"c{i}" for i in range(len(INPUTS))]
    table = ", ".join("(" + ", ".join(_sql(v) for v in row) + ")" for row in rows)
    con.execute(f"CREATE TABLE inputs AS SELECT * FROM (VALUES {table}) AS v({', '.join(columns)})")
    checked = 0
    for kinds in itertools.product(("column", True, False), repeat=len(INPUTS)):
        given = {name: (f"CAST({col} AS BOOLEAN)" if kind == "column" else TRUE if kind else FALSE)
                 for name, col, kind in zip(INPUTS, columns, kinds)}
        states = state_expressions(given)
        assert list(states) == list(STATES)
        # The rows this combination can give: a constant input has only its own value.
        where = " AND ".join(f"{col} IS NOT DISTINCT FROM {_sql(kind)}" for col, kind in zip(columns, kinds) if kind != "column")
        select = ", ".join([*columns, *(f"({sql}) AS {name}" for name, sql in states.items())])
        got = con.execute(f"SELECT {select} FROM inputs" + (f" WHERE {where}" if where else "")).fetchall()
        assert got
        for result in got:
            inputs, computed = result[: len(INPUTS)], dict(zip(STATES, result[len(INPUTS):]))
            assert computed == expected(*inputs), (kinds, inputs, states)
            checked += 1
        for name, sql in states.items():
            # A state that is the same for every possible row is folded to a constant, never left NULL.
            assert sql not in ("NULL", "")
            if is_constant(sql):
                assert {dict(zip(STATES, r[len(INPUTS):]))[name] for r in got} == {sql == TRUE}
    assert checked == 5 ** len(INPUTS)  # each input: a column holding true/false/unknown, or one of two constants


def test_the_states_of_a_record_are_exclusive_and_cover_its_urval() -> None:
    for inputs in itertools.product((True, False, None), repeat=len(INPUTS)):
        u, n, o, x, d, t = inputs
        states = expected(*inputs)
        kept = [name for name in ("s_cens", "s_exkl", "s_und", "s_eff", "s_bn") if states[name]]
        assert len(kept) <= 1
        assert not (states["s_talj"] and states["s_bt"])
        if u is True and n is True and not kept:
            # Definitely out of the effective nämnare, but for a reason that is itself unknown:
            # censored or excluded/excepted (window unknown), excluded or excepted (exkludering
            # unknown). Such a record counts in the urval only (see tests/MUTATION.md).
            assert (o is None and (x is True or (d is True and t is False))) or (x is None and d is True and t is False), inputs
        elif u is True and n is True:
            assert len(kept) == 1


def test_constants_are_folded_to_the_smallest_expression() -> None:
    # an indicator with only an urval and a täljare: no window, no exkludering, no undantag, so
    # nobody can be censored, excluded or excepted and those counts are not computed at all
    states = state_expressions({"_urval": "u", "_nämnare": TRUE, "_öppen": FALSE, "_exkl": FALSE, "_undantag": FALSE, "_täljare": "t"})
    assert {name for name, sql in states.items() if is_constant(sql)} == {"s_cens", "s_exkl", "s_und"}
    assert {states[name] for name in ("s_cens", "s_exkl", "s_und")} == {FALSE}
    assert states["s_urval"] == states["s_eff"]  # the same expression, computed once by the query
    assert "t" not in states["s_eff"] and "t" in states["s_talj"]
    everything_true = state_expressions(dict.fromkeys(INPUTS, TRUE))
    assert {name for name, sql in everything_true.items() if sql == TRUE} == {"s_urval", "s_cens"}
    assert all(is_constant(sql) for sql in everything_true.values())
    assert is_constant(TRUE) and is_constant(FALSE) and not is_constant("(TRUE AND u)")
