"""The published form of a results table (publish/disclosure.published, suppress, suppression_counts)
on tables built by hand: the path renderer tests and `suengine report --resultat` take, and the counts
the build log and the method chapter print. Written against mutation-test survivors (issue 20)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from suengine.publish.disclosure import AUXILIARY, PRIMARY, SECONDARY, published, suppress, suppression_counts
from suengine.publish.results import COLUMNS

META = {
    "andel": SimpleNamespace(threshold=5, protected=True, kind="andel"),
    "strikt": SimpleNamespace(threshold=10, protected=True, kind="andel"),
    "personal": SimpleNamespace(threshold=5, protected=False, kind="andel"),
}


def _row(indicator: str = "andel", period: str = "2024", stratum: str = "", hidden: bool = False, reason: str = "", **values) -> dict:
    row = {c: None for c in COLUMNS}
    row.update(indikator_id=indicator, period=period, uppdelning="total" if not stratum else "kön", stratum=stratum, kategori="",
               urval=40, exkluderade=0, undantag=0, censurerade=0, bortfall_nämnare=0, bortfall_täljare=0,
               nämnare=40, täljare=20, värde=50.0, ki_låg=35.0, ki_hög=65.0, status="grön",
               undertryckt=hidden, undertryckt_orsak=reason, föregående_värde=None, förändring=None)
    row.update(values)
    return row


@pytest.mark.parametrize("column", AUXILIARY)
@pytest.mark.parametrize(("indicator", "count", "blanked"), [
    ("andel", 1, True), ("andel", 4, True), ("andel", 5, False), ("andel", 0, False),
    ("strikt", 9, True), ("strikt", 10, False), ("personal", 1, False), ("okänd", 4, True),
])
def test_a_hand_built_table_blanks_small_auxiliary_counts_and_the_urval(column: str, indicator: str, count: int, blanked: bool) -> None:
    out = published(pd.DataFrame([_row(indicator, **{column: count})]), META).iloc[0]
    assert (out[column] is None) == blanked and (out["urval"] is None) == blanked
    assert out["nämnare"] == 40 and out["värde"] == 50.0  # the row itself stays


def test_a_missing_auxiliary_count_is_not_small() -> None:
    out = published(pd.DataFrame([_row(bortfall_täljare=None, censurerade=None)]), META).iloc[0]
    assert out["urval"] == 40 and out["nämnare"] == 40


def test_a_hidden_row_loses_every_number_and_its_status() -> None:
    out = published(pd.DataFrame([_row(hidden=True, reason=SECONDARY, föregående_värde=40.0, förändring=10.0)]), META).iloc[0]
    for column in ("urval", "exkluderade", "nämnare", "täljare", "värde", "ki_låg", "ki_hög", "förändring", "föregående_värde"):
        assert out[column] is None, column
    assert out["status"] == "ingen" and out["undertryckt_orsak"] == PRIMARY  # secondary is published as för få


def test_cells_named_hidden_in_a_shown_row_are_blanked() -> None:
    table = pd.DataFrame([_row(bortfall_täljare=2, exkluderade=3), _row(period="2023", bortfall_täljare=2)])
    table["dolda_celler"] = ["bortfall_täljare,exkluderade", None]
    out = published(table, META)
    assert out.loc[0, "bortfall_täljare"] is None and out.loc[0, "exkluderade"] is None and out.loc[0, "urval"] == 40
    assert out.loc[1, "bortfall_täljare"] == 2  # not named: shown (the engine decided it is safe)
    assert "dolda_celler" not in out


def test_a_previous_value_hidden_last_year_is_not_shown() -> None:
    table = pd.DataFrame([_row(period="2023", hidden=True, reason=PRIMARY), _row(period="2024", föregående_värde=30.0, förändring=20.0),
                          _row(period="2022"), _row(period="2022", stratum="flicka"), _row(period="2023", stratum="flicka", föregående_värde=50.0)])
    out = published(table, META)
    assert out.loc[1, "föregående_värde"] is None and out.loc[1, "förändring"] is None
    assert out.loc[4, "föregående_värde"] == 50.0  # flicka 2022 was shown


def test_suppression_counts() -> None:
    table = pd.DataFrame([
        _row(hidden=True, reason=PRIMARY), _row(hidden=True, reason=PRIMARY, period="2023"), _row(hidden=True, reason=SECONDARY, period="2022"),
        _row(hidden=True, reason="för_stort_bortfall", period="2021"), _row(period="2020"), _row(period="2019"),
    ])
    table = pd.concat([table, pd.DataFrame([_row(period="2018", undertryckt_orsak=None)])], ignore_index=True)
    table["dolda_celler"] = ["urval", "", None, "exkluderade", "bortfall_täljare,exkluderade", "censurerade", None]
    assert suppression_counts(table) == {"rader": 4, "primära": 2, "sekundära": 1, "andra": 1, "celler": 3}
    assert suppression_counts(table.drop(columns="dolda_celler"))["celler"] == 0


def test_suppress_on_a_hand_built_table_uses_the_default_threshold_and_recomputes_earlier_reasons() -> None:
    rows = [_row(stratum="flicka", nämnare=3, täljare=1, urval=3, värde=33.3, undertryckt=True, undertryckt_orsak=SECONDARY),
            _row(stratum="pojke", nämnare=37, täljare=19, urval=37, värde=51.4), _row(stratum="", nämnare=40, täljare=20)]
    out = suppress(pd.DataFrame(rows, index=[10, 11, 12]))
    assert list(out.index) == [10, 11, 12]
    assert list(out["undertryckt_orsak"]) == [PRIMARY, SECONDARY, ""]  # 3 < 5 (default); pojke protects flicka
    assert list(out["undertryckt"]) == [True, True, False]
    assert "dolda_celler" in out and "_dolda" not in out
    exempt = suppress(pd.DataFrame([dict(rows[0], _skyddas=False, undertryckt=False, undertryckt_orsak=""), rows[1], rows[2]]))
    assert list(exempt["undertryckt"]) == [False, False, False]  # data that describe no child
    strict = suppress(pd.DataFrame([dict(r, _gräns=40) for r in rows]))
    assert strict["undertryckt"].tolist()[:2] == [True, True]


def test_a_missing_count_in_the_engines_nullable_columns_is_not_small() -> None:
    """The engine's table has Int64 counts with <NA>: a missing auxiliary count is not small there either."""
    table = pd.DataFrame([_row(), _row(period="2023")])
    for column in (*AUXILIARY, "urval"):
        table[column] = pd.array([None if column == "bortfall_täljare" else 3 if column == "censurerade" else 40 if column == "urval" else 0,
                                  None if column == "bortfall_täljare" else 0 if column != "urval" else 40], dtype="Int64")
    out = published(table, META)
    assert out.loc[0, "censurerade"] is None and out.loc[0, "urval"] is None  # 3 < 5: blanked with urval
    assert out.loc[1, "urval"] == 40 and pd.isna(out.loc[1, "bortfall_täljare"])  # <NA> alone blanks nothing


def test_blank_text_counts_are_not_small() -> None:
    """A table read as text (blank cells as "", a hidden one as "..") is published without error; neither is a count."""
    out = published(pd.DataFrame([_row(bortfall_täljare="", exkluderade="2", censurerade="..")]), META).iloc[0]
    assert out["bortfall_täljare"] == "" and out["censurerade"] == ".." and out["exkluderade"] is None and out["urval"] is None


def test_suppression_counts_of_a_part_of_a_table() -> None:
    table = pd.DataFrame([_row(hidden=True, reason=PRIMARY), _row(period="2023")], index=[7, 8])
    assert suppression_counts(table) == {"rader": 1, "primära": 1, "sekundära": 0, "andra": 0, "celler": 0}


def test_suppress_adds_only_its_own_columns() -> None:
    table = pd.DataFrame([_row(stratum="flicka", nämnare=3, täljare=1, urval=3), _row(stratum="pojke", nämnare=37, täljare=19, urval=37),
                          _row(nämnare=40, täljare=20)])
    out = suppress(table)
    assert set(out.columns) - set(table.columns) == {"_gräns", "_skyddas", "_n_värde", "_rad", "dolda_celler"}
    assert list(out["_n_värde"]) == [3, 37, 40] and list(out["_gräns"]) == [5, 5, 5]


def test_suppress_on_a_hand_built_distribution_links_its_base_and_bortfall() -> None:
    """A fördelning (category rows): nämnare = base + bortfall_täljare, so a small bortfall hidden as a
    cell would be nämnare − base; the main row is hidden instead of leaving the difference (and, as the
    hidden nämnare may be pinned elsewhere, the base with its categories: the conservative choice)."""
    def category(label: str, count: int, base: int) -> dict:
        return _row(kategori=label, nämnare=base, täljare=count, urval=None, exkluderade=None, undantag=None, censurerade=None,
                    bortfall_nämnare=None, bortfall_täljare=None, värde=100 * count / base, _rad="kategori")

    main = _row(indicator="fördelning", nämnare=32, täljare=None, urval=32, bortfall_täljare=2, värde=32.0, _rad="huvud")
    rows = [main] + [dict(category(label, count, 30), indikator_id="fördelning") for label, count in (("polis", 20), ("skola", 10))]
    out = suppress(pd.DataFrame(rows))
    assert out.loc[0, "undertryckt"] and out.loc[0, "undertryckt_orsak"] == SECONDARY
    assert list(out["undertryckt"]) == [True, True, True]
    alone = suppress(pd.DataFrame([dict(main, bortfall_täljare=0)] + rows[1:]))
    assert list(alone["undertryckt"]) == [False, False, False]  # no small bortfall: all shown
