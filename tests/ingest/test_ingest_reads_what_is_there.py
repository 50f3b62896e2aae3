"""Ingest reads what the file holds, not what it claims: sheets beyond <dimension>, short rows, unclosed
quotes at their line, UTF-16 without BOM, dates before birth, and `--ut` never deletes the user's files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from ingest_helpers import AKT_CSV, BARN_CSV, INS_CSV, UTR_CSV, dash, pnr
from openpyxl import Workbook

from suengine.errors import SuengineError
from suengine.ingest import ingest_delivery
from suengine.ingest.output import write_output
from suengine.ingest.read import read_csv, read_xlsx

GOOD = {"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV}


def _with_dimension(rows: list[list[object]], ref: str) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), content)
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize("ref", ["A1:C2", "A1"])
def test_xlsx_rows_and_columns_beyond_the_dimension_are_read(tmp_path: Path, ref: str) -> None:
    path = tmp_path / "blad.xlsx"
    path.write_bytes(_with_dimension([["a", "b", "c"], [1, 2, 3], [4, 5, 6], [7, 8, 9]], ref))
    table = read_xlsx(path, "blad.xlsx")
    assert table.header == ["a", "b", "c"]
    assert table.rows == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert table.row_numbers == [2, 3, 4]


@pytest.mark.parametrize("text", ["a;b;c\n1;2;3\n4;5\n6;7;8\n", 'a;b;c\n1;2;"3"\n4;5\n6;7;8\n'])  # fast and csv-module paths
def test_csv_rows_with_fewer_values_than_the_header_are_counted(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    table = read_csv(path, "f.csv")
    assert table.fields.tolist() == [3, 2, 3]
    assert table.row_numbers == [2, 3, 4]


def test_a_row_cut_short_is_rejected_with_its_line(delivery) -> None:
    result = ingest_delivery(delivery({**GOOD, "aktualiseringar.csv": AKT_CSV[:-12]}))
    rows = result.problems[result.problems["orsakskod"] == "fel_antal_kolumner"]
    assert rows[["fil", "rad"]].values.tolist() == [["aktualiseringar.csv", 3]]
    assert "avkortad" in rows["meddelande"].iloc[0]


def test_an_unclosed_quote_is_reported_at_the_line_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('a;b\n1;2\n"3;4\n5;6\n7;8\n9;10\n', encoding="utf-8")
    with pytest.raises(Exception) as caught:
        read_csv(path, "f.csv")
    assert caught.value.row == 3 and "rad 3" in caught.value.message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_utf16(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("Namn;Ort\nÅsa;Göteborg\n".encode(codec))
    table = read_csv(path, "f.csv")
    assert table.header == ["Namn", "Ort"] and table.rows == [["Åsa", "Göteborg"]]
    assert "UTF-16" in table.encoding


def test_an_event_before_the_childs_birth_is_rejected(delivery) -> None:
    result = ingest_delivery(delivery({**GOOD, "aktualiseringar.csv": AKT_CSV.replace("2024-01-10", "2012-01-10")}))
    rows = result.problems[result.problems["orsakskod"] == "före_födelse"]
    assert rows[["fil", "rad", "fält"]].values.tolist() == [["aktualiseringar.csv", 2, "datum"]]
    assert len(result.case_data.tables["aktualisering"]) == 1


def test_a_derived_field_is_named_by_its_field_not_an_empty_column(delivery) -> None:
    barn = BARN_CSV + f"{dash(pnr(2026, 6, 1))};Född efter uttaget;K\n"  # födelsedatum is derived from the personnummer
    problems = ingest_delivery(delivery({**GOOD, "barn.csv": barn})).problems
    late = problems[(problems["orsakskod"] == "datum_efter_uttag") & (problems["fält"] == "födelsedatum")]
    assert len(late) == 1 and late["meddelande"].iloc[0].startswith("Fältet födelsedatum:")
    assert not problems["meddelande"].str.contains("Kolumnen ''").any()


def test_files_the_user_put_in_an_earlier_output_are_never_deleted(delivery, tmp_path: Path) -> None:
    target = tmp_path / "ut"
    write_output(ingest_delivery(delivery(GOOD)), target)
    (target / "mina_anteckningar.txt").write_text("behåll mig", encoding="utf-8")
    with pytest.raises(SuengineError, match="mina_anteckningar.txt"):
        write_output(ingest_delivery(delivery(GOOD)), target)
    assert (target / "mina_anteckningar.txt").read_text(encoding="utf-8") == "behåll mig"
    (target / "mina_anteckningar.txt").unlink()
    write_output(ingest_delivery(delivery(GOOD)), target)  # an output holding only what ingest wrote is replaced
    assert (target / "leverans.yml").is_file()
