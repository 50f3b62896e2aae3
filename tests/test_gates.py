"""Plausibility gates: a delivery that reads but cannot be right stops `suengine build` before anything
is written (Swedish message, exit 1, the output folder untouched); overrides are explicit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from suengine.cli import main
from suengine.errors import SuengineError
from suengine.publish import plausibility
from suengine.resources import project_root

DEMO = project_root() / "demo" / "leverans-2026-01"


@pytest.fixture
def delivery(tmp_path, monkeypatch):
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "testnyckel-för-rimlighet")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "suengine.yml").write_text("källsystem: treserva\n", encoding="utf-8")  # a project on the catalogue
    folder = tmp_path / "leverans"
    shutil.copytree(DEMO, folder)
    return folder


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _build(folder: Path, capsys, *extra: str) -> tuple[int, str]:
    out = folder.parent / "build"
    code = main(["build", str(folder), "--ut", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _nothing_written(folder: Path) -> None:
    out = folder.parent / "build"
    assert not out.exists() or list(out.iterdir()) == []


def test_a_barn_file_with_only_its_header_stops_the_build(delivery, capsys):
    barn = delivery / "barn.csv"
    barn.write_bytes(_lines(barn)[0])
    code, text = _build(delivery, capsys)
    assert code == 1
    assert "rimlighetskontrollen" in text and "barn (barn.csv) levererades men har inga godkända rader" in text
    assert "Traceback" not in text
    _nothing_written(delivery)


def test_a_large_share_of_rejected_rows_stops_the_build_and_the_limit_is_configurable(delivery, capsys):
    barn = delivery / "barn.csv"
    lines = _lines(barn)
    barn.write_bytes(b"".join(lines[: len(lines) * 9 // 10]))  # a tenth of the children missing
    code, text = _build(delivery, capsys)
    assert code == 1
    assert "avvisades" in text and "gränsen är 5 %" in text and "--tillåt-bortfall" in text
    _nothing_written(delivery)
    config = f"indikatorer: {project_root() / 'indicators'}\nstörsta_andel_avvisade: 0.5\n"
    (delivery.parent / "suengine.yml").write_text(config, encoding="utf-8")
    barn.write_bytes(b"".join(lines[: len(lines) * 99 // 100]))  # a hundredth missing: under 5 % but over 0,5 %
    code, text = _build(delivery, capsys, "--konfig", str(delivery.parent / "suengine.yml"))
    assert code == 1 and "gränsen är 0,5 %" in text


def test_an_uttagsdatum_in_the_future_stops_the_build(delivery, capsys):
    manifest = delivery / "leverans.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("uttagsdatum: 2026-01-31", "uttagsdatum: 2099-01-31")
                        .replace("till: 2025-12-31", "till: 2098-12-31"), encoding="utf-8")
    code, text = _build(delivery, capsys, "--år", "2021-2025")
    assert code == 1
    assert "uttagsdatum 2099-01-31 i leverans.yml ligger efter dagens datum" in text
    _nothing_written(delivery)


def test_a_result_year_without_events_stops_the_build(delivery, capsys):
    code, text = _build(delivery, capsys, "--år", "2011-2015")
    assert code == 1
    assert "inga händelser alls under 2011, 2012, 2013, 2014, 2015" in text and "--tillåt-år-utan-data" in text
    _nothing_written(delivery)


def test_an_overridden_stop_is_recorded_and_unknown_overrides_are_refused():
    stops = plausibility.rejected_shares({"barn": (100, 80)}, 5.0)
    with pytest.raises(SuengineError, match="20 av 100 rader i barn avvisades"):
        plausibility.check(stops, [])
    outcome = plausibility.check(stops, [], ["bortfall"])
    recorded = outcome.manifest()
    assert recorded["tillåtna"] == ["bortfall"]
    assert recorded["åsidosatta"][0]["kontroll"] == "bortfall"
    with pytest.raises(SuengineError, match="okänd kontroll"):
        plausibility.check([], [], ["framtida_uttag"])


def _totals(values: dict[str, float], unit: str) -> pd.DataFrame:
    return pd.DataFrame([
        {"indikator_id": i, "period": "2025", "uppdelning": "", "stratum": "", "kategori": "", "värde": v,
         "enhet": unit, "undertryckt": False}
        for i, v in values.items()
    ])


def test_an_implausible_jump_from_the_previous_version_of_the_same_year_is_a_warning():
    before = _totals({"a": 40.0, "b": 60.0}, "procent")
    after = _totals({"a": 45.0, "b": 95.0}, "procent")
    found = plausibility.jumps(after, before, "2025.1")
    assert [f.message.split(":")[0] for f in found] == ["b 2025"]
    assert "60 i version 2025.1 men 95 nu" in found[0].message
    counts = plausibility.jumps(_totals({"c": 400.0}, "antal"), _totals({"c": 120.0}, "antal"), "2025.1")
    assert len(counts) == 1
    outcome = plausibility.check([], found)
    assert outcome.manifest()["varningar"][0]["kontroll"] == "hopp"
