"""Disclosure control on hand-made rows: the primary rule at 1, t − 1 and t for each count it reads,
the linked cells (publish/disclosure_links.py) and the facts they rest on (publish/linkage.py).

Rows are given as the engine makes them (`_rad`, `_gräns`, `_skyddas`, `_n_värde`), so every rule
is checked without running the engine; the mutation-testing selection (tests/MUTATION.md) relies
on these tests.
"""

from __future__ import annotations

import pytest

from engine.helpers import indicator
from suengine.definitions import conditions as c
from suengine.publish import linkage
from suengine.publish.disclosure import COUNTS, PRIMARY, SECONDARY, is_primary, suppress_rows
from suengine.publish.disclosure_links import Linked, Protection, Relation, _cheapest
from suengine.publish.earlier import Pattern
from suengine.publish.linkage import Count, IndicatorFacts, facts, shared_thresholds, stratum_restriction


def _main(stratum: str = "", uppdelning: str | None = None, indicator: str = "a", **counts) -> dict:
    row = {"indikator_id": indicator, "period": "2024", "uppdelning": uppdelning or ("total" if not stratum else "kön"), "stratum": stratum,
           "kategori": "", "_rad": "huvud", "_gräns": 5, "_skyddas": True}
    row.update({c: 0 for c in ("urval", "exkluderade", "undantag", "censurerade", "bortfall_nämnare", "bortfall_täljare")})
    row.update(counts)
    row.setdefault("_n_värde", row.get("nämnare"))
    return row


@pytest.mark.parametrize("column", ["nämnare", "täljare", "_n_värde"])
@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (4, True), (5, False), (None, False), (float("nan"), False)])
def test_primary_rule_at_the_edges(column: str, count: float | None, small: bool) -> None:
    row = _main(nämnare=40, täljare=20, _n_värde=40) | {column: count}
    assert is_primary(row) is small
    assert is_primary(row | {"_gräns": 3}) is (small and count is not None and count < 3)
    assert is_primary(row | {"_skyddas": False}) is False


def test_suppress_rows_marks_primary_and_secondary_and_keeps_given_reasons() -> None:
    rows = [_main(nämnare=30, täljare=12), _main("flicka", nämnare=4, täljare=2), _main("pojke", nämnare=26, täljare=10)]
    suppress_rows(rows)
    assert [(r["undertryckt"], r["undertryckt_orsak"]) for r in rows] == [(False, ""), (True, PRIMARY), (True, SECONDARY)]
    assert [r["_dolda"] for r in rows] == ["", "", ""]
    withheld = [_main(nämnare=30, täljare=12), _main("flicka", nämnare=14, täljare=7, undertryckt_orsak="bortfall"), _main("pojke", nämnare=16, täljare=5)]
    suppress_rows(withheld)
    assert [r["undertryckt_orsak"] for r in withheld] == ["", "bortfall", SECONDARY]
    facts = {"a": IndicatorFacts("a", "andel", 5, False)}
    exempt = [_main(nämnare=30, täljare=12), _main("flicka", nämnare=4, täljare=2), _main("pojke", nämnare=26, täljare=10)]
    suppress_rows(exempt, facts | {})
    assert [r["undertryckt"] for r in exempt] == [False, True, False]  # the row's own `_skyddas` decides the primary rule



def test_rows_without_a_kind_are_main_rows() -> None:
    """Hand-made rows without `_rad` are main rows: their auxiliary counts are cells of their own."""
    rows = [{k: v for k, v in _main(nämnare=30, täljare=12, urval=32, bortfall_täljare=2).items() if k != "_rad"}]
    suppress_rows(rows)
    assert rows[0]["_rad"] == "huvud" and not rows[0]["undertryckt"] and rows[0]["_dolda"] == "bortfall_täljare,urval"


def test_an_earlier_versions_pattern_is_hidden_again() -> None:
    """`carried`: rows and single cells an earlier version of the same report year hid stay hidden."""
    def rows() -> list[dict]:
        return [_main(nämnare=30, täljare=12, urval=30), _main("flicka", nämnare=12, täljare=6, urval=12),
                _main("pojke", nämnare=18, täljare=6, urval=18), _main(indicator="personal", nämnare=2, _skyddas=False)]

    plain = rows()
    suppress_rows(plain, {"a": IndicatorFacts("a", "andel", 5, True), "personal": IndicatorFacts("personal", "andel", 5, False)})
    assert [r["undertryckt"] for r in plain] == [False, False, False, False]
    carried = Pattern(rows={("a", "2024", "kön", "flicka", "")}, cells={(("a", "2024", "total", "", ""), "exkluderade")}, versions=["2025.1"])
    again = rows()
    suppress_rows(again, {"a": IndicatorFacts("a", "andel", 5, True), "personal": IndicatorFacts("personal", "andel", 5, False)}, carried)
    assert [(r["undertryckt"], r["undertryckt_orsak"]) for r in again] == [(False, ""), (True, SECONDARY), (True, SECONDARY), (False, "")]
    assert again[0]["_dolda"] == "exkluderade,urval"  # the cell hidden before, and the urval with it


# --- disclosure_links: the cells, their relations and the rules that grow the hidden set -----------------


def _category(label: str, count: int, base: int, stratum: str = "", indicator: str = "f", **extra) -> dict:
    return {"indikator_id": indicator, "period": "2024", "uppdelning": "total" if not stratum else "kön", "stratum": stratum,
            "kategori": label, "_rad": "kategori", "_gräns": 5, "_skyddas": True, "nämnare": base, "täljare": count,
            **{c: None for c in ("urval", "exkluderade", "undantag", "censurerade", "bortfall_nämnare", "bortfall_täljare")}, **extra}


def test_linked_cells_of_an_andel_by_sex() -> None:
    rows = [_main(nämnare=30, täljare=12, urval=31, exkluderade=1), _main("flicka", nämnare=10, täljare=4, urval=10),
            _main("pojke", nämnare=18, täljare=8, urval=19, exkluderade=1, bortfall_täljare=None)]
    linked = Linked(rows, {"a": IndicatorFacts("a", "andel", 5, True)})
    assert linked.value[("r", 0, "urval")] == 31.0 and ("r", 2, "bortfall_täljare") not in linked.value  # a missing count is no cell
    assert linked.row_cells[1] == [("r", 1, c) for c in COUNTS]
    assert linked.shown_by[("r", 2, "täljare")] == [2]
    assert linked.defining == {i: [("r", i, "nämnare"), ("r", i, "täljare")] for i in range(3)}  # an andel's value rests on both
    by_total = {r.total: r for r in linked.relations}
    assert len(linked.relations) == len(COUNTS) and all(r.rest and r.limit == 5 for r in linked.relations)
    assert by_total[("r", 0, "täljare")].members == (("r", 1, "täljare"), ("r", 2, "täljare"))
    assert by_total[("r", 0, "bortfall_täljare")].members == (("r", 1, "bortfall_täljare"),)
    assert (linked.equal, linked.step_groups, linked.pivots) == ([], [], [])
    assert Linked(rows, {"a": IndicatorFacts("a", "antal", 5, True)}).defining[0] == [("r", 0, "nämnare")]
    assert Linked(rows, {"a": IndicatorFacts("a", "andel", 5, False)}).value == {}  # data that describe no child


def test_linked_cells_of_a_distribution() -> None:
    rows = [_main(nämnare=32, täljare=None, bortfall_täljare=2, indicator="f"), _category("polis", 20, 30), _category("skola", 10, 30)]
    linked = Linked(rows, {"f": IndicatorFacts("f", "fördelning", 5, True)})
    base = ("bas", "f", "2024", "total", "")
    assert linked.value[base] == 30.0 and linked.shown_by[base] == [1, 2]
    assert linked.row_cells[1] == [base, ("r", 1, "täljare")] and linked.defining[2] == [base, ("r", 2, "täljare")]
    assert linked.defining[0] == [("r", 0, "nämnare")]
    assert Relation(base, (("r", 1, "täljare"), ("r", 2, "täljare")), False, 5) in linked.relations
    assert Relation(("r", 0, "nämnare"), (base, ("r", 0, "bortfall_täljare")), False, 5) in linked.relations
    changes = Linked(rows, {"f": IndicatorFacts("f", "förändring", 5, True)})
    assert changes.step_groups == [(0, [("r", 1, "täljare"), ("r", 2, "täljare")])]
    assert Relation(("r", 0, "nämnare"), (base, ("r", 0, "bortfall_täljare")), False, 5) not in changes.relations
    none_base = Linked([_category("polis", None, None, stratum=None)], {"f": IndicatorFacts("f", "fördelning", 5, True)})
    assert none_base.value == {("bas", "f", "2024", "total", ""): 0.0, ("r", 0, "täljare"): 0.0}  # missing counts are 0; stratum None is ""


def test_linked_strata_of_distributions_relate_their_bases() -> None:
    rows = [_category("polis", 20, 30), _category("polis", 8, 12, "flicka"), _category("polis", 12, 18, "pojke")]
    linked = Linked(rows, {"f": IndicatorFacts("f", "fördelning", 5, True)})
    total_base, girls, boys = (("bas", "f", "2024", u, s) for u, s in (("total", ""), ("kön", "flicka"), ("kön", "pojke")))
    assert Relation(total_base, (girls, boys), True, 5) in linked.relations
    assert Relation(("r", 0, "täljare"), (("r", 1, "täljare"), ("r", 2, "täljare")), True, 5) in linked.relations
    protection = Protection(linked)
    protection.hide_row(1)  # flicka's only category row: its base is no longer shown
    assert girls in protection.hidden
    assert protection._repair(Relation(total_base, (girls, boys), True, 5)) == boys  # a stratum's base, not the total's
    two_totals = Linked(rows + [_category("polis", 20, 30)], {"f": IndicatorFacts("f", "fördelning", 5, True)})
    assert not any(r.rest for r in two_totals.relations)  # no single total row: no strata relation



def test_linked_relations_per_category_and_stratum() -> None:
    """Rows of other indicators (unprotected, or with no total row) before them change nothing; each
    category has its own strata relation, each stratum its own base."""
    rows = [_main(indicator="x", nämnare=3, _skyddas=False), _main("flicka", indicator="y", nämnare=4)]
    for label, counts in (("polis", (20, 8, 12)), ("skola", (10, 4, 6))):
        rows += [_category(label, counts[0], 30), _category(label, counts[1], 12, "flicka"), _category(label, counts[2], 18, "pojke")]
    facts_ = {"x": IndicatorFacts("x", "andel", 5, False), "y": IndicatorFacts("y", "antal", 5, True), "f": IndicatorFacts("f", "fördelning", 5, True)}
    linked = Linked(rows, facts_)
    total_base, girls, boys = (("bas", "f", "2024", u, s) for u, s in (("total", ""), ("kön", "flicka"), ("kön", "pojke")))
    assert Relation(("r", 2, "täljare"), (("r", 3, "täljare"), ("r", 4, "täljare")), True, 5) in linked.relations  # polis
    assert Relation(("r", 5, "täljare"), (("r", 6, "täljare"), ("r", 7, "täljare")), True, 5) in linked.relations  # skola
    assert Relation(girls, (("r", 3, "täljare"), ("r", 6, "täljare")), False, 5) in linked.relations
    assert Relation(boys, (("r", 4, "täljare"), ("r", 7, "täljare")), False, 5) in linked.relations
    assert Relation(total_base, (girls, boys), True, 5) in linked.relations
    assert len(linked.relations) == 6  # 2 categories' täljare + the bases' strata + 3 bases as sums of categories


def test_equal_populations_per_stratum() -> None:
    """The kön=flicka row of one indicator counts the same units as the flicka row of another over the
    same population, not its total; a population only one row counts links nothing; an antal's single
    nämnare is the pivot of an andel's nämnare + bortfall_täljare."""
    urval = Count("U", ("urval",))
    facts_ = {"only": IndicatorFacts("only", "antal", 5, True, counts=(Count("V", ("urval",)), urval)),
              "a": IndicatorFacts("a", "antal", 5, True, counts=(urval, Count("E", ("nämnare",))), strata={"kön": ("kön", (), None, True)}),
              "b": IndicatorFacts("b", "andel", 5, True, counts=(urval, Count("E", ("nämnare", "bortfall_täljare"))),
                                  strata={"kön": ("kön", (), None, True)})}
    rows = [_main(indicator="only", urval=25, nämnare=25),
            _main(indicator="a", urval=30, nämnare=30), _main("flicka", indicator="a", urval=12, nämnare=12), _main("pojke", indicator="a", urval=18, nämnare=18),
            _main(indicator="b", urval=30, nämnare=27, bortfall_täljare=3), _main("flicka", indicator="b", urval=12, nämnare=12),
            _main("pojke", indicator="b", urval=18, nämnare=15, bortfall_täljare=3)]
    linked = Linked(rows, facts_)
    assert linked.equal == [[("r", 0, "urval"), ("r", 1, "urval"), ("r", 4, "urval")], [("r", 2, "urval"), ("r", 5, "urval")], [("r", 3, "urval"), ("r", 6, "urval")]]
    assert Relation(("r", 1, "nämnare"), (("r", 4, "nämnare"), ("r", 4, "bortfall_täljare")), False, 5) in linked.relations
    assert Relation(("r", 3, "nämnare"), (("r", 6, "nämnare"), ("r", 6, "bortfall_täljare")), False, 5) in linked.relations
    assert linked.pivots == []


def test_hide_row_hides_a_base_only_when_no_row_shows_it() -> None:
    rows = [_category("polis", 20, 30), _category("skola", 10, 30)]
    protection = Protection(Linked(rows, {"f": IndicatorFacts("f", "fördelning", 5, True)}))
    base = ("bas", "f", "2024", "total", "")
    assert protection.hide_row(0) is True and protection.hidden == {("r", 0, "täljare")}
    assert protection.hide_row(0) is False
    assert protection.hide_row(1) is True and protection.hidden == {("r", 0, "täljare"), ("r", 1, "täljare"), base}


def test_cheapest_cell_to_hide() -> None:
    value = {("r", 1, "täljare"): 3.0, ("r", 2, "täljare"): 7.0, ("bas", "f"): 6.0, ("r", 0, "täljare"): 7.0, ("r", 3, "urval"): 8.0}
    r1, r2, base, r0, r3 = value
    assert _cheapest([], value, 1) is None
    assert _cheapest([r1, r2], value, 5) == r2  # the only one that lifts the sum enough
    assert _cheapest([r2, r1], value, 3) == r1  # exactly enough is enough
    assert _cheapest([base, r3], value, 5) == r3  # a distribution's base only as a last resort
    assert _cheapest([r2, r0], value, 5) == r0  # equal cost: the same choice whatever the order
    assert _cheapest([r0, r2], value, 5) == r0
    assert _cheapest([r1, r2, r0], value, 10) == r2  # none is enough: the largest, ties by key
    assert _cheapest([r1, base], value, 10) == r1  # …and a base still last
    assert _cheapest([r2, r3], value, 10) == r3
    assert _cheapest([r0, r2], value, 10) == r2  # a tie in value: by key, whatever the order
    low_key, high_key = ("r", 1, "urval"), ("r", 2, "urval")
    assert _cheapest([high_key, low_key], {low_key: 9.0, high_key: 3.0}, 20) == low_key  # by value, not by key


def test_repair_of_a_relation() -> None:
    def repair(total: float, members: list[float], hidden: set[int], rest: bool = True, total_hidden: bool = False):
        rows = [_main(nämnare=total)] + [_main(f"s{i}", nämnare=m) for i, m in enumerate(members)]
        linked = Linked(rows, {"a": IndicatorFacts("a", "antal", 5, True)})
        protection = Protection(linked)
        protection.hide(("r", i + 1, "nämnare") for i in hidden)
        if total_hidden:
            protection.hide([("r", 0, "nämnare")])
        relation = Relation(("r", 0, "nämnare"), tuple(("r", i + 1, "nämnare") for i in range(len(members))), rest, 5)
        found = protection._repair(relation)
        return None if found is None else (found[1] - 1 if found[1] else "total")

    assert repair(30, [10, 20], set()) is None
    assert repair(30, [3, 20, 7], {0}) == 2  # 3 alone is recovered: hide the smallest that lifts it to 5 (7)
    assert repair(30, [3, 20, 1], {0}) == 1  # 1 is not enough (3 + 1 < 5): the next that is
    assert repair(30, [3, 2, 25], {0, 1}) is None  # two hidden, together 5 (and the rest 30 − 25 − 5 = 0)
    assert repair(30, [3, 1, 20], {0, 1}) == 2  # two hidden but only 4 together
    assert repair(30, [0, 0, 30], {0, 1}) is None  # hidden zeros: nothing to protect
    assert repair(30, [10, 17], set()) == 0  # a rest of 3 in 1..4: hide a stratum so it is uncertain over 5
    assert repair(30, [10, 15], set()) is None  # a rest of 5
    assert repair(30, [10, 17], set(), rest=False) is None  # exact relation: no rest
    assert repair(30, [4], {0}) == "total"  # nothing shown to hide: the total
    assert repair(30, [10, 20], set(), total_hidden=True) == 0  # a hidden total given by its shown strata
    assert repair(30, [3, 27], {0}, total_hidden=True) == 1  # a hidden total does not protect a small hidden member
    assert repair(30, [3, 27], {0, 1}, total_hidden=True) is None
    assert repair(30, [3, 2, 25], {0, 1}, total_hidden=True) is None  # two hidden, together exactly 5
    assert repair(30, [0, 30], {0}, total_hidden=True) is None  # a hidden zero
    assert repair(30, [1, 29], {0}, total_hidden=True) == 1  # a hidden 1 is not a zero
    assert repair(30, [0, 1, 29], set(), total_hidden=True) == 1  # the cheapest non-zero member
    assert repair(30, [3, 27, 4], {0}, total_hidden=True) == 2  # lifts 3 to 5: 4 is enough
    assert repair(30, [6, 0, 24], {0}, total_hidden=True) == 1  # 6 is enough on its own but alone: any other, even 0
    assert repair(30, [1, 20, 9], {0}) == 2  # a hidden 1 needs company
    assert repair(30, [6, 0, 24], {0}) == 1
    assert repair(30, [0, 27], {0}) == 1  # a hidden zero, but the rest (3) is small: hide more
    assert repair(30, [0, 24, 3], {0}) == 2  # …lifting the known sum (3) to 5


def test_an_unpublished_population_is_no_reason_to_hide() -> None:
    """Two andel over the same utredningar with different täljare: nämnare + bortfall_täljare is the same
    population in both, a count no row shows on its own (a pivot); shown counts of 0 or ≥ 5 stay shown."""
    shared = (Count("E", ("nämnare", "bortfall_täljare")),)
    facts_ = {i: IndicatorFacts(i, "andel", 5, True, counts=shared) for i in ("a", "b")}
    rows = [_main(indicator="a", nämnare=25, täljare=10, bortfall_täljare=0), _main(indicator="b", nämnare=20, täljare=9, bortfall_täljare=5)]
    linked = Linked(rows, facts_)
    pivot = ("pop", ("E", frozenset(), "2024"))
    assert linked.pivots == [pivot] and linked.value[pivot] == 25.0
    assert Relation(pivot, (("r", 0, "nämnare"), ("r", 0, "bortfall_täljare")), False, 5) in linked.relations
    suppress_rows(rows, facts_)
    assert [(r["undertryckt"], r["_dolda"]) for r in rows] == [(False, ""), (False, "")]



def test_equal_cells_are_hidden_together_and_followed_through() -> None:
    """Two indicators counting the same urval (and the same nämnare): equal single cells. Hiding one hides
    the other, and what that hides in turn (its row, through its nämnare) is followed in the next pass."""
    same = (Count("U", ("urval",)), Count("E", ("nämnare",)))
    facts_ = {"x": IndicatorFacts("x", "personal", 5, False), **{i: IndicatorFacts(i, "antal", 5, True, counts=same) for i in ("a", "b")}}
    rows = [_main(indicator="x", nämnare=3), _main(indicator="a", nämnare=20, urval=20), _main(indicator="b", nämnare=20, urval=20)]
    linked = Linked(rows, facts_)
    assert linked.row_cells[0] == [] and ("r", 1, "nämnare") in linked.value  # an unprotected row first does not stop the rest
    assert linked.equal == [[("r", 1, "urval"), ("r", 2, "urval")], [("r", 1, "nämnare"), ("r", 2, "nämnare")]]
    protection = Protection(linked)
    assert protection._propagate() is False and protection.hidden == set()  # nothing hidden: nothing to follow
    protection.hide_row(1)
    protection.run()
    assert protection.hidden_rows == {1, 2}  # b's nämnare equals a's; b's value rests on it
    cell_only = Protection(linked)
    cell_only.hide([("r", 1, "bortfall_täljare")])
    cell_only.run()
    assert cell_only.hidden == {("r", 1, "bortfall_täljare"), ("r", 1, "urval"), ("r", 2, "urval")}  # urval with it, and its equal


def test_a_mean_change_is_hidden_with_its_steps() -> None:
    rows = [_main(indicator="f", nämnare=30, täljare=None), _category("1", 20, 30), _category("2", 10, 30)]
    linked = Linked(rows, {"f": IndicatorFacts("f", "förändring", 5, True)})
    protection = Protection(linked)
    assert protection._propagate() is False and protection.hidden_rows == set()
    protection.hide([("r", 2, "täljare")])
    assert protection._propagate() is True and 0 in protection.hidden_rows  # mean × base − shown steps would give it
    assert protection._propagate() is False


def test_run_grows_until_stable() -> None:
    rows = [_main(nämnare=30, täljare=12), _main("flicka", nämnare=4, täljare=2), _main("pojke", nämnare=26, täljare=10)]
    linked = Linked(rows, {"a": IndicatorFacts("a", "andel", 5, True)})
    protection = Protection(linked)
    protection.hide_row(1)
    protection.run(max_rounds=1)  # one round: the repair hides a pojke cell, the next would hide the row
    assert protection.hidden_rows == {1} and ("r", 2, "nämnare") in protection.hidden
    protection.run()
    assert protection.hidden_rows == {1, 2}
    untouched = Protection(linked)
    untouched.hide_row(1)
    untouched.run(max_rounds=0)
    assert untouched.hidden == {("r", 1, c) for c in COUNTS}


# --- linkage: what the definitions alone tell a reader (populations, restrictions, disjoint breakdowns) ---

BODY = """
bas: %s
poster: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: u%s}
  %s
beräkning: {typ: %s}
uppdelningar:
  - fält: kön
  - fält: enhet
  - {fält: ålder, namn: åldersgrupp, grupper: [{etikett: "0–12 år", från: 0, till: 12}, {etikett: "13–20 år", från: 13, till: 20}]}
"""
SAMTAL = "täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}"


def _facts(kind: str = "andel", basis: str = "utredning", urval: str = "", extra: str = "", threshold: int = 5, **overrides) -> IndicatorFacts:
    body = BODY % (basis, urval, extra or (SAMTAL if kind == "andel" else ""), kind)
    if basis == "utredning":
        body = body.replace("poster: utredning\n", "")
    return facts(indicator(body, **overrides), threshold)


def test_facts_of_an_andel_over_records() -> None:
    f = _facts()
    assert (f.id, f.kind, f.threshold, f.protected) == ("test-indikator", "andel", 5, True)
    assert f.disjoint == {"kön": True, "enhet": True, "åldersgrupp": True}  # each utredning in one stratum
    assert f.strata["kön"] == ("kön", (), None, True)
    assert f.strata["åldersgrupp"] == ("ålder", (("0–12 år", 0, 12), ("13–20 år", 13, 20)), "slut", True)
    assert [count.columns for count in f.counts] == [("urval",), ("nämnare", "bortfall_täljare"), ("täljare",)]
    assert f.effective == ("nämnare", "bortfall_täljare")
    urval, effective, numerator = f.counts
    assert urval.key != effective.key and urval.restriction == effective.restriction == frozenset()
    assert numerator.key == effective.key and numerator.restriction == {repr(("=", "enskilt_samtal", "ja"))}  # E narrowed by the täljare
    assert _facts(saknat_värde="räknas_som_nej").counts[1].columns == ("nämnare",)  # unknown counts as no: E is the nämnare


def test_children_counted_through_records_are_disjoint_only_by_kon() -> None:
    f = _facts(basis="barn")
    assert f.disjoint == {"kön": True, "enhet": False, "åldersgrupp": False}  # a child may have two units, two ages
    assert stratum_restriction(f, "enhet", "bou") == repr(("uppdelning", repr(("=", "enhet", "bou"))))
    assert stratum_restriction(f, "kön", "flicka") == repr(("=", "kön", "flicka"))


def test_stratum_restrictions() -> None:
    f = _facts()
    assert stratum_restriction(f, "total", "") is None
    assert stratum_restriction(f, "kön", "pojke") == repr(("=", "kön", "pojke"))
    assert stratum_restriction(f, "åldersgrupp", "13–20 år") == repr(("mellan", "ålder", 13, 20, "slut"))
    assert stratum_restriction(f, "åldersgrupp", "okänd") == repr(("uppdelning", "åldersgrupp", "okänd"))  # not a band
    assert stratum_restriction(f, "län", "x") == repr(("uppdelning", "län", "x"))  # a breakdown the facts do not know


def test_a_conjunct_selecting_a_stratum_is_a_restriction() -> None:
    girls = _facts(urval=", villkor: {alla: [{fält: kön, är: flicka}, {fält: utredningstyp, är: barnavård}]}")
    everyone = _facts(urval=", villkor: {fält: utredningstyp, är: barnavård}")
    assert girls.counts[0].key == everyone.counts[0].key
    assert girls.counts[0].restriction == {repr(("=", "kön", "flicka")), repr(("=", "utredningstyp", "barnavård"))}
    one_of = _facts(urval=", villkor: {fält: kön, en_av: [flicka]}")
    assert one_of.counts[0].restriction == {repr(("=", "kön", "flicka"))}
    two_of = _facts(urval=", villkor: {fält: kön, en_av: [flicka, pojke]}")
    assert two_of.counts[0].restriction == frozenset() and two_of.counts[0].key != everyone.counts[0].key
    band = _facts(urval=", villkor: {fält: ålder, mellan: [13, 20]}")
    assert band.counts[0].restriction == {repr(("mellan", "ålder", 13, 20, "slut"))}
    assert band.counts[0].restriction == {stratum_restriction(everyone, "åldersgrupp", "13–20 år")}
    yes = _facts(urval=", villkor: {fält: enskilt_samtal, är: true}")
    assert yes.counts[0].restriction == {repr(("=", "enskilt_samtal", "ja"))}
    no = _facts(urval=", villkor: {fält: enskilt_samtal, är: false}")
    assert no.counts[0].restriction == {repr(("=", "enskilt_samtal", "nej"))}


def test_restriction_of_single_conditions() -> None:
    assert linkage._restriction(c.Compare("utredning.kön", "är", "flicka"), "start") == repr(("=", "utredning.kön", "flicka"))
    assert linkage._restriction(c.Compare("barn.ålder", "mellan", (13.0, 20.0)), "start") == repr(("mellan", "barn.ålder", 13, 20, "start"))
    assert linkage._restriction(c.Compare("kostnad", "mellan", (13, 20)), "start") is None  # only ages are bands
    assert linkage._restriction(c.Compare("kön", "en_av", ("flicka", "pojke")), "start") is None
    assert linkage._restriction(c.Not(c.Compare("kön", "är", "flicka")), "start") is None
    assert linkage._value_label(True) == "ja" and linkage._value_label(False) == "nej" and linkage._value_label(1) == "1"
    assert linkage._flat(None) == []
    inner = c.Compare("kön", "är", "flicka")
    assert linkage._flat(c.All((c.All((inner, inner)), c.Not(inner)))) == [inner, inner, c.Not(inner)]


def test_populations_of_each_kind() -> None:
    assert [count.columns for count in _facts("antal").counts] == [("urval",), ("nämnare",)]
    kvot = _facts("kvot", extra="")
    assert [count.columns for count in kvot.counts] == [("urval",), ("täljare",)] and kvot.effective == ("täljare",)
    assert _facts("antal").counts[1].key == _facts().counts[1].key  # the same effective population as the andel
    assert _facts("antal").counts[0].key == _facts().counts[0].key
    excluded = _facts(extra="exkludering: {beskrivning: e, villkor: {fält: utredningstyp, är: barnavård}}\n  " + SAMTAL)
    assert excluded.counts[0].key == _facts().counts[0].key and excluded.counts[1].key != _facts().counts[1].key
    spared = _facts(extra="undantag: {beskrivning: e, villkor: {fält: utredningstyp, är: barnavård}}\n  " + SAMTAL)
    assert spared.counts[1].key not in (_facts().counts[1].key, excluded.counts[1].key)


def test_means_count_values_over_records() -> None:
    body = """
    bas: %s
    poster: insats
    perioddatum: start
    populationer:
      urval: {beskrivning: u}
    beräkning: {typ: medel, värde: {fält: kostnad}}
    målvärde: {typ: ingen}
    """
    over_records = facts(indicator(body % "insats"), 5)
    over_children = facts(indicator(body % "barn"), 5)
    assert [count.columns for count in over_records.counts] == [("urval",), ("nämnare", "bortfall_täljare")]
    assert over_records.effective == ("nämnare", "bortfall_täljare") and over_children.effective == ()
    assert over_children.counts[1].key == over_records.counts[1].key  # values are taken over records either way
    assert over_children.counts[0].key != over_records.counts[0].key  # but the urval counts children


def test_sums_of_answers_and_aggregate_sources_count_no_units() -> None:
    staff = """
    bas: personal
    perioddatum: mätdatum
    populationer:
      urval: {beskrivning: u}
      nämnare: {beskrivning: n, summa: [b1_handläggare]}
      täljare: {beskrivning: t, summa: [b1a_socionomexamen]}
    beräkning: {typ: andel}
    """
    f = facts(indicator(staff), 5)
    assert (f.protected, f.counts, f.effective) == (False, (), ())


def test_shared_thresholds_take_the_strictest_of_a_population() -> None:
    a = IndicatorFacts("a", "andel", 5, True, counts=(Count("p", ("urval",)), Count("q", ("nämnare",))))
    b = IndicatorFacts("b", "antal", 10, True, counts=(Count("p", ("urval",), frozenset({"x"})),))
    c_ = IndicatorFacts("c", "antal", 3, True, counts=(Count("r", ("urval",)),))
    d = IndicatorFacts("d", "antal", 4, True)
    assert shared_thresholds({"a": a, "b": b, "c": c_, "d": d}) == {"a": 10, "b": 10, "c": 3, "d": 4}
    assert shared_thresholds({}) == {}


def test_populations_written_two_ways_have_one_key() -> None:
    """The key is the population's definition, however it is written: a nämnare condition is a conjunct of
    the urval, an exkludering is `inte`, an undantag spares the täljare's records."""
    barnavard = "{fält: utredningstyp, är: barnavård}"
    with_naemnare = _facts(extra="nämnare: {beskrivning: n, villkor: %s}\n  %s" % (barnavard, SAMTAL))
    in_urval = _facts(urval=", villkor: %s" % barnavard)
    assert with_naemnare.counts[1] == in_urval.counts[1] and with_naemnare.counts[0] != in_urval.counts[0]  # key and restriction
    excluded = _facts(extra="exkludering: {beskrivning: e, villkor: %s}\n  %s" % (barnavard, SAMTAL))
    not_in_urval = _facts(urval=", villkor: {inte: %s}" % barnavard)
    assert excluded.counts[1].key == not_in_urval.counts[1].key and excluded.counts[0].key == _facts().counts[0].key
    spared = _facts(extra="undantag: {beskrivning: e, villkor: %s}\n  %s" % (barnavard, SAMTAL))
    spelled_out = _facts(urval=", villkor: {inte: {alla: [%s, {inte: {fält: enskilt_samtal, är: true}}]}}" % barnavard)
    assert spared.counts[1].key == spelled_out.counts[1].key and spared.counts[2].key == spelled_out.counts[2].key
    assert _facts().counts[1].key not in (excluded.counts[1].key, spared.counts[1].key)


def test_the_follow_up_window_is_part_of_the_population() -> None:
    window = {"uppföljningsfönster": {"från": "slut", "längd": {"månader": 12}}}
    short, long_ = _facts(**window), _facts(uppföljningsfönster={"från": "slut", "längd": {"månader": 24}})
    assert short.counts[0].key == long_.counts[0].key  # the urval has no window
    assert short.counts[1].key != long_.counts[1].key and short.counts[2].key != long_.counts[2].key


def test_age_band_restrictions_in_every_population() -> None:
    band = _facts(urval=", villkor: {fält: ålder, mellan: [13, 20]}")
    expected = {stratum_restriction(_facts(), "åldersgrupp", "13–20 år")}
    assert [count.restriction for count in band.counts] == [expected, expected, expected | {repr(("=", "enskilt_samtal", "ja"))}]


def test_populations_of_distributions_sums_and_medians() -> None:
    assert [count.columns for count in _facts("fördelning", extra="").counts] == [("urval",), ("nämnare",)]
    summa = """
    bas: insats
    perioddatum: start
    populationer:
      urval: {beskrivning: u}
    beräkning: {typ: %s, värde: {fält: kostnad}}
    målvärde: {typ: ingen}
    """
    assert [count.columns for count in facts(indicator(summa % "summa"), 5).counts] == [("nämnare",)]
    median = facts(indicator(summa % "median"), 5)
    assert [count.columns for count in median.counts] == [("urval",), ("nämnare", "bortfall_täljare")]
    by_child = facts(indicator(summa.replace("bas: insats", "bas: barn\n    poster: insats") % "median"), 5)
    assert by_child.counts[1].key == median.counts[1].key and by_child.effective == ()
    count = facts(indicator(summa.replace("beräkning: {typ: %s, värde: {fält: kostnad}}", "beräkning: {typ: antal}")), 5)
    assert count.counts[1].key == median.counts[1].key  # the values of a mean rest on the records an antal counts
    children = _facts(basis="barn")
    assert children.counts[1].key != _facts().counts[1].key  # an andel over children: units, not records


def test_survey_answers_count_no_population_and_linked_fields_keep_their_name() -> None:
    survey = """
    bas: enkätsvar
    perioddatum: mätdatum
    populationer:
      urval: {beskrivning: u}
    beräkning:
      typ: kategori
      regler: [{kategori: ja, villkor: {fält: g2, är: ja}}]
      annars: nej
    målvärde: {typ: ingen}
    """
    assert (facts(indicator(survey), 5).protected, facts(indicator(survey), 5).counts) == (False, ())
    answers = facts(indicator(survey.replace("""beräkning:
      typ: kategori
      regler: [{kategori: ja, villkor: {fält: g2, är: ja}}]
      annars: nej""", "beräkning: {typ: antal}")), 5)
    assert (answers.protected, answers.counts) == (False, ())  # answers describe no child: no populations to link
    linked = _facts(basis="barn").strata  # basis barn, records utredning
    via_child = facts(indicator((BODY % ("barn", "", SAMTAL, "andel")).replace("  - fält: kön\n", "  - {fält: barn.kön, namn: kön}\n")), 5)
    assert via_child.disjoint["kön"] is True and linked["kön"][3] is True  # a child has one sex, however it is reached


def test_shared_thresholds_do_not_depend_on_order() -> None:
    a = IndicatorFacts("a", "andel", 5, True, counts=(Count("p", ("urval",)),))
    b = IndicatorFacts("b", "antal", 10, True, counts=(Count("p", ("urval",)),))
    assert shared_thresholds({"b": b, "a": a}) == shared_thresholds({"a": a, "b": b}) == {"a": 10, "b": 10}
