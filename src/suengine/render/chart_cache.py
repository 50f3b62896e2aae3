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

    <mapp>/<key[:2]>/<key>.svg, <key>.png (only when a format needed one), <key>.alt.txt
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib

from suengine import __version__

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


@dataclass(eq=False)  # stores are told apart by identity (`using` removes exactly its own)
class ChartStore:
    """Pictures by key: always in memory, and in `folder` when one is given."""

    folder: Path | None = None
    memory: dict[str, Drawn] = field(default_factory=dict)
    drawn: int = 0  # drawn by matplotlib while this store was active
    from_memory: int = 0  # drawn earlier in this process
    from_folder: int = 0  # drawn by an earlier build

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

    def summary(self) -> str:
        """One line for the build log (Swedish)."""
        return (f"Diagram: {self.drawn} ritade, {self.from_folder} från cachen"
                + (f" i {self.folder}" if self.folder is not None else "") + f", {self.from_memory} återanvända i bygget")


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
