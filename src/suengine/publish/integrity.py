"""The build's last gate over every file it will publish, skipping files an earlier build already found clean.

`check_outputs` runs both checks on every file under the staged version folder — the privacy scan
(`privacy.scan_file`: personnummer, the delivery's name and free-text values) and the disclosure
checker (`checker.check_file`: hidden values, small counts) — and the checker on the results table
in memory. Most files of a new version are byte-identical to the previous version's (charts, the
site's scripts and styles, the results table when the delivery is the same), so the build keeps
the set of files found clean in `.cache/steg/integritet/` and skips a file whose name and content
(sha256) are in it. A workbook is checked sheet by sheet the same way (`sheet_keys`): when only the
version title in its first sheet changed, only that sheet is read again.

That is only safe when everything else the checks depend on is the same too, so the set belongs to
one key (`check_key`): the source of the checking code (this module, `privacy.py`, `checker.py`, `row_keys.py`),
the engine version, the versions of the readers it uses (openpyxl, pypdf, duckdb, the pdftotext
program), the disclosure rules (thresholds, exempt indicators, kinds) and the delivery's name and
free-text values (as one hash; the values themselves are never written). Any change gives a new
key and an empty set: everything is checked again. Only clean outcomes are kept, so a finding is
always found, and reported, anew.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from suengine import cache
from suengine.publish.checker import Rules, check_file, check_results
from suengine.publish.privacy import Finding, FreeText, scan_file

STAGE = "integritet"
CHECKING_CODE = ("publish/integrity.py", "publish/privacy.py", "publish/checker.py", "publish/row_keys.py")
READERS = ("openpyxl", "pypdf", "duckdb")
RESULTS_IN_MEMORY = "(resultattabellen i minnet)"


@dataclass
class Checked:
    findings: list[Finding]
    files: int  # files under the folder
    skipped: int  # of them, found clean by an earlier build


def _reader_versions() -> list[str]:
    found = []
    for package in READERS:
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} saknas")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        stat = Path(pdftotext).resolve().stat()
        found.append(f"pdftotext {Path(pdftotext).resolve()} {stat.st_size} {stat.st_mtime_ns}")
    return found


def check_key(rules: Rules, free_text: FreeText) -> str | None:
    """The key of the clean set: checking code, readers, rules and the delivery's free text (see the module docstring)."""
    return cache.key_of([STAGE, cache.source_digest(*CHECKING_CODE), _reader_versions(),
                         cache.content_digest(rules), free_text.digest()])


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256(path.name.encode("utf-8") + b"\0")  # the name decides how a file is read and checked
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sheet_keys(path: Path) -> dict[str, str]:
    """Per worksheet part of a workbook: a hash of everything its cell values depend on (the part itself, the
    shared strings, the styles with their number formats, the workbook with the sheet names and the rels)."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        common = hashlib.sha256()
        for shared in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"):
            common.update(shared.encode() + b"\0" + (archive.read(shared) if shared in names else b"-") + b"\0")
        return {name: hashlib.sha256(b"ark\0" + common.digest() + name.encode() + b"\0" + archive.read(name)).hexdigest()
                for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")}


def _check_all(paths: list[Path], folder: Path, rules: Rules, free_text: FreeText,
               known: set[str]) -> tuple[dict[Path, list[Finding]], set[str]]:
    """Both checks on every path, and the keys of the workbook sheets found clean. A sheet found clean before
    (`known`) is not read again. The PDFs are read in a second thread, where pdftotext (a program of its own)
    reads them while this thread checks the other files."""
    sheets: set[str] = set()

    def check(path: Path) -> list[Finding]:
        if path.suffix != ".xlsx":
            return scan_file(path, free_text) + check_file(path, folder, rules)
        keys = sheet_keys(path)
        found = scan_file(path, free_text) + check_file(
            path, folder, rules, lambda sheet: keys.get(getattr(sheet, "_worksheet_path", ""), "") not in known)
        if not found:
            sheets.update(keys.values())
        return found

    pdfs = [path for path in paths if path.suffix.lower() == ".pdf"]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf") as pool:
        reading = pool.submit(lambda: {path: check(path) for path in pdfs})
        found = {path: check(path) for path in paths if path.suffix.lower() != ".pdf"}
        found.update(reading.result())
    return found, sheets


def check_outputs(folder: Path, published: pd.DataFrame, rules: Rules, free_text: FreeText,
                  stage_cache: cache.StageCache | None = None,
                  progress: Callable[[str], None] = lambda _m: None) -> Checked:
    """Every finding of the privacy scan and the disclosure checker on the files under `folder` and on
    the results table `published`; files (and a table) found clean by an earlier build with the same key are skipped."""
    key = check_key(rules, free_text) if stage_cache is not None else None
    stored = stage_cache.get(STAGE, key) if stage_cache is not None else None
    known: set[str] = stored if isinstance(stored, set) else set()
    findings: list[Finding] = []
    table = cache.frame_digest(published)
    table_key = None if table is None else f"{RESULTS_IN_MEMORY}:{table}"
    if table_key is None or table_key not in known:
        findings += check_results(published, rules)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    digests = {path: _file_digest(path) for path in files}
    skipped = sum(1 for path in files if digests[path] in known)
    first: dict[str, Path] = {}  # one check per content: the site's downloads repeat the version's files
    for path in files:
        if digests[path] not in known:
            first.setdefault(digests[path], path)
    found, sheets = _check_all(list(first.values()), folder, rules, free_text, known)
    for path in files:
        if digests[path] in known:
            continue
        if first[digests[path]] is not path and found[first[digests[path]]]:
            found[path] = scan_file(path, free_text) + check_file(path, folder, rules)  # a copy of a file with findings: its own
        findings += found.get(path, [])
    now_clean = {digests[path] for path in files if digests[path] in known or not found[first[digests[path]]]}
    for path in files:  # a workbook found clean as a whole: so is every sheet in it, for the next build
        if path.suffix == ".xlsx" and digests[path] in known:
            sheets.update(sheet_keys(path).values())
    now_clean |= sheets
    if table_key is not None:
        now_clean.add(table_key)  # what this build publishes: the next build's set
    if stage_cache is not None and not findings and now_clean != known:
        stage_cache.put(STAGE, key, now_clean)
    if stage_cache is not None:
        stage_cache.log[STAGE] = f"{skipped} av {len(files)} filer kontrollerade i ett tidigare bygge"
    progress(f"{len(files)} filer, varav {skipped} oförändrade och redan kontrollerade i ett tidigare bygge")
    return Checked(findings, len(files), skipped)
