"""What ingest writes: no identifiers anywhere, a folder the engine can read, all or nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import A, AKT_CSV, B, BARN_CSV, C, INS_CSV, TEST_KEY, UTR_CSV, dash, short, text_of

from suengine.errors import SuengineError
from suengine.ingest import DeliveryRejected, ingest_delivery
from suengine.ingest import output as output_module
from suengine.ingest.output import write_output
from suengine.publish.privacy import find_personnummer

Make = Callable[..., Path]
NAMES = ("Alva Testsson", "Nils Provsson", "Saga Exempel", "Hemliga Handläggaren", "Lillebror")
BROAD_PNR = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?\d{4}(?!\d)")


def _sensitive_delivery(delivery: Make) -> Path:
    akt = AKT_CSV.replace("Prio\n", "Prio;Handläggare;Anteckning;Okänd extra\n")
    lines = akt.splitlines()
    lines[1] += f";Hemliga Handläggaren;Lillebror {dash(B)} ringde;{short(C)}"
    lines[2] += ";Hemliga Handläggaren;;"
    lines.append(f"A3;{short(A)};{dash(A)};ANM;POL;11;MOTT;;;2;;;")  # a personnummer in a date column
    return delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": "\n".join(lines) + "\n", "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV})


def test_no_personnummer_name_or_key_in_any_output_file(delivery: Make, tmp_path: Path) -> None:
    result = ingest_delivery(_sensitive_delivery(delivery))
    out = tmp_path / "ut"
    write_output(result, out)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.name for p in files} >= {"barn.csv", "barn.parquet", "insats.csv", "leverans.yml", "problem.csv", "kvalitet_sammanfattning.csv"}
    for path in files:
        text = text_of(path)
        assert not find_personnummer(text), path
        assert not BROAD_PNR.search(text), path
        for secret in (*NAMES, TEST_KEY, A, B, C, A[2:], B[2:], C[2:]):
            assert secret not in text, (path, secret)
    problems = pd.read_csv(out / "kvalitet" / "problem.csv", dtype=str)
    masked = problems[problems["orsakskod"] == "ogiltigt_datum"].iloc[0]
    assert masked["värde"] == "ÅÅÅÅMMDD-XXXX" and "ÅÅÅÅMMDD-XXXX" in masked["meddelande"]
    unmapped = problems[problems["orsakskod"] == "okänd_kolumn"]["kolumn"].tolist()
    assert unmapped == ["Okänd extra"]  # by name only; Handläggare and Anteckning are släpp-columns


def test_output_folder_is_readable_as_case_data(delivery: Make, tmp_path: Path) -> None:
    from suengine.casedata import folder as casedata_csv  # in the repository: a broken import must fail, not skip
    from suengine.ingest import ingest_delivery as ingest

    result = ingest(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV}))
    write_output(result, tmp_path / "ut")
    again = casedata_csv.read_case_data(tmp_path / "ut")
    assert again.extraction_date == result.case_data.extraction_date and again.municipality == "Testby kommun"
    for name, table in result.case_data.tables.items():
        pd.testing.assert_frame_equal(again.tables[name], table, check_dtype=True)


def _previous_output(delivery: Make, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "ut"
    write_output(ingest_delivery(delivery({"barn.csv": BARN_CSV})), out)
    return out, {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_failed_write_leaves_the_previous_output_untouched(delivery: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = _previous_output(delivery, tmp_path)
    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV}))

    def half_written(result: object, folder: Path) -> None:
        (folder / "barn.csv").write_text("halvfärdig\n")
        raise OSError("disken är full")

    monkeypatch.setattr(output_module, "write_folder", half_written)
    with pytest.raises(OSError):
        write_output(result, out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".ut")) == []  # no staging left behind


def test_rejected_delivery_writes_nothing(delivery: Make, tmp_path: Path) -> None:
    from suengine.cli import main

    out, before = _previous_output(delivery, tmp_path)
    broken = delivery({"barn.csv": BARN_CSV.replace("Personnummer", "Pnr")})
    assert main(["ingest", str(broken), "--ut", str(out)]) == 1
    assert _snapshot(out) == before


def test_unrelated_folder_is_never_replaced(delivery: Make, tmp_path: Path) -> None:
    precious = tmp_path / "mina_dokument"
    precious.mkdir()
    (precious / "viktigt.txt").write_text("behåll mig")
    with pytest.raises(SuengineError, match="ser inte ut som utdata"):
        write_output(ingest_delivery(delivery({"barn.csv": BARN_CSV})), precious)
    assert (precious / "viktigt.txt").read_text() == "behåll mig"


def test_rejected_delivery_carries_all_problems(delivery: Make) -> None:
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(delivery({"aktualiseringar.csv": AKT_CSV.replace("Inkom", "Inkommen")}))
    stops = caught.value.problems[caught.value.problems["nivå"] == "fel"]
    assert sorted(stops["orsakskod"]) == ["fil_saknas", "kolumn_saknas"]


def test_engine_reads_the_parquet_files_and_a_csv_changed_afterwards_wins(delivery: Make, tmp_path: Path) -> None:
    import os

    from suengine.casedata.folder import read_case_data

    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV}))
    out = tmp_path / "ut"
    write_output(result, out)
    columnar = read_case_data(out)
    assert set(columnar.files) == {n for n, t in result.case_data.tables.items()}
    assert columnar.columns("aktualisering") == list(result.case_data.tables["aktualisering"].columns)
    for name, table in result.case_data.tables.items():
        pd.testing.assert_frame_equal(columnar.tables[name], table, check_dtype=True)
    for name in ("barn", "aktualisering"):
        (out / f"{name}.parquet").unlink()
    from_csv = read_case_data(out)
    assert "barn" not in from_csv.files and "utredning" in from_csv.files
    for name, table in result.case_data.tables.items():
        pd.testing.assert_frame_equal(from_csv.tables[name], table, check_dtype=True)
    # a CSV edited after ingest is read instead of the (older) Parquet file beside it
    edited = out / "utredning.csv"
    later = (out / "utredning.parquet").stat().st_mtime + 60
    os.utime(edited, (later, later))
    assert "utredning" not in read_case_data(out).files


def test_a_parquet_file_with_the_wrong_types_is_refused(delivery: Make, tmp_path: Path) -> None:
    import duckdb

    from suengine.casedata.folder import read_case_data

    out = tmp_path / "ut"
    write_output(ingest_delivery(delivery({"barn.csv": BARN_CSV})), out)
    path = out / "barn.parquet"
    with duckdb.connect() as connection:
        connection.execute(f"COPY (SELECT * REPLACE (CAST(födelsedatum AS VARCHAR) AS födelsedatum) FROM read_parquet('{path}')) TO '{path}.ny' (FORMAT parquet)")
    (out / "barn.parquet.ny").replace(path)
    with pytest.raises(SuengineError, match="fel datatyp i födelsedatum"):
        read_case_data(out)
