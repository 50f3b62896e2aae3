"""Write an ingested delivery as a plain folder, all at once or not at all.

Folder format (read back by `suengine.casedata.folder`):
- `<entity>.csv` for every entity of the data model (header only when empty): UTF-8 without
  BOM, comma separator, data-model column names in data-model order, dates as ÅÅÅÅ-MM-DD,
  booleans as `ja`/`nej`, decimals with a point, missing values as empty cells;
- `<entity>.parquet`: the same table with the data model's types, which `evaluate` reads
  directly (`suengine.casedata.columnar`; both written by DuckDB from one typed table);
- `leverans.yml`: kommun, källsystem, uttagsdatum, period (från/till), mappning;
- `kvalitet/kvalitet_sammanfattning.csv` and `kvalitet/problem.csv`: the quality summary and
  the problems table, in a subfolder so the top level holds only entity tables.

Everything is written to a temporary sibling folder, scanned for personnummer-like strings
(none may leave ingest; the Parquet files are scanned column by column), and only then swapped into place; a failure leaves an existing
output folder untouched. An existing folder is only replaced if it is empty or an earlier ingest
output holding nothing else, so a mistyped --ut never wipes unrelated files and files a user put
beside an earlier output are never deleted.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from suengine.casedata.columnar import PARQUET_SUFFIX, write_tables
from suengine.casedata.datamodel import load_datamodel
from suengine.casedata.tables import CaseData
from suengine.errors import SuengineError
from suengine.ingest.pipeline import IngestResult
from suengine.publish.privacy import scan_outputs

QUALITY_DIR = "kvalitet"
SUMMARY_FILE = "kvalitet_sammanfattning.csv"
PROBLEMS_FILE = "problem.csv"
MANIFEST_FILE = "leverans.yml"


def _manifest_text(case_data: CaseData) -> str:
    data = {
        "kommun": case_data.municipality,
        "källsystem": case_data.source_system,
        "uttagsdatum": case_data.extraction_date.isoformat(),
        "period": {"från": case_data.metadata.get("period_från", ""), "till": case_data.metadata.get("period_till", "")},
        "mappning": case_data.metadata.get("mappning", ""),
        "pseudonymiserad": True,
    }
    if case_data.delivered is not None:  # what the delivery covered: entities and their delivered fields
        data["levererat"] = {name: sorted(fields) for name, fields in sorted(case_data.delivered.items())}
    header = "# Pseudonymiserad leverans skriven av suengine ingest. Innehåller inga personnummer.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_folder(result: IngestResult, folder: Path) -> None:
    """Write every output file into `folder` (which must exist and be empty)."""
    write_tables(result.case_data.tables, folder)
    (folder / MANIFEST_FILE).write_text(_manifest_text(result.case_data), encoding="utf-8")
    quality = folder / QUALITY_DIR
    quality.mkdir()
    write_quality(result, quality)


def write_quality(result: IngestResult, folder: Path) -> None:
    """The data-quality summary and the problems table (internal: problem rows name file rows)."""
    result.summary.to_csv(folder / SUMMARY_FILE, index=False, encoding="utf-8", lineterminator="\n")
    result.problems.to_csv(folder / PROBLEMS_FILE, index=False, encoding="utf-8", lineterminator="\n")


def _foreign(target: Path) -> list[str]:
    """Entries of an existing folder that an ingest output does not hold (files the user put there)."""
    entities = load_datamodel().entities
    ours = {f"{name}{suffix}" for name in entities for suffix in (".csv", PARQUET_SUFFIX)} | {MANIFEST_FILE, QUALITY_DIR}
    foreign = [p.name for p in target.iterdir() if p.name not in ours or (p.name == QUALITY_DIR) != p.is_dir()]
    quality = target / QUALITY_DIR
    if quality.is_dir():
        foreign += [f"{QUALITY_DIR}/{p.name}" for p in quality.iterdir() if p.name not in (SUMMARY_FILE, PROBLEMS_FILE) or not p.is_file()]
    return sorted(foreign)


def _replaceable(target: Path) -> bool:
    if not target.exists():
        return True
    if not target.is_dir():
        return False
    names = {p.name for p in target.iterdir()}
    if not names:
        return True
    return {MANIFEST_FILE, QUALITY_DIR} <= names and (target / QUALITY_DIR / PROBLEMS_FILE).is_file()


def write_output(result: IngestResult, target: Path) -> None:
    """Write atomically into `target`; raise SuengineError and leave `target` as it was on failure."""
    target = target.resolve()
    if not _replaceable(target):
        raise SuengineError(
            f"{target} finns redan och ser inte ut som utdata från suengine ingest; välj en annan mapp med --ut."
        )
    foreign = _foreign(target) if target.is_dir() else []
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" och {len(foreign) - 5} till" if len(foreign) > 5 else "")
        raise SuengineError(
            f"{target} innehåller filer som suengine ingest inte har skrivit ({shown}); de skulle försvinna. "
            "Flytta dem eller välj en annan mapp med --ut."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.ny-", dir=target.parent))
    try:
        write_folder(result, staging)
        findings = scan_outputs(staging)
        if findings:
            raise SuengineError(
                "Utdata innehåller något som liknar personnummer och skrevs inte: "
                + "; ".join(f.message().replace(str(staging), target.name) for f in findings[:5])
            )
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.gammal-", dir=target.parent))
            target.rename(old / target.name)
            try:
                staging.rename(target)
            except OSError:
                (old / target.name).rename(target)  # put the earlier output back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
