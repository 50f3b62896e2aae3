"""Fixtures for the ingest tests: an isolated pseudonym key and a delivery factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import MANIFEST, TEST_KEY, Files, write_delivery


@pytest.fixture(autouse=True)
def isolated_key(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Never touch the real ~/.config: a fixed key in the environment, a key file in tmp."""
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("SUENGINE_KEY_FILE", str(tmp_path_factory.mktemp("nyckel") / "pseudonym.key"))
    return TEST_KEY


@pytest.fixture
def delivery(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(files: Files, manifest: str | None = MANIFEST, encoding: str = "utf-8") -> Path:
        return write_delivery(tmp_path / f"leverans{next(counter)}", files, manifest, encoding)

    return make
