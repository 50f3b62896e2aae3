"""What the definitions alone tell a reader about linked cells (publish/linkage.py), on small indicators:
the populations each indicator counts, the restrictions a conjunct or a stratum adds, disjoint
breakdowns and shared thresholds. The mutation-testing selection (tests/MUTATION.md) relies on these."""

from __future__ import annotations

from engine.helpers import indicator
from suengine.definitions import conditions as c
from suengine.publish import linkage
from suengine.publish.linkage import Count, IndicatorFacts, facts, shared_thresholds, stratum_restriction

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
