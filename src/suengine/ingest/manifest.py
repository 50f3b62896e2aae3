"""The delivery manifest `leverans.yml`: who delivered what, from which system, when.

```yaml
kommun: Exempelby kommun
källsystem: Treserva
mappning: treserva              # mappings/treserva.yml, or a path to a .yml file
uttagsdatum: 2026-01-31         # extraction date: nothing in the delivery may be later
period: {från: 2021-01-01, till: 2025-12-31}
entiteter: [enkätsvar, personal]  # optional: the entities the delivery holds (then barn is not required)
```
Why a manifest: the extraction date decides which follow-up windows have passed and the
century of 10-digit personnummer; it must be stated, not inferred from file dates.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from suengine.ingest.problems import ProblemLog
from suengine.ingest.values import ValueProblem, parse_date

MANIFEST_NAME = "leverans.yml"
REQUIRED = ("kommun", "källsystem", "mappning", "uttagsdatum")
ALLOWED = REQUIRED + ("period", "kommunkod", "beskrivning", "kontakt", "entiteter")


class _TextDates(yaml.SafeLoader):
    """Dates stay text here and are parsed by `parse_date`, so 2026-13-01 is a message, not a crash."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass(frozen=True)
class Manifest:
    municipality: str
    source_system: str
    mapping: str
    extraction_date: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    municipality_code: str = ""
    entities: tuple[str, ...] = ()  # declared in `entiteter:`; empty = not declared


def _date(raw: object, key: str, log: ProblemLog) -> dt.date | None:
    try:
        return parse_date(raw)
    except ValueProblem:
        log.stop("manifest_ogiltigt", f"{key} i {MANIFEST_NAME} är inget datum; skriv t.ex. 2026-01-31.", file=MANIFEST_NAME, field=key)
        return None


def load_manifest(folder: Path, log: ProblemLog) -> Manifest | None:
    """Read and check leverans.yml; every problem stops the delivery."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        log.stop("manifest_saknas", f"{MANIFEST_NAME} saknas i {folder}. Den anger kommun, källsystem, mappning och uttagsdatum.", file=MANIFEST_NAME)
        return None
    try:
        raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TextDates)  # noqa: S506 - a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        log.stop("manifest_ogiltigt", f"{MANIFEST_NAME} går inte att läsa: {getattr(exc, 'problem', None) or exc}", file=MANIFEST_NAME, row=mark.line + 1 if mark else None)
        return None
    if not isinstance(raw, dict):
        log.stop("manifest_ogiltigt", f"{MANIFEST_NAME} ska innehålla nycklar som kommun: och uttagsdatum:.", file=MANIFEST_NAME)
        return None
    before = len(log.stopping)
    for key in raw:
        if str(key) not in ALLOWED:
            close = difflib.get_close_matches(str(key), ALLOWED, n=1)
            hint = f" — menade du '{close[0]}'?" if close else ""
            log.stop("manifest_ogiltigt", f"Okänd nyckel '{key}' i {MANIFEST_NAME}{hint}", file=MANIFEST_NAME, field=str(key))
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            log.stop("manifest_ogiltigt", f"{key} saknas i {MANIFEST_NAME}.", file=MANIFEST_NAME, field=key)
    extraction = _date(raw["uttagsdatum"], "uttagsdatum", log) if raw.get("uttagsdatum") else None
    start = end = None
    period = raw.get("period")
    if period is not None:
        if not isinstance(period, dict) or set(period) - {"från", "till"}:
            log.stop("manifest_ogiltigt", "period ska skrivas {från: ÅÅÅÅ-MM-DD, till: ÅÅÅÅ-MM-DD}.", file=MANIFEST_NAME, field="period")
        else:
            start = _date(period.get("från"), "period.från", log) if period.get("från") else None
            end = _date(period.get("till"), "period.till", log) if period.get("till") else None
            if start and end and end < start:
                log.stop("manifest_ogiltigt", "period.till ligger före period.från.", file=MANIFEST_NAME, field="period")
            if end and extraction and end > extraction:
                log.stop("manifest_ogiltigt", "period.till ligger efter uttagsdatum.", file=MANIFEST_NAME, field="period")
    entities = raw.get("entiteter")
    if entities is not None and (not isinstance(entities, list) or not entities or not all(isinstance(e, str) and e for e in entities)):
        log.stop("manifest_ogiltigt", "entiteter ska vara en lista av entiteter, t.ex. [enkätsvar, personal].", file=MANIFEST_NAME, field="entiteter")
    if len(log.stopping) > before or extraction is None:
        return None
    return Manifest(
        municipality=str(raw["kommun"]),
        source_system=str(raw["källsystem"]),
        mapping=str(raw["mappning"]),
        extraction_date=extraction,
        period_start=start,
        period_end=end,
        municipality_code=str(raw.get("kommunkod") or ""),
        entities=tuple(str(e) for e in entities or ()),
    )
