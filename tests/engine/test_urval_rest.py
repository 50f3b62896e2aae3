"""The urval's units out of the effective nämnare for no published reason (`linkage.urval_rest`).

A record in the urval is in the effective nämnare, in bortfall_nämnare, excluded, excepted or
censored — or in none of these: out of the nämnare for a reason that is itself unknown (an
exclusion that cannot be read on a record the undantag removes anyway). A shown row then lets a
reader work that rest out by subtraction, so disclosure control must treat it as a count: when it
is pinned to 1..t−1, urval is hidden, and the independent audit checks the same relation.
"""

from __future__ import annotations

import pandas as pd
import pytest

from engine.helpers import SAMTAL, children, data, indicator, row, run
from suengine.definitions import load_definitions
from suengine.publish import linkage
from suengine.resources import project_root
from suengine.publish.audit import audit
from suengine.publish.checker import Rules, check_results
from suengine.publish.disclosure_links import Linked, Protection
from suengine.publish.linkage import IndicatorFacts

T = 5


def _u(uid: str, child: str, **fields: object) -> dict:
    base = {"utredning_id": uid, "barn_id": child, "utredningstyp": "barnavård", "start": "2024-01-10", "slut": "2024-03-01",
            "avslutsorsak": "beslut_fattat", "beslut": "insats_beviljad", "enskilt_samtal": True}
    base.update(fields)
    return base


def _unexplained(uid: str, child: str) -> dict:
    """Out of the nämnare for certain (excepted, no samtal) but not counted as undantag: whether the
    child moved (exkludering) is unknown."""
    return _u(uid, child, avslutsorsak=None, beslut="ingen_insats", enskilt_samtal=False)


def _records(girls: int, boys: int, unexplained_girls: int) -> dict:
    kids = [("g", "flicka", "2012-05-01"), ("p", "pojke", "2013-05-01")]
    rows = [_u(f"g{i}", "g") for i in range(girls)] + [_u(f"p{i}", "p") for i in range(boys)]
    rows += [_unexplained(f"x{i}", "g") for i in range(unexplained_girls)]
    return {"barn": children(*kids), "utredning": rows}


def _facts(kind: str = "andel", records: bool = True, inside: tuple[str, ...] = ("nämnare", "bortfall_täljare")) -> IndicatorFacts:
    return IndicatorFacts("a", kind, T, True, urval_effective=inside, units_are_records=records)


def _counts(urval: float, nämnare: float, exkl: float = 0, und: float = 0, cens: float = 0, bn: float = 0, bt: float = 0) -> dict:
    return {"urval": urval, "nämnare": nämnare, "bortfall_täljare": bt, "exkluderade": exkl, "undantag": und,
            "censurerade": cens, "bortfall_nämnare": bn}


def test_the_rest_of_one_row_as_a_reader_works_it_out() -> None:
    records, kids = _facts(), _facts(records=False)
    assert linkage.urval_rest(records, _counts(20, 15, exkl=3)) == (2, 2)  # each record in one state: exact
    assert linkage.urval_rest(records, _counts(20, 12, bt=3, exkl=3)) == (2, 2)  # an andel's E is nämnare + bortfall_täljare
    # bortfall_nämnare may hold records whose urval is itself unknown: the rest is 0..bn more
    assert linkage.urval_rest(records, _counts(20, 10, exkl=3, bn=6)) == (1, 7)
    assert linkage.urval_rest(records, _counts(10, 10, bn=6)) == (0, 0)
    # a child may be excluded through one record and censored through another: u lies between the
    # largest reason and their sum
    assert linkage.urval_rest(kids, _counts(30, 15, exkl=5, cens=6)) == (4, 9)
    assert linkage.urval_rest(kids, _counts(30, 15, exkl=5, und=5, cens=5)) == (0, 10)
    assert linkage.urval_rest(_facts(inside=()), _counts(20, 15)) is None  # the definition does not say
    assert linkage.urval_rest(records, {**_counts(20, 15), "exkluderade": None}) is None  # a hidden count


@pytest.mark.parametrize(("counts", "hidden"), [
    (_counts(20, 19), True),  # rest 1
    (_counts(24, 20), True),  # rest t − 1
    (_counts(25, 20), False),  # rest t
    (_counts(20, 20), False),  # rest 0
    (_counts(20, 15, exkl=5), False),
    (_counts(20, 10, exkl=5, bn=5), False),  # rest 0..5: t wide, as the audit asks
    (_counts(20, 11, exkl=5, bn=5), True),  # 0..4: one narrower
])
def test_urval_is_hidden_when_its_rest_is_pinned_small(counts: dict, hidden: bool) -> None:
    rows = [{"indikator_id": "a", "period": "2024", "uppdelning": "total", "stratum": "", "kategori": "", "_rad": "huvud",
             "_gräns": T, "täljare": 10, **counts}]
    protection = Protection(Linked(rows, {"a": _facts()}))
    protection.run()
    assert (("r", 0, "urval") in protection.hidden) is hidden
    assert ("r", 0, "nämnare") not in protection.hidden  # only urval: the value stays


def test_records_out_of_the_nammare_for_an_unknown_reason_do_not_reveal_themselves() -> None:
    ind = indicator(SAMTAL)
    results = run(ind, data(_records(girls=10, boys=12, unexplained_girls=2)))
    internal = row(results.table, uppdelning="kön", stratum="flicka")
    assert (internal["urval"], internal["nämnare"], internal["exkluderade"], internal["undantag"]) == (12, 10, 0, 0)
    assert internal["bortfall_nämnare"] == 0 and internal["censurerade"] == 0  # the 2 are in no published state
    published = results.published()
    girls = published[(published["uppdelning"] == "kön") & (published["stratum"] == "flicka")].iloc[0]
    assert pd.isna(girls["urval"]) and girls["nämnare"] == 10 and girls["värde"] == 100.0
    assert not audit(published, results.facts).leaks
    # the total and the boys would give the girls' urval back: the audit sees it, and the pass hid one of them
    total = published[published["uppdelning"] == "total"].iloc[0]
    boys = published[(published["uppdelning"] == "kön") & (published["stratum"] == "pojke")].iloc[0]
    assert pd.isna(total["urval"]) or pd.isna(boys["urval"])


def test_the_audit_finds_the_rest_in_a_table_that_shows_urval() -> None:
    results = run(indicator(SAMTAL), data(_records(girls=10, boys=12, unexplained_girls=2)))
    shown = results.published()
    shown["urval"] = results.table["urval"]  # the bug: urval published whatever its rest
    leaks = {i.cell.label: (i.low, i.high) for i in audit(shown, results.facts).leaks}
    assert leaks == {"test-indikator 2024 kön=flicka urval utan angiven orsak": (2, 2),
                     "test-indikator 2024 total urval utan angiven orsak": (2, 2)}


def test_a_rest_of_the_threshold_is_shown() -> None:
    results = run(indicator(SAMTAL), data(_records(girls=10, boys=12, unexplained_girls=T)))
    published = results.published()
    girls = published[(published["uppdelning"] == "kön") & (published["stratum"] == "flicka")].iloc[0]
    assert girls["urval"] == 10 + T
    assert not audit(published, results.facts).leaks


def test_children_counted_through_several_records() -> None:
    """Basis barn over utredningar: a child is in the nämnare through one record and out through another
    only once; a child whose every record is out for an unknown reason is the rest."""
    ind = indicator(SAMTAL.replace("bas: utredning", "bas: barn\nposter: utredning"))
    kids = [(f"b{i}", "flicka" if i % 2 else "pojke", "2012-05-01") for i in range(12)]
    rows = [_u(f"u{i}", f"b{i}") for i in range(10)] + [_unexplained("x10", "b10"), _unexplained("x11", "b11"),
                                                        _unexplained("x0", "b0")]  # b0 is in the nämnare through u0
    results = run(ind, data({"barn": children(*kids), "utredning": rows}))
    internal = row(results.table)
    assert (internal["urval"], internal["nämnare"]) == (12, 10)
    assert not results.facts[ind.id].units_are_records
    published = results.published()
    assert pd.isna(published[published["uppdelning"] == "total"].iloc[0]["urval"])
    assert not audit(published, results.facts).leaks


def test_the_shared_checker_finds_a_small_rest_in_a_published_table() -> None:
    results = run(indicator(SAMTAL), data(_records(girls=10, boys=12, unexplained_girls=2)))
    rules = Rules(thresholds={"test-indikator": T}, facts=results.facts)
    assert check_results(results.published(), rules) == []
    shown = results.published()
    shown["urval"] = results.table["urval"]
    found = sorted((f.path, f.where, f.reason) for f in check_results(shown, rules, "resultat.csv"))
    reason = "urval ger 2–2 enheter utanför nämnaren utan angiven orsak (gränsen 5)"
    assert found == [("resultat.csv", "test-indikator 2024 kön=flicka", reason), ("resultat.csv", "test-indikator 2024 total=", reason)]
    assert check_results(shown, Rules(thresholds={"test-indikator": T})) == []  # without the definitions' facts it cannot tell


ANTAL = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade barnavårdsutredningar, villkor: {fält: utredningstyp, är: barnavård}}
beräkning: {typ: antal}
uppdelningar: [{fält: kön}]
"""


def test_a_hidden_urval_is_not_pinned_by_another_indicators_nammare() -> None:
    """An antal over the same utredningar shows each stratum's nämnare = urval: urval ≥ nämnare gives
    each stratum's urval from below, the total from above. Were the andel's total urval shown, its
    girls' urval would be known (20), and with it the hidden bortfall_täljare: at most 20 − 18 for the
    girls, 20 − 17 for the boys, which with the shown total of 5 pins both."""
    share = indicator(SAMTAL, id="andel-samtal")
    count = indicator(ANTAL, id="antal-utredningar")
    kids = [("g", "flicka", "2012-05-01"), ("p", "pojke", "2013-05-01")]
    rows = [_u(f"g{i}", "g", enskilt_samtal=None if i < 2 else True) for i in range(20)]
    rows += [_u(f"p{i}", "p", enskilt_samtal=None if i < 3 else True) for i in range(20)]
    results = run([share, count], data({"barn": children(*kids), "utredning": rows}))
    published = results.published()
    girls = published[(published["indikator_id"] == "andel-samtal") & (published["stratum"] == "flicka")].iloc[0]
    assert pd.isna(girls["bortfall_täljare"]) and girls["nämnare"] == 18  # 2 without a known samtal
    assert not audit(published, results.facts).leaks
    totals = published[published["uppdelning"] == "total"]
    assert totals["urval"].isna().all()  # hidden in every row of the indicator and period, and its equal
    shown = published.copy()
    shown.loc[totals.index, "urval"] = results.table.loc[totals.index, "urval"]  # the bug: the total shown
    leaks = {i.cell.label: (i.low, i.high) for i in audit(shown, results.facts).leaks}
    assert leaks["andel-samtal 2024 kön=flicka bortfall_täljare"] == (2, 2)
    assert leaks["andel-samtal 2024 kön=pojke bortfall_täljare"] == (3, 3)


WINDOW = """
bas: utredning
perioddatum: start
uppföljningsfönster: {från: slut, längd: {månader: 1}}
populationer:
  urval: {beskrivning: Påbörjade utredningar}
  exkludering: {beskrivning: Barnet har flyttat, villkor: {fält: avslutsorsak, är: flyttat}}
"""
KINDS = {
    "andel": "  täljare: {beskrivning: s, villkor: {fält: enskilt_samtal, är: true}}\nberäkning: {typ: andel}",
    "antal": "beräkning: {typ: antal}",
    "medel": "beräkning: {typ: medel, värde: {tid_mellan: {från: start, till: slut}}}",
    "median": "beräkning: {typ: median, värde: {tid_mellan: {från: start, till: slut}}}",
    "summa": "beräkning: {typ: summa, värde: {tid_mellan: {från: start, till: slut}}}",
    "fördelning": "beräkning: {typ: fördelning, fält: beslut}",
    "kategori": "beräkning: {typ: kategori, regler: [{kategori: ja, villkor: {fält: enskilt_samtal, är: true}},"
                " {kategori: ej_aktuellt, villkor: {fält: beslut, är: ingen_insats}}], annars: nej}",
    "kvot": "beräkning: {typ: kvot, per: 1000, befolkning: {ålder: [0, 20]}}",
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_publishes_the_columns_its_urval_rest_is_counted_from(kind: str) -> None:
    """Two utredningar whose follow-up anchor (slut) is missing but that are excluded for certain are
    out of E for a reason that is itself unknown (censored or excluded): with ten in E, three
    excluded, one bortfall in the value and one ej_aktuellt answer, the rest is exactly 2."""
    ind = indicator(WINDOW + KINDS[kind], **({"målvärde": {"typ": "ingen"}} if kind != "andel" else {}))
    rows = [_u(f"u{i}", "g", start="2024-02-01", slut="2024-03-01") for i in range(10)]
    rows[0].update(enskilt_samtal=None)  # bortfall_täljare of an andel, no category of a kategori
    rows[1].update(beslut="ingen_insats")
    rows += [_u(f"x{i}", "g", start="2024-02-01", slut="2024-03-01", avslutsorsak="flyttat") for i in range(3)]
    rows += [_u(f"r{i}", "g", start="2024-02-01", slut=None, avslutsorsak="flyttat") for i in range(2)]
    population = [{"år": 2024, "kön": "flicka", "ålder": 11, "antal": 900}]
    results = run(ind, data({"barn": children(("g", "flicka", "2012-05-01")), "utredning": rows, "befolkning": population}))
    total = row(results.table, kategori=None)
    assert results.facts[ind.id].units_are_records
    assert total["urval"] == 15
    counts = {c: total[c] for c in ("urval", "nämnare", "bortfall_täljare", "exkluderade", "undantag", "censurerade", "bortfall_nämnare", "täljare")}
    assert linkage.urval_rest(results.facts[ind.id], total) == (2, 2), counts


def test_the_columns_of_e_follow_the_definition() -> None:
    loaded = load_definitions(project_root() / "indicators")
    catalogue = {i.id: i for i in loaded.indicators}
    change = catalogue["sakerhetsskala-forandring"]  # values over insatser, counted per insats
    assert linkage.facts(change, T).urval_effective == ("nämnare", "bortfall_täljare")
    staff = catalogue["socionom-minst-tre-ar"]  # sums of answers, not units (and no child: not protected)
    assert linkage.urval_effective(staff, ("nämnare",), True) == () and linkage.facts(staff, T).urval_effective == ()
    assert linkage.facts(indicator(SAMTAL), T).urval_effective == ("nämnare", "bortfall_täljare")
    assert linkage.facts(indicator(SAMTAL, saknat_värde="räknas_som_nej"), T).urval_effective == ("nämnare",)
    per_child = SAMTAL.replace("bas: utredning", "bas: barn\nposter: utredning")
    assert linkage.facts(indicator(per_child), T).urval_effective == ("nämnare", "bortfall_täljare")
    answers = WINDOW + KINDS["kategori"]
    assert linkage.facts(indicator(answers, målvärde={"typ": "ingen"}), T).urval_effective == ("nämnare", "bortfall_täljare")
    # a child through several records: a kategori's ej_aktuellt answers and a mean's values are counted over
    # records, not children, so the rest cannot be told
    for body in (KINDS["kategori"], KINDS["medel"]):
        by_child = (WINDOW + body).replace("bas: utredning", "bas: barn\nposter: utredning")
        facts = linkage.facts(indicator(by_child, målvärde={"typ": "ingen"}), T)
        assert facts.urval_effective == () and not facts.units_are_records


def test_records_in_one_state_each_add_their_reasons() -> None:
    assert linkage.urval_rest(_facts(), _counts(20, 10, exkl=3, und=3)) == (4, 4)  # children: 4..7
    assert linkage.urval_rest(_facts(records=False), _counts(20, 10, exkl=3, und=3)) == (4, 7)


def test_a_small_rest_is_found_in_a_row_after_a_hidden_one() -> None:
    base = {"period": "2024", "uppdelning": "total", "stratum": "", "kategori": "", "_rad": "huvud", "_gräns": T, "täljare": 10}
    rows = [{**base, "indikator_id": "b", **_counts(3, 3)},  # hidden: nämnare 3
            {**base, "indikator_id": "a", **_counts(22, 20)}]  # rest 2
    protection = Protection(Linked(rows, {"a": _facts(), "b": _facts()}))
    protection.hide_row(0)
    protection.run()
    assert ("r", 1, "urval") in protection.hidden and protection.hidden_rows == {0}
