"""Export files as bytes: CSV as csv.writer writes it, and an XLSX workbook written directly (fast, byte-stable)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import TextIO
from xml.sax.saxutils import escape

import numpy as np

from suengine.demo.export_format import FIXED_TIME, ExportFile
from suengine.demo.people import EXTRACTION, MISSING, day


def write_csv(handle: TextIO, columns: dict[str, np.ndarray], spec: ExportFile) -> None:
    """Minimal quoting and CRLF as csv.writer; plain joins where nothing needs quotes."""
    data = [columns[name] for name in spec.columns]
    n = len(data[0])
    if spec.empty_column:
        data.append(np.full(n, "", dtype=object))
    separator = spec.separator
    writer = csv.writer(handle, delimiter=separator, lineterminator="\r\n")
    writer.writerow(list(spec.columns) + ([""] if spec.empty_column else []))
    quoted = any(any(c in "\x00".join(column.tolist()) for c in (separator, '"', "\r", "\n")) for column in data)
    step = 200_000
    for start in range(0, n, step):
        rows = zip(*(column[start:start + step].tolist() for column in data))
        if quoted:
            writer.writerows(rows)
        else:
            handle.write("\r\n".join(map(separator.join, rows)) + "\r\n")
    for _ in range(spec.empty_rows):
        writer.writerow([""] * len(spec.columns))


def csv_bytes(columns: dict[str, np.ndarray], spec: ExportFile) -> bytes:
    buffer = io.StringIO()
    write_csv(buffer, columns, spec)
    return buffer.getvalue().encode(spec.encoding)


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and fixed document dates, so equal input → equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = dt.datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def xlsx_bytes(columns: dict[str, np.ndarray], spec: ExportFile, creator: str) -> bytes:
    """One data sheet (dates as date cells yyyy-mm-dd, every 40th value of the first date column an
    unformatted Excel serial, as when a cell lost its format) and an 'Urval' sheet. openpyxl writes
    the workbook around the sheet; the rows are written here directly (openpyxl takes a minute for
    the 1.7 million cells of the riket scale). Day-number columns (int64) are dates, float columns
    numbers, the rest text."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spec.sheet or "Blad1")
    sheet.append([EXTRACTION])  # only to register the date style; the rows are replaced below
    about = workbook.create_sheet("Urval")
    about.append(["Rapport", "IFO Barn och unga – beviljade insatser"])
    about.append(["Uttagsdatum", EXTRACTION])
    fixed = dt.datetime(*FIXED_TIME)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = creator
    buffer = io.BytesIO()
    workbook.save(buffer)
    skeleton = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = skeleton.read("xl/worksheets/sheet1.xml").decode("utf-8")
    date_style = re.search(r'<c r="A1" s="(\d+)"', xml).group(1)  # type: ignore[union-attr]

    names = list(spec.columns)
    n = len(columns[names[0]])
    rows = np.arange(2, n + 2).astype(str).astype(object)
    serial_epoch = day(dt.date(1899, 12, 30))
    first_date = next((name for name in names if columns[name].dtype == np.int64), None)
    cells = []
    for index, name in enumerate(names):
        letter, values = _letter(index), columns[name]
        if values.dtype == np.int64:
            serial = np.where(values == MISSING, -1, values - serial_epoch).astype(str).astype(object)
            style = np.full(n, f'" s="{date_style}" t="n"><v>', dtype=object)
            if name == first_date:
                style[np.arange(n) % 40 == 7] = '" t="n"><v>'  # an unformatted date cell: Excel serial
            cell = '<c r="' + letter + rows + style + serial + "</v></c>"
            cell[values == MISSING] = ""
        elif values.dtype == np.float64:
            known = ~np.isnan(values)
            text = np.full(n, "", dtype=object)
            text[known] = [f"{v:.0f}" if v.is_integer() else repr(v) for v in values[known].tolist()]
            cell = '<c r="' + letter + rows + '" t="n"><v>' + text + "</v></c>"
            cell[~known] = ""
        else:
            text = {v: escape(v) for v in set(values.tolist())}
            cell = '<c r="' + letter + rows + '" t="inlineStr"><is><t>' + np.array([text[v] for v in values.tolist()], dtype=object) + "</t></is></c>"
            cell[values == ""] = ""
        cells.append(cell)
    header = "".join(f'<c r="{_letter(i)}1" t="inlineStr"><is><t>{escape(name)}</t></is></c>' for i, name in enumerate(names))
    body = io.StringIO()
    body.write(f'<sheetData><row r="1">{header}</row>')
    for start in range(0, n, 100_000):
        part = slice(start, start + 100_000)
        body.write("".join(f'<row r="{r}">{"".join(c)}</row>' for r, *c in zip(rows[part].tolist(), *(cell[part].tolist() for cell in cells))))
    body.write("</sheetData>")
    xml = re.sub(r"<sheetData>.*</sheetData>", lambda _: body.getvalue(), xml, flags=re.S)
    # the used range, as Excel (and openpyxl in normal mode) write it
    xml = xml.replace("<sheetViews>", f'<dimension ref="A1:{_letter(len(names) - 1)}{n + 1}"/><sheetViews>', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in skeleton.infolist():
            target.writestr(info, xml.encode("utf-8") if info.filename == "xl/worksheets/sheet1.xml" else skeleton.read(info.filename))
    return deterministic_zip(out.getvalue())
