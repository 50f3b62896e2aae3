"""Drawn charts kept by content: in memory for one process, and in a folder between builds.

A chart is identified by a key: the sha256 of what it shows (kind, points, unit, title, target)
together with `CODE_VERSION` — the source of the modules that decide how a chart looks
(`CODE_FILES`: `charts.py`, `format.py`, the comparison chart), the matplotlib version and the engine version — so a change to
the drawing code, to number formatting or to matplotlib draws every chart anew, and equal keys
mean byte-identical pictures. The report and the site ask for the same picture, and a second
build from unchanged data asks for all of them again: both get the stored bytes instead of a
new drawing.

The folder (`suengine build`: `<projekt>/.cache/diagram/`, outside a project `<ut>/.cache/diagram/`)
holds only what is published anyway — the pictures and their alt texts, drawn from shown values
only — and may be deleted at any time; a missing, partial or unreadable entry is simply drawn
again. Entries are written to a temporary name and renamed, so two builds at once never read a
half-written file.

Within `batch()` (the report's and the site's pages) a picture that must be drawn is not drawn at
once: it is queued for `chart_pool` (worker processes, one per core) with the files it is to be
written to, and the page goes on with its alt text; when the batch ends every queued picture is
drawn, stored and written. A picture asked for twice in a batch is drawn once.

    <mapp>/<key[:2]>/<key>.svg, <key>.png (only when a format needed one), <key>.alt.txt
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib

from suengine import __version__
from suengine.render.chart_pool import Drawing, Job

FOLDER = "diagram"
CODE_FILES = ("charts.py", "format.py", "comparison_chart.py", "comparison.py")  # in render/: how charts look


@lru_cache(maxsize=1)
def code_version() -> str:
    """What decides how a chart looks besides its content: drawing code, formatting, matplotlib, engine."""
    digest = hashlib.sha256(f"{matplotlib.__version__}|{__version__}".encode())
    here = Path(__file__).resolve().parent
    for name in CODE_FILES:
        if (here / name).is_file():
            digest.update((here / name).read_bytes())
    return digest.hexdigest()


def chart_key(*parts: object) -> str:
    """The key of one chart: its content (repr of frozen dataclasses and plain values) and the code version."""
    return hashlib.sha256(repr((code_version(), parts)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Drawn:
    svg: bytes
    png: bytes | None
    alt: str


@dataclass
class Pending:
    job: Job
    deliver: list[Callable[[Drawn], object]]


@dataclass(eq=False)  # stores are told apart by identity (`using` removes exactly its own)
class ChartStore:
    """Pictures by key: always in memory, and in `folder` when one is given."""

    folder: Path | None = None
    memory: dict[str, Drawn] = field(default_factory=dict)
    drawn: int = 0  # drawn by matplotlib while this store was active
    from_memory: int = 0  # drawn earlier in this process
    from_folder: int = 0  # drawn by an earlier build
    drawing: Drawing | None = None  # inside `batch()`: pictures to draw in worker processes
    pending: dict[str, "Pending"] = field(default_factory=dict)
    batches: int = 0  # open `batch()` blocks
    processes: int = 1  # the most processes that drew at once

    def _paths(self, key: str) -> tuple[Path, Path, Path]:
        assert self.folder is not None
        base = self.folder / key[:2] / key
        return base.with_suffix(".svg"), base.with_suffix(".png"), base.with_suffix(".alt.txt")

    def get(self, key: str, formats: tuple[str, ...]) -> Drawn | None:
        """The stored picture with every format asked for, or None (then it is drawn)."""
        hit = self.memory.get(key)
        if hit is not None and ("png" not in formats or hit.png is not None):
            self.from_memory += 1
            return hit
        if self.folder is None:
            return None
        svg, png, alt = self._paths(key)
        try:
            found = Drawn(svg.read_bytes(), png.read_bytes() if png.is_file() else None, alt.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        if not found.svg or ("png" in formats and not found.png):
            return None
        self.memory[key] = found
        self.from_folder += 1
        return found

    def put(self, key: str, drawn: Drawn) -> None:
        """Remember a new drawing; a folder that cannot be written only costs a redraw next time."""
        self.drawn += 1
        self.memory[key] = drawn
        if self.folder is None:
            return
        svg, png, alt = self._paths(key)
        try:
            svg.parent.mkdir(parents=True, exist_ok=True)
            if drawn.png is not None:
                _write_atomic(png, drawn.png)
            _write_atomic(alt, drawn.alt.encode("utf-8"))
            _write_atomic(svg, drawn.svg)  # last: an entry counts only when its SVG is there
        except OSError:
            pass

    def defer(self, key: str, job: Job, deliver: Callable[[Drawn], object]) -> bool:
        """Inside a batch: queue the picture and what to do with it once drawn (False outside a batch)."""
        if self.drawing is None:
            return False
        waiting = self.pending.get(key)
        if waiting is None:
            self.pending[key] = Pending(job, [deliver])
            self.drawing.add(key, job)
            return True
        self.from_memory += 1  # drawn once for all who asked
        waiting.deliver.append(deliver)
        if not set(job.formats) <= set(waiting.job.formats):
            waiting.job = Job(job.draw, job.args, tuple(dict.fromkeys(waiting.job.formats + job.formats)))
        return True

    def draw_pending(self) -> None:
        """Draw every queued picture (in worker processes), store it and hand it to everyone who asked."""
        if self.drawing is None:
            return
        pending, self.pending = self.pending, {}
        for key, drawn in self.drawing.results():
            waiting = pending[key]
            if "png" in waiting.job.formats and drawn.png is None:  # a PNG was asked for after it was queued
                drawn = waiting.job()
            self.put(key, drawn)
            for deliver in waiting.deliver:
                deliver(drawn)
        self.processes = max(self.processes, self.drawing.processes)

    def summary(self) -> str:
        """One line for the build log (Swedish)."""
        return (f"Diagram: {self.drawn} ritade, {self.from_folder} från cachen"
                + (f" i {self.folder}" if self.folder is not None else "") + f", {self.from_memory} återanvända i bygget"
                + (f"; ritade i {self.processes} processer samtidigt" if self.processes > 1 else ""))


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


_ACTIVE: list[ChartStore] = [ChartStore()]  # the process-wide store (memory only) unless `using` chose another


def active() -> ChartStore:
    return _ACTIVE[-1]


@contextmanager
def using(folder: Path | None) -> Iterator[ChartStore]:
    """Within the block, charts are looked up in and added to a store backed by `folder`/diagram (None: memory only)."""
    store = ChartStore(folder / FOLDER if folder is not None else None)
    _ACTIVE.append(store)
    try:
        yield store
    finally:
        _ACTIVE.remove(store)


@contextmanager
def batch(workers: int | None = None) -> Iterator[ChartStore]:
    """Within the block, pictures to draw are queued and drawn side by side; all are written when it ends.

    `workers`: processes to draw in (default `chart_pool.workers()`: one per core). Nested blocks
    share the queue, and each writes everything queued so far when it ends. On an error nothing
    queued is drawn."""
    store = active()
    if store.drawing is None:
        store.drawing = Drawing() if workers is None else Drawing(workers)
    store.batches += 1
    try:
        yield store
        store.draw_pending()
    finally:
        store.batches -= 1
        if store.batches == 0:
            drawing, store.drawing = store.drawing, None
            store.pending.clear()
            if drawing is not None:
                drawing.close()
