"""Reading real-looking exports: encodings, separators, XLSX, empty rows and columns, row numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from suengine.ingest.read import ReadError, decode, normalise_header, read_file


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_semicolon_cp1252_with_swedish_letters(tmp_path: Path) -> None:
    text = "Område;Kostnad;Enhet\r\nÅre älv;1 234,50;Öst\r\n"
    table = read_file(_write(tmp_path, "a.csv", text.encode("cp1252")), "a.csv")
    assert table.encoding == "Windows-1252" and table.separator == ";"
    assert table.header == ["Område", "Kostnad", "Enhet"]
    assert table.rows == [["Åre älv", "1 234,50", "Öst"]]


def test_utf8_with_bom_and_comma_separator(tmp_path: Path) -> None:
    text = 'år,kön,Folkmängd\n2024,kvinnor,"1 234"\n'
    table = read_file(_write(tmp_path, "b.csv", text.encode("utf-8-sig")), "b.csv")
    assert table.encoding == "UTF-8 med BOM" and table.separator == ","
    assert table.header[0] == "år"  # the BOM is not part of the first header
    assert table.rows == [["2024", "kvinnor", "1 234"]]


def test_plain_utf8_and_utf16_tab(tmp_path: Path) -> None:
    plain = read_file(_write(tmp_path, "c.csv", "Ärende;Datum\nA;2024-01-31\n".encode()), "c.csv")
    assert plain.encoding == "UTF-8"
    wide = read_file(_write(tmp_path, "d.csv", "Ärende\tDatum\r\nA\t2024-01-31\r\n".encode("utf-16")), "d.csv")
    assert wide.encoding == "UTF-16 med BOM" and wide.separator == "\t" and wide.rows == [["A", "2024-01-31"]]


def test_encoding_is_never_guessed_silently() -> None:
    assert decode("å".encode())[1] == "utf-8"
    assert decode("å".encode("cp1252"))[1] == "cp1252"
    with pytest.raises(ReadError) as caught:
        decode(b"ok\n\x81\x8d")  # bytes that are neither UTF-8 nor Windows-1252
    assert caught.value.code == "fil_oläslig" and "rad 2" in caught.value.message


def test_trailing_empty_rows_and_columns_and_row_numbers(tmp_path: Path) -> None:
    text = 'Id;Text;\n1;"två\nrader";\n\n2;b;\n;;\n;;\n'
    table = read_file(_write(tmp_path, "e.csv", text.encode()), "e.csv")
    assert table.header == ["Id", "Text"]
    assert table.rows == [["1", "två\nrader"], ["2", "b"]]
    assert table.row_numbers == [2, 5]  # a quoted value spans lines 2–3, line 4 is empty


def test_header_names_compare_without_case_and_whitespace() -> None:
    assert normalise_header("  FB   Klar ") == normalise_header("fb klar") == "fb klar"
    assert normalise_header("\ufeffPersonnr") == "personnr"


def test_empty_file_has_no_header(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read_file(_write(tmp_path, "f.csv", b"\r\n;;\r\n"), "f.csv")
    assert caught.value.code == "fil_tom"


def test_xlsx_cells_keep_types_and_sheet_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Insatser"
    sheet.append([])  # an empty first row: the header is in row 2
    sheet.append([" Insatsnr ", "Startdatum", "Kostnad", None])
    sheet.append(["I1", dt.datetime(2024, 1, 31), 1234.5, None])
    sheet.append([None, None, None, None])
    sheet.append(["I2", 45322, 10, None])
    sheet.append([None, None])
    workbook.create_sheet("Urval").append(["Rapport", "x"])
    path = tmp_path / "g.xlsx"
    workbook.save(path)
    table = read_file(path, "g.xlsx", sheet="insatser")
    assert table.format == "xlsx" and table.sheet == "Insatser" and table.header_row == 2
    assert table.header == ["Insatsnr", "Startdatum", "Kostnad"]
    assert table.rows == [["I1", dt.datetime(2024, 1, 31), 1234.5], ["I2", 45322, 10]]
    assert table.row_numbers == [3, 5]
    assert [code for code, _ in table.notes] == ["flera_blad"]


def test_missing_sheet_and_broken_workbook(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Blad1"
    path = tmp_path / "h.xlsx"
    workbook.save(path)
    with pytest.raises(ReadError) as caught:
        read_file(path, "h.xlsx", sheet="Insatser")
    assert caught.value.code == "blad_saknas" and "'Blad1'" in caught.value.message
    broken = _write(tmp_path, "i.xlsx", b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError) as caught:
        read_file(broken, "i.xlsx")
    assert caught.value.code == "fil_oläslig"


def test_values_per_line_are_counted_as_the_c_parser_splits_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Separators + 1 per line, lines ended by \\n, \\r\\n or a lone \\r, also across the pieces the
    text is counted in (a tiny piece size here, so lines and \\r\\n pairs straddle them)."""
    import random
    import re

    import suengine.ingest.read as read

    monkeypatch.setattr(read, "FIELD_COUNT_CHARS", 16)
    rng = random.Random(11)
    for _ in range(500):
        text = "".join(rng.choice([";", "a", "å", "\n", "\r\n", "\r", ";;", "bb"]) for _ in range(rng.randint(0, 80)))
        lines = re.split("\r\n|\r|\n", text)
        if lines and lines[-1] == "":
            lines.pop()  # a final line break ends the last line; it does not start another
        counted = read._fields_per_line(text, ";", len(lines)).tolist()
        assert counted == [line.count(";") + 1 for line in lines], repr(text)
