"""The whole indicator catalogue on the bundled demo delivery (demo/leverans-2026-01).

The delivery is ingested once with a fixed pseudonym key and every indicator is evaluated for
2021–2025. Every indicator must give a value for each of the five years, except where a documented
reason says why not (`EXPECTED_MISSING`). A handful of indicators of different scoring types are
recomputed here with plain pandas on the ingested tables, without the engine, and must agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pytest

from suengine.definitions import load_definitions
from suengine.engine import evaluate
from suengine.ingest import ingest_delivery
from suengine.ingest.pseudonym import KEY_ENV
from suengine.definitions.model import Indicator
from suengine.resources import project_root

ROOT = project_root()
DEMO = ROOT / "demo" / "leverans-2026-01"
YEARS = (2021, 2022, 2023, 2024, 2025)
KEY = "katalogtestets-fasta-nyckel-0123456789"

# (indikator, år) → (orsak i resultattabellen, varför)
EXPECTED_MISSING = {
    **{
        (ind, "2023"): ("bortfall", "demokommunen svarade 999 (kan inte lämna uppgift) på B1b 2023")
        for ind in ("socionom-minst-ett-ar", "socionom-minst-tre-ar", "socionom-mer-an-fem-ar")
    },
    **{
        (ind, "2025"): ("tom_nämnare", "24-månadersfönstret efter 2025 har inte passerat vid uttaget 2026-01-31: alla är censurerade")
        for ind in (
            "ateraktualisering-24-man-efter-insats",
            "ateraktualisering-24-man-samma-orsak-efter-insats",
            "ateraktualisering-24-man-efter-utredning",
            "ateraktualisering-24-man-samma-orsak-efter-utredning",
        )
    },
}
PLACEMENTS = ["familjehem_konsulentstött", "familjehem_eget", "nätverkshem", "hvb", "sis", "stödboende"]


@dataclass
class Demo:
    tables: dict[str, pd.DataFrame]
    extraction: pd.Timestamp
    indicators: dict[str, Indicator]
    table: pd.DataFrame  # the engine's internal results table
    published: pd.DataFrame  # what may be published
    meta: dict


@pytest.fixture(scope="module")
def demo() -> Demo:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_ENV, KEY)
        delivery = ingest_delivery(DEMO)
    loaded = load_definitions(ROOT / "indicators")
    assert loaded.ok, [i.format() for i in loaded.issues]
    results = evaluate(loaded.indicators, delivery.case_data, years=list(YEARS))
    data = delivery.case_data
    return Demo(dict(data.tables), pd.Timestamp(data.extraction_date), {i.id: i for i in loaded.indicators}, results.table,
                results.published(), results.meta)


def _main_rows(demo: Demo) -> pd.DataFrame:
    """One row per indicator × period: the total, without the category rows."""
    kinds = demo.table["indikator_id"].map({k: i.scoring.kind for k, i in demo.indicators.items()})
    totals = demo.table[(demo.table["uppdelning"] == "total") & ((demo.table["kategori"] == "") | (kinds == "kategori"))]
    assert not totals.duplicated(["indikator_id", "period"]).any()
    return totals


def _value(demo: Demo, indicator: str, year: int, uppdelning: str = "total", stratum: str = "", kategori: str = "") -> dict:
    t = demo.table
    hit = t[(t["indikator_id"] == indicator) & (t["period"] == str(year)) & (t["uppdelning"] == uppdelning)
            & (t["stratum"] == stratum) & (t["kategori"] == kategori)]
    assert len(hit) == 1, (indicator, year, uppdelning, stratum, kategori)
    return {k: (None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v) for k, v in hit.iloc[0].items()}


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


# --- the whole catalogue --------------------------------------------------------------------


def test_the_catalogue_is_large_and_grouped_by_area(demo: Demo) -> None:
    assert len(demo.indicators) >= 35
    areas = {i.indicator_area for i in demo.indicators.values()}
    assert areas >= {"inflöde", "handläggning", "delaktighet", "insatser", "placeringar", "resultat", "familjerätt", "kompetens"}


def test_every_indicator_has_a_value_for_every_year_or_a_documented_reason(demo: Demo) -> None:
    totals = _main_rows(demo)
    assert set(totals["indikator_id"]) == set(demo.indicators)
    assert totals.groupby("indikator_id")["period"].apply(set).eq({str(y) for y in YEARS}).all()
    missing = {(r.indikator_id, r.period): r.värde_saknas for r in totals[totals["värde"].isna()].itertuples()}
    assert missing == {key: reason for key, (reason, _) in EXPECTED_MISSING.items()}
    for (indicator, period), (reason, _) in EXPECTED_MISSING.items():
        if reason == "tom_nämnare":
            assert _value(demo, indicator, int(period))["censurerade"] > 0


def test_values_are_plausible(demo: Demo) -> None:
    totals = _main_rows(demo).dropna(subset=["värde"])
    for row in totals.itertuples():
        kind = demo.indicators[row.indikator_id].scoring.kind
        if kind in ("andel", "kategori"):
            assert 0 <= row.värde <= 100, row
        elif kind in ("antal", "fördelning", "summa", "kvot", "median", "medel"):
            assert row.värde > 0, row  # the demo municipality has activity in every area every year
        elif kind == "förändring":
            assert -10 <= row.värde <= 10, row


# --- figures recomputed with pandas, independently of the engine --------------------------------


def _in_year(dates: pd.Series, year: int) -> pd.Series:
    return dates.notna() & (dates.dt.year == year)


def _age(birth: pd.Series, at: pd.Series) -> pd.Series:
    before_birthday = (at.dt.month < birth.dt.month) | ((at.dt.month == birth.dt.month) & (at.dt.day < birth.dt.day))
    return at.dt.year - birth.dt.year - before_birthday.astype(int)


def test_antal_aktualiseringar_with_a_breakdown(demo: Demo) -> None:
    akt = demo.tables["aktualisering"].merge(demo.tables["barn"], on="barn_id", how="left")
    for year in YEARS:
        chosen = akt[_in_year(akt["datum"], year) & akt["enhet"].isin(["mottagning", "bou"])]
        assert _value(demo, "aktualiseringar-antal", year)["värde"] == len(chosen)
        girls = _value(demo, "aktualiseringar-antal", year, "kön", "flicka")
        assert girls["nämnare"] == int((chosen["kön"] == "flicka").sum())
        age = _age(chosen["födelsedatum"], chosen["datum"])
        assert _value(demo, "aktualiseringar-antal", year, "åldersgrupp (OJ)", "12–18 år")["nämnare"] == int(age.between(12, 18).sum())


def test_kvot_aktualiseringar_per_1000_children(demo: Demo) -> None:
    akt = demo.tables["aktualisering"].merge(demo.tables["barn"], on="barn_id", how="left")
    pop = demo.tables["befolkning"]
    for year in YEARS:
        chosen = akt[_in_year(akt["datum"], year) & akt["enhet"].isin(["mottagning", "bou"])]
        count = int(_age(chosen["födelsedatum"], chosen["datum"]).between(0, 17).sum())
        children = pop[(pop["år"] == year) & pop["ålder"].between(0, 17)]["antal"].sum()
        assert _close(_value(demo, "aktualiseringar-per-1000-barn", year)["värde"], count / children * 1000)


def test_kvot_per_1000_by_kon_uses_each_sexs_own_population(demo: Demo) -> None:
    """Issue 20: a rate split by kön must divide by that sex's population, not the other's or the total."""
    akt = demo.tables["aktualisering"].merge(demo.tables["barn"], on="barn_id", how="left")
    pop = demo.tables["befolkning"]
    differing = 0
    for year in YEARS:
        chosen = akt[_in_year(akt["datum"], year) & akt["enhet"].isin(["mottagning", "bou"])]
        chosen = chosen[_age(chosen["födelsedatum"], chosen["datum"]).between(0, 17)]
        people = {sex: pop[(pop["år"] == year) & pop["ålder"].between(0, 17) & (pop["kön"] == sex)]["antal"].sum() for sex in ("flicka", "pojke")}
        differing += people["flicka"] != people["pojke"]
        for sex in ("flicka", "pojke"):
            count = int((chosen["kön"] == sex).sum())
            row = _value(demo, "aktualiseringar-per-1000-barn", year, "kön", sex)
            assert row["täljare"] == count and row["nämnare"] == people[sex]  # events over that sex's inhabitants
            assert _close(row["värde"], count / people[sex] * 1000), (year, sex)
    assert differing == len(YEARS)  # the populations differ, so swapping them would change every rate


def _strata_by_kon_and_age(frame: pd.DataFrame, at: pd.Series) -> dict[tuple[str, str], pd.Series]:
    age = _age(frame["födelsedatum"], at)
    return {
        ("kön", "flicka"): frame["kön"] == "flicka",
        ("kön", "pojke"): frame["kön"] == "pojke",
        ("åldersgrupp", "0–12 år"): age.between(0, 12),
        ("åldersgrupp", "13–20 år"): age.between(13, 20),
    }


def test_every_kon_and_age_stratum_of_a_share_recomputed(demo: Demo) -> None:
    """Issue 20: strata, not just totals, recomputed with plain pandas (utredning inom 4 månader)."""
    utr = demo.tables["utredning"].merge(demo.tables["barn"], on="barn_id", how="left")
    for year in YEARS:
        closed = utr[_in_year(utr["slut"], year) & (utr["utredningstyp"] == "barnavård")]
        limit = closed["start"] + pd.DateOffset(months=4)
        in_time = closed["slut"] <= limit
        for (dimension, stratum), mask in _strata_by_kon_and_age(closed, closed["start"]).items():
            row = _value(demo, "utredning-inom-4-manader", year, dimension, stratum)
            assert row["nämnare"] == int(mask.sum()), (year, stratum)
            assert row["täljare"] == int((mask & in_time).sum()), (year, stratum)


def test_every_kon_and_age_stratum_of_a_count_recomputed(demo: Demo) -> None:
    akt = demo.tables["aktualisering"].merge(demo.tables["barn"], on="barn_id", how="left")
    for year in YEARS:
        chosen = akt[_in_year(akt["datum"], year) & akt["enhet"].isin(["mottagning", "bou"])]
        for (dimension, stratum), mask in _strata_by_kon_and_age(chosen, chosen["datum"]).items():
            if dimension == "åldersgrupp":
                continue  # aktualiseringar-antal groups ages differently; its OJ groups are checked above
            assert _value(demo, "aktualiseringar-antal", year, dimension, stratum)["nämnare"] == int(mask.sum())


def test_andel_forlangda_utredningar(demo: Demo) -> None:
    utr = demo.tables["utredning"]
    for year in YEARS:
        closed = utr[_in_year(utr["slut"], year) & (utr["utredningstyp"] == "barnavård")]
        extended = int(closed["förlängd"].fillna(False).astype(bool).sum())
        row = _value(demo, "forlangda-utredningar", year)
        assert row["nämnare"] == len(closed) and row["täljare"] == extended
        assert row["bortfall_täljare"] == int(closed["förlängd"].isna().sum())
        assert _close(row["värde"], 100 * extended / len(closed))


def test_andel_overvagande_with_exception_and_censoring(demo: Demo) -> None:
    ins = demo.tables["insats"]
    six = pd.DateOffset(months=6)
    for year in YEARS:
        started = ins[_in_year(ins["start"], year) & ins["insatstyp"].isin(PLACEMENTS)]
        window_passed = (started["start"] + six) <= demo.extraction
        in_time = started["första_övervägande"].notna() & (started["första_övervägande"] <= started["start"] + six)
        short = started["slut"].notna() & (started["slut"] <= started["start"] + six)
        counted = started[window_passed & ~(short & ~in_time)]
        row = _value(demo, "overvagande-inom-sex-manader", year)
        assert row["censurerade"] == int((~window_passed).sum())
        assert row["undantag"] == int((window_passed & short & ~in_time).sum())
        assert row["nämnare"] == len(counted) and row["täljare"] == int(in_time[counted.index].sum())


def test_median_utredningstid(demo: Demo) -> None:
    utr = demo.tables["utredning"]
    for year in YEARS:
        closed = utr[_in_year(utr["slut"], year) & (utr["utredningstyp"] == "barnavård")]
        assert _close(_value(demo, "utredningstid-median", year)["värde"], (closed["slut"] - closed["start"]).dt.days.median())


def _placements_during(ins: pd.DataFrame, year: int) -> pd.DataFrame:
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    overlapping = (ins["start"] <= last) & (ins["slut"].isna() | (ins["slut"] >= first))
    return ins[overlapping & ins["insatstyp"].isin(PLACEMENTS)]


def test_summa_vardygn_and_antal_placerade_barn(demo: Demo) -> None:
    ins = demo.tables["insats"]
    for year in YEARS:
        placed = _placements_during(ins, year)
        first = placed["start"].clip(lower=pd.Timestamp(year, 1, 1))
        until = placed["slut"].fillna(demo.extraction).clip(upper=pd.Timestamp(year + 1, 1, 1))
        days = (until - first).dt.days.clip(lower=0).sum()
        assert _value(demo, "vardygn", year)["värde"] == days
        assert _value(demo, "placerade-barn", year)["värde"] == placed["barn_id"].nunique()


def test_fordelning_placeringsform(demo: Demo) -> None:
    ins = demo.tables["insats"]
    for year in YEARS:
        first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        during = ins[(ins["start"] <= last) & (ins["slut"].isna() | (ins["slut"] >= first)) & (ins["insatskategori"] == "placering")]
        counts = during["insatstyp"].value_counts()
        assert _value(demo, "placeringsform", year)["nämnare"] == len(during)
        for form in ("familjehem_konsulentstött", "nätverkshem", "hvb", "vårdnadsöverflyttning"):
            row = _value(demo, "placeringsform", year, kategori=form)
            assert row["täljare"] == int(counts.get(form, 0))
            assert _close(row["värde"], 100 * counts.get(form, 0) / len(during))


def test_forandring_sakerhetsskala(demo: Demo) -> None:
    ins, upp = demo.tables["insats"], demo.tables["uppföljning"]
    scale = upp[(upp["instrument"] == "säkerhetsskala") & upp["värde"].notna()].sort_values("datum")
    before = scale[scale["tidpunkt"] == "före"].groupby("insats_id")["värde"].first()
    after = scale[scale["tidpunkt"] == "efter"].groupby("insats_id")["värde"].last()
    change = (after - before).dropna()
    for year in YEARS:
        closed = ins[_in_year(ins["slut"], year) & (ins["insatskategori"] == "öppenvård")]
        paired = change[change.index.isin(closed["insats_id"])]
        row = _value(demo, "sakerhetsskala-forandring", year)
        assert row["nämnare"] == len(paired) and row["bortfall_täljare"] == len(closed) - len(paired)
        assert _close(row["värde"], paired.mean())


def test_andel_ateraktualisering_per_child_with_censoring(demo: Demo) -> None:
    """Children, not insatser: a child is in the nämnare if any of its closed insatser is, and in the
    täljare if a new aktualisering followed any of them within twelve months."""
    ins, akt = demo.tables["insats"], demo.tables["aktualisering"]
    twelve = pd.DateOffset(months=12)
    for year in YEARS:
        closed = ins[_in_year(ins["slut"], year) & (ins["insatskategori"] == "öppenvård")].copy()
        closed = closed[closed["slut"] + twelve <= demo.extraction]
        pairs = closed[["insats_id", "barn_id", "slut"]].merge(akt[["barn_id", "datum"]], on="barn_id")
        hits = pairs[(pairs["datum"] > pairs["slut"]) & (pairs["datum"] <= pairs["slut"] + twelve)]
        row = _value(demo, "ateraktualisering-12-man-efter-insats", year)
        assert row["nämnare"] == closed["barn_id"].nunique()
        assert row["täljare"] == hits["barn_id"].nunique()


# --- disclosure on the whole catalogue ---------------------------------------------------------


def _rules(demo: Demo):
    from suengine.publish.checker import Rules

    return Rules(thresholds={k: m.threshold for k, m in demo.meta.items()}, exempt=frozenset(k for k, m in demo.meta.items() if not m.protected),
                 kinds={k: m.kind for k, m in demo.meta.items()})


def test_the_shared_checker_accepts_the_published_table_and_rejects_the_internal_one(demo: Demo) -> None:
    """Issue 20: writing the internal table instead of the published one must not pass."""
    from suengine.publish.checker import check_results

    assert check_results(demo.published, _rules(demo)) == []
    found = check_results(demo.table, _rules(demo))
    reasons = {f.reason.split(" ")[0] for f in found}
    assert "dold" in reasons  # hidden rows would show their numbers
    assert any("under gränsen" in f.reason for f in found)


def test_no_previous_value_next_to_a_hidden_previous_year(demo: Demo) -> None:
    """Issue 20: the demo has rows shown this year whose previous year was hidden; they show no change."""
    p = demo.published
    hidden = set(zip(p["indikator_id"], p["uppdelning"], p["stratum"], p["kategori"], p["period"])) & {
        (r.indikator_id, r.uppdelning, r.stratum, r.kategori, r.period) for r in p[p["undertryckt"]].itertuples()}
    cases = [r for r in p[~p["undertryckt"] & (p["period"] != "2021")].itertuples()
             if (r.indikator_id, r.uppdelning, r.stratum, r.kategori, str(int(r.period) - 1)) in hidden
             and demo.indicators[r.indikator_id].scoring.kind not in ("fördelning", "förändring")]
    assert len(cases) >= 5
    assert all(pd.isna(r.föregående_värde) and pd.isna(r.förändring) for r in cases)


def test_the_audit_finds_no_hidden_count_that_can_be_narrowed_down(demo: Demo) -> None:
    from suengine.publish import linkage
    from suengine.publish.audit import audit

    facts = {k: linkage.facts(i, demo.meta[k].threshold) for k, i in demo.indicators.items()}
    report = audit(demo.published, facts)
    assert report.leaks == [] and report.hidden_rows > 100
    assert report.smallest is not None and report.smallest.width >= 5
