"""A project's indicators: the engine's catalogue by reference, a selection of it, local changes and local files.

`load_definitions` accepts an `IndicatorSet` wherever it accepts a folder. The catalogue is read
from the installed suengine; `välj`/`utelämna` pick catalogue indicators by id or by catalogue
folder (indikatorområde), `ändringar` override a målvärde or minsta_antal, and every file in the
project's `lokala-indikatorer/` is added. A local change is recorded on the indicator
(`Indicator.local_changes`) so the report's method chapter can show it as a local deviation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suengine.definitions.issues import Issue, error, suggest
from suengine.definitions.paths import display_path

OVERRIDABLE = ("målvärde", "minsta_antal")


@dataclass(frozen=True)
class Override:
    indicator: str
    values: dict[str, Any]  # key in OVERRIDABLE -> the project's value
    reason: str = ""


@dataclass(frozen=True)
class IndicatorSet:
    catalogue: Path | None  # the engine's catalogue, or None when the project keeps its own complete set
    local: Path | None = None  # the project's own indicators, added to the catalogue's
    select: tuple[str, ...] = ()  # catalogue ids or folders; empty = the whole catalogue
    drop: tuple[str, ...] = ()
    overrides: dict[str, Override] = field(default_factory=dict)
    config_file: str = ""  # where select/drop/overrides were written (suengine.yml)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)  # their lines there
    catalogue_label: str = "motorns indikatorkatalog"

    def _chosen(self, path: Path) -> bool:
        names = {path.stem, path.parent.name}
        if self.select and not names & set(self.select):
            return False
        return not names & set(self.drop)

    def files(self) -> tuple[list[tuple[Path, Path]], list[Issue]]:
        """(file, folder it was found under) for every indicator file, and problems of the selection."""
        issues: list[Issue] = []
        chosen: list[tuple[Path, Path]] = []
        if self.catalogue is not None:
            catalogue = sorted(p for p in self.catalogue.rglob("*.yml") if p.is_file())
            known = {p.stem for p in catalogue} | {p.parent.name for p in catalogue}
            for key in ("välj", "utelämna"):
                for index, name in enumerate(self.select if key == "välj" else self.drop):
                    if name not in known:
                        issues.append(self._problem(("katalog", key, index), f"'{name}' finns inte i katalogen (varken som indikator-id eller mapp)", suggest(name, sorted(known))))
            chosen += [(p, self.catalogue) for p in catalogue if self._chosen(p)]
            kept = {p.stem for p, _ in chosen}
            for ident in self.overrides:
                if ident not in kept and ident not in self._local_ids():
                    reason = "är utelämnad" if ident in {p.stem for p in catalogue} else "finns inte"
                    issues.append(self._problem(("katalog", "ändringar", ident), f"indikatorn '{ident}' {reason}; ändringen kan inte göras", suggest(ident, sorted(kept))))
        if self.local is not None and self.local.is_dir():
            chosen += [(p, self.local) for p in sorted(self.local.rglob("*.yml")) if p.is_file()]
        return chosen, issues

    def _local_ids(self) -> set[str]:
        return {p.stem for p in self.local.rglob("*.yml")} if self.local is not None and self.local.is_dir() else set()

    def _problem(self, path: tuple[str | int, ...], message: str, suggestion: str | None = None) -> Issue:
        line = next((self.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self.lines), None)
        return error(message, file=self.config_file, line=line, suggestion=suggestion)

    def apply(self, ident: str | None, data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
        """The definition with the project's changes, and a sentence per change for the method chapter."""
        change = self.overrides.get(ident or "")
        if change is None:
            return data, ()
        changed = copy.deepcopy(data)
        notes = []
        for key, value in change.values.items():
            before = data.get(key)
            changed[key] = copy.deepcopy(value)
            notes.append(f"{key}: {describe_value(key, value)} (katalogen: {describe_value(key, before)})")
        reason = f" Motivering: {change.reason.strip()}" if change.reason.strip() else ""
        return changed, tuple(f"Lokal ändring av {n}.{reason}" for n in notes)

    def override_line(self, ident: str, key: str) -> int | None:
        for path in (("katalog", "ändringar", ident, key), ("katalog", "ändringar", ident)):
            if path in self.lines:
                return self.lines[path]
        return None

    def describe(self) -> str:
        """Which definitions were used, in one line for the command's output."""
        parts = []
        if self.catalogue is not None:
            count = len([p for p in self.catalogue.rglob("*.yml") if self._chosen(p)])
            chosen = f", {count} valda" if self.select or self.drop else f", {count} indikatorer"
            parts.append(f"{self.catalogue_label} ({display_path(self.catalogue)}{chosen})")
        if self.local is not None:
            count = len(self._local_ids())
            parts.append(f"lokala indikatorer i {display_path(self.local)} ({count})")
        if self.overrides:
            parts.append(f"{len(self.overrides)} lokal{'a' if len(self.overrides) > 1 else ''} ändring{'ar' if len(self.overrides) > 1 else ''}")
        where = f" enligt {self.config_file}" if self.config_file else ""
        return "Indikatorer: " + " + ".join(parts) + where


def describe_value(key: str, value: Any) -> str:
    if value is None:
        return "inget"
    if key == "målvärde" and isinstance(value, dict):
        parts = []
        if value.get("riktning"):
            parts.append(str(value["riktning"]).replace("_", " "))
        for colour in ("grön", "gul", "röd"):
            if colour in value:
                parts.append(f"{colour} {value[colour]}")
        return ", ".join(parts) if parts else "inga gränser"
    return str(value)
