"""The report's documents render side by side, with the same bytes and the same warnings as one at a time."""

from __future__ import annotations

import hashlib

import pytest

from suengine.errors import SuengineError
from suengine.render.report import backends, render_jobs
from suengine.render.report.build import committee_name, output_name


def _jobs(report, target):
    import yaml

    from suengine.render.report.project import CONFIG_FILE, Project

    project = Project(report.project, yaml.safe_load((report.project / CONFIG_FILE).read_text(encoding="utf-8")))
    return [render_jobs.Job(fmt, project, fmt, target / output_name("2025.1", fmt)) for fmt in ("html", "docx")]


def test_documents_rendered_at_once_are_identical_to_one_at_a_time(report, tmp_path, monkeypatch) -> None:
    one, two = tmp_path / "en", tmp_path / "två"
    one.mkdir(), two.mkdir()
    monkeypatch.setenv("SUENGINE_RENDER_PARALLELLT", "1")
    alone = render_jobs.render_all(_jobs(report, one), use_quarto=False, epoch=1735689600)
    monkeypatch.setenv("SUENGINE_RENDER_PARALLELLT", "2")
    together = render_jobs.render_all(_jobs(report, two), use_quarto=False, epoch=1735689600)
    assert (alone.workers, together.workers) == (1, 2)
    assert alone.warnings == together.warnings
    for fmt in ("html", "docx"):  # the documents' date comes from the epoch in every thread, so DOCX bytes agree
        digest = [hashlib.sha256((folder / output_name("2025.1", fmt)).read_bytes()).hexdigest() for folder in (one, two)]
        assert digest[0] == digest[1], fmt


def test_a_failing_document_fails_the_rendering(report, tmp_path, monkeypatch) -> None:
    real = backends.render

    def broken(project, fmt, target, use_quarto):
        if fmt == "docx":
            raise SuengineError("pandoc misslyckades (--to docx)")
        return real(project, fmt, target, use_quarto)

    monkeypatch.setattr(backends, "render", broken)
    monkeypatch.setenv("SUENGINE_RENDER_PARALLELLT", "2")
    with pytest.raises(SuengineError, match="docx"):
        render_jobs.render_all(_jobs(report, tmp_path), use_quarto=False, epoch=None)


def test_quarto_renders_one_document_at_a_time(monkeypatch) -> None:
    monkeypatch.setenv("SUENGINE_RENDER_PARALLELLT", "4")
    assert render_jobs.workers_for(6, use_quarto=True) == 1
    assert render_jobs.workers_for(6, use_quarto=False) == 4
    assert render_jobs.workers_for(1, use_quarto=False) == 1
    assert committee_name("2025.1", "pdf") != output_name("2025.1", "pdf")
