"""The rows of a read-only openpyxl sheet, read straight from the sheet's XML when it has the plain form.

openpyxl builds objects for every cell (about 13 µs a cell: a minute for a national insatser
sheet); `sheet_rows` gives exactly what `worksheet.iter_rows(values_only=True)` gives, reading the
XML text itself when every row and cell has the plain form Excel, LibreOffice and openpyxl write,
and leaving anything else to openpyxl.
"""

from __future__ import annotations

import re

class _Unusual(Exception):
    """Something the fast sheet reader leaves to openpyxl."""


def sheet_rows(worksheet: object) -> list[tuple[object, ...]] | list[list[object]]:
    """`worksheet.iter_rows(min_row=1, values_only=True)` of a read-only openpyxl sheet.

    openpyxl builds objects for every cell (about 13 µs a cell: a minute for a national
    insatser sheet). `_fast_sheet_rows` reads the sheet's XML text directly when every row and
    cell has the plain form Excel, LibreOffice and openpyxl write, using openpyxl's own rules and
    conversions; anything else (formulas, rich text, entities, other attribute orders …) is left
    to openpyxl, so the result is always openpyxl's."""
    try:
        return list(_fast_sheet_rows(worksheet))
    except (_Unusual, AttributeError, ImportError):
        return list(worksheet.iter_rows(min_row=1, values_only=True))  # type: ignore[attr-defined]


_SHEET_DATA = re.compile(rb"<sheetData>(.*)</sheetData>|<sheetData/>", re.S)
_ROW_TAG = re.compile(rb'<row((?: [\w:]+="[^"<>]*")*) ?(/?)>')
_ROW_NUMBER = re.compile(rb' r="([^"]*)"')
_CELL_FORM = (
    rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?'
    rb'(?:/>|>(?:<v>([^<\r]*)</v>|(<is><t(?: xml:space="preserve")?>)([^<\r]*)</t></is>)?</c>)'
)
_CELL = re.compile(_CELL_FORM)
_CELLS = re.compile(b"(?:" + re.sub(rb"\((?!\?)", b"(?:", _CELL_FORM) + b")*")  # a whole row of plain cells
_REFERENCE = re.compile(r"&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));|&")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_text(raw: bytes) -> str:
    """Text content as an XML parser gives it: character and the five predefined references."""
    text = raw.decode("utf-8")
    if "&" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        decimal, hexadecimal, name = match.groups()
        if name:
            return _ENTITIES[name]
        if decimal is None and hexadecimal is None:
            raise _Unusual  # a bare & or another entity: the XML parser decides
        point = int(decimal) if decimal is not None else int(hexadecimal, 16)
        if point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD or 0x10000 <= point <= 0x10FFFF:
            return chr(point)
        raise _Unusual

    return _REFERENCE.sub(replace, text)


def _fast_sheet_rows(worksheet: object) -> list[tuple[object, ...] | list[object]]:
    """openpyxl 3.1's ReadOnlyWorksheet._cells_by_row with WorkSheetParser.parse_row and
    parse_cell (values_only, data_only) over the plain XML forms; raises _Unusual otherwise."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import _cast_number

    book = worksheet.parent  # type: ignore[attr-defined]
    if not book.data_only:
        raise _Unusual
    strings, dates, durations, epoch = worksheet._shared_strings, book._date_formats, book._timedelta_formats, book.epoch  # type: ignore[attr-defined]
    with worksheet._get_source() as source:  # type: ignore[attr-defined]
        xml = source.read()
    head = xml[:200]
    if (b"encoding=" in head and b'encoding="utf-8"' not in head.lower()) or b"<!" in xml[:2000] or xml.count(b"<sheetData") != 1:
        raise _Unusual
    data = _SHEET_DATA.search(xml)
    if data is None:
        raise _Unusual
    body = data.group(1) or b""
    max_col, max_row = worksheet.max_column, worksheet.max_row  # type: ignore[attr-defined]
    empty_row = (None,) * max_col if max_col is not None else []
    columns: dict[bytes, int] = {}
    converted: dict[tuple[bytes, bytes | None, bytes | None], object] = {}
    out: list[tuple[object, ...] | list[object]] = []
    counter, index, row_counter, position, end = 1, 1, 0, 0, len(body)
    while position < end:
        tag = _ROW_TAG.match(body, position)
        if tag is None:
            raise _Unusual  # something between rows: not the plain form
        if tag.group(2):
            content, position = b"", tag.end()
        else:
            close = body.find(b"</row>", tag.end())
            if close < 0:
                raise _Unusual
            content, position = body[tag.end():close], close + len(b"</row>")
        number = _ROW_NUMBER.search(tag.group(1))
        if number is None:
            row_counter += 1
        elif number.group(1).isdigit():
            row_counter = int(number.group(1))
        else:
            raise _Unusual
        index = row_counter
        cells: list[tuple[int, object]] = []
        if not _CELLS.fullmatch(content):
            raise _Unusual  # a formula, rich text …: openpyxl decides
        for letters, style, kind, value, is_tag, inline in _CELL.findall(content):  # b"" for what is absent
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = column_index_from_string(letters.decode("ascii"))
            if kind == b"inlineStr":
                result: object = _xml_text(inline) if is_tag else None
            elif is_tag:
                raise _Unusual
            elif not value:
                result = None
            else:
                key = (value, style, kind)
                if key in converted:
                    result = converted[key]
                else:
                    if not kind or kind == b"n":
                        result = _cast_number(_xml_text(value))
                        if style and int(style) in dates:
                            try:
                                result = from_excel(result, epoch, timedelta=int(style) in durations)
                            except (OverflowError, ValueError):
                                raise _Unusual from None  # openpyxl warns and shows #VALUE!
                    elif kind == b"s":
                        result = strings[int(_xml_text(value))]
                    elif kind == b"b":
                        result = bool(int(_xml_text(value)))
                    elif kind == b"d":
                        result = from_ISO8601(_xml_text(value))
                    else:
                        result = _xml_text(value)
                    if len(converted) < 100_000:
                        converted[key] = result
            cells.append((column, result))
        if max_row is not None and index > max_row:
            break
        while counter < index:  # rows missing from the file
            counter += 1
            out.append(empty_row)
        if counter <= index:
            counter += 1
            if not cells and not max_col:
                out.append(())
                continue
            width = max_col or cells[-1][0]
            row: list[object] = [None] * width
            for column, result in cells:
                if 1 <= column <= width:
                    row[column - 1] = result
            out.append(tuple(row))
    if max_row is not None and max_row < index:
        out.extend(empty_row for _ in range(counter, max_row + 1))
    return out
