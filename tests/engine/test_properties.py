"""Hypothesis: invariants that must hold for any data.

täljare ≤ nämnare ≤ urval; exclusions never enlarge the nämnare; strata sum to the total when
no breakdown value is missing — for records and for children.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.helpers import data, indicator, row, run

BODY = """
bas: {bas}
poster: utredning
perioddatum: slut
populationer:
  urval: {{beskrivning: u, villkor: {{fält: utredningstyp, är: barnavård}}}}
  {exkludering}
  undantag: {{beskrivning: d, villkor: {{fält: beslut, är: ingen_insats}}}}
  täljare: {{beskrivning: t, villkor: {{alla: [{{fält: enskilt_samtal, är: true}}, {{tid_mellan: {{från: start, till: slut, högst: {{månader: 4}}}}}}]}}}}
beräkning: {{typ: andel}}
uppdelningar:
  - fält: kön
  - {{fält: ålder, namn: åldersgrupp, grupper: [{{etikett: a, från: 0, till: 9}}, {{etikett: b, från: 10, till: 200}}]}}
  - fält: enhet
"""
EXCLUSION = "exkludering: {beskrivning: e, villkor: {fält: avslutsorsak, en_av: [flyttat, överflyttad]}}"

maybe = lambda values: st.one_of(st.none(), st.sampled_from(values))  # noqa: E731

investigation = st.fixed_dictionaries(
    {
        "barn": st.integers(0, 5),
        "utredningstyp": maybe(["barnavård", "vårdnad_boende_umgänge"]),
        "start_day": st.integers(0, 500),
        "length": st.integers(1, 250),
        "enskilt_samtal": st.one_of(st.none(), st.booleans()),
        "avslutsorsak": maybe(["beslut_fattat", "flyttat", "överflyttad"]),
        "beslut": maybe(["insats_beviljad", "ingen_insats"]),
        "enhet": st.sampled_from(["bou", "mottagning"]),
    }
)


def _records(rows: list[dict]) -> dict:
    barn = [{"barn_id": f"b{i}", "kön": ["flicka", "pojke"][i % 2], "födelsedatum": dt.date(2008 + i, 1 + i, 10)} for i in range(6)]
    utredning = []
    for n, r in enumerate(rows):
        start = dt.date(2023, 6, 1) + dt.timedelta(days=r["start_day"])
        utredning.append({"utredning_id": f"u{n}", "barn_id": f"b{r['barn']}", "utredningstyp": r["utredningstyp"], "start": start,
                          "slut": start + dt.timedelta(days=r["length"]), "enskilt_samtal": r["enskilt_samtal"],
                          "avslutsorsak": r["avslutsorsak"], "beslut": r["beslut"], "enhet": r["enhet"]})
    return {"barn": barn, "utredning": utredning}


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(investigation, max_size=25), st.sampled_from(["utredning", "barn"]))
def test_numerator_within_denominator_within_selection(rows: list[dict], basis: str) -> None:
    table = run(indicator(BODY.format(bas=basis, exkludering=EXCLUSION)), data(_records(rows)), [2023, 2024, 2025]).table
    for _, r in table.iterrows():
        assert r["täljare"] <= r["nämnare"] <= r["urval"]
        assert r["nämnare"] + r["bortfall_täljare"] <= r["urval"]  # internt bortfall is outside the nämnare
        if r["nämnare"] == 0:
            assert r["värde_saknas"] == "tom_nämnare"


@SETTINGS
@given(st.lists(investigation, max_size=25), st.sampled_from(["utredning", "barn"]))
def test_exclusions_never_enlarge_the_denominator(rows: list[dict], basis: str) -> None:
    records = data(_records(rows))
    with_exclusion = run(indicator(BODY.format(bas=basis, exkludering=EXCLUSION)), records, [2023, 2024, 2025]).table
    without = run(indicator(BODY.format(bas=basis, exkludering="")), records, [2023, 2024, 2025]).table
    assert (with_exclusion["nämnare"].to_numpy() <= without["nämnare"].to_numpy()).all()
    assert (with_exclusion["täljare"].to_numpy() <= without["täljare"].to_numpy()).all()


@SETTINGS
@given(st.lists(investigation, max_size=25))
def test_strata_sum_to_total(rows: list[dict]) -> None:
    table = run(indicator(BODY.format(bas="utredning", exkludering=EXCLUSION)), data(_records(rows)), [2023, 2024, 2025]).table
    for period in ("2023", "2024", "2025"):
        total = row(table, period)
        for dimension in ("kön", "åldersgrupp", "enhet"):
            strata = table[(table["period"] == period) & (table["uppdelning"] == dimension)]
            for column in ("urval", "exkluderade", "undantag", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare"):
                assert strata[column].sum() == total[column], (period, dimension, column)


@SETTINGS
@given(st.lists(investigation, max_size=25))
def test_children_strata_by_sex_sum_to_total(rows: list[dict]) -> None:
    table = run(indicator(BODY.format(bas="barn", exkludering=EXCLUSION)), data(_records(rows)), [2023, 2024, 2025]).table
    for period in ("2023", "2024", "2025"):
        total = row(table, period)
        strata = table[(table["period"] == period) & (table["uppdelning"] == "kön")]
        for column in ("urval", "nämnare", "täljare"):
            assert strata[column].sum() == total[column]
