"""Exports as they come: a long-form OJ survey export, year-only dates and no barn file, read by a mapping alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from suengine.definitions import load_definitions
from suengine.engine import evaluate
from suengine.ingest.mapping_reshape import parse_with_format
from suengine.ingest.pipeline import DeliveryRejected, ingest_delivery
from suengine.ingest.values import ValueProblem
from suengine.resources import project_root

Make = Callable[..., Path]

MANIFEST = """\
kommun: Testby kommun
källsystem: OJ-enkäten
mappning: oj_lang.yml
uttagsdatum: 2026-03-31
entiteter: [enkätsvar, personal]
"""

MAPPING = """\
# yaml-language-server: $schema=../schemas/mapping.schema.json
system: oj_lang
namn: Öppna jämförelser, enkätexport i lång form
entiteter:
  barn:
    filer: ["barn*.csv"]
    kolumner: {Personnummer: barn_id}
  enkätsvar:
    filer: ["oj_svar*.csv"]
    pivot: {nyckel: [År, Område], kolumn: Fråga, värde: Svar}
    kolumner:
      År: mätdatum
      Område: område
      G2: g2
      G2a: g2a
    datumformat: {mätdatum: år}
  personal:
    filer: ["oj_personal*.csv"]
    kolumner:
      Mätmånad: mätdatum
      B1: b1_handläggare
      B1a: b1a_socionomexamen
    datumformat: {mätdatum: månadsnamn}
"""

# As OJ's own survey tool exports it: one row per year, area and question, OJ's own labels.
SURVEY = """\
År;Område;Fråga;Svar;Kommentar
2025;Ekonomiskt bistånd;G2;Ja;
2025;Ekonomiskt bistånd;G2a;Ja;
2025;Missbruk;G2;Nej, behövs inte;samma chef
2025;Socialpsykiatri;G2;Ja;
2025;Socialpsykiatri;G2a;Nej;
2025;LSS barn;G2;Ja;
2025;LSS barn;G2a;Ej aktuellt;ny rutin
2025;LSS vuxen;G2;Nej;
2025;LSS vuxen;G2;Ja;dubbelregistrerad
2024-13;Missbruk;G2;Ja;
"""
STAFF = "Mätmånad;B1;B1a\nfebruari 2025;20,5;18,25\n"


def _deliver(tmp_path: Path, files: dict[str, str], manifest: str = MANIFEST) -> Path:
    folder = tmp_path / "leverans"
    folder.mkdir()
    (folder / "leverans.yml").write_text(manifest, encoding="utf-8")
    (folder / "oj_lang.yml").write_text(MAPPING, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="cp1252")
    return folder


def test_long_form_survey_with_years_and_no_barn_file(tmp_path: Path) -> None:
    result = ingest_delivery(_deliver(tmp_path, {"oj_svar_2025.csv": SURVEY, "oj_personal.csv": STAFF}))
    data = result.case_data
    survey = data.table("enkätsvar").set_index("område")
    assert list(survey.index) == ["ekonomiskt_bistånd", "missbruk", "socialpsykiatri", "lss_barn", "lss_vuxen"]
    assert set(survey["mätdatum"]) == {pd.Timestamp("2025-01-01")}
    assert survey.loc["missbruk", "g2"] == "nej_behövs_inte" and pd.isna(survey.loc["missbruk", "g2a"])
    assert (survey.loc["lss_barn", "g2"], survey.loc["lss_barn", "g2a"]) == ("ja", "ej_aktuellt")
    # Two different answers to one question for one key: a contradiction, blanked and reported.
    assert pd.isna(survey.loc["lss_vuxen", "g2"])
    problems = result.problems
    conflict = problems[problems["orsakskod"] == "dubblett"]
    assert list(conflict["rad"]) == [10] and list(conflict["åtgärd"]) == ["värdet sätts som saknat"]
    # A "year" that is not one is rejected with its row, never read as something else.
    bad = problems[problems["orsakskod"] == "ogiltigt_datum"]
    assert list(bad["rad"]) == [11] and "passar inte datumformatet år" in bad["meddelande"].iloc[0]
    assert "pivoterad" in set(problems["orsakskod"])
    staff = data.table("personal").iloc[0]
    assert staff["mätdatum"] == pd.Timestamp("2025-02-01") and staff["b1a_socionomexamen"] == 18.25
    # No barn file, and none was needed: barn is simply not delivered.
    assert data.table("barn").empty and data.delivered is not None and set(data.delivered) == {"enkätsvar", "personal"}
    # The delivery feeds the OJ indicator as it is: 3 Ja of 4 answered areas (LSS vuxen unknown).
    definitions = load_definitions(project_root() / "indicators" / "samordning" / "samordning-g2.yml")
    table = evaluate(definitions.indicators, data, [2025]).table
    total = table[(table["period"] == "2025") & (table["uppdelning"] == "total")].iloc[0]
    assert (total["nämnare"], total["täljare"], total["värde"]) == (4, 3, 75.0)
    # An indicator over an entity this delivery does not hold gives "uppgift saknas", never 0.
    inflow = load_definitions(project_root() / "indicators" / "inflode" / "aktualiseringar-antal.yml")
    other = evaluate(inflow.indicators, data, [2025]).table
    assert set(other[other["period"] == "2025"]["värde_saknas"]) == {"ej_levererad"}


def test_without_the_declaration_the_barn_file_is_still_required(tmp_path: Path) -> None:
    manifest = MANIFEST.replace("entiteter: [enkätsvar, personal]\n", "")
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(_deliver(tmp_path, {"oj_svar_2025.csv": SURVEY, "oj_personal.csv": STAFF}, manifest))
    assert "Ingen fil för barn" in str(caught.value)


def test_a_mapping_without_barn_needs_the_declaration(tmp_path: Path) -> None:
    folder = _deliver(tmp_path, {"oj_svar_2025.csv": SURVEY, "oj_personal.csv": STAFF}, MANIFEST.replace("entiteter: [enkätsvar, personal]\n", ""))
    text = MAPPING.replace('  barn:\n    filer: ["barn*.csv"]\n    kolumner: {Personnummer: barn_id}\n', "")
    (folder / "oj_lang.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(folder)
    assert "beskriver inte barn" in str(caught.value)
    (folder / "leverans.yml").write_text(MANIFEST, encoding="utf-8")
    assert len(ingest_delivery(folder).case_data.table("enkätsvar")) == 5


def test_a_declared_entity_without_a_file_stops_the_delivery(tmp_path: Path) -> None:
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(_deliver(tmp_path, {"oj_svar_2025.csv": SURVEY}))
    assert "Ingen fil för personal" in str(caught.value)


def test_pivot_columns_that_are_missing_stop_with_their_names(tmp_path: Path) -> None:
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(_deliver(tmp_path, {"oj_svar_2025.csv": SURVEY.replace("Fråga", "Frågekod"), "oj_personal.csv": STAFF}))
    assert "Kolumnen 'Fråga' som pivot: i mappningen använder saknas i oj_svar_2025.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("år", "2025", dt.date(2025, 1, 1)),
        ("år", 2025, dt.date(2025, 1, 1)),
        ("år", 2025.0, dt.date(2025, 1, 1)),
        ("år_månad", "2025-03", dt.date(2025, 3, 1)),
        ("år_månad", "2025/3", dt.date(2025, 3, 1)),
        ("år_månad", "202503", dt.date(2025, 3, 1)),
        ("månadsnamn", "mars 2025", dt.date(2025, 3, 1)),
        ("månadsnamn", "15 Mars 2025", dt.date(2025, 3, 15)),
        ("månadsnamn", "okt 2024", dt.date(2024, 10, 1)),
        ("excel", 45717, dt.date(2025, 3, 1)),
        ("excel", "45717", dt.date(2025, 3, 1)),
        ("iso", "2025-03-01", dt.date(2025, 3, 1)),
    ],
)
def test_explicit_date_formats(fmt: str, value: object, expected: dt.date) -> None:
    assert parse_with_format(value, fmt) == expected


@pytest.mark.parametrize(
    ("fmt", "value"),
    [
        ("år", "2025-03"),  # a year-month is not a year
        ("år", "45717"),  # nor is an Excel serial
        ("år_månad", "2025-13"),
        ("månadsnamn", "march 2025"),  # English month names are not guessed
        ("månadsnamn", "30 februari 2025"),
        ("excel", "2025"),  # outside 1910–2099 as a serial
        ("iso", "01/03/2025"),
    ],
)
def test_values_that_do_not_fit_the_format_are_problems(fmt: str, value: object) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_with_format(value, fmt)
    assert caught.value.code == "ogiltigt_datum"


def test_kön_from_personnummer_only_when_switched_on_and_counted(tmp_path: Path) -> None:
    from ingest_helpers import A, B, C, dash

    mapping = """\
system: barnlista
namn: Barnlista
entiteter:
  barn:
    filer: ["barn*.csv"]
    kolumner: {Personnummer: barn_id, Kön: kön}
    koder: {kön: {K: flicka, M: pojke}}
"""
    manifest = "kommun: Testby kommun\nkällsystem: Lista\nmappning: barnlista.yml\nuttagsdatum: 2026-01-31\n"
    rows = f"Personnummer;Kön\n{dash(A)};K\n{dash(B)};\n{dash(C)};\n"
    for switched_on in (False, True):
        folder = tmp_path / f"leverans{switched_on}"
        folder.mkdir()
        (folder / "leverans.yml").write_text(manifest, encoding="utf-8")
        text = mapping + ("    härledda: {kön: {regel: kön_från_personnummer}}\n" if switched_on else "")
        (folder / "barnlista.yml").write_text(text, encoding="utf-8")
        (folder / "barn.csv").write_text(rows, encoding="utf-8")
        result = ingest_delivery(folder)
        known = result.case_data.table("barn")["kön"].notna().sum()
        derived = result.summary[(result.summary["avsnitt"] == "härlett") & (result.summary["fält"] == "kön")]
        if switched_on:
            assert known == 3 and list(derived["värde"]) == ["2"]
        else:
            assert known == 1 and derived.empty


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("datumformat: {mätdatum: år}", "datumformat: {område: år}"),
        ("pivot: {nyckel: [År, Område]", "pivot: {nyckel: [År, Kvartal]"),
        ("      G2: g2\n", "      G2: g2\n      Fråga: g3\n"),
    ],
)
def test_mapping_check_of_pivot_and_date_formats(tmp_path: Path, change: str, message: str) -> None:
    folder = _deliver(tmp_path, {"oj_svar_2025.csv": SURVEY, "oj_personal.csv": STAFF})
    mapping = folder / "oj_lang.yml"
    mapping.write_text(MAPPING.replace(change, message, 1), encoding="utf-8")
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(folder)
    expected = {
        "datumformat: {område: år}": "fältet område är av typen kod, inte datum; datumformat passar inte",
        "pivot: {nyckel: [År, Kvartal]": "pivotens nyckelkolumn 'Kvartal' står inte under kolumner",
        "      G2: g2\n      Fråga: g3\n": "'Fråga' pivoteras bort och kan inte också stå under kolumner",
    }[message]
    assert expected in str(caught.value)
