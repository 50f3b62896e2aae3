"""The six attacks of issue 12, each on a small delivery: the audit rejects what the old per-row
suppression published (`legacy_disclosure`, a frozen copy), and nothing leaks after the new pass.

Each test builds data where the attack works by plain arithmetic on the published table, shows the
independent LP audit (`suengine.publish.audit`) finding the recovered cell in the old output, and
then shows the new output passing the audit (and the recovered value no longer derivable).
"""

from __future__ import annotations

import pandas as pd

from engine import legacy_disclosure as legacy
from engine.helpers import data, indicator
from suengine.casedata.datamodel import load_datamodel
from suengine.engine import Session, evaluate, evaluate_indicator
from suengine.publish import disclosure, linkage, results
from suengine.publish.audit import audit, check_versions
from suengine.publish.earlier import pattern_of
from suengine.publish.linkage import IndicatorFacts

T = 5
SAMTAL = """
bas: utredning
perioddatum: slut
åldersdatum: start
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
uppdelningar:
  - fält: kön
  - fält: ålder
    namn: åldersgrupp
    grupper:
      - {etikett: "0–12 år", från: 0, till: 12}
      - {etikett: "13–20 år", från: 13, till: 20}
"""


def _cases(groups: list[tuple[str, str, int, int, int]]) -> dict:
    """groups: (kön, födelsedatum, utredningar, with samtal, with samtal unknown)."""
    kids, rows = [], []
    for g, (sex, born, n, yes, unknown) in enumerate(groups):
        kids.append({"barn_id": f"b{g}", "kön": sex, "födelsedatum": born})
        for i in range(n):
            samtal = None if i < unknown else (i - unknown) < yes
            rows.append({"utredning_id": f"u{g}-{i}", "barn_id": f"b{g}", "utredningstyp": "barnavård",
                         "start": "2024-02-01", "slut": "2024-04-01", "enskilt_samtal": samtal})
    return {"barn": kids, "utredning": rows}


def _legacy_published(inds: list, case_data) -> pd.DataFrame:
    """What the code before issue 12 published for the same rows."""
    session = Session(case_data, load_datamodel())
    try:
        rows = [r for i in inds for r in evaluate_indicator(session, i, [2024])]
    finally:
        session.close()
    meta = {i.id: results.IndicatorMeta(i.scoring.kind, legacy.threshold(i.min_n), i.records not in linkage.AGGREGATE_ENTITIES) for i in inds}
    for r in rows:
        r["_gräns"], r["_skyddas"] = meta[r["indikator_id"]].threshold, meta[r["indikator_id"]].protected
    legacy.suppress_rows(rows)
    results._add_previous(rows, {k: m.kind for k, m in meta.items()})
    return legacy.published(results._frame(rows).drop(columns=["dolda_celler"]), meta)


def _facts(inds: list) -> dict[str, IndicatorFacts]:
    return {i.id: linkage.facts(i, disclosure.threshold(i.min_n)) for i in inds}


def _leaks(published: pd.DataFrame, facts: dict) -> dict[str, tuple[float, float]]:
    return {i.cell.label: (i.low, i.high) for i in audit(published, facts).leaks}


def _cell(published: pd.DataFrame, uppdelning: str, stratum: str, column: str, indicator_id: str | None = None):
    rows = published[(published["uppdelning"] == uppdelning) & (published["stratum"] == stratum) & (published["kategori"] == "")]
    if indicator_id:
        rows = rows[rows["indikator_id"] == indicator_id]
    value = rows.iloc[0][column]
    return None if value is None or pd.isna(value) else float(value)


def test_attack_remainder_of_records_in_no_stratum() -> None:
    # 6 + 6 utredningar in the two age groups and one of a 21-year-old, outside both groups.
    ind = indicator(SAMTAL)
    case_data = data(_cases([("flicka", "2016-05-01", 6, 5, 0), ("pojke", "2009-05-01", 6, 5, 0), ("pojke", "2003-01-01", 1, 1, 0)]))
    old = _legacy_published([ind], case_data)
    total, young, old_age = (_cell(old, u, s, "nämnare") for u, s in (("total", ""), ("åldersgrupp", "0–12 år"), ("åldersgrupp", "13–20 år")))
    assert total - young - old_age == 1  # the attack: one 21-year-old, and his täljare too
    leaks = _leaks(old, _facts([ind]))
    assert leaks["test-indikator 2024 åldersgrupp=(rest) nämnare"] == (1.0, 1.0)
    new = evaluate([ind], case_data, [2024]).published()
    assert _leaks(new, _facts([ind])) == {}
    shown = [_cell(new, u, s, "nämnare") for u, s in (("total", ""), ("åldersgrupp", "0–12 år"), ("åldersgrupp", "13–20 år"))]
    assert None in shown  # the rest is no longer total minus the shown groups


def test_attack_auxiliary_counts_across_strata() -> None:
    # bortfall_täljare: flicka 3 (hidden in her own row), pojke 8, total 11: flicka = 11 − 8.
    ind = indicator(SAMTAL)
    case_data = data(_cases([("flicka", "2014-05-01", 25, 12, 3), ("pojke", "2014-05-01", 50, 20, 8)]))
    old = _legacy_published([ind], case_data)
    assert _cell(old, "kön", "flicka", "bortfall_täljare") is None
    assert _cell(old, "total", "", "bortfall_täljare") - _cell(old, "kön", "pojke", "bortfall_täljare") == 3
    # exactly 3: bortfall_uppdelning shows that no child lacks kön, so nothing of the 3 lies in the rest
    assert _leaks(old, _facts([ind]))["test-indikator 2024 kön=flicka bortfall_täljare"] == (3.0, 3.0)
    new = evaluate([ind], case_data, [2024]).published()
    assert _leaks(new, _facts([ind])) == {}
    assert _cell(new, "kön", "pojke", "bortfall_täljare") is None or _cell(new, "total", "", "bortfall_täljare") is None


def _change_rows(steps: dict[str, int], mean: float) -> list[dict]:
    """A förändring main row (mean over n pairs) and its step rows, as the engine writes them."""
    n = sum(steps.values())
    base = {"indikator_id": "skala", "version": 1, "period": "2025", "period_start": None, "period_slut": None,
            "uppdelning": "total", "stratum": "", "_gräns": T, "_skyddas": True, "enhet": "steg", "ki_låg": None, "ki_hög": None,
            "värde_saknas": "", "status": "ingen"}
    main = {**base, "kategori": "", "_rad": "huvud", "urval": n, "exkluderade": 0, "undantag": 0, "censurerade": 0,
            "nämnare": n, "täljare": None, "bortfall_nämnare": 0, "bortfall_täljare": 0, "värde": mean, "_n_värde": n}
    categories = [{**base, "kategori": k, "_rad": "kategori", "urval": None, "exkluderade": None, "undantag": None, "censurerade": None,
                   "nämnare": n, "täljare": c, "bortfall_nämnare": None, "bortfall_täljare": None, "värde": 100 * c / n, "_n_värde": n}
                  for k, c in steps.items()]
    return [main, *categories]


def test_attack_mean_pins_down_hidden_steps() -> None:
    # 17 pairs, mean 2,8235 ⇒ sum 48; steps 1 and 4 shown ⇒ the hidden steps 2 and 3 are exactly 2 and 1... here 3 and 2.
    steps = {"1": 6, "2": 3, "3": 2, "5": 6}
    mean = (1 * 6 + 2 * 3 + 3 * 2 + 5 * 6) / 17
    facts = {"skala": IndicatorFacts("skala", "förändring", T, True)}
    meta = {"skala": results.IndicatorMeta("förändring", T, True)}
    old_rows = _change_rows(steps, mean)
    legacy.suppress_rows(old_rows)
    old = legacy.published(results._frame(old_rows).drop(columns=["dolda_celler"]), meta)
    assert abs(float(old.iloc[0]["värde"]) - 48 / 17) < 1e-9  # the mean is shown next to the hidden steps
    leaks = _leaks(old, facts)
    assert leaks["skala 2025 total [2] täljare"] == (3.0, 3.0) and leaks["skala 2025 total [3] täljare"] == (2.0, 2.0)
    new_rows = _change_rows(steps, mean)
    disclosure.suppress_rows(new_rows, facts)
    new = disclosure.published(results._frame(new_rows), meta)
    assert new.iloc[0]["värde"] is None  # the mean goes with its hidden steps
    assert _leaks(new, facts) == {}


def test_attack_same_population_in_two_indicators() -> None:
    # Two indicators over the same utredningar; the second has minsta_antal 3 and would show flicka = 3.
    first = indicator(SAMTAL, id="forsta")
    second = indicator(SAMTAL, id="andra", minsta_antal=3)
    case_data = data(_cases([("flicka", "2014-05-01", 3, 3, 0), ("pojke", "2014-05-01", 20, 10, 0)]))
    old = _legacy_published([first, second], case_data)
    assert _cell(old, "kön", "flicka", "nämnare", "forsta") is None and _cell(old, "kön", "flicka", "nämnare", "andra") == 3
    assert "forsta 2024 kön=flicka nämnare" in _leaks(old, _facts([first, second]))
    new = evaluate([first, second], case_data, [2024]).published()
    assert _cell(new, "kön", "flicka", "nämnare", "andra") is None
    assert _leaks(new, _facts([first, second])) == {}


def test_attack_difference_between_two_versions_of_a_year() -> None:
    # Version 1 hides flicka (4 utredningar); version 2 has one more and would show 5: the difference is the child.
    ind = indicator(SAMTAL)
    first = data(_cases([("flicka", "2014-05-01", 4, 4, 0), ("pojke", "2014-05-01", 20, 10, 0)]))
    second = data(_cases([("flicka", "2014-05-01", 5, 5, 0), ("pojke", "2014-05-01", 20, 10, 0)]))
    v1 = evaluate([ind], first, [2024]).published()
    assert _cell(v1, "kön", "flicka", "nämnare") is None
    unguarded = evaluate([ind], second, [2024]).published()
    assert _cell(unguarded, "kön", "flicka", "nämnare") == 5  # what publishing without the earlier pattern would show
    assert any("dolt i version 2024.1" in p for p in check_versions(unguarded, {"2024.1": v1}))
    v2 = evaluate([ind], second, [2024], carried=pattern_of({"2024.1": v1})).published()
    assert _cell(v2, "kön", "flicka", "nämnare") is None
    assert check_versions(v2, {"2024.1": v1}) == []
    assert _leaks(v2, _facts([ind])) == {}


def test_carried_pattern_also_hides_single_counts() -> None:
    ind = indicator(SAMTAL)
    first = data(_cases([("flicka", "2014-05-01", 25, 12, 3), ("pojke", "2014-05-01", 50, 20, 8)]))
    v1 = evaluate([ind], first, [2024]).published()
    shown_rows = v1[~v1["undertryckt"].astype(bool)]
    blank = [(r["uppdelning"], r["stratum"], c) for _, r in shown_rows.iterrows() for c in ("urval", "bortfall_täljare") if pd.isna(r[c])]
    assert blank  # single counts hidden in shown rows (flicka's bortfall 3 and what protects it)
    second = data(_cases([("flicka", "2014-05-01", 25, 12, 5), ("pojke", "2014-05-01", 50, 20, 8)]))  # bortfall 5: no longer small
    v2 = evaluate([ind], second, [2024], carried=pattern_of({"2024.1": v1})).published()
    assert all(_cell(v2, u, s, c) is None for u, s, c in blank)
    assert check_versions(v2, {"2024.1": v1}) == []
