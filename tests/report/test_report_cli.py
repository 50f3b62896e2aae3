"""`suengine report` as a user runs it: help text, progress per stage, the files it writes, errors."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from suengine.cli import main
from suengine.resources import project_root

HELP_START = """\
användning: suengine report [-h] --resultat MAPP --år ÅR [--indikatorer MAPP]
                            [--kvalitet MAPP] [--kommentarer MAPP] [--ut MAPP]
                            [--version VERSION] [--titel TEXT]
                            [--minsta-antal N] [--projekt MAPP]
                            [--format FORMAT [FORMAT ...]]

Bygg årsrapporten till nämnden som HTML, PDF och DOCX, i en ny version som aldrig skrivs över.
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`suengine report …` through the real entry point, in-process (a subprocess would re-import pandas)."""
    monkeypatch.setenv("COLUMNS", "80")

    def _run(*args: str) -> Run:
        try:
            code = main(["report", *args])
        except SystemExit as exit:
            code = int(exit.code or 0)
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return _run


def test_help_starts_with_usage_and_summary(run) -> None:
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith(HELP_START)
    assert "Exempel:\n  suengine report --resultat build/resultat --år 2025\n" in result.stdout


def test_report_command_renders_all_formats_with_progress(run, tmp_path: Path, results_table: pd.DataFrame) -> None:
    results = tmp_path / "resultat"
    results.mkdir()
    results_table[results_table["indikator_id"] == "utredning-inom-4-manader"].to_csv(results / "resultat.csv", index=False)
    indicators = tmp_path / "indicators"
    indicators.mkdir()
    shutil.copy(project_root() / "indicators" / "handlaggning" / "utredning-inom-4-manader.yml", indicators)

    result = run("--resultat", str(results), "--år", "2025", "--indikatorer", str(indicators), "--ut",
                  str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    stages = [line for line in lines if line.endswith(" …")]
    assert stages[:1] == ["Läser resultat och indikatorer …"]
    rendering = [s for s in stages if s.startswith("Renderar HTML, PDF, DOCX av rapporten och rapporten till nämnden (")]
    assert len(rendering) == 1 and ("pandoc" in rendering[0] or "quarto" in rendering[0])
    for document in ("HTML", "PDF", "DOCX", "rapporten till nämnden, HTML"):  # each document's time, whichever ends first
        assert any(re.fullmatch(rf"    {document}: klart på \d+,\d\d s", line) for line in lines), document
    assert len([line for line in lines if re.fullmatch(r"  klart på \d+,\d\d s", line)]) == len(stages)
    assert re.search(r"^Rapportversion 2025\.1 klar på \d+,\d s", result.stdout, flags=re.M)
    folder = tmp_path / "build" / "2025.1"
    for suffix in ("html", "pdf", "docx"):
        assert (folder / f"su-rapport-2025.1.{suffix}").stat().st_size > 1000
        assert f"{folder / f'su-rapport-2025.1.{suffix}'}" in result.stdout
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) >= {"version", "indikatorer", "indata", "utdata", "byggtid", "motorversion"}
    assert set(manifest["indata"]["resultat"]) == {"resultat.csv"}
    assert result.stdout.count("Rapportversion") == 1


def test_missing_results_folder_is_a_swedish_error(run, tmp_path: Path) -> None:
    result = run("--resultat", str(tmp_path / "finns-inte"), "--år", "2025")
    assert result.returncode == 1
    assert result.stderr == f"Fel: {tmp_path / 'finns-inte'}: resultatmappen finns inte\n"
    assert result.stdout == ""


def test_results_without_required_columns_is_a_swedish_error(run, tmp_path: Path) -> None:
    (tmp_path / "resultat.csv").write_text("indikator_id,period\nx,2025\n", encoding="utf-8")
    result = run("--resultat", str(tmp_path), "--år", "2025", "--ut", str(tmp_path / "build"))
    assert result.returncode == 1
    assert result.stderr == ("Fel: resultattabellen saknar kolumnerna uppdelning, värde, enhet, undertryckt "
                             "(se docs/resultat.md)\n")
