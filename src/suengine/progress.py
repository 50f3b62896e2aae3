"""Progress output for long work: each stage announced, then its time (Swedish decimal comma)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str], None]


class Stages:
    """Announces each stage and records how long it took, for the progress output and the summary."""

    def __init__(self, progress: Progress, marker: str = "") -> None:
        self.progress = progress
        self.marker = marker
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.progress(f"{self.marker}{name} …")
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        self.timings[name] = seconds
        self.progress(f"  klart på {seconds:.2f} s".replace(".", ","))
