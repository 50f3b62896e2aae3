"""Audit a folder that is already published (`suengine granska build/<version>`): could anything leak?

Reads only what a reader has — the version's resultat.csv, every published file, the earlier
published versions of the same year next to it — plus the indicator definitions, and runs:
the LP audit of hidden cells (`audit`), the version rule (`audit.check_versions`), the shared
checker of published files (`checker`) and the personnummer scan (`privacy`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from suengine.definitions.model import Indicator
from suengine.errors import SuengineError
from suengine.publish import linkage
from suengine.publish.audit import AuditReport, audit, check_versions
from suengine.publish.checker import Rules, check_published_folder
from suengine.publish.disclosure import threshold as own_threshold
from suengine.publish.earlier import RESULTS_CSV, earlier_versions, read_published
from suengine.publish.privacy import scan_outputs

_VERSION = re.compile(r"^(\d{4})\.(\d+)$")


@dataclass
class Review:
    audit: AuditReport
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit.ok and not self.problems


def review_folder(folder: Path, indicators: list[Indicator], default_threshold: int = 5) -> Review:
    """Everything `suengine granska` checks in one published version folder."""
    results_file = folder / RESULTS_CSV
    if not results_file.is_file():
        raise SuengineError(f"{folder}: ingen {RESULTS_CSV}; är det en publicerad version?")
    table = read_published(results_file)
    facts = {i.id: linkage.facts(i, own_threshold(i.min_n, default_threshold)) for i in indicators}
    unknown = sorted(set(table["indikator_id"]) - set(facts))
    report = audit(table, facts, default_threshold)
    problems = [f"{i.cell.label}: kan ringas in till {i.low:g}–{i.high:g}" for i in report.leaks]
    problems += [f"{i}: indikatorn saknar definition och kunde inte granskas" for i in unknown]
    match = _VERSION.match(folder.name)
    if match:
        earlier = {p.name: read_published(p / RESULTS_CSV) for p in earlier_versions(folder.parent, int(match.group(1)))
                   if tuple(map(int, p.name.split("."))) < (int(match.group(1)), int(match.group(2)))}
        problems += check_versions(table, earlier)
    rules = Rules(
        threshold=default_threshold,
        thresholds={k: f.threshold for k, f in facts.items()},
        exempt=frozenset(k for k, f in facts.items() if not f.protected),
        kinds={k: f.kind for k, f in facts.items()},
        facts=facts,
    )
    problems += [f.message().replace(str(folder) + "/", "") for f in check_published_folder(folder, rules) + scan_outputs(folder)]
    return Review(report, problems)
