"""Populations shared across indicators (`linkage.Count`): the total of an indicator restricted to one
stratum is that stratum of another, and an andel's nämnare + bortfall is the count an antal shows.

Each attack test publishes the indicators as the code before the links did — each built on its own,
so nothing ties them — shows the independent audit recovering a hidden count by plain arithmetic,
and then the same indicators built together passing the audit. `truth_fits` checks the other way:
every relation the audit assumes holds for the true (internal) counts, so no link is invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from engine.helpers import data, indicator
from suengine.engine import evaluate
from suengine.publish import disclosure, linkage
from suengine.publish.audit import COUNT_COLUMNS, DISTRIBUTIONS, audit, build_problem
from suengine.publish.audit_lp import CAP

POPULATION = """
bas: utredning
perioddatum: slut
åldersdatum: start
populationer:
  urval: {{beskrivning: u{urval}}}
  {taeljare}
beräkning: {{typ: {typ}}}
{uppdelningar}
"""
SAMTAL = "täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}"
BARNAVARD = "täljare: {beskrivning: t, villkor: {fält: utredningstyp, är: barnavård}}"
BY_SEX = "uppdelningar: [{fält: kön}]"
BY_AGE = """uppdelningar:
  - fält: ålder
    namn: åldersgrupp
    grupper:
      - {etikett: "0–12 år", från: 0, till: 12}
      - {etikett: "13–20 år", från: 13, till: 20}"""


def _indicator(id: str, typ: str = "andel", taeljare: str = SAMTAL, urval: str = "", uppdelningar: str = "", **extra):
    body = POPULATION.format(urval=urval, taeljare=taeljare if typ == "andel" else "", typ=typ, uppdelningar=uppdelningar)
    return indicator(body, id=id, **extra)


def _cases(groups: list[tuple[str, str, int, int]]) -> dict:
    """groups: (kön, födelsedatum, utredningar, of which enskilt_samtal is unknown); the others had one."""
    kids, rows = [], []
    for g, (sex, born, n, unknown) in enumerate(groups):
        kids.append({"barn_id": f"b{g}", "kön": sex, "födelsedatum": born})
        rows += [{"utredning_id": f"u{g}-{i}", "barn_id": f"b{g}", "utredningstyp": "barnavård", "start": "2024-02-01",
                  "slut": "2024-04-01", "enskilt_samtal": None if i < unknown else True} for i in range(n)]
    return {"barn": kids, "utredning": rows}


def _facts(inds: list) -> dict:
    return {i.id: linkage.facts(i, disclosure.threshold(i.min_n)) for i in inds}


def _apart(inds: list, case_data) -> pd.DataFrame:
    """What was published when nothing tied the indicators: each built on its own."""
    return pd.concat([evaluate([i], case_data, [2024]).published() for i in inds], ignore_index=True)


def _leaks(published: pd.DataFrame, inds: list) -> dict[str, tuple[float, float]]:
    return {i.cell.label: (i.low, i.high) for i in audit(published, _facts(inds)).leaks}


def _shown(published: pd.DataFrame, indicator_id: str, uppdelning: str, stratum: str, column: str) -> float | None:
    hit = published[(published["indikator_id"] == indicator_id) & (published["uppdelning"] == uppdelning) & (published["stratum"] == stratum)]
    value = hit.iloc[0][column]
    return None if value is None or pd.isna(value) else float(value)


def truth_fits(internal: pd.DataFrame, published: pd.DataFrame, inds: list) -> bool:
    """Every hidden count set to its true value (rests left free) satisfies the audit's relations."""
    facts = _facts(inds)
    problem, _ = build_problem(published, facts)
    truth: dict[tuple, float] = {}
    for r in internal.to_dict("records"):
        stratum = (r["indikator_id"], str(r["period"]), r["uppdelning"], r["stratum"] or "")
        category = r["kategori"] or "" if facts[r["indikator_id"]].kind in DISTRIBUTIONS else ""
        for column in COUNT_COLUMNS:
            if r[column] is not None and not pd.isna(r[column]):
                truth[("cell", stratum, category, column)] = float(r[column])
        if category:
            truth[("bas", *stratum)] = float(r["nämnare"])
    low, high = np.zeros(len(problem.cells)), np.full(len(problem.cells), float(CAP))
    for key, v in problem.index.items():
        low[v] = high[v] = truth[key]
    matrix = np.zeros((len(problem.rows), len(problem.cells)))
    for r, (coeffs, _, _) in enumerate(problem.rows):
        for v, a in coeffs.items():
            matrix[r, v] = a
    lows, highs = [row[1] for row in problem.rows], [row[2] for row in problem.rows]
    result = milp(np.zeros(len(problem.cells)), constraints=LinearConstraint(matrix, lows, highs), bounds=Bounds(low, high))
    return result.status == 0


def test_total_of_an_indicator_restricted_to_girls_is_the_flicka_stratum_of_another() -> None:
    # 7 girls' and 3 boys' utredningar: "alla" hides pojke (3) and flicka to protect it; "flickor"
    # (urval kön är flicka) shows its total 7, so pojke = 10 − 7 = 3.
    everyone = _indicator("alla", uppdelningar=BY_SEX)
    girls = _indicator("flickor", urval=", villkor: {fält: kön, är: flicka}")
    inds = [everyone, girls]
    case_data = data(_cases([("flicka", "2014-05-01", 7, 0), ("pojke", "2014-05-01", 3, 0)]))
    old = _apart(inds, case_data)
    assert _shown(old, "alla", "kön", "pojke", "nämnare") is None and _shown(old, "alla", "kön", "flicka", "nämnare") is None
    assert _shown(old, "alla", "total", "", "nämnare") - _shown(old, "flickor", "total", "", "nämnare") == 3
    leaks = _leaks(old, inds)
    assert leaks["alla 2024 kön=pojke nämnare"] == (3.0, 3.0)  # no child lacks kön (bortfall_uppdelning 0)
    built = evaluate(inds, case_data, [2024])
    new = built.published()
    assert _shown(new, "flickor", "total", "", "nämnare") is None
    assert _leaks(new, inds) == {}
    assert truth_fits(built.table, new, inds)


def test_age_band_restriction_matches_the_same_band_of_a_breakdown() -> None:
    band = _indicator("ungdomar", urval=", villkor: {fält: ålder, mellan: [13, 20]}")
    grouped = _indicator("alla", uppdelningar=BY_AGE)
    (count,) = [c for c in _facts([band])["ungdomar"].counts if c.columns == ("urval",)]
    facts = _facts([grouped])["alla"]
    assert count.restriction == {linkage.stratum_restriction(facts, "åldersgrupp", "13–20 år")}
    assert count.restriction != {linkage.stratum_restriction(facts, "åldersgrupp", "0–12 år")}
    other_date = _facts([_indicator("alla", uppdelningar=BY_AGE, åldersdatum="slut")])["alla"]
    assert count.restriction != {linkage.stratum_restriction(other_date, "åldersgrupp", "13–20 år")}
    # Built together over 6 young and 3 old utredningar, the band's total (6) would give the old (3).
    inds = [grouped, band]
    case_data = data(_cases([("flicka", "2005-05-01", 6, 0), ("pojke", "2016-05-01", 3, 0)]))
    assert "alla 2024 åldersgrupp=0–12 år nämnare" in _leaks(_apart(inds, case_data), inds)
    built = evaluate(inds, case_data, [2024])
    assert _leaks(built.published(), inds) == {}
    assert truth_fits(built.table, built.published(), inds)


def test_antal_over_the_same_population_gives_an_andels_hidden_bortfall() -> None:
    # The andel shows nämnare 27 and hides its bortfall 3; the antal over the same utredningar shows 30.
    share = _indicator("andel")
    count = _indicator("antal", typ="antal")
    inds = [share, count]
    case_data = data(_cases([("flicka", "2014-05-01", 15, 3), ("pojke", "2014-05-01", 15, 0)]))
    old = _apart(inds, case_data)
    assert _shown(old, "andel", "total", "", "bortfall_täljare") is None
    assert _shown(old, "antal", "total", "", "nämnare") - _shown(old, "andel", "total", "", "nämnare") == 3
    assert _leaks(old, inds)["andel 2024 total bortfall_täljare"] == (3.0, 3.0)
    built = evaluate(inds, case_data, [2024])
    new = built.published()
    assert _leaks(new, inds) == {}
    assert None in (_shown(new, "antal", "total", "", "nämnare"), _shown(new, "andel", "total", "", "nämnare"))
    assert truth_fits(built.table, new, inds)


def test_two_andel_with_different_taeljare_do_not_share_their_published_naemnare() -> None:
    # Same utredningar; "samtal" leaves 2 of flicka's 4 out of its nämnare (samtal unknown), "barnavård"
    # none. Equating the two published nämnare (as a key by populations alone did) contradicts the truth.
    samtal = _indicator("samtal", uppdelningar=BY_SEX)
    barnavard = _indicator("barnavard", taeljare=BARNAVARD, uppdelningar=BY_SEX)
    inds = [samtal, barnavard]
    built = evaluate(inds, data(_cases([("flicka", "2014-05-01", 4, 2), ("pojke", "2014-05-01", 20, 0)])), [2024])
    new = built.published()
    assert truth_fits(built.table, new, inds)
    assert _leaks(new, inds) == {}
    keys = {c.key for c in _facts(inds)["samtal"].counts} & {c.key for c in _facts(inds)["barnavard"].counts}
    assert keys  # urval and E are shared; what differs is how each splits E into nämnare and bortfall


def test_programmes_solved_together_give_the_intervals_of_programmes_solved_one_by_one() -> None:
    from suengine.publish.audit_lp import Component, components, solve_components

    inds = [_indicator("alla", uppdelningar=BY_SEX), _indicator("flickor", urval=", villkor: {fält: kön, är: flicka}"),
            _indicator("andel", uppdelningar=BY_AGE), _indicator("antal", typ="antal", uppdelningar=BY_AGE)]
    case_data = data(_cases([("flicka", "2014-05-01", 7, 2), ("pojke", "2005-05-01", 3, 0), ("pojke", "2016-05-01", 9, 4)]))
    problem, _ = build_problem(_apart(inds, case_data), _facts(inds))

    def parts() -> list:
        found = [Component(problem, v, c) for v, c in components(problem)]
        return [(p, [problem.cells[v].threshold for v in p.variables]) for p in found]

    together = solve_components(parts())
    alone = [solve_components([part])[0] for part in parts()]
    assert sum(len(x) for x in together) >= 6
    assert [{i: (round(lo, 6), round(hi, 6)) for i, (lo, hi) in x.items()} for x in together] == \
        [{i: (round(lo, 6), round(hi, 6)) for i, (lo, hi) in x.items()} for x in alone]


def test_units_outside_every_stratum_are_the_rest_of_the_effective_naemnare() -> None:
    # No utredning has an enhet: bortfall_uppdelning shows 30 outside every enhet, but the andel's
    # nämnare leaves out the 5 whose samtal is unknown, so its rest is 25 and its bortfall's rest 5.
    share = _indicator("andel", uppdelningar="uppdelningar: [{fält: enhet}]")
    built = evaluate([share], data(_cases([("flicka", "2014-05-01", 30, 5)])), [2024])
    published = built.published()
    assert set(published.loc[published["uppdelning"] == "enhet", "bortfall_uppdelning"].dropna()) == {30}
    assert _shown(published, "andel", "total", "", "nämnare") == 25
    assert truth_fits(built.table, published, [share])
    assert linkage.facts(share, 5).effective == ("nämnare", "bortfall_täljare")
