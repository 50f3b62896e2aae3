"""Small-cell suppression (primary, secondary), the published form, and targets."""

from __future__ import annotations

import pandas as pd
import pytest

from engine.helpers import children, data, indicator, row, run
from suengine.publish import disclosure
from suengine.publish import targets
from suengine.definitions.model import Target
from suengine.publish.privacy import check_published_counts

SAMTAL = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}, {fält: enhet}]
"""


def _records(girls: int, boys: int, girls_yes: int, boys_yes: int, unit: str = "bou") -> dict:
    kids = children(("g", "flicka", "2012-01-01"), ("p", "pojke", "2012-01-01"))
    rows = []
    for prefix, n, yes in (("g", girls, girls_yes), ("p", boys, boys_yes)):
        rows += [{"utredning_id": f"{prefix}{i}", "barn_id": prefix, "start": "2024-01-01", "slut": "2024-03-01", "enhet": unit,
                  "enskilt_samtal": i < yes} for i in range(n)]
    return {"barn": kids, "utredning": rows}


def test_primary_and_secondary_suppression() -> None:
    table = run(indicator(SAMTAL), data(_records(girls=3, boys=20, girls_yes=2, boys_yes=15))).table
    girls, boys, total = row(table, uppdelning="kön", stratum="flicka"), row(table, uppdelning="kön", stratum="pojke"), row(table)
    assert (girls["undertryckt"], girls["undertryckt_orsak"]) == (True, "för_få")
    assert (boys["undertryckt"], boys["undertryckt_orsak"]) == (True, "sekundär")  # else flickor = total − pojkar
    assert not total["undertryckt"]
    assert girls["värde"] is not None  # the internal table keeps the value
    unit = row(table, uppdelning="enhet", stratum="bou")
    assert not unit["undertryckt"]  # 23 in one stratum: nothing small, zero strata are not hidden


def test_small_numerator_suppresses_the_rate() -> None:
    table = run(indicator(SAMTAL), data(_records(girls=10, boys=10, girls_yes=2, boys_yes=8))).table
    girls = row(table, uppdelning="kön", stratum="flicka")
    assert girls["undertryckt_orsak"] == "för_få"  # täljare 2
    total = row(table)
    assert not total["undertryckt"]  # täljare 10, nämnare 20


def test_threshold_never_below_three() -> None:
    assert disclosure.threshold(1) == 3
    assert disclosure.threshold(None, default=2) == 3
    assert disclosure.threshold(10) == 10
    assert disclosure.threshold(None) == 5
    table = run(indicator(SAMTAL, minsta_antal=3), data(_records(girls=3, boys=20, girls_yes=3, boys_yes=15))).table
    assert not row(table, uppdelning="kön", stratum="flicka")["undertryckt"]


def test_published_form_hides_suppressed_and_small_counts() -> None:
    results = run(indicator(SAMTAL), data(_records(girls=3, boys=20, girls_yes=2, boys_yes=15)))
    published = results.published()
    girls = published[(published["uppdelning"] == "kön") & (published["stratum"] == "flicka")].iloc[0]
    for column in ("nämnare", "täljare", "värde", "ki_låg", "ki_hög", "urval"):
        assert girls[column] is None or pd.isna(girls[column]), column
    assert girls["status"] == "ingen" and girls["undertryckt_orsak"] == "för_få"
    assert check_published_counts(published, 5) == []


def test_published_hides_small_auxiliary_counts() -> None:
    records = _records(girls=10, boys=10, girls_yes=6, boys_yes=6)
    records["utredning"][0]["enskilt_samtal"] = None  # one täljarbortfall
    published = run(indicator(SAMTAL), data(records)).published()
    total = published[published["uppdelning"] == "total"].iloc[0]
    assert total["bortfall_täljare"] is None and total["urval"] is None  # 1 is too few to show; urval would reveal it
    assert total["nämnare"] == 19  # the n the value rests on: 20 minus the one internt bortfall


def _table(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{"indikator_id": "x", "period": "2024", "uppdelning": u, "stratum": s, "kategori": "", "nämnare": n, "täljare": t,
          "_n_värde": n, "_gräns": 5, "_skyddas": True, "_rad": "huvud"} for u, s, n, t in rows]
    )
    return disclosure.suppress(frame)


def test_secondary_picks_the_smallest_non_zero_stratum() -> None:
    out = _table([("total", "", 40, 20), ("åldersgrupp", "a", 2, 1), ("åldersgrupp", "b", 0, 0), ("åldersgrupp", "c", 8, 5), ("åldersgrupp", "d", 30, 14)])
    reasons = dict(zip(out["stratum"], out["undertryckt_orsak"]))
    assert reasons == {"": "", "a": "för_få", "b": "", "c": "sekundär", "d": ""}


def test_two_hidden_strata_must_together_span_the_threshold() -> None:
    # nämnare: a + b = 40 − 35 = 5 spans t; but täljare: a + b = 20 − 18 = 2 would tell the reader that
    # both hidden täljare are 0–2, so the shown stratum c is hidden as well.
    two = _table([("total", "", 40, 20), ("s", "a", 2, 1), ("s", "b", 3, 1), ("s", "c", 35, 18)])
    assert list(two["undertryckt_orsak"]) == ["", "för_få", "för_få", "sekundär"]
    wide = _table([("total", "", 40, 20), ("s", "a", 4, 2), ("s", "b", 4, 3), ("s", "c", 32, 15)])
    assert list(wide["undertryckt_orsak"]) == ["", "för_få", "för_få", ""]  # täljare a + b = 5: enough
    hidden_total = _table([("total", "", 4, 2), ("s", "a", 2, 1), ("s", "b", 2, 1)])
    assert list(hidden_total["undertryckt_orsak"]) == ["för_få", "för_få", "för_få"]


def test_secondary_within_categories() -> None:
    ind = indicator(
        """
        bas: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: u}
        beräkning: {typ: fördelning, fält: typ}
        målvärde: {typ: ingen}
        """
    )
    kinds = ["anmälan"] * 30 + ["ansökan"] * 2 + ["övrig_information"] * 8
    records = {"barn": children(("b1", "flicka", "2015-01-01")),
               "aktualisering": [{"aktualisering_id": f"a{i}", "barn_id": "b1", "datum": "2024-02-01", "typ": k} for i, k in enumerate(kinds)]}
    table = run(ind, data(records)).table
    reasons = {r["kategori"]: r["undertryckt_orsak"] for _, r in table[table["kategori"] != ""].iterrows()}
    assert reasons == {"anmälan": "", "ansökan": "för_få", "övrig_information": "sekundär"}


@pytest.mark.parametrize(
    ("target", "value", "category", "expected"),
    [
        (Target("tröskel", direction="högre_är_bättre", green=90, yellow=75), 90.0, None, "grön"),
        (Target("tröskel", direction="högre_är_bättre", green=90, yellow=75), 89.9, None, "gul"),
        (Target("tröskel", direction="högre_är_bättre", green=90, yellow=75), 74.9, None, "röd"),
        (Target("tröskel", direction="lägre_är_bättre", green=10, yellow=20), 10.0, None, "grön"),
        (Target("tröskel", direction="lägre_är_bättre", green=10, yellow=20), 20.0, None, "gul"),
        (Target("tröskel", direction="lägre_är_bättre", green=10, yellow=20), 20.1, None, "röd"),
        (Target("tröskel", direction="högre_är_bättre", green=90, yellow=75), None, None, "ingen"),
        (Target("kategori", colours=(("ja", "grön"), ("delvis", "gul"), ("nej", "röd"))), None, "delvis", "gul"),
        (Target("kategori", colours=(("ja", "grön"),)), None, "ej_aktuellt", "ingen"),
        (Target("ingen"), 50.0, None, "ingen"),
    ],
)
def test_targets(target: Target, value: float | None, category: str | None, expected: str) -> None:
    assert targets.status(target, value, category) == expected


def test_relative_target_by_quarters() -> None:
    comparison = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    relative = Target("relativ", direction="högre_är_bättre")
    assert targets.status(relative, 80.0, comparison=comparison) == "grön"
    assert targets.status(relative, 45.0, comparison=comparison) == "gul"
    assert targets.status(relative, 10.0, comparison=comparison) == "röd"
    assert targets.status(Target("relativ", direction="lägre_är_bättre"), 10.0, comparison=comparison) == "grön"
    assert targets.status(relative, 50.0, comparison=[1.0, 2.0]) == "ingen"


@pytest.mark.parametrize("column", disclosure.AUXILIARY)
@pytest.mark.parametrize(("count", "shown"), [(1, False), (4, False), (5, True), (0, True)])
def test_auxiliary_count_at_the_threshold_edges(column: str, count: int, shown: bool) -> None:
    """Issue 20: 1 and t−1 are hidden (with urval, which would give them back), t and 0 are shown."""
    frame = pd.DataFrame([{
        "indikator_id": "x", "period": "2024", "uppdelning": "total", "stratum": "", "kategori": "", "_rad": "huvud",
        "urval": 60, "exkluderade": 0, "undantag": 0, "censurerade": 0, "nämnare": 40, "täljare": 20,
        "bortfall_nämnare": 0, "bortfall_täljare": 0, "_n_värde": 40, "_gräns": 5, "_skyddas": True,
    }])
    frame.loc[0, column] = count
    out = disclosure.suppress(frame)
    for c in ("värde", "ki_låg", "ki_hög", "förändring", "föregående_värde", "status", "version", "enhet"):
        out[c] = None if c != "status" else "ingen"
    meta = {"x": type("M", (), {"threshold": 5, "protected": True, "kind": "andel"})()}
    published = disclosure.published(out, meta).iloc[0]
    assert not published["undertryckt"]  # the row itself (nämnare 40, täljare 20) is shown
    assert (published[column] == count) if shown else pd.isna(published[column])
    assert pd.isna(published["urval"]) != shown


@pytest.mark.parametrize(
    ("value", "expected"),
    [(80.0, "grön"), (60.0, "grön"), (55.0, "gul"), (35.0, "gul"), (30.0, "röd"), (10.0, "röd")],
)
def test_relative_target_quartile_limits(value: float, expected: str) -> None:
    """The own value joins the eight other kommuner (n = 9, a quarter = 2,25): grön when at most two are
    strictly better, röd when at most two are strictly worse. A tie (60 with the other 60, 30 with 30)
    counts neither as better nor worse, so tied kommuner share a colour."""
    comparison = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    assert targets.status(Target("relativ", direction="högre_är_bättre"), value, comparison=comparison) == expected
    mirrored = {"grön": "röd", "röd": "grön", "gul": "gul"}[expected]
    assert targets.status(Target("relativ", direction="lägre_är_bättre"), value, comparison=comparison) == mirrored


def test_relative_target_leaves_out_missing_values_and_needs_a_direction() -> None:
    # None and NaN are kommuner without a value: not counted (n = 4 with the own value), never "worst".
    comparison = [None, 30.0, float("nan"), 20.0, 10.0]
    assert targets.status(Target("relativ", direction="högre_är_bättre"), 5.0, comparison=comparison) == "röd"
    assert targets.status(Target("relativ", direction="högre_är_bättre"), 40.0, comparison=comparison) == "grön"
    assert targets.status(Target("relativ", direction="högre_är_bättre"), 40.0, comparison=[None, 30.0, 20.0]) == "ingen"
    assert targets.status(Target("relativ"), 40.0, comparison=comparison) == "ingen"


# --- the rules of the linked-table pass, one by one (each kills a mutant of disclosure_links) ---


def _reasons(rows: list[tuple[str, str, int, int]], withheld: dict[str, str] | None = None) -> list[str]:
    frame = pd.DataFrame(
        [{"indikator_id": "x", "period": "2024", "uppdelning": u, "stratum": s, "kategori": "", "nämnare": n, "täljare": t,
          "_n_värde": n, "_gräns": 5, "_skyddas": True, "_rad": "huvud", "undertryckt_orsak": (withheld or {}).get(s, "")}
         for u, s, n, t in rows]
    )
    return list(disclosure.suppress(frame)["undertryckt_orsak"])


def test_hidden_strata_must_sum_to_the_threshold_not_one_less() -> None:
    # a and b are 2 and 2 (nämnare 4 in all): 4 < 5, so c is hidden as well.
    assert _reasons([("total", "", 34, 34), ("s", "a", 2, 2), ("s", "b", 2, 2), ("s", "c", 30, 30)]) == ["", "för_få", "för_få", "sekundär"]


def test_one_hidden_stratum_is_never_enough_even_when_large() -> None:
    # a is withheld for another reason (7 ≥ t): alone it would be total − b (a rest of 0 is often known).
    reasons = _reasons([("total", "", 30, 15), ("s", "a", 7, 3), ("s", "b", 23, 12)], withheld={"a": "för_stort_bortfall"})
    assert reasons == ["", "för_stort_bortfall", "sekundär"]


def test_a_withheld_total_is_not_left_as_the_sum_of_shown_strata() -> None:
    reasons = _reasons([("total", "", 30, 15), ("s", "a", 10, 5), ("s", "b", 20, 10)], withheld={"": "för_stort_bortfall"})
    assert reasons == ["för_stort_bortfall", "sekundär", "sekundär"]


def test_published_hides_every_number_of_a_hidden_row_and_does_not_tell_primary_from_secondary() -> None:
    results = run(indicator(SAMTAL), data(_records(girls=3, boys=20, girls_yes=2, boys_yes=15)), years=[2023, 2024])
    internal = results.table
    assert set(internal["undertryckt_orsak"]) >= {"för_få", "sekundär"}
    published = results.published()
    assert set(published["undertryckt_orsak"]) == {"", "för_få"}  # a reader cannot tell which hidden values are small
    hidden = published[published["undertryckt"]]
    for column in ("nämnare", "täljare", "värde", "föregående_värde", "förändring", "urval", "bortfall_täljare"):
        assert hidden[column].isna().all(), column


def test_the_audit_rejects_an_interval_one_narrower_than_the_threshold() -> None:
    from suengine.publish.audit import audit
    from suengine.publish.linkage import IndicatorFacts

    def table(pojke: int) -> pd.DataFrame:
        rows = [("total", "", 20, False), ("kön", "flicka", None, True), ("kön", "pojke", pojke, False)]
        return pd.DataFrame([{"indikator_id": "x", "period": "2024", "uppdelning": u, "stratum": s, "kategori": "", "nämnare": n,
                              "undertryckt": h} for u, s, n, h in rows])

    facts = {"x": IndicatorFacts("x", "antal", 5, True, {"kön": True})}
    narrow = audit(table(pojke=16), facts)  # flicka = 20 − 16 − rest: 0–4, four wide
    assert {(i.cell.label, i.low, i.high) for i in narrow.leaks} == {("x 2024 kön=flicka nämnare", 0.0, 4.0), ("x 2024 kön=(rest) nämnare", 0.0, 4.0)}
    wide = audit(table(pojke=15), facts)  # 0–5: five wide, enough
    assert wide.leaks == []


def test_a_withheld_total_needs_its_hidden_strata_to_reach_the_threshold() -> None:
    reasons = _reasons([("total", "", 34, 34), ("s", "a", 2, 2), ("s", "b", 2, 2), ("s", "c", 30, 30)], withheld={"": "för_stort_bortfall"})
    assert reasons == ["för_stort_bortfall", "för_få", "för_få", "sekundär"]


def test_a_hidden_row_shows_no_previous_value_even_when_last_year_was_shown() -> None:
    records = _records(girls=3, boys=20, girls_yes=2, boys_yes=15)
    earlier = _records(girls=10, boys=20, girls_yes=6, boys_yes=15)
    for r in earlier["utredning"]:
        r.update(utredning_id="f" + r["utredning_id"], start="2023-01-01", slut="2023-03-01")
    records["utredning"] += earlier["utredning"]
    published = run(indicator(SAMTAL), data(records), years=[2023, 2024]).published()
    girls = published[(published["uppdelning"] == "kön") & (published["stratum"] == "flicka")].set_index("period")
    assert not girls.loc["2023", "undertryckt"] and girls.loc["2023", "värde"] == 60.0  # shown last year
    assert girls.loc["2024", "undertryckt"] and pd.isna(girls.loc["2024", "föregående_värde"])  # not repeated next to ..
