"""`suengine demo` lays out a municipality's project folder and builds it; a second run adds a version."""

from __future__ import annotations

import json

from suengine.cli import main


def test_demo_creates_a_project_and_publishes_versions(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "demonyckel-för-testerna")
    project = tmp_path / "exempelby"
    assert main(["demo", "--projekt", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Skapade demoprojektet" in out
    assert {p.name for p in project.iterdir()} == {
        "suengine.yml", "leveranser", "kommentarer", "lokala-indikatorer", "build", ".vscode", ".gitignore", "README.md",
        "referens", ".cache"}
    assert "file://" not in (project / "suengine.yml").read_text(encoding="utf-8")  # no path of the machine that built it
    report = (project / "build" / "2025.1" / "quarto").rglob("*.qmd")
    analysis = "\n".join(p.read_text(encoding="utf-8") for p in report)
    assert "Metodstöd för samtal med ungdomar" in analysis  # the demo commentary reached the report
    assert "Barn- och utbildningsnämnden" in (project / "build" / "webb" / "2025.1" / "index.html").read_text(encoding="utf-8")

    versions = json.loads((project / "build" / "webb" / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == ["2025.1"]
    assert (project / "build" / "2025.1" / "manifest.json").is_file()
    _comparisons_shown_for_every_mapped_indicator(project, analysis)


def _comparisons_shown_for_every_mapped_indicator(project, report: str) -> None:
    """Issue 17: the bundled Kolada extract (offline) gives riket and group values in report, site and workbook."""
    import pandas as pd
    from openpyxl import load_workbook

    from suengine.definitions import load_definitions
    from suengine.resources import project_root

    mapped = {i.id: i.comparison.kolada for i in load_definitions(project_root() / "indicators").indicators if i.comparison}
    assert len(mapped) >= 3
    sheet = load_workbook(project / "build" / "2025.1" / "su-resultat.xlsx", read_only=True)["Jämförelser"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True)]
    header, body = list(rows[0]), rows[1:]
    riket, group = header.index("Riket"), header.index("Liknande kommuner IFO, Motala, 2022")
    for indicator_id, kpi in mapped.items():
        assert f"Jämförelse med riket och andra kommuner (Kolada {kpi})" in report, indicator_id
        page = (project / "build" / "webb" / "2025.1" / "indikatorer" / f"{indicator_id}.html").read_text(encoding="utf-8")
        assert f"Kolada {kpi}" in page and "Senaste jämförelseår i Kolada: 2022" in page and "Illustration" in page
        of_2022 = [r for r in body if r[1] == indicator_id and r[2] == 2022]
        assert of_2022 and isinstance(of_2022[0][group], (int, float)), indicator_id  # a group mean for Kolada's latest year
        assert of_2022[0][riket] is not None or kpi == "U33401"  # U33401 has no riket figure in Kolada
    assert "Relativ färg (jämfört med alla kommuner i Kolada" in report
    results = pd.read_csv(project / "build" / "2025.1" / "resultat.csv", dtype=str, keep_default_na=False)
    relative = results[(results["indikator_id"] == "utredningstid-median") & (results["uppdelning"] == "total")]
    statuses = relative.set_index("period")["status"].to_dict()
    assert statuses["2022"] in ("grön", "gul", "röd") and statuses["2025"] == "ingen"  # Kolada ends in 2022


def test_an_existing_project_is_reused_not_recreated(tmp_path, monkeypatch, capsys):
    """A second `suengine demo` builds the project as it is (staff may have edited it)."""
    from suengine.commands import build as build_command
    from suengine.commands.demo import create_project

    project = tmp_path / "exempelby"
    create_project(project)
    (project / "kommentarer" / "2025" / "egen.md").write_text("Egen text.", encoding="utf-8")
    seen = []
    monkeypatch.setattr(build_command, "run_with", lambda args, config: seen.append(config) or 0)
    assert main(["demo", "--projekt", str(project)]) == 0
    assert "Skapade demoprojektet" not in capsys.readouterr().out
    assert (project / "kommentarer" / "2025" / "egen.md").read_text(encoding="utf-8") == "Egen text."
    assert [c.file for c in seen] == [project / "suengine.yml"]


def test_demo_refuses_a_folder_that_is_not_a_project(tmp_path, capsys):
    folder = tmp_path / "annat"
    folder.mkdir()
    (folder / "viktig.txt").write_text("rör ej", encoding="utf-8")
    assert main(["demo", "--projekt", str(folder)]) == 1
    assert "saknar suengine.yml" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["viktig.txt"]
