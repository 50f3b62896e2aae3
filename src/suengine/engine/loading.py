"""Load indicator definitions for the engine's commands.

Uses `suengine.definitions.load_definitions` (schema + semantic validation) when it is
available, so `evaluate`/`explain`/`test` never run a definition that `check` rejects;
otherwise falls back to plain YAML + `indicator_from_dict`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from suengine.errors import SuengineError
from suengine.definitions.model import Indicator, indicator_from_dict


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.exists():
        raise SuengineError(f"hittar inte indikatorer i '{path}'")
    return sorted(p for p in path.rglob("*.yml") if p.is_file())


def _validated(path: Path) -> list[Indicator] | None:
    try:
        from suengine.definitions import load_definitions  # type: ignore[attr-defined]
    except ImportError:
        return None
    result: Any = load_definitions(path)
    errors = [i for i in result.issues if i.is_error]
    if errors:
        text = "\n".join(i.format() for i in errors)
        raise SuengineError(f"indikatordefinitionerna har fel (se `suengine check`):\n{text}")
    return list(result.indicators)


def _plain(path: Path) -> list[Indicator]:
    indicators = []
    for file in _files(path):
        try:
            raw = yaml.safe_load(file.read_text(encoding="utf-8"))
            indicators.append(indicator_from_dict(raw, str(file)))
        except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:  # AttributeError: not a mapping
            raise SuengineError(f"{file}: kan inte läsa indikatorn ({exc}); kör `suengine check`") from exc
    return indicators


def load_indicators(path: Any) -> list[Indicator]:
    """All indicators under `path` (a folder, one file, or a project's `IndicatorSet`), sorted by id."""
    if isinstance(path, (str, Path)):
        path = Path(path)
    indicators = _validated(path)
    if indicators is None:
        indicators = _plain(path)
    return sorted(indicators, key=lambda i: i.id)
