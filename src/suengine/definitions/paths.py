"""How file paths are shown in messages: relative to the working directory when possible."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
