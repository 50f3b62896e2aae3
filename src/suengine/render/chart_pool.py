"""Charts drawn side by side in worker processes, one per processor core, with the same bytes as drawn one at a time.

matplotlib draws in one thread at a time, so a build's charts (≈ 130 at Mölndal size, each a
layout, an SVG and for the DOCX a PNG) take one core unless they are drawn by several processes.
Within `chart_cache.batch()` a chart that is neither in memory nor in the cache folder becomes a
`Job` — a module-level drawing function and its plain-data arguments, so it can be sent to another
process — and is handed to a pool of worker processes as soon as there are `MIN_FOR_POOL` of them;
the text of the report goes on being written meanwhile. When the batch ends the pictures come back
in the order they were asked for. Fewer jobs than that are drawn here, in this process: starting
workers would cost more than it saves.

Workers start from a fork server that has imported the drawing modules once (`spawn` where there is
no fork server), never by forking the build itself, which may hold DuckDB's threads. Each picture
depends only on its job (fixed SVG hash salt, no dates, the same rcParams set when `charts` is
imported), so a chart drawn by a worker is byte-identical to one drawn here; a test holds them equal.

SUENGINE_DIAGRAM_PARALLELLT sets the number of worker processes (1: everything drawn in this
process); the default is one per core available to the build, at most `MAX_WORKERS`.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

ENVIRONMENT = "SUENGINE_DIAGRAM_PARALLELLT"
MAX_WORKERS = 4
MIN_FOR_POOL = 4  # fewer charts than this are drawn in the build's own process
PRELOAD = ("suengine.render.charts", "suengine.render.comparison_chart")  # imported once by the fork server


@dataclass(frozen=True)
class Job:
    """One picture to draw: `draw(*args, formats)` with a module-level `draw` (sent to workers by name)."""

    draw: Callable[..., Any]  # returns the picture (chart_cache.Drawn)
    args: tuple[Any, ...]
    formats: tuple[str, ...]

    def __call__(self) -> Any:
        return self.draw(*self.args, self.formats)


def _run(job: Job) -> Any:  # in a worker process
    return job()


def cores() -> int:
    """Processor cores this process may use (its affinity where the system tells, else all)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers() -> int:
    """Worker processes for drawing: SUENGINE_DIAGRAM_PARALLELLT, else one per core (at most MAX_WORKERS).

    On a machine busy with other work the gain varies: cold Mölndal builds on 2 cores drew their
    charts in 74–79 s with two processes against 108–134 s with one at load 9–13, but 35 against
    31 s at load 7 (benchmarks/README.md, "Bygge")."""
    wanted = os.environ.get(ENVIRONMENT, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(MAX_WORKERS, cores()))


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        if not _STOP_AT_EXIT:
            _STOP_AT_EXIT.append(atexit.register(_stop_fork_server))
        return context
    return multiprocessing.get_context("spawn")


_STOP_AT_EXIT: list[object] = []


def _stop_fork_server() -> None:
    """Stop the fork server and wait for it, so the time its workers used counts as this process's children's.

    (Left alone it ends by itself when this process has ended, and `time` or the build benchmark never
    see the drawing time.) Uses the standard library's own stop; without it nothing is lost."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        try:
            stop()
        except OSError:
            pass


@dataclass(eq=False)
class Drawing:
    """Jobs by key, drawn by a pool of `workers` processes once there are enough of them, else here."""

    workers: int = field(default_factory=workers)
    jobs: dict[str, Job] = field(default_factory=dict)
    futures: dict[str, Future[Any]] = field(default_factory=dict)
    pool: ProcessPoolExecutor | None = None
    processes: int = 1  # the most processes that drew at once (1: all drawn here)

    def add(self, key: str, job: Job) -> None:
        """Queue a picture (a key already queued keeps its first job); start drawing when the pool pays off."""
        self.jobs.setdefault(key, job)
        if self.workers > 1 and (self.pool is not None or len(self.jobs) >= MIN_FOR_POOL):
            self._submit()

    def _submit(self) -> None:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
            self.processes = max(self.processes, self.workers)
        try:
            for key, job in self.jobs.items():
                if key not in self.futures:
                    self.futures[key] = self.pool.submit(_run, job)
        except (BrokenProcessPool, RuntimeError):
            pass  # a pool that cannot take work: what is not submitted is drawn here

    def results(self) -> Iterator[tuple[str, Any]]:
        """Every queued picture, in the order queued; a worker that died only means drawing here."""
        try:
            for key, job in self.jobs.items():
                future = self.futures.get(key)
                try:
                    drawn = future.result() if future is not None else job()
                except BrokenProcessPool:
                    drawn = job()
                yield key, drawn
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (cancelling what they have not started) and forget the jobs."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.jobs.clear()
        self.futures.clear()
