"""Fixtures for the definition tests: write files into a temporary folder and check them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from suengine.definitions import LoadResult, load_definitions


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def check() -> Callable[[Path], LoadResult]:
    return lambda path: load_definitions(path)
