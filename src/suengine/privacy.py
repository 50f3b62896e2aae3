"""The last gate before publishing: no identifier and no small count may leave the build.

`scan_outputs` reads every file a build wrote — text as text, PDF through its extracted text,
Office files (XLSX/DOCX) through their XML parts — and reports every personnummer-like string.
`check_published_counts` checks the results table that will be published: every count that is
shown must be 0 or at least the threshold, and every shown rate must rest on a nämnare at least
that large. Either finding stops the build.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# 6 or 8 digit date part, optional - or +, 4 digits; not glued to other letters or digits
# (so hex digests and long numbers do not match).
PERSONNUMMER_PATTERN = re.compile(r"(?<![0-9A-Za-z])((?:19|20)?\d{6})([-+]?)(\d{4})(?![0-9A-Za-z])")

TEXT_SUFFIXES = {
    ".txt", ".md", ".qmd", ".html", ".htm", ".csv", ".json", ".yml", ".yaml", ".svg", ".xml",
    ".js", ".css", ".typ", ".tex",
}
ZIP_SUFFIXES = {".xlsx", ".docx"}
SKIPPED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".gz"}


@dataclass(frozen=True)
class Finding:
    path: str
    where: str  # line number, PDF page or Office part
    reason: str

    def message(self) -> str:
        return f"{self.path} ({self.where}): {self.reason}"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _plausible_date(date_part: str) -> bool:
    yymmdd = date_part[-6:]
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31


def find_personnummer(text: str) -> list[str]:
    """Personnummer-like strings in `text` (valid date and Luhn check digit)."""
    hits = []
    for match in PERSONNUMMER_PATTERN.finditer(text):
        date_part, _sep, tail = match.groups()
        if _plausible_date(date_part) and _luhn_ok(date_part[-6:] + tail):
            hits.append(match.group(0))
    return hits


def _mask(hit: str) -> str:
    return hit[:-4] + "XXXX"


def _scan_text(path: Path, text: str, where_prefix: str = "rad") -> list[Finding]:
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        for hit in find_personnummer(line):
            findings.append(Finding(str(path), f"{where_prefix} {number}", f"personnummerliknande sträng {_mask(hit)}"))
    return findings


def _scan_pdf(path: Path) -> list[Finding]:
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a dependency of the build
        return [Finding(str(path), "-", "kan inte läsa PDF (pypdf saknas)")]
    findings = []
    for page_number, page in enumerate(PdfReader(str(path)).pages, start=1):
        findings += _scan_text(path, page.extract_text() or "", f"sida {page_number}, rad")
    return findings


def _scan_zip(path: Path) -> list[Finding]:
    findings = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith((".xml", ".rels")):
                text = archive.read(name).decode("utf-8", errors="replace")
                findings += _scan_text(path, re.sub(r"<[^>]+>", " ", text), f"{name}, rad")
    return findings


def scan_file(path: Path) -> list[Finding]:
    suffix = path.suffix.lower()
    if suffix in SKIPPED_SUFFIXES:
        return []
    if suffix == ".pdf":
        return _scan_pdf(path)
    if suffix in ZIP_SUFFIXES:
        return _scan_zip(path)
    data = path.read_bytes()
    if suffix not in TEXT_SUFFIXES and b"\x00" in data[:4096]:
        return []  # an unknown binary format carries no readable text
    return _scan_text(path, data.decode("utf-8", errors="replace"))


def scan_outputs(folder: Path) -> list[Finding]:
    """Every personnummer-like string in every file under `folder`."""
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        findings += scan_file(path)
    return findings


def _shown(frame: pd.DataFrame) -> pd.Series:
    suppressed = frame.get("undertryckt", pd.Series(False, index=frame.index))
    return ~suppressed.astype(str).str.lower().isin(("true", "1"))


def check_published_counts(
    results: pd.DataFrame, threshold: int, exempt: Iterable[str] = (), thresholds: Mapping[str, int] | None = None
) -> list[Finding]:
    """Rows that would publish a count between 1 and threshold-1, or a rate on a too small nämnare.

    `exempt` names indicators over data that describe no child (the municipality's own survey
    answers, staff figures): small numbers there single out nobody. `thresholds` holds an
    indicator's own minsta_antal where it differs from the default `threshold`.
    """
    findings = []
    shown = results[_shown(results) & ~results["indikator_id"].isin(set(exempt))]
    limits = shown["indikator_id"].map(lambda i: (thresholds or {}).get(i, threshold))
    for column in ("täljare", "nämnare"):
        if column not in shown:
            continue
        counts = pd.to_numeric(shown[column], errors="coerce")
        small = shown[(counts > 0) & (counts < limits)]
        for index, row in small.iterrows():
            label = f"{row.get('indikator_id')} {row.get('period')} {row.get('uppdelning')}={row.get('stratum')}"
            findings.append(Finding("resultat", label, f"{column} under gränsen {limits[index]} publiceras"))
    return findings
