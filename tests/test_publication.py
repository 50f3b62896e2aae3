"""Publishing a version and the website in one step: kill -9 at every injected point leaves the old or
the new publication once the next run has started (never a mix), staging is cleaned up, OS errors are
Swedish messages with nothing published changed, and published files get ordinary permissions."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from suengine import publication
from suengine.errors import SuengineError
from suengine.render.site.build import assemble_site

# What `suengine build` does after rendering, with a small real version folder and built site.
PUBLISH = r"""
import sys
from pathlib import Path
from suengine import publication
from suengine.render.site.build import assemble_site, normal_modes

out, version = Path(sys.argv[1]), sys.argv[2]
staging = publication.start(out)
folder = staging.version(version)
(folder / "webb").mkdir(parents=True)
(folder / "manifest.json").write_text('{"version": "%s"}' % version, encoding="utf-8")
(folder / "resultat.csv").write_text("indikator_id,värde\nA,%s\n" % version, encoding="utf-8")
(folder / "webb" / "index.html").write_text("<p>version %s</p>" % version, encoding="utf-8")
normal_modes(folder)
assemble_site(out / "webb", staging.site, folder / "webb", version, "Årsrapport " + version)
try:
    publication.commit(staging, version)
finally:
    publication.discard(staging)
"""


def _publish(out: Path, version: str, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SUENGINE_TEST_AVBRYT"}
    if crash:
        env["SUENGINE_TEST_AVBRYT"] = crash
    return subprocess.run([sys.executable, "-c", PUBLISH, str(out), version], env=env, capture_output=True, text=True, timeout=120)


def _state(out: Path) -> str:
    """'old' (only 2025.1) or 'new' (2025.1 and 2025.2), asserting that folders, site and listing agree."""
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name[0].isdigit())
    listing = [e["version"] for e in json.loads((out / "webb" / "versions.json").read_text(encoding="utf-8"))]
    on_site = sorted(p.name for p in (out / "webb").iterdir() if p.is_dir())
    assert sorted(listing) == folders == on_site, (folders, listing, on_site)
    assert (out / "webb" / "index.html").read_text(encoding="utf-8").count(f"{listing[0]}/index.html") == 2
    for version in folders:
        assert (out / version / "manifest.json").is_file()
        assert (out / "webb" / version / "index.html").read_text(encoding="utf-8") == f"<p>version {version}</p>"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no journal, no staging
    return {("2025.1",): "old", ("2025.1", "2025.2"): "new"}[tuple(folders)]


@pytest.fixture
def published(tmp_path):
    out = tmp_path / "build"
    done = _publish(out, "2025.1")
    assert done.returncode == 0, done.stderr
    assert _state(out) == "old"
    return out


@pytest.mark.parametrize("point, expected", [("staging", "old"), ("journal", "new"), ("version", "new"), ("webb", "new")])
def test_kill_at_any_point_leaves_the_old_or_the_new_publication(published, point, expected):
    done = _publish(published, "2025.2", crash=point)
    assert done.returncode == 137, done.stderr
    assert (published / publication.JOURNAL).exists() == (point != "staging")
    publication.recover(published)  # what the next build does before anything else
    assert _state(published) == expected
    if expected == "old":  # the next build reuses the number that was never published
        done = _publish(published, "2025.2")
        assert done.returncode == 0, done.stderr
        assert _state(published) == "new"


def test_leftover_staging_of_earlier_runs_is_removed_and_never_published(published):
    (published / ".bygge-0123456789ab" / "kvalitet").mkdir(parents=True)
    (published / ".bygge-0123456789ab-webb").mkdir()
    (published / "webb" / ".2025.2-x1y2").mkdir()  # what the earlier site publisher left behind
    done = _publish(published, "2025.2")
    assert done.returncode == 0, done.stderr
    assert _state(published) == "new"
    assert not (published / "webb" / ".2025.2-x1y2").exists()


def test_an_os_error_while_swapping_is_a_swedish_message_and_nothing_changes(published, monkeypatch):
    staging = publication.start(published)
    folder = staging.version("2025.2")
    (folder / "webb").mkdir(parents=True)
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    (folder / "webb" / "index.html").write_text("<p>version 2025.2</p>", encoding="utf-8")
    assemble_site(published / "webb", staging.site, folder / "webb", "2025.2", "Årsrapport 2025.2")

    def refuse(a: Path, b: Path) -> bool:  # the file system refuses, as a read-only or full disk would
        raise OSError(errno.EROFS, "Read-only file system", str(a), None, str(b))

    monkeypatch.setattr(publication, "_exchange", refuse)
    with pytest.raises(SuengineError) as error:
        publication.commit(staging, "2025.2")
    message = str(error.value)
    assert "skrivskyddat" in message and str(published / "webb") in message and "inget publicerat har ändrats" in message
    publication.discard(staging)
    assert _state(published) == "old"


def test_a_full_disk_while_staging_changes_nothing(published, monkeypatch):
    from suengine.render.site import build as site_build

    staging = publication.start(published)
    built = staging.scratch / "webb"
    built.mkdir()
    (built / "index.html").write_text("x", encoding="utf-8")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(staging.site / "2025.2"))

    monkeypatch.setattr(site_build.shutil, "copytree", full)
    with pytest.raises(OSError) as error:
        assemble_site(published / "webb", staging.site, built, "2025.2", "x")
    from suengine.errors import os_error_message

    assert os_error_message(error.value, "bygget avbröts").endswith("disken är full")
    publication.discard(staging)
    assert _state(published) == "old"


def test_published_files_have_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "build"
        assert _publish(out, "2025.1").returncode == 0
        assert _publish(out, "2025.2").returncode == 0
    finally:
        os.umask(old)
    for path in [out / "webb", *(out / "webb").rglob("*"), out / "2025.2", *(out / "2025.2").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_an_os_error_in_a_real_build_is_a_swedish_message_naming_the_path(tmp_path, monkeypatch, capsys):
    import shutil

    from suengine.cli import main
    from suengine.resources import project_root

    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "testnyckel-för-publicering")
    delivery = tmp_path / "leverans"
    shutil.copytree(project_root() / "demo" / "leverans-2026-01", delivery)
    blocker = tmp_path / "inte-en-mapp"
    blocker.write_text("en fil där arkivet skulle ligga", encoding="utf-8")
    code = main(["build", str(delivery), "--ut", str(blocker / "build"), "--indikatorer", str(project_root() / "indicators" / "inflode")])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert f"bygget avbröts: {blocker / 'build'}" in captured.err and "inget publicerat har ändrats" in captured.err
    assert blocker.read_text(encoding="utf-8") == "en fil där arkivet skulle ligga"
