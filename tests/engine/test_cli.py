"""The evaluate, explain and test commands, the CSV case-data folder and the results files."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from suengine.casedata.folder import read_case_data, write_case_data
from suengine.cli import main
from suengine.casedata.datamodel import load_datamodel
from suengine.engine import evaluate
from suengine.engine.loading import load_indicators
from suengine.errors import SuengineError
from suengine.demo.flow import generate

ROOT = Path(__file__).resolve().parents[2]
INDICATORS = ROOT / "indicators"
DEMO = ROOT / "demo" / "exempeldata"


@pytest.fixture(scope="module")
def delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic delivery written as a CSV folder (generated once for this module)."""
    folder = tmp_path_factory.mktemp("leverans")
    write_case_data(generate(1500, seed=7), folder)
    return folder


def test_csv_folder_round_trip(tmp_path: Path) -> None:
    data = generate(300, seed=3)
    write_case_data(data, tmp_path)
    back = read_case_data(tmp_path)
    assert back.extraction_date == data.extraction_date and back.municipality == data.municipality
    for name, table in data.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], table, check_dtype=True, obj=name)


def test_csv_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(SuengineError, match="leverans.yml saknas"):
        read_case_data(tmp_path)
    (tmp_path / "leverans.yml").write_text("kommun: X\nuttagsdatum: 2025-01-15\n", encoding="utf-8")
    (tmp_path / "utredning.csv").write_text("utredning_id,barn_id,start,slutdatum\nu1,b1,2024-01-01,2024-02-01\n", encoding="utf-8")
    with pytest.raises(SuengineError, match="okända kolumner slutdatum"):
        read_case_data(tmp_path)
    (tmp_path / "utredning.csv").write_text("utredning_id,barn_id,start\nu1,b1,2024-01-01\nu1,b1,2024-01-02\n", encoding="utf-8")
    with pytest.raises(SuengineError, match="förekommer flera gånger"):
        read_case_data(tmp_path)
    (tmp_path / "utredningar.csv").write_text("x\n1\n", encoding="utf-8")
    with pytest.raises(SuengineError, match="okända tabeller utredningar"):
        read_case_data(tmp_path)


def test_demo_folder_reads_and_every_indicator_has_values() -> None:
    data = read_case_data(DEMO)
    assert data.extraction_date == dt.date(2026, 1, 31)
    indicators = load_indicators(INDICATORS)
    table = evaluate(indicators, data, [2021, 2022, 2023, 2024, 2025]).table
    kinds = table["indikator_id"].map({i.id: i.scoring.kind for i in indicators})
    totals = table[(table["uppdelning"] == "total") & ((table["kategori"] == "") | (kinds == "kategori"))]
    with_value = totals[totals["värde"].notna()]
    # A field the delivery left empty gives no value, never 0 % (issue 11), e.g. samtal_med_barnet.
    unanswered = {"samtal-med-placerade-barn"} if data.tables["insats"]["samtal_med_barnet"].isna().all() else set()
    assert set(with_value["indikator_id"]) == {i.id for i in indicators} - unanswered
    # återaktualisering within 24 months can be known only for years whose window has passed
    recurrence = totals[totals["indikator_id"] == "ateraktualisering-24-man-samma-orsak-efter-insats"].set_index("period")
    assert recurrence.loc["2025", "undertryckt_orsak"] == "uppföljningstid_ej_passerad" and recurrence.loc["2025", "censurerade"] > 0


def test_evaluate_command_writes_published_results(delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results"
    code = main(["evaluate", "--data", str(delivery), "--indikatorer", str(INDICATORS), "--år", "2021-2025", "--ut", str(out), "--internt"])
    text = capsys.readouterr().out
    assert code == 0
    assert f"Beräknar {len(load_indicators(INDICATORS))} indikatorer för 2021–2025" in text and "Klart på" in text
    csv = pd.read_csv(out / "resultat.csv", keep_default_na=False)
    assert list(csv.columns)[:3] == ["indikator_id", "version", "period"] and "förändring" in csv.columns
    rows = json.loads((out / "resultat.json").read_text(encoding="utf-8"))
    assert len(rows) == len(csv)
    hidden = [r for r in rows if r["undertryckt"]]
    assert hidden and all(r["värde"] is None and r["nämnare"] is None for r in hidden)
    internal = (out / "resultat-internt.csv").read_text(encoding="utf-8")
    assert internal.startswith("# INTERNT – får inte publiceras")


def test_results_never_contain_child_ids(delivery: Path, tmp_path: Path) -> None:
    data = read_case_data(delivery)
    results = evaluate(load_indicators(INDICATORS), data, [2021, 2022, 2023, 2024, 2025])
    ids = set()
    for table in data.tables.values():
        for column in [c for c in table.columns if c.endswith("_id")]:
            ids.update(table[column].dropna().astype(str))
    assert "barn_id" not in results.table.columns
    from suengine.publish.results import write_csv, write_json

    write_csv(results.table, tmp_path / "a.csv")
    write_json(results.published(), tmp_path / "a.json")
    for path in (tmp_path / "a.csv", tmp_path / "a.json"):
        words = set(re.findall(r"[A-Za-z0-9_]+", path.read_text(encoding="utf-8")))
        assert not words & ids, path


def test_explain_command(delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    internal = tmp_path / "granskning.csv"
    code = main(["explain", "utredning-inom-4-manader", "--period", "2024", "--data", str(delivery), "--indikatorer", str(INDICATORS), "--intern", str(internal)])
    text = capsys.readouterr().out
    assert code == 0
    for phrase in ("Period 2024", "Urval – ", "Antal i nämnaren:", "Täljare – ", "Internt bortfall:", "Per stratum", "flicka", "0–12 år", "INTERNT"):
        assert phrase in text, phrase
    lines = internal.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# INTERNT – får inte publiceras")
    assert lines[1].startswith("post_id,barn_id,period,urval")
    assert main(["explain", "finns-inte", "--period", "2024", "--data", str(delivery), "--indikatorer", str(INDICATORS)]) == 1
    assert "okänd indikator 'finns-inte'" in capsys.readouterr().err


def test_test_command_passes_on_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(INDICATORS)]) == 0
    out = capsys.readouterr().out
    assert "0 underkända" in out and "✓ utredning-inom-4-manader" in out


def test_test_command_reports_differences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = (INDICATORS / "handlaggning" / "utredning-inom-4-manader.yml").read_text(encoding="utf-8")
    broken = source.replace("      nämnare: 2\n      täljare: 1\n", "      nämnare: 3\n      täljare: 1\n      värde: 40\n", 1)
    assert broken != source
    folder = tmp_path / "indicators" / "handlaggning"
    folder.mkdir(parents=True)
    (folder / "utredning-inom-4-manader.yml").write_text(broken, encoding="utf-8")
    code = main(["test", str(tmp_path / "indicators")])
    out = capsys.readouterr().out
    assert code == 1
    assert "✗ utredning-inom-4-manader: Fyra kalendermånader" in out
    assert "nämnare: väntat 3, fick 2" in out and "värde: väntat 40, fick 50" in out
    assert "1 underkända" in out


def test_inline_indicator_file_without_definitions_package(tmp_path: Path) -> None:
    body = textwrap.dedent(
        (INDICATORS / "handlaggning" / "utredning-inom-4-manader.yml").read_text(encoding="utf-8")
    )
    path = tmp_path / "x.yml"
    path.write_text(body, encoding="utf-8")
    from suengine.engine.loading import _plain

    assert [i.id for i in _plain(path)] == ["utredning-inom-4-manader"]
    assert load_datamodel().entities["utredning"].key == ("utredning_id",)
