"""Render the report's documents side by side: the Bilaga and the nämnd report, each as HTML, PDF, DOCX.

Every document is its own pandoc run (a separate process) and, for PDF, a typst compile; they
share no files (the two Quarto projects are separate folders and each format writes only its
own target, the PDF also `rapport.typ` in its project), so they can run at the same time, one per
processor core. Quarto renders in its project folder with shared scratch folders, so with
Quarto they run one after the other. Warnings and errors come back in the order of the jobs,
whichever finished first, so the build log is the same every time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from suengine.render.report import backends
from suengine.render.report.project import Project


@dataclass(frozen=True)
class Job:
    name: str  # for the build log, e.g. "HTML" or "rapporten till nämnden, PDF"
    project: Project
    fmt: str
    target: Path


@dataclass
class Rendered:
    warnings: list[str]
    seconds: dict[str, float]  # per job name
    workers: int


def workers_for(jobs: int, use_quarto: bool) -> int:
    """How many documents to render at once: one per core (SUENGINE_RENDER_PARALLELLT overrides), Quarto one at a time."""
    if use_quarto or jobs <= 1:
        return 1
    wanted = os.environ.get("SUENGINE_RENDER_PARALLELLT", "")
    count = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    return max(1, min(jobs, count))


def render_all(jobs: Sequence[Job], use_quarto: bool, epoch: int | None,
               progress: Callable[[str], None] = lambda _m: None) -> Rendered:
    """Render every job; the first failing job (in job order) raises after the others finished."""

    def one(job: Job) -> tuple[list[str], float]:
        start = time.perf_counter()
        with backends.document_time(epoch):  # a context variable: set in the thread that renders
            warnings = backends.render(job.project, job.fmt, job.target, use_quarto)
        seconds = time.perf_counter() - start
        progress(f"{job.name}: klart på {seconds:.2f} s".replace(".", ","))
        return warnings, seconds

    workers = workers_for(len(jobs), use_quarto)
    if workers == 1:
        outcomes = [one(job) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rendera") as pool:
            futures = [pool.submit(one, job) for job in jobs]
            outcomes = [future.result() for future in futures]
    warnings = [w for found, _seconds in outcomes for w in found]
    return Rendered(warnings, {job.name: seconds for job, (_w, seconds) in zip(jobs, outcomes)}, workers)
