"""What a build takes from an earlier build besides the evaluation: the disclosure audit's outcome and the workbook.

Both are kept in `.cache/steg/` (`cache.StageCache`) under a key made of everything they read and
the source of the code that makes them (`cache.source_digest`), so a kept outcome is only used when
computing it again would give the same:

* **granskning** — the independent audit of the disclosure control (`build.disclosure_audit`): the
  published table, the results before protection (for the summary's counts), what links the cells
  (`Results.facts`), the threshold, the code in `publish/` and this module and the solver's libraries. Only an
  audit that passed is kept; one that stopped a build runs again, and stops it again, next time.
* **versioner** — that the new version shows nothing an earlier version of the year hid
  (`publish.audit.check_versions`), per earlier version: the published table and that version's
  table. Only a comparison without problems is kept.
* **arbetsbok** — the Excel workbook: the published table, the definitions, the delivery's quality
  files, kommun, threshold, the comparison values, the code in `render/`, `engine/`, `definitions/`
  and `reference/` and this module, and openpyxl. The version title is the one thing in the workbook that changes
  with every build (cell A2 of *Resultat*): the workbook is kept with a placeholder there and the
  title put in when it is written — the bytes are those `render.excel.write_workbook` writes for
  that title (tested). A title with characters that XML writes escaped is not put in this way,
  nor one where the placeholder is found more than once: then the workbook is written anew.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from suengine import cache
from suengine.cache import StageCache

AUDIT = "granskning"
VERSIONS = "versioner"
PATTERN = "dolt-tidigare"
WORKBOOK = "arbetsbok"
AUDIT_CODE = ("publish", "reuse.py")
AUDIT_LIBRARIES = ("numpy", "scipy", "pandas")
WORKBOOK_CODE = ("render", "engine", "definitions", "reference", "reuse.py")
WORKBOOK_LIBRARIES = ("openpyxl", "pandas")
TITLE_PLACEHOLDER = "SUENGINEVERSIONSTITELPLATSHALLARE"  # letters only: written as it is, found nowhere else
_PLAIN_TITLE = re.compile(r"^[\w .,:;()\u2013\u2014/+-]*\w[\w .,:;()\u2013\u2014/+-]*$")


def _libraries(names: tuple[str, ...]) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} saknas")
    return found


def folder_digest(folder: Path | None) -> str | None:
    """Every file under `folder`, by relative path and content ('' for no folder)."""
    if folder is None:
        return ""
    if not folder.is_dir():
        return None
    return cache.content_digest([(p.relative_to(folder).as_posix(), p.read_bytes())
                                 for p in sorted(folder.rglob("*")) if p.is_file()])


def audit_key(results: Any, published: pd.DataFrame, threshold: int) -> str | None:
    """The key of the disclosure audit's outcome (see the module docstring)."""
    return cache.key_of([
        AUDIT, cache.source_digest(*AUDIT_CODE), _libraries(AUDIT_LIBRARIES), threshold,
        cache.content_digest(results.facts), cache.frame_digest(results.table), cache.frame_digest(published),
    ])


def audited(key: str | None, stage_cache: StageCache, run: Callable[[], str]) -> tuple[str, bool]:
    """(summary, from the cache): the kept summary of an audit with the same key, else `run()` (which
    raises when the audit stops the build) and keep what it returns."""
    kept = stage_cache.get(AUDIT, key)
    if isinstance(kept, str):
        return kept, True
    text = run()
    stage_cache.put(AUDIT, key, text)
    return text, False


def version_problems(published: pd.DataFrame, earlier: dict[str, pd.DataFrame], stage_cache: StageCache,
                     check: Callable[[pd.DataFrame, dict[str, pd.DataFrame]], list[str]]) -> list[str]:
    """`check(published, earlier)` (`publish.audit.check_versions`), one earlier version at a time; a version
    whose table is the same as one compared with before without problems (often: every version of a year
    has the same results) is not compared again."""
    problems: list[str] = []
    code, table = cache.source_digest(*AUDIT_CODE), cache.frame_digest(published)
    for name, old in earlier.items():
        key = cache.key_of([VERSIONS, code, _libraries(AUDIT_LIBRARIES), table, cache.frame_digest(old)])
        if stage_cache.get(VERSIONS, key) is True:
            continue
        found = check(published, {name: old})
        if not found:
            stage_cache.put(VERSIONS, key, True)
        problems += found
    return problems


def carried_pattern(earlier: dict[str, pd.DataFrame], stage_cache: StageCache, pattern_of: Callable[[dict[str, pd.DataFrame]], Any]) -> Any:
    """`pattern_of(earlier)` (`publish.earlier`: what earlier versions of the year hid), from the pattern of
    each version's table, kept by the table's content: the union of the parts is the pattern of the whole."""
    whole = pattern_of({})
    code = cache.source_digest(*AUDIT_CODE)
    for name, table in earlier.items():
        key = cache.key_of([PATTERN, code, cache.frame_digest(table)])
        part = stage_cache.get(PATTERN, key)
        if not isinstance(part, type(whole)):
            part = pattern_of({name: table})
            stage_cache.put(PATTERN, key, part)
        whole.rows |= part.rows
        whole.cells |= part.cells
        whole.versions.append(name)
    return whole


def workbook_key(published: pd.DataFrame, indicators: list[Any], quality_dir: Path | None, options: Any) -> str | None:
    """The key of the workbook with its version title left out (see the module docstring)."""
    return cache.key_of([
        WORKBOOK, cache.source_digest(*WORKBOOK_CODE), _libraries(WORKBOOK_LIBRARIES),
        cache.frame_digest(published), cache.content_digest(indicators), folder_digest(quality_dir),
        cache.content_digest(dataclasses.replace(options, version_title=TITLE_PLACEHOLDER)),
    ])


def put_title(workbook: bytes, title: str) -> bytes | None:
    """The kept workbook with `title` where the placeholder is, as `render.excel.zip_parts` writes it; None
    unless the placeholder is there exactly once (a definition's text could, in theory, hold it too)."""
    from suengine.render.excel import zip_parts

    # openpyxl writes its sheets in ASCII, every other character as a character reference (&#197; for Å)
    placeholder, wanted = TITLE_PLACEHOLDER.encode("ascii"), title.encode("ascii", "xmlcharrefreplace")
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        parts = [(name, source.read(name)) for name in source.namelist()]
    if sum(data.count(placeholder) for _name, data in parts) != 1:
        return None
    return zip_parts([(name, data.replace(placeholder, wanted)) for name, data in parts])


def write_workbook(published: pd.DataFrame, indicators: list[Any], path: Path, quality_dir: Path | None,
                   options: Any, stage_cache: StageCache) -> bool:
    """Write the workbook to `path`, from the kept one when its inputs are the same; True when it was kept."""
    from suengine.render.excel import workbook_bytes

    if not _PLAIN_TITLE.match(options.version_title):
        path.write_bytes(workbook_bytes(published, indicators, quality_dir, options))
        stage_cache.log[WORKBOOK] = cache.COMPUTED
        return False
    key = workbook_key(published, indicators, quality_dir, options)
    kept = stage_cache.get(WORKBOOK, key)
    if not isinstance(kept, bytes):
        kept = workbook_bytes(published, indicators, quality_dir, dataclasses.replace(options, version_title=TITLE_PLACEHOLDER))
        stage_cache.put(WORKBOOK, key, kept)
    path.parent.mkdir(parents=True, exist_ok=True)
    titled = put_title(kept, options.version_title)
    if titled is None:
        path.write_bytes(workbook_bytes(published, indicators, quality_dir, options))
        stage_cache.log[WORKBOOK] = cache.COMPUTED
        return False
    path.write_bytes(titled)
    return stage_cache.log.get(WORKBOOK) == cache.FROM_CACHE
