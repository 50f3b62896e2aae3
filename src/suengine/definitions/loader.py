"""Load every indicator under a folder: YAML → JSON Schema → `Indicator` → semantic rules.

All issues of all files are collected and returned together; nothing here raises for a
problem in a definition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from suengine.casedata.datamodel import DataModel
from suengine.definitions.context import Context
from suengine.definitions.contradictions import check_subset
from suengine.definitions.datamodel_checks import load_checked_datamodel
from suengine.definitions.paths import display_path
from suengine.definitions.indicator_set import IndicatorSet
from suengine.definitions.rules_indicator import RULES
from suengine.definitions.rules_comparison import check_comparison
from suengine.definitions.rules_house import check_house_rules
from suengine.definitions.rules_tests import check_test_cases
from suengine.definitions.schema import INDICATOR_SCHEMA, schema_issues
from suengine.definitions.issues import Issue, count, error, sort_key, warning
from suengine.definitions.model import Indicator, indicator_from_dict
from suengine.definitions.yamlload import YamlDocument, load_yaml_file

SEMANTIC_RULES = (*RULES, check_test_cases, check_house_rules, check_comparison)
CONSISTENCY_RULES = (check_subset,)  # only meaningful once fields and values are known to be right


@dataclass(frozen=True)
class LoadResult:
    indicators: list[Indicator]  # only those without errors
    issues: list[Issue]
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count(self.issues)[0]

    @property
    def warnings(self) -> int:
        return count(self.issues)[1]

    @property
    def ok(self) -> bool:
        return self.errors == 0


def find_indicator_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.yml") if p.is_file())


@dataclass
class _Loaded:
    path: Path
    doc: YamlDocument | None
    indicator: Indicator | None
    issues: list[Issue]


def load_definitions(path: Path | str | IndicatorSet, datamodel: DataModel | None = None) -> LoadResult:
    """Load and validate every `*.yml` under `path` (or the single file `path`, or a project's `IndicatorSet`).

    Without `datamodel`, the project's data model is loaded and checked too, and its issues
    are part of the result.
    """
    issues: list[Issue] = []
    if datamodel is None:
        checked = load_checked_datamodel()
        datamodel = checked.model
        issues += checked.issues
    if isinstance(path, IndicatorSet):
        return _load_set(path, datamodel, issues)
    root = Path(path)
    if not root.exists():
        return LoadResult([], issues + [error(f"sökvägen {display_path(root)} finns inte")])
    files = find_indicator_files(root)
    if root.is_dir():
        issues += [
            warning(f"filen läses inte: indikatorer ska ha ändelsen .yml (döp om till {p.stem}.yml)", file=display_path(p))
            for p in sorted(root.rglob("*.yaml"))
        ]
    loaded = [_load_one(p, datamodel, root if root.is_dir() else None) for p in files]
    issues += _duplicate_ids(loaded)
    for item in loaded:
        issues += item.issues
    failed = {i.file for i in issues if i.is_error}
    indicators = [item.indicator for item in loaded if item.indicator is not None and display_path(item.path) not in failed]
    return LoadResult(indicators, sorted(issues, key=sort_key), files)


def _load_set(chosen: IndicatorSet, datamodel: DataModel | None, issues: list[Issue]) -> LoadResult:
    files, problems = chosen.files()
    issues += problems
    loaded = [_load_one(p, datamodel, root, chosen) for p, root in files]
    issues += _duplicate_ids(loaded)
    for item in loaded:
        issues += item.issues
    failed = {i.file for i in issues if i.is_error}
    indicators = [item.indicator for item in loaded if item.indicator is not None and display_path(item.path) not in failed]
    if problems:
        indicators = []
    return LoadResult(indicators, sorted(issues, key=sort_key), [p for p, _ in files])


def _load_one(path: Path, model: DataModel | None, root: Path | None, chosen: IndicatorSet | None = None) -> _Loaded:
    shown = display_path(path)
    doc, issues = load_yaml_file(path, shown)
    if doc is None:
        return _Loaded(path, None, None, issues)
    ident = doc.data.get("id") if isinstance(doc.data.get("id"), str) else None
    issues = [replace(i, indicator=ident) for i in issues]
    changes: tuple[str, ...] = ()
    if chosen is not None:
        data, changes = chosen.apply(ident, doc.data)
        if changes:
            doc = replace(doc, data=data, lines=_relocated(doc, chosen.overrides[ident].values))
    found = schema_issues(doc, INDICATOR_SCHEMA, ident)
    issues += found
    if found:
        return _Loaded(path, doc, None, issues)
    try:
        indicator = indicator_from_dict(doc.data, path=shown)
    except (KeyError, TypeError, ValueError) as exc:  # the schema should make this impossible
        issues.append(error(f"kunde inte tolka indikatorn ({type(exc).__name__}: {exc})", file=shown, indicator=ident))
        return _Loaded(path, doc, None, issues)
    if changes:
        indicator = replace(indicator, local_changes=changes)
    if model is not None:
        ctx = Context(model, doc, indicator.id, path, root)
        semantic = [issue for rule in SEMANTIC_RULES for issue in rule(indicator, ctx)]
        if not any(i.is_error for i in semantic):
            semantic += [issue for rule in CONSISTENCY_RULES for issue in rule(indicator, ctx)]
        reported = {i.line for i in issues}  # e.g. an impossible date, already reported by the loader
        issues += [i for i in semantic if i.line not in reported]
    if changes and chosen is not None and ident is not None:
        keys = list(chosen.overrides[ident].values)
        issues = [
            replace(i, file=chosen.config_file, line=chosen.override_line(ident, keys[-i.line - 1]), message=f"{i.message} (lokal ändring)")
            if i.line is not None and i.line < 0 else i
            for i in issues
        ]
    return _Loaded(path, doc, indicator, issues)


def _relocated(doc: YamlDocument, changed: dict) -> dict:
    """Line numbers with every path under a locally changed key marked by a negative number (-1 for the first key, …):
    problems there belong to suengine.yml, not to the catalogue's file."""
    lines = {path: line for path, line in doc.lines.items() if not (path and path[0] in changed)}
    for index, key in enumerate(changed):
        lines[(key,)] = -(index + 1)
    return lines


def _duplicate_ids(loaded: list[_Loaded]) -> list[Issue]:
    by_id: dict[str, list[_Loaded]] = defaultdict(list)
    for item in loaded:
        ident = item.doc.data.get("id") if item.doc is not None else None
        if isinstance(ident, str):
            by_id[ident].append(item)
    issues = []
    for ident, items in by_id.items():
        if len(items) < 2:
            continue
        for item in items:
            assert item.doc is not None
            others = ", ".join(
                f"{display_path(o.path)} rad {o.doc.line_of(('id',))}" for o in items if o is not item and o.doc is not None
            )
            issues.append(
                error(f"id '{ident}' används också i {others}", file=item.doc.file, line=item.doc.line_of(("id",)), indicator=ident)
            )
    return issues
