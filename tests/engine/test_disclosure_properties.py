"""Property test of disclosure control: 200 random small deliveries, two versions of a year each.

Each delivery has children with kön or age missing or outside every age group, units, a share
and a count over the same population (the count with its own minsta_antal), a count restricted to
girls (its total is the others' kön=flicka stratum) and a distribution. Every relation the audit
assumes must hold for the true counts (`truth_fits`).
For both versions (the second from the same delivery with one more utredning, built with the
first version's pattern carried forward) the independent audit must find no hidden cell that can
be narrowed below the threshold, the shared checker no shown count in 1..t−1 and no number in a
hidden row, and the second version must hide everything the first hid.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.helpers import data, indicator
from engine.test_disclosure_links import truth_fits
from suengine.engine import evaluate
from suengine.publish import disclosure, linkage
from suengine.publish.audit import audit, check_versions
from suengine.publish.checker import Rules, check_results
from suengine.publish.earlier import pattern_of

POPULATION = """
bas: utredning
perioddatum: slut
åldersdatum: start
populationer:
  urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
uppdelningar:
  - fält: kön
  - fält: ålder
    namn: åldersgrupp
    grupper:
      - {etikett: "0–12 år", från: 0, till: 12}
      - {etikett: "13–20 år", från: 13, till: 20}
  - fält: enhet
"""
SHARE = indicator(POPULATION + """
populationer:
  urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
  täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
""", id="andel-samtal")
COUNT = indicator(POPULATION + "beräkning: {typ: antal}\nmålvärde: {typ: ingen}\n", id="antal-utredningar", minsta_antal=3)
KINDS = ("anmälan", "ansökan", "övrig_information")
DISTRIBUTION = indicator("""
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: u}
beräkning: {typ: fördelning, fält: typ}
uppdelningar: [{fält: kön}]
målvärde: {typ: ingen}
""", id="fordelning-typ")
GIRLS = indicator("""
bas: utredning
perioddatum: slut
åldersdatum: start
populationer:
  urval: {beskrivning: u, villkor: {alla: [{fält: utredningstyp, är: barnavård}, {fält: kön, är: flicka}]}}
beräkning: {typ: antal}
uppdelningar: [{fält: enhet}]
målvärde: {typ: ingen}
""", id="antal-flickor")  # its total is the kön=flicka stratum of the other two
INDICATORS = [SHARE, COUNT, DISTRIBUTION, GIRLS]
FACTS = {i.id: linkage.facts(i, disclosure.threshold(i.min_n)) for i in INDICATORS}
RULES = Rules(thresholds={k: f.threshold for k, f in FACTS.items()}, kinds={k: f.kind for k, f in FACTS.items()})

child = st.tuples(
    st.sampled_from(["flicka", "pojke", None]),
    st.integers(min_value=2000, max_value=2023),  # born: ages 1–24 at the start, some outside both groups
    st.lists(st.tuples(st.sampled_from(["bou", "mottagning", None]), st.sampled_from([True, False, None])), max_size=4),
    st.lists(st.sampled_from(KINDS), max_size=3),
)


def _delivery(children: list, extra: bool) -> dict:
    barn, utredning, aktualisering = [], [], []
    for c, (sex, born, cases, kinds) in enumerate(children):
        barn.append({"barn_id": f"b{c}", "kön": sex, "födelsedatum": f"{born}-06-15"})
        for u, (unit, samtal) in enumerate(cases):
            utredning.append({"utredning_id": f"u{c}-{u}", "barn_id": f"b{c}", "utredningstyp": "barnavård", "start": "2024-02-01",
                              "slut": "2024-05-01", "enhet": unit, "enskilt_samtal": samtal})
        for a, kind in enumerate(kinds):
            aktualisering.append({"aktualisering_id": f"a{c}-{a}", "barn_id": f"b{c}", "datum": "2024-03-01", "typ": kind})
    if extra and barn:
        utredning.append({"utredning_id": "extra", "barn_id": "b0", "utredningstyp": "barnavård", "start": "2024-03-01",
                          "slut": "2024-06-01", "enhet": "bou", "enskilt_samtal": True})
    return {"barn": barn, "utredning": utredning, "aktualisering": aktualisering}


def _assert_safe(built, label: str) -> None:
    published = built.published()
    assert truth_fits(built.table, published, INDICATORS), f"{label}: the audit assumes a relation the true counts break"
    leaks = audit(published, FACTS).leaks
    assert not leaks, f"{label}: " + "; ".join(f"{i.cell.label} {i.low:g}–{i.high:g}" for i in leaks)
    findings = check_results(published, RULES)
    assert not findings, f"{label}: " + "; ".join(f.message() for f in findings)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(child, min_size=1, max_size=14))
def test_random_deliveries_leak_nothing_in_either_version(children: list) -> None:
    built = evaluate(INDICATORS, data(_delivery(children, extra=False)), [2024])
    _assert_safe(built, "version 1")
    first = built.published()
    built = evaluate(INDICATORS, data(_delivery(children, extra=True)), [2024], carried=pattern_of({"2024.1": first}))
    _assert_safe(built, "version 2")
    second = built.published()
    assert check_versions(second, {"2024.1": first}) == []
