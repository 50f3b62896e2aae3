"""The last gate before publishing: no identifier and no small count may leave the build.

`scan_outputs` reads every file a build wrote — text as text (one pass over the whole file), PDF
through its extracted text, Office files (XLSX/DOCX) through their XML parts (the text between
the tags and the attribute values), Parquet files (the ingested tables) through every cell of every
column — and reports every personnummer-like string, and every value of the delivery's name and
free-text columns (`FreeText`).
`check_published_counts` checks the results table that will be published: every count that is
shown must be 0 or at least the threshold, and every shown rate must rest on a nämnare at least
that large. Either finding stops the build.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# Every form ingest accepts (ingest/personnummer.py): 6 or 8 digit date part (the digits of any
# script), optional - or + with optional whitespace around it (`090105 - 0005`, also non-breaking,
# thin or ideographic spaces: what `\s` matches, less the line breaks, which a match never spans), 4
# digits; samordningsnummer have day + 60. Not glued to other letters or digits (so hex digests and
# long numbers do not match).
_SPACE = r"[^\S\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"  # tab, U+001F and the Unicode space separators (Zs)
PERSONNUMMER_PATTERN = re.compile(rf"(?<![0-9A-Za-z])((?:19|20)?\d{{6}}){_SPACE}*([-+]?){_SPACE}*(\d{{4}})(?![0-9A-Za-z])")

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


def _valid(match: re.Match[str]) -> bool:
    date_part, _sep, tail = match.groups()
    return _plausible_date(date_part) and _luhn_ok(date_part[-6:] + tail)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The pattern's valid matches in `text`. A match that is not a valid number is tried again one
    character on: the look-arounds are ASCII, so with the digits of other scripts a valid number may
    begin inside it (`٢٠١٢٠٣١٥٢٣٨٢` first matches as ٢٠١٢٠٣ ١٥٢٣, which is not one)."""
    position = 0
    while (match := PERSONNUMMER_PATTERN.search(text, position)) is not None:
        if _valid(match):
            yield match
            position = match.end()
        else:
            position = match.start() + 1


def find_personnummer(text: str) -> list[str]:
    """Personnummer-like strings in `text` (valid date and Luhn check digit)."""
    return [match.group(0) for match in _matches(text)]


def _mask(hit: str) -> str:
    return hit[:-4] + "XXXX"


_WORD = re.compile(r"\w+")


class FreeText:
    """Values of a delivery's name and free-text columns (in memory only), found again in output text.

    Matched as whole word sequences, case-insensitively: `Alva Testsson` is found in
    `… Alva  Testsson …` but not in `Alvarsson`. Values shorter than 4 letters are not searched
    (too many ordinary words)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for value in values:
            words = tuple(w.casefold() for w in _WORD.findall(str(value)))
            if words and sum(len(w) for w in words) >= 4 and any(c.isalpha() for c in "".join(words)):
                self.by_first.setdefault(words[0], []).append(words)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def digest(self) -> str:
        """The values as a hash, the same for the same values: a cache key that holds none of them."""
        return hashlib.sha256(repr(sorted((first, sorted(words)) for first, words in self.by_first.items())).encode()).hexdigest()

    def may_occur(self, text: str) -> bool:
        """False when no value can be in `text`: none of its words starts a value. Words never span a
        line break, so a text for which this is False gives no hit on any of its lines (tested)."""
        return bool(self.by_first) and any(w.casefold() in self.by_first for w in set(_WORD.findall(text)))

    def find(self, text: str) -> list[int]:
        """Lengths (in words) of the values found in `text` (the values themselves are never reported)."""
        words = [w.casefold() for w in _WORD.findall(text)]
        hits = []
        for i, word in enumerate(words):
            for candidate in self.by_first.get(word, ()):
                if tuple(words[i:i + len(candidate)]) == candidate:
                    hits.append(len(candidate))
        return hits


# The line breaks of str.splitlines, so a finding's line number is the same as a line-by-line scan's.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _scan_text(path: Path, text: str, where_prefix: str, free_text: FreeText | None = None) -> list[Finding]:
    """One pass of the personnummer pattern over the whole text (it never spans a line break, so it
    finds what a line-by-line scan finds); line numbers are worked out only for the hits."""
    findings = []
    hits = list(_matches(text))
    if hits:
        breaks = [m.end() for m in _LINE_BREAK.finditer(text)]
        for match in hits:
            number = bisect.bisect_right(breaks, match.start()) + 1
            findings.append(Finding(str(path), f"{where_prefix} {number}", f"personnummerliknande sträng {_mask(match.group(0))}"))
    findings += _scan_free_text(path, text, where_prefix, free_text)
    return sorted(findings, key=lambda f: int(f.where.rsplit(" ", 1)[1]))


def _scan_free_text(path: Path, text: str, where_prefix: str, free_text: FreeText | None) -> list[Finding]:
    """The lines of `text` holding a value of the delivery's name and free-text columns."""
    findings = []
    if free_text and free_text.may_occur(text):
        for number, line in enumerate(text.splitlines(), start=1):
            for _ in free_text.find(line):
                findings.append(Finding(str(path), f"{where_prefix} {number}", "text ur leveransens namn- eller fritextkolumner"))
    return findings


# Bytes of a UTF-8 text mapped so that a personnummer can only lie in a run of "0"/"-" bytes
# holding six "0" in a row and four more after them: ASCII digits and every non-ASCII byte (other
# scripts' digits, non-breaking and other Unicode spaces) become "0", the ASCII separators
# " \t\x1f-+" become "-", everything else a space. bytes.translate and this pattern (a literal prefix, searched fast) run at memory
# speed; only the few runs found are checked with the real pattern.
_RUN_MAP = bytes(0x30 if (0x30 <= b <= 0x39 or b >= 0x80) else 0x2D if b in b" \t\x1f-+" else 0x20 for b in range(256))
_RUN = re.compile(rb"000000[0-]*0000")
_RUN_BYTES = (0x30, 0x2D)


def _scan_bytes(path: Path, data: bytes, free_text: FreeText | None = None, where_prefix: str = "rad") -> list[Finding]:
    """`_scan_text` of the decoded file, without running the personnummer pattern over all of it.

    A match's characters all map to "0"/"-", so it lies inside one maximal run of them, and its
    look-around characters are the ASCII bytes just outside the run: checking each run that could
    hold one, with one byte either side, finds exactly what the whole-text pass finds (tested)."""
    findings = []
    mapped = data.translate(_RUN_MAP)
    checked = 0  # end of the last run checked (a run is checked once)
    for candidate in _RUN.finditer(mapped):
        start, end = candidate.start(), candidate.end()
        if start < checked:
            continue
        while start > 0 and mapped[start - 1] in _RUN_BYTES:
            start -= 1
        while end < len(mapped) and mapped[end] in _RUN_BYTES:
            end += 1
        checked = end
        first = max(start - 1, 0)
        window = data[first:end + 1].decode("utf-8", errors="replace")
        for match in _matches(window):
            # a run may hold a line break (U+2028 and U+0085 are non-ASCII): count up to the match itself
            before = data[:first].decode("utf-8", errors="replace") + window[:match.start()]
            number = len(_LINE_BREAK.findall(before)) + 1
            findings.append(Finding(str(path), f"{where_prefix} {number}", f"personnummerliknande sträng {_mask(match.group(0))}"))
    if free_text:
        findings += _scan_free_text(path, data.decode("utf-8", errors="replace"), where_prefix, free_text)
    return sorted(findings, key=lambda f: int(f.where.rsplit(" ", 1)[1]))


# A looser pattern in DuckDB's regular-expression dialect (no look-behind): every string the
# personnummer pattern matches in also matches this one, so it only picks the values to check.
# The pattern's look-arounds become a non-alphanumeric character or the end of the text on either
# side, so a pseudonym's run of hexadecimal digits (b…0123456789…) is not fetched to Python.
# RE2's `\d` and `\s` are ASCII only: the digits of every script are `\p{Nd}` (Python's `\d`), the
# spaces `_SPACE`'s tab, U+001F and `\p{Zs}`.
_PARQUET_CANDIDATE = r"(^|[^0-9A-Za-z])\p{Nd}{6,8}[\t\x{1f}\p{Zs}]*[-+]?[\t\x{1f}\p{Zs}]*\p{Nd}{4}($|[^0-9A-Za-z])"


def _scan_parquet(path: Path, free_text: FreeText | None = None) -> list[Finding]:
    """Every cell of every column as text, in one scan by DuckDB that keeps only the rows where
    some cell could hold a personnummer; those cells are checked here. With `free_text`, every
    distinct text value is compared too."""
    import duckdb

    findings = []
    source = "read_parquet('" + str(path).replace("'", "''") + "')"
    with duckdb.connect() as connection:
        described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        # a date or a boolean written by DuckDB (ÅÅÅÅ-MM-DD, true/false) cannot hold one
        columns = [str(row[0]) for row in described if str(row[1]) not in ("DATE", "BOOLEAN")]
        cells = ['CAST("' + c.replace('"', '""') + '" AS VARCHAR)' for c in columns]
        if cells:
            # per cell: its text when it could hold one, else NULL; rows with nothing to check are dropped
            candidates = [f"CASE WHEN regexp_matches({cell}, $1) THEN {cell} END AS _c{i}" for i, cell in enumerate(cells)]
            rows = connection.execute(
                f"SELECT * FROM (SELECT {', '.join(candidates)} FROM {source}) WHERE NOT ({' AND '.join(f'_c{i} IS NULL' for i in range(len(cells)))})",
                [_PARQUET_CANDIDATE],
            ).fetchall()
            for row in rows:
                for column, value in zip(columns, row):
                    for hit in find_personnummer(value) if value is not None else ():
                        findings.append(Finding(str(path), f"kolumn {column}", f"personnummerliknande sträng {_mask(hit)}"))
        for column, cell in zip(columns, cells) if free_text else ():
            for (value,) in connection.execute(f"SELECT DISTINCT {cell} FROM {source} WHERE {cell} IS NOT NULL").fetchall():
                if free_text.find(value):
                    findings.append(Finding(str(path), f"kolumn {column}", "text ur leveransens namn- eller fritextkolumner"))
    return findings


def _pdf_pages(path: Path) -> list[str]:
    """The text of every page: poppler's pdftotext when installed (fast), else pypdf (pure Python)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        done = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
        if done.returncode == 0:
            return done.stdout.decode("utf-8", errors="replace").split("\f")
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


_PDF_TEXT_FINDINGS: dict[str, tuple[tuple[str, str], ...]] = {}  # content and free-text digest -> (where, reason)


def _scan_pdf(path: Path, free_text: FreeText | None = None) -> list[Finding]:
    """Scanned once per content and free text: the same PDF is often published twice (version folder,
    downloads). The free text is keyed by its values, not by the object's id (which Python reuses once
    an object is gone: a later build's names were then looked up in an earlier build's results)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() + (free_text.digest() if free_text else "")
    if digest not in _PDF_TEXT_FINDINGS:
        found = []
        for page_number, text in enumerate(_pdf_pages(path), start=1):
            found += [(f.where, f.reason) for f in _scan_text(path, text, f"sida {page_number}, rad", free_text)]
        _PDF_TEXT_FINDINGS[digest] = tuple(found)
    return [Finding(str(path), where, reason) for where, reason in _PDF_TEXT_FINDINGS[digest]]


_XML_TAG = re.compile(rb"<[^>]+>")
_XML_ATTRIBUTE_VALUE = re.compile(rb"\"([^\"]*)\"?|'([^']*)'?")  # unclosed: a raw '>' in the value ended the tag
_XML_QUOTED = re.compile(rb"\"([^\"<]*)\"|'([^'<]*)'")  # every attribute value of a part (and any quoted text)


# The line breaks of _LINE_BREAK in UTF-8: a tag's are dropped with the tag, so its values lose them too
_LINE_BREAK_BYTES = re.compile(rb"[\n\r\x0b\x0c\x1c\x1d\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]")


def _tag_text(tag: re.Match[bytes]) -> bytes:
    """A tag as a space holding its attribute values (a hyperlink's target, an image's description, a
    sheet's name), each set apart by NUL bytes so that two values never join into one personnummer,
    on the tag's one line (as the tag itself is read: a space), so that line numbers stay those of
    the text between the tags."""
    values = _XML_ATTRIBUTE_VALUE.findall(_LINE_BREAK_BYTES.sub(b" ", tag.group(0)))
    return b" " + b"".join(b"\x00" + double + single + b"\x00" for double, single in values) + b" "


def _scan_xml(path: Path, data: bytes, free_text: FreeText | None, where_prefix: str) -> list[Finding]:
    """The text between the tags ('>' is never part of a UTF-8 character), so that a value split
    over several tags is found, and the attribute values (a .rels part has nothing else). Reading
    every tag's values is several times slower, so they are read only where the part, tags and all,
    holds a personnummer, or its text and quoted values hold a word that starts a free-text value."""
    text = _XML_TAG.sub(b" ", data)
    findings = _scan_bytes(path, text, free_text, where_prefix)
    words = b"\x00".join([text, *(double + single for double, single in _XML_QUOTED.findall(data))]) if free_text else b""
    if _scan_bytes(path, data) or (free_text and free_text.may_occur(words.decode("utf-8", errors="replace"))):
        # what the values (with the text around them) give that the text alone does not
        more = Counter(_scan_bytes(path, _XML_TAG.sub(_tag_text, data), free_text, where_prefix)) - Counter(findings)
        findings = sorted(findings + list(more.elements()), key=lambda f: int(f.where.rsplit(" ", 1)[1]))
    return findings


def _scan_zip(path: Path, free_text: FreeText | None = None) -> list[Finding]:
    findings = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith((".xml", ".rels")):
                findings += _scan_xml(path, archive.read(name), free_text, f"{name}, rad")
    return findings


def scan_file(path: Path, free_text: FreeText | None = None) -> list[Finding]:
    suffix = path.suffix.lower()
    if suffix in SKIPPED_SUFFIXES:
        return []
    if suffix == ".pdf":
        return _scan_pdf(path, free_text)
    if suffix in ZIP_SUFFIXES:
        return _scan_zip(path, free_text)
    if suffix == ".parquet":
        return _scan_parquet(path, free_text)
    data = path.read_bytes()
    if suffix not in TEXT_SUFFIXES and b"\x00" in data[:4096]:
        return []  # an unknown binary format carries no readable text
    return _scan_bytes(path, data, free_text)


def scan_outputs(folder: Path, free_text: FreeText | None = None) -> list[Finding]:
    """Every personnummer-like string, and every value of the delivery's name and free-text
    columns (`free_text`), in every file under `folder`."""
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        findings += scan_file(path, free_text)
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
