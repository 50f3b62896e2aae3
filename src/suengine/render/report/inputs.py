"""The report's inputs besides the results: definitions, the delivery's quality summary, commentary.

Each loader returns plain data and says, in Swedish, what it could not read. Missing optional
inputs are not errors: the chapter that needs them says that they were not delivered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from suengine.errors import SuengineError
from suengine.definitions.model import Indicator, indicator_from_dict

QUALITY_SUMMARY_FILE = "kvalitet_sammanfattning.csv"
PROBLEMS_FILE = "problem.csv"
INTRODUCTION_FILE = "inledning.md"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(folder: Path | None) -> list[Path]:
    if folder is None or not folder.exists():
        return []
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def hash_files(folder: Path | None) -> dict[str, str]:
    """sha256 per file, keyed by the path relative to `folder` (POSIX separators)."""
    if folder is None:
        return {}
    base = folder.parent if folder.is_file() else folder
    return {p.relative_to(base).as_posix(): sha256(p) for p in files_under(folder)}


# --- indicator definitions ----------------------------------------------------------------------

def _load_with_yaml(folder: Path) -> list[Indicator]:
    paths = [folder] if folder.is_file() else sorted(folder.rglob("*.yml")) + sorted(folder.rglob("*.yaml"))
    indicators = []
    for path in paths:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            indicators.append(indicator_from_dict(raw, path=str(path)))
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise SuengineError(f"{path}: kan inte läsa indikatordefinitionen ({exc}); kör `suengine check`") from exc
    return indicators


def load_indicators(folder: Path) -> list[Indicator]:
    """Validated definitions through `suengine.definitions`; a definition with errors stops the report."""
    if not folder.exists():
        raise SuengineError(f"{folder}: mappen med indikatorer finns inte")
    try:
        from suengine.definitions import load_definitions
    except ImportError:  # pragma: no cover - only before the definitions package existed
        return _load_with_yaml(folder)
    result = load_definitions(folder)
    if not result.ok:
        problems = [issue.format() for issue in result.issues if issue.is_error]
        shown = "\n".join(problems[:10]) + (f"\n… och {len(problems) - 10} till" if len(problems) > 10 else "")
        raise SuengineError(f"indikatordefinitionerna har fel; rätta dem (se `suengine check`):\n{shown}")
    return list(result.indicators)


# --- the delivery's quality summary -------------------------------------------------------------

@dataclass
class QualitySummary:
    """What ingest wrote about a delivery; either table may be absent."""

    folder: Path
    summary: pd.DataFrame | None = None
    problems: pd.DataFrame | None = None

    @property
    def delivered(self) -> bool:
        return self.summary is not None or self.problems is not None


def _read_csv(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise SuengineError(f"{path}: kan inte läsa filen ({exc})") from exc


def load_quality(folder: Path | None) -> QualitySummary | None:
    if folder is None:
        return None
    if not folder.is_dir():
        raise SuengineError(f"{folder}: mappen med kvalitetssammanfattningen finns inte")
    return QualitySummary(folder, _read_csv(folder / QUALITY_SUMMARY_FILE), _read_csv(folder / PROBLEMS_FILE))


# --- staff commentary ---------------------------------------------------------------------------

@dataclass
class Commentary:
    """Markdown written by staff: `kommentarer/<år>/<indikator-id>.md` and an optional `inledning.md`."""

    folder: Path | None
    year: int
    texts: dict[str, str] = field(default_factory=dict)  # indicator id -> Markdown
    introduction: str = ""
    unknown: list[str] = field(default_factory=list)  # files that match no indicator

    def files(self) -> list[Path]:
        if self.folder is None:
            return []
        return files_under(self.folder / str(self.year))


def load_commentary(folder: Path | None, year: int, indicator_ids: list[str]) -> Commentary:
    commentary = Commentary(folder, year)
    if folder is None:
        return commentary
    if not folder.is_dir():
        raise SuengineError(f"{folder}: mappen med kommentarer finns inte")
    year_folder = folder / str(year)
    if not year_folder.is_dir():
        return commentary
    for path in sorted(year_folder.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise SuengineError(f"{path}: kan inte läsa kommentaren (spara den som UTF-8)") from exc
        if path.name == INTRODUCTION_FILE:
            commentary.introduction = text
        elif path.stem in indicator_ids:
            if text:
                commentary.texts[path.stem] = text
        else:
            commentary.unknown.append(path.name)
    return commentary
