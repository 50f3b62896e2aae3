"""`suengine build` as CI runs it: the exact workflow commands (a self-hosted runner reading deliveries
from a file share and keeping the archive on its own disk), a published version, and a failed delivery
that leaves everything published before byte-identical."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
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


def _build_step() -> dict:
    steps = [s for s in _workflow_steps() if "suengine build" in s.get("run", "")]
    assert len(steps) == 1
    return steps[0]


def _build_command() -> list[str]:
    """The workflow's build command as the runner's shell runs it, with this interpreter for the venv's entry point."""
    run = _build_step()["run"]
    assert run.startswith(".venv/bin/suengine build ")
    return ["bash", "-c", run.replace(".venv/bin/suengine", f"{shlex.quote(sys.executable)} -m suengine", 1)]


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def ci_checkout(tmp_path_factory):
    """A runner as CI sees it: the checkout, a file share with one delivery, an archive folder on the runner."""
    work = tmp_path_factory.mktemp("ci")
    share, archive = work / "filresurs" / "leveranser", work / "arkiv"
    shutil.copytree(DEMO, share / "leverans-2026-01")
    (work / "checkout").mkdir()
    (work / "checkout" / "suengine.yml").write_text("källsystem: treserva\n", encoding="utf-8")  # a project on the catalogue
    env = {"SUENGINE_PSEUDONYM_KEY": "testnyckel-för-ci", "SUENGINE_LEVERANSER": str(share), "SUENGINE_ARKIV": str(archive),
           "PATH": "/usr/bin:/bin", "HOME": str(work)}
    done = subprocess.run(_build_command(), cwd=work / "checkout", env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return archive, env, done.stdout


def test_workflow_runs_inside_the_network_and_deploys_only_the_site():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = _workflow_steps()
    assert "self-hosted" in workflow["jobs"]["bygg"]["runs-on"]  # deliveries never leave the municipality's network
    assert "push" not in workflow[True]  # a commit can never bring a delivery: `on:` has no push trigger
    assert {"run": "make install", "name": "Installera"}.items() <= next(s for s in steps if s.get("name") == "Installera").items()
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert [u["with"]["path"] for u in uploads] == ["${{ vars.SUENGINE_ARKIV }}/webb"]
    assert not any("cache" in str(s.get("uses", "")) for s in steps)  # the archive is not in the evicting Actions cache
    env = _build_step()["env"]
    assert env == {"SUENGINE_PSEUDONYM_KEY": "${{ secrets.SUENGINE_PSEUDONYM_KEY }}",
                   "SUENGINE_LEVERANSER": "${{ vars.SUENGINE_LEVERANSER }}", "SUENGINE_ARKIV": "${{ vars.SUENGINE_ARKIV }}"}
    guard = next(s for s in steps if "git ls-files" in s.get("run", ""))
    assert "exit 1" in guard["run"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ninstall:" in makefile
    assert "leveranser/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_guard_step_refuses_a_checkout_with_a_delivery(tmp_path):
    guard = next(s for s in _workflow_steps() if "git ls-files" in s.get("run", ""))["run"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "leverans.yml").write_text("kommun: Demo\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    assert subprocess.run(["bash", "-c", guard], cwd=tmp_path, capture_output=True).returncode == 0  # the demo is fictional
    (tmp_path / "leveranser" / "2026-07").mkdir(parents=True)
    (tmp_path / "leveranser" / "2026-07" / "leverans.yml").write_text("kommun: X\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    refused = subprocess.run(["bash", "-c", guard], cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode == 1 and "får inte checkas in" in refused.stderr


def test_build_publishes_a_complete_version_with_progress(ci_checkout):
    archive, _env, stdout = ci_checkout
    version = archive / "2025.1"
    names = {p.name for p in version.iterdir()}
    assert {"su-rapport-2025.1.pdf", "su-rapport-2025.1.docx", "su-rapport-2025.1.html", "manifest.json",
            "resultat.csv", "su-resultat.xlsx", "webb"} <= names
    assert "kvalitet" not in names  # problem rows are internal
    site = archive / "webb"
    assert json.loads((site / "versions.json").read_text(encoding="utf-8"))[0]["version"] == "2025.1"
    assert (site / "2025.1" / "index.html").is_file()
    for stage in ("Kontrollerar indikatordefinitionerna", "Beräknar", "Renderar rapporten", "Integritetskontroll", "Publicerar"):
        assert stage in stdout
    assert re.search(r"Diagram: [1-9]\d* ritade, 0 från cachen", stdout)  # a new checkout: everything drawn
    assert not [p for p in archive.iterdir() if p.name.startswith(".")]  # no staging left behind
    assert not list(archive.rglob("problem.csv"))  # row-level files never enter build/
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kontroller"] == {"tillåtna": [], "åsidosatta": [], "varningar": []}
    for name in ("index.html", "versions.json"):
        assert (site / name).stat().st_mode & 0o044 == 0o044  # readable by a web server running as another user


def test_published_files_hold_no_identifiers_or_row_level_data(ci_checkout):
    from suengine.publish.privacy import scan_outputs

    archive, _env, _ = ci_checkout
    assert scan_outputs(archive) == []
    results = (archive / "2025.1" / "resultat.csv").read_text(encoding="utf-8")
    assert "barn_id" not in results


def test_published_files_hold_no_path_of_the_build_machine(ci_checkout, machine_paths_in):
    """Report, Quarto project, Excel (the XML inside the XLSX), site: no repository, venv, $HOME or tmp path."""
    work, env, _ = ci_checkout
    assert machine_paths_in(work / "build", [work, env["HOME"]]) == []


def test_a_broken_newer_delivery_fails_and_leaves_the_published_build_untouched(ci_checkout):
    archive, env, _ = ci_checkout
    before = _tree_digest(archive)
    share = Path(env["SUENGINE_LEVERANSER"])
    broken = share / "leverans-2026-07"
    shutil.copytree(share / "leverans-2026-01", broken)
    manifest = (broken / "leverans.yml").read_text(encoding="utf-8").replace("uttagsdatum: 2026-01-31", "uttagsdatum: 2026-07-31")
    (broken / "leverans.yml").write_text(manifest, encoding="utf-8")
    barn = next(p for p in broken.iterdir() if p.name.lower().startswith("barn"))
    barn.write_bytes(b"")  # an empty export file stops the delivery
    try:
        done = subprocess.run(_build_command(), cwd=archive.parent / "checkout", env=env, capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(broken)
    assert done.returncode != 0
    assert "Fel:" in done.stderr and barn.name in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert _tree_digest(archive) == before


def test_two_builds_of_the_same_delivery_are_byte_identical_except_the_build_time(ci_checkout, tmp_path):
    archive, env, _ = ci_checkout
    again = tmp_path / "arkiv"
    command = _build_command()
    command[-1] += " --tillåt-bortfall"  # an explicit override: it must be recorded, and change nothing else
    done = subprocess.run(command, cwd=archive.parent / "checkout", env={**env, "SUENGINE_ARKIV": str(again)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    # the second build takes the evaluation and every chart from the checkout's .cache/, and publishes the same bytes
    assert re.search(r"Diagram: 0 ritade, \d+ från cachen", done.stdout), done.stdout
    assert "resultatet från ett tidigare bygge" in done.stdout
    first, second = _tree_digest(archive / "2025.1"), _tree_digest(again / "2025.1")
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == ["manifest.json"]
    one, two = (json.loads((root / "2025.1" / "manifest.json").read_text(encoding="utf-8")) for root in (archive, again))
    one.pop("byggtid"), two.pop("byggtid")
    assert one.pop("kontroller")["tillåtna"] == [] and two.pop("kontroller")["tillåtna"] == ["bortfall"]
    assert one == two


def test_published_version_passes_the_shared_checker_and_the_audit(ci_checkout):
    from suengine.definitions import load_definitions
    from suengine.publish.review import review_folder

    archive, env, stdout = ci_checkout
    version = archive / "2025.1"
    assert "Granskningen räknade för" in stdout and "Inget dolt värde kan ringas in snävare" in stdout  # audit in the log
    html = (version / "su-rapport-2025.1.html").read_text(encoding="utf-8")
    assert "Granskning av denna version" in html and "linjära program" in html  # and in the method chapter
    review = review_folder(version, load_definitions(ROOT / "indicators").indicators)
    assert review.ok, review.problems[:10]
    assert review.audit.hidden_rows > 0 and review.audit.hidden_cells > review.audit.hidden_rows
    done = subprocess.run([sys.executable, "-m", "suengine", "granska", str(version), "--indikatorer", str(ROOT / "indicators")],
                          cwd=archive.parent / "checkout", env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Granskningen hittade inget." in done.stdout


def test_the_checker_catches_leaks_planted_in_published_files(ci_checkout, tmp_path):
    """The two regressions of issue 20 (numbers of a hidden row; a previous value next to a hidden
    previous year) and a figure in the workbook's Underlag, planted in a copy of the real version."""
    import pandas as pd
    from openpyxl import load_workbook

    from suengine.definitions import load_definitions
    from suengine.publish.review import review_folder

    archive, _env, _ = ci_checkout
    copy = tmp_path / "2025.1"
    shutil.copytree(archive / "2025.1", copy)
    table = pd.read_csv(copy / "resultat.csv", dtype=str, keep_default_na=False)
    hidden = table.index[table["undertryckt"] == "true"]
    assert len(hidden) > 0
    table.loc[hidden[0], "nämnare"] = "3"  # a hidden row with a number
    years = sorted(set(table["period"]))
    shown_now = table[(table["period"] == years[-1]) & (table["undertryckt"] == "false") & (table["kategori"] == "")]
    hidden_before = table[(table["period"] == years[-2]) & (table["undertryckt"] == "true") & (table["kategori"] == "")]
    pairs = shown_now.reset_index().merge(hidden_before, on=["indikator_id", "uppdelning", "stratum"], suffixes=("", "_före"))
    assert len(pairs) > 0  # a row shown this year whose previous year was hidden
    table.loc[pairs["index"].iloc[0], "föregående_värde"] = "42.0"  # last year's hidden value kept on this year's row
    table.to_csv(copy / "resultat.csv", index=False)
    workbook = load_workbook(copy / "su-resultat.xlsx")
    sheet = workbook["Underlag"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Värde")].value == "..")
    row[header.index("Nämnare")].value = 4
    workbook.save(copy / "su-resultat.xlsx")
    problems = review_folder(copy, load_definitions(ROOT / "indicators").indicators).problems
    text = "\n".join(problems)
    assert "dold rad visar nämnare" in text
    assert "Underlag" in text and "dold rad visar Nämnare" in text
    assert "föregående värde eller förändring visas fast föregående period är dold" in text
