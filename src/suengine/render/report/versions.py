"""Report versions: labels, the manifest, the changelog of definitions, and atomic publishing.

A version is `<rapportår>.<leverans>` (`2025.1`, `2025.2`, …) and lives in `<ut>/<version>/`.
A published folder is never written again: a build renders into a hidden temporary folder next
to it and renames it into place only when everything succeeded, so a reader never sees half a
report and an earlier version stays exactly as it was published.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suengine.errors import SuengineError
from suengine.definitions.model import Indicator

MANIFEST = "manifest.json"
CHANGELOG = "andringslogg.md"
_VERSION = re.compile(r"^(\d{4})\.(\d+)$")


def parse_version(label: str) -> tuple[int, int]:
    match = _VERSION.match(label)
    if not match:
        raise SuengineError(f"ogiltig rapportversion '{label}': skriv år och leveransnummer, t.ex. 2025.1")
    return int(match.group(1)), int(match.group(2))


def published_versions(out: Path) -> list[str]:
    """Version folders under `out` that hold a manifest, oldest first."""
    if not out.is_dir():
        return []
    found = [p.name for p in out.iterdir() if p.is_dir() and _VERSION.match(p.name) and (p / MANIFEST).is_file()]
    return sorted(found, key=parse_version)


def next_version(out: Path, year: int) -> str:
    taken = [parse_version(p.name)[1] for p in out.iterdir() if p.is_dir() and _VERSION.match(p.name)
             and parse_version(p.name)[0] == year] if out.is_dir() else []
    return f"{year}.{max(taken, default=0) + 1}"


def previous_version(out: Path, version: str) -> str | None:
    earlier = [v for v in published_versions(out) if parse_version(v) < parse_version(version)]
    return earlier[-1] if earlier else None


def build_time() -> str:
    """UTC time of the build, from SOURCE_DATE_EPOCH when set (reproducible builds). Never in the report text."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def definition_entries(indicators: list[Indicator], folder: Path | None) -> dict[str, dict[str, Any]]:
    """Version, name and file hash of every definition, for the manifest and the next changelog."""
    from suengine.render.report.inputs import sha256

    entries: dict[str, dict[str, Any]] = {}
    base = None if folder is None else (folder if folder.is_dir() else folder.parent)
    for indicator in sorted(indicators, key=lambda i: i.id):
        path = Path(indicator.path) if indicator.path else None
        entry: dict[str, Any] = {"version": indicator.version, "namn": indicator.name}
        if path is not None and path.is_file():
            try:
                entry["fil"] = path.resolve().relative_to(base.resolve()).as_posix() if base else path.name
            except ValueError:
                entry["fil"] = path.name
            entry["sha256"] = sha256(path)
        entries[indicator.id] = entry
    return entries


# --- changelog ----------------------------------------------------------------------------------

CHANGE_NEW = "ny"
CHANGE_REMOVED = "borttagen"
CHANGE_VERSION = "ny version"
CHANGE_TEXT = "ändrad utan ny version"

CHANGE_TEXTS = {
    CHANGE_NEW: "Ny indikator sedan föregående version.",
    CHANGE_REMOVED: "Indikatorn ingår inte längre i rapporten.",
    CHANGE_VERSION: "Definitionen har ändrats (ny version). Resultaten är inte jämförbara med tidigare år.",
    CHANGE_TEXT: "Definitionsfilen har ändrats men versionen är densamma; beräkningen räknas som jämförbar.",
}


@dataclass(frozen=True)
class DefinitionChange:
    indicator_id: str
    name: str
    kind: str
    old_version: int | None = None
    new_version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"indikator": self.indicator_id, "namn": self.name, "ändring": self.kind,
                "tidigare_version": self.old_version, "ny_version": self.new_version}


@dataclass
class Changelog:
    previous: str | None = None
    changes: list[DefinitionChange] = field(default_factory=list)

    @property
    def changed_ids(self) -> set[str]:
        """Indicators whose definition version changed: not comparable with earlier reports."""
        return {c.indicator_id for c in self.changes if c.kind == CHANGE_VERSION}

    def change_for(self, indicator_id: str) -> DefinitionChange | None:
        return next((c for c in self.changes if c.indicator_id == indicator_id), None)


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SuengineError(f"{folder / MANIFEST}: kan inte läsa manifestet ({exc})") from exc


def changelog(previous_folder: Path | None, definitions: dict[str, dict[str, Any]]) -> Changelog:
    """Definitions that are new, removed, or changed since the manifest in `previous_folder`."""
    if previous_folder is None:
        return Changelog()
    before: dict[str, dict[str, Any]] = read_manifest(previous_folder).get("indikatorer", {})
    log = Changelog(previous=previous_folder.name)
    for indicator_id in sorted(set(before) | set(definitions)):
        old, new = before.get(indicator_id), definitions.get(indicator_id)
        if old is None and new is not None:
            log.changes.append(DefinitionChange(indicator_id, new.get("namn", ""), CHANGE_NEW, None, new["version"]))
        elif new is None and old is not None:
            log.changes.append(DefinitionChange(indicator_id, old.get("namn", ""), CHANGE_REMOVED, old.get("version"), None))
        elif old is not None and new is not None:
            if int(old.get("version", 0)) != int(new["version"]):
                log.changes.append(DefinitionChange(indicator_id, new.get("namn", ""), CHANGE_VERSION,
                                                    int(old.get("version", 0)), int(new["version"])))
            elif old.get("sha256") and new.get("sha256") and old["sha256"] != new["sha256"]:
                log.changes.append(DefinitionChange(indicator_id, new.get("namn", ""), CHANGE_TEXT,
                                                    int(new["version"]), int(new["version"])))
    return log


def manifest_changelog(manifest: dict[str, Any]) -> Changelog:
    """The changelog a published version's manifest.json records (for the site's Ändringslogg)."""
    changes = [DefinitionChange(str(c["indikator"]), str(c.get("namn") or ""), str(c["ändring"]),
                                c.get("tidigare_version"), c.get("ny_version")) for c in manifest.get("ändringar", [])]
    return Changelog(previous=manifest.get("föregående_version"), changes=changes)


def changelog_markdown(log: Changelog, version: str) -> str:
    """The changelog as a Markdown file of its own (also summarised in the method chapter)."""
    lines = [f"# Ändringar i indikatordefinitionerna, version {version}", ""]
    if log.previous is None:
        lines.append("Första publicerade versionen: det finns ingen tidigare version att jämföra med.")
    elif not log.changes:
        lines.append(f"Inga definitioner har ändrats sedan version {log.previous}.")
    else:
        lines.append(f"Jämfört med version {log.previous}:")
        lines.append("")
        for change in log.changes:
            versions = ""
            if change.kind == CHANGE_VERSION:
                versions = f" (version {change.old_version} → {change.new_version})"
            lines.append(f"- `{change.indicator_id}` {change.name}: {change.kind}{versions}. {CHANGE_TEXTS[change.kind]}")
    return "\n".join(lines) + "\n"


# --- publishing ---------------------------------------------------------------------------------

def staging_folder(out: Path, version: str) -> Path:
    """A fresh hidden folder beside the final one (same file system, so the rename is atomic)."""
    final = out / version
    if final.exists():
        raise SuengineError(f"{final} finns redan; en publicerad version skrivs aldrig över – välj en ny version")
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".{version}.bygge-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def publish(staging: Path, out: Path, version: str) -> Path:
    final = out / version
    if final.exists():
        shutil.rmtree(staging, ignore_errors=True)
        raise SuengineError(f"{final} skapades under bygget; versionen publiceras inte två gånger")
    os.rename(staging, final)
    return final


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")
