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
        "suengine.yml", "leveranser", "kommentarer", "lokala-indikatorer", "build", ".vscode", ".gitignore", "README.md"}
    assert "file://" not in (project / "suengine.yml").read_text(encoding="utf-8")  # no path of the machine that built it
    report = (project / "build" / "2025.1" / "quarto").rglob("*.qmd")
    analysis = "\n".join(p.read_text(encoding="utf-8") for p in report)
    assert "Metodstöd för samtal med ungdomar" in analysis  # the demo commentary reached the report
    assert "Barn- och utbildningsnämnden" in (project / "build" / "webb" / "2025.1" / "index.html").read_text(encoding="utf-8")

    versions = json.loads((project / "build" / "webb" / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == ["2025.1"]
    assert (project / "build" / "2025.1" / "manifest.json").is_file()


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
