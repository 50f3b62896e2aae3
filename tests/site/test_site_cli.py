"""`suengine site` as a user runs it: results CSV in, strict site + workbook + published version out."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from suengine.cli import main
from suengine.resources import project_root


def test_site_command_builds_site_workbook_and_publishes(tmp_path: Path, results_table: pd.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "resultat.csv"
    results_table.to_csv(results, index=False)
    report = tmp_path / "su-rapport-2025.1.pdf"
    report.write_bytes(b"%PDF-1.4\n% testfil\n")
    project, published = tmp_path / "site", tmp_path / "webb"
    code = main([
        "site", "--resultat", str(results), "--indikatorer", str(project_root() / "indicators"),
        "--projekt", str(project), "--version", "2025.1", "--titel", "Årsrapport 2025",
        "--bifoga", str(report), "--publicera", str(published),
    ])
    output = capsys.readouterr().out
    assert code == 0, output
    assert "Webbplatsen byggd (mkdocs build --strict)" in output and "Publicerad som version 2025.1" in output
    assert (project / "su-resultat.xlsx").is_file()
    assert (project / "html" / "indikatorer" / "utredning-inom-4-manader.html").is_file()
    assert (published / "2025.1" / "filer" / "su-rapport-2025.1.pdf").is_file()
    assert (published / "2025.1" / "filer" / "su-resultat.xlsx").is_file()
    assert json.loads((published / "versions.json").read_text(encoding="utf-8"))[0]["version"] == "2025.1"


def test_site_command_rejects_unknown_attachment(tmp_path: Path, results_table: pd.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "resultat.csv"
    results_table.to_csv(results, index=False)
    other = tmp_path / "anteckningar.txt"
    other.write_text("x", encoding="utf-8")
    code = main(["site", "--resultat", str(results), "--projekt", str(tmp_path / "site"), "--bifoga", str(other)])
    assert code == 1
    assert "kan bara bifoga .pdf, .docx, .csv och .json" in capsys.readouterr().err
