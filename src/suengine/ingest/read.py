"""Read one delivered file (CSV or XLSX) into rows of raw cells, keeping file row numbers.

Nothing is guessed silently: the encoding is found by trying strict UTF-8 first (with or
without BOM; UTF-16 with BOM as Excel's "Unicode text" writes it) and then Windows-1252, and
the encoding and separator used are reported in the quality summary. Row numbers are as in
the file, header = row 1, so a user can find a reported row in Excel. Empty rows (also
trailing `;;;;` rows) and empty trailing columns are skipped.

A table is held by column, each as its distinct cells and one code per row (`RawColumn`):
deliveries repeat dates and codes thousands of times, so everything downstream works once per
distinct cell and then on whole columns. CSV text without quote characters (the common case,
and a national delivery's 200 MB) is split by pandas' C parser; text with quotes, where a value
may span lines and row numbers must follow the file, goes through the csv module.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from suengine.ingest.xlsx_rows import sheet_rows

ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 med BOM",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16 med BOM",
    "utf-16-le": "UTF-16 (little endian, utan BOM)",
    "utf-16-be": "UTF-16 (big endian, utan BOM)",
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
class RawColumn:
    """The cells of one column: `values` are the distinct cells (distinct by type and value, so
    an Excel 1 and 1.0 and '1' stay apart), `codes` index them per row; -1 = the row has no cell."""

    codes: np.ndarray
    values: list[object]

    def cells(self) -> list[object]:
        table = np.array([*self.values, None], dtype=object)
        return table[self.codes].tolist()


@dataclass
class RawTable:
    file: str  # name shown in messages (relative to the delivery)
    header: list[str]
    columns: list[RawColumn]  # one per position, also positions beyond the header
    row_numbers: list[int]
    lengths: np.ndarray  # cells per row, trailing empty cells not counted
    header_row: int = 1
    format: str = "csv"
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (reason code, Swedish message)
    fields: np.ndarray | None = None  # CSV: values per row as delivered (separators + 1), empty ones included

    @property
    def n_rows(self) -> int:
        return len(self.row_numbers)

    def column(self, position: int) -> RawColumn:
        if position < len(self.columns):
            return self.columns[position]
        return RawColumn(np.full(self.n_rows, -1, dtype=np.int64), [])

    @cached_property
    def rows(self) -> list[list[object]]:
        """Row by row, as read (trailing empty cells dropped) — for tests and small tools."""
        cells = [c.cells() for c in self.columns]
        return [[column[i] for column in cells[:length]] for i, length in enumerate(self.lengths.tolist())]


def normalise_header(name: object) -> str:
    """Compare column names ignoring case, BOM and runs of whitespace."""
    return " ".join(str(name if name is not None else "").replace("\ufeff", " ").split()).casefold()


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the text is plainly UTF-16 without a BOM (every other byte zero)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec) — strict UTF-8 first, then Windows-1252; raise ReadError if neither fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif utf16_without_bom(data):
        candidates = [str(utf16_without_bom(data))]
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
    tried = "UTF-16" if candidates[0].startswith("utf-16") else "UTF-8 eller Windows-1252"
    raise ReadError(
        "fil_oläslig",
        f"Filen går inte att läsa som {tried} (byte 0x{data[error.start]:02x} på rad {line}). "
        "Spara om den som CSV (UTF-8).",
        row=line,
    )


_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines' boundaries


def _first_line(text: str) -> str:
    """`next((line for line in text.splitlines() if line.strip()), "")` without splitting it all."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        if text[start:match.start()].strip():
            return text[start:match.start()]
        start = match.end()
    return text[start:] if text[start:].strip() else ""


def sniff_separator(text: str) -> str:
    """The separator that splits the header line into the most columns."""
    first = _first_line(text)
    best, best_count = ";", 1
    for candidate in SEPARATORS:
        count = len(next(csv.reader([first], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best


def _is_empty(value: object) -> bool:
    return value is None or str(value).strip() == ""


def _trim(cells: list[object]) -> list[object]:
    end = len(cells)
    while end and _is_empty(cells[end - 1]):
        end -= 1
    return list(cells[:end])


def _columns_from_records(rows: list[list[object]]) -> list[RawColumn]:
    width = max((len(r) for r in rows), default=0)
    columns = []
    for position in range(width):
        index: dict[tuple[type, object], int] = {}
        values: list[object] = []
        codes = np.empty(len(rows), dtype=np.int64)
        for i, cells in enumerate(rows):
            cell = cells[position] if position < len(cells) else None
            if cell is None:
                codes[i] = -1
                continue
            key = (type(cell), cell)
            code = index.get(key)
            if code is None:
                code = index[key] = len(values)
                values.append(cell)
            codes[i] = code
        columns.append(RawColumn(codes, values))
    return columns


def _header(cells: list[object]) -> list[str]:
    return ["" if h is None else str(h).replace("\ufeff", "").strip() for h in cells]


def _table(file: str, records: list[tuple[int, list[object]]], count_fields: bool = False, **meta: object) -> RawTable:
    delivered = [(number, _trim(cells), len(cells)) for number, cells in records]
    delivered = [(number, cells, n) for number, cells, n in delivered if cells]
    if not delivered:
        raise ReadError("fil_tom", "Filen är tom: den saknar rubrikrad.")
    records = [(number, cells) for number, cells, _ in delivered]
    header_row, header = records[0]
    rows = [cells for _, cells in records[1:]]
    if count_fields:
        meta["fields"] = np.array([n for _, _, n in delivered[1:]], dtype=np.int64)
    return RawTable(
        file=file,
        header=_header(header),
        columns=_columns_from_records(rows),
        row_numbers=[number for number, _ in records[1:]],
        lengths=np.array([len(r) for r in rows], dtype=np.int64),
        header_row=header_row,
        **meta,  # type: ignore[arg-type]
    )


CHUNK_ROWS = 100_000  # rows parsed at a time by the C parser (bounds the memory of a national file)


def _factorized_chunks(utf8: io.BytesIO, separator: str, width: int) -> tuple[list[np.ndarray], list[list[object]], int]:
    """Per column: codes per line and the distinct cells, through the C parser in chunks.

    The parser reads the text as UTF-8 bytes: given a str it would hold it in a StringIO, four
    bytes per character (0.8 GB for a national file)."""
    reader = pd.read_csv(
        utf8, encoding="utf-8", sep=separator, header=None, names=range(width), dtype=object, na_filter=False,
        skip_blank_lines=False, quoting=csv.QUOTE_NONE, engine="c", chunksize=CHUNK_ROWS,
    )
    parts: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(width)]
    lines = 0
    with reader:
        for chunk in reader:
            lines += len(chunk)
            for position in range(width):
                parts[position].append(pd.factorize(chunk[position].to_numpy(dtype=object), use_na_sentinel=True))
    codes, values = [], []
    for chunks in parts:
        if not chunks:
            codes.append(np.zeros(0, np.int64))
            values.append([])
            continue
        # one code per distinct cell over all chunks: factorize the chunks' distinct cells again
        merged, distinct = pd.factorize(np.concatenate([u for _, u in chunks]), use_na_sentinel=True)
        offsets = np.cumsum([0, *(len(u) for _, u in chunks)])
        column = np.concatenate([
            np.where(c < 0, -1, np.append(merged[offsets[i]:offsets[i + 1]], -1)[c]) for i, (c, _) in enumerate(chunks)
        ]).astype(np.int32)  # half the memory of int64 codes; a file has far fewer distinct cells
        codes.append(column)
        values.append(list(distinct))
    return codes, values, lines


FIELD_COUNT_CHARS = 1 << 22  # text counted at a time, so a national file needs no file-sized arrays


def _fields_per_line(text: str, separator: str, lines: int) -> np.ndarray:
    """Values per line as delivered (separators + 1) for text without quotes, lines split as the C
    parser splits them (\\n, \\r\\n or \\r): the parser pads a short line with empty values."""
    counts = np.zeros(lines, dtype=np.int64)
    sep, line, position, size = ord(separator), 0, 0, len(text)
    while position < size and line < lines:
        end = min(position + FIELD_COUNT_CHARS, size)
        while end < size and text[end - 1] == "\r":
            end += 1  # keep \r\n together (and never end a piece on a \r that the next piece might pair)
        raw = np.frombuffer(text[position:end].encode("utf-8"), dtype=np.uint8)  # separators and breaks are ASCII
        breaks = np.flatnonzero(raw == 10)
        returns = np.flatnonzero(raw == 13)
        if returns.size:  # a lone \r ends a line too; in \r\n only the \n counts
            lone = returns[(returns + 1 >= raw.size) | (raw[np.minimum(returns + 1, raw.size - 1)] != 10)]
            breaks = np.union1d(breaks, lone)
        # separators per line of this piece: sums between line starts (a trailing 0 keeps every segment non-empty)
        found = np.add.reduceat(np.append(raw == sep, False).astype(np.int64), np.append(0, breaks + 1))
        stop = min(line + len(found), lines)
        counts[line:stop] += found[: stop - line]
        line += int(breaks.size)
        position = end
    return counts + 1


_NEWLINE = re.compile("\r\n|\r|\n")  # the lines of io.StringIO(text, newline="")


def _first_lines(text: str, count: int) -> Iterator[str]:
    """The first `count` lines as io.StringIO(text, newline="") gives them, without copying the text."""
    start = 0
    for match in _NEWLINE.finditer(text):
        if not count:
            return
        yield text[start:match.end()]
        start, count = match.end(), count - 1
    if count and start < len(text):
        yield text[start:]


def _table_from_text(file: str, text: str, utf8: io.BytesIO | None = None, **meta: object) -> RawTable | None:
    """The C parser's reading of text without quote characters (then every line is one row and
    splitting on the separator is all the csv module would do); None if it does not apply.
    `utf8`: the same text encoded as UTF-8, when the caller has it already."""
    if '"' in text or "\x00" in text:
        return None
    separator = str(meta["separator"])
    width = max((line.count(separator) + 1 for line in _first_lines(text, 100)), default=1)
    try:
        all_codes, all_values, lines = _factorized_chunks(utf8 or io.BytesIO(text.encode("utf-8")), separator, width)
    except (pd.errors.ParserError, ValueError):
        return None  # e.g. a row with more values than the first ones: the csv module reports it
    columns, filled = [], np.zeros((width, lines), dtype=bool)
    for position, (codes, values) in enumerate(zip(all_codes, all_values)):
        blank = np.array([*(v.strip() == "" for v in values), True])
        columns.append(RawColumn(codes, values))
        filled[position] = ~blank[codes]
    # cells per row without trailing empty ones: one past the last filled position
    lengths = np.where(filled.any(axis=0), width - np.argmax(filled[::-1], axis=0), 0) if lines else np.zeros(0, np.int64)
    kept = np.flatnonzero(lengths > 0)
    if not kept.size:
        raise ReadError("fil_tom", "Filen är tom: den saknar rubrikrad.")
    head, rows = kept[0], kept[1:]
    header = [c.values[c.codes[head]] if c.codes[head] >= 0 else None for c in columns[: lengths[head]]]
    del all_codes, all_values, filled
    data = []
    for position in range(int(lengths[rows].max()) if rows.size else 0):
        column, columns[position] = columns[position], None  # each column's line codes are freed once remapped
        codes = column.codes[rows]
        used = np.bincount(codes + 1, minlength=len(column.values) + 1)[1:] > 0
        remap = np.full(len(column.values) + 1, -1, dtype=np.int32)
        remap[np.flatnonzero(used)] = np.arange(int(used.sum()))
        data.append(RawColumn(remap[codes], [v for v, u in zip(column.values, used) if u]))
        del column, codes
    fields = _fields_per_line(text, separator, lines)
    return RawTable(
        file=file,
        header=_header(header),
        columns=data,
        row_numbers=(rows + 1).tolist(),
        lengths=lengths[rows].astype(np.int64),
        header_row=int(head) + 1,
        fields=fields[rows].astype(np.int64),
        **meta,  # type: ignore[arg-type]
    )


def read_csv(path: Path, display: str) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("fil_oläslig", f"Filen går inte att öppna: {exc.strerror or exc}.") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not utf16_without_bom(data):
        raise ReadError("fil_oläslig", "Filen är ingen textfil (CSV). Spara om den som CSV eller XLSX.")
    decoded, codec = decode(data)
    text = decoded.lstrip("\ufeff")
    separator = sniff_separator(text)
    meta = {"format": "csv", "encoding": ENCODING_NAMES[codec], "separator": separator}
    utf8 = None
    if codec in ("utf-8", "utf-8-sig"):  # the file's own bytes after the byte order marks (3 bytes each)
        utf8 = io.BytesIO(data)
        utf8.seek(3 * (len(decoded) - len(text) + (codec == "utf-8-sig")))
    del data, decoded
    fast = _table_from_text(display, text, utf8, **meta)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records: list[tuple[int, list[object]]] = []
    try:
        start = 1
        for cells in reader:
            records.append((start, list(cells)))
            start = reader.line_num + 1  # a quoted value may span lines
    except csv.Error as exc:
        raise ReadError("fil_oläslig", f"Filen är ingen giltig CSV på rad {start}: {exc}.", row=start) from None
    _check_last_record(text, separator, records)
    return _table(display, records, count_fields=True, **meta)


def _check_last_record(text: str, separator: str, records: list[tuple[int, list[object]]]) -> None:
    """A quote that is never closed swallows the rest of the file into one value: say on which line it opened."""
    if not records or '"' not in text:
        return
    start = records[-1][0]
    offset = 0
    for _ in range(start - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return
    try:
        list(csv.reader(io.StringIO(text[offset:], newline=""), delimiter=separator, strict=True))
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise ReadError(
                "fil_oläslig",
                f"Citattecknet på rad {start} stängs aldrig, så resten av filen blir ett enda värde. "
                "Ta bort eller stäng citattecknet och spara om filen.",
                row=start,
            ) from None


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
        # the sheet's <dimension> may be wrong (some exporters write A1:M2 over thousands of rows):
        # read every row and cell that is there instead of trusting it
        reset = getattr(worksheet, "reset_dimensions", None)
        if reset is not None:
            reset()
        records = [(number, list(cells)) for number, cells in enumerate(sheet_rows(worksheet), start=1)]
    finally:
        workbook.close()
    table = _table(display, records, format="xlsx", sheet=chosen)
    table.notes.extend(notes)
    return table


def read_file(path: Path, display: str, sheet: str | None = None) -> RawTable:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, display, sheet)
    return read_csv(path, display)
