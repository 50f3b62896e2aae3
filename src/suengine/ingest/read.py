"""Read one delivered file (CSV or XLSX) into rows of raw cells, keeping file row numbers.

Nothing is guessed silently: the encoding is found by trying strict UTF-8 first (with or
without BOM; UTF-16 with BOM as Excel's "Unicode text" writes it) and then Windows-1252, and
the encoding and separator used are reported in the quality summary. Row numbers are as in
the file, header = row 1, so a user can find a reported row in Excel. Empty rows (also
trailing `;;;;` rows) and empty trailing columns are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 med BOM",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16 med BOM",
}
SEPARATORS = (";", "\t", ",")  # order breaks ties: Swedish Excel writes ';'
SEPARATOR_NAMES = {";": "semikolon (;)", ",": "komma (,)", "\t": "tabb"}


class ReadError(Exception):
    """The file cannot be read at all; the message is Swedish."""

    def __init__(self, code: str, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.row = row


@dataclass
class RawTable:
    file: str  # name shown in messages (relative to the delivery)
    header: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    header_row: int = 1
    format: str = "csv"
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (reason code, Swedish message)


def normalise_header(name: object) -> str:
    """Compare column names ignoring case, BOM and runs of whitespace."""
    return " ".join(str(name if name is not None else "").replace("\ufeff", " ").split()).casefold()


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec) — strict UTF-8 first, then Windows-1252; raise ReadError if neither fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "cp1252"]
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            error = exc
    line = data.count(b"\n", 0, error.start) + 1
    raise ReadError(
        "fil_oläslig",
        f"Filen går inte att läsa som UTF-8 eller Windows-1252 (byte 0x{data[error.start]:02x} på rad {line}). "
        "Spara om den som CSV (UTF-8).",
        row=line,
    )


def sniff_separator(text: str) -> str:
    """The separator that splits the header line into the most columns."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ";", 1
    for candidate in SEPARATORS:
        count = len(next(csv.reader([first], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best


def _trim(cells: list[object]) -> list[object]:
    end = len(cells)
    while end and (cells[end - 1] is None or str(cells[end - 1]).strip() == ""):
        end -= 1
    return list(cells[:end])


def _table(file: str, records: list[tuple[int, list[object]]], **meta: object) -> RawTable:
    records = [(number, _trim(cells)) for number, cells in records]
    records = [(number, cells) for number, cells in records if cells]
    if not records:
        raise ReadError("fil_tom", "Filen är tom: den saknar rubrikrad.")
    header_row, header = records[0]
    return RawTable(
        file=file,
        header=["" if h is None else str(h).replace("\ufeff", "").strip() for h in header],
        rows=[cells for _, cells in records[1:]],
        row_numbers=[number for number, _ in records[1:]],
        header_row=header_row,
        **meta,  # type: ignore[arg-type]
    )


def read_csv(path: Path, display: str) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("fil_oläslig", f"Filen går inte att öppna: {exc.strerror or exc}.") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("fil_oläslig", "Filen är ingen textfil (CSV). Spara om den som CSV eller XLSX.")
    text, codec = decode(data)
    text = text.lstrip("\ufeff")
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records: list[tuple[int, list[object]]] = []
    try:
        start = 1
        for cells in reader:
            records.append((start, list(cells)))
            start = reader.line_num + 1  # a quoted value may span lines
    except csv.Error as exc:
        raise ReadError("fil_oläslig", f"Filen är ingen giltig CSV nära rad {reader.line_num}: {exc}.", row=reader.line_num) from None
    return _table(display, records, format="csv", encoding=ENCODING_NAMES[codec], separator=separator)


def read_xlsx(path: Path, display: str, sheet: str | None = None) -> RawTable:
    from openpyxl import load_workbook  # imported here: only XLSX deliveries need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError("fil_oläslig", f"Filen går inte att öppna som Excel-arbetsbok (.xlsx): {exc}.") from None
    try:
        names = workbook.sheetnames
        if sheet is not None:
            match = [n for n in names if normalise_header(n) == normalise_header(sheet)]
            if not match:
                listed = ", ".join(f"'{n}'" for n in names)
                raise ReadError("blad_saknas", f"Arbetsbladet '{sheet}' finns inte; arbetsboken har {listed}.")
            chosen = match[0]
        else:
            chosen = names[0]
        notes = []
        if len(names) > 1:
            others = ", ".join(f"'{n}'" for n in names if n != chosen)
            notes.append(("flera_blad", f"Arbetsboken har {len(names)} blad; bladet '{chosen}' lästes, {others} lästes inte."))
        worksheet = workbook[chosen]
        records = [
            (number, list(cells)) for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        workbook.close()
    table = _table(display, records, format="xlsx", sheet=chosen)
    table.notes.extend(notes)
    return table


def read_file(path: Path, display: str, sheet: str | None = None) -> RawTable:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, display, sheet)
    return read_csv(path, display)
