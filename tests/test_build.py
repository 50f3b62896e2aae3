"""`suengine build` as CI runs it: the exact workflow commands, a published version, and a failed
delivery that leaves everything published before byte-identical."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from suengine.resources import project_root

ROOT = project_root()
WORKFLOW = ROOT / ".github" / "workflows" / "bygg-och-publicera.yml"
DEMO = ROOT / "demo" / "leverans-2026-01"


def _workflow_steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow["jobs"]["bygg"]["steps"]


def _build_command() -> list[str]:
    """The workflow's build command, with the venv's entry point replaced by this interpreter."""
    runs = [s["run"] for s in _workflow_steps() if "run" in s and "suengine build" in s["run"]]
    assert len(runs) == 1
    words = runs[0].split()
    assert words[0] == ".venv/bin/suengine"
    return [sys.executable, "-m", "suengine", *words[1:]]


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def ci_checkout(tmp_path_factory):
    """A repository as CI sees it: one delivery under leveranser/, then the workflow's build command."""
    work = tmp_path_factory.mktemp("ci")
    shutil.copytree(DEMO, work / "leveranser" / "leverans-2026-01")
    (work / "suengine.yml").write_text("källsystem: treserva\n", encoding="utf-8")  # a project on the catalogue
    env = {"SUENGINE_PSEUDONYM_KEY": "testnyckel-för-ci", "PATH": "/usr/bin:/bin", "HOME": str(work)}
    done = subprocess.run(_build_command(), cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return work, env, done.stdout


def test_workflow_installs_with_the_makefile_and_deploys_only_the_site():
    steps = _workflow_steps()
    assert {"run": "make install", "name": "Installera"}.items() <= next(s for s in steps if s.get("name") == "Installera").items()
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert [u["with"]["path"] for u in uploads] == ["build/webb"]
    build_step = next(s for s in steps if "suengine build" in s.get("run", ""))
    assert build_step["env"]["SUENGINE_PSEUDONYM_KEY"] == "${{ secrets.SUENGINE_PSEUDONYM_KEY }}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ninstall:" in makefile


def test_build_publishes_a_complete_version_with_progress(ci_checkout):
    work, _env, stdout = ci_checkout
    version = work / "build" / "2025.1"
    names = {p.name for p in version.iterdir()}
    assert {"su-rapport-2025.1.pdf", "su-rapport-2025.1.docx", "su-rapport-2025.1.html", "manifest.json",
            "resultat.csv", "su-resultat.xlsx", "webb"} <= names
    assert "kvalitet" not in names  # problem rows are internal
    site = work / "build" / "webb"
    assert json.loads((site / "versions.json").read_text(encoding="utf-8"))[0]["version"] == "2025.1"
    assert (site / "2025.1" / "index.html").is_file()
    for stage in ("Kontrollerar indikatordefinitionerna", "Beräknar", "Renderar rapporten", "Integritetskontroll", "Publicerar"):
        assert stage in stdout
    assert not [p for p in (work / "build").iterdir() if p.name.startswith(".")]  # no staging left behind


def test_published_files_hold_no_identifiers_or_row_level_data(ci_checkout):
    from suengine.publish.privacy import scan_outputs

    work, _env, _ = ci_checkout
    assert scan_outputs(work / "build") == []
    results = (work / "build" / "2025.1" / "resultat.csv").read_text(encoding="utf-8")
    assert "barn_id" not in results


def test_published_files_hold_no_path_of_the_build_machine(ci_checkout, machine_paths_in):
    """Report, Quarto project, Excel (the XML inside the XLSX), site: no repository, venv, $HOME or tmp path."""
    work, env, _ = ci_checkout
    assert machine_paths_in(work / "build", [work, env["HOME"]]) == []


def test_a_broken_newer_delivery_fails_and_leaves_the_published_build_untouched(ci_checkout):
    work, env, _ = ci_checkout
    before = _tree_digest(work / "build")
    broken = work / "leveranser" / "leverans-2026-07"
    shutil.copytree(work / "leveranser" / "leverans-2026-01", broken)
    manifest = (broken / "leverans.yml").read_text(encoding="utf-8").replace("uttagsdatum: 2026-01-31", "uttagsdatum: 2026-07-31")
    (broken / "leverans.yml").write_text(manifest, encoding="utf-8")
    barn = next(p for p in broken.iterdir() if p.name.lower().startswith("barn"))
    barn.write_bytes(b"")  # an empty export file stops the delivery
    try:
        done = subprocess.run(_build_command(), cwd=work, env=env, capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(broken)
    assert done.returncode != 0
    assert "Fel:" in done.stderr and barn.name in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert _tree_digest(work / "build") == before
